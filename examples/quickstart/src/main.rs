//! Quickstart: sprout on an embedded SQLite database, no server needed.
//!
//! Creates `target/quickstart.db` from `schema.sql` (replacing the file this example made on
//! an earlier run), reads its schema back with sprout, and prints what sprout sees: tables,
//! keys, foreign keys and CHECKs, then the model's structural hash.
//!
//! Run it with `cargo run -p quickstart`.

use std::path::PathBuf;

use sqlx::Connection;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/quickstart.db");
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite://{}", path.display());

    let mut conn = sqlx::SqliteConnection::connect(&format!("{url}?mode=rwc")).await?;
    sqlx::raw_sql(include_str!("../schema.sql"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;

    let loaded = sprout::source::introspect(&url).await?;
    for warning in &loaded.warnings {
        eprintln!("{warning}");
    }
    let schema = loaded.schema;
    println!("{} tables in {}", schema.tables.len(), path.display());
    for table in &schema.tables {
        let key = table
            .primary_key
            .as_ref()
            .map(|pk| pk.columns.join(", "))
            .unwrap_or_default();
        println!(
            "  {} ({} columns, key: {key})",
            table.name,
            table.columns.len()
        );
        for fk in &table.foreign_keys {
            println!(
                "    {} -> {}({})",
                fk.columns.join(", "),
                fk.ref_table,
                fk.ref_columns.join(", ")
            );
        }
        for check in &table.checks {
            println!("    CHECK {}", check.expr);
        }
    }
    println!("schema hash {}", schema.hash());
    Ok(())
}
