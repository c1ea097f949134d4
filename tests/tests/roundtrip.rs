//! Round trips: CSV written by sprout loads back into PostgreSQL (COPY), MariaDB (LOAD DATA)
//! and SQLite (.import), and JSONL parses back, all equal to the generated dataset.

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
    let (_dir, files, data) = write_csv(SCHEMA, Dialect::Postgres, 300, 5, 0.1);
    let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
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

/// The same rows without PostgreSQL's array column, for the other loaders.
const PLAIN_SCHEMA: &str = "
CREATE TABLE author (id integer PRIMARY KEY, full_name varchar(120) NOT NULL, email varchar(120) NOT NULL UNIQUE, active boolean NOT NULL);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES author (id), title varchar(200) NOT NULL,
                   price numeric(8,2) NOT NULL CHECK (price > 0));
";

/// CSV files for `ddl`, one per table in insertion order, and the dataset they hold.
fn write_csv(
    ddl: &str,
    dialect: Dialect,
    rows: u64,
    seed: u64,
    null_rate: f64,
) -> (tempfile::TempDir, Vec<std::path::PathBuf>, sprout::Dataset) {
    let schema = ddl::parse(ddl, dialect).unwrap().schema;
    let mut spec = sprout::plan::spec::Spec::infer(&schema);
    spec.apply_toml(QUOTES, "test", &schema).unwrap();
    let plan = Plan::new(
        schema,
        PlanOptions {
            rows,
            seed,
            null_rate,
            spec: Some(spec),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut writer = FileWriter::new(Format::Csv, Output::dir(dir.path()).unwrap());
    generate_into(&plan, &mut writer).unwrap();
    writer.finish().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    (dir, files, generate(&plan).unwrap())
}

/// (title, price) of every book, in id order, from the dataset.
fn expected_books(data: &sprout::Dataset) -> Vec<(String, f64)> {
    let book = data.table("book").unwrap();
    let (title, price) = (
        book.column_index("title").unwrap(),
        book.column_index("price").unwrap(),
    );
    book.rows
        .iter()
        .map(|r| (r[title].to_string(), r[price].as_f64().unwrap()))
        .collect()
}

async fn loaded_books(url: &str) -> Vec<(String, f64)> {
    let mut conn = sprout::live::Connection::open(url).await.unwrap();
    // CHAR is text to MySQL and (by affinity) to SQLite.
    let rows = conn
        .live()
        .fetch_text("SELECT title, CAST(price AS CHAR) FROM book ORDER BY id")
        .await
        .unwrap();
    conn.close().await;
    rows.into_iter()
        .map(|r| {
            (
                r[0].clone().unwrap(),
                r[1].as_deref().unwrap().parse().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn csv_loads_into_mariadb_with_load_data() {
    let Some(db) = TestDatabase::require(Backend::Mysql, "roundtrip_load_data").await else {
        return;
    };
    db.run_script(PLAIN_SCHEMA).await.unwrap();
    // No NULLs: LOAD DATA reads an empty field as empty text.
    let (_dir, files, data) = write_csv(PLAIN_SCHEMA, Dialect::Mysql, 200, 6, 0.0);
    for (path, table) in files.iter().zip(&data.tables) {
        // Booleans are written t/f (what COPY reads); MySQL wants 1/0.
        let columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| {
                if c == "active" {
                    "@active".into()
                } else {
                    format!("`{c}`")
                }
            })
            .collect();
        let set = if table.name == "author" {
            " SET active = (@active = 't')"
        } else {
            ""
        };
        let statement = format!(
            "LOAD DATA LOCAL INFILE '{}' INTO TABLE `{}` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' IGNORE 1 LINES ({}){set}",
            path.display(),
            table.name,
            columns.join(", ")
        );
        let output = std::process::Command::new("mariadb")
            .args([
                "--local-infile=1",
                "--protocol=tcp",
                "-h",
                "127.0.0.1",
                "-u",
                "root",
            ])
            .arg(db.name())
            .args(["-e", &statement])
            .output()
            .expect("the mariadb client runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(loaded_books(db.url()).await, expected_books(&data));
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}

#[tokio::test]
async fn csv_loads_into_sqlite_with_import() {
    let Some(db) = TestDatabase::require(Backend::Sqlite, "roundtrip_import").await else {
        return;
    };
    db.run_script(PLAIN_SCHEMA).await.unwrap();
    // No NULLs: .import reads an empty field as empty text.
    let (_dir, files, data) = write_csv(PLAIN_SCHEMA, Dialect::Sqlite, 200, 6, 0.0);
    let path = db
        .url()
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let mut commands = vec![".bail on".to_string(), ".mode csv".to_string()];
    for (file, table) in files.iter().zip(&data.tables) {
        commands.push(format!(
            ".import --skip 1 '{}' \"{}\"",
            file.display(),
            table.name
        ));
    }
    // Booleans are written t/f (what COPY reads); SQLite stores 1/0.
    commands.push("UPDATE author SET active = (active = 't');".into());
    let output = std::process::Command::new("sqlite3")
        .arg(&path)
        .args(&commands)
        .output()
        .expect("the sqlite3 shell runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(loaded_books(db.url()).await, expected_books(&data));
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}
