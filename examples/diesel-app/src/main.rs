//! A diesel app's models, as it already has them, with `#[derive(Sprout)]` added: sprout reads
//! `#[diesel(table_name = ..)]` and `belongs_to(..)`, and `insert_sync` writes an organisation
//! and its members into a SQLite file through diesel, parents first.
//!
//! Then sprout reads `src/schema.rs` itself (`sprout::source::diesel`, as `sprout snapshot
//! src/schema.rs` does): its tables, keys and `joinable!` foreign keys, enough to generate rows
//! with no database at all.
//!
//! `cargo run -p diesel-app` writes `target/diesel-app.db` (its own file, replaced each run).

use diesel::prelude::*;
use sprout::Sprout;

mod schema;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Sprout)]
#[diesel(table_name = schema::org)]
pub struct Org {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Associations, Sprout)]
#[diesel(table_name = schema::member, belongs_to(Org))]
pub struct Member {
    pub id: i32,
    pub org_id: i32,
    #[sprout(unique, faker = "email")]
    pub email: String,
    #[sprout(range = 18..=65)]
    pub age: i32,
}

fn main() -> anyhow::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/diesel-app.db");
    let _ = std::fs::remove_file(&path);
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
    for statement in [
        "PRAGMA foreign_keys = ON",
        "CREATE TABLE org (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE member (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id), email text NOT NULL UNIQUE, age integer NOT NULL)",
    ] {
        diesel::sql_query(statement).execute(&mut conn)?;
    }
    // A member alone: its organisation is created first (belongs_to(Org)).
    let first = Member::sprout().insert_sync(&mut conn)?;
    // Three more in that organisation.
    let org = schema::org::table
        .find(first.org_id)
        .select(Org::as_select())
        .first(&mut conn)?;
    for _ in 0..3 {
        Member::sprout().org(&org).insert_sync(&mut conn)?;
    }
    let rows: Vec<(Member, Org)> = schema::member::table
        .inner_join(schema::org::table)
        .select((Member::as_select(), Org::as_select()))
        .order(schema::member::id)
        .load(&mut conn)?;
    for (member, org) in &rows {
        println!("{:>24} | {:<36} | {}", org.name, member.email, member.age);
    }
    println!("{} members in {} org(s)", rows.len(), 1);

    // The same schema, read from schema.rs: rows for every table, parents first.
    let schema_rs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/schema.rs");
    let loaded = sprout::source::diesel::parse_file(&schema_rs, Some(sprout::Dialect::Sqlite))?;
    let keys: usize = loaded
        .schema
        .tables
        .iter()
        .map(|t| t.foreign_keys.len())
        .sum();
    let plan = sprout::Plan::new(
        loaded.schema,
        sprout::PlanOptions {
            rows: 5,
            ..Default::default()
        },
    )?;
    let data = sprout::generate(&plan)?;
    for table in &data.tables {
        println!("schema.rs: {} rows of {}", table.rows.len(), table.name);
    }
    println!("schema.rs: {keys} foreign key(s) from joinable!");
    Ok(())
}
