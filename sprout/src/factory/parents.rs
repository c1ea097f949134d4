//! The parents an insert needs: for every foreign key the builder left unset, a parent row made
//! first (from the snapshot's table, its own parents before it), NULL for a nullable key, or,
//! with `.existing()`, a row already in the database.
//!
//! Which rows to make is decided first, without the database ([`plan`]: pure, in the order the
//! rows are inserted, so the context hands out the same rows either way); the async and the
//! blocking insert then only carry the steps out ([`insert_parents`], [`insert_parents_sync`]).

use std::collections::BTreeMap;

use super::snapshot::table_model;
use super::{Context, FieldInfo, Insert, ModelInfo, Reference, SyncInsert, finish_row};
use crate::error::{Error, Result};
use crate::value::Value;

/// A parent key taken from the rows already in the database (`.existing()`).
#[derive(Debug, Clone)]
pub struct ParentKey {
    /// The table whose row is being made (for the error).
    pub child: &'static str,
    /// The referenced table.
    pub table: &'static str,
    /// Its referenced columns.
    pub columns: Vec<&'static str>,
    /// The referencing fields, in the columns' order.
    pub fields: Vec<&'static str>,
    /// With no row there: NULL (a nullable key) or an error.
    pub nullable: bool,
}

impl ParentKey {
    /// Reads the candidates through `pool` and sets the fields in `overrides`.
    pub async fn take<P: Insert>(
        &self,
        pool: &P,
        overrides: &mut BTreeMap<&'static str, Value>,
    ) -> Result<()> {
        let rows = pool.existing_rows(self.table, &self.columns).await?;
        self.set(rows, overrides)
    }

    /// [`ParentKey::take`] through a blocking connection.
    pub fn take_sync<C: SyncInsert>(
        &self,
        conn: &mut C,
        overrides: &mut BTreeMap<&'static str, Value>,
    ) -> Result<()> {
        let rows = conn.existing_rows_sync(self.table, &self.columns)?;
        self.set(rows, overrides)
    }

    /// One of `rows`, picked by the current context (the seed, the key and how many were picked
    /// before), into the fields.
    fn set(
        &self,
        rows: Vec<Vec<Value>>,
        overrides: &mut BTreeMap<&'static str, Value>,
    ) -> Result<()> {
        let what = format!("{}({})->{}", self.child, self.fields.join(","), self.table);
        let row = match rows.len() {
            0 if self.nullable => vec![Value::Null; self.fields.len()],
            0 => {
                return Err(Error::Unsatisfiable(format!(
                    "{}.{}: .existing() found no row in {} to reference\n  fix: insert {} rows first, or build without .existing() to make a parent",
                    self.child,
                    self.fields.join(", "),
                    self.table,
                    self.table
                )));
            }
            n => {
                let at = Context::with_current(|ctx| ctx.pick(&what)) % n as u64;
                rows.into_iter().nth(at as usize).unwrap_or_default()
            }
        };
        for (field, cell) in self.fields.iter().zip(row) {
            overrides.insert(field, cell);
        }
        Ok(())
    }
}

/// One foreign key of a model whose fields nothing set yet.
struct Link {
    /// The referenced table and columns.
    table: &'static str,
    columns: Vec<&'static str>,
    /// A model of the referenced table to make a parent from: the snapshot's whole table, the
    /// `fk = Parent` model, or a model registered for the table by its derive; `None` when
    /// there is none (only NULL, or an existing row, can be said of the key).
    parent: Option<&'static ModelInfo>,
    /// The referencing fields.
    fields: Vec<&'static str>,
    /// Some field of the key is nullable.
    nullable: bool,
}

