//! The cost of UNIQUE text: one `member` table (email, name, a timestamp) generated with its
//! email UNIQUE and without, at growing row counts, and the clinic-shaped schema (13 related
//! tables, UNIQUE emails and codes, CHECKs, self-references) at a large count per table. Every
//! run streams through a `RowSink` that keeps nothing, in a child process of its own, so time
//! and peak resident memory (VmHWM) are its own.
//!
//! `cargo bench -p sprout-tests --bench unique_cost` prints Markdown tables for
//! docs/benchmarks.md; `SPROUT_BENCH_CLINIC_ROWS` sets the clinic count (default 1,000,000).

use std::process::Command;

use sprout::generate::generate_into;
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions};
use sprout_tests::{Discard, peak_kib};

fn member(unique: bool) -> String {
    let unique = if unique { " UNIQUE" } else { "" };
    format!(
        "CREATE TABLE member (id bigserial PRIMARY KEY, email varchar(120){unique}, \
         full_name text NOT NULL, joined_at timestamp NOT NULL);"
    )
}

/// Generates `schema` at `rows` per table, streaming; prints "peak_kib seconds".
fn run(schema: &str, dialect: Dialect, rows: u64) {
    let schema = ddl::parse(schema, dialect).unwrap().schema;
    let options = PlanOptions {
        rows,
        seed: 1,
        ..PlanOptions::default()
    };
    let plan = Plan::new(schema, options).unwrap();
    let start = std::time::Instant::now();
    let mut sink = Discard(0);
    generate_into(&plan, &mut sink).unwrap();
    std::hint::black_box(sink.0);
    println!("{} {:.2}", peak_kib(), start.elapsed().as_secs_f64());
}

/// Runs one case in a child process: (peak MiB, seconds).
fn child(case: &str, rows: u64) -> (f64, f64) {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--child", case, &rows.to_string()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut parts = text.split_whitespace();
    let kib: f64 = parts.next().unwrap().parse().unwrap();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    (kib / 1024.0, seconds)
}

fn clinic() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/clinic.postgres.sql"
    ))
    .unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let rows: u64 = args[at + 2].parse().unwrap();
        match args[at + 1].as_str() {
            "unique" => run(&member(true), Dialect::Postgres, rows),
            "plain" => run(&member(false), Dialect::Postgres, rows),
            "clinic" => run(&clinic(), Dialect::Postgres, rows),
            other => panic!("unknown case {other}"),
        }
        return;
    }
    println!("| member rows | UNIQUE email | peak RSS | no UNIQUE | peak RSS | UNIQUE / none |");
    println!("|---|---|---|---|---|---|");
    for rows in [100_000, 200_000, 400_000, 1_000_000] {
        let (unique_mib, unique_s) = child("unique", rows);
        let (plain_mib, plain_s) = child("plain", rows);
        println!(
            "| {rows} | {unique_s:.2} s | {unique_mib:.0} MiB | {plain_s:.2} s | {plain_mib:.0} MiB | {:.2}x |",
            unique_s / plain_s
        );
    }
    let rows: u64 = std::env::var("SPROUT_BENCH_CLINIC_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let (mib, seconds) = child("clinic", rows);
    println!();
    println!("| clinic rows per table | tables | time | rows/s | peak RSS |");
    println!("|---|---|---|---|---|");
    println!(
        "| {rows} | 13 | {seconds:.1} s | {:.0} | {mib:.0} MiB |",
        (rows * 13) as f64 / seconds
    );
}
