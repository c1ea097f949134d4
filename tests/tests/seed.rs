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

mod validate {
    use super::*;
    use sprout::validate::live::validate_database;

    async fn seeded(backend: Backend, file: &str) -> Option<TestDatabase> {
        let db = TestDatabase::require(backend, "validate_live").await?;
        db.run_script(&read(&schema_file(file))).await.unwrap();
        seed(db.url(), None, options(200), IfExists::Fail)
            .await
            .unwrap();
        Some(db)
    }

    #[tokio::test]
    async fn a_seeded_database_has_no_violation() {
        for (backend, file) in [
            (Backend::Postgres, "clinic.postgres.sql"),
            (Backend::Mysql, "clinic.mysql.sql"),
            (Backend::Sqlite, "clinic.sqlite.sql"),
        ] {
            let Some(db) = seeded(backend, file).await else {
                continue;
            };
            let violations = validate_database(db.url()).await.unwrap();
            assert!(violations.is_empty(), "{backend:?}: {violations:?}");
        }
    }

    #[tokio::test]
    async fn what_the_database_let_through_is_reported() {
        // SQLite enforces no foreign key unless asked, and MySQL lets a session turn checks off.
        let Some(lite) = seeded(Backend::Sqlite, "clinic.sqlite.sql").await else {
            return;
        };
        lite.run_script(
            "PRAGMA foreign_keys = OFF; UPDATE prescription SET drug_id = 999999 WHERE id <= 3;",
        )
        .await
        .unwrap();
        let violations = validate_database(lite.url()).await.unwrap();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].table, "prescription");
        assert!(
            violations[0]
                .constraint
                .starts_with("FOREIGN KEY (drug_id) REFERENCES drug")
        );
        assert_eq!(violations[0].rows, 3);

        let Some(my) = seeded(Backend::Mysql, "clinic.mysql.sql").await else {
            return;
        };
        my.run_statements(&[
            "SET FOREIGN_KEY_CHECKS = 0".to_string(),
            "UPDATE appointment SET provider_id = 424242 WHERE id = 1".to_string(),
        ])
        .await
        .unwrap();
        let violations = validate_database(my.url()).await.unwrap();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(violations[0].constraint.contains("REFERENCES provider"));
    }
}

mod append {
    use super::*;
    use sprout::seed::seed_tables;
    use sprout::validate::live::validate_database;

    async fn append_twice(backend: Backend, dialect: Dialect, file: &str) {
        let Some(db) = TestDatabase::require(backend, "seed_append").await else {
            return;
        };
        db.run_script(&read(&schema_file(file))).await.unwrap();
        seed(db.url(), None, options(100), IfExists::Fail)
            .await
            .unwrap();
        // Another seed, appended: keys continue, UNIQUE values avoid the taken ones, and the
        // database stays valid.
        let more = PlanOptions {
            rows: 60,
            seed: 99,
            ..PlanOptions::default()
        };
        seed(db.url(), None, more, IfExists::Append).await.unwrap();
        assert_eq!(count(&db, "appointment", dialect).await, 160);
        assert_eq!(count(&db, "provider", dialect).await, 160);
        let violations = validate_database(db.url()).await.unwrap();
        assert!(violations.is_empty(), "{backend:?}: {violations:?}");
        // A subset: only appointments grow; their parents are the rows already there.
        let subset = PlanOptions {
            rows: 40,
            seed: 5,
            ..PlanOptions::default()
        };
        seed_tables(
            db.url(),
            None,
            subset,
            IfExists::Append,
            Some(vec!["appointment".into()]),
        )
        .await
        .unwrap();
        assert_eq!(count(&db, "appointment", dialect).await, 200);
        assert_eq!(count(&db, "provider", dialect).await, 160);
        let violations = validate_database(db.url()).await.unwrap();
        assert!(violations.is_empty(), "{backend:?}: {violations:?}");
    }

    #[tokio::test]
    async fn appends_on_postgres() {
        append_twice(Backend::Postgres, Dialect::Postgres, "clinic.postgres.sql").await;
    }

    #[tokio::test]
    async fn appends_on_mariadb() {
        append_twice(Backend::Mysql, Dialect::Mysql, "clinic.mysql.sql").await;
    }

