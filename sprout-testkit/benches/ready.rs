//! Per-test database ready time, p50 and p95, per backend: a database cloned from the template
//! (what `#[sprout_testkit::test(schema = ..)]` does) side by side with an empty database plus
//! running the schema script for every test (what a per-test migration does).
//!
//! `cargo bench -p sprout-testkit --all-features --bench ready` prints a Markdown table for
//! docs/benchmarks.md (container rows need a Docker engine and the image variables).

use std::time::Instant;

use sprout_testkit::{Backend, Host, Setup, TestDatabase};

const RUNS: usize = 40;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

async fn time(backend: Backend, host: Host, script: &str, per_test_script: bool) -> (f64, f64) {
    let setup = if per_test_script {
        Setup::Empty
    } else {
        Setup::Script(script.to_string())
    };
    // Warm-up: the template (and a container) exist before timing starts.
    let warm = TestDatabase::create_with(backend, host, "bench_ready_warm", &setup)
        .await
        .expect("the backend is there");
    drop(warm);
    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let db = TestDatabase::create_with(backend, host, "bench_ready", &setup)
            .await
            .unwrap();
        if per_test_script {
            db.run_script(script).await.unwrap();
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        drop(db);
    }
    (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.95),
    )
}

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
    println!("| backend | from template p50 | p95 | schema per test p50 | p95 | p50 ratio |");
    println!("|---|---|---|---|---|---|");
    for (name, backend, host, script) in cases {
        let (t50, t95) = time(backend, host, script, false).await;
        let (s50, s95) = time(backend, host, script, true).await;
        println!(
            "| {name} | {t50:.2} ms | {t95:.2} ms | {s50:.2} ms | {s95:.2} ms | {:.2}x |",
            s50 / t50
        );
    }
}
