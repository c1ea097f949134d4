//! Seeding live databases: all rows in one transaction, the default refuses to touch a table
//! that has rows, `replace` gives exactly the rows of a fresh seed, and a failure in the middle
//! leaves the database as it was.

use sprout::seed::{IfExists, seed};
use sprout::{Dialect, PlanOptions};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::{read, schema_file};

fn options(rows: u64) -> PlanOptions {
    PlanOptions {
        rows,
        seed: 21,
        ..PlanOptions::default()
    }
}

async fn count(db: &TestDatabase, table: &str, dialect: Dialect) -> i64 {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(db.url()).await.unwrap();
    let sql = format!(
        "SELECT count(*) FROM {}",
        sprout::sink::sql::quote_ident(table, dialect)
    );
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut conn)
        .await
        .unwrap();
    n
}

async fn emails(db: &TestDatabase, dialect: Dialect) -> Vec<String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(db.url()).await.unwrap();
    let text = if dialect == Dialect::Mysql {
        "CHAR"
    } else {
        "TEXT"
    };
    let sql = format!("SELECT CAST(email AS {text}) FROM provider ORDER BY id");
    sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .map(|(e,)| e)
        .collect()
}

async fn seed_clinic(backend: Backend, dialect: Dialect, file: &str) {
    let Some(db) = TestDatabase::require(backend, "seed_clinic").await else {
        return;
    };
    db.run_script(&read(&schema_file(file))).await.unwrap();
    let report = seed(db.url(), None, options(300), IfExists::Fail)
        .await
        .unwrap();
    assert_eq!(report.rows.len(), 13);
    assert_eq!(count(&db, "appointment", dialect).await, 300);
    let first = emails(&db, dialect).await;

    // The default refuses and touches nothing.
    let err = seed(db.url(), None, options(50), IfExists::Fail)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("already have rows; nothing was changed"),
        "{err}"
    );
    assert!(err.contains("appointment"), "{err}");
    assert_eq!(count(&db, "appointment", dialect).await, 300);

    // Replace gives exactly the rows of a fresh seed.
    seed(db.url(), None, options(300), IfExists::Replace)
        .await
        .unwrap();
    assert_eq!(count(&db, "appointment", dialect).await, 300);
    assert_eq!(emails(&db, dialect).await, first);
}

#[tokio::test]
async fn seeds_postgres() {
    seed_clinic(Backend::Postgres, Dialect::Postgres, "clinic.postgres.sql").await;
}

#[tokio::test]
async fn seeds_mariadb() {
    seed_clinic(Backend::Mysql, Dialect::Mysql, "clinic.mysql.sql").await;
}

#[tokio::test]
async fn seeds_sqlite() {
    seed_clinic(Backend::Sqlite, Dialect::Sqlite, "clinic.sqlite.sql").await;
}

#[tokio::test]
async fn a_failure_in_the_middle_changes_nothing() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "seed_failure").await else {
        return;
    };
    db.run_script(&read(&schema_file("clinic.postgres.sql")))
        .await
        .unwrap();
    db.run_script(
        "CREATE FUNCTION refuse_500() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.id = 500 THEN RAISE EXCEPTION 'row 500 refused'; END IF; RETURN NEW; END $$;
         CREATE TRIGGER refuse BEFORE INSERT ON appointment FOR EACH ROW EXECUTE FUNCTION refuse_500();",
    )
    .await
    .unwrap();
    let err = seed(db.url(), None, options(1000), IfExists::Fail)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 500 refused"), "{err}");
    assert!(err.contains("rolled back"), "{err}");
    for table in ["clinic", "provider", "patient", "appointment", "invoice"] {
        assert_eq!(
            count(&db, table, Dialect::Postgres).await,
            0,
            "{table} is untouched"
        );
    }
}