    #[tokio::test]
    async fn appends_on_sqlite() {
        append_twice(Backend::Sqlite, Dialect::Sqlite, "clinic.sqlite.sql").await;
    }

    #[tokio::test]
    async fn a_subset_without_parents_is_refused() {
        let Some(db) = TestDatabase::require(Backend::Sqlite, "seed_subset").await else {
            return;
        };
        db.run_script(&read(&schema_file("clinic.sqlite.sql")))
            .await
            .unwrap();
        let err = seed_tables(
            db.url(),
            None,
            options(10),
            IfExists::Fail,
            Some(vec!["appointment".into()]),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(err.contains("appointment(patient_id) -> patient"), "{err}");
        assert!(
            err.contains("fix: add the parent tables to --tables"),
            "{err}"
        );
        assert_eq!(count(&db, "appointment", Dialect::Sqlite).await, 0);
    }
}

mod cycles {
    use super::*;
    use sprout::seed::seed_tables;
    use sprout::validate::live::validate_database;
    use sprout_tests::{corpus_file, statements_for_test_database};

    /// Sakila's staff <-> store cycle has no nullable and no DEFERRABLE key: seeding suspends
    /// MariaDB's foreign-key checks for the session and checks those keys before committing.
    /// (film_text is filled by Sakila's own trigger on film, so it is not seeded directly.)
    #[tokio::test]
    async fn sakila_seeds_on_mariadb_with_checks_suspended() {
        let Some(db) = TestDatabase::require(Backend::Mysql, "seed_sakila").await else {
            return;
        };
        let script = read(&corpus_file("sakila-mysql/sakila-schema.sql"));
        db.run_statements(&statements_for_test_database(&script, "sakila"))
            .await
            .unwrap();
        let schema = sprout::source::introspect(db.url()).await.unwrap().schema;
        let tables: Vec<String> = schema
            .tables
            .iter()
            .map(|t| t.name.clone())
            .filter(|t| t != "film_text")
            .collect();
        let report = seed_tables(
            db.url(),
            Some(schema),
            options(200),
            IfExists::Fail,
            Some(tables),
        )
        .await
        .unwrap();
        assert_eq!(report.rows.len(), 15);
        assert_eq!(count(&db, "store", Dialect::Mysql).await, 200);
        assert_eq!(
            count(&db, "film_text", Dialect::Mysql).await,
            200,
            "Sakila's trigger filled film_text"
        );
        let violations = validate_database(db.url()).await.unwrap();
        assert!(violations.is_empty(), "{violations:?}");
    }
}

/// Appending with the seed the rows already there came from draws new values: neither a
/// composite UNIQUE of two text columns nor one of two references collides, on every backend.
#[tokio::test]
async fn appending_with_the_same_seed_draws_new_values() {
    for (backend, dialect, key) in [
        (Backend::Postgres, Dialect::Postgres, "serial PRIMARY KEY"),
        (
            Backend::Mysql,
            Dialect::Mysql,
            "int AUTO_INCREMENT PRIMARY KEY",
        ),
        (Backend::Sqlite, Dialect::Sqlite, "INTEGER PRIMARY KEY"),
    ] {
        let Some(db) = TestDatabase::require(backend, "append_same_seed").await else {
            return;
        };
        db.run_script(&format!(
            "CREATE TABLE person (id {key}, first_name varchar(40) NOT NULL, city varchar(40) NOT NULL, UNIQUE (first_name, city));
             CREATE TABLE course (id {key}, title varchar(40) NOT NULL);
             CREATE TABLE enrollment (id {key}, person_id int NOT NULL REFERENCES person (id), course_id int NOT NULL REFERENCES course (id), UNIQUE (person_id, course_id));"
        ))
        .await
        .unwrap();
        let options = || PlanOptions {
            rows: 200,
            seed: 0,
            ..PlanOptions::default()
        };
        seed(db.url(), None, options(), IfExists::Fail)
            .await
            .unwrap();
        for _ in 0..2 {
            seed(db.url(), None, options(), IfExists::Append)
                .await
                .unwrap_or_else(|e| panic!("{backend:?}: appending with seed 0 again: {e}"));
        }
        assert_eq!(count(&db, "person", dialect).await, 600, "{backend:?}");
        assert_eq!(count(&db, "enrollment", dialect).await, 600, "{backend:?}");
    }
}
