//! Two hundred tests on the threads nextest runs by default never come near the server's
//! `max_connections`, and leave no connection behind: each takes a pooled database, seeds it
//! through a pool of its own and queries it, as many at once as the machine has cores (at
//! least four). A sampler counts the server's connections every few milliseconds throughout.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use sprout_testkit::{Backend, Host, Setup, TestDatabase, connection_budget, template_name};
use sqlx::{Connection, Row};

const TESTS: usize = 200;

fn setup() -> Setup {
    Setup::Script(
        "CREATE TABLE team (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL);\n\
         CREATE TABLE player (id INT PRIMARY KEY, team_id INT NOT NULL REFERENCES team (id), \
         name VARCHAR(40) NOT NULL);\n"
            .to_string(),
    )
}

/// The server's connection limit, and how many connections it has now: all of them, and those
/// in this test's databases (`ours`, a SQL pattern on the database name).
async fn connections(backend: Backend, conn: &mut sqlx::AnyConnection, ours: &str) -> (i64, i64) {
    let query = match backend {
        Backend::Postgres => format!(
            "SELECT CAST(count(*) AS BIGINT), \
             CAST(count(*) FILTER (WHERE datname LIKE '{ours}') AS BIGINT) FROM pg_stat_activity"
        ),
        _ => format!(
            "SELECT CAST(count(*) AS SIGNED), CAST(COALESCE(SUM(db LIKE '{ours}'), 0) AS SIGNED) \
             FROM information_schema.processlist"
        ),
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(query))
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

async fn max_connections(backend: Backend, conn: &mut sqlx::AnyConnection) -> i64 {
    let query = match backend {
        Backend::Postgres => "SELECT CAST(current_setting('max_connections') AS BIGINT)",
        _ => "SELECT CAST(@@max_connections AS SIGNED)",
    };
    let row = sqlx::query(query).fetch_one(&mut *conn).await.unwrap();
    row.get(0)
}

/// One test: a pooled database, seeded through its own pool, queried, dropped.
async fn one_test(backend: Backend, threads: usize) {
    let db = TestDatabase::create_pooled(backend, Host::Server, "maxconn", &setup(), threads)
        .await
        .unwrap();
    let rows = match backend {
        Backend::Postgres => {
            let pool = db.pg_pool().await.unwrap();
            sprout_testkit::seed(&pool).await.unwrap();
            let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM player")
                .fetch_one(&pool)
                .await
                .unwrap();
            pool.close().await;
            n
        }
        _ => {
            let pool = db.mysql_pool().await.unwrap();
            sprout_testkit::seed(&pool).await.unwrap();
            let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM player")
                .fetch_one(&pool)
                .await
                .unwrap();
            pool.close().await;
            n
        }
    };
    assert!(rows > 0, "the seed filled player");
    // Dropping blocks (it drops the database and waits for the refill): off the runtime.
    tokio::task::spawn_blocking(move || drop(db)).await.unwrap();
}

async fn two_hundred_tests_stay_within_max_connections(backend: Backend) {
    sqlx::any::install_default_drivers();
    let admin_url = sprout_testkit::server_url(backend);
    let mut sampler = match sqlx::AnyConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if sprout_testkit::missing_backends_allowed() => {
            eprintln!("skipping: {e}");
            return;
        }
        Err(e) => panic!("{backend:?} at {admin_url}: {e}\n  start it with `bash .ci/services.sh`"),
    };
    let limit = max_connections(backend, &mut sampler).await;
    // PostgreSQL names the test's database after the test; MariaDB keeps the pooled name.
    let ours = match backend {
        Backend::Postgres => "sprout\\_maxconn\\_%".to_string(),
        _ => format!("{}%", template_name(backend, &setup()).replace('_', "\\_")),
    };
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .max(4);
    let done = Arc::new(AtomicBool::new(false));
    let (peak_all, peak_ours) = (Arc::new(AtomicI64::new(0)), Arc::new(AtomicI64::new(0)));
    let sampling = {
        let (done, peak_all, peak_ours, ours) = (
            done.clone(),
            peak_all.clone(),
            peak_ours.clone(),
            ours.clone(),
        );
        tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                let (all, mine) = connections(backend, &mut sampler, &ours).await;
                peak_all.fetch_max(all, Ordering::Relaxed);
                peak_ours.fetch_max(mine, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            sampler
        })
    };
    let gate = Arc::new(tokio::sync::Semaphore::new(threads));
    let mut tests = tokio::task::JoinSet::new();
    for _ in 0..TESTS {
        let permit = gate.clone().acquire_owned().await.unwrap();
        tests.spawn(async move {
            one_test(backend, threads).await;
            drop(permit);
        });
    }
    while let Some(result) = tests.join_next().await {
        result.expect("every test passes");
    }
    done.store(true, Ordering::Relaxed);
    let mut sampler = sampling.await.unwrap();
    let (peak_all, peak_ours) = (
        peak_all.load(Ordering::Relaxed),
        peak_ours.load(Ordering::Relaxed),
    );
    let budget = i64::from(connection_budget());
    assert!(
        peak_ours <= threads as i64 * budget,
        "{peak_ours} connections to the test databases at once, more than {threads} threads x {budget}"
    );
    assert!(
        peak_all < limit,
        "the server reached {peak_all} of its {limit} connections"
    );
    // Nothing stays connected once every test has dropped (a backend exits a moment after its
    // client leaves).
    let mut left = -1;
    for _ in 0..100 {
        left = connections(backend, &mut sampler, &ours).await.1;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0, "connections left to the test databases");
    println!(
        "{backend:?}: {TESTS} tests on {threads} threads: at most {peak_ours} connections to them, {peak_all} on the server (max_connections {limit})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_hundred_tests_stay_within_max_connections() {
    two_hundred_tests_stay_within_max_connections(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mariadb_two_hundred_tests_stay_within_max_connections() {
    two_hundred_tests_stay_within_max_connections(Backend::Mysql).await;
}
