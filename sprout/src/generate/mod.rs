//! Row generation: every table of a [`Plan`], in insertion order, every cell a pure function
//! of (seed, table, column, row, attempt).
//!
//! [`generate`] returns a [`Dataset`]: the final rows of every table. Foreign keys at which a
//! cycle is broken are listed per table ([`TableRows::deferred`]): writers insert NULL there
//! first and UPDATE the real parent once every table exists.

mod ahead;
pub mod eval;
pub mod table;
pub mod values;

// The value layer, under `plan`, by the names it had when it lived here.
pub use crate::value::{RowSink, Value, named_types, pattern, rng};
/// Generated cell values ([`crate::value`]).
pub mod value {
    pub use crate::value::Value;
}

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Result;
use crate::plan::Plan;
use crate::plan::graph::BreakKind;
use crate::plan::spec::Generator;
use crate::schema::Dialect;
use crate::value::rng::Cell;
use table::{KeyPool, generate_table};

/// The generated rows of one table.
#[derive(Debug, Clone, Serialize)]
pub struct TableRows {
    /// Table name.
    pub name: String,
    /// Every column of the table, in order.
    pub columns: Vec<String>,
    /// Whether sprout writes the column (false: left to the database, e.g. generated columns).
    pub written: Vec<bool>,
    /// Foreign keys written as NULL at insert and set by an UPDATE afterwards (column lists).
    pub deferred: Vec<Vec<String>>,
    /// Rows in their final state.
    pub rows: Vec<Vec<Value>>,
}

/// Generated rows for every table, in insertion order.
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    /// The dialect of the schema.
    pub dialect: Dialect,
    /// Tables in insertion order.
    pub tables: Vec<TableRows>,
}

impl Dataset {
    /// The rows of `name`.
    pub fn table(&self, name: &str) -> Option<&TableRows> {
        self.tables.iter().find(|t| t.name == name)
    }
}

impl TableRows {
    /// The position of `column`.
    pub fn column_index(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == column)
    }
}

/// Generates every table of the plan into `sink`.
pub fn generate_into(plan: &Plan, sink: &mut dyn RowSink) -> Result<()> {
    let referenced = referenced_columns(plan);
    let last_use = last_use(plan);
    let mut pools: HashMap<String, KeyPool> = HashMap::new();
    // Primary keys of rows whose broken-cycle foreign keys are set after every table exists.
    let mut deferred_keys: HashMap<String, Vec<Vec<Value>>> = HashMap::new();
    for (at, name) in plan.order.tables.iter().enumerate() {
        if !plan.is_target(name) {
            // Not seeded now: children reference the rows already there.
            let existing = plan.existing.get(name).cloned().unwrap_or_default();
            pools.insert(name.clone(), KeyPool::new(existing.columns, existing.rows));
            continue;
        }
        let table = plan
            .schema
            .table(name)
            .expect("the order names schema tables");
        let written: Vec<bool> = table
            .columns
            .iter()
            .map(|c| {
                !matches!(
                    plan.spec.column(name, &c.name).map(|s| &s.generator),
                    Some(Generator::DatabaseDefault) | None
                )
            })
            .collect();
        let deferred: Vec<Vec<String>> = plan
            .order
            .broken
            .iter()
            .filter(|e| &e.table == name && e.kind == BreakKind::NullThenUpdate)
            .map(|e| e.columns.clone())
            .collect();
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        tracing::info!(target: "sprout::generate", table = %name, rows = plan.rows_of(name), "generating");
        sink.begin_table(name, &columns, &written, &deferred)?;
        let key_positions: Vec<usize> = table
            .primary_key
            .iter()
            .flat_map(|pk| pk.columns.iter())
            .filter_map(|c| columns.iter().position(|k| k == c))
            .collect();
        let mut keys = Vec::new();
        let wanted = referenced.get(name).cloned().unwrap_or_default();
        let pool = generate_table(plan, table, &pools, &wanted, |row| {
            if !deferred.is_empty() {
                keys.push(key_positions.iter().map(|&p| row[p].clone()).collect());
            }
            sink.row(row)
        })?;
        sink.end_table()?;
        pools.insert(name.clone(), pool);
        // Keys no later table picks from are dropped: memory holds only the pools still ahead.
        pools.retain(|parent, _| last_use.get(parent.as_str()).is_some_and(|&last| last > at));
        if !deferred.is_empty() {
            deferred_keys.insert(name.clone(), keys);
        }
    }
    close_broken_cycles(plan, &pools, &deferred_keys, sink)
}

/// Generates every table of the plan and keeps the rows.
pub fn generate(plan: &Plan) -> Result<Dataset> {
    let mut collector = Collector::default();
    generate_into(plan, &mut collector)?;
    Ok(collector.into_dataset(plan.schema.dialect))
}

