//! Memory: peak resident memory of streaming a large table through a `RowSink` that keeps
//! nothing, against collecting the same rows in a `Dataset`. Each mode runs in a child process
//! of its own, so the peaks do not mix.
//!
//! `cargo bench -p sprout-tests --bench memory` prints a Markdown table for docs/benchmarks.md.

use std::process::Command;

use sprout::generate::{generate, generate_into};
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions};
use sprout_tests::{Discard, peak_kib};

const SCHEMA: &str = "
CREATE TABLE account (id serial PRIMARY KEY, email varchar(120) NOT NULL, full_name text NOT NULL, created_at timestamp NOT NULL);
CREATE TABLE event (id bigserial PRIMARY KEY, account_id integer NOT NULL REFERENCES account (id),
                    kind text NOT NULL CHECK (kind IN ('login', 'view', 'buy')), amount numeric(10,2) CHECK (amount > 0),
                    note text, at timestamp NOT NULL);
";

fn run(mode: &str, rows: u64) {
    let schema = ddl::parse(SCHEMA, Dialect::Postgres).unwrap().schema;
    let options = PlanOptions {
        rows: 1000,
        table_rows: [("event".to_string(), rows)].into(),
        seed: 1,
        ..PlanOptions::default()
    };
    let plan = Plan::new(schema, options).unwrap();
    let start = std::time::Instant::now();
    if mode == "stream" {
        let mut sink = Discard(0);
        generate_into(&plan, &mut sink).unwrap();
        std::hint::black_box(sink.0);
    } else {
        std::hint::black_box(generate(&plan).unwrap());
    }
    println!("{} {:.2}", peak_kib(), start.elapsed().as_secs_f64());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        run(&args[i + 1], args[i + 2].parse().unwrap());
        return;
    }
    println!(
        "| event rows | streaming peak RSS | collecting peak RSS | collecting / streaming | streaming time |"
    );
    println!("|---|---|---|---|---|");
    for rows in [100_000u64, 1_000_000] {
        let child = |mode: &str| -> (f64, f64) {
            let out = Command::new(&args[0])
                .args(["--child", mode, &rows.to_string()])
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            let mut parts = text.split_whitespace();
            (
                parts.next().unwrap().parse().unwrap(),
                parts.next().unwrap().parse().unwrap(),
            )
        };
        let (stream, stream_time) = child("stream");
        let (collect, _) = child("collect");
        println!(
            "| {rows} | {:.0} MiB | {:.0} MiB | {:.1}x | {stream_time:.1} s |",
            stream / 1024.0,
            collect / 1024.0,
            collect / stream
        );
    }
}
