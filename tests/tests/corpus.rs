//! Real public schemas (Pagila, Northwind and Chinook on PostgreSQL, Sakila and Chinook on
//! MariaDB, Chinook on SQLite): each DDL file is loaded into a fresh database, introspected,
//! and must equal what sprout parses from the same file.
//!
//! The files are read from the shared corpus beside the checkout (`../shared/corpus`), with
//! their licences and sources there; the tests only take out the statements that switch to a
//! database of the script's own choosing ([`statements_for_test_database`]), so each lands in
//! the test's own database.

use sprout::source::{self, ddl};
use sprout::{Dialect, Identity, Schema, SqlType};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::{assert_same_schema, corpus_file, read, statements_for_test_database};

async fn load_and_compare(backend: Backend, file: &str, dialect: Dialect) -> Option<Schema> {
    let own_database = if file.starts_with("sakila") {
        "sakila"
    } else {
        "chinook"
    };
    let script = read(&corpus_file(file));
    let parsed = ddl::parse(&script, dialect).unwrap_or_else(|e| panic!("{file}: {e}"));
    let db = TestDatabase::require(backend, file).await?;
    db.run_statements(&statements_for_test_database(&script, own_database))
        .await
        .unwrap_or_else(|e| panic!("loading {file}: {e}"));
    let introspected = source::introspect(db.url())
        .await
        .expect("introspection succeeds");
    let mut expected = parsed.schema;
    if backend == Backend::Mysql && file.starts_with("sakila") {
        let address = expected
            .tables
            .iter_mut()
            .find(|t| t.name == "address")
            .unwrap();
        assert!(
            address.column("location").is_some(),
            "sprout reads MySQL versioned comments"
        );
        address.columns.retain(|c| c.name != "location");
    }
    assert_same_schema(&expected, &introspected.schema);
    Some(introspected.schema)
}

#[tokio::test]
async fn pagila_on_postgres() {
    let Some(schema) = load_and_compare(
        Backend::Postgres,
        "pagila/pagila-schema.sql",
        Dialect::Postgres,
    )
    .await
    else {
        return;
    };
    assert_eq!(
        schema.tables.len(),
        15,
        "partitions are read through their parent"
    );
    let film = schema.table("film").unwrap();
    assert_eq!(
        film.column("rating").unwrap().ty,
        SqlType::Enum {
            name: "mpaa_rating".into()
        }
    );
    assert_eq!(
        film.column("special_features").unwrap().ty,
        SqlType::Array {
            of: Box::new(SqlType::Text)
        }
    );
    assert!(
        film.checks
            .iter()
            .any(|c| c.expr.to_string() == "(release_year >= 1901) AND (release_year <= 2155)"),
        "the year domain's CHECK: {:?}",
        film.checks
    );
    assert_eq!(
        film.column("film_id").unwrap().identity,
        Some(Identity::Serial)
    );
    let payment = schema.table("payment").unwrap();
    assert_eq!(
        payment.primary_key.as_ref().unwrap().columns,
        ["payment_date", "payment_id"]
    );
    insta::assert_json_snapshot!("pagila", schema);
}

#[tokio::test]
async fn northwind_on_postgres() {
    let Some(schema) = load_and_compare(
        Backend::Postgres,
        "northwind-postgresql/northwind.sql",
        Dialect::Postgres,
    )
    .await
    else {
        return;
    };
    assert_eq!(schema.tables.len(), 14);
    let employees = schema.table("employees").unwrap();
    assert!(
        employees
            .foreign_keys
            .iter()
            .any(|fk| fk.ref_table == "employees"),
        "self-reference"
    );
}

#[tokio::test]
async fn chinook_on_postgres() {
    let Some(schema) = load_and_compare(
        Backend::Postgres,
        "chinook/chinook-postgresql.sql",
        Dialect::Postgres,
    )
    .await
    else {
        return;
    };
    assert_eq!(schema.tables.len(), 11);
}

#[tokio::test]
async fn sakila_on_mariadb() {
    let Some(schema) = load_and_compare(
        Backend::Mysql,
        "sakila-mysql/sakila-schema.sql",
        Dialect::Mysql,
    )
    .await
    else {
        return;
    };
    // `/*!50705 location GEOMETRY */ ... /*!50705 NOT NULL,*/` is a MySQL 5.7.5+ versioned
    // comment: sprout reads it as MySQL does, MariaDB skips it (see docs/schema-model.md).
    assert!(
        schema
            .table("address")
            .unwrap()
            .column("location")
            .is_none()
    );
    assert_eq!(schema.tables.len(), 16);
    let staff = schema.table("staff").unwrap();
    let store = schema.table("store").unwrap();
    assert!(staff.foreign_keys.iter().any(|fk| fk.ref_table == "store"));
    assert!(
        store.foreign_keys.iter().any(|fk| fk.ref_table == "staff"),
        "the staff <-> store cycle"
    );
    let film = schema.table("film").unwrap();
    assert_eq!(
        film.column("rating").unwrap().ty,
        SqlType::Enum {
            name: "film.rating".into()
        }
    );
    assert_eq!(
        film.column("special_features").unwrap().ty,
        SqlType::Set {
            name: "film.special_features".into()
        }
    );
    insta::assert_json_snapshot!("sakila", schema);
}

#[tokio::test]
async fn chinook_on_mariadb() {
    let Some(schema) =
        load_and_compare(Backend::Mysql, "chinook/chinook-mysql.sql", Dialect::Mysql).await
    else {
        return;
    };
    assert_eq!(schema.tables.len(), 11);
}

#[tokio::test]
async fn chinook_on_sqlite() {
    let Some(schema) = load_and_compare(
        Backend::Sqlite,
        "chinook/chinook-sqlite.sql",
        Dialect::Sqlite,
    )
    .await
    else {
        return;
    };
    assert_eq!(schema.tables.len(), 11);
    let employee = schema.table("Employee").unwrap();
    assert!(
        employee
            .foreign_keys
            .iter()
            .any(|fk| fk.ref_table == "Employee" && fk.columns == ["ReportsTo"])
    );
    insta::assert_json_snapshot!("chinook_sqlite", schema);
}
