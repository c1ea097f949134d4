//! The pool of databases cloned ahead (PostgreSQL and MariaDB servers): a test takes a ready
//! database with the template's schema, racing processes never get the same one, and a run
//! killed with SIGKILL in the middle of a claim and a refill leaves a pool the next run uses.

use std::time::Duration;

use sprout_testkit::{Backend, Host, Setup, TestDatabase, template_name};
use sqlx::Connection;

/// A schema of its own per test, so each test has its own template and pool.
fn setup(test: &str) -> Setup {
    Setup::Script(format!(
        "CREATE TABLE pool_probe (id INT PRIMARY KEY, note VARCHAR(40));\n\
         INSERT INTO pool_probe VALUES (1, '{test}');\n"
    ))
}

/// The note the template's row carries, read from the database at `url`.
async fn note(backend: Backend, url: &str) -> String {
    let query = "SELECT note FROM pool_probe WHERE id = 1";
    match backend {
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            let (note,): (String,) = sqlx::query_as(query).fetch_one(&mut conn).await.unwrap();
            note
        }
        _ => {
            let mut conn = sqlx::MySqlConnection::connect(url).await.unwrap();
            let (note,): (String,) = sqlx::query_as(query).fetch_one(&mut conn).await.unwrap();
            note
        }
    }
}

/// The names of the template's ready databases.
async fn ready(backend: Backend, test: &str) -> Vec<String> {
    let template = template_name(backend, &setup(test));
    let admin = sprout_testkit::server_url(backend);
    match backend {
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT datname::text FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1",
            )
            .bind(format!("{template}_ready_"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            names.into_iter().map(|(n,)| n).collect()
        }
        _ => {
            let mut conn = sqlx::MySqlConnection::connect(&admin).await.unwrap();
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sprout_testkit.pool WHERE template = ? AND state = 'ready' ORDER BY 1",
            )
            .bind(&template)
            .fetch_all(&mut conn)
            .await
            // No pool table yet on a fresh server: no pool.
            .unwrap_or_default();
            names.into_iter().map(|(n,)| n).collect()
        }
    }
}

/// Drops the template's ready databases (and, on MySQL, their records).
async fn empty_pool(backend: Backend, test: &str) {
    let Ok(mut conn) = sqlx::AnyConnection::connect(&sprout_testkit::server_url(backend)).await
    else {
        return;
    };
    for name in ready(backend, test).await {
        drop_pooled(backend, &mut conn, &name).await;
    }
}

