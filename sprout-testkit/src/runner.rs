//! What `#[sprout_testkit::test]` expands to call: build a runtime, create the test's database
//! (template, migrations), seed it when asked, hand the test its pool, close the pools, and let
//! [`TestDatabase`]'s drop clean up (or keep the database and print its name and seed when the
//! test failed).

use std::future::Future;
use std::sync::Mutex;

use crate::database::{Backend, Host, Setup, TestDatabase};
use crate::seeding::{Seeded, Seeder};

/// The attribute's arguments.
#[derive(Debug, Clone)]
pub struct Config {
    /// `module_path!()::name`: the test's full path, which names its database and its seed.
    pub path: &'static str,
    /// From the attribute, or the pool type of the test's argument; else `SPROUT_TEST_BACKEND`
    /// (`postgres`, `mysql`, `sqlite`), else SQLite.
    pub backend: Option<Backend>,
    /// From the attribute, else [`Host::default_for`].
    pub host: Option<Host>,
    /// Schema or migrations.
    pub setup: Setup,
    /// Seed the database before the test.
    pub seed: bool,
    /// Rows per table when seeding.
    pub rows: Option<u64>,
}

/// The test's database, ready for the test body.
pub struct Ready {
    database: TestDatabase,
    seeded: Option<Seeded>,
    pools: Mutex<Vec<Closer>>,
}

enum Closer {
    Pg(sqlx::PgPool),
    My(sqlx::MySqlPool),
    Lite(sqlx::SqlitePool),
}

impl Ready {
    /// The database.
    pub fn database(&self) -> &TestDatabase {
        &self.database
    }

    /// What the seed inserted (empty when the test asked for no seed).
    pub fn seeded(&self) -> Seeded {
        self.seeded.clone().unwrap_or(Seeded {
            seed: self.database.seed(),
            data: sprout::Dataset {
                dialect: sprout::Dialect::Postgres,
                tables: Vec::new(),
            },
        })
    }

    /// A PostgreSQL pool on the database.
    pub async fn pg_pool(&self) -> sqlx::PgPool {
        let pool = self
            .database
            .pg_pool()
            .await
            .expect("a pool on the test database");
        self.pools
            .lock()
            .expect("pools")
            .push(Closer::Pg(pool.clone()));
        pool
    }

    /// A MySQL pool on the database.
    pub async fn mysql_pool(&self) -> sqlx::MySqlPool {
        let pool = self
            .database
            .mysql_pool()
            .await
            .expect("a pool on the test database");
        self.pools
            .lock()
            .expect("pools")
            .push(Closer::My(pool.clone()));
        pool
    }

    /// A SQLite pool on the database.
    pub async fn sqlite_pool(&self) -> sqlx::SqlitePool {
        let pool = self
            .database
            .sqlite_pool()
            .await
            .expect("a pool on the test database");
        self.pools
            .lock()
            .expect("pools")
            .push(Closer::Lite(pool.clone()));
        pool
    }

    /// Closes every pool handed out, so dropping the database waits on no connection.
    pub async fn close(self) {
        let pools = std::mem::take(&mut *self.pools.lock().expect("pools"));
        for pool in pools {
            match pool {
                Closer::Pg(p) => p.close().await,
                Closer::My(p) => p.close().await,
                Closer::Lite(p) => p.close().await,
            }
        }
    }
}

fn backend_from_env() -> Backend {
    std::env::var("SPROUT_TEST_BACKEND")
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Backend::Sqlite)
}

/// Runs one test: `body` gets the [`Ready`] database and returns the test's future.
pub fn run<F, Fut>(config: Config, body: F)
where
    F: FnOnce(std::sync::Arc<Ready>) -> Fut,
    Fut: Future<Output = ()>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the test");
    runtime.block_on(async move {
        let backend = config.backend.unwrap_or_else(backend_from_env);
        let host = config.host.unwrap_or_else(|| Host::default_for(backend));
        let database = match TestDatabase::create_with(backend, host, config.path, &config.setup)
            .await
        {
            Ok(database) => database,
            Err(
                e @ (crate::TestDbError::Unavailable { .. } | crate::TestDbError::Container { .. }),
            ) if crate::database::missing_backends_allowed() => {
                eprintln!("skipping {}: {e}", config.path);
                return;
            }
            Err(e) => panic!("{}: the test database: {e}", config.path),
        };
        let ready = std::sync::Arc::new(Ready {
            database,
            seeded: None,
            pools: Mutex::new(Vec::new()),
        });
        let ready = if config.seed {
            let seeder = Seeder::default().rows(config.rows.unwrap_or(10));
            // The pool type is sqlx's, one per database: a new backend adds its arm here.
            let seeded = match backend {
                Backend::Postgres => seeder.run(&ready.pg_pool().await).await,
                Backend::Mysql => seeder.run(&ready.mysql_pool().await).await,
                Backend::Sqlite => seeder.run(&ready.sqlite_pool().await).await,
                other => panic!("{}: the testkit has no pool type for {other}", config.path),
            }
            .unwrap_or_else(|e| panic!("{}: seeding: {e}", config.path));
            let mut ready = std::sync::Arc::try_unwrap(ready)
                .unwrap_or_else(|_| unreachable!("no test holds it yet"));
            ready.seeded = Some(seeded);
            std::sync::Arc::new(ready)
        } else {
            ready
        };
        body(ready.clone()).await;
        if let Ok(ready) = std::sync::Arc::try_unwrap(ready) {
            ready.close().await;
        }
    });
}

/// What a test body may return: `()` or a `Result` whose error fails the test.
pub trait TestResult {
    /// Panics on an error.
    fn check(self);
}

impl TestResult for () {
    fn check(self) {}
}

impl<E: std::fmt::Debug> TestResult for Result<(), E> {
    fn check(self) {
        if let Err(e) = self {
            panic!("the test returned an error: {e:?}");
        }
    }
}
