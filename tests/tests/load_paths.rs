//! Seeding loads rows the fastest way each database offers (PostgreSQL COPY, MySQL literal
//! multi-row INSERTs, SQLite one prepared INSERT per row), or for a small seed as rendered
//! statements in one round trip; these tests show every path stores exactly what the literal
//! SQL script stores, return the rows they inserted when asked, and
//! seed the real sample schemas with nothing for `validate` to report.

use sprout::live::{Connection, Live};
use sprout::schema::{Schema, SqlType};
use sprout::seed::{
    ConnectOptions, IfExists, Loading, SeedRequest, seed, seed_connection, seed_url,
};
use sprout::sink::sql::quote_ident;
use sprout::validate::live::validate_database;
use sprout::{Dialect, Plan, PlanOptions};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::{corpus_file, generate_and_load, read, schema_file};

fn options() -> PlanOptions {
    PlanOptions {
        rows: 250,
        seed: 77,
        ..PlanOptions::default()
    }
}

/// Every row of every table as text, sorted: what the database stores, type by type
/// (SQLite's `quote()` keeps 1 and '1' apart).
async fn dump(url: &str, schema: &Schema) -> Vec<(String, Vec<Vec<Option<String>>>)> {
    let mut conn = Connection::open(url).await.unwrap();
    let mut live = conn.live();
    let dialect = live.dialect();
    let mut out = Vec::new();
    for table in &schema.tables {
        // audit_log.recorded_at is set by a trigger to now(): not sprout's to compare.
        let cells: Vec<String> = table
            .columns
            .iter()
            .filter(|c| c.name != "recorded_at")
            .map(|c| {
                let q = quote_ident(&c.name, dialect);
                match (dialect, &c.ty) {
                    (Dialect::Sqlite, _) => format!("quote({q})"),
                    (Dialect::Postgres, SqlType::Bytes { .. }) => format!("encode({q}, 'hex')"),
                    (Dialect::Postgres, _) => format!("{q}::text"),
                    (Dialect::Mysql, SqlType::Bytes { .. } | SqlType::Other { .. }) => {
                        format!("hex({q})")
                    }
                    _ => format!("CAST({q} AS {})", dialect.sql().text_type()),
                }
            })
            .collect();
        let mut rows = live
            .fetch_text(&format!(
                "SELECT {} FROM {}",
                cells.join(", "),
                quote_ident(&table.name, dialect)
            ))
            .await
            .unwrap();
        rows.sort();
        out.push((table.name.clone(), rows));
    }
    conn.close().await;
    out
}

async fn same_rows_as_the_script(backend: Backend, file: &str, loading: Loading) {
    let Some(script_db) = TestDatabase::require(backend, "load_script").await else {
        return;
    };
    let Some(seeded_db) = TestDatabase::require(backend, "load_seed").await else {
        return;
    };
    let ddl = read(&schema_file(file));
    script_db.run_script(&ddl).await.unwrap();
    seeded_db.run_script(&ddl).await.unwrap();
    let schema = sprout::source::introspect(script_db.url())
        .await
        .unwrap()
        .schema;
    generate_and_load(&script_db, &schema, options()).await;
    let request = SeedRequest {
        schema: Some(schema.clone()),
        options: options(),
        loading,
        ..SeedRequest::default()
    };
    let report = seed_url(seeded_db.url(), request, &ConnectOptions::default())
        .await
        .unwrap();
    assert_eq!(report.rows.len(), schema.tables.len());
    let (expected, loaded) = (
        dump(script_db.url(), &schema).await,
        dump(seeded_db.url(), &schema).await,
    );
    for ((table, want), (_, got)) in expected.iter().zip(&loaded) {
        assert_eq!(want.len(), got.len(), "{table}: row count");
        for (a, b) in want.iter().zip(got) {
            assert_eq!(a, b, "{table}: a row differs");
        }
    }
}

#[tokio::test]
async fn postgres_copy_stores_what_the_script_stores() {
    same_rows_as_the_script(Backend::Postgres, "clinic.postgres.sql", Loading::Bulk).await;
}

#[tokio::test]
async fn postgres_statements_in_one_round_trip_store_what_the_script_stores() {
    same_rows_as_the_script(
        Backend::Postgres,
        "clinic.postgres.sql",
        Loading::Statements,
    )
    .await;
}

#[tokio::test]
async fn mysql_batches_store_what_the_script_stores() {
    same_rows_as_the_script(Backend::Mysql, "clinic.mysql.sql", Loading::Bulk).await;
}

#[tokio::test]
async fn mysql_statements_in_one_round_trip_store_what_the_script_stores() {
    same_rows_as_the_script(Backend::Mysql, "clinic.mysql.sql", Loading::Statements).await;
}

#[tokio::test]
async fn sqlite_prepared_inserts_store_what_the_script_stores() {
    same_rows_as_the_script(Backend::Sqlite, "clinic.sqlite.sql", Loading::Bulk).await;
}

#[tokio::test]
async fn sqlite_statements_store_what_the_script_stores() {
    same_rows_as_the_script(Backend::Sqlite, "clinic.sqlite.sql", Loading::Statements).await;
}