/// Drops the pooled database `name` and, on MySQL, its record.
async fn drop_pooled(backend: Backend, conn: &mut sqlx::AnyConnection, name: &str) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(backend.sql().drop_database(name)))
        .execute(&mut *conn)
        .await
        .unwrap();
    if backend == Backend::Mysql {
        let forget = format!(
            "DELETE FROM sprout_testkit.pool WHERE name = {}",
            backend.sql().quote_text(name)
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(forget))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

fn url_of(backend: Backend, database: &str) -> String {
    let mut url = url::Url::parse(&sprout_testkit::server_url(backend)).unwrap();
    url.set_path(database);
    url.to_string()
}

/// The template's ready databases once there are at least `n` (up to 10 s): a test's drop waits
/// only until the server has its refill (PostgreSQL finishes it on its own), so the clone may
/// still be running.
async fn ready_at_least(backend: Backend, test: &str, n: usize) -> Vec<String> {
    let mut names = ready(backend, test).await;
    for _ in 0..200 {
        if names.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        names = ready(backend, test).await;
    }
    names
}

async fn require(backend: Backend, test: &str, pool: usize) -> Option<TestDatabase> {
    match TestDatabase::create_pooled(backend, Host::Server, test, &setup(test), pool).await {
        Ok(db) => Some(db),
        Err(e) if sprout_testkit::missing_backends_allowed() => {
            eprintln!("skipping {test}: {e}");
            None
        }
        Err(e) => panic!("{test}: {e}"),
    }
}

async fn takes_ready_databases_and_refills(backend: Backend, test: &str) {
    // The first database fills the pool.
    let Some(first) = require(backend, test, 2).await else {
        return;
    };
    assert_eq!(note(backend, first.url()).await, test);
    drop(first);
    let before = ready_at_least(backend, test, 2).await;
    assert!(before.len() >= 2, "the pool was filled: {before:?}");
    let db = require(backend, test, 2).await.unwrap();
    // It holds the template's rows, and it is no longer in the pool.
    assert_eq!(note(backend, db.url()).await, test);
    let during = ready(backend, test).await;
    assert!(!during.contains(&db.name().to_string()), "{during:?}");
    drop(db);
    // Its replacement arrives.
    assert!(ready_at_least(backend, test, before.len()).await.len() >= before.len());
}

#[tokio::test]
async fn postgres_takes_ready_databases_and_refills() {
    takes_ready_databases_and_refills(Backend::Postgres, "pool_pg_takes").await;
}

#[tokio::test]
async fn mariadb_takes_ready_databases_and_refills() {
    takes_ready_databases_and_refills(Backend::Mysql, "pool_my_takes").await;
}

async fn racing_claims_never_share(backend: Backend, test: &'static str) {
    let Some(warm) = require(backend, test, 4).await else {
        return;
    };
    drop(warm);
    ready_at_least(backend, test, 4).await;
    let claims: Vec<_> = (0..6)
        .map(|_| tokio::spawn(async move { require(backend, test, 4).await.unwrap() }))
        .collect();
    let mut databases = Vec::new();
    for claim in claims {
        databases.push(claim.await.unwrap());
    }
    let mut names: Vec<&str> = databases.iter().map(|d| d.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), databases.len(), "{names:?}");
    for db in &databases {
        assert_eq!(note(backend, db.url()).await, test);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_racing_claims_never_share() {
    racing_claims_never_share(Backend::Postgres, "pool_pg_race").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_racing_claims_never_share() {
    racing_claims_never_share(Backend::Mysql, "pool_my_race").await;
}

/// Set in the child this test starts (itself again), which claims a database and waits to be
/// killed.
const CHILD: &str = "SPROUT_POOL_KILLED_CHILD";

async fn a_killed_run_leaves_a_usable_pool(backend: Backend, test: &str, exact: &str) {
    if let Ok(report) = std::env::var(CHILD) {
        // The child: claim (which starts a refill), say which (the harness captures output, so
        // in a file), and wait for SIGKILL.
        let db = require(backend, test, 3).await.unwrap();
        std::fs::write(&report, db.name()).unwrap();
        std::thread::sleep(Duration::from_secs(120));
        panic!("the parent should have killed this process");
    }
    // From an empty pool: the first database fills it to 3 (waited for here), so
    // the child's claim leaves 2 and starts a third.
    empty_pool(backend, test).await;
    let Some(warm) = require(backend, test, 3).await else {
        return;
    };
    drop(warm);
    assert!(ready_at_least(backend, test, 3).await.len() >= 3);
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", exact, "--test-threads", "1"])
        .env(CHILD, report.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let claimed = loop {
        let text = std::fs::read_to_string(report.path()).unwrap_or_default();
        if !text.is_empty() {
            break text;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the child died before claiming"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    // Killed while its refill may be half-way.
    child.kill().unwrap();
    child.wait().unwrap();
    // Whatever the pool holds is whole: every ready database has the template's rows.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let left = ready(backend, test).await;
    assert!(!left.is_empty(), "the pool survived the kill");
    for name in &left {
        assert_eq!(note(backend, &url_of(backend, name)).await, test, "{name}");
    }
    // The next run takes from it.
    let next = require(backend, test, 3).await.unwrap();
    assert_eq!(note(backend, next.url()).await, test);
    assert_ne!(next.name(), claimed);
    // The killed test's own database stays, as a failed test's does; tidy it here.
    let admin = sprout_testkit::server_url(backend);
    let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
    drop_pooled(backend, &mut conn, &claimed).await;
}

#[tokio::test]
async fn postgres_a_killed_run_leaves_a_usable_pool() {
    sqlx::any::install_default_drivers();
    a_killed_run_leaves_a_usable_pool(
        Backend::Postgres,
        "pool_pg_killed",
        "postgres_a_killed_run_leaves_a_usable_pool",
    )
    .await;
}

#[tokio::test]
async fn mariadb_a_killed_run_leaves_a_usable_pool() {
    sqlx::any::install_default_drivers();
    a_killed_run_leaves_a_usable_pool(
        Backend::Mysql,
        "pool_my_killed",
        "mariadb_a_killed_run_leaves_a_usable_pool",
    )
    .await;
}

/// Set in the child that exits the moment its test's database is dropped.
const EXITING_CHILD: &str = "SPROUT_POOL_EXITING_CHILD";

/// A test process waits for its drop and its refill only until the server has them (the server
/// finishes a `DROP DATABASE` or `CREATE DATABASE` it has received on its own): a process that
/// exits right after its test leaves no database behind, and its replacement clone still lands.
#[tokio::test]
async fn postgres_a_process_exiting_after_its_test_loses_nothing() {
    sqlx::any::install_default_drivers();
    let (backend, test) = (Backend::Postgres, "pool_pg_exits");
    if let Ok(report) = std::env::var(EXITING_CHILD) {
        let db = require(backend, test, 1).await.unwrap();
        std::fs::write(&report, db.name()).unwrap();
        drop(db);
        std::process::exit(0);
    }
    empty_pool(backend, test).await;
    let Some(warm) = require(backend, test, 1).await else {
        return;
    };
    drop(warm);
    assert_eq!(
        ready_at_least(backend, test, 1).await.len(),
        1,
        "the pool holds one"
    );
    let report = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "postgres_a_process_exiting_after_its_test_loses_nothing",
            "--test-threads",
            "1",
        ])
        .env(EXITING_CHILD, report.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let claimed = std::fs::read_to_string(report.path()).unwrap();
    assert!(!claimed.is_empty(), "the child claimed a database");
    // The server finishes both on its own, a moment after the child has gone.
    let admin = sprout_testkit::server_url(backend);
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let mut state = (true, Vec::new());
    for _ in 0..200 {
        let (exists,): (bool,) =
            sqlx::query_as("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(&claimed)
                .fetch_one(&mut conn)
                .await
                .unwrap();
        state = (exists, ready(backend, test).await);
        if !state.0 && !state.1.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (exists, left) = state;
    assert!(!exists, "the child's database {claimed} was dropped");
    assert_eq!(left.len(), 1, "the child's refill landed: {left:?}");
    assert_eq!(note(backend, &url_of(backend, &left[0])).await, test);
}

/// A test's PostgreSQL sessions commit without waiting for the disk (the URL the testkit hands
/// out carries `options=-c synchronous_commit=off`); a crash loses only a test database.
#[tokio::test]
async fn postgres_test_databases_commit_without_waiting_for_the_disk() {
    let Some(db) = require(Backend::Postgres, "pool_pg_commits", 1).await else {
        return;
    };
    assert!(db.url().contains("synchronous_commit"), "{}", db.url());
    let pool = db.pg_pool().await.unwrap();
    let (value,): (String,) = sqlx::query_as("SHOW synchronous_commit")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(value, "off");
    pool.close().await;
}
