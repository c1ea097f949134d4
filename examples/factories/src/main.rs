//! A sqlx app's models, as it already has them (`FromRow`), with `#[derive(Sprout)]` added:
//! typed factories insert an organisation, its members and their posts into PostgreSQL,
//! parents first, the same values on every run.
//!
//! `cargo run -p factories` uses `DATABASE_URL` (default: the local server's `postgres`
//! database) to create a database of its own, `sprout_example_factories`, and drops it at the end.

use anyhow::Context as _;
use sprout::Sprout;
use sqlx::{Connection, FromRow, PgPool};

#[derive(Debug, Clone, FromRow, Sprout)]
#[sprout(table = "org")]
pub struct Org {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, FromRow, Sprout)]
#[sprout(table = "member", trait(name = "admin", role = "admin"))]
pub struct Member {
    pub id: i32,
    #[sprout(fk = Org)]
    pub org_id: i32,
    #[sprout(unique, faker = "email")]
    pub email: String,
    #[sprout(values = ["member", "admin"])]
    pub role: String,
    #[sprout(range = 18..=90)]
    pub age: i32,
}

#[derive(Debug, Clone, FromRow, Sprout)]
#[sprout(table = "post")]
pub struct Post {
    pub id: i32,
    #[sprout(fk = Member)]
    pub author_id: i32,
    #[sprout(len = 10..=60)]
    pub title: String,
    pub published: Option<chrono::NaiveDate>,
}

const SCHEMA: &str = "
CREATE TABLE org (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE member (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id),
                     email text NOT NULL UNIQUE, role text NOT NULL, age integer NOT NULL);
CREATE TABLE post (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES member (id),
                   title text NOT NULL, published date);
";

const DATABASE: &str = "sprout_example_factories";

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let server = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .with_context(|| format!("connecting to {}", sprout::error::redact_url(&server)))?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{DATABASE}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE \"{DATABASE}\""
    )))
    .execute(&mut admin)
    .await?;
    let url = url_with_database(&server, DATABASE);
    let pool = PgPool::connect(&url).await?;
    sqlx::raw_sql(SCHEMA).execute(&pool).await?;

    // One organisation; an admin and two members in it; a post by each (parents given).
    let acme = Org::sprout().name("Acme".into()).insert(&pool).await?;
    let admin_member = Member::sprout()
        .org(&acme)
        .with_trait("admin")
        .insert(&pool)
        .await?;
    let members = Member::sprout().org(&acme).insert_many(2, &pool).await?;
    for author in std::iter::once(&admin_member).chain(&members) {
        Post::sprout().author(author).insert(&pool).await?;
    }
    // A post alone: its member and that member's organisation are created first.
    let lone = Post::sprout().insert(&pool).await?;

    let posts: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT o.name, m.email, p.title FROM post p JOIN member m ON m.id = p.author_id
         JOIN org o ON o.id = m.org_id ORDER BY p.id",
    )
    .fetch_all(&pool)
    .await?;
    for (org, email, title) in &posts {
        println!("{org:>24} | {email:<36} | {title}");
    }
    let admins: Vec<Member> = sqlx::query_as("SELECT * FROM member WHERE role = 'admin'")
        .fetch_all(&pool)
        .await?;
    println!(
        "{} posts, {} admin(s), the lone post's author {}",
        posts.len(),
        admins.len(),
        lone.author_id
    );
    pool.close().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE \"{DATABASE}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    Ok(())
}

fn url_with_database(server: &str, database: &str) -> String {
    match server.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{database}"),
        None => format!("{server}/{database}"),
    }
}
