//! Every backend: two tests seeding the same schema at the same time never see each other's
//! rows; a test gets the same rows every run (pinned by an insta snapshot); another test gets
//! other rows.

use sprout_testkit::{Backend, Host, Seeded, Setup, TestDatabase, seeder, test_seed};
use sqlx::{MySqlPool, PgPool, SqlitePool};

mod common;
use common::own_rows;

#[sprout_testkit::test(schema = "tests/schema/shop.postgres.sql", rows = 6)]
async fn postgres_server_a(pool: PgPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    insta::assert_json_snapshot!(seeded.snapshot());
}

#[sprout_testkit::test(schema = "tests/schema/shop.postgres.sql", rows = 6)]
async fn postgres_server_b(pool: PgPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", rows = 6)]
async fn mariadb_server_a(pool: MySqlPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    insta::assert_json_snapshot!(seeded.snapshot());
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", rows = 6)]
async fn mariadb_server_b(pool: MySqlPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    // The template's trigger came along with the copied tables.
    sqlx::query("INSERT INTO customer (email, full_name) VALUES ('UPPER@EXAMPLE.COM', 'x')")
        .execute(&pool)
        .await
        .unwrap();
    let (email,): (String,) = sqlx::query_as("SELECT email FROM customer WHERE full_name = 'x'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(email, "upper@example.com");
    // So did the view and the function.
    let (paid,): (i64,) = sqlx::query_as("SELECT count(*) FROM paid_orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (expected,): (i64,) = sqlx::query_as("SELECT count(*) FROM orders WHERE status = 'paid'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(paid, expected);
    let (taxed,): (String,) = sqlx::query_as("SELECT CAST(with_tax(10) AS CHAR)")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(taxed, "12.00");
}

#[sprout_testkit::test(schema = "tests/schema/shop.sqlite.sql", rows = 6)]
async fn sqlite_file_a(pool: SqlitePool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    insta::assert_json_snapshot!(seeded.snapshot());
}

#[sprout_testkit::test(schema = "tests/schema/shop.sqlite.sql", host = "memory", rows = 6)]
async fn sqlite_memory_a(pool: SqlitePool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
}

#[sprout_testkit::test(schema = "tests/schema/shop.sqlite.sql", host = "memory", rows = 6)]
async fn sqlite_memory_b(pool: SqlitePool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
}

/// Two databases of one test process, seeded with the seeds of two different tests: other
/// tests get other rows, and the same test's seed gives the same rows again.
#[tokio::test]
async fn other_tests_get_other_rows() {
    let shop = Setup::Script(include_str!("schema/shop.sqlite.sql").to_string());
    let mut seen = Vec::new();
    for path in ["isolation::one", "isolation::two", "isolation::one"] {
        let db = TestDatabase::create_with(Backend::Sqlite, Host::File, path, &shop)
            .await
            .unwrap();
        let pool = db.sqlite_pool().await.unwrap();
        let seeded = seeder()
            .rows(6)
            .seed(test_seed(path))
            .run(&pool)
            .await
            .unwrap();
        seen.push(seeded.snapshot());
        pool.close().await;
    }
    assert_ne!(seen[0], seen[1], "two tests, two seeds, other rows");
    assert_eq!(seen[0], seen[2], "one test, one seed, the same rows");
}
