//! The corpus's schemas as a test's schema, loaded as shipped (`CREATE DATABASE sakila;
//! USE sakila;`, psql's `\c chinook` and all): the test's database holds every table, and `seed(&pool)` fills them.
//! The corpus is read from `../shared/corpus` beside the checkout, or `SPROUT_CORPUS_DIR`.

use sprout_testkit::{Backend, Host, Setup, TestDatabase};

#[path = "shared/corpus.rs"]
mod corpus;
use corpus::corpus;

/// A pooled MariaDB database from `file`: its base tables, then what a seed put in them.
async fn mariadb_schema_as_shipped(file: &str, label: &str, tables: &[&str]) {
    let setup = Setup::Script(corpus(file));
    let db = match TestDatabase::create_pooled(Backend::Mysql, Host::Server, label, &setup, 1).await
    {
        Ok(db) => db,
        Err(e) if sprout_testkit::missing_backends_allowed() => {
            eprintln!("skipping {label}: {e}");
            return;
        }
        Err(e) => panic!("{label}: {e}"),
    };
    let pool = db.mysql_pool().await.unwrap();
    let found: Vec<(String,)> = sqlx::query_as(
        "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let found: Vec<String> = found.into_iter().map(|(t,)| t).collect();
    for table in tables {
        assert!(
            found.iter().any(|f| f == table),
            "{table} missing from {found:?}"
        );
    }
    let seeded = sprout_testkit::seed(&pool).await.unwrap();
    for table in tables {
        let count = format!("SELECT count(*) FROM `{table}`");
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(count))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(n > 0, "{table} got no rows: {seeded:?}");
    }
    pool.close().await;
}

#[tokio::test]
async fn sakila_as_shipped_makes_a_test_database_on_mariadb() {
    mariadb_schema_as_shipped(
        "sakila-mysql/sakila-schema.sql",
        "corpus_sakila",
        &[
            "actor",
            "film",
            "film_text",
            "inventory",
            "payment",
            "rental",
            "staff",
            "store",
        ],
    )
    .await;
}

#[tokio::test]
async fn chinook_as_shipped_makes_a_test_database_on_mariadb() {
    mariadb_schema_as_shipped(
        "chinook/chinook-mysql.sql",
        "corpus_chinook",
        &[
            "Album",
            "Artist",
            "Customer",
            "Employee",
            "Invoice",
            "InvoiceLine",
            "Track",
        ],
    )
    .await;
}

/// Chinook for PostgreSQL drops and creates its own database, then moves to it with psql's
/// `\c chinook`: the template is a copy of that database.
#[tokio::test]
async fn chinook_as_shipped_makes_a_test_database_on_postgres() {
    let setup = Setup::Script(corpus("chinook/chinook-postgresql.sql"));
    let label = "corpus_chinook_pg";
    let db = match TestDatabase::create_pooled(Backend::Postgres, Host::Server, label, &setup, 1)
        .await
    {
        Ok(db) => db,
        Err(e) if sprout_testkit::missing_backends_allowed() => {
            eprintln!("skipping {label}: {e}");
            return;
        }
        Err(e) => panic!("{label}: {e}"),
    };
    let pool = db.pg_pool().await.unwrap();
    let (tables,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' \
         AND tablename IN ('album', 'artist', 'customer', 'employee', 'genre', 'invoice', \
         'invoice_line', 'media_type', 'playlist', 'playlist_track', 'track')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tables, 11, "every Chinook table is in the test's database");
    sprout_testkit::seed(&pool).await.unwrap();
    let (tracks,): (i64,) = sqlx::query_as("SELECT count(*) FROM track")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(tracks > 0);
    pool.close().await;
}
