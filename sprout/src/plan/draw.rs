//! The foreign-key graph as text: Mermaid or Graphviz DOT, with each table's place in the
//! insertion order and the keys where cycles are broken drawn dashed.

use super::graph::{BreakKind, InsertOrder};
use crate::schema::Schema;

/// A Mermaid `flowchart`: `child -->|columns| parent`, broken keys dashed and labelled.
pub fn mermaid(schema: &Schema, order: &InsertOrder) -> String {
    let mut out = String::from("flowchart LR\n");
    let id = |name: &str| {
        format!(
            "t{}",
            order
                .tables
                .iter()
                .position(|t| t == name)
                .unwrap_or(usize::MAX)
        )
    };
    for (i, table) in order.tables.iter().enumerate() {
        out.push_str(&format!(
            "  {}[\"{}. {}\"]\n",
            id(table),
            i + 1,
            escape(table)
        ));
    }
    for table in &schema.tables {
        for (k, fk) in table.foreign_keys.iter().enumerate() {
            if schema.table(&fk.ref_table).is_none() {
                continue;
            }
            let columns = escape(&fk.columns.join(", "));
            let line = match order.broken_kind(&table.name, k) {
                Some(kind) => format!(
                    "  {} -.->|\"{columns} ({})\"| {}\n",
                    id(&table.name),
                    kind_text(kind),
                    id(&fk.ref_table)
                ),
                None => format!(
                    "  {} -->|\"{columns}\"| {}\n",
                    id(&table.name),
                    id(&fk.ref_table)
                ),
            };
            out.push_str(&line);
        }
    }
    out
}

/// A Graphviz digraph: `child -> parent [label=columns]`, broken keys dashed and labelled.
pub fn dot(schema: &Schema, order: &InsertOrder) -> String {
    let mut out = String::from("digraph schema {\n  rankdir=LR;\n  node [shape=box];\n");
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    for (i, table) in order.tables.iter().enumerate() {
        out.push_str(&format!(
            "  {} [label={}];\n",
            quoted(table),
            quoted(&format!("{}. {table}", i + 1))
        ));
    }
    for table in &schema.tables {
        for (k, fk) in table.foreign_keys.iter().enumerate() {
            if schema.table(&fk.ref_table).is_none() {
                continue;
            }
            let columns = fk.columns.join(", ");
            let attributes = match order.broken_kind(&table.name, k) {
                Some(kind) => format!(
                    "label={}, style=dashed",
                    quoted(&format!("{columns} ({})", kind_text(kind)))
                ),
                None => format!("label={}", quoted(&columns)),
            };
            out.push_str(&format!(
                "  {} -> {} [{attributes}];\n",
                quoted(&table.name),
                quoted(&fk.ref_table)
            ));
        }
    }
    out.push_str("}\n");
    out
}

fn kind_text(kind: BreakKind) -> &'static str {
    match kind {
        BreakKind::NullThenUpdate => "cycle broken: NULL, then UPDATE",
        BreakKind::Deferred => "cycle broken: deferred",
        BreakKind::Suspended => "cycle broken: checks suspended",
    }
}

fn escape(text: &str) -> String {
    text.replace('"', "#quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::graph::insert_order;
    use crate::schema::Dialect;
    use crate::source::ddl;

    #[test]
    fn draws_order_and_broken_cycles() {
        let schema = ddl::parse(
            "CREATE TABLE clinic (id int PRIMARY KEY, head_id int REFERENCES provider);
             CREATE TABLE provider (id int PRIMARY KEY, clinic_id int NOT NULL REFERENCES clinic);",
            Dialect::Postgres,
        )
        .unwrap()
        .schema;
        let order = insert_order(&schema).unwrap();
        let m = mermaid(&schema, &order);
        assert!(
            m.contains("t0[\"1. clinic\"]") && m.contains("t1[\"2. provider\"]"),
            "{m}"
        );
        assert!(
            m.contains("t0 -.->|\"head_id (cycle broken: NULL, then UPDATE)\"| t1"),
            "{m}"
        );
        assert!(m.contains("t1 -->|\"clinic_id\"| t0"), "{m}");
        let d = dot(&schema, &order);
        assert!(d.contains("\"clinic\" -> \"provider\" [label=\"head_id (cycle broken: NULL, then UPDATE)\", style=dashed];"), "{d}");
    }
}
