//! Per-test databases on servers, in containers, in SQLite files or memory: created for one
//! test (cloned from a template when there is a schema), dropped when it passes.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::{AssertSqlSafe, Connection};

/// Where a test database lives: sprout's [`Dialect`](sprout::Dialect), whose
/// [`test_server`](sprout::dialect::SqlDialect::test_server) names the server's URL variable
/// (`SPROUT_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`;
/// `SPROUT_TEST_MYSQL_URL`, default `mysql://root@127.0.0.1:3306/mysql`). SQLite lives in a
/// file of the system's temporary directory or in memory.
pub use sprout::Dialect as Backend;

/// Where a test database's server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Host {
    /// A running server (PostgreSQL, MySQL/MariaDB); see [`Backend`] for the URL variables.
    Server,
    /// A container the test binary starts (feature `testcontainers`); see
    /// `SPROUT_POSTGRES_IMAGE` / `SPROUT_MYSQL_IMAGE`.
    Container,
    /// SQLite: a file in the temporary directory.
    File,
    /// SQLite: in memory, shared by the connections of this test only.
    Memory,
}

impl Host {
    /// The default host for `backend`: `SPROUT_TEST_HOST` (`server`, `container`, `file`,
    /// `memory`) when it fits the backend, else a server for PostgreSQL and MySQL and a file for
    /// SQLite.
    pub fn default_for(backend: Backend) -> Host {
        let wanted = std::env::var("SPROUT_TEST_HOST").unwrap_or_default();
        let embedded = backend.sql().test_server().is_none();
        match wanted.as_str() {
            "memory" if embedded => Host::Memory,
            _ if embedded => Host::File,
            "container" => Host::Container,
            _ => Host::Server,
        }
    }
}

/// What a test database starts with: nothing, a SQL script, or a directory of migrations.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum Setup {
    /// An empty database.
    #[default]
    Empty,
    /// A schema script, run the way the backend's client runs it.
    Script(String),
    /// A directory of `*.sql` migrations, applied in the order of the version their names
    /// start with, as sqlx's migrator does (`9_x.sql` before `10_y.sql`; `.down.sql` files are
    /// skipped).
    Migrations(std::path::PathBuf),
}

impl Setup {
    /// The scripts to run, in order.
    pub(crate) fn scripts(&self) -> std::io::Result<Vec<String>> {
        match self {
            Setup::Empty => Ok(Vec::new()),
            Setup::Script(script) => Ok(vec![script.clone()]),
            Setup::Migrations(dir) => sprout::source::migrations::files(dir)?
                .into_iter()
                .map(std::fs::read_to_string)
                .collect(),
        }
    }
}

/// Why a test database could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestDbError {
    /// The server could not be reached.
    #[error(
        "{backend:?} server at {url} is unavailable: {source}\n  start it with `bash .ci/services.sh` (or point SPROUT_TEST_POSTGRES_URL / SPROUT_TEST_MYSQL_URL at one); SPROUT_ALLOW_MISSING_BACKENDS=1 skips such tests instead"
    )]
    Unavailable {
        /// Which backend.
        backend: Backend,
        /// The admin URL, password redacted.
        url: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A statement failed.
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    /// The schema or migrations could not be read or applied.
    #[error("setting up the test database: {0}")]
    Setup(String),
    /// The container could not be started.
    #[error(
        "{backend:?} container: {message}\n  start Docker and build the local images with `bash .ci/services.sh`; SPROUT_ALLOW_MISSING_BACKENDS=1 skips such tests instead"
    )]
    Container {
        /// Which backend.
        backend: Backend,
        /// What went wrong.
        message: String,
    },
}

