//! The parsers never panic: the DDL reader (`ddl::parse`, every dialect, with the dialect
//! guesser), the CHECK-expression reader (`parse_expr`), partition bounds and the regex
//! compiler, on random text and on random soups of SQL tokens that look like schemas.
//!
//! A normal run tries a few thousand inputs per target. For a long fuzzing run, set
//! `SPROUT_FUZZ_SECONDS` (docs/testing.md): each target then keeps drawing new inputs until
//! that many seconds have passed. Inputs that once crashed a parser are kept below as
//! regression cases.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sprout::schema::parse_expr;
use sprout::source::ddl;
use sprout::{Dialect, PartitionBound, Plan, PlanOptions};

const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

/// SQL-looking pieces, so random inputs reach deep into the readers.
const TOKENS: &[&str] = &[
    "CREATE",
    "TABLE",
    "t",
    "u",
    "\"we\"\"ird\"",
    "`b`",
    "(",
    ")",
    ",",
    ";",
    "id",
    "int",
    "serial",
    "PRIMARY",
    "KEY",
    "REFERENCES",
    "FOREIGN",
    "UNIQUE",
    "CHECK",
    "NOT",
    "NULL",
    "DEFAULT",
    "x",
    ">",
    "<",
    "=",
    "~",
    "~*",
    "SIMILAR",
    "TO",
    "REGEXP",
    "GLOB",
    "LIKE",
    "'^[a-z]+$'",
    "'%'",
    "1",
    "-2",
    "3.5",
    "AND",
    "OR",
    "IN",
    "BETWEEN",
    "lower(x)",
    "length(",
    "PARTITION",
    "BY",
    "RANGE",
    "LIST",
    "HASH",
    "OF",
    "FOR",
    "VALUES",
    "FROM",
    "WITH",
    "MODULUS",
    "REMAINDER",
    "DEFAULT",
    "ALTER",
    "ADD",
    "CONSTRAINT",
    "ATTACH",
    "TRIGGER",
    "AFTER",
    "BEFORE",
    "INSERT",
    "ON",
    "EACH",
    "ROW",
    "BEGIN",
    "END",
    "INTO",
    "$$",
    "/*",
    "*/",
    "--",
    "\n",
    "\\c",
    "DELIMITER",
    ";;",
    "CREATE TYPE e AS ENUM ('a')",
    "e[]",
    "text[][]",
    "CREATE DOMAIN d AS int",
    "INDEX",
    "USING",
    "WHERE",
    "public.",
    "s.",
    "\"",
    "'",
    "`",
    "[",
    "]",
    "varchar(",
    "numeric(10,",
    "ENUM(",
    "SET(",
    "AUTO_INCREMENT",
    "COMMENT",
    "FUNCTION",
    "EXECUTE",
    "RETURNS",
    "trigger",
    "LANGUAGE",
    "plpgsql",
    "AS",
    "ARRAY[",
    "::text",
    "ANY",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.join(" "))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~\n]{0,200}", token_soup()]
}

/// Runs `check` on inputs from `strategy`: a few thousand, or for `SPROUT_FUZZ_SECONDS`.
fn fuzz<S: Strategy>(strategy: S, check: impl Fn(S::Value)) {
    let seconds: Option<u64> = std::env::var("SPROUT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let mut rounds = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: 500,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&strategy, |input| {
                check(input);
                Ok(())
            })
            .unwrap();
        rounds += 1;
        match deadline {
            Some(deadline) if Instant::now() < deadline => continue,
            Some(_) => break,
            None if rounds < 4 => continue,
            None => break,
        }
    }
    eprintln!("{} inputs, no panic", rounds * 500);
}

#[test]
fn ddl_reader_never_panics() {
    fuzz(text(), |script| {
        for dialect in DIALECTS {
            if let Ok(loaded) = ddl::parse(&script, dialect) {
                // What the reader accepts, the planner refuses with an error or plans.
                let _ = Plan::new(loaded.schema, PlanOptions::default());
            }
        }
        let _ = ddl::guess_dialect(&script);
    });
}

#[test]
fn check_reader_never_panics() {
    fuzz(text(), |expr| {
        for dialect in DIALECTS {
            if let Ok(parsed) = parse_expr(&expr, dialect) {
                let _ = parsed.to_string();
                let _ = parsed.columns();
            }
        }
        let _ = PartitionBound::parse(&expr);
        for syntax in [
            sprout::schema::PatternSyntax::Regex,
            sprout::schema::PatternSyntax::Similar,
            sprout::schema::PatternSyntax::Glob,
        ] {
            let _ = syntax.to_regex(&expr);
        }
    });
}

/// Inputs that once made a reader panic or loop, kept as regression cases.
#[test]
fn former_crashes_stay_fixed() {
    for script in [
        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a (nope));",
        "CREATE TABLE b (id int, FOREIGN KEY (missing) REFERENCES b (id));",
        "CREATE TABLE t (x int, x int);",
        "CREATE TABLE t (x int, UNIQUE (y));",
        "CREATE TABLE t (x int CHECK (y > 0));",
        "CREATE TABLE p (k date) PARTITION BY RANGE (k); CREATE TABLE c PARTITION OF p FOR VALUES FROM (MINVALUE) TO (MAXVALUE);",
        "CREATE TRIGGER",
        "CREATE TRIGGER t AFTER INSERT ON",
    ] {
        for dialect in DIALECTS {
            if let Ok(loaded) = ddl::parse(script, dialect) {
                let _ = Plan::new(loaded.schema, PlanOptions::default());
            }
        }
    }
}
