//! An expected-to-fail harness (`harness = false`): it runs a deliberately failing seeded test
//! in a child process and checks what a user would see. The failing test keeps its database
//! and prints its name and seed, and `SPROUT_SEED=<n>` makes a rerun insert the same rows.
//!
//! It answers nextest's `--list` itself, so `cargo test` and `cargo nextest run` both run it.

use std::process::Command;

const NAME: &str = "a_failing_test_keeps_its_database_and_prints_its_seed";
const CHILD: &str = "SPROUT_TESTKIT_DELIBERATE_FAILURE";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        if !args.iter().any(|a| a == "--ignored") {
            println!("{NAME}: test");
        }
        return;
    }
    if std::env::var_os(CHILD).is_some() {
        deliberately_failing_test();
        return;
    }
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-'));
    if filter.is_some_and(|f| !NAME.contains(f.as_str())) {
        return;
    }
    check_the_failure();
    println!("test {NAME} ... ok");
}

/// What `#[sprout_testkit::test]` expands to, with a body that fails after seeding.
fn deliberately_failing_test() {
    sprout_testkit::runner::run(
        sprout_testkit::runner::Config {
            path: "expected_failures::deliberately_failing",
            backend: Some(sprout_testkit::Backend::Postgres),
            host: Some(sprout_testkit::Host::Server),
            setup: sprout_testkit::Setup::Script(
                include_str!("schema/shop.postgres.sql").to_string(),
            ),
            seed: true,
            rows: Some(4),
        },
        |ready| async move {
            let seeded = ready.seeded();
            let first = seeded.column("customer", "email")[0].to_string();
            println!("first email: {first}");
            panic!("deliberate failure");
        },
    );
}

fn run_child(seed: Option<&str>) -> (bool, String, String) {
    let mut command = Command::new(std::env::current_exe().expect("this binary"));
    command.env(CHILD, "1");
    if let Some(seed) = seed {
        command.env("SPROUT_SEED", seed);
    } else {
        command.env_remove("SPROUT_SEED");
    }
    let output = command.output().expect("the child runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn after<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` in:\n{text}"))
        + marker.len();
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '`' || c == ';')
        .next()
        .unwrap()
}

fn drop_database(name: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let url = sprout_testkit::server_url(sprout_testkit::Backend::Postgres);
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        let (exists,): (bool,) =
            sqlx::query_as("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(name)
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert!(exists, "the failing test's database `{name}` was kept");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await
        .unwrap();
    });
}

fn check_the_failure() {
    let (passed, stdout, stderr) = run_child(None);
    assert!(!passed, "the deliberate failure failed");
    assert!(stderr.contains("deliberate failure"), "{stderr}");
    let database = after(&stderr, "kept its database `").to_string();
    let seed = after(&stderr, "SPROUT_SEED=").to_string();
    assert!(database.starts_with("sprout_"), "{database}");
    assert_eq!(
        seed,
        sprout_testkit::test_seed("expected_failures::deliberately_failing").to_string()
    );
    let first = after(&stdout, "first email: ").to_string();
    drop_database(&database);

    // The printed seed reruns it exactly: the same first row.
    let (_, rerun_stdout, rerun_stderr) = run_child(Some(&seed));
    assert_eq!(after(&rerun_stdout, "first email: "), first);
    drop_database(after(&rerun_stderr, "kept its database `"));
    // Another seed, other rows.
    let (_, other_stdout, other_stderr) = run_child(Some("12345"));
    assert_ne!(after(&other_stdout, "first email: "), first);
    drop_database(after(&other_stderr, "kept its database `"));
}
