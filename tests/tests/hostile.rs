//! Hostile identifiers and values: a table named `order`, a column `select`, names with
//! spaces, quotes and unicode, text with quotes, backslashes and non-ASCII letters survive
//! introspection, generation and loading on every backend.

use sprout::plan::spec::Spec;
use sprout::{Dialect, PlanOptions};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::generate_and_load;

fn script(dialect: Dialect) -> String {
    let q = |name: &str| sprout::sink::sql::quote_ident(name, dialect);
    let serial = match dialect {
        Dialect::Postgres => "serial PRIMARY KEY",
        Dialect::Mysql => "int NOT NULL AUTO_INCREMENT PRIMARY KEY",
        Dialect::Sqlite => "INTEGER PRIMARY KEY",
        other => unreachable!("no key column written for {other} yet"),
    };
    format!(
        "CREATE TABLE {order} ({id} {serial}, {select} varchar(80) NOT NULL, {spaced} varchar(40), {quoted} int);\n\
         CREATE TABLE {cafe} ({id} {serial}, {order_id} int NOT NULL REFERENCES {order} ({id}), {note} text);",
        order = q("order"),
        id = q("id"),
        select = q("select"),
        spaced = q("my col"),
        quoted = q("we\"ird`col"),
        cafe = q("café"),
        order_id = q("order id"),
        note = q("note"),
    )
}

/// Text that breaks naive quoting in every dialect.
const HOSTILE_TEXT: &str = "[order.select]\nkind = \"constant\"\nvalue = \"it's a \\\\back\\\\slash 'quote' ünïcödé \\\"dq\\\" ; DROP TABLE x; --\"\n";

async fn survives(backend: Backend, dialect: Dialect) {
    let Some(db) = TestDatabase::require(backend, "hostile").await else {
        return;
    };
    db.run_script(&script(dialect)).await.unwrap();
    let schema = sprout::source::introspect(db.url()).await.unwrap().schema;
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["café", "order"]);
    let order = schema.table("order").unwrap();
    assert!(order.column("we\"ird`col").is_some() && order.column("my col").is_some());
    let mut spec = Spec::infer(&schema);
    spec.apply_toml(HOSTILE_TEXT, "test", &schema).unwrap();
    let options = PlanOptions {
        rows: 50,
        seed: 1,
        spec: Some(spec),
        ..PlanOptions::default()
    };
    let data = generate_and_load(&db, &schema, options).await;
    let select = data.table("order").unwrap().column_index("select").unwrap();
    let generated: Vec<String> = data
        .table("order")
        .unwrap()
        .rows
        .iter()
        .map(|row| row[select].to_string())
        .collect();
    // What the database stored, read back through its own quoting of the hostile names.
    let q = |name: &str| sprout::sink::sql::quote_ident(name, dialect);
    let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
    let stored: Vec<String> = conn
        .live()
        .fetch_text(&format!(
            "SELECT {} FROM {} ORDER BY {}",
            q("select"),
            q("order"),
            q("id")
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row[0].clone().expect("NOT NULL column"))
        .collect();
    conn.close().await;
    assert_eq!(stored.len(), 50, "every row reached the table");
    assert_eq!(
        stored, generated,
        "the database stored exactly the generated text"
    );
    assert!(
        stored[0].contains("it's a \\back\\slash 'quote' ünïcödé \"dq\" ; DROP TABLE x; --"),
        "{}",
        stored[0]
    );
}

#[tokio::test]
async fn hostile_names_survive_postgres() {
    survives(Backend::Postgres, Dialect::Postgres).await;
}

#[tokio::test]
async fn hostile_names_survive_mariadb() {
    survives(Backend::Mysql, Dialect::Mysql).await;
}

#[tokio::test]
async fn hostile_names_survive_sqlite() {
    survives(Backend::Sqlite, Dialect::Sqlite).await;
}