/// The rows a seed reports are the rows the engine generates for the same plan.
#[tokio::test]
async fn a_seed_returns_the_rows_it_inserted() {
    let Some(db) = TestDatabase::require(Backend::Sqlite, "load_keep").await else {
        return;
    };
    db.run_script(&read(&schema_file("clinic.sqlite.sql")))
        .await
        .unwrap();
    let mut conn = Connection::open(db.url()).await.unwrap();
    let schema = conn.live().introspect().await.unwrap().schema;
    let request = SeedRequest {
        options: options(),
        keep_rows: true,
        ..SeedRequest::default()
    };
    let report = seed_connection(conn.live(), request).await.unwrap();
    conn.close().await;
    let kept = report.dataset.expect("rows kept");
    let plan = Plan::new(
        schema,
        PlanOptions {
            suspend_fk_checks: true,
            ..options()
        },
    )
    .unwrap();
    let expected = sprout::generate(&plan).unwrap();
    assert_eq!(kept.tables.len(), expected.tables.len());
    for (a, b) in kept.tables.iter().zip(&expected.tables) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.rows, b.rows, "{}", a.name);
    }
    assert_eq!(report.seed, 77);
}

/// Pagila (partitioned payments, domains, enums, arrays, full-text columns) seeds on
/// PostgreSQL through COPY and validates clean.
#[tokio::test]
async fn pagila_seeds_on_postgres() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "load_pagila").await else {
        return;
    };
    let script = read(&corpus_file("pagila/pagila-schema.sql"));
    db.run_script(&script).await.unwrap();
    // Payments are partitioned by month of 2022 with no default partition; the schema model
    // has no partition bounds, so a Spec override keeps the dates inside them.
    let schema = sprout::source::introspect(db.url()).await.unwrap().schema;
    let mut spec = sprout::plan::spec::Spec::infer(&schema);
    spec.apply_toml(
        "[payment.payment_date]\nkind = \"timestamp\"\nfrom = \"2022-01-01\"\nto = \"2022-06-30\"\n",
        "test",
        &schema,
    )
    .unwrap();
    let options = PlanOptions {
        spec: Some(spec),
        ..options()
    };
    let report = seed(db.url(), Some(schema), options, IfExists::Fail)
        .await
        .unwrap();
    assert!(report.rows.iter().all(|(_, n)| *n == 250), "{report:?}");
    let violations = validate_database(db.url()).await.unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}

/// Chinook seeds on MariaDB (bound batches) and SQLite (prepared inserts) and validates clean.
#[tokio::test]
async fn chinook_seeds_on_mariadb_and_sqlite() {
    for (backend, file) in [
        (Backend::Mysql, "chinook/chinook-mysql.sql"),
        (Backend::Sqlite, "chinook/chinook-sqlite.sql"),
    ] {
        let Some(db) = TestDatabase::require(backend, "load_chinook").await else {
            continue;
        };
        let script = read(&corpus_file(file));
        let statements = sprout_tests::statements_for_test_database(&script, "Chinook");
        db.run_statements(&statements).await.unwrap();
        // The corpus script inserts its own rows: replace them.
        let report = seed(db.url(), None, options(), IfExists::Replace)
            .await
            .unwrap();
        assert_eq!(report.rows.len(), 11, "{backend:?}");
        let violations = validate_database(db.url()).await.unwrap();
        assert!(violations.is_empty(), "{backend:?}: {violations:?}");
    }
}

/// A cycle of NOT NULL, non-deferrable keys seeds on PostgreSQL with
/// `session_replication_role = replica` for the transaction; sprout checks the keys itself
/// before COMMIT.
#[tokio::test]
async fn a_not_null_cycle_seeds_on_postgres() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "load_cycle").await else {
        return;
    };
    db.run_script(
        "CREATE TABLE store (id int PRIMARY KEY, manager_id int NOT NULL);
         CREATE TABLE staff (id int PRIMARY KEY, store_id int NOT NULL REFERENCES store (id));
         ALTER TABLE store ADD FOREIGN KEY (manager_id) REFERENCES staff (id);",
    )
    .await
    .unwrap();
    let report = seed(db.url(), None, options(), IfExists::Fail)
        .await
        .unwrap();
    assert_eq!(report.rows.len(), 2);
    let violations = validate_database(db.url()).await.unwrap();
    assert!(violations.is_empty(), "{violations:?}");
    // The role is back to normal: an orphan is refused again.
    let mut conn = Connection::open(db.url()).await.unwrap();
    let err = conn
        .live()
        .execute("INSERT INTO staff VALUES (100000, 999999)")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("foreign key"), "{err}");
    conn.close().await;
}

