//! Schema in: how long sprout takes to read the same schema from its DDL file and from a live
//! database, side by side in one run, per real schema and backend.
//!
//! `cargo bench -p sprout-tests --bench schema_in` prints a Markdown table (median of N runs,
//! and the introspection / DDL ratio) for docs/benchmarks.md.

use std::time::{Duration, Instant};

use sprout::Dialect;
use sprout::source::{self, ddl};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::{corpus_file, read, schema_file, statements_for_test_database};

const RUNS: usize = 30;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn measure(name: &str, script: &str, backend: Backend, dialect: Dialect) {
    let parse = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let loaded = ddl::parse(script, dialect).expect("DDL parses");
                std::hint::black_box(loaded);
                start.elapsed()
            })
            .collect(),
    );
    let db = TestDatabase::create(backend, "bench")
        .await
        .expect("server available");
    let own_database = if name == "sakila" {
        "sakila"
    } else {
        "chinook"
    };
    let statements = statements_for_test_database(script, own_database);
    db.run_statements(&statements).await.expect("schema loads");
    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let loaded = source::introspect(db.url()).await.expect("introspection");
        std::hint::black_box(loaded);
        samples.push(start.elapsed());
    }
    let introspect = median(samples);
    println!(
        "| {name} | {backend:?} | {:.2} ms | {:.2} ms | {:.1}x |",
        parse.as_secs_f64() * 1e3,
        introspect.as_secs_f64() * 1e3,
        introspect.as_secs_f64() / parse.as_secs_f64()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("median of {RUNS} runs; introspection includes connecting");
    println!();
    println!("| schema | backend | DDL parse | introspection | introspection / DDL |");
    println!("|---|---|---|---|---|");
    let cases = [
        (
            "clinic",
            schema_file("clinic.postgres.sql"),
            Backend::Postgres,
            Dialect::Postgres,
        ),
        (
            "pagila",
            corpus_file("pagila/pagila-schema.sql"),
            Backend::Postgres,
            Dialect::Postgres,
        ),
        (
            "clinic",
            schema_file("clinic.mysql.sql"),
            Backend::Mysql,
            Dialect::Mysql,
        ),
        (
            "sakila",
            corpus_file("sakila-mysql/sakila-schema.sql"),
            Backend::Mysql,
            Dialect::Mysql,
        ),
        (
            "clinic",
            schema_file("clinic.sqlite.sql"),
            Backend::Sqlite,
            Dialect::Sqlite,
        ),
        (
            "chinook",
            corpus_file("chinook/chinook-sqlite.sql"),
            Backend::Sqlite,
            Dialect::Sqlite,
        ),
    ];
    for (name, path, backend, dialect) in cases {
        measure(name, &read(&path), backend, dialect).await;
    }
}
