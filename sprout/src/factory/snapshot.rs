//! A model that knows its table from the committed snapshot (`.sprout/schema.json`). The
//! derive checks the struct against the snapshot at compile time and embeds the table with its
//! parents (as JSON); here that JSON becomes a [`Schema`] once per program, the struct's fields
//! take the column's type, nullability and keys from it ([`ModelInfo::with_snapshot`]), and an
//! insert makes the parents its foreign keys need from the snapshot alone
//! ([`insert_parents`]): no `fk = ..` attribute and no struct for the parent table.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::{LazyLock, Mutex, PoisonError};

use super::{Context, FieldInfo, Insert, ModelInfo, SyncInsert, finish_row};
use crate::error::{Error, Result};
use crate::schema::{Schema, Table};
use crate::value::Value;

/// Parsed snapshots by the address of their embedded JSON, and the models of whole tables (a
/// parent made without a struct) by schema address and table: both live for the program.
type Parsed = HashMap<usize, &'static Schema>;
static PARSED: LazyLock<Mutex<Parsed>> = LazyLock::new(Default::default);
static TABLE_MODELS: LazyLock<Mutex<HashMap<(usize, String), &'static ModelInfo>>> =
    LazyLock::new(Default::default);

/// The schema of a derive's embedded JSON, parsed on first use.
fn parse(json: &'static str) -> &'static Schema {
    let mut parsed = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
    parsed.entry(json.as_ptr() as usize).or_insert_with(|| {
        let mut schema: Schema = serde_json::from_str(json).unwrap_or_else(|e| {
            panic!("the schema snapshot embedded by #[derive(Sprout)] does not parse ({e}): build again with this version of sprout")
        });
        schema.normalize();
        Box::leak(Box::new(schema))
    })
}

impl ModelInfo {
    /// The model with its table as the snapshot declares it (`json`, embedded by the derive):
    /// each field takes its column's SQL type, nullability, key and UNIQUE flags, and a
    /// generated column is left to the database. The rows then meet every CHECK, length and
    /// enum label the database declares.
    pub fn with_snapshot(mut self, json: &'static str) -> ModelInfo {
        let schema = parse(json);
        if let Some(table) = schema.table(self.table) {
            for field in &mut self.fields {
                merge(field, table);
            }
        }
        self.snapshot = Some(schema);
        self
    }
}

fn merge(field: &mut FieldInfo, table: &Table) {
    let Some(column) = table.columns.iter().find(|c| c.name == field.column) else {
        return;
    };
    let own = |cols: &[String]| cols.len() == 1 && cols[0] == column.name;
    field.ty = column.ty.clone();
    field.nullable = column.nullable;
    field.pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name));
    field.unique = table
        .uniques
        .iter()
        .any(|u| u.predicate.is_none() && u.expressions.is_empty() && own(&u.columns));
    field.database_default |= column.generated.is_some();
}

/// The model of a whole table of `schema`: a field per column, named after it.
fn table_model(schema: &'static Schema, table: &'static Table) -> &'static ModelInfo {
    let key = (schema as *const Schema as usize, table.name.clone());
    let mut models = TABLE_MODELS.lock().unwrap_or_else(PoisonError::into_inner);
    models.entry(key).or_insert_with(|| {
        let fields = table
            .columns
            .iter()
            .map(|c| FieldInfo {
                field: c.name.as_str(),
                column: c.name.as_str(),
                ty: c.ty.clone(),
                labels: &[],
                nullable: c.nullable,
                pk: false,
                unique: false,
                fk: None,
                spec: None,
                null_rate: None,
                database_default: false,
                seq: None,
                with: None,
                faker: None,
            })
            .collect::<Vec<_>>();
        let mut info = ModelInfo {
            table: table.name.as_str(),
            fields,
            traits: Vec::new(),
            snapshot: Some(schema),
        };
        for field in &mut info.fields {
            merge(field, table);
        }
        Box::leak(Box::new(info))
    })
}