/// The [`RowSink`] behind [`generate`]: keeps every row, updates applied.
#[derive(Default)]
pub(crate) struct Collector {
    tables: Vec<TableRows>,
}

impl Collector {
    /// The rows kept.
    pub(crate) fn into_dataset(self, dialect: Dialect) -> Dataset {
        Dataset {
            dialect,
            tables: self.tables,
        }
    }
}

impl RowSink for Collector {
    fn begin_table(
        &mut self,
        table: &str,
        columns: &[String],
        written: &[bool],
        deferred: &[Vec<String>],
    ) -> Result<()> {
        self.tables.push(TableRows {
            name: table.to_string(),
            columns: columns.to_vec(),
            written: written.to_vec(),
            deferred: deferred.to_vec(),
            rows: Vec::new(),
        });
        Ok(())
    }

    fn row(&mut self, values: Vec<Value>) -> Result<()> {
        self.tables
            .last_mut()
            .expect("a table has begun")
            .rows
            .push(values);
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        Ok(())
    }

    fn update(
        &mut self,
        table: &str,
        row: usize,
        _key: &[(String, Value)],
        set: &[(String, Value)],
    ) -> Result<()> {
        let rows = self
            .tables
            .iter_mut()
            .find(|t| t.name == table)
            .expect("updates follow their table");
        for (column, value) in set {
            let i = rows.column_index(column).expect("updated columns exist");
            rows.rows[row][i] = value.clone();
        }
        Ok(())
    }
}

/// For every table, the columns that some foreign key references.
pub(crate) fn referenced_columns(plan: &Plan) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for table in &plan.schema.tables {
        for fk in &table.foreign_keys {
            let entry = out.entry(fk.ref_table.clone()).or_default();
            for column in &fk.ref_columns {
                if !entry.contains(column) {
                    entry.push(column.clone());
                }
            }
        }
    }
    out
}

/// For every table, the position in the insertion order of the last table that picks parents
/// from it (`usize::MAX` when a broken cycle picks from it after every table exists).
fn last_use(plan: &Plan) -> HashMap<&str, usize> {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (at, name) in plan.order.tables.iter().enumerate() {
        for fk in plan.schema.table(name).iter().flat_map(|t| &t.foreign_keys) {
            let entry = last.entry(fk.ref_table.as_str()).or_default();
            *entry = (*entry).max(at);
        }
    }
    for edge in &plan.order.broken {
        if let Some(fk) = plan
            .schema
            .table(&edge.table)
            .and_then(|t| t.foreign_keys.get(edge.fk))
        {
            last.insert(fk.ref_table.as_str(), usize::MAX);
        }
    }
    last
}

/// Sets the foreign keys of broken cycles now that every parent exists.
fn close_broken_cycles(
    plan: &Plan,
    pools: &HashMap<String, KeyPool>,
    deferred_keys: &HashMap<String, Vec<Vec<Value>>>,
    sink: &mut dyn RowSink,
) -> Result<()> {
    for edge in plan
        .order
        .broken
        .iter()
        .filter(|e| e.kind == BreakKind::NullThenUpdate)
    {
        let table = plan
            .schema
            .table(&edge.table)
            .expect("broken edges name tables");
        let fk = &table.foreign_keys[edge.fk];
        let Some(pool) = pools.get(&fk.ref_table).filter(|p| !p.is_empty()) else {
            continue;
        };
        let null_rate = plan
            .spec
            .column(&table.name, &fk.columns[0])
            .and_then(|s| s.null_rate)
            .unwrap_or(plan.null_rate);
        let ref_positions: Vec<usize> = fk
            .ref_columns
            .iter()
            .map(|c| {
                pool.columns
                    .iter()
                    .position(|k| k == c)
                    .expect("referenced column pooled")
            })
            .collect();
        let key_names: Vec<String> = table
            .primary_key
            .iter()
            .flat_map(|pk| pk.columns.clone())
            .collect();
        let purpose = format!("#later:{}", fk.columns.join(","));
        let null_purpose = format!("{purpose}#null");
        for (row, key) in deferred_keys
            .get(&edge.table)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let rng_of = |column: &str| {
                Cell {
                    seed: plan.seed,
                    table: &table.name,
                    column,
                    row: row as u64,
                    attempt: 0,
                }
                .rng()
            };
            if rng_of(&null_purpose).chance(null_rate) {
                continue;
            }
            let parent = rng_of(&purpose).below(pool.len() as u64) as usize;
            let set: Vec<(String, Value)> = fk
                .columns
                .iter()
                .zip(&ref_positions)
                .map(|(c, &r)| {
                    let value = pool
                        .value(parent, r)
                        .expect("a row below the pool's length");
                    (c.clone(), value)
                })
                .collect();
            let key: Vec<(String, Value)> =
                key_names.iter().cloned().zip(key.iter().cloned()).collect();
            sink.update(&table.name, row, &key, &set)?;
        }
    }
    Ok(())
}
