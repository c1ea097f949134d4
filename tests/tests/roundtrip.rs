//! Round trips: CSV written by sprout loads back into PostgreSQL with COPY, and JSONL parses
//! back, both equal to the generated dataset.

use sprout::generate::generate_into;
use sprout::sink::files::FileWriter;
use sprout::sink::sql::quote_ident;
use sprout::sink::{Format, Output};
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, generate};
use sprout_testkit::{Backend, TestDatabase};
use sqlx::Connection;

/// No cycles, so the CSV files load in their insertion order; text with commas, quotes and
/// newlines-free unicode to test the CSV quoting.
const SCHEMA: &str = "
CREATE TABLE author (id serial PRIMARY KEY, full_name text NOT NULL, bio text, email varchar(120) NOT NULL UNIQUE, active boolean NOT NULL);
CREATE TABLE book (id serial PRIMARY KEY, author_id integer NOT NULL REFERENCES author (id), title varchar(200) NOT NULL,
                   price numeric(8,2) NOT NULL CHECK (price > 0), published date, tags text[] NOT NULL);
";

const QUOTES: &str =
    "[book.title]\nkind = \"constant\"\nvalue = \"Sense, \\\"Sensibility\\\" & ünïcode\"\n";

#[tokio::test]
async fn csv_loads_back_with_copy_and_equals_the_dataset() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "roundtrip_csv").await else {
        return;
    };
    db.run_script(SCHEMA).await.unwrap();
    let schema = ddl::parse(SCHEMA, Dialect::Postgres).unwrap().schema;
    let mut spec = sprout::plan::spec::Spec::infer(&schema);
    spec.apply_toml(QUOTES, "test", &schema).unwrap();
    let plan = Plan::new(
        schema,
        PlanOptions {
            rows: 300,
            seed: 5,
            spec: Some(spec),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut writer = FileWriter::new(Format::Csv, Output::dir(dir.path()).unwrap());
    generate_into(&plan, &mut writer).unwrap();
    writer.finish().unwrap();
    let data = generate(&plan).unwrap();

    let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (path, table) in files.iter().zip(&data.tables) {
        let csv = std::fs::read(path).unwrap();
        let header = String::from_utf8_lossy(&csv)
            .lines()
            .next()
            .unwrap()
            .to_string();
        let columns: Vec<String> = header
            .split(',')
            .map(|c| quote_ident(c, Dialect::Postgres))
            .collect();
        let statement = format!(
            "COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true)",
            quote_ident(&table.name, Dialect::Postgres),
            columns.join(", ")
        );
        let mut copy = conn.copy_in_raw(&statement).await.unwrap();
        copy.send(csv).await.unwrap();
        let loaded = copy.finish().await.unwrap();
        assert_eq!(loaded as usize, table.rows.len(), "{}", table.name);
    }
    let titles: Vec<(String, String)> =
        sqlx::query_as("SELECT title, price::text FROM book ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let book = data.table("book").unwrap();
    let (title, price) = (
        book.column_index("title").unwrap(),
        book.column_index("price").unwrap(),
    );
    let expected: Vec<(String, String)> = book
        .rows
        .iter()
        .map(|r| (r[title].to_string(), r[price].to_string()))
        .collect();
    assert_eq!(titles, expected);
    assert_eq!(titles[0].0, "Sense, \"Sensibility\" & ünïcode");
}