/// What an insert does about one foreign key of a snapshot model whose fields are unset.
enum Link {
    /// A nullable key: its fields are NULL.
    Null(Vec<&'static str>),
    /// A parent row is made in `table`; each field takes the cell at the index of the
    /// parent's row.
    Parent {
        table: &'static ModelInfo,
        fields: Vec<(&'static str, usize)>,
    },
}

/// The links of `info`'s foreign keys that no override or parent already set. `chain` holds
/// the tables whose rows are being made (a key back into it can only be NULL).
fn links(
    info: &ModelInfo,
    overrides: &BTreeMap<&'static str, Value>,
    chain: &[&str],
) -> Result<Vec<Link>> {
    let Some(schema) = info.snapshot else {
        return Ok(Vec::new());
    };
    let Some(table) = schema.table(info.table) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for fk in &table.foreign_keys {
        let fields: Option<Vec<&FieldInfo>> = fk
            .columns
            .iter()
            .map(|c| info.fields.iter().find(|f| f.column == c))
            .collect();
        let Some(fields) = fields else {
            continue; // a key the struct does not read: the database's default
        };
        if fields.iter().any(|f| overrides.contains_key(f.field)) {
            continue;
        }
        let names: Vec<&'static str> = fields.iter().map(|f| f.field).collect();
        if fields.iter().any(|f| f.nullable) {
            out.push(Link::Null(names));
            continue;
        }
        let Some(parent) = schema.table(&fk.ref_table) else {
            continue; // a parent outside the snapshot's tables: nothing to make it from
        };
        if fk.ref_table == info.table || chain.contains(&fk.ref_table.as_str()) {
            return Err(Error::Unsatisfiable(format!(
                "{}: the NOT NULL key ({}) leads back to {} through {}: no parent row can be made first\n  fix: set the field, or make the key nullable",
                info.table,
                fk.columns.join(", "),
                fk.ref_table,
                chain.join(" -> ")
            )));
        }
        let parent_model = table_model(schema, parent);
        let positions = fk.ref_columns.iter().map(|rc| {
            parent_model
                .fields
                .iter()
                .position(|f| f.column == rc)
                .unwrap_or(0)
        });
        out.push(Link::Parent {
            table: parent_model,
            fields: names.into_iter().zip(positions).collect(),
        });
    }
    Ok(out)
}

/// The next row of a whole-table model, its own parents set in `overrides`.
fn next_row(
    model: &'static ModelInfo,
    overrides: &BTreeMap<&'static str, Value>,
) -> Result<Vec<Value>> {
    Context::with_current(|ctx| {
        let (n, row) = ctx.next_row(model)?;
        finish_row(model, ctx.seed(), n, row, &[], overrides)
    })
}

/// Sets the foreign-key fields of a snapshot model that nothing set yet: NULL for a nullable
/// key, else the key of a parent row made (with its own parents, first) from the snapshot and
/// inserted through `pool`. A model without a snapshot has nothing to do here. The derive's
/// `insert` calls it after the parents of `fk = Model` fields.
pub fn insert_parents<'a, P: Insert>(
    info: &'a ModelInfo,
    overrides: &'a mut BTreeMap<&'static str, Value>,
    pool: &'a P,
) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>> {
    Box::pin(parents_async(info, overrides, pool, Vec::new()))
}

async fn parents_async<P: Insert>(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    pool: &P,
    mut chain: Vec<&'static str>,
) -> Result<()> {
    let links = links(info, overrides, &chain)?;
    chain.push(
        info.snapshot
            .and_then(|s| s.table(info.table))
            .map_or("", |t| t.name.as_str()),
    );
    for link in links {
        match link {
            Link::Null(fields) => fields.into_iter().for_each(|f| {
                overrides.insert(f, Value::Null);
            }),
            Link::Parent { table, fields } => {
                let mut own = BTreeMap::new();
                Box::pin(parents_async(table, &mut own, pool, chain.clone())).await?;
                let row = next_row(table, &own)?;
                pool.insert_row(table, &row).await?;
                for (field, at) in fields {
                    overrides.insert(field, row[at].clone());
                }
            }
        }
    }
    Ok(())
}

/// [`insert_parents`] through a blocking connection (the derive's `insert_sync`).
pub fn insert_parents_sync<C: SyncInsert>(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    conn: &mut C,
) -> Result<()> {
    parents_sync(info, overrides, conn, Vec::new())
}

fn parents_sync<C: SyncInsert>(
    info: &ModelInfo,
    overrides: &mut BTreeMap<&'static str, Value>,
    conn: &mut C,
    mut chain: Vec<&'static str>,
) -> Result<()> {
    let links = links(info, overrides, &chain)?;
    chain.push(
        info.snapshot
            .and_then(|s| s.table(info.table))
            .map_or("", |t| t.name.as_str()),
    );
    for link in links {
        match link {
            Link::Null(fields) => fields.into_iter().for_each(|f| {
                overrides.insert(f, Value::Null);
            }),
            Link::Parent { table, fields } => {
                let mut own = BTreeMap::new();
                parents_sync(table, &mut own, conn, chain.clone())?;
                let row = next_row(table, &own)?;
                conn.insert_row_sync(table, &row)?;
                for (field, at) in fields {
                    overrides.insert(field, row[at].clone());
                }
            }
        }
    }
    Ok(())
}
