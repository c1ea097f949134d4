//! sprout-testkit: an isolated, seeded database for every test.
//!
//! - [`TestDatabase`]: a database of its own for one test, on a running server (PostgreSQL,
//!   MySQL/MariaDB), in a container the test binary starts (feature `testcontainers`), or in a
//!   SQLite file or memory. A schema or migrations run once into a template and every test's
//!   database is cloned from it. It is dropped when the test passes and kept, with its name and
//!   seed printed, when the test fails.
//! - [`seed`]: fills a pool's database in foreign-key order with the test's seed (a hash of its
//!   path; `SPROUT_SEED` overrides) and returns what it inserted ([`Seeded`]).
//! - [`test`]: `#[sprout_testkit::test]`, which does both around an async test.
//!
//! ```no_run
//! #[sprout_testkit::test(schema = "tests/schema.sql", seed)]
//! async fn lists_orders(pool: sqlx::PgPool, seeded: sprout_testkit::Seeded) {
//!     let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM orders")
//!         .fetch_one(&pool).await.unwrap();
//!     assert_eq!(n as usize, seeded.count("orders"));
//! }
//! ```

#[cfg(feature = "testcontainers")]
pub mod container;
mod database;
mod pool;
#[doc(hidden)]
pub mod runner;
mod seeding;
mod template;

pub use database::{
    Backend, Host, Setup, TestDatabase, TestDbError, connection_budget, missing_backends_allowed,
    server_url,
};
pub use pool::{STALE_FILL_MINUTES, pool_size};
pub use seeding::{SeedPool, Seeded, Seeder, current_test_path, seed, seeder, test_seed};
pub use sprout_macros::testkit_test as test;
pub use template::template_name_for as template_name;
