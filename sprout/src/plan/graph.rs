//! The foreign-key graph: insertion order, and the cycles broken to get one.
//!
//! Tables are nodes; every foreign key between two different tables is an edge from parent to
//! child. Strongly connected components (petgraph's Tarjan) are the cycles; each is broken at a
//! nullable foreign key (insert NULL, then UPDATE once the parent exists) or, failing that, at
//! a DEFERRABLE one (checked at commit). Self-references are not edges: rows point to earlier
//! rows of their own table. The order is Kahn's algorithm taking the alphabetically first ready
//! table, so it is the same on every run.

use std::collections::{BTreeSet, HashMap};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::schema::{Deferrable, Schema};

/// How a cycle was broken at one foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BreakKind {
    /// Insert NULL, then UPDATE the real parent after the parent table is filled.
    NullThenUpdate,
    /// Insert the real values inside one transaction with the constraint deferred.
    Deferred,
    /// Insert the real values with foreign-key checks suspended for the session (live MySQL,
    /// SQLite and, where permitted, PostgreSQL), and check the keys before committing.
    Suspended,
}

/// One foreign key where a cycle is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenEdge {
    /// The referencing table.
    pub table: String,
    /// Index of the foreign key in `Table::foreign_keys`.
    pub fk: usize,
    /// Its columns, for messages.
    pub columns: Vec<String>,
    /// The referenced table.
    pub ref_table: String,
    /// How it is broken.
    pub kind: BreakKind,
}

/// The insertion order of a schema's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InsertOrder {
    /// Table names, parents before children.
    pub tables: Vec<String>,
    /// The foreign keys at which cycles are broken.
    pub broken: Vec<BrokenEdge>,
}

impl InsertOrder {
    /// How the foreign key `fk` of `table` is broken, if it is.
    pub fn broken_kind(&self, table: &str, fk: usize) -> Option<BreakKind> {
        self.broken
            .iter()
            .find(|b| b.table == table && b.fk == fk)
            .map(|b| b.kind)
    }
}

/// Orders `schema`'s tables for insertion, breaking cycles where the schema allows it.
pub fn insert_order(schema: &Schema) -> Result<InsertOrder> {
    insert_order_with(schema, false)
}

/// [`insert_order`]; with `suspend` a cycle with no nullable and no DEFERRABLE key is broken
/// anyway, for a writer that suspends foreign-key checks.
pub fn insert_order_with(schema: &Schema, suspend: bool) -> Result<InsertOrder> {
    let index: HashMap<&str, usize> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // Every inter-table foreign key: (child, parent, fk index).
    let mut edges: Vec<(usize, usize, usize)> = Vec::new();
    for (child, table) in schema.tables.iter().enumerate() {
        for (fk_index, fk) in table.foreign_keys.iter().enumerate() {
            if let Some(&parent) = index.get(fk.ref_table.as_str())
                && parent != child
            {
                edges.push((child, parent, fk_index));
            }
        }
    }
    let mut broken = Vec::new();
    loop {
        let graph = build_graph(schema.tables.len(), &edges);
        let cycle = tarjan_scc(&graph)
            .into_iter()
            .map(|component| {
                let mut ids: Vec<usize> = component.into_iter().map(|n| n.index()).collect();
                ids.sort();
                ids
            })
            .filter(|component| component.len() > 1)
            .min();
        let Some(component) = cycle else { break };
        let inside: Vec<(usize, usize, usize)> = edges
            .iter()
            .copied()
            .filter(|(c, p, _)| component.contains(c) && component.contains(p))
            .collect();
        let breakable = |kind: BreakKind| {
            inside.iter().copied().find(|&(child, _, fk)| {
                let table = &schema.tables[child];
                let key = &table.foreign_keys[fk];
                match kind {
                    BreakKind::NullThenUpdate => table.fk_nullable(key),
                    BreakKind::Deferred => key.deferrable != Deferrable::No,
                    BreakKind::Suspended => suspend,
                }
            })
        };
        let chosen = [
            BreakKind::NullThenUpdate,
            BreakKind::Deferred,
            BreakKind::Suspended,
        ]
        .into_iter()
        .find_map(|kind| breakable(kind).map(|edge| (edge, kind)));
        let Some(((child, parent, fk), kind)) = chosen else {
            return Err(cycle_error(schema, &inside));
        };
        broken.push(BrokenEdge {
            table: schema.tables[child].name.clone(),
            fk,
            columns: schema.tables[child].foreign_keys[fk].columns.clone(),
            ref_table: schema.tables[parent].name.clone(),
            kind,
        });
        edges.retain(|&(c, _, f)| !(c == child && f == fk));
    }
    Ok(InsertOrder {
        tables: kahn(schema, &edges),
        broken,
    })
}

