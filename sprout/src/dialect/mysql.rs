//! MySQL and MariaDB: backquoted identifiers, backslash escapes in strings,
//! `FOREIGN_KEY_CHECKS` to suspend foreign keys, scripts split statement by statement
//! (honouring `DELIMITER`), and `INSERT INTO t () VALUES ()` for a row of defaults.

use super::{Dialect, FkSuspension, SqlDialect, TestServer};

/// MySQL and MariaDB.
pub(super) struct Mysql;

const CHECKS_OFF: &str = "SET FOREIGN_KEY_CHECKS = 0";
const CHECKS_ON: &str = "SET FOREIGN_KEY_CHECKS = 1";

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn names(&self) -> &'static [&'static str] {
        &["mysql", "mariadb"]
    }

    fn url_schemes(&self) -> &'static [&'static str] {
        &["mysql", "mariadb"]
    }

    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::MySqlDialect {})
    }

    fn quote_ident(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    /// MySQL treats backslash as an escape character inside strings by default.
    fn quote_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\0' => out.push_str("\\0"),
                other => out.push(other),
            }
        }
        out.push('\'');
        out
    }

    fn text_type(&self) -> &'static str {
        "CHAR"
    }

    /// PostgreSQL rejects `() VALUES ()`; MySQL has no `DEFAULT VALUES`.
    fn default_values_insert(&self, quoted_table: &str) -> String {
        format!("INSERT INTO {quoted_table} () VALUES ()")
    }

    fn fk_suspension(&self) -> FkSuspension {
        FkSuspension {
            off: CHECKS_OFF,
            on: Some(CHECKS_ON),
            in_scripts: true,
        }
    }

    /// With every table emptied no row is left pointing at a deleted one, so checks may be off.
    fn empty_tables(&self, tables: &[String], every_table: bool) -> Option<Vec<String>> {
        every_table.then(|| {
            std::iter::once(CHECKS_OFF.to_string())
                .chain(
                    tables
                        .iter()
                        .map(|t| format!("DELETE FROM {}", super::quote_table(t, Dialect::Mysql))),
                )
                .chain(std::iter::once(CHECKS_ON.to_string()))
                .collect()
        })
    }

    fn splits_scripts(&self) -> bool {
        true
    }

    fn test_server(&self) -> Option<TestServer> {
        Some(TestServer {
            url_var: "SPROUT_TEST_MYSQL_URL",
            default_url: "mysql://root@127.0.0.1:3306/mysql",
            image_var: "SPROUT_MYSQL_IMAGE",
            default_image: "mariadb:11",
            port: 3306,
            container_url: "mysql://root@127.0.0.1:{port}/mysql",
            container_env: &[("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")],
            data_dir: "/var/lib/mysql",
        })
    }

    fn batches_small_seeds(&self) -> bool {
        true
    }

    /// Checksums of the columns, constraints, indexes and triggers of the current database.
    fn schema_version(&self) -> Option<&'static str> {
        Some(
            "SELECT CONCAT_WS(':', \
             (SELECT CONCAT(COUNT(*), '.', COALESCE(SUM(CRC32(CONCAT_WS(',', TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, ''), EXTRA))), 0)) \
               FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()), \
             (SELECT CONCAT(COUNT(*), '.', COALESCE(SUM(CRC32(CONCAT_WS(',', TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, COALESCE(REFERENCED_TABLE_NAME, ''), COALESCE(REFERENCED_COLUMN_NAME, '')))), 0)) \
               FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()), \
             (SELECT CONCAT(COUNT(*), '.', COALESCE(SUM(CRC32(CONCAT_WS(',', TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE))), 0)) \
               FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()), \
             (SELECT CONCAT(COUNT(*), '.', COALESCE(SUM(CRC32(CONCAT_WS(',', CONSTRAINT_NAME, CHECK_CLAUSE))), 0)) \
               FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()), \
             (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()))",
        )
    }

    fn throwaway_settings(&self) -> &'static [&'static str] {
        &[
            "SET GLOBAL innodb_flush_log_at_trx_commit = 0",
            "SET GLOBAL sync_binlog = 0",
        ]
    }
}
