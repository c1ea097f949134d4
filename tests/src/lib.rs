//! Support for the integration tests: where the schemas are, and how to compare a schema read
//! from a DDL file with the same schema read back from a database.
//!
//! The comparison ([`comparable`]) folds exactly the differences that `docs/schema-model.md`
//! lists under "DDL versus introspection": constraint names (a script names only some; the
//! database names the rest), the SQL spelling of CHECKs (the parsed expressions must still
//! match), and the spelling of defaults and generation expressions (compared in their
//! canonical form).

use std::path::PathBuf;

use serde_json::Value;
use sprout::source::script::split_statements;
use sprout::{Dialect, Schema, schema::canonical_sql};

/// `tests/schemas/NAME`.
pub fn schema_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name)
}

/// The shared corpus of real public schemas (`../shared/corpus` beside the checkout), or
/// `SPROUT_CORPUS_DIR`.
pub fn corpus_file(relative: &str) -> PathBuf {
    let root = std::env::var_os("SPROUT_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    root.join(relative)
}

/// Reads a file the test needs, naming it when it is missing.
pub fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A corpus script's statements for a test database: without those that create, drop or
/// switch databases (`CREATE DATABASE chinook`, `\c chinook`, `USE sakila`), and with names
/// qualified by the script's own database (Sakila's `sakila.film` in a view) unqualified.
pub fn statements_for_test_database(script: &str, own_database: &str) -> Vec<String> {
    let qualifier = format!("{own_database}.");
    split_statements(script)
        .into_iter()
        .filter(|s| {
            let head = s.text.to_ascii_uppercase();
            let words: Vec<&str> = head.split_whitespace().take(2).collect();
            !matches!(
                words.as_slice(),
                ["CREATE" | "DROP", "DATABASE" | "SCHEMA"] | ["USE", _]
            )
        })
        .map(|s| s.text.replace(&qualifier, ""))
        .collect()
}

/// `statements` between BEGIN and COMMIT, foreign keys enforced where a connection must ask for
/// it first (SQLite).
pub fn in_one_transaction(dialect: Dialect, statements: Vec<String>) -> Vec<String> {
    let sql = dialect.sql();
    sql.enforce_foreign_keys()
        .into_iter()
        .chain(["BEGIN"])
        .map(String::from)
        .chain(statements)
        .chain(["COMMIT".to_string()])
        .collect()
}

/// The schema as JSON with source-specific spelling folded away (see the module docs).
pub fn comparable(schema: &Schema) -> Value {
    let mut value = serde_json::to_value(schema).expect("schema serializes");
    fold(&mut value, schema.dialect, None);
    value
}

fn fold(value: &mut Value, dialect: Dialect, key: Option<&str>) {
    match value {
        Value::Object(map) => {
            let is_constraint = matches!(
                key,
                Some("primary_key" | "foreign_keys" | "uniques" | "checks" | "predicate")
            );
            if is_constraint {
                // shift_remove keeps the order of the other keys (remove would swap the last in).
                map.shift_remove("name");
                map.shift_remove("sql");
            }
            for field in ["default", "expr"] {
                if let Some(Value::String(text)) = map.get_mut(field) {
                    *text = canonical_sql(text, dialect);
                }
            }
            for (k, v) in map.iter_mut() {
                fold(v, dialect, Some(k));
            }
        }
        Value::Array(items) => {
            for item in items {
                fold(item, dialect, key);
            }
        }
        _ => {}
    }
}

/// Asserts two schemas are equal after [`comparable`], printing the first differing table.
pub fn assert_same_schema(from_ddl: &Schema, introspected: &Schema) {
    let (a, b) = (comparable(from_ddl), comparable(introspected));
    if a == b {
        return;
    }
    let names = |s: &Schema| s.tables.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(from_ddl),
        names(introspected),
        "the table lists differ"
    );
    for (ta, tb) in a["tables"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["tables"].as_array().unwrap())
    {
        assert_eq!(
            serde_json::to_string_pretty(ta).unwrap(),
            serde_json::to_string_pretty(tb).unwrap(),
            "table {} differs (left: DDL, right: introspected)",
            ta["name"]
        );
    }
    assert_eq!(a["enums"], b["enums"], "the enum types differ");
    panic!("schemas differ outside tables and enums");
}

/// Generates `rows` per table of `schema` with `seed`, checks the dataset has no violation, and
/// loads it into `db` in one transaction with every constraint enabled. Returns the dataset.
pub async fn generate_and_load(
    db: &sprout_testkit::TestDatabase,
    schema: &Schema,
    options: sprout::PlanOptions,
) -> sprout::Dataset {
    let plan = sprout::Plan::new(schema.clone(), options).expect("plan");
    let data = sprout::generate(&plan).expect("generate");
    let violations = sprout::validate(schema, &data);
    assert!(
        violations.is_empty(),
        "{} violations, first: {}",
        violations.len(),
        violations[0]
    );
    let dialect = schema.dialect;
    let statements = in_one_transaction(
        dialect,
        sprout::sink::sql::insert_statements(
            schema,
            &data,
            dialect,
            sprout::sink::sql::DEFAULT_BATCH,
        ),
    );
    if let Err(err) = db.run_statements(&statements).await {
        let failing = statements
            .iter()
            .find(|s| s.len() < 400)
            .cloned()
            .unwrap_or_default();
        panic!("loading the generated rows failed: {err}\n(e.g. statement: {failing})");
    }
    data
}

/// The first `n` rows of every table, as JSON objects keyed by column, tables by name: a
/// stable, readable value for insta snapshots.
pub fn first_rows(data: &sprout::Dataset, n: usize) -> Value {
    let mut tables: Vec<&sprout::generate::TableRows> = data.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = serde_json::Map::new();
    for table in tables {
        let rows: Vec<Value> = table
            .rows
            .iter()
            .take(n)
            .map(|row| {
                let mut object = serde_json::Map::new();
                for (i, column) in table.columns.iter().enumerate() {
                    if table.written[i] {
                        object.insert(column.clone(), serde_json::to_value(&row[i]).unwrap());
                    }
                }
                Value::Object(object)
            })
            .collect();
        out.insert(table.name.clone(), Value::Array(rows));
    }
    Value::Object(out)
}

/// A [`sprout::generate::RowSink`] that counts cells and keeps nothing, for benchmarks that
/// measure generation alone.
pub struct Discard(pub usize);

impl sprout::generate::RowSink for Discard {
    fn begin_table(
        &mut self,
        _: &str,
        _: &[String],
        _: &[bool],
        _: &[Vec<String>],
    ) -> sprout::Result<()> {
        Ok(())
    }
    fn row(&mut self, values: Vec<sprout::Value>) -> sprout::Result<()> {
        self.0 += values.len();
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
        Ok(())
    }
}

/// This process's peak resident memory in KiB (VmHWM), 0 where /proc is absent.
pub fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}
