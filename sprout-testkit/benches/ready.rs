//! Per-test database ready time, p50 and p95, per backend and host, in one run:
//!
//! - **warm pool**: a database taken from the pool of clones made ahead (what
//!   `#[sprout_testkit::test(schema = ..)]` does once a template's pool is filled);
//! - **cold**: a database cloned from the template for this test (the pool's first test, or
//!   `SPROUT_TEST_POOL=0`);
//! - **schema per test**: an empty database plus the schema script (what a per-test migration
//!   does, as `#[sqlx::test(migrations = ..)]`).
//!
//! Then warm pool against schema per test for the corpus's schemas as shipped (Sakila and
//! Chinook on MariaDB, Pagila and Northwind on PostgreSQL), and `seed(&pool)` at 10 rows per table on real schemas (Pagila's 22 tables on PostgreSQL,
//! Chinook's 11 on SQLite), in a database taken from the pool.
//!
//! `cargo bench -p sprout-testkit --all-features --bench ready` prints Markdown tables for
//! docs/benchmarks.md (container rows need a Docker engine and the image variables; the schemas
//! come from the shared corpus beside the checkout, or `SPROUT_CORPUS_DIR`).

use std::time::Instant;

use sprout_testkit::{Backend, Host, SeedPool, Setup, TestDatabase};

const RUNS: usize = 40;
const SEED_RUNS: usize = 20;
const POOL: usize = 2;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

#[derive(Clone, Copy, PartialEq)]
enum Way {
    WarmPool,
    Cold,
    SchemaPerTest,
}

async fn time(backend: Backend, host: Host, script: &str, way: Way) -> (f64, f64) {
    let (setup, pool) = match way {
        Way::WarmPool => (Setup::Script(script.to_string()), POOL),
        Way::Cold => (Setup::Script(script.to_string()), 0),
        Way::SchemaPerTest => (Setup::Empty, 0),
    };
    // Warm-up: the template, its pool (joined when the database drops) and a container exist
    // before timing starts.
    let warm = TestDatabase::create_pooled(backend, host, "bench_ready_warm", &setup, pool)
        .await
        .expect("the backend is there");
    drop(warm);
    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let db = TestDatabase::create_pooled(backend, host, "bench_ready", &setup, pool)
            .await
            .unwrap();
        if way == Way::SchemaPerTest {
            db.run_script(script).await.unwrap();
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        let url = db.url().to_string();
        drop(db);
        if way == Way::WarmPool {
            settle(backend, &url, &setup).await;
        }
    }
    (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.95),
    )
}

/// Waits (up to 5 s) until the dropped test database is gone and the pool holds [`POOL`] ready
/// databases again, as when tests take longer than a clone: a PostgreSQL test's drop waits only
/// until the server has its `DROP DATABASE` and replacement clone, not for them (MySQL's drop
/// waits for both), so without this the next sample would share the server with them.
async fn settle(backend: Backend, test_url: &str, setup: &Setup) {
    if backend != Backend::Postgres {
        return;
    }
    let mut admin_url = url::Url::parse(test_url).unwrap();
    let name = admin_url.path().trim_start_matches('/').to_string();
    admin_url.set_path("/postgres");
    admin_url.set_query(None);
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(admin_url.as_str())
        .await
        .unwrap();
    let pattern = format!(
        "{}\\_ready\\_%",
        sprout_testkit::template_name(backend, setup).replace('_', "\\_")
    );
    for _ in 0..500 {
        let (ready, dropped): (i64, bool) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE datname LIKE $1), NOT bool_or(datname = $2) \
             FROM pg_database",
        )
        .bind(&pattern)
        .bind(&name)
        .fetch_one(&mut admin)
        .await
        .unwrap();
        if ready as usize >= POOL && dropped {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// How long `seed(&pool)` takes on `pool`, which is closed after.
async fn timed_seed<DB: sqlx::Database>(pool: sqlx::Pool<DB>) -> std::time::Duration
where
    sqlx::Pool<DB>: SeedPool,
{
    let start = Instant::now();
    sprout_testkit::seed(&pool).await.unwrap();
    let elapsed = start.elapsed();
    pool.close().await;
    elapsed
}

/// `seed(&pool)` at 10 rows per table, p50 and p95, in databases taken from the pool.
async fn time_seed(backend: Backend, host: Host, script: &str) -> (f64, f64) {
    let setup = Setup::Script(script.to_string());
    let mut samples = Vec::new();
    for i in 0..=SEED_RUNS {
        let db = TestDatabase::create_pooled(backend, host, "bench_seed", &setup, POOL)
            .await
            .expect("the backend is there");
        let elapsed = match backend {
            Backend::Postgres => timed_seed(db.pg_pool().await.unwrap()).await,
            Backend::Mysql => timed_seed(db.mysql_pool().await.unwrap()).await,
            _ => timed_seed(db.sqlite_pool().await.unwrap()).await,
        };
        // The first seed of a template reads its schema; later ones reuse it.
        if i > 0 {
            samples.push(elapsed.as_secs_f64() * 1000.0);
        }
        let url = db.url().to_string();
        drop(db);
        settle(backend, &url, &setup).await;
    }
    (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.95),
    )
}

