//! What differs between databases, in one place: the [`Dialect`] a schema comes from and output
//! is written for, and [`SqlDialect`], the trait each database implements in a file of its own
//! (`postgres.rs`, `mysql.rs`, `sqlite.rs`). Quoting, literals, the SQL that suspends checks,
//! moves sequences, empties tables or clones a test database, bulk-load limits, the sqlparser
//! dialect and a test server's defaults are asked of the trait; shared code never matches on a
//! dialect. Adding a database is one new file here plus its readers and tests.
//!
//! ```
//! use sprout::Dialect;
//! assert_eq!(Dialect::Mysql.sql().quote_ident("se`lect"), "`se``lect`");
//! assert_eq!(Dialect::Postgres.sql().quote_text("it's"), "'it''s'");
//! ```

mod mysql;
mod postgres;
mod sqlite;

use serde::{Deserialize, Serialize};

pub use postgres::COPY_BATCH;

/// The SQL dialect a schema came from, and the dialect output is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
    /// SQLite.
    Sqlite,
}

impl Dialect {
    /// Every supported dialect.
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

    /// What this database does differently: quoting, literals, its statements.
    pub fn sql(self) -> &'static dyn SqlDialect {
        match self {
            Dialect::Postgres => &postgres::Postgres,
            Dialect::Mysql => &mysql::Mysql,
            Dialect::Sqlite => &sqlite::Sqlite,
        }
    }

    /// The dialect's name as users write it (`postgres`, `mysql`, `sqlite`).
    pub fn name(self) -> &'static str {
        self.sql().names()[0]
    }

    /// The dialect a database URL names, by its scheme (`postgres://`, `mariadb://`, `sqlite:`).
    pub fn of_url(url: &str) -> Option<Dialect> {
        let scheme = url.split(':').next()?.to_ascii_lowercase();
        Dialect::ALL
            .into_iter()
            .find(|d| d.sql().url_schemes().contains(&scheme.as_str()))
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.to_ascii_lowercase();
        Dialect::ALL
            .into_iter()
            .find(|d| d.sql().names().contains(&wanted.as_str()))
            .ok_or_else(|| format!("unknown dialect `{s}`: use postgres, mysql or sqlite"))
    }
}

/// How a database turns foreign-key checks off inside a transaction, for cycles that no
/// nullable or DEFERRABLE key breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FkSuspension {
    /// The statement that suspends the checks.
    pub off: &'static str,
    /// The statement that restores them, if the database does not restore them by itself at
    /// COMMIT.
    pub on: Option<&'static str>,
    /// Whether a script file may use it (PostgreSQL's needs a superuser, so its scripts never
    /// do).
    pub in_scripts: bool,
}

/// Where the testkit finds a server of this database, and how it runs one in a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestServer {
    /// The variable naming the server's admin URL (`SPROUT_TEST_POSTGRES_URL`).
    pub url_var: &'static str,
    /// The admin URL of a local server with the usual defaults.
    pub default_url: &'static str,
    /// The variable naming the container image (`SPROUT_POSTGRES_IMAGE`).
    pub image_var: &'static str,
    /// The image users pull (`postgres:17`).
    pub default_image: &'static str,
    /// The port the server listens on inside its container.
    pub port: u16,
    /// The admin URL of the container's server, `{port}` standing for the host port.
    pub container_url: &'static str,
    /// Environment of the container: trust local connections, and where the data goes.
    pub container_env: &'static [(&'static str, &'static str)],
    /// The directory the container's server keeps its data in, mounted on tmpfs (memory) when
    /// the testkit starts it: the data dies with the container anyway.
    pub data_dir: &'static str,
}

/// What one database does differently. Each supported database implements it in its own file
/// of this folder; [`Dialect::sql`] finds the implementation. Defaults follow standard SQL
/// (double-quoted identifiers, `''` in strings, `TRUE`/`FALSE`, `X'..'` bytes).
pub trait SqlDialect: Send + Sync {
    /// Which dialect this is.
    fn dialect(&self) -> Dialect;

