//! Validation of a live database: one counting query per constraint, run by the database
//! itself, so it scales to any table size. It finds what the database let through: foreign
//! keys loaded with checks off (SQLite's default, MySQL's `FOREIGN_KEY_CHECKS=0`), constraints
//! added `NOT VALID`, data from before a constraint existed.

use crate::connect::ConnectOptions;
use crate::error::{Error, Result};
use crate::live::{Connection, Live};
use crate::schema::{Dialect, Schema, Table};
use crate::sink::sql::{quote_ident, quote_table};

/// Rows of one table that break one constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveViolation {
    /// The table.
    pub table: String,
    /// The constraint, as SQL.
    pub constraint: String,
    /// How many rows (for UNIQUE: how many duplicated keys).
    pub rows: i64,
}

impl std::fmt::Display for LiveViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {} row(s)",
            self.table, self.constraint, self.rows
        )
    }
}

/// Checks every constraint of the database at `url` (schema introspected) and returns the
/// violations; empty means clean.
pub async fn validate_database(url: &str) -> Result<Vec<LiveViolation>> {
    validate_database_with(url, &ConnectOptions::default()).await
}

/// [`validate_database`], connecting with `connect`'s timeouts.
pub async fn validate_database_with(
    url: &str,
    connect: &ConnectOptions,
) -> Result<Vec<LiveViolation>> {
    let mut conn = Connection::open_with(url, connect).await?;
    let result = validate_connection(conn.live())
        .await
        .map_err(|e| e.with_url(url));
    conn.close().await;
    result
}

/// [`validate_database`] on a connection the caller holds.
pub async fn validate_connection(mut conn: Live<'_>) -> Result<Vec<LiveViolation>> {
    let dialect = conn.dialect();
    let schema = conn.introspect().await?.schema;
    let mut out = Vec::new();
    let mut checked = 0;
    for table in &schema.tables {
        for (constraint, query) in checks(&schema, table, dialect) {
            tracing::debug!(target: "sprout::validate", table = %table.name, %constraint, "checking");
            checked += 1;
            let rows = conn
                .fetch_count(&query)
                .await
                .map_err(|source| Error::Query {
                    target: "the database".into(),
                    context: format!("{}: {constraint}", table.name),
                    source,
                })?;
            if rows > 0 {
                out.push(LiveViolation {
                    table: table.name.clone(),
                    constraint,
                    rows,
                });
            }
        }
    }
    tracing::info!(target: "sprout::validate", constraints = checked, violations = out.len(), "validated");
    Ok(out)
}

/// (constraint text, counting query) for every constraint of `table`.
fn checks(schema: &Schema, table: &Table, dialect: Dialect) -> Vec<(String, String)> {
    let q = |name: &str| quote_ident(name, dialect);
    let t = quote_table(&table.name, dialect);
    let mut out = Vec::new();
    for column in table.columns.iter().filter(|c| !c.nullable) {
        out.push((
            format!("NOT NULL ({})", column.name),
            format!("SELECT COUNT(*) FROM {t} WHERE {} IS NULL", q(&column.name)),
        ));
    }
    let keys = table
        .primary_key
        .iter()
        .map(|pk| ("PRIMARY KEY", &pk.columns, &[][..], None))
        .chain(
            table
                .uniques
                .iter()
                .filter(|u| !u.expressions.iter().any(|e| e.has_unsupported()))
                .map(|u| {
                    (
                        "UNIQUE",
                        &u.columns,
                        u.expressions.as_slice(),
                        u.predicate.as_ref(),
                    )
                }),
        );
    for (kind, columns, expressions, predicate) in keys {
        let list: Vec<String> = columns
            .iter()
            .map(|c| q(c))
            .chain(expressions.iter().map(|e| format!("({e})")))
            .collect();
        let columns: Vec<String> = columns
            .iter()
            .cloned()
            .chain(expressions.iter().map(|e| e.to_string()))
            .collect();
        let mut filter: Vec<String> = list.iter().map(|c| format!("{c} IS NOT NULL")).collect();
        if let Some(predicate) = predicate {
            filter.push(format!("({})", strip_check(&predicate.sql)));
        }
        out.push((
            format!("{kind} ({})", columns.join(", ")),
            format!(
                "SELECT COUNT(*) FROM (SELECT {cols} FROM {t} WHERE {filter} GROUP BY {cols} HAVING COUNT(*) > 1) duplicated",
                cols = list.join(", "),
                filter = filter.join(" AND ")
            ),
        ));
    }
    for fk in &table.foreign_keys {
        if schema.table(&fk.ref_table).is_some() {
            out.push(foreign_key_check(table, fk, dialect));
        }
    }
    for check in &table.checks {
        let condition = strip_check(&check.sql);
        out.push((
            format!("CHECK ({condition})"),
            format!("SELECT COUNT(*) FROM {t} WHERE NOT ({condition})"),
        ));
    }
    out
}

/// (constraint text, counting query) for rows of `table` whose `fk` finds no parent.
pub(crate) fn foreign_key_check(
    table: &Table,
    fk: &crate::schema::ForeignKey,
    dialect: Dialect,
) -> (String, String) {
    let q = |name: &str| quote_ident(name, dialect);
    let present: Vec<String> = fk
        .columns
        .iter()
        .map(|c| format!("c.{} IS NOT NULL", q(c)))
        .collect();
    let joined: Vec<String> = fk
        .columns
        .iter()
        .zip(&fk.ref_columns)
        .map(|(c, p)| format!("p.{} = c.{}", q(p), q(c)))
        .collect();
    (
        format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            fk.columns.join(", "),
            fk.ref_table,
            fk.ref_columns.join(", ")
        ),
        format!(
            "SELECT COUNT(*) FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
            quote_table(&table.name, dialect),
            present.join(" AND "),
            quote_table(&fk.ref_table, dialect),
            joined.join(" AND ")
        ),
    )
}

/// `CHECK ((x > 0)) NOT VALID` is `(x > 0)`.
fn strip_check(sql: &str) -> &str {
    let sql = sql.trim();
    let sql = sql.strip_suffix("NOT VALID").unwrap_or(sql).trim();
    match sql.get(..5) {
        Some(head) if head.eq_ignore_ascii_case("check") => sql[5..].trim(),
        _ => sql,
    }
}
