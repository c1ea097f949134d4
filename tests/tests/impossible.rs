//! Impossible requests fail at once with an error that names the table, the column, the
//! constraint and the fix: never a panic, never a hang.

use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions};
use sprout_tests::{corpus_file, read};

fn plan_error(sql: &str, dialect: Dialect, rows: u64) -> String {
    let schema = ddl::parse(sql, dialect).unwrap().schema;
    Plan::new(
        schema,
        PlanOptions {
            rows,
            ..PlanOptions::default()
        },
    )
    .and_then(|plan| sprout::generate(&plan).map(|_| ()))
    .expect_err("the request is impossible")
    .to_string()
}

#[test]
fn a_unique_boolean_cannot_take_ten_rows() {
    let err = plan_error(
        "CREATE TABLE flag (id serial PRIMARY KEY, on_off boolean NOT NULL UNIQUE);",
        Dialect::Postgres,
        10,
    );
    assert!(
        err.contains(
            "flag: UNIQUE (on_off) can take at most 2 distinct values, but 10 rows were asked"
        ),
        "{err}"
    );
    assert!(err.contains("fix:"), "{err}");
}

#[test]
fn a_contradictory_check_is_named() {
    let err = plan_error(
        "CREATE TABLE t (id serial PRIMARY KEY, x integer CHECK (x > 5 AND x < 3));",
        Dialect::Postgres,
        10,
    );
    assert!(err.contains("t.x: no value satisfies CHECK"), "{err}");
    assert!(err.contains("x > 5"), "{err}");
}

#[test]
fn a_not_null_cycle_without_deferrable_names_every_key() {
    let err = plan_error(
        &read(&corpus_file("sakila-mysql/sakila-schema.sql")),
        Dialect::Mysql,
        10,
    );
    assert!(err.contains("staff(store_id) -> store"), "{err}");
    assert!(err.contains("store(manager_staff_id) -> staff"), "{err}");
    assert!(
        err.contains("fix: make one of these columns nullable"),
        "{err}"
    );
}

#[test]
fn a_one_to_one_key_cannot_outnumber_its_parents() {
    let sql = "CREATE TABLE a (id serial PRIMARY KEY); CREATE TABLE b (id serial PRIMARY KEY, a_id integer NOT NULL UNIQUE REFERENCES a);";
    let schema = ddl::parse(sql, Dialect::Postgres).unwrap().schema;
    let options = PlanOptions {
        rows: 5,
        table_rows: [("b".to_string(), 9)].into(),
        ..PlanOptions::default()
    };
    let err = Plan::new(schema, options).unwrap_err().to_string();
    assert!(
        err.contains("b: UNIQUE (a_id) can take at most 5 distinct values, but 9 rows were asked"),
        "{err}"
    );
    assert!(err.contains("--rows b=5"), "{err}");
}

/// Cross-column CHECKs that no row can meet are called possibly impossible, not "ask for fewer
/// rows" (the row count has nothing to do with them).
#[test]
fn an_impossible_cross_column_check_is_not_blamed_on_the_row_count() {
    for sql in [
        "CREATE TABLE t (id serial PRIMARY KEY, a int NOT NULL, b int NOT NULL,
           CHECK (a > b), CHECK (b > a));",
        "CREATE TABLE t (id serial PRIMARY KEY, n int NOT NULL,
           CHECK (n % 7 = 3), CHECK (n % 7 = 4));",
    ] {
        let err = plan_error(sql, Dialect::Postgres, 10);
        assert!(err.contains("t: row 0 could not meet CHECK"), "{err}");
        assert!(err.contains("the CHECK may be impossible"), "{err}");
        assert!(!err.contains("fewer rows"), "{err}");
    }
}