    /// The names users write for it, the canonical one first (`postgres`, `postgresql`, `pg`).
    fn names(&self) -> &'static [&'static str];

    /// The URL schemes that name it.
    fn url_schemes(&self) -> &'static [&'static str];

    /// The sqlparser dialect that reads its SQL.
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect>;

    /// Whether an unquoted identifier is stored in lower case (PostgreSQL).
    fn folds_to_lower_case(&self) -> bool {
        false
    }

    /// `name` quoted as an identifier: `"a""b"`.
    fn quote_ident(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// `text` as a string literal: `'it''s'`.
    fn quote_text(&self, text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }

    /// A boolean literal.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value { "TRUE" } else { "FALSE" }
    }

    /// A byte-string literal from its lower-case hex digits.
    fn bytes_literal(&self, hex: &str) -> String {
        format!("X'{hex}'")
    }

    /// What follows a UTC timestamp's text in a `timestamp with time zone` literal.
    fn utc_offset_suffix(&self) -> &'static str {
        ""
    }

    /// The type a column is cast to for reading it back as text.
    fn text_type(&self) -> &'static str {
        "TEXT"
    }

    /// An expression reading a binary column (already quoted) as lower-case hex.
    fn hex_of(&self, quoted_column: &str) -> String {
        format!("lower(hex({quoted_column}))")
    }

    /// One row of nothing but defaults into `quoted_table`.
    fn default_values_insert(&self, quoted_table: &str) -> String {
        format!("INSERT INTO {quoted_table} DEFAULT VALUES")
    }

    /// What an INSERT adds before `VALUES` to write a `GENERATED ALWAYS` identity column, if
    /// the database needs anything.
    fn identity_override(&self) -> Option<&'static str> {
        None
    }

    /// The statement that defers every DEFERRABLE constraint to COMMIT, where there are such.
    fn defer_constraints(&self) -> Option<&'static str> {
        None
    }

    /// The statement that moves the sequence behind `table.column` past the column's largest
    /// value, where columns have sequences apart from their table (PostgreSQL).
    fn sequence_move(&self, table: &str, column: &str) -> Option<String> {
        let _ = (table, column);
        None
    }

    /// The statement, run outside any transaction, that makes the connection enforce foreign
    /// keys, where they are off by default (SQLite).
    fn enforce_foreign_keys(&self) -> Option<&'static str> {
        None
    }

    /// How foreign-key checks are suspended.
    fn fk_suspension(&self) -> FkSuspension;

    /// The statements that empty `tables` (children first) when the database can do it without
    /// breaking a key; `every_table` says no other table holds rows pointing at them. `None`
    /// asks for the general way: cycle keys set to NULL, then a DELETE per table.
    fn empty_tables(&self, tables: &[String], every_table: bool) -> Option<Vec<String>> {
        let _ = (tables, every_table);
        None
    }

    /// The statement turning the user triggers of `table` on or off for everyone, if the
    /// database has one.
    fn switch_triggers(&self, table: &str, on: bool) -> Option<String> {
        let _ = (table, on);
        None
    }

    /// The most bound parameters one statement takes.
    fn placeholder_limit(&self) -> usize {
        65_535
    }

    /// Rows per bulk-load batch for a table of `columns` written columns: multi-row INSERTs
    /// stay under the placeholder limit (full batches share one statement text, so the driver
    /// prepares it once).
    fn load_batch(&self, columns: usize) -> usize {
        (self.placeholder_limit() / columns.max(1)).clamp(1, LOAD_BATCH)
    }

    /// Whether a small seed goes to the server as rendered statements in one round trip (a
    /// `;`-separated batch) instead of a bulk load per table: true where every round trip
    /// crosses a socket, so a seed of a few rows per table costs round trips, not rows.
    fn batches_small_seeds(&self) -> bool {
        false
    }

    /// Whether the database's client splits a script into statements itself (MySQL, honouring
    /// `DELIMITER`) rather than sending it whole.
    fn splits_scripts(&self) -> bool {
        false
    }

    /// A cheap query whose one text cell changes whenever the connected database's schema does
    /// (any DDL), so a schema read once can be reused while it holds; `None` when there is none.
    fn schema_version(&self) -> Option<&'static str> {
        None
    }

    /// Where the testkit finds a server of this database; `None` for an embedded database.
    fn test_server(&self) -> Option<TestServer> {
        None
    }

    /// Statements that set a throwaway test server (a container the testkit started) for speed
    /// over durability: its data dies with the container anyway.
    fn throwaway_settings(&self) -> &'static [&'static str] {
        &[]
    }

    /// The statement dropping database `name` even while sessions are connected to it.
    fn drop_database(&self, name: &str) -> String {
        format!("DROP DATABASE IF EXISTS {}", self.quote_ident(name))
    }

    /// Connection-URL parameters that set a test database's sessions for speed over
    /// durability (a test database dies with its test): the testkit adds them to the URLs it
    /// hands out. A parameter already in the URL is extended (space-separated).
    fn throwaway_url_options(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// The statement creating database `name` as a copy of `template`, if the server can.
    fn clone_database(&self, name: &str, template: &str) -> Option<String> {
        let _ = (name, template);
        None
    }
}

