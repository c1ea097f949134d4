//! SQLite: booleans as 0/1, a placeholder limit of 32,766, and foreign keys deferred to COMMIT
//! with `PRAGMA defer_foreign_keys`. An embedded database: no server, test databases are files.

use super::{Dialect, FkSuspension, SqlDialect};

/// SQLite.
pub(super) struct Sqlite;

const DEFER_KEYS: &str = "PRAGMA defer_foreign_keys = ON";

impl SqlDialect for Sqlite {
    /// SQLite counts every schema change.
    fn schema_version(&self) -> Option<&'static str> {
        Some("SELECT CAST(schema_version AS TEXT) FROM pragma_schema_version")
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn names(&self) -> &'static [&'static str] {
        &["sqlite", "sqlite3"]
    }

    fn url_schemes(&self) -> &'static [&'static str] {
        &["sqlite"]
    }

    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::SQLiteDialect {})
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value { "1" } else { "0" }
    }

    /// Since SQLite 3.32.
    fn placeholder_limit(&self) -> usize {
        32_766
    }

    fn enforce_foreign_keys(&self) -> Option<&'static str> {
        Some("PRAGMA foreign_keys = ON")
    }

    /// Deferred keys are checked at COMMIT: nothing to restore.
    fn fk_suspension(&self) -> FkSuspension {
        FkSuspension {
            off: DEFER_KEYS,
            on: None,
            in_scripts: true,
        }
    }

    fn empty_tables(&self, tables: &[String], _every_table: bool) -> Option<Vec<String>> {
        Some(
            std::iter::once(DEFER_KEYS.to_string())
                .chain(
                    tables
                        .iter()
                        .map(|t| format!("DELETE FROM {}", super::quote_table(t, Dialect::Sqlite))),
                )
                .collect(),
        )
    }
}
