//! Every type sprout writes is one the server accepts: a table with a column of each type is
//! seeded into the real server, and the rows read back, every NOT NULL column filled and every
//! nullable one written at least once. Spatial columns are NULL when nullable, and a clear
//! error naming the column when NOT NULL, before any row is written.

use sprout::PlanOptions;
use sprout::seed::{IfExists, seed};
use sprout_testkit::{Backend, TestDatabase};

const POSTGRES_TYPES: &str = "
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE pair AS (a int, b text);
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE DOMAIN small_positive AS positive CHECK (VALUE < 1000);
CREATE TABLE every_type (
    id serial PRIMARY KEY,
    moods mood[] NOT NULL,
    days date[] NOT NULL,
    grid int[][] NOT NULL,
    words text[] NOT NULL,
    tags hstore[] NOT NULL,
    i4 int4range NOT NULL,
    i8 int8range NOT NULL,
    num numrange NOT NULL,
    dates daterange NOT NULL,
    ts tsrange NOT NULL,
    tstz tstzrange NOT NULL,
    multi int4multirange NOT NULL,
    path ltree NOT NULL,
    attrs hstore NOT NULL,
    name citext NOT NULL,
    box3 cube NOT NULL,
    doc tsvector NOT NULL,
    query tsquery NOT NULL,
    ip inet NOT NULL,
    net cidr NOT NULL,
    mac macaddr NOT NULL,
    mac8 macaddr8 NOT NULL,
    price money NOT NULL,
    span interval NOT NULL,
    body xml NOT NULL,
    flags bit(4) NOT NULL,
    vflags varbit NOT NULL,
    ref oid NOT NULL,
    level small_positive NOT NULL,
    pos point,
    composite pair
);";

const MYSQL_TYPES: &str = "
CREATE TABLE every_type (
    id int AUTO_INCREMENT PRIMARY KEY,
    colors SET('red', 'green', 'blue') NOT NULL,
    size ENUM('s', 'm', 'l') NOT NULL,
    flag BIT(1) NOT NULL,
    mask BIT(8) NOT NULL,
    born YEAR NOT NULL,
    tiny tinyint unsigned NOT NULL,
    small smallint unsigned NOT NULL,
    doc json NOT NULL,
    place point
);";

/// Seeds `rows` rows into the table and returns, per column, how many rows hold a value.
async fn seeded_counts(db: &TestDatabase, columns: &[&str], rows: u64) -> Vec<(String, i64)> {
    let report = seed(
        db.url(),
        None,
        PlanOptions {
            rows,
            seed: 3,
            ..PlanOptions::default()
        },
        IfExists::Fail,
    )
    .await
    .unwrap_or_else(|e| panic!("seeding every type: {e}"));
    assert_eq!(report.rows, vec![("every_type".to_string(), rows)]);
    let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
    let mut out = Vec::new();
    for column in columns {
        let q = sprout::sink::sql::quote_ident(column, conn.live().dialect());
        let n = conn
            .live()
            .fetch_count(&format!("SELECT COUNT({q}) FROM every_type"))
            .await
            .unwrap();
        out.push((column.to_string(), n));
    }
    conn.close().await;
    out
}

#[tokio::test]
async fn postgres_accepts_every_type_sprout_writes() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "types").await else {
        return;
    };
    db.run_script(POSTGRES_TYPES).await.unwrap();
    let not_null = [
        "moods", "days", "grid", "words", "tags", "i4", "i8", "num", "dates", "ts", "tstz",
        "multi", "path", "attrs", "name", "box3", "doc", "query", "ip", "net", "mac", "mac8",
        "price", "span", "body", "flags", "vflags", "ref", "level",
    ];
    let counts = seeded_counts(&db, &not_null, 200).await;
    for (column, n) in counts {
        assert_eq!(n, 200, "{column} holds a value in every row");
    }
    // Arrays hold real elements of their type, not words: read them back typed.
    let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
    let elements = conn
        .live()
        .fetch_count(
            "SELECT COUNT(*) FROM every_type, unnest(moods) m WHERE m IN ('sad', 'ok', 'happy')",
        )
        .await
        .unwrap();
    assert!(elements > 0, "enum arrays hold labels");
    let levels = conn
        .live()
        .fetch_count("SELECT COUNT(*) FROM every_type WHERE level > 0 AND level < 1000")
        .await
        .unwrap();
    assert_eq!(levels, 200, "a domain over a domain keeps both CHECKs");
    conn.close().await;
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}

/// The error a seed of `script`'s schema stops with, before any row is written.
async fn refusal(backend: Backend, label: &str, script: &str) -> Option<String> {
    let db = TestDatabase::require(backend, label).await?;
    db.run_script(script).await.unwrap();
    let err = seed(db.url(), None, PlanOptions::default(), IfExists::Fail)
        .await
        .unwrap_err()
        .to_string();
    Some(err)
}

#[tokio::test]
async fn a_not_null_column_of_an_unknown_type_names_the_fix() {
    let script = "CREATE TYPE pair AS (a int, b text); CREATE TABLE t (id serial PRIMARY KEY, p pair NOT NULL);";
    let Some(err) = refusal(Backend::Postgres, "types_unknown", script).await else {
        return;
    };
    assert!(
        err.contains("t.p: `pair` is a type sprout cannot generate"),
        "{err}"
    );
    assert!(
        err.contains("fix: give it a generator in a Spec file"),
        "{err}"
    );
}

#[tokio::test]
async fn mariadb_accepts_every_type_sprout_writes() {
    let Some(db) = TestDatabase::require(Backend::Mysql, "types").await else {
        return;
    };
    db.run_script(MYSQL_TYPES).await.unwrap();
    let counts = seeded_counts(
        &db,
        &[
            "colors", "size", "flag", "mask", "born", "tiny", "small", "doc", "place",
        ],
        200,
    )
    .await;
    for (column, n) in counts {
        let expected = if column == "place" { 0 } else { 200 };
        assert_eq!(n, expected, "{column}");
    }
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}

#[tokio::test]
async fn a_not_null_spatial_column_is_refused_before_any_row() {
    let script = "CREATE TABLE site (id int PRIMARY KEY, at point NOT NULL);";
    let Some(err) = refusal(Backend::Mysql, "types_spatial", script).await else {
        return;
    };
    assert!(err.contains("site.at: `point` is a spatial type"), "{err}");
}

#[tokio::test]
async fn a_table_the_database_fills_alone_gets_default_values() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let Some(db) = TestDatabase::require(backend, "types_defaults").await else {
            return;
        };
        let script = match backend {
            Backend::Postgres => {
                "CREATE TYPE pair AS (a int, b text);
                 CREATE TABLE ping (total int GENERATED ALWAYS AS (1) STORED, extra pair);"
            }
            _ => {
                "CREATE TABLE ping (total int GENERATED ALWAYS AS (1) STORED, extra blob_like_thing);"
            }
        };
        db.run_script(script).await.unwrap();
        let report = seed(
            db.url(),
            None,
            PlanOptions {
                rows: 7,
                ..PlanOptions::default()
            },
            IfExists::Fail,
        )
        .await
        .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(report.rows, vec![("ping".to_string(), 7)]);
        let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
        let n = conn
            .live()
            .fetch_count("SELECT COUNT(*) FROM ping WHERE total = 1")
            .await
            .unwrap();
        conn.close().await;
        assert_eq!(n, 7, "{backend:?}: INSERT .. DEFAULT VALUES, once per row");
    }
}