/// A user who may not suspend checks gets an error naming the cycle and the fix, and the
/// database is unchanged.
#[tokio::test]
async fn a_cycle_without_permission_is_refused_clearly() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "load_noperm").await else {
        return;
    };
    db.run_script(
        "DO $$ BEGIN CREATE ROLE sprout_plain LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         CREATE TABLE store (id int PRIMARY KEY, manager_id int NOT NULL);
         CREATE TABLE staff (id int PRIMARY KEY, store_id int NOT NULL REFERENCES store (id));
         ALTER TABLE store ADD FOREIGN KEY (manager_id) REFERENCES staff (id);
         GRANT ALL ON store, staff TO sprout_plain;",
    )
    .await
    .unwrap();
    let url = db.url().replacen("postgres@", "sprout_plain@", 1);
    let err = seed(&url, None, options(), IfExists::Fail)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("suspend foreign-key checks"), "{err}");
    assert!(
        err.contains("staff(store_id) -> store") || err.contains("store(manager_id) -> staff"),
        "{err}"
    );
    let mut conn = Connection::open(db.url()).await.unwrap();
    let rows = conn
        .live()
        .fetch_count("SELECT count(*) FROM staff")
        .await
        .unwrap();
    assert_eq!(rows, 0);
    conn.close().await;
}

/// `Live` borrows a pool's connection: seeding works on what a test already holds.
#[tokio::test]
async fn seeds_through_a_pool_connection() {
    let Some(db) = TestDatabase::require(Backend::Mysql, "load_pool").await else {
        return;
    };
    db.run_script(&read(&schema_file("clinic.mysql.sql")))
        .await
        .unwrap();
    let pool = sqlx::MySqlPool::connect(db.url()).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let report = seed_connection(
        Live::from(&mut *conn),
        SeedRequest {
            options: options(),
            ..SeedRequest::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(report.rows.len(), 13);
    drop(conn);
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM appointment")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 250);
    pool.close().await;
}

/// A cycle closed on a table whose primary key has two columns: the batched UPDATE matches
/// rows on both (`CASE WHEN code = .. AND country = .. THEN ..`), on every database; every
/// key it sets points at a real row, and most rows get one.
#[tokio::test]
async fn cycle_updates_on_a_two_column_key_land_on_every_database() {
    let region = "CREATE TABLE region (code varchar(8) NOT NULL, country varchar(2) NOT NULL, \
                  hq_city_id int{}, PRIMARY KEY (code, country))";
    let city = "CREATE TABLE city (id int PRIMARY KEY, region_code varchar(8) NOT NULL, \
                region_country varchar(2) NOT NULL, \
                FOREIGN KEY (region_code, region_country) REFERENCES region (code, country))";
    for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
        let Some(db) = TestDatabase::require(backend, "load_cycle_pair").await else {
            continue;
        };
        let statements = if backend == Backend::Sqlite {
            vec![
                region.replace("{}", " REFERENCES city (id)"),
                city.to_string(),
            ]
        } else {
            vec![
                region.replace("{}", ""),
                city.to_string(),
                "ALTER TABLE region ADD FOREIGN KEY (hq_city_id) REFERENCES city (id)".into(),
            ]
        };
        db.run_statements(&statements).await.unwrap();
        let report = seed(db.url(), None, options(), IfExists::Fail)
            .await
            .unwrap();
        assert_eq!(report.rows.len(), 2, "{backend:?}");
        let violations = validate_database(db.url()).await.unwrap();
        assert!(violations.is_empty(), "{backend:?}: {violations:?}");
        let mut conn = Connection::open(db.url()).await.unwrap();
        let set = conn
            .live()
            .fetch_count("SELECT COUNT(*) FROM region WHERE hq_city_id IS NOT NULL")
            .await
            .unwrap();
        assert!(
            set > 150,
            "{backend:?}: only {set} of 250 regions got their city"
        );
        conn.close().await;
    }
}

/// A statement that fails inside a batch sent in one round trip: the error names the batch's
/// tables and the trigger that may have failed it, and nothing is left behind.
#[tokio::test]
async fn a_failing_batch_names_its_tables_and_trigger_and_leaves_nothing() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "load_batch_fails").await else {
        return;
    };
    db.run_script(
        "CREATE TABLE team (id int PRIMARY KEY, name text NOT NULL);
         CREATE TABLE player (id int PRIMARY KEY, team_id int NOT NULL REFERENCES team (id));
         CREATE FUNCTION closed_for_players() RETURNS trigger LANGUAGE plpgsql
             AS $$ BEGIN RAISE EXCEPTION 'no more players'; END $$;
         CREATE TRIGGER closed BEFORE INSERT ON player
             FOR EACH ROW EXECUTE FUNCTION closed_for_players();",
    )
    .await
    .unwrap();
    let options = PlanOptions {
        rows: 5,
        ..PlanOptions::default()
    };
    let err = seed(db.url(), None, options, IfExists::Fail)
        .await
        .unwrap_err();
    let message = format!("{err}: {:?}", std::error::Error::source(&err));
    assert!(message.contains("sent together"), "{message}");
    assert!(message.contains("rows for team, player"), "{message}");
    assert!(message.contains("`closed`"), "{message}");
    assert!(message.contains("no more players"), "{message}");
    let mut conn = Connection::open(db.url()).await.unwrap();
    let teams = conn
        .live()
        .fetch_count("SELECT count(*) FROM team")
        .await
        .unwrap();
    assert_eq!(teams, 0, "the batch's transaction was rolled back");
    conn.close().await;
}
