//! Real-world schemas seeded the way a user seeds them: each schema file is loaded as shipped
//! with the database's own client (psql, mariadb, sqlite3; triggers, functions and all), then
//! `sprout seed URL --rows 1000` runs with no Spec, the server's constraints hold (they are
//! enforced on insert), `sprout validate URL` finds nothing, and every table has rows.
//!
//! The shared corpus (Pagila, Sakila, Chinook x3, Northwind) is read from `../shared/corpus`
//! (or `SPROUT_CORPUS_DIR`); `saas.postgres.sql` is sprout's own schema of the things
//! application schemas do (namespaces, extension types, partitions, regex CHECKs, a trigger
//! that fills a table). A missing client or server fails the test with the command that
//! starts it, unless `SPROUT_ALLOW_MISSING_BACKENDS=1`.

use std::path::PathBuf;
use std::process::{Command, Output};

const PG: &str = "postgres://postgres@127.0.0.1:5432";
const MY: &str = "mysql://root@127.0.0.1:3306";

fn corpus(relative: &str) -> PathBuf {
    std::env::var_os("SPROUT_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
        .join(relative)
}

fn own_schema(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/schemas")
        .join(name)
}

/// Runs a client program; `None` (a skip) only when it is missing and skipping is allowed.
fn client(program: &str, args: &[&str], stdin: Option<&PathBuf>) -> Option<Output> {
    let mut command = Command::new(program);
    command.args(args);
    if let Some(path) = stdin {
        command
            .stdin(std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    }
    match command.output() {
        Ok(output) => Some(output),
        Err(e) if sprout_testkit::missing_backends_allowed() => {
            eprintln!("skipping: {program}: {e}");
            None
        }
        Err(e) => panic!("{program}: {e}\n  install and start it with `bash .ci/services.sh`"),
    }
}

fn ok(output: &Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn sprout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sprout"))
        .args(args)
        .output()
        .expect("the sprout binary runs")
}

/// `sprout seed URL --rows 1000`, then `sprout validate URL`; returns seed's report.
fn seed_and_validate(url: &str, extra: &[&str]) -> String {
    let mut args = vec!["seed", url, "--rows", "1000"];
    args.extend_from_slice(extra);
    let seeded = sprout(&args);
    ok(&seeded, &format!("sprout seed {url}"));
    let validated = sprout(&["validate", url]);
    ok(&validated, &format!("sprout validate {url}"));
    assert!(
        String::from_utf8_lossy(&validated.stderr).contains("0 violations"),
        "{}",
        String::from_utf8_lossy(&validated.stderr)
    );
    String::from_utf8_lossy(&seeded.stderr).into_owned()
}

/// A fresh PostgreSQL database loaded from `files` with psql, as shipped; the lines that make
/// a script switch to a database of its own choosing (`CREATE DATABASE chinook; \c chinook`)
/// are the only ones left out, so the schema lands in the test's database.
fn postgres(name: &str, files: &[PathBuf]) -> Option<String> {
    let db = format!("sprout_rw_{name}");
    let admin = format!("{PG}/postgres");
    let reset = client(
        "psql",
        &[
            &admin,
            "-q",
            "-c",
            &format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"),
            "-c",
            &format!("CREATE DATABASE \"{db}\""),
        ],
        None,
    )?;
    ok(
        &reset,
        "creating the database (start PostgreSQL with `bash .ci/services.sh`)",
    );
    let url = format!("{PG}/{db}");
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let kept: String = text
            .lines()
            .filter(|l| {
                let upper = l.trim_start().to_ascii_uppercase();
                !(upper.starts_with("CREATE DATABASE")
                    || upper.starts_with("DROP DATABASE")
                    || upper.starts_with("\\C ")
                    || upper.starts_with("\\CONNECT "))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let script = std::env::temp_dir().join(format!("{db}.sql"));
        std::fs::write(&script, kept).unwrap();
        let loaded = client(
            "psql",
            &[
                &url,
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                script.to_str().unwrap(),
            ],
            None,
        )?;
        ok(&loaded, &format!("loading {}", file.display()));
    }
    Some(url)
}

fn drop_postgres(url: &str) {
    let db = url.rsplit('/').next().unwrap();
    client(
        "psql",
        &[
            &format!("{PG}/postgres"),
            "-q",
            "-c",
            &format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"),
        ],
        None,
    );
}

/// Every user table of a PostgreSQL database (partitions through their parent) has rows.
fn postgres_tables_have_rows(url: &str) {
    let tables = ok(
        &client(
            "psql",
            &[url, "-Atc", "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"],
            None,
        )
        .unwrap(),
        "listing tables",
    );
    assert!(!tables.trim().is_empty(), "no tables in {url}");
    for table in tables.lines() {
        let count = ok(
            &client(
                "psql",
                &[url, "-Atc", &format!("SELECT count(*) FROM {table}")],
                None,
            )
            .unwrap(),
            "counting",
        );
        assert!(count.trim().parse::<u64>().unwrap() > 0, "{table} is empty");
    }
}

fn seed_postgres(name: &str, files: &[PathBuf]) -> Option<String> {
    let url = postgres(name, files)?;
    let report = seed_and_validate(&url, &[]);
    // Seeding again replaces every row at once (one TRUNCATE in the same transaction).
    seed_and_validate(&url, &["--if-exists", "replace", "--seed", "2"]);
    postgres_tables_have_rows(&url);
    drop_postgres(&url);
    Some(report)
}

/// The mariadb client on the local server, running `sql` (or the file on its input).
fn mariadb(sql: Option<&str>, stdin: Option<&PathBuf>) -> Option<Output> {
    let mut args = vec!["-uroot", "-h127.0.0.1", "-P3306", "--protocol=tcp", "-N"];
    if let Some(sql) = sql {
        args.extend(["-e", sql]);
    }
    client("mariadb", &args, stdin)
}

fn seed_mysql(file: &PathBuf, database: &str) -> Option<String> {
    let drop = format!("DROP DATABASE IF EXISTS `{database}`");
    ok(
        &mariadb(Some(&drop), None)?,
        "dropping (start MariaDB with `bash .ci/services.sh`)",
    );
    ok(
        &mariadb(None, Some(file))?,
        &format!("loading {}", file.display()),
    );
    let url = format!("{MY}/{database}");
    let report = seed_and_validate(&url, &[]);
    // Seeding again replaces every row at once, cycles (Sakila's staff <-> store) included.
    seed_and_validate(&url, &["--if-exists", "replace", "--seed", "2"]);
    let list = format!(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '{database}' AND table_type = 'BASE TABLE'"
    );
    let tables = ok(&mariadb(Some(&list), None).unwrap(), "listing tables");
    assert!(!tables.trim().is_empty(), "no tables in {url}");
    for table in tables.lines() {
        let count = format!("SELECT count(*) FROM `{database}`.`{table}`");
        let n = ok(&mariadb(Some(&count), None).unwrap(), "counting");
        assert!(n.trim().parse::<u64>().unwrap() > 0, "{table} is empty");
    }
    ok(&mariadb(Some(&drop), None).unwrap(), "dropping");
    Some(report)
}

#[test]
fn pagila_seeds_with_its_partitions_and_triggers() {
    let Some(report) = seed_postgres("pagila", &[corpus("pagila/pagila-schema.sql")]) else {
        return;
    };
    assert!(report.contains("seeded"), "{report}");
}

#[test]
fn chinook_seeds_on_postgres() {
    seed_postgres("chinook", &[corpus("chinook/chinook-postgresql.sql")]);
}

#[test]
fn northwind_seeds_on_postgres() {
    seed_postgres("northwind", &[corpus("northwind-postgresql/northwind.sql")]);
}

#[test]
fn sakila_seeds_on_mariadb_leaving_film_text_to_its_trigger() {
    let Some(report) = seed_mysql(&corpus("sakila-mysql/sakila-schema.sql"), "sakila") else {
        return;
    };
    assert!(
        report.contains("film_text: left to trigger `ins_film` on `film`"),
        "{report}"
    );
    assert!(
        report.contains("category: 255 rows, the most its key `category_id` can number"),
        "a tinyint unsigned key caps --rows: {report}"
    );
}

#[test]
fn chinook_seeds_on_mariadb() {
    seed_mysql(&corpus("chinook/chinook-mysql.sql"), "Chinook");
}

#[test]
fn chinook_seeds_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chinook.db");
    let Some(loaded) = client(
        "sqlite3",
        &[file.to_str().unwrap()],
        Some(&corpus("chinook/chinook-sqlite.sql")),
    ) else {
        return;
    };
    ok(&loaded, "loading chinook-sqlite.sql");
    let url = format!("sqlite:{}", file.display());
    // Chinook's SQLite script ships its rows: append to them.
    seed_and_validate(&url, &["--if-exists", "append"]);
    let check = client(
        "sqlite3",
        &[file.to_str().unwrap(), "PRAGMA foreign_key_check"],
        None,
    )
    .unwrap();
    assert_eq!(ok(&check, "foreign_key_check").trim(), "");
}

#[test]
fn saas_schema_seeds_every_namespace_partition_and_check() {
    let Some(url) = postgres("saas", &[own_schema("saas.postgres.sql")]) else {
        return;
    };
    let report = seed_and_validate(&url, &[]);
    postgres_tables_have_rows(&url);
    assert!(
        report.contains(
            "audit.organization_copy: left to trigger `organization_copied` on `app.organization`"
        ),
        "{report}"
    );
    let query = |sql: &str| ok(&client("psql", &[&url, "-Atc", sql], None).unwrap(), sql);
    // The trigger filled the copy, one row per organization.
    assert_eq!(
        query("SELECT count(*) FROM audit.organization_copy").trim(),
        "1000"
    );
    // Rows landed in the sub-partitions and in the other range.
    for partition in [
        "billing.invoice_2024_eu",
        "billing.invoice_2024_us",
        "billing.invoice_2025",
    ] {
        let n: u64 = query(&format!("SELECT count(*) FROM {partition}"))
            .trim()
            .parse()
            .unwrap();
        assert!(n > 0, "{partition} is empty");
    }
    // Regex, SIMILAR TO and normalising CHECKs were met by construction, not left NULL.
    assert_eq!(
        query("SELECT count(*) FROM app.account WHERE handle !~* '^[a-z][a-z0-9_]{2,29}$'").trim(),
        "0"
    );
    assert_eq!(query("SELECT count(*) FROM app.organization WHERE slug <> lower(slug) OR country <> upper(country)").trim(), "0");
    let distinct_codes: u64 = query("SELECT count(DISTINCT code) FROM app.organization")
        .trim()
        .parse()
        .unwrap();
    assert!(
        distinct_codes > 900,
        "codes come from the regex: {distinct_codes}"
    );
    drop_postgres(&url);
}

#[test]
fn mediawiki_seeds_on_postgres() {
    // MediaWiki's own generated schema (GPL-2.0-or-later, kept with its licence): 60 tables,
    // composite keys, partial unique indexes, a reserved word (`user`) as a table name.
    seed_postgres(
        "mediawiki",
        &[own_schema("mediawiki/tables-generated.postgres.sql")],
    );
}

#[test]
fn sqlc_example_apps_seed_on_postgres() {
    // sqlc's example applications (MIT): an enum, a varchar[] with a '{}' default, a
    // plpgsql function; constraints added by ALTER TABLE, a junction table.
    seed_postgres(
        "sqlc_booktest",
        &[own_schema("sqlc/booktest.postgresql.sql")],
    );
    seed_postgres("sqlc_jets", &[own_schema("sqlc/jets.postgresql.sql")]);
}

#[test]
fn sqlc_booktest_seeds_on_mariadb() {
    let Some(admin) = mariadb(
        Some("CREATE DATABASE IF NOT EXISTS sprout_rw_booktest"),
        None,
    ) else {
        return;
    };
    ok(&admin, "creating the database");
    // The script creates its tables in whatever database it runs in.
    let script = std::fs::read_to_string(own_schema("sqlc/booktest.mysql.sql")).unwrap();
    let path = std::env::temp_dir().join("sprout_rw_booktest.sql");
    std::fs::write(
        &path,
        format!("DROP DATABASE IF EXISTS sprout_rw_booktest; CREATE DATABASE sprout_rw_booktest; USE sprout_rw_booktest;\n{script}"),
    )
    .unwrap();
    seed_mysql(&path, "sprout_rw_booktest");
}
