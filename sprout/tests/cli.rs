//! The `sprout` binary, run as a user runs it: real files, real SQLite databases, real
//! connection failures.

use std::path::PathBuf;
use std::process::{Command, Output};

use sprout::source::ddl;
use sprout::{Dialect, Schema};

fn sprout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sprout"))
        .args(args)
        .output()
        .expect("the sprout binary runs")
}

fn clinic(dialect: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/schemas/clinic.{dialect}.sql"))
}

/// A new SQLite file holding the clinic schema, and its URL.
fn sqlite_clinic() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("clinic.db").display());
    run_sqlite(&url, std::fs::read_to_string(clinic("sqlite")).unwrap());
    (dir, url)
}

/// Runs a script on the SQLite file at `url`, creating it when missing.
fn run_sqlite(url: &str, script: String) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("{url}?mode=rwc"))
            .await
            .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(script))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn introspect_prints_a_ddl_file_as_json() {
    let path = clinic("postgres");
    let output = sprout(&["introspect", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = Schema::from_json(&String::from_utf8(output.stdout.clone()).unwrap()).unwrap();
    let parsed = ddl::parse_file(&path, Some(Dialect::Postgres))
        .unwrap()
        .schema;
    assert_eq!(printed, parsed);
    assert_eq!(
        printed.dialect,
        Dialect::Postgres,
        "the dialect is guessed from the text"
    );
    assert!(
        stderr(&output).contains("warning: audit_log.search: type `tsvector`"),
        "unknown types are warned about: {}",
        stderr(&output)
    );
}

#[test]
fn introspect_writes_out_and_reads_its_own_json_back() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("clinic.json");
    let path = clinic("mysql");
    let output = sprout(&[
        "introspect",
        path.to_str().unwrap(),
        "--out",
        json.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let again = sprout(&["introspect", json.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let first = Schema::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let second = Schema::from_json(&String::from_utf8(again.stdout.clone()).unwrap()).unwrap();
    assert_eq!(first, second);
    assert_eq!(first.hash(), second.hash());
    assert_eq!(first.dialect, Dialect::Mysql);
}

#[test]
fn introspect_reads_a_live_sqlite_database() {
    let (_dir, url) = sqlite_clinic();
    let output = sprout(&["introspect", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let schema = Schema::from_json(&String::from_utf8(output.stdout.clone()).unwrap()).unwrap();
    assert_eq!(schema.tables.len(), 13);
    assert_eq!(schema.dialect, Dialect::Sqlite);
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.sql");
    std::fs::write(&path, "CREATE TABLE ok (id int);\n\n-- next one is broken\nCREATE TABLE bad (id int,, name text);\n").unwrap();
    let output = sprout(&[
        "introspect",
        path.to_str().unwrap(),
        "--dialect",
        "postgres",
    ]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{}: line 4, column 26", path.display())),
        "{err}"
    );
    assert!(err.contains("CREATE TABLE bad"), "{err}");
}

#[test]
fn an_unreachable_server_is_named_without_its_password() {
    for (url, host_port) in [
        (
            "postgres://app:s3cr3t-pw@127.0.0.1:1/shop",
            "(host 127.0.0.1, port 1)",
        ),
        (
            "mysql://app:s3cr3t-pw@127.0.0.1:2/shop",
            "(host 127.0.0.1, port 2)",
        ),
    ] {
        let output = sprout(&["introspect", url]);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(err.contains(host_port), "{err}");
        assert!(err.contains("app:***@127.0.0.1"), "{err}");
        assert!(!err.contains("s3cr3t-pw"), "the password leaked: {err}");
    }
}

#[test]
fn a_missing_file_and_an_unknown_scheme_are_clear_errors() {
    let output = sprout(&["introspect", "no/such/schema.sql"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no/such/schema.sql: no such file"),
        "{}",
        stderr(&output)
    );
    let output = sprout(&["introspect", "oracle://scott:tiger@db/orcl"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("unsupported database URL"), "{err}");
    assert!(!err.contains("tiger"), "{err}");
}

#[test]
fn spec_prints_every_column_and_applies_overrides() {
    let path = clinic("postgres");
    let output = sprout(&["spec", path.to_str().unwrap(), "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let toml = String::from_utf8(output.stdout).unwrap();
    assert!(
        toml.contains("[provider.email]\nkind = \"email\""),
        "{toml}"
    );
    assert!(
        toml.contains("[provider.clinic_id]\nkind = \"reference\"\ntable = \"clinic\""),
        "{toml}"
    );
    assert!(
        toml.contains("[prescription.dose_mg]\nkind = \"int\"\nmin = 1\nmax = 5000"),
        "{toml}"
    );

    let dir = tempfile::tempdir().unwrap();
    let overrides = dir.path().join("spec.toml");
    std::fs::write(
        &overrides,
        "[provider.email]\nkind = \"constant\"\nvalue = \"x@example.com\"\n",
    )
    .unwrap();
    let output = sprout(&[
        "spec",
        path.to_str().unwrap(),
        "--quiet",
        "--spec",
        overrides.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let toml = String::from_utf8(output.stdout).unwrap();
    assert!(
        toml.contains("[provider.email]\nkind = \"constant\"\nvalue = \"x@example.com\""),
        "{toml}"
    );

    std::fs::write(&overrides, "[provider.nope]\nkind = \"uuid\"\n").unwrap();
    let output = sprout(&[
        "spec",
        path.to_str().unwrap(),
        "--spec",
        overrides.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("column `provider.nope` is not in the schema"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn spec_warns_about_checks_it_cannot_evaluate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regex.sql");
    std::fs::write(
        &path,
        "CREATE TABLE t (id serial PRIMARY KEY, slug text CHECK (slug ~ '^[a-z]+$'), tags text[] CHECK (tags @> ARRAY['a']));",
    )
    .unwrap();
    let output = sprout(&["spec", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("warning: t: CHECK (tags @> ARRAY['a']) has parts sprout cannot evaluate"),
        "{err}"
    );
    assert!(err.contains("fix: if the server rejects generated rows, set a generator for it in a Spec file: [\"t\".tags]"), "{err}");
    assert!(
        !err.contains("slug ~"),
        "a regex CHECK is one sprout evaluates: {err}"
    );
    let spec = String::from_utf8(output.stdout).unwrap();
    assert!(
        spec.contains("[t.slug]\nkind = \"pattern\"\nregex = \"^[a-z]+$\""),
        "{spec}"
    );
}

mod generate {
    use super::*;
    use sprout_testkit::{Backend, TestDatabase};

    fn generate_sql(dialect: &str) -> String {
        let path = clinic(dialect);
        let output = sprout(&[
            "generate",
            "--schema",
            path.to_str().unwrap(),
            "--rows",
            "200",
            "--rows",
            "drug=50",
            "--seed",
            "9",
            "--format",
            "sql",
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    }

    async fn loads(backend: Backend, dialect: &str) {
        let Some(db) = TestDatabase::require(backend, "cli_generate").await else {
            return;
        };
        db.run_script(&std::fs::read_to_string(clinic(dialect)).unwrap())
            .await
            .unwrap();
        let script = generate_sql(dialect);
        assert_eq!(script, generate_sql(dialect), "same seed, same script");
        let script = if backend == Backend::Sqlite {
            format!("PRAGMA foreign_keys = ON;\n{script}")
        } else {
            script
        };
        db.run_script(&script)
            .await
            .unwrap_or_else(|e| panic!("the generated {dialect} script loads: {e}"));
        let loaded = sprout::source::introspect(db.url()).await.unwrap();
        assert_eq!(loaded.schema.tables.len(), 13);
    }

    /// `--format copy` is a psql script of COPY blocks: it loads with `psql -f` and the rows
    /// validate clean.
    #[tokio::test]
    async fn copy_script_loads_with_psql() {
        let Some(db) = TestDatabase::require(Backend::Postgres, "cli_copy").await else {
            return;
        };
        db.run_script(&std::fs::read_to_string(clinic("postgres")).unwrap())
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("seed.sql");
        let path = clinic("postgres");
        let output = sprout(&[
            "generate",
            "--schema",
            path.to_str().unwrap(),
            "--rows",
            "200",
            "--seed",
            "9",
            "--format",
            "copy",
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::write(&file, &output.stdout).unwrap();
        let psql = std::process::Command::new("psql")
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f"])
            .arg(&file)
            .output()
            .expect("psql runs");
        assert!(
            psql.status.success(),
            "{}",
            String::from_utf8_lossy(&psql.stderr)
        );
        let validated = sprout(&["validate", db.url()]);
        assert!(validated.status.success(), "{}", stderr(&validated));
        let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
        let n = conn
            .live()
            .fetch_count("SELECT count(*) FROM appointment")
            .await
            .unwrap();
        assert_eq!(n, 200);
        conn.close().await;
        // COPY blocks are PostgreSQL's: another dialect is refused with the fix.
        let refused = sprout(&[
            "generate",
            "--schema",
            path.to_str().unwrap(),
            "--format",
            "copy",
            "--dialect",
            "mysql",
        ]);
        assert!(!refused.status.success());
        assert!(
            stderr(&refused).contains("--dialect postgres"),
            "{}",
            stderr(&refused)
        );
    }

    #[tokio::test]
    async fn sql_loads_into_postgres() {
        loads(Backend::Postgres, "postgres").await;
    }

    #[tokio::test]
    async fn sql_loads_into_mariadb() {
        loads(Backend::Mysql, "mysql").await;
    }

    #[tokio::test]
    async fn sql_loads_into_sqlite() {
        loads(Backend::Sqlite, "sqlite").await;
    }

    /// Sakila's staff <-> store cycle has no nullable and no DEFERRABLE key: the MySQL script
    /// suspends foreign-key checks for itself, and the loaded rows validate clean.
    /// (film_text gets 0 rows: Sakila's trigger on film fills it.)
    #[tokio::test]
    async fn a_mysql_script_suspends_checks_for_an_unbreakable_cycle() {
        let sakila = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/corpus/sakila-mysql/sakila-schema.sql");
        let Some(db) = TestDatabase::require(Backend::Mysql, "cli_sakila").await else {
            return;
        };
        let schema: Vec<String> =
            sprout::source::script::split_statements(&std::fs::read_to_string(&sakila).unwrap())
                .into_iter()
                .map(|s| s.text)
                .filter(|t| {
                    let head = t.to_ascii_uppercase();
                    !(head.starts_with("CREATE SCHEMA")
                        || head.starts_with("DROP SCHEMA")
                        || head.starts_with("USE "))
                })
                .map(|t| t.replace("sakila.", ""))
                .collect();
        db.run_statements(&schema).await.unwrap();
        // The schema as MariaDB made it (it skips Sakila's MySQL-only `location` column).
        let output = sprout(&[
            "generate",
            "--schema",
            db.url(),
            "--rows",
            "50",
            "--rows",
            "film_text=0",
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains("SET FOREIGN_KEY_CHECKS = 0;"));
        db.run_script(&script).await.unwrap();
        let violations = sprout::validate::live::validate_database(db.url())
            .await
            .unwrap();
        assert!(violations.is_empty(), "{violations:?}");
        let postgres = sprout(&[
            "generate",
            "--schema",
            sakila.to_str().unwrap(),
            "--dialect",
            "postgres",
            "--rows",
            "5",
        ]);
        assert!(
            !postgres.status.success(),
            "a PostgreSQL file cannot suspend checks"
        );
        assert!(
            stderr(&postgres).contains("staff(store_id) -> store"),
            "{}",
            stderr(&postgres)
        );
    }

    #[test]
    fn out_dir_holds_one_file_per_table_in_insertion_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = clinic("postgres");
        let output = sprout(&[
            "generate",
            "--schema",
            path.to_str().unwrap(),
            "--rows",
            "20",
            "--format",
            "csv",
            "--out",
            dir.path().to_str().unwrap(),
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), 13);
        assert_eq!(names[1], "002_clinic.csv");
        let clinic = std::fs::read_to_string(dir.path().join("002_clinic.csv")).unwrap();
        let mut reader = csv::Reader::from_reader(clinic.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            [
                "id",
                "name",
                "phone",
                "head_provider_id",
                "opened_on",
                "created_at"
            ]
        );
        assert_eq!(reader.records().count(), 20);
    }

    #[test]
    fn jsonl_lines_carry_their_table_and_match_the_library() {
        let path = clinic("sqlite");
        let output = sprout(&[
            "generate",
            "--schema",
            path.to_str().unwrap(),
            "--rows",
            "30",
            "--seed",
            "3",
            "--format",
            "jsonl",
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = String::from_utf8(output.stdout).unwrap();
        let schema = ddl::parse_file(&path, Some(Dialect::Sqlite))
            .unwrap()
            .schema;
        let plan = sprout::Plan::new(
            schema,
            sprout::PlanOptions {
                rows: 30,
                seed: 3,
                ..Default::default()
            },
        )
        .unwrap();
        let data = sprout::generate(&plan).unwrap();
        let drugs: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["table"] == "drug")
            .map(|v| v["row"].clone())
            .collect();
        let table = data.table("drug").unwrap();
        assert_eq!(drugs.len(), table.rows.len());
        let name = table.column_index("name").unwrap();
        for (line, row) in drugs.iter().zip(&table.rows) {
            assert_eq!(line["name"].as_str().unwrap(), row[name].to_string());
        }
    }
}

#[test]
fn graph_draws_mermaid_and_dot() {
    let path = clinic("postgres");
    let output = sprout(&["graph", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mermaid = String::from_utf8(output.stdout).unwrap();
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(
        mermaid.contains("\"head_provider_id (cycle broken: NULL, then UPDATE)\""),
        "{mermaid}"
    );
    let output = sprout(&["graph", path.to_str().unwrap(), "--format", "dot"]);
    let dot = String::from_utf8(output.stdout).unwrap();
    assert!(
        dot.contains("\"appointment\" -> \"room\" [label=\"clinic_id, room_no\"];"),
        "{dot}"
    );
    let output = sprout(&["graph", path.to_str().unwrap(), "--format", "png"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("unknown graph format `png`"));
}

#[test]
fn seed_fills_an_sqlite_file_and_refuses_a_second_time() {
    let (dir, url) = sqlite_clinic();
    let output = sprout(&["seed", &url, "--rows", "40", "--seed", "2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("seeded 520 rows in 13 tables"),
        "{}",
        stderr(&output)
    );
    let again = sprout(&["seed", &url, "--rows", "40"]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already have rows; nothing was changed"),
        "{}",
        stderr(&again)
    );
    let replaced = sprout(&[
        "seed",
        &url,
        "--rows",
        "40",
        "--if-exists",
        "replace",
        "--quiet",
    ]);
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    let missing = dir.path().join("absent.db");
    let output = sprout(&[
        "seed",
        &format!("sqlite://{}", missing.display()),
        "--schema",
        clinic("sqlite").to_str().unwrap(),
    ]);
    assert!(
        !output.status.success(),
        "seeding never creates a database file"
    );
    assert!(!missing.exists());
}

#[test]
fn validate_exits_non_zero_on_a_broken_constraint() {
    let (_dir, url) = sqlite_clinic();
    assert!(
        sprout(&["seed", &url, "--rows", "30", "--quiet"])
            .status
            .success()
    );
    let clean = sprout(&["validate", &url]);
    assert!(clean.status.success(), "{}", stderr(&clean));
    assert!(stderr(&clean).contains("0 violations"));
    run_sqlite(
        &url,
        "PRAGMA foreign_keys = OFF; UPDATE payment SET invoice_id = 77777 WHERE id = 1;"
            .to_string(),
    );
    let broken = sprout(&["validate", &url]);
    assert!(!broken.status.success());
    let report = String::from_utf8(broken.stdout.clone()).unwrap();
    assert!(
        report.contains("payment: FOREIGN KEY (invoice_id) REFERENCES invoice (id): 1 row(s)"),
        "{report}"
    );
    assert!(
        stderr(&broken).contains("1 constraint(s) broken"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn seed_appends_and_seeds_a_subset() {
    let (_dir, url) = sqlite_clinic();
    assert!(
        sprout(&["seed", &url, "--rows", "30", "--quiet"])
            .status
            .success()
    );
    let append = sprout(&[
        "seed",
        &url,
        "--rows",
        "20",
        "--seed",
        "4",
        "--if-exists",
        "append",
    ]);
    assert!(append.status.success(), "{}", stderr(&append));
    let subset = sprout(&[
        "seed",
        &url,
        "--rows",
        "10",
        "--tables",
        "appointment,prescription",
        "--if-exists",
        "append",
    ]);
    assert!(subset.status.success(), "{}", stderr(&subset));
    assert!(
        stderr(&subset).contains("seeded 20 rows in 2 tables"),
        "{}",
        stderr(&subset)
    );
    let valid = sprout(&["validate", &url]);
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stdout)
    );
}

#[test]
fn graph_draws_a_cycle_no_key_can_break() {
    let sakila = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/sakila-mysql/sakila-schema.sql");
    let Ok(true) = sakila.try_exists() else {
        panic!("the shared corpus is missing at {}", sakila.display());
    };
    let output = sprout(&["graph", sakila.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("(cycle broken: checks suspended)"), "{text}");
}

#[test]
fn psql_meta_commands_in_a_ddl_file_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.sql");
    std::fs::write(
        &path,
        "\\restrict abc123\n\\pset pager off\nCREATE TABLE a (id int PRIMARY KEY);\n\\connect other\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n\\unrestrict abc123\n",
    )
    .unwrap();
    let output = sprout(&[
        "generate",
        "--schema",
        path.to_str().unwrap(),
        "--rows",
        "2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sql = String::from_utf8(output.stdout).unwrap();
    assert!(
        sql.contains("INSERT INTO \"a\"") && sql.contains("INSERT INTO \"b\""),
        "{sql}"
    );
}

#[test]
fn a_file_without_tables_is_an_error_not_zero_rows() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("empty.sql", ""),
        ("typo.sql", "CREATE TABEL t (id int);"),
        ("noise.sql", "lorem ipsum dolor sit amet"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = sprout(&["generate", "--schema", path.to_str().unwrap()]);
        assert!(!output.status.success(), "{name} succeeded");
        let err = stderr(&output);
        assert!(
            err.contains(name) && err.contains("no table found"),
            "{err}"
        );
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sprout"))
        .args([
            "generate",
            "--schema",
            clinic("postgres").to_str().unwrap(),
            "--rows",
            "2000",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe closes here, as `| head -c 16` closes it.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("Broken pipe"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn secrets_in_query_parameters_are_never_printed() {
    for url in [
        "postgres://app@127.0.0.1:1/shop?password=s3cret-pw",
        "mysql://app@127.0.0.1:1/shop?ssl-mode=REQUIRED&password=s3cret-pw",
        "postgres://app:s3cret-pw@127.0.0.1:1/shop?sslpassword=s3cret-pw",
    ] {
        for command in [
            &["seed", url][..],
            &["validate", url][..],
            &["introspect", url][..],
        ] {
            let output = sprout(command);
            assert!(!output.status.success());
            let err = stderr(&output);
            assert!(
                !err.contains("s3cret-pw"),
                "{command:?} printed the secret: {err}"
            );
            assert!(err.contains("***"), "{err}");
        }
    }
}

#[test]
fn an_output_directory_of_an_earlier_run_is_not_mixed_into() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let schema = clinic("postgres");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "generate",
            "--schema",
            schema.to_str().unwrap(),
            "--rows",
            "3",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        sprout(&args)
    };
    assert!(run(&[]).status.success());
    let first: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let again = run(&["--seed", "9"]);
    assert!(
        !again.status.success(),
        "a second run into the same directory is refused"
    );
    assert!(
        stderr(&again).contains("fix: pass --overwrite"),
        "{}",
        stderr(&again)
    );
    let replaced = run(&["--seed", "9", "--overwrite"]);
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(
        files.len(),
        first.len() + 1,
        "the new run's files and notes.txt, nothing more"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_null_rate_outside_zero_to_one_is_refused() {
    let schema = clinic("postgres");
    for bad in ["2", "-0.5", "NaN"] {
        // `--null-rate=-0.5`: the `=` form, so clap reads a negative number as the value.
        let rate = format!("--null-rate={bad}");
        let output = sprout(&["generate", "--schema", schema.to_str().unwrap(), &rate]);
        assert!(!output.status.success(), "--null-rate {bad} was accepted");
        assert!(
            stderr(&output).contains("give a number from 0 to 1"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_file_of_another_kind_is_refused_not_read_as_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, "model User {\n  id Int @id\n}\n").unwrap();
    let output = sprout(&["generate", "--schema", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("schema.prisma: a `.prisma` file is not a schema sprout reads"),
        "{err}"
    );
}

#[test]
fn a_diesel_schema_rs_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.rs");
    std::fs::write(
        &path,
        "diesel::table! { users (id) { id -> Int4, name -> Text, } }",
    )
    .unwrap();
    let output = sprout(&[
        "generate",
        "--schema",
        path.to_str().unwrap(),
        "--rows",
        "3",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sql = String::from_utf8_lossy(&output.stdout);
    assert!(sql.contains("INSERT INTO \"users\""), "{sql}");
}

/// `-v` says what each command does, not only `seed`'s: what it read, each table it generates,
/// what it validated.
#[test]
fn verbose_logs_what_every_command_does() {
    let path = clinic("sqlite");
    let output = sprout(&[
        "-v",
        "generate",
        "--schema",
        path.to_str().unwrap(),
        "--rows",
        "2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let log = stderr(&output);
    assert!(log.contains("schema read tables=13"), "{log}");
    assert!(log.contains("generating table=patient rows=2"), "{log}");

    let (_dir, url) = sqlite_clinic();
    let output = sprout(&["-v", "validate", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let log = stderr(&output);
    assert!(log.contains("introspecting"), "{log}");
    assert!(log.contains("validated constraints="), "{log}");

    let output = sprout(&[
        "generate",
        "--schema",
        path.to_str().unwrap(),
        "--rows",
        "2",
    ]);
    assert!(!stderr(&output).contains("INFO"), "no log without -v");
}

/// `sprout snapshot`: written from a live database, checked clean, then stale after a migration
/// adds a column (exit 1, a diff naming the column, the command that fixes it); the same
/// snapshot checks clean against the DDL file the database was made from.
mod snapshot {
    use super::*;
    use sprout_testkit::{Backend, TestDatabase};

    #[tokio::test]
    async fn a_snapshot_goes_stale_when_a_migration_adds_a_column() {
        let Some(db) = TestDatabase::require(Backend::Postgres, "cli_snapshot").await else {
            return;
        };
        let ddl = "CREATE TABLE team (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
                   CREATE TABLE member (id serial PRIMARY KEY,
                       team_id int NOT NULL REFERENCES team (id),
                       age int CHECK (age BETWEEN 18 AND 99));";
        db.run_script(ddl).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let snapshot = dir.path().join(".sprout/schema.json");
        let path = snapshot.to_str().unwrap();

        let written = sprout(&["snapshot", db.url(), "--out", path]);
        assert!(written.status.success(), "{}", stderr(&written));
        let text = std::fs::read_to_string(&snapshot).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["sprout_snapshot"], 1);
        assert_eq!(json["schema"]["tables"].as_array().unwrap().len(), 2);
        assert!(json["hash"].as_str().is_some_and(|h| !h.is_empty()));

        let clean = sprout(&["snapshot", db.url(), "--out", path, "--check"]);
        assert!(clean.status.success(), "{}", stderr(&clean));
        assert!(stderr(&clean).contains("up to date (2 tables)"));

        db.run_script("ALTER TABLE member ADD COLUMN nickname varchar(40);")
            .await
            .unwrap();
        let stale = sprout(&["snapshot", db.url(), "--out", path, "--check"]);
        assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
        let err = stderr(&stale);
        assert!(err.contains("is out of date"), "{err}");
        assert!(
            err.lines()
                .any(|l| l.starts_with('+') && l.contains("\"name\": \"nickname\"")),
            "{err}"
        );
        assert!(err.contains("run `sprout snapshot` again"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&snapshot).unwrap(),
            text,
            "--check never writes"
        );

        let rewritten = sprout(&["snapshot", db.url(), "--out", path]);
        assert!(rewritten.status.success(), "{}", stderr(&rewritten));
        let clean = sprout(&["snapshot", db.url(), "--out", path, "--check"]);
        assert!(clean.status.success(), "{}", stderr(&clean));
    }

    #[test]
    fn a_missing_snapshot_names_the_command_that_writes_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.json");
        let path = clinic("postgres");
        let output = sprout(&[
            "snapshot",
            path.to_str().unwrap(),
            "--out",
            missing.to_str().unwrap(),
            "--check",
        ]);
        assert_eq!(output.status.code(), Some(1));
        let err = stderr(&output);
        assert!(err.contains("no snapshot here"), "{err}");
        assert!(err.contains("sprout snapshot DATABASE_URL --out"), "{err}");
    }

    /// A snapshot of a DDL file is deterministic: written twice, the bytes are the same.
    #[test]
    fn a_snapshot_of_a_file_is_the_same_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        for out in [&a, &b] {
            let output = sprout(&[
                "snapshot",
                clinic("postgres").to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ]);
            assert!(output.status.success(), "{}", stderr(&output));
        }
        assert_eq!(
            std::fs::read_to_string(&a).unwrap(),
            std::fs::read_to_string(&b).unwrap()
        );
    }
}