/// True when `SPROUT_ALLOW_MISSING_BACKENDS=1`: a test whose database server or container is
/// absent is skipped instead of failing. Without it, absence is a failure that names the
/// command starting the backend.
pub fn missing_backends_allowed() -> bool {
    std::env::var("SPROUT_ALLOW_MISSING_BACKENDS").is_ok_and(|v| v == "1")
}

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDatabase {
    backend: Backend,
    host: Host,
    name: String,
    url: String,
    admin_url: String,
    /// The seed of this test's rows (see [`crate::test_seed`]).
    seed: u64,
    /// An in-memory SQLite database lives while a connection is open.
    keeper: std::sync::Mutex<Option<sqlx::SqliteConnection>>,
    /// Taken from a pool that keeps records of it (MySQL), to forget after use.
    pooled: bool,
    /// The template it was made from, whose schema is read once for every seed.
    template: Option<String>,
    /// The clones replacing the one this test took from the pool, waited for (until the server has it) when it is dropped.
    refill: Option<crate::pool::Refill>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The admin URL of `backend`'s server: its variable (`SPROUT_TEST_POSTGRES_URL` /
/// `SPROUT_TEST_MYSQL_URL`), else `SPROUT_TEST_DATABASE_URL` or `DATABASE_URL` when its scheme
/// is this backend's, else the local default. Empty for SQLite, which has no server.
pub fn server_url(backend: Backend) -> String {
    let Some(server) = backend.sql().test_server() else {
        return String::new();
    };
    if let Ok(url) = std::env::var(server.url_var) {
        return url;
    }
    for var in ["SPROUT_TEST_DATABASE_URL", "DATABASE_URL"] {
        if let Ok(url) = std::env::var(var)
            && Backend::of_url(&url) == Some(backend)
        {
            return url;
        }
    }
    server.default_url.to_string()
}

impl TestDatabase {
    /// Creates a fresh, empty database named after `label` (a test's name), unique per process
    /// and call, on `backend` at its default [`Host`].
    pub async fn create(backend: Backend, label: &str) -> Result<TestDatabase, TestDbError> {
        TestDatabase::create_with(backend, Host::default_for(backend), label, &Setup::Empty).await
    }

    /// Creates a fresh database on `host` with `setup` applied. On a server or container the
    /// setup runs once into a template database (named by a hash of its content, kept for later
    /// runs) and every test database is cloned from it: PostgreSQL `CREATE DATABASE ..
    /// TEMPLATE`, MySQL by copying tables, rows, views, triggers and routines. A SQLite file is
    /// copied from a template file; an in-memory database gets the setup directly.
    ///
    /// A server's test database comes from a pool of [`pool_size`](crate::pool_size) clones
    /// made ahead (see [`TestDatabase::create_pooled`]).
    pub async fn create_with(
        backend: Backend,
        host: Host,
        label: &str,
        setup: &Setup,
    ) -> Result<TestDatabase, TestDbError> {
        TestDatabase::create_pooled(backend, host, label, setup, crate::pool::pool_size()).await
    }

    /// Like [`TestDatabase::create_with`], with `pool` databases of the template kept cloned
    /// ahead on the server (0: none; every test then waits for its own clone). A test takes a
    /// ready one in a few milliseconds and a background thread clones its replacement while the
    /// test runs; the first test of a new schema clones its own and fills the pool.
    pub async fn create_pooled(
        backend: Backend,
        host: Host,
        label: &str,
        setup: &Setup,
        pool: usize,
    ) -> Result<TestDatabase, TestDbError> {
        let mut name = unique_name(label);
        let mut pooled = false;
        let mut refill = None;
        let scripts = setup
            .scripts()
            .map_err(|e| TestDbError::Setup(format!("reading the migrations: {e}")))?;
        let mut keeper = None;
        // SQLite lives in memory or a file; a server backend on a server or in a container.
        let embedded = backend.sql().test_server().is_none();
        let host = match host {
            Host::Memory | Host::File if !embedded => Host::Server,
            Host::Server | Host::Container if embedded => Host::File,
            host => host,
        };
        let template = (!scripts.is_empty())
            .then(|| crate::template::template_name(backend, &scripts))
            .filter(|_| host != Host::Memory);
        let (admin_url, url) = match host {
            Host::Memory => {
                let url = format!("sqlite:file:{name}?mode=memory&cache=shared");
                let mut conn = sqlx::SqliteConnection::connect(&url).await?;
                for script in &scripts {
                    run_each!(&mut conn, std::slice::from_ref(script)).await?;
                }
                keeper = Some(conn);
                (String::new(), url)
            }
            Host::File => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let _ = std::fs::remove_file(&path);
                if !scripts.is_empty() {
                    let template = crate::template::sqlite_file(&scripts).await?;
                    std::fs::copy(&template, &path).map_err(|e| {
                        TestDbError::Setup(format!("copying {}: {e}", template.display()))
                    })?;
                }
                (
                    String::new(),
                    format!("sqlite://{}?mode=rwc", path.display()),
                )
            }
            Host::Server | Host::Container => {
                let admin_url = match host {
                    Host::Container => container_url(backend).await?,
                    _ => server_url(backend),
                };
                let unavailable = |source| TestDbError::Unavailable {
                    backend,
                    url: sprout::error::redact_url(&admin_url),
                    source,
                };
                let mut parsed = url::Url::parse(&admin_url)
                    .map_err(|e| unavailable(sqlx::Error::Configuration(Box::new(e))))?;
                let claim = if let Some(template) = template.as_deref().filter(|_| pool > 0) {
                    crate::pool::claim(backend, &admin_url, template, &name, pool)
                        .await
                        .map_err(|e| match e {
                            e @ (sqlx::Error::Io(_) | sqlx::Error::Tls(_)) => unavailable(e),
                            e => TestDbError::Sql(e),
                        })?
                } else {
                    None
                };
                match claim {
                    Some(claim) => {
                        pooled = crate::pool::keeps_records(backend);
                        name = claim.name;
                        parsed.set_path(&name);
                        // One replacement for the one taken: clones in flight are not yet
                        // visible, so filling up to the size would overshoot.
                        let replace = usize::from(claim.left < pool);
                        refill = template.as_deref().and_then(|template| {
                            crate::pool::refill(backend, &admin_url, template, replace, pool)
                        });
                    }
                    None => {
                        ping(&admin_url).await.map_err(unavailable)?;
                        parsed.set_path(&name);
                        crate::template::create_database(
                            backend,
                            &admin_url,
                            &name,
                            parsed.as_str(),
                            &scripts,
                        )
                        .await?;
                        if let Some(template) = &template {
                            refill = crate::pool::refill(backend, &admin_url, template, pool, pool);
                        }
                    }
                }
                with_throwaway_options(backend, &mut parsed);
                (admin_url, parsed.to_string())
            }
        };
        let seed = crate::seeding::test_seed(label);
        Ok(TestDatabase {
            backend,
            host,
            name,
            url,
            admin_url,
            seed,
            keeper: std::sync::Mutex::new(keeper),
            pooled,
            refill,
            template,
        })
    }

    /// Like [`TestDatabase::create`], but a server that cannot be reached fails the test with
    /// the command that starts it; only `SPROUT_ALLOW_MISSING_BACKENDS=1` turns that into a
    /// skip (printing why and returning `None`).
    pub async fn require(backend: Backend, label: &str) -> Option<TestDatabase> {
        match TestDatabase::create(backend, label).await {
            Ok(db) => Some(db),
            Err(err) if missing_backends_allowed() => {
                eprintln!(
                    "skipping {label} on {backend:?} (SPROUT_ALLOW_MISSING_BACKENDS=1): {err}"
                );
                None
            }
            Err(err) => panic!("{label}: {err}"),
        }
    }

    /// The database's connection URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The backend it lives on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Where it lives.
    pub fn host(&self) -> Host {
        self.host
    }

    /// The seed for this test's rows: derived from its label (the test's path), or
    /// `SPROUT_SEED`.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A pool of at most [`connection_budget`] connections to the database (PostgreSQL).
    pub async fn pg_pool(&self) -> Result<sqlx::PgPool, sqlx::Error> {
        crate::seeding::remember(&self.url, self.seed, self.template.as_deref());
        sqlx::pool::PoolOptions::new()
            .max_connections(connection_budget())
            .connect(&self.url)
            .await
    }

    /// A pool of at most [`connection_budget`] connections to the database (MySQL/MariaDB).
    pub async fn mysql_pool(&self) -> Result<sqlx::MySqlPool, sqlx::Error> {
        crate::seeding::remember(&self.url, self.seed, self.template.as_deref());
        sqlx::pool::PoolOptions::new()
            .max_connections(connection_budget())
            .connect(&self.url)
            .await
    }

    /// A pool of at most [`connection_budget`] connections to the database (SQLite).
    pub async fn sqlite_pool(&self) -> Result<sqlx::SqlitePool, sqlx::Error> {
        crate::seeding::remember(&self.url, self.seed, self.template.as_deref());
        sqlx::pool::PoolOptions::new()
            .max_connections(connection_budget())
            .connect(&self.url)
            .await
    }

    /// Runs a SQL script the way the backend's own client would: PostgreSQL and SQLite take the
    /// whole script at once; MySQL gets it statement by statement, honouring `DELIMITER`.
    pub async fn run_script(&self, script: &str) -> Result<(), sqlx::Error> {
        run_script_at(self.backend, &self.url, script).await
    }

    /// Runs each text in order on one connection (a text may hold several statements where the
    /// backend allows it: PostgreSQL and SQLite do).
    pub async fn run_statements(&self, statements: &[String]) -> Result<(), sqlx::Error> {
        admin_execute(&self.url, statements).await
    }
}

