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
    // The cluster behind the pool is the container's, not the server on the host: their
    // system identifiers (set once per initdb) differ.
    let (inside,): (i64,) = sqlx::query_as("SELECT system_identifier FROM pg_control_system()")
        .fetch_one(&pool)
        .await
        .unwrap();
    let host_url = std::env::var("SPROUT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let host = PgPool::connect(&host_url).await.unwrap();
    let (outside,): (i64,) = sqlx::query_as("SELECT system_identifier FROM pg_control_system()")
        .fetch_one(&host)
        .await
        .unwrap();
    assert_ne!(
        inside, outside,
        "the test ran against the host's server, not a container"
    );
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "container", rows = 6)]
async fn mariadb_container_a(pool: MySqlPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    insta::assert_json_snapshot!(seeded.snapshot());
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "container", rows = 6)]
async fn mariadb_container_b(pool: MySqlPool, seeded: Seeded) {
    own_rows(emails!(&pool), &seeded);
    // The server behind the pool runs in the container: its host name is the container's.
    let hostname = |rows: Vec<(String,)>| rows.into_iter().next().unwrap().0;
    let inside = hostname(
        sqlx::query_as("SELECT @@hostname")
            .fetch_all(&pool)
            .await
            .unwrap(),
    );
    let host_url = std::env::var("SPROUT_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into());
    let host = MySqlPool::connect(&host_url).await.unwrap();
    let outside = hostname(
        sqlx::query_as("SELECT @@hostname")
            .fetch_all(&host)
            .await
            .unwrap(),
    );
    assert_ne!(
        inside, outside,
        "the test ran against the host's server, not a container"
    );
}

/// A container the testkit started runs for throwaway data: no fsync, no synchronous commit,
/// no full-page writes (PostgreSQL); the redo log flushed about once a second (MariaDB).
#[sprout_testkit::test(schema = "tests/schema/shop.postgres.sql", host = "container")]
async fn postgres_container_trades_durability_for_speed(pool: PgPool) {
    for (setting, want) in [
        ("fsync", "off"),
        ("synchronous_commit", "off"),
        ("full_page_writes", "off"),
    ] {
        let (value,): (String,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SHOW {setting}")))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(value, want, "{setting}");
    }
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "container")]
async fn mariadb_container_trades_durability_for_speed(pool: MySqlPool) {
    let (flush, sync): (u64, u64) = sqlx::query_as(
        "SELECT @@GLOBAL.innodb_flush_log_at_trx_commit + 0, @@GLOBAL.sync_binlog + 0",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((flush, sync), (0, 0));
}

/// What is mounted inside this process's containers (each one's `/proc/mounts`).
fn container_mounts() -> String {
    let filter = format!(
        "label={}={}",
        sprout_testkit::container::LABEL,
        std::process::id()
    );
    let ids = std::process::Command::new("docker")
        .args(["ps", "-q", "--filter", &filter])
        .output()
        .expect("docker runs");
    let mut mounts = String::new();
    for id in String::from_utf8_lossy(&ids.stdout).split_whitespace() {
        let out = std::process::Command::new("docker")
            .args(["exec", id, "cat", "/proc/mounts"])
            .output()
            .expect("docker exec runs");
        mounts.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    mounts
}

/// True when `dir` is a tmpfs mount point in `mounts`.
fn on_tmpfs(mounts: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    mounts.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() > 2 && fields[1] == dir && fields[2] == "tmpfs"
    })
}

/// The container's server keeps its data in memory (tmpfs): it dies with the container anyway.
#[sprout_testkit::test(schema = "tests/schema/shop.postgres.sql", host = "container")]
async fn postgres_container_keeps_its_data_on_tmpfs(pool: PgPool) {
    let (dir,): (String,) = sqlx::query_as("SELECT current_setting('data_directory')")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mounts = container_mounts();
    assert!(on_tmpfs(&mounts, &dir), "{dir} is not on tmpfs:\n{mounts}");
}

#[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "container")]
async fn mariadb_container_keeps_its_data_on_tmpfs(pool: MySqlPool) {
    let (dir,): (String,) = sqlx::query_as("SELECT CAST(@@datadir AS CHAR)")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mounts = container_mounts();
    assert!(on_tmpfs(&mounts, &dir), "{dir} is not on tmpfs:\n{mounts}");
}
