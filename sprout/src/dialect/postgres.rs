//! PostgreSQL: double-quoted identifiers, `'\x..'` bytes, `COPY` for bulk loads, sequences
//! apart from their tables, `session_replication_role` to suspend foreign keys, and
//! `CREATE DATABASE .. TEMPLATE` for test databases.

use super::{Dialect, FkSuspension, SqlDialect, TestServer};

/// Rows per COPY command.
pub const COPY_BATCH: usize = 5_000;

/// PostgreSQL.
pub(super) struct Postgres;

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn names(&self) -> &'static [&'static str] {
        &["postgres", "postgresql", "pg"]
    }

    fn url_schemes(&self) -> &'static [&'static str] {
        &["postgres", "postgresql"]
    }

    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::PostgreSqlDialect {})
    }

    fn folds_to_lower_case(&self) -> bool {
        true
    }

    fn bytes_literal(&self, hex: &str) -> String {
        format!("'\\x{hex}'")
    }

    fn utc_offset_suffix(&self) -> &'static str {
        "+00"
    }

    fn hex_of(&self, quoted_column: &str) -> String {
        format!("encode({quoted_column}, 'hex')")
    }

    fn identity_override(&self) -> Option<&'static str> {
        Some(" OVERRIDING SYSTEM VALUE")
    }

    fn defer_constraints(&self) -> Option<&'static str> {
        Some("SET CONSTRAINTS ALL DEFERRED")
    }

    /// `setval` is strict: a column without a sequence, or an empty table, makes it a no-op.
    fn sequence_move(&self, table: &str, column: &str) -> Option<String> {
        let quoted_table = super::quote_table(table, Dialect::Postgres);
        Some(format!(
            "SELECT setval(pg_get_serial_sequence({}, {}), (SELECT MAX({}) FROM {quoted_table}))",
            self.quote_text(&quoted_table),
            self.quote_text(column),
            self.quote_ident(column),
        ))
    }

    fn fk_suspension(&self) -> FkSuspension {
        FkSuspension {
            off: "SET LOCAL session_replication_role = replica",
            on: Some("SET LOCAL session_replication_role = origin"),
            in_scripts: false,
        }
    }

    fn empty_tables(&self, tables: &[String], every_table: bool) -> Option<Vec<String>> {
        if !every_table || tables.is_empty() {
            return None;
        }
        let list: Vec<String> = tables
            .iter()
            .map(|t| super::quote_table(t, Dialect::Postgres))
            .collect();
        Some(vec![format!("TRUNCATE TABLE {}", list.join(", "))])
    }

    fn switch_triggers(&self, table: &str, on: bool) -> Option<String> {
        Some(format!(
            "ALTER TABLE {} {} TRIGGER USER",
            super::quote_table(table, Dialect::Postgres),
            if on { "ENABLE" } else { "DISABLE" }
        ))
    }

    fn load_batch(&self, _columns: usize) -> usize {
        COPY_BATCH
    }

    fn test_server(&self) -> Option<TestServer> {
        Some(TestServer {
            url_var: "SPROUT_TEST_POSTGRES_URL",
            default_url: "postgres://postgres@127.0.0.1:5432/postgres",
            image_var: "SPROUT_POSTGRES_IMAGE",
            default_image: "postgres:17",
            port: 5432,
            container_url: "postgres://postgres@127.0.0.1:{port}/postgres",
            // PGDATA pins the directory across image versions (postgres:18 moved it).
            container_env: &[
                ("POSTGRES_HOST_AUTH_METHOD", "trust"),
                ("PGDATA", "/var/lib/postgresql/data"),
            ],
            data_dir: "/var/lib/postgresql/data",
        })
    }

    fn batches_small_seeds(&self) -> bool {
        true
    }

    /// DDL writes new rows into the catalogs, so their newest transaction ids move (a clone
    /// keeps its template's).
    fn schema_version(&self) -> Option<&'static str> {
        Some(
            // User objects only (oid 16384 and up), read through the oid indexes.
            "SELECT concat_ws(':', \
             (SELECT max(xmin::text::bigint) || '.' || count(*) FROM pg_class WHERE oid >= 16384), \
             (SELECT max(xmin::text::bigint) || '.' || count(*) FROM pg_attribute WHERE attrelid >= 16384), \
             (SELECT max(xmin::text::bigint) || '.' || count(*) FROM pg_constraint WHERE oid >= 16384), \
             (SELECT max(xmin::text::bigint) || '.' || count(*) FROM pg_type WHERE oid >= 16384), \
             (SELECT max(xmin::text::bigint) || '.' || count(*) FROM pg_trigger WHERE oid >= 16384), \
             (SELECT max(xmin::text::bigint) || '.' || count(*) FROM pg_namespace WHERE oid >= 16384))",
        )
    }

    fn throwaway_settings(&self) -> &'static [&'static str] {
        &[
            "ALTER SYSTEM SET fsync = off",
            "ALTER SYSTEM SET synchronous_commit = off",
            "ALTER SYSTEM SET full_page_writes = off",
            "SELECT pg_reload_conf()",
        ]
    }

    fn drop_database(&self, name: &str) -> String {
        format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.quote_ident(name)
        )
    }

    /// A commit need not wait for its WAL to reach the disk: a crash loses a test database.
    fn throwaway_url_options(&self) -> &'static [(&'static str, &'static str)] {
        &[("options", "-c synchronous_commit=off")]
    }

    fn clone_database(&self, name: &str, template: &str) -> Option<String> {
        Some(format!(
            "CREATE DATABASE {} TEMPLATE {}",
            self.quote_ident(name),
            self.quote_ident(template)
        ))
    }
}