/// Runs a script on the database at `url` as the backend's client would (MySQL statement by
/// statement, honouring `DELIMITER`).
pub(crate) async fn run_script_at(
    backend: Backend,
    url: &str,
    script: &str,
) -> Result<(), sqlx::Error> {
    admin_execute(url, &script_statements(backend, script)).await
}

/// A script as the backend's client sends it: statement by statement where the client splits
/// (MySQL, honouring `DELIMITER`), else whole.
pub(crate) fn script_statements(backend: Backend, script: &str) -> Vec<String> {
    if backend.sql().splits_scripts() {
        sprout::source::script::split_statements(script)
            .into_iter()
            .map(|s| s.text)
            .collect()
    } else {
        vec![script.to_string()]
    }
}

/// Runs each text in order on one connection (a macro, not a generic function: the futures
/// stay `Send` for the containers' runtime).
macro_rules! run_each {
    ($conn:expr, $statements:expr) => {
        async {
            for statement in $statements {
                sqlx::raw_sql(AssertSqlSafe(statement.clone()))
                    .execute(&mut *$conn)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        }
    };
}
pub(crate) use run_each;

impl Drop for TestDatabase {
    /// Drops the database after a passing test; keeps it, and says where, after a failing one.
    fn drop(&mut self) {
        let failed = std::thread::panicking();
        if failed {
            eprintln!(
                "test failed: kept its database `{}` at {}; rerun it with SPROUT_SEED={}",
                self.name,
                sprout::error::redact_url(&self.url),
                self.seed
            );
        }
        match self.host {
            Host::Memory => {
                self.keeper.lock().unwrap_or_else(|p| p.into_inner()).take();
            }
            Host::File if !failed => {
                let path = std::env::temp_dir().join(format!("{}.db", self.name));
                let _ = std::fs::remove_file(path);
            }
            Host::File => {}
            Host::Server | Host::Container => {
                let backend = self.backend;
                let name = self.name.clone();
                let admin_url = self.admin_url.clone();
                let (pooled, refill) = (self.pooled, self.refill.take());
                let (hand_off, handed_off) = std::sync::mpsc::channel::<()>();
                // Drop cannot await; a short-lived runtime on its own thread does the work
                // whether or not the test runs inside a runtime. PostgreSQL finishes a DROP it
                // has received even when the client has gone, so the test waits only until the
                // statement is sent (`execute_handing_off`); MySQL's drop and record are two
                // statements, waited for.
                std::thread::spawn(move || {
                    let sent = || {
                        let _ = hand_off.send(());
                    };
                    let result = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(sqlx::Error::Io)
                        .and_then(|runtime| {
                            runtime.block_on(async {
                                if !failed {
                                    drop_test_database(backend, &admin_url, &name, &sent).await?;
                                }
                                if pooled {
                                    crate::pool::forget(backend, &admin_url, &name).await?;
                                }
                                Ok::<(), sqlx::Error>(())
                            })
                        });
                    if let Err(err) = result {
                        eprintln!("could not drop test database `{name}`: {err}");
                    }
                });
                // Err: the thread ended (its sender dropped) without handing off.
                let _ = handed_off.recv();
                // The pool's refill is on its way before the process may exit.
                if let Some(refill) = refill {
                    refill.wait();
                }
            }
        }
    }
}

/// Drops a test's database; `sent` is called when the process may exit without waiting more.
async fn drop_test_database(
    backend: Backend,
    admin_url: &str,
    name: &str,
    sent: &(dyn Fn() + Sync),
) -> Result<(), sqlx::Error> {
    let statement = backend.sql().drop_database(name);
    if crate::pool::hands_off(backend) {
        let mut admin = sqlx::PgConnection::connect(admin_url).await?;
        return crate::template::execute_handing_off(&mut admin, &statement, sent).await;
    }
    admin_execute(admin_url, &[statement]).await
}

/// At most this many connections per test pool: `SPROUT_TEST_MAX_CONNECTIONS`, default 4, so
/// parallel tests (threads or nextest processes) do not exhaust the server.
pub fn connection_budget() -> u32 {
    std::env::var("SPROUT_TEST_MAX_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(4)
}

/// The admin URL of the backend's container.
#[cfg(feature = "testcontainers")]
async fn container_url(backend: Backend) -> Result<String, TestDbError> {
    crate::container::server(backend)
        .await
        .map(|server| server.admin_url)
        .map_err(|message| TestDbError::Container { backend, message })
}

#[cfg(not(feature = "testcontainers"))]
async fn container_url(backend: Backend) -> Result<String, TestDbError> {
    Err(TestDbError::Container {
        backend,
        message: "sprout-testkit was built without its `testcontainers` feature".into(),
    })
}

/// Connects and runs `SELECT 1`.
pub(crate) async fn ping(url: &str) -> Result<(), sqlx::Error> {
    admin_execute(url, &["SELECT 1".to_string()]).await
}

/// Runs `statements` in order on one connection to `url`, whatever its backend (sqlx's `Any`
/// driver picks it from the URL's scheme).
pub(crate) async fn admin_execute(url: &str, statements: &[String]) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    run_each!(&mut conn, statements).await?;
    conn.close().await
}

/// Adds the backend's throwaway session options to a test database's URL
/// (`SqlDialect::throwaway_url_options`), extending a parameter the URL already has.
fn with_throwaway_options(backend: Backend, url: &mut url::Url) {
    let options = backend.sql().throwaway_url_options();
    if options.is_empty() {
        return;
    }
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    for (key, value) in options {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some((_, existing)) => {
                existing.push(' ');
                existing.push_str(value);
            }
            None => pairs.push((key.to_string(), value.to_string())),
        }
    }
    url.query_pairs_mut().clear().extend_pairs(pairs);
    // Form encoding writes a space as `+` (and a `+` as `%2B`), which libpq reads as a plus.
    let query = url.query().map(|q| q.replace('+', "%20"));
    url.set_query(query.as_deref());
}

/// `sprout_<label>_<pid>_<n>`: lowercase letters, digits and underscores, at most 60 bytes.
fn unique_name(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    // The end of a test's path names it best.
    let cleaned: String = cleaned
        .chars()
        .skip(cleaned.chars().count().saturating_sub(32))
        .collect();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("sprout_{cleaned}_{}_{n}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_safe() {
        let a = unique_name("source::postgres::it's \"odd\"");
        let b = unique_name("source::postgres::it's \"odd\"");
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{a}"
        );
        assert!(a.len() <= 60);
    }

    /// The names docs/testkit.md shows.
    #[test]
    fn names_are_the_end_of_the_test_path() {
        let short = unique_name("orders::lists_orders");
        let pid = std::process::id();
        assert!(
            short.starts_with(&format!("sprout_orders__lists_orders_{pid}_")),
            "{short}"
        );
        let long = unique_name("a_rather_long_module::nested::lists_orders_by_customer");
        assert!(
            long.starts_with(&format!("sprout_nested__lists_orders_by_customer_{pid}_")),
            "{long}"
        );
    }
}
