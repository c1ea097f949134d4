//! Quickstart: sprout on an embedded SQLite database, no server needed.
//!
//! Creates `target/quickstart.db` from `schema.sql` (replacing the file this example made on
//! an earlier run), reads its schema back with sprout, generates 100 rows per table with a
//! fixed seed, inserts them in foreign-key order in one transaction, checks them, and prints
//! a summary with a few rows.
//!
//! Run it with `cargo run -p quickstart`.

use std::path::PathBuf;
use std::time::Instant;

use sprout::sink::sql::{DEFAULT_BATCH, insert_statements};
use sprout::{Plan, PlanOptions, generate, validate};
use sqlx::{AssertSqlSafe, Connection};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/quickstart.db");
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite://{}", path.display());

    let mut conn = sqlx::SqliteConnection::connect(&format!("{url}?mode=rwc")).await?;
    sqlx::raw_sql(include_str!("../schema.sql"))
        .execute(&mut conn)
        .await?;

    // Schema in.
    let loaded = sprout::source::introspect(&url).await?;
    for warning in &loaded.warnings {
        eprintln!("{warning}");
    }
    let schema = loaded.schema;

    // Rows out.
    let plan = Plan::new(
        schema.clone(),
        PlanOptions {
            rows: 100,
            seed: 42,
            ..PlanOptions::default()
        },
    )?;
    let data = generate(&plan)?;
    let violations = validate(&schema, &data);
    anyhow::ensure!(
        violations.is_empty(),
        "generated rows break a constraint: {}",
        violations[0]
    );

    sqlx::raw_sql("PRAGMA foreign_keys = ON")
        .execute(&mut conn)
        .await?;
    let mut tx = conn.begin().await?;
    for statement in insert_statements(&schema, &data, schema.dialect, DEFAULT_BATCH) {
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;

    let total: usize = data.tables.iter().map(|t| t.rows.len()).sum();
    println!(
        "seeded {} ({} tables, schema hash {})",
        path.display(),
        schema.tables.len(),
        schema.hash()
    );
    println!("insertion order: {}", plan.order.tables.join(" -> "));
    for table in &data.tables {
        let (count,): (i64,) = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT count(*) FROM {}",
            sprout::sink::sql::quote_ident(&table.name, schema.dialect)
        )))
        .fetch_one(&mut conn)
        .await?;
        println!("  {:<12} {count:>4} rows", table.name);
    }
    let customers = data.table("customer").expect("the schema has customers");
    for row in customers.rows.iter().take(3) {
        let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
        println!("  customer: {}", cells.join(" | "));
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{total} rows in {seconds:.2} s ({:.0} rows/s), 0 constraint violations",
        total as f64 / seconds
    );
    conn.close().await?;
    Ok(())
}
