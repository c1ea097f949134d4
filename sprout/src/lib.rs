//! sprout makes realistic, deterministic test data for relational databases.
//!
//! This crate holds the dialect-neutral [`Schema`] model and the sources that fill it: live
//! PostgreSQL, MySQL/MariaDB and SQLite databases through sqlx ([`source::introspect`]) and SQL
//! DDL files through sqlparser ([`source::ddl`]).
//!
//! ```
//! use sprout::{Dialect, source::ddl};
//!
//! let parsed = ddl::parse(
//!     "CREATE TABLE author (id serial PRIMARY KEY, email varchar(80) NOT NULL UNIQUE);
//!      CREATE TABLE book (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES author (id));",
//!     Dialect::Postgres,
//! )?;
//! let book = parsed.schema.table("book").unwrap();
//! assert_eq!(book.foreign_keys[0].ref_table, "author");
//! # Ok::<(), sprout::Error>(())
//! ```

#[cfg(all(
    feature = "seed",
    not(any(feature = "postgres", feature = "mysql", feature = "sqlite"))
))]
compile_error!(
    "sprout's `seed` feature needs a database: enable `postgres`, `mysql` or `sqlite` too"
);

#[cfg(feature = "cli")]
pub mod cli;
pub mod connect;
pub mod dialect;
pub mod error;
pub mod factory;
pub mod generate;
#[cfg(feature = "seed")]
pub mod live;
pub mod plan;
pub mod schema;
#[cfg(feature = "seed")]
pub mod seed;
pub mod sink;
pub mod source;
pub mod validate;
pub mod value;

pub use error::{Error, Result, Warning};
/// The `fake` crate sprout generates with, for `#[sprout(faker = fake::faker::..)]`.
pub use fake;
pub use generate::{Dataset, Value, generate};
#[doc(hidden)]
pub use inventory;
pub use plan::{Plan, PlanOptions};
pub use schema::{
    Check, Column, Deferrable, Dialect, EnumType, Expr, FkAction, ForeignKey, Generated, Identity,
    Partition, PartitionBound, PartitionStrategy, Partitioning, PrimaryKey, Schema, SqlType, Table,
    Trigger, Unique,
};
pub use sprout_macros::{Sprout, factories};
pub use validate::{Violation, validate};
