//! Times the two suites, the same 200 tests written with `#[sprout_testkit::test]` and with
//! `#[sqlx::test]`, under `cargo test` and `cargo nextest run`, in one run, and prints a Markdown
//! table for docs/benchmarks.md:
//!
//! ```sh
//! cd examples/suite-compare && cargo run --release
//! ```
//!
//! Both suites are built first, so the times are test time only. sprout's template and pool are
//! warmed by one run first (they persist between runs, as they do for a user); sqlx's tests pay
//! their migrations every test by design. `DATABASE_URL` (for sqlx) defaults to the local
//! PostgreSQL the testkit uses.

use std::process::Command;
use std::time::Instant;

const RUNS: usize = 3;

fn run(args: &[&str]) -> f64 {
    let start = Instant::now();
    let status = Command::new("cargo")
        .args(args)
        .env(
            "DATABASE_URL",
            std::env::var("DATABASE_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        )
        .env("SPROUT_TEST_BACKEND", "postgres")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {} failed", args.join(" "));
    start.elapsed().as_secs_f64()
}

/// The best of [`RUNS`] wall times: a shared 2-core machine varies by a third from run to run.
fn best(args: &[&str]) -> f64 {
    (0..RUNS).map(|_| run(args)).fold(f64::INFINITY, f64::min)
}

fn main() {
    for suite in ["sprout_suite", "sqlx_suite"] {
        run(&["test", "--release", "--test", suite, "--no-run"]);
        run(&["nextest", "run", "--release", "--test", suite, "--no-run"]);
    }
    // The template and its pool, as a previous run leaves them.
    run(&["test", "--release", "--test", "sprout_suite", "t000"]);
    println!("| runner | sprout-testkit | sqlx::test | ratio |");
    println!("|---|---|---|---|");
    for (name, runner) in [
        ("cargo test", vec!["test", "--release", "--test"]),
        ("cargo nextest run", vec!["nextest", "run", "--release", "--test"]),
    ] {
        let with = |suite| {
            let mut args = runner.clone();
            args.push(suite);
            best(&args)
        };
        let sprout = with("sprout_suite");
        let sqlx = with("sqlx_suite");
        println!(
            "| {name} | {sprout:.1} s | {sqlx:.1} s | {:.2}x |",
            sqlx / sprout
        );
    }
}
