//! Determinism: the same schema, options and seed give identical rows; another seed gives other
//! rows; adding a table and a column leaves every other column's values as they were.

use sprout::source::ddl;
use sprout::{Dataset, Dialect, Plan, PlanOptions, Schema, generate};
use sprout_tests::{first_rows, read, schema_file};

fn clinic() -> Schema {
    ddl::parse(
        &read(&schema_file("clinic.postgres.sql")),
        Dialect::Postgres,
    )
    .unwrap()
    .schema
}

fn rows(schema: &Schema, seed: u64, n: u64) -> Dataset {
    let plan = Plan::new(
        schema.clone(),
        PlanOptions {
            rows: n,
            seed,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    generate(&plan).unwrap()
}

#[test]
fn same_seed_same_rows_other_seed_other_rows() {
    let schema = clinic();
    let a = first_rows(&rows(&schema, 42, 300), 300);
    let b = first_rows(&rows(&schema, 42, 300), 300);
    assert_eq!(a, b);
    let c = first_rows(&rows(&schema, 43, 300), 300);
    assert_ne!(a["provider"], c["provider"]);
    assert_ne!(a["patient"], c["patient"]);
}

#[test]
fn first_rows_are_pinned() {
    insta::assert_json_snapshot!("clinic_seed_42", first_rows(&rows(&clinic(), 42, 50), 3));
}

#[test]
fn adding_a_table_and_a_column_changes_no_other_value() {
    let before = rows(&clinic(), 9, 200);
    let script = format!(
        "{}\nALTER TABLE clinic ADD COLUMN motto text;\nCREATE TABLE note (id serial PRIMARY KEY, provider_id integer NOT NULL REFERENCES provider (id), body text NOT NULL);",
        read(&schema_file("clinic.postgres.sql"))
    );
    let grown = ddl::parse(&script, Dialect::Postgres).unwrap().schema;
    let after = rows(&grown, 9, 200);
    assert!(after.table("note").is_some());
    for table in &before.tables {
        let other = after.table(&table.name).unwrap();
        for (i, column) in table.columns.iter().enumerate() {
            let j = other.column_index(column).unwrap();
            let old: Vec<_> = table.rows.iter().map(|r| &r[i]).collect();
            let new: Vec<_> = other.rows.iter().map(|r| &r[j]).collect();
            assert_eq!(old, new, "{}.{column} changed", table.name);
        }
    }
}

#[test]
fn output_does_not_depend_on_sql_batch_size() {
    let schema = clinic();
    let data = rows(&schema, 5, 120);
    let small =
        sprout::sink::sql::insert_statements(&schema, &data, Dialect::Postgres, 7).join(";\n");
    let large =
        sprout::sink::sql::insert_statements(&schema, &data, Dialect::Postgres, 500).join(";\n");
    let values = |script: &str| -> Vec<String> {
        script
            .lines()
            .filter(|l| l.starts_with('('))
            .map(|l| l.trim_end_matches([',', ';']).to_string())
            .collect()
    };
    let (small, large) = (values(&small), values(&large));
    assert_eq!(small.len(), large.len());
    assert!(small == large, "the rows differ with the batch size");
}

/// Counts what streams through, keeping only a digest of the rows.
#[derive(Default)]
struct Digest {
    rows: usize,
    updates: usize,
    text: String,
}

impl sprout::generate::RowSink for Digest {
    fn begin_table(
        &mut self,
        table: &str,
        _: &[String],
        _: &[bool],
        _: &[Vec<String>],
    ) -> sprout::Result<()> {
        self.text.push_str(table);
        Ok(())
    }
    fn row(&mut self, values: Vec<sprout::Value>) -> sprout::Result<()> {
        self.rows += 1;
        if self.rows.is_multiple_of(97) {
            self.text.push_str(&format!("{values:?}"));
        }
        Ok(())
    }
    fn end_table(&mut self) -> sprout::Result<()> {
        Ok(())
    }
    fn update(
        &mut self,
        _: &str,
        _: usize,
        _: &[(String, sprout::Value)],
        _: &[(String, sprout::Value)],
    ) -> sprout::Result<()> {
        self.updates += 1;
        Ok(())
    }
}

#[test]
fn streaming_sends_the_rows_that_collecting_keeps() {
    let schema = clinic();
    let plan = Plan::new(
        schema,
        PlanOptions {
            rows: 150,
            seed: 4,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let mut first = Digest::default();
    sprout::generate::generate_into(&plan, &mut first).unwrap();
    let mut second = Digest::default();
    sprout::generate::generate_into(&plan, &mut second).unwrap();
    assert_eq!(first.text, second.text);
    let data = generate(&plan).unwrap();
    assert_eq!(
        first.rows,
        data.tables.iter().map(|t| t.rows.len()).sum::<usize>()
    );
    let clinic_rows = data.table("clinic").unwrap();
    let head = clinic_rows.column_index("head_provider_id").unwrap();
    let set = clinic_rows
        .rows
        .iter()
        .filter(|r| !r[head].is_null())
        .count();
    assert_eq!(
        first.updates, set,
        "one UPDATE per clinic whose head is set after providers exist"
    );
    assert!(set > 100);
}

/// Rows drawn ahead on 2 or 8 threads are the rows drawn on one, byte for byte: the clinic
/// schema at a size where blocks go to workers, and a table whose UNIQUE keys collide often, so
/// that taken keys send rows back for redraws.
#[test]
fn rows_are_the_same_for_1_2_and_8_threads() {
    let script = format!(
        "{}\nCREATE TABLE badge (id serial PRIMARY KEY, code varchar(8) NOT NULL UNIQUE, \
         level integer NOT NULL CHECK (level BETWEEN 1 AND 3), holder_id integer NOT NULL REFERENCES patient (id), \
         UNIQUE (level, holder_id));",
        read(&schema_file("clinic.postgres.sql"))
    );
    let schema = ddl::parse(&script, Dialect::Postgres).unwrap().schema;
    let dataset = |threads: usize| {
        let plan = Plan::new(
            schema.clone(),
            PlanOptions {
                rows: 1200,
                seed: 5,
                threads,
                ..PlanOptions::default()
            },
        )
        .unwrap();
        serde_json::to_string(&generate(&plan).unwrap()).unwrap()
    };
    let one = dataset(1);
    assert!(one.contains("\"badge\""), "the badge table was generated");
    assert_eq!(dataset(2), one, "2 threads");
    assert_eq!(dataset(8), one, "8 threads");
}