#[path = "../tests/shared/corpus.rs"]
mod corpus;
use corpus::corpus;

#[tokio::main]
async fn main() {
    let pg = include_str!("../tests/schema/shop.postgres.sql");
    let my = include_str!("../tests/schema/shop.mysql.sql");
    let lite = include_str!("../tests/schema/shop.sqlite.sql");
    let mut cases = vec![
        ("PostgreSQL server", Backend::Postgres, Host::Server, pg),
        ("MariaDB server", Backend::Mysql, Host::Server, my),
        ("SQLite file", Backend::Sqlite, Host::File, lite),
        ("SQLite memory", Backend::Sqlite, Host::Memory, lite),
    ];
    if cfg!(feature = "testcontainers") {
        cases.push((
            "PostgreSQL container",
            Backend::Postgres,
            Host::Container,
            pg,
        ));
        cases.push(("MariaDB container", Backend::Mysql, Host::Container, my));
    }
    println!(
        "| backend | warm pool p50 | p95 | cold p50 | p95 | schema per test p50 | p95 | warm vs schema | cold vs schema |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, backend, host, script) in cases {
        let (w50, w95) = time(backend, host, script, Way::WarmPool).await;
        let (c50, c95) = time(backend, host, script, Way::Cold).await;
        let (s50, s95) = time(backend, host, script, Way::SchemaPerTest).await;
        println!(
            "| {name} | {w50:.2} ms | {w95:.2} ms | {c50:.2} ms | {c95:.2} ms | {s50:.2} ms | {s95:.2} ms | {:.1}x | {:.2}x |",
            s50 / w50,
            s50 / c50
        );
    }
    println!();
    println!(
        "| corpus schema, as shipped | warm pool p50 | p95 | schema per test p50 | p95 | warm vs schema |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, backend, file) in [
        (
            "Sakila, MariaDB server",
            Backend::Mysql,
            "sakila-mysql/sakila-schema.sql",
        ),
        (
            "Chinook, MariaDB server",
            Backend::Mysql,
            "chinook/chinook-mysql.sql",
        ),
        (
            "Pagila, PostgreSQL server",
            Backend::Postgres,
            "pagila/pagila-schema.sql",
        ),
        (
            "Northwind, PostgreSQL server",
            Backend::Postgres,
            "northwind-postgresql/northwind.sql",
        ),
    ] {
        let script = corpus(file);
        let (w50, w95) = time(backend, Host::Server, &script, Way::WarmPool).await;
        let (s50, s95) = time(backend, Host::Server, &script, Way::SchemaPerTest).await;
        println!(
            "| {name} | {w50:.2} ms | {w95:.2} ms | {s50:.2} ms | {s95:.2} ms | {:.1}x |",
            s50 / w50
        );
    }
    println!();
    println!("| seed(&pool), 10 rows per table | p50 | p95 |");
    println!("|---|---|---|");
    let pagila = corpus("pagila/pagila-schema.sql");
    let chinook = corpus("chinook/chinook-sqlite.sql");
    for (name, backend, host, script) in [
        (
            "Pagila (22 tables), PostgreSQL server",
            Backend::Postgres,
            Host::Server,
            &pagila,
        ),
        (
            "Chinook (11 tables), SQLite file",
            Backend::Sqlite,
            Host::File,
            &chinook,
        ),
    ] {
        let (p50, p95) = time_seed(backend, host, script).await;
        println!("| {name} | {p50:.2} ms | {p95:.2} ms |");
    }
}
