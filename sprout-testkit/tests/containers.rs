//! The testcontainers backend: PostgreSQL and MariaDB containers started by this test binary
//! (images from `SPROUT_POSTGRES_IMAGE` / `SPROUT_MYSQL_IMAGE`, else the official ones), one
//! per engine, shared by the binary's tests, each test in its own database; removed at exit.
#![cfg(feature = "testcontainers")]

use sprout_testkit::Seeded;
use sqlx::{MySqlPool, PgPool};

mod common;
use common::own_rows;

#[sprout_testkit::test(
    schema = "tests/schema/shop.postgres.sql",
    host = "container",
    rows = 6
)]
async fn postgres_container_a(pool: PgPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    // The test's path fixes its seed, so its rows are pinned whatever the host.
    insta::assert_json_snapshot!(seeded.snapshot());
}

#[sprout_testkit::test(
    schema = "tests/schema/shop.postgres.sql",
    host = "container",
    rows = 6
)]
async fn postgres_container_b(pool: PgPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    let (port,): (i32,) = sqlx::query_as("SELECT inet_server_port()")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(port, 5432, "inside the container");
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "container", rows = 6)]
async fn mariadb_container_a(pool: MySqlPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    insta::assert_json_snapshot!(seeded.snapshot());
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "container", rows = 6)]
async fn mariadb_container_b(pool: MySqlPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
}
