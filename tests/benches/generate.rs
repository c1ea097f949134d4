//! Rows out: generation throughput on the clinic schema and Pagila, side by side in one run:
//! generating alone, generating and validating, and rendering the PostgreSQL INSERT script.
//!
//! `cargo bench -p sprout-tests --bench generate` prints a Markdown table for
//! docs/benchmarks.md.

use std::time::Instant;

use sprout::plan::spec::Spec;
use sprout::sink::sql::{DEFAULT_BATCH, insert_statements};
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, Schema, generate, validate};
use sprout_tests::{corpus_file, read, schema_file};

const RUNS: usize = 5;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn measure(name: &str, schema: &Schema, spec: Option<Spec>, rows: u64) {
    let options = PlanOptions {
        rows,
        seed: 1,
        spec,
        ..PlanOptions::default()
    };
    let plan = Plan::new(schema.clone(), options).expect("plan");
    let total: usize = plan.rows.values().map(|&n| n as usize).sum();
    let time = |f: &dyn Fn()| {
        median(
            (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    f();
                    start.elapsed().as_secs_f64()
                })
                .collect(),
        )
    };
    let generate_only = time(&|| {
        std::hint::black_box(generate(&plan).unwrap());
    });
    let with_validate = time(&|| {
        let data = generate(&plan).unwrap();
        assert!(validate(schema, &data).is_empty());
    });
    let data = generate(&plan).unwrap();
    let render = time(&|| {
        std::hint::black_box(insert_statements(
            schema,
            &data,
            Dialect::Postgres,
            DEFAULT_BATCH,
        ));
    });
    println!(
        "| {name} | {rows} | {total} | {:.0} | {:.2} s | {:.2}x | {:.2}x |",
        total as f64 / generate_only,
        generate_only,
        with_validate / generate_only,
        render / generate_only
    );
}

fn main() {
    println!("median of {RUNS} runs; ratios are against generating alone");
    println!();
    println!(
        "| schema | rows per table | rows | rows/s generated | generate | generate + validate | render SQL |"
    );
    println!("|---|---|---|---|---|---|---|");
    let clinic = ddl::parse(
        &read(&schema_file("clinic.postgres.sql")),
        Dialect::Postgres,
    )
    .unwrap()
    .schema;
    measure("clinic", &clinic, None, 10_000);
    let pagila = ddl::parse(
        &read(&corpus_file("pagila/pagila-schema.sql")),
        Dialect::Postgres,
    )
    .unwrap()
    .schema;
    let mut spec = Spec::infer(&pagila);
    spec.apply_toml("[payment.payment_date]\nkind = \"timestamp\"\nfrom = \"2022-01-01\"\nto = \"2022-06-30\"\n", "bench", &pagila)
        .unwrap();
    measure("pagila", &pagila, Some(spec), 10_000);
}
