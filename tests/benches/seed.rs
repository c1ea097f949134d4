//! Rows into a live database: `sprout::seed` (PostgreSQL COPY, MySQL bound multi-row INSERTs,
//! SQLite prepared inserts, generation streamed alongside) against loading the same rows as the
//! literal multi-row INSERT script, side by side in one run, per backend.
//!
//! `cargo bench -p sprout-tests --bench seed` prints a Markdown table for docs/benchmarks.md.

use std::time::Instant;

use sprout::seed::{IfExists, seed};
use sprout::sink::sql::{DEFAULT_BATCH, insert_statements};
use sprout::{Plan, PlanOptions, generate};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::{read, schema_file};

const RUNS: usize = 3;
const ROWS: u64 = 5_000;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

async fn fresh(backend: Backend, ddl: &str) -> TestDatabase {
    let db = TestDatabase::create(backend, "bench_seed")
        .await
        .expect("the backend is running");
    db.run_script(ddl).await.expect("schema loads");
    db
}

async fn measure(backend: Backend, file: &str) {
    let ddl = read(&schema_file(file));
    let probe = fresh(backend, &ddl).await;
    let schema = sprout::source::introspect(probe.url())
        .await
        .unwrap()
        .schema;
    drop(probe);
    let options = PlanOptions {
        rows: ROWS,
        seed: 1,
        ..PlanOptions::default()
    };
    let plan = Plan::new(schema.clone(), options.clone()).unwrap();
    let total: u64 = plan.rows.values().sum();
    let dialect = schema.dialect;
    let (mut fast, mut script) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let db = fresh(backend, &ddl).await;
        let start = Instant::now();
        seed(
            db.url(),
            Some(schema.clone()),
            options.clone(),
            IfExists::Fail,
        )
        .await
        .unwrap();
        fast.push(start.elapsed().as_secs_f64());
        drop(db);

        let db = fresh(backend, &ddl).await;
        let start = Instant::now();
        // The script path: generate, render literals, run them in one transaction.
        let data = generate(&plan).unwrap();
        let statements = sprout_tests::in_one_transaction(
            dialect,
            insert_statements(&schema, &data, dialect, DEFAULT_BATCH),
        );
        db.run_statements(&statements).await.unwrap();
        script.push(start.elapsed().as_secs_f64());
        drop(db);
    }
    let (fast, script) = (median(fast), median(script));
    println!(
        "| {backend:?} | {total} | {fast:.2} s ({:.0} rows/s) | {script:.2} s ({:.0} rows/s) | {:.2}x |",
        total as f64 / fast,
        total as f64 / script,
        script / fast
    );
}

#[tokio::main]
async fn main() {
    println!(
        "| backend | rows (13 tables) | seed (COPY / bound / prepared) | literal INSERT script | speed-up |"
    );
    println!("|---|---|---|---|---|");
    measure(Backend::Postgres, "clinic.postgres.sql").await;
    measure(Backend::Mysql, "clinic.mysql.sql").await;
    measure(Backend::Sqlite, "clinic.sqlite.sql").await;
}
