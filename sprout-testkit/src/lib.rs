//! sprout-testkit: a database of its own for every test.
//!
//! [`TestDatabase`] creates a uniquely named database on a running PostgreSQL or MariaDB/MySQL
//! server, or a fresh SQLite file, loads a schema script into it, and drops it when the test
//! passes (a failing test keeps its database and prints where it is, so it can be inspected).
//!
//! ```no_run
//! # async fn run() {
//! use sprout_testkit::{Backend, TestDatabase};
//! let Some(db) = TestDatabase::require(Backend::Postgres, "docs_example").await else {
//!     return; // the server is absent and the run does not require it; the reason is printed
//! };
//! db.run_script("CREATE TABLE t (id int PRIMARY KEY);").await.unwrap();
//! let loaded = sprout::source::introspect(db.url()).await.unwrap();
//! assert_eq!(loaded.schema.tables.len(), 1);
//! # }
//! ```

mod database;

pub use database::{Backend, TestDatabase, TestDbError};
