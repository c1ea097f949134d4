//! The seeding builder (rows per table, Spec overrides, a subset, appending), migrations applied
//! once into a template (with the rows they insert), and templates built once under a lock when
//! many tests ask for a new one at the same moment.

use sprout_testkit::{Backend, Host, Setup, TestDatabase, seeder};
use sqlx::{PgPool, SqlitePool};

#[sprout_testkit::test(migrations = "tests/migrations", backend = "sqlite")]
async fn migrations_run_into_the_template(pool: SqlitePool) {
    let (currency,): (String,) =
        sqlx::query_as("SELECT value FROM setting WHERE name = 'currency'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(currency, "EUR", "rows inserted by a migration are there");
    // `.down.sql` files are not applied: orders exists.
    let seeded = seeder()
        .rows(5)
        .table_rows("orders", 12)
        .spec("[orders.status]\nkind = \"constant\"\nvalue = \"paid\"")
        .tables(["customer", "orders"])
        .run(&pool)
        .await
        .unwrap();
    assert_eq!(seeded.count("customer"), 5);
    assert_eq!(seeded.count("orders"), 12);
    assert_eq!(seeded.count("setting"), 0, "not in the subset");
    let statuses: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT status FROM orders")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(statuses, vec![("paid".to_string(),)]);
    // Appending keeps what is there.
    let more = seeder()
        .rows(3)
        .tables(["customer"])
        .append()
        .run(&pool)
        .await
        .unwrap();
    assert_eq!(more.count("customer"), 3);
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM customer")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 8);
}

#[sprout_testkit::test(migrations = "tests/migrations")]
async fn migrations_on_postgres(pool: PgPool) {
    let (currency,): (String,) =
        sqlx::query_as("SELECT value FROM setting WHERE name = 'currency'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(currency, "EUR");
    let seeded = sprout_testkit::seed(&pool).await.unwrap_err();
    // The migration's row makes `setting` non-empty: the default refuses and names it.
    assert!(seeded.to_string().contains("setting"), "{seeded}");
}

/// Eight databases asking at once for a template nobody has built: all get the schema, and the
/// template is built once.
#[tokio::test]
async fn a_new_template_is_built_once_under_concurrency() {
    let marker = format!(
        "-- {}:{:?}\nCREATE TABLE t (id int PRIMARY KEY);",
        std::process::id(),
        std::time::SystemTime::now()
    );
    let setup = Setup::Script(marker);
    let mut tasks = Vec::new();
    for i in 0..8 {
        let setup = setup.clone();
        tasks.push(tokio::spawn(async move {
            TestDatabase::create_with(
                Backend::Postgres,
                Host::Server,
                &format!("concurrent_{i}"),
                &setup,
            )
            .await
        }));
    }
    let mut databases = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(db) => databases.push(db),
            Err(e) if sprout_testkit::missing_backends_allowed() => {
                eprintln!("skipping: {e}");
                return;
            }
            Err(e) => panic!("{e}"),
        }
    }
    for db in &databases {
        db.run_script("INSERT INTO t VALUES (1)").await.unwrap();
    }
    // Exactly one template holds this script: drop it, it is this test's own.
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&sprout_testkit::server_url(Backend::Postgres))
        .await
        .unwrap();
    let name = sprout_testkit::template_name(Backend::Postgres, &setup);
    let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(count, 1);
    drop(databases);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
}

/// Migrations run in the order of their version numbers, as sqlx's migrator runs them: `9_`
/// before `10_`, although `10_` sorts first as text (its INSERT needs version 9's table).
#[sprout_testkit::test(migrations = "tests/migrations_numbered", backend = "sqlite")]
async fn migrations_run_in_version_order(pool: SqlitePool) {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM author WHERE id = 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(name, "first");
}