fn build_graph(nodes: usize, edges: &[(usize, usize, usize)]) -> DiGraph<(), ()> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(nodes, edges.len());
    for _ in 0..nodes {
        graph.add_node(());
    }
    for &(child, parent, _) in edges {
        graph.add_edge(NodeIndex::new(parent), NodeIndex::new(child), ());
    }
    graph
}

/// Topological order taking the alphabetically first ready table each time.
fn kahn(schema: &Schema, edges: &[(usize, usize, usize)]) -> Vec<String> {
    let n = schema.tables.len();
    let mut waiting_on = vec![BTreeSet::new(); n];
    for &(child, parent, _) in edges {
        waiting_on[child].insert(parent);
    }
    let mut ready: BTreeSet<(&str, usize)> = (0..n)
        .filter(|&i| waiting_on[i].is_empty())
        .map(|i| (schema.tables[i].name.as_str(), i))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some((name, done)) = ready.pop_first() {
        order.push(name.to_string());
        for (child, parents) in waiting_on.iter_mut().enumerate() {
            if parents.remove(&done) && parents.is_empty() {
                ready.insert((schema.tables[child].name.as_str(), child));
            }
        }
    }
    order
}

fn cycle_error(schema: &Schema, edges: &[(usize, usize, usize)]) -> Error {
    let mut keys: Vec<String> = edges
        .iter()
        .map(|&(child, parent, fk)| {
            let table = &schema.tables[child];
            format!(
                "{}({}) -> {}",
                table.name,
                table.foreign_keys[fk].columns.join(", "),
                schema.tables[parent].name
            )
        })
        .collect();
    keys.sort();
    Error::Unsatisfiable(format!(
        "foreign-key cycle with no nullable and no DEFERRABLE key: {}\n  fix: make one of these columns nullable, declare its foreign key DEFERRABLE, \
         or seed a live MySQL/PostgreSQL database where sprout can suspend foreign-key checks",
        keys.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;
    use crate::source::ddl;

    fn order(sql: &str) -> Result<InsertOrder> {
        insert_order(&ddl::parse(sql, Dialect::Postgres).unwrap().schema)
    }

    #[test]
    fn parents_come_first_in_a_stable_order() {
        let o = order(
            "CREATE TABLE c (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b, a_id int NOT NULL REFERENCES a);
             CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a);
             CREATE TABLE a (id int PRIMARY KEY, parent_id int REFERENCES a);",
        )
        .unwrap();
        assert_eq!(o.tables, ["a", "b", "c"]);
        assert!(
            o.broken.is_empty(),
            "a self-reference is not a cycle to break"
        );
    }

    #[test]
    fn a_cycle_breaks_at_the_nullable_key() {
        let o = order(
            "CREATE TABLE clinic (id int PRIMARY KEY, head_id int REFERENCES provider);
             CREATE TABLE provider (id int PRIMARY KEY, clinic_id int NOT NULL REFERENCES clinic);",
        )
        .unwrap();
        assert_eq!(o.tables, ["clinic", "provider"]);
        assert_eq!(o.broken[0].table, "clinic");
        assert_eq!(o.broken[0].kind, BreakKind::NullThenUpdate);
    }

    #[test]
    fn a_cycle_breaks_at_a_deferrable_key() {
        let o = order(
            "CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b DEFERRABLE INITIALLY DEFERRED);
             CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a);",
        )
        .unwrap();
        assert_eq!(o.broken[0].kind, BreakKind::Deferred);
        assert_eq!(o.tables, ["a", "b"]);
    }

    #[test]
    fn an_unbreakable_cycle_names_every_key_and_the_fix() {
        let err = order(
            "CREATE TABLE staff (id int PRIMARY KEY, store_id int NOT NULL REFERENCES store);
             CREATE TABLE store (id int PRIMARY KEY, manager_id int NOT NULL REFERENCES staff);",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("staff(store_id) -> store"), "{err}");
        assert!(err.contains("store(manager_id) -> staff"), "{err}");
        assert!(err.contains("fix:"), "{err}");
    }
}
