//! Databases cloned from a template ahead of need, so a test takes one in a few milliseconds
//! instead of waiting for a clone.
//!
//! The pool lives on the server, not in a process: nextest runs every test in a process of its
//! own, and a later run reuses what an earlier one filled. Every ready database belongs to one
//! template (its name starts with the template's, and the template's name is a hash of the
//! schema), so a changed schema never hands out a stale database.
//!
//! - PostgreSQL: a ready database sits in a slot, `<template>_ready_<k>` for k below the pool's
//!   size, so the pool never holds more than its size. It appears only once its
//!   `CREATE DATABASE .. TEMPLATE` commits, so it is never half-made, even when the process that
//!   filled it is killed; a fill takes the first free slot (a taken one fails as a duplicate). A
//!   test claims one with `ALTER DATABASE .. RENAME TO <its name>`, which is atomic: when two
//!   processes race for one, the second rename fails and it tries another. It guesses a slot
//!   first (one round trip), and lists what is ready only when two guesses miss.
//! - MySQL/MariaDB has no clone and no rename of a database, so a table `sprout_testkit.pool`
//!   records every pooled database and its state (`filling`, `ready`, `claimed`). A test claims
//!   one with a single `UPDATE .. LIMIT 1`; a fill killed mid-copy stays `filling` and is
//!   dropped by a later run once it is older than [`STALE_FILL_MINUTES`].
//!
//! The first test of a template finds no ready database: it clones its own and a background
//! thread fills the pool to [`pool_size`]. After a claim, a background thread clones one
//! replacement while the test runs (none when the pool still holds its size). Several processes
//! starting at once may each fill a MySQL pool, so it can hold up to its size times the test
//! threads; it never grows past that. The test's database is dropped after use, never recycled:
//! a test may change anything.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::{AssertSqlSafe, Connection, Executor};

use crate::database::{Backend, TestDbError};

/// A `filling` MySQL pool entry older than this is a fill whose process died: dropped.
pub const STALE_FILL_MINUTES: u32 = 10;

/// The most databases a pool keeps ready per template.
const MAX_POOL: usize = 16;

static FILLS: AtomicUsize = AtomicUsize::new(0);

/// How many databases to keep ready per template: `SPROUT_TEST_POOL` (0 turns the pool off),
/// else the test threads (`NEXTEST_TEST_THREADS`, `RUST_TEST_THREADS`, else the machine's
/// parallelism), at most 16.
pub fn pool_size() -> usize {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse().ok());
    if let Some(n) = var("SPROUT_TEST_POOL") {
        return n;
    }
    var("NEXTEST_TEST_THREADS")
        .or_else(|| var("RUST_TEST_THREADS"))
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(2)
        .clamp(1, MAX_POOL)
}

/// How a backend's pool is kept, from what its server can do (never a match on the dialect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keeping {
    /// The server clones databases and renames them: claims rename (PostgreSQL).
    Renames,
    /// The server has no clone: a table records the pooled databases (MySQL/MariaDB).
    Records,
    /// No server (SQLite): no pool.
    Nothing,
}

fn keeping(backend: Backend) -> Keeping {
    let sql = backend.sql();
    if sql.test_server().is_none() {
        Keeping::Nothing
    } else if sql.clone_database("pooled", "template").is_some() {
        Keeping::Renames
    } else {
        Keeping::Records
    }
}

/// True when a claimed database stays in the pool's records until it is forgotten (MySQL).
pub(crate) fn keeps_records(backend: Backend) -> bool {
    keeping(backend) == Keeping::Records
}

/// True when the server runs a `CREATE DATABASE` or `DROP DATABASE` it has received to its end
/// on its own, so a process may exit once it is sent (PostgreSQL).
pub(crate) fn hands_off(backend: Backend) -> bool {
    keeping(backend) == Keeping::Renames
}

