//! Property tests over random schemas: generated data validates with 0 violations, the same
//! seed gives identical rows, another seed gives other rows.

use proptest::prelude::*;
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, generate, validate};

/// One random data column: its DDL, with `@` where the column's name goes.
fn column() -> impl Strategy<Value = String> {
    prop_oneof![
        (1i64..50, 51i64..500)
            .prop_map(|(lo, hi)| format!("n@ integer NOT NULL CHECK (n@ BETWEEN {lo} AND {hi})")),
        (4u32..40, any::<bool>()).prop_map(|(len, unique)| format!(
            "t@ varchar({len}) NOT NULL{}",
            if unique { " UNIQUE" } else { "" }
        )),
        Just("b@ boolean".to_string()),
        Just("d@ date NOT NULL".to_string()),
        Just("p@ numeric(8,2) NOT NULL CHECK (p@ > 0)".to_string()),
        Just("s@ text CHECK (s@ IN ('x', 'y', 'z'))".to_string()),
        Just("lo@ integer NOT NULL, hi@ integer NOT NULL, CHECK (hi@ > lo@)".to_string()),
    ]
}

/// A table `t{i}` with a serial key, 1..4 data columns, and foreign keys to earlier tables.
fn table(i: usize) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(column(), 1..4),
        prop::collection::vec((0..i.max(1), any::<bool>()), 0..=i.min(2)),
        any::<bool>(),
    )
        .prop_map(move |(columns, parents, self_ref)| {
            let mut parts = vec!["id serial PRIMARY KEY".to_string()];
            for (k, c) in columns.iter().enumerate() {
                // Make every column name unique within the table.
                parts.push(c.replace('@', &format!("_{k}")));
            }
            if i > 0 {
                for (k, (parent, nullable)) in parents.iter().enumerate() {
                    parts.push(format!(
                        "fk{k} integer{} REFERENCES tbl{parent} (id)",
                        if *nullable { "" } else { " NOT NULL" }
                    ));
                }
            }
            if self_ref {
                parts.push(format!("parent_id integer REFERENCES tbl{i} (id)"));
            }
            format!("CREATE TABLE tbl{i} ({});", parts.join(", "))
        })
}

fn schema_sql() -> impl Strategy<Value = String> {
    (1usize..5)
        .prop_flat_map(|n| (0..n).map(table).collect::<Vec<_>>())
        .prop_map(|tables| tables.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_schemas_generate_valid_deterministic_rows(sql in schema_sql(), rows in 3u64..40, seed in any::<u64>()) {
        let schema = ddl::parse(&sql, Dialect::Postgres).unwrap().schema;
        let options = |seed| PlanOptions { rows, seed, ..PlanOptions::default() };
        let plan = Plan::new(schema.clone(), options(seed)).unwrap();
        let data = generate(&plan).unwrap();
        let violations = validate(&schema, &data);
        prop_assert!(violations.is_empty(), "{}\n{}", sql, violations[0]);
        let again = generate(&Plan::new(schema.clone(), options(seed)).unwrap()).unwrap();
        prop_assert_eq!(format!("{:?}", data.tables), format!("{:?}", again.tables));
        let other = generate(&Plan::new(schema.clone(), options(seed.wrapping_add(1))).unwrap()).unwrap();
        prop_assert_ne!(format!("{:?}", data.tables), format!("{:?}", other.tables));
    }
}