/// The links of `info`'s foreign keys that no override or parent already set: those of its
/// table in the snapshot, then those its fields declare (`fk = ..`, `belongs_to`, sea-orm
/// relations).
fn links(info: &ModelInfo, overrides: &BTreeMap<&'static str, Value>) -> Vec<Link> {
    let unset = |fields: &[&FieldInfo]| !fields.iter().any(|f| overrides.contains_key(f.field));
    let mut out: Vec<Link> = Vec::new();
    if let Some(schema) = info.snapshot
        && let Some(table) = schema.table(info.table)
    {
        for fk in &table.foreign_keys {
            let fields: Option<Vec<&FieldInfo>> = fk
                .columns
                .iter()
                .map(|c| info.fields.iter().find(|f| f.column == c))
                .collect();
            // A key the struct does not read is the database's default.
            let Some(fields) = fields.filter(|f| unset(f)) else {
                continue;
            };
            out.push(Link {
                table: fk.ref_table.as_str(),
                columns: fk.ref_columns.iter().map(String::as_str).collect(),
                parent: schema.table(&fk.ref_table).map(|t| table_model(schema, t)),
                fields: fields.iter().map(|f| f.field).collect(),
                nullable: fields.iter().any(|f| f.nullable),
            });
        }
    }
    for field in &info.fields {
        let Some(reference) = &field.fk else { continue };
        if !unset(&[field]) || out.iter().any(|l| l.fields.contains(&field.field)) {
            continue;
        }
        let (parent, table, column) = match reference {
            Reference::Model(parent) => {
                let parent = parent();
                (Some(parent), parent.table, parent.key_column())
            }
            Reference::Column(table, column) => {
                (super::registry::model_of_table(table), *table, *column)
            }
        };
        out.push(Link {
            table,
            columns: vec![column],
            parent,
            fields: vec![field.field],
            nullable: field.nullable,
        });
    }
    out
}

/// The index of each of `columns` among `parent`'s fields.
fn positions(parent: &ModelInfo, columns: &[&str]) -> Vec<usize> {
    columns
        .iter()
        .map(|c| {
            parent
                .fields
                .iter()
                .position(|f| f.column == *c)
                .unwrap_or(0)
        })
        .collect()
}

/// One thing an insert does before its own row.
enum Step {
    /// Insert this row of a parent table (its fields already copied into the child).
    Insert(&'static ModelInfo, Vec<Value>),
    /// Take a row already there.
    Existing(ParentKey),
}

/// The steps that set every foreign key of `info` that `overrides` leaves unset, parents
/// first; the keys of rows made are set in `overrides` now, those of existing rows when taken.
fn plan(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    existing: bool,
) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    plan_into(info, overrides, existing, &mut vec![info.table], &mut steps)?;
    Ok(steps)
}

fn plan_into(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    existing: bool,
    chain: &mut Vec<&'static str>,
    steps: &mut Vec<Step>,
) -> Result<()> {
    for link in links(info, overrides) {
        if existing {
            steps.push(Step::Existing(ParentKey {
                child: info.table,
                table: link.table,
                columns: link.columns,
                fields: link.fields,
                nullable: link.nullable,
            }));
            continue;
        }
        if link.nullable {
            for field in &link.fields {
                overrides.insert(field, Value::Null);
            }
            continue;
        }
        // Nothing to make the parent from: the field's own value stays.
        let Some(parent) = link.parent else { continue };
        if chain.contains(&parent.table) {
            return Err(Error::Unsatisfiable(format!(
                "{}: the NOT NULL key ({}) leads back to {} through {}: no parent row can be made first\n  fix: set the field, or make the key nullable",
                info.table,
                link.fields.join(", "),
                parent.table,
                chain.join(" -> ")
            )));
        }
        let mut own = BTreeMap::new();
        chain.push(parent.table);
        plan_into(parent, &mut own, false, chain, steps)?;
        chain.pop();
        let row = Context::with_current(|ctx| {
            let (n, row) = ctx.next_row(parent)?;
            finish_row(parent, ctx.seed(), n, row, &[], &own)
        })?;
        for (field, at) in link.fields.iter().zip(positions(parent, &link.columns)) {
            overrides.insert(field, row[at].clone());
        }
        steps.push(Step::Insert(parent, row));
    }
    Ok(())
}

/// Sets the foreign-key fields of a model that nothing set yet: NULL for a nullable key, else
/// the key of a parent row made (with its own parents, first) from the snapshot's table or a
/// model of the parent table, and inserted through `pool`; with `existing`, a row already in
/// the parent table instead. The derive's `insert` calls it after the parents of `fk = Model`
/// fields.
pub async fn insert_parents<P: Insert>(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    existing: bool,
    pool: &P,
) -> Result<()> {
    for step in plan(info, overrides, existing)? {
        match step {
            Step::Insert(parent, row) => pool.insert_row(parent, &row).await?,
            Step::Existing(key) => key.take(pool, overrides).await?,
        }
    }
    Ok(())
}

/// [`insert_parents`] through a blocking connection (the derive's `insert_sync`).
pub fn insert_parents_sync<C: SyncInsert>(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    existing: bool,
    conn: &mut C,
) -> Result<()> {
    for step in plan(info, overrides, existing)? {
        match step {
            Step::Insert(parent, row) => conn.insert_row_sync(parent, &row)?,
            Step::Existing(key) => key.take_sync(conn, overrides)?,
        }
    }
    Ok(())
}
