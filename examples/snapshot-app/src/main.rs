//! `cargo run` in examples/snapshot-app: the migrations into a SQLite file, then a task with
//! every parent it needs, through the factories the snapshot typed.

use snapshot_app::{Org, Task, User};
use sqlx::AssertSqlSafe;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("snapshot-app-{}.db", std::process::id()));
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePool::connect_with(options).await?;
    for file in sprout::source::migrations::files("migrations".as_ref())? {
        sqlx::raw_sql(AssertSqlSafe(std::fs::read_to_string(file)?))
            .execute(&pool)
            .await?;
    }
    let task = Task::sprout().insert(&pool).await?;
    let acme = Org::sprout().name("Acme".into()).insert(&pool).await?;
    let staff = User::sprout().org_id(acme.id).insert_many(3, &pool).await?;
    println!("task {} in project {}", task.title, task.project_id);
    println!(
        "{} staff at {} (plan {}, {} seats)",
        staff.len(),
        acme.name,
        acme.plan,
        acme.seats
    );
    for table in ["orgs", "users", "projects", "tasks"] {
        let (n,): (i64,) = sqlx::query_as(AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(&pool)
            .await?;
        println!("{table}: {n} rows");
    }
    pool.close().await;
    std::fs::remove_file(&path)?;
    Ok(())
}