/// A database taken from the pool.
pub(crate) struct Claim {
    /// Its name now (PostgreSQL: the test's; MySQL: the pooled name).
    pub name: String,
    /// How many ready databases the claim left for this template.
    pub left: usize,
}

/// Takes a ready database of `template` for the test database `name`, if the pool has one.
pub(crate) async fn claim(
    backend: Backend,
    admin_url: &str,
    template: &str,
    name: &str,
    size: usize,
) -> Result<Option<Claim>, sqlx::Error> {
    match keeping(backend) {
        Keeping::Renames => claim_postgres(admin_url, template, name, size).await,
        Keeping::Records => claim_mysql(admin_url, template, name).await,
        Keeping::Nothing => Ok(None),
    }
}

/// `LIKE` pattern of `template`'s ready databases (PostgreSQL).
fn ready_pattern(template: &str) -> String {
    format!("{}\\_ready\\_%", template.replace('_', "\\_"))
}

/// The name of ready slot `k` of `template` (PostgreSQL): a pool of size `n` keeps slots 0 to
/// `n - 1`, so it never holds more than `n`, and a claim can name a ready database without
/// listing them first.
fn slot_name(template: &str, k: usize) -> String {
    format!("{template}_ready_{k}")
}

/// The names of a pool's slots.
fn slot_names(template: &str, size: usize) -> Vec<String> {
    (0..size).map(|k| slot_name(template, k)).collect()
}

/// One connection and one round trip of the simple protocol when the guessed slot is ready: a
/// rename of that slot. Otherwise a second guess, then the list of what is ready (other slots,
/// and names of earlier versions), then a rename (a prepared statement costs a round trip more,
/// and a `DO` block a millisecond of PL/pgSQL start-up in every new session).
async fn claim_postgres(
    admin_url: &str,
    template: &str,
    name: &str,
    size: usize,
) -> Result<Option<Claim>, sqlx::Error> {
    let sql = Backend::Postgres.sql();
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    // Processes start at different places, so they rarely race for one database.
    let start = std::process::id() as usize + FILLS.load(Ordering::Relaxed);
    for i in 0..size.min(2) {
        if rename_into(&mut admin, &slot_name(template, (start + i) % size), name).await? {
            drop(admin);
            // How many are left is not known; the refill finds out (a full pool has no free
            // slot, so it clones nothing).
            return Ok(Some(Claim {
                name: name.to_string(),
                left: 0,
            }));
        }
    }
    let list = format!(
        "SELECT datname::text FROM pg_database WHERE datname LIKE {} ORDER BY datname",
        sql.quote_text(&ready_pattern(template))
    );
    let ready: Vec<String> = sqlx::raw_sql(AssertSqlSafe(list))
        .fetch_all(&mut admin)
        .await?
        .iter()
        .map(|row| sqlx::Row::try_get(row, 0))
        .collect::<Result<_, _>>()?;
    let mut claimed = None;
    for i in 0..ready.len() {
        if rename_into(&mut admin, &ready[(start + i) % ready.len()], name).await? {
            claimed = Some(Claim {
                name: name.to_string(),
                left: ready.len() - i - 1,
            });
            break;
        }
    }
    // Dropped, not closed: closing waits for the server's goodbye, up to milliseconds.
    drop(admin);
    Ok(claimed)
}

