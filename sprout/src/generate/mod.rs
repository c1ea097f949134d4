//! Row generation: every table of a [`Plan`], in insertion order, every cell a pure function
//! of (seed, table, column, row, attempt).
//!
//! [`generate`] returns a [`Dataset`]: the final rows of every table. Foreign keys at which a
//! cycle is broken are listed per table ([`TableRows::deferred`]): writers insert NULL there
//! first and UPDATE the real parent once every table exists.

pub mod eval;
pub mod rng;
pub mod table;
pub mod value;
pub mod values;

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Result;
use crate::plan::Plan;
use crate::plan::graph::BreakKind;
use crate::plan::spec::Generator;
use crate::schema::Dialect;
use rng::Cell;
use table::{KeyPool, generate_table};
pub use value::Value;

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

/// Generates every table of the plan.
pub fn generate(plan: &Plan) -> Result<Dataset> {
    let referenced = referenced_columns(plan);
    let mut pools: HashMap<String, KeyPool> = HashMap::new();
    let mut tables = Vec::new();
    for name in &plan.order.tables {
        let table = plan
            .schema
            .table(name)
            .expect("the order names schema tables");
        let mut rows = Vec::with_capacity(plan.rows_of(name) as usize);
        let wanted = referenced.get(name).cloned().unwrap_or_default();
        let pool = generate_table(plan, table, &pools, &wanted, |row| rows.push(row))?;
        pools.insert(name.clone(), pool);
        let written = table
            .columns
            .iter()
            .map(|c| {
                !matches!(
                    plan.spec.column(name, &c.name).map(|s| &s.generator),
                    Some(Generator::DatabaseDefault) | None
                )
            })
            .collect();
        tables.push(TableRows {
            name: name.clone(),
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            written,
            deferred: Vec::new(),
            rows,
        });
    }
    fill_broken_cycles(plan, &pools, &mut tables);
    Ok(Dataset {
        dialect: plan.schema.dialect,
        tables,
    })
}

/// For every table, the columns that some foreign key references.
fn referenced_columns(plan: &Plan) -> HashMap<String, Vec<String>> {
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

/// Sets the foreign keys of broken cycles now that every parent exists.
fn fill_broken_cycles(plan: &Plan, pools: &HashMap<String, KeyPool>, tables: &mut [TableRows]) {
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
        let Some(pool) = pools.get(&fk.ref_table).filter(|p| !p.rows.is_empty()) else {
            continue;
        };
        let null_rate = plan
            .spec
            .column(&table.name, &fk.columns[0])
            .and_then(|s| s.null_rate)
            .unwrap_or(plan.null_rate);
        let rows = tables
            .iter_mut()
            .find(|t| t.name == edge.table)
            .expect("generated");
        let positions: Vec<usize> = fk
            .columns
            .iter()
            .map(|c| rows.column_index(c).expect("fk column"))
            .collect();
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
        let purpose = format!("#later:{}", fk.columns.join(","));
        for (row, values) in rows.rows.iter_mut().enumerate() {
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
            if rng_of(&format!("{purpose}#null")).chance(null_rate) {
                continue;
            }
            let parent = &pool.rows[rng_of(&purpose).below(pool.rows.len() as u64) as usize];
            for (&p, &r) in positions.iter().zip(&ref_positions) {
                values[p] = parent[r].clone();
            }
        }
        rows.deferred.push(fk.columns.clone());
    }
}