/// Rows per message from the generator to a live connection, and the most rows one bound
/// INSERT takes.
pub const LOAD_BATCH: usize = 1_000;

/// `name` quoted for `dialect`: `"a""b"` (PostgreSQL, SQLite) or `` `a``b` `` (MySQL).
pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    dialect.sql().quote_ident(name)
}

/// A table name quoted for `dialect`. A dotted name is always `namespace.table` (sources
/// qualify every table of another namespace, and every bare name that holds a dot; see
/// `Table::namespace`): `sales.order` is `"sales"."order"`.
pub fn quote_table(name: &str, dialect: Dialect) -> String {
    match name.split_once('.') {
        Some((namespace, table)) => format!(
            "{}.{}",
            quote_ident(namespace, dialect),
            quote_ident(table, dialect)
        ),
        None => quote_ident(name, dialect),
    }
}

/// `text` as a string literal for `dialect`.
pub fn quote_text(text: &str, dialect: Dialect) -> String {
    dialect.sql().quote_text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_schemes_find_their_dialect() {
        for dialect in Dialect::ALL {
            assert_eq!(dialect.sql().dialect(), dialect);
            assert_eq!(dialect.name().parse::<Dialect>(), Ok(dialect));
            for scheme in dialect.sql().url_schemes() {
                assert_eq!(Dialect::of_url(&format!("{scheme}://x/y")), Some(dialect));
            }
        }
        assert_eq!("MariaDB".parse::<Dialect>(), Ok(Dialect::Mysql));
        assert_eq!("pg".parse::<Dialect>(), Ok(Dialect::Postgres));
        assert!("oracle".parse::<Dialect>().is_err());
        assert_eq!(Dialect::of_url("mssql://x"), None);
    }

    #[test]
    fn identifiers_and_text_are_escaped_per_dialect() {
        assert_eq!(quote_ident("order", Dialect::Postgres), "\"order\"");
        assert_eq!(quote_ident("we\"ird", Dialect::Sqlite), "\"we\"\"ird\"");
        assert_eq!(quote_ident("se`lect", Dialect::Mysql), "`se``lect`");
        assert_eq!(quote_text("it's", Dialect::Postgres), "'it''s'");
        assert_eq!(quote_text("a\\b'", Dialect::Mysql), "'a\\\\b'''");
        assert_eq!(quote_text("a\\b", Dialect::Postgres), "'a\\b'");
        assert_eq!(quote_text("nul\0", Dialect::Mysql), "'nul\\0'");
        assert_eq!(
            quote_table("sales.order", Dialect::Mysql),
            "`sales`.`order`"
        );
    }

    #[test]
    fn load_batches_stay_under_the_placeholder_limit() {
        assert_eq!(Dialect::Postgres.sql().load_batch(10), COPY_BATCH);
        assert_eq!(Dialect::Mysql.sql().load_batch(100), 655);
        assert_eq!(Dialect::Sqlite.sql().load_batch(100), 327);
        assert_eq!(Dialect::Sqlite.sql().load_batch(1), LOAD_BATCH);
        assert_eq!(Dialect::Mysql.sql().load_batch(100_000), 1);
    }
}