/// Renames the ready database `candidate` to the test's `name`; false when it is not there or
/// another process took it first.
async fn rename_into(
    admin: &mut sqlx::PgConnection,
    candidate: &str,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let sql = Backend::Postgres.sql();
    // The rename need not wait for its commit to reach the disk: a crash loses a test database.
    let rename = format!(
        "SET synchronous_commit = off; ALTER DATABASE {} RENAME TO {}",
        sql.quote_ident(candidate),
        sql.quote_ident(name)
    );
    match sqlx::raw_sql(AssertSqlSafe(rename)).execute(admin).await {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Creates `sprout_testkit.pool` when it is missing.
async fn mysql_pool_table(admin: &mut sqlx::MySqlConnection) -> Result<(), sqlx::Error> {
    admin
        .execute("CREATE DATABASE IF NOT EXISTS sprout_testkit")
        .await?;
    admin
        .execute(
            "CREATE TABLE IF NOT EXISTS sprout_testkit.pool (
                name VARCHAR(64) PRIMARY KEY,
                template VARCHAR(64) NOT NULL,
                state VARCHAR(8) NOT NULL,
                owner VARCHAR(64) NULL,
                since TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                KEY (template, state)
            )",
        )
        .await?;
    Ok(())
}

async fn claim_mysql(
    admin_url: &str,
    template: &str,
    name: &str,
) -> Result<Option<Claim>, sqlx::Error> {
    let mut admin = sqlx::MySqlConnection::connect(admin_url).await?;
    mysql_pool_table(&mut admin).await?;
    // Racing claims and fills can deadlock on InnoDB's locks: retry, then take the cold path.
    let mut taken = 0;
    for attempt in 0..5 {
        match sqlx::query(
            "UPDATE sprout_testkit.pool SET state = 'claimed', owner = ?, since = CURRENT_TIMESTAMP
             WHERE template = ? AND state = 'ready' ORDER BY name LIMIT 1",
        )
        .bind(name)
        .bind(template)
        .execute(&mut admin)
        .await
        {
            Ok(done) => {
                taken = done.rows_affected();
                break;
            }
            Err(sqlx::Error::Database(_)) if attempt < 4 => {
                tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
            }
            Err(sqlx::Error::Database(_)) => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    let claimed = if taken == 1 {
        let (pooled,): (String,) =
            sqlx::query_as("SELECT name FROM sprout_testkit.pool WHERE owner = ?")
                .bind(name)
                .fetch_one(&mut admin)
                .await?;
        let (left,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sprout_testkit.pool WHERE template = ? AND state = 'ready'",
        )
        .bind(template)
        .fetch_one(&mut admin)
        .await?;
        Some(Claim {
            name: pooled,
            left: left as usize,
        })
    } else {
        None
    };
    drop(admin);
    Ok(claimed)
}

/// Takes the pooled database `name` out of the pool's records once its test is over (dropped,
/// or kept after a failure). Only MySQL keeps records.
pub(crate) async fn forget(
    backend: Backend,
    admin_url: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    if !keeps_records(backend) {
        return Ok(());
    }
    let mut admin = sqlx::MySqlConnection::connect(admin_url).await?;
    sqlx::query("DELETE FROM sprout_testkit.pool WHERE name = ?")
        .bind(name)
        .execute(&mut admin)
        .await?;
    admin.close().await
}

/// A name for a new ready database of `template`.
fn ready_name(template: &str) -> String {
    let n = FILLS.fetch_add(1, Ordering::Relaxed);
    format!("{template}_ready_{}_{n}", std::process::id())
}

/// A refill running on a thread of its own.
#[derive(Debug)]
pub(crate) struct Refill {
    /// In a mutex only so a test database stays `Sync`.
    handed_off: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
}

impl Refill {
    /// Waits until the process may exit without losing the refill: until the server has the
    /// first clone's statement (PostgreSQL, which runs it to its end even when the client goes)
    /// or the refill has ended (MySQL, whose copy is many statements).
    pub(crate) fn wait(self) {
        // Err: the thread ended (and dropped its sender) without handing off.
        let handed_off = self
            .handed_off
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let _ = handed_off.recv();
    }
}

/// Clones `count` ready databases of `template` on a thread of its own (the test's runtime may
/// end first); [`Refill::wait`] before the process may exit.
pub(crate) fn refill(
    backend: Backend,
    admin_url: &str,
    template: &str,
    count: usize,
    size: usize,
) -> Option<Refill> {
    if count == 0 {
        return None;
    }
    let admin_url = admin_url.to_string();
    let template = template.to_string();
    let (hand_off, handed_off) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        let sent = || {
            let _ = hand_off.send(());
        };
        runtime.block_on(async {
            for _ in 0..count {
                match fill(backend, &admin_url, &template, size, &sent).await {
                    Ok(true) => {}
                    // Every slot is taken: the pool is full.
                    Ok(false) => return,
                    Err(e) => {
                        // A missing ready database costs only speed: the next test clones.
                        eprintln!("sprout-testkit: filling the pool of {template}: {e}");
                        return;
                    }
                }
            }
        });
    });
    Some(Refill {
        handed_off: std::sync::Mutex::new(handed_off),
    })
}

/// Clones one ready database of `template`, into a free slot of a pool of `size` on
/// PostgreSQL; false when every slot is taken. `sent` is called once the server has the whole of
/// a clone it runs to its end on its own.
async fn fill(
    backend: Backend,
    admin_url: &str,
    template: &str,
    size: usize,
    sent: &(dyn Fn() + Sync),
) -> Result<bool, TestDbError> {
    match keeping(backend) {
        Keeping::Renames => {
            let slots = slot_names(template, size);
            return Ok(
                crate::template::clone_postgres(admin_url, &slots, template, Some(sent))
                    .await?
                    .is_some(),
            );
        }
        Keeping::Records => {
            let name = ready_name(template);
            let sql = Backend::Mysql.sql();
            let mut admin = sqlx::MySqlConnection::connect(admin_url).await?;
            mysql_pool_table(&mut admin).await?;
            drop_stale_fills(&mut admin, template).await?;
            sqlx::query(
                "INSERT INTO sprout_testkit.pool (name, template, state) VALUES (?, ?, 'filling')",
            )
            .bind(&name)
            .bind(template)
            .execute(&mut admin)
            .await?;
            admin
                .execute(AssertSqlSafe(format!(
                    "CREATE DATABASE {}",
                    sql.quote_ident(&name)
                )))
                .await?;
            let mut url = url::Url::parse(admin_url)
                .map_err(|e| TestDbError::Setup(format!("the admin URL: {e}")))?;
            url.set_path(&name);
            crate::template::copy_mysql(admin_url, template, url.as_str()).await?;
            sqlx::query("UPDATE sprout_testkit.pool SET state = 'ready' WHERE name = ?")
                .bind(&name)
                .execute(&mut admin)
                .await?;
            let _ = admin.close().await;
        }
        Keeping::Nothing => {}
    }
    Ok(true)
}

/// Drops the fills of `template` whose process died mid-copy (MySQL).
async fn drop_stale_fills(
    admin: &mut sqlx::MySqlConnection,
    template: &str,
) -> Result<(), sqlx::Error> {
    let stale: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sprout_testkit.pool WHERE template = ? AND state = 'filling'
         AND since < CURRENT_TIMESTAMP - INTERVAL ? MINUTE",
    )
    .bind(template)
    .bind(STALE_FILL_MINUTES)
    .fetch_all(&mut *admin)
    .await?;
    for (name,) in stale {
        admin
            .execute(AssertSqlSafe(Backend::Mysql.sql().drop_database(&name)))
            .await?;
        sqlx::query("DELETE FROM sprout_testkit.pool WHERE name = ?")
            .bind(&name)
            .execute(&mut *admin)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_names_fit_and_match_their_pattern() {
        let template = "sprout_tpl_0123456789abcdef";
        for name in [ready_name(template), slot_name(template, MAX_POOL - 1)] {
            assert!(name.len() <= 63, "{name}");
            assert!(name.starts_with(&format!("{template}_ready_")));
        }
        assert_eq!(slot_names(template, 2).len(), 2);
        assert_eq!(
            ready_pattern(template),
            "sprout\\_tpl\\_0123456789abcdef\\_ready\\_%"
        );
    }
}
