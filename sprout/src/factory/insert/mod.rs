//! Writing a factory's row: the [`Insert`] trait for async connections (sqlx pools here, and
//! sea-orm in `sea_orm.rs`), [`SyncInsert`] for blocking ones (diesel in `diesel.rs`), and
//! what they share: the written columns, the INSERT and the sequence moves.

#[cfg(feature = "diesel")]
mod diesel;
#[cfg(feature = "sea-orm")]
mod sea_orm;

use super::ModelInfo;
#[cfg(feature = "seed")]
use crate::error::Error;
use crate::error::Result;
use crate::value::Value;
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
use {
    super::FieldInfo,
    crate::schema::{Dialect, SqlType},
};

/// An async connection a factory inserts into: a sqlx pool (PostgreSQL, MySQL/MariaDB, SQLite),
/// or sea-orm's `DatabaseConnection` with the `sea-orm` feature.
pub trait Insert: Sync {
    /// Inserts one row of `info`'s table (the cells in field order; fields left to the database
    /// are not written).
    fn insert_row(
        &self,
        info: &ModelInfo,
        row: &[Value],
    ) -> impl std::future::Future<Output = Result<()>> + Send;

    /// Up to [`EXISTING_LIMIT`] rows already in `table`, the cells of `columns` (as the
    /// database's text), in key order: what `.existing()` picks a parent from.
    fn existing_rows(
        &self,
        table: &str,
        columns: &[&str],
    ) -> impl std::future::Future<Output = Result<Vec<Vec<Value>>>> + Send;
}

/// How many rows of a parent table `.existing()` chooses among (the first, in key order).
pub const EXISTING_LIMIT: usize = 1_000;

/// The query of [`Insert::existing_rows`]: the key columns as text, no NULLs, in key order.
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
fn existing_query(table: &str, columns: &[&str], dialect: Dialect) -> String {
    use crate::dialect::{quote_ident, quote_table};
    let quoted: Vec<String> = columns.iter().map(|c| quote_ident(c, dialect)).collect();
    let text = dialect.sql().text_type();
    let cast: Vec<String> = quoted
        .iter()
        .map(|c| format!("CAST({c} AS {text})"))
        .collect();
    let present: Vec<String> = quoted.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT {EXISTING_LIMIT}",
        cast.join(", "),
        quote_table(table, dialect),
        present.join(" AND "),
        quoted.join(", ")
    )
}

/// Rows of text cells as cells.
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
fn text_rows(rows: Vec<Vec<Option<String>>>) -> Vec<Vec<Value>> {
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|c| c.map_or(Value::Null, Value::Text))
                .collect()
        })
        .collect()
}

/// The written columns of a model and the row's cells for them.
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
fn written(info: &ModelInfo, row: &[Value]) -> (crate::sink::sql::RowHead, Vec<Value>) {
    let fields: Vec<(&FieldInfo, &Value)> = info
        .fields
        .iter()
        .zip(row)
        .filter(|(f, _)| !f.database_default)
        .collect();
    let head = crate::sink::sql::RowHead {
        table: info.table.to_string(),
        columns: fields.iter().map(|(f, _)| f.column.to_string()).collect(),
        types: fields.iter().map(|(f, _)| f.ty.clone()).collect(),
        overriding: false,
    };
    (head, fields.into_iter().map(|(_, v)| v.clone()).collect())
}

#[cfg(feature = "seed")]
macro_rules! insert_pool {
    ($pool:ty) => {
        impl Insert for $pool {
            async fn insert_row(&self, info: &ModelInfo, row: &[Value]) -> Result<()> {
                let (head, cells) = written(info, row);
                let failed = |source| Error::Query {
                    target: "the pool's database".into(),
                    context: format!("inserting a row into {}", info.table),
                    source,
                };
                let mut conn = self.acquire().await.map_err(failed)?;
                let mut live = crate::live::Live::from(&mut *conn);
                live.load(&head, &[cells]).await.map_err(failed)?;
                for statement in sequence_updates(info, live.dialect()) {
                    live.execute(&statement).await.map_err(failed)?;
                }
                Ok(())
            }

            async fn existing_rows(
                &self,
                table: &str,
                columns: &[&str],
            ) -> Result<Vec<Vec<Value>>> {
                let failed = |source| Error::Query {
                    target: "the pool's database".into(),
                    context: format!("reading the keys of {table} for .existing()"),
                    source,
                };
                let mut conn = self.acquire().await.map_err(failed)?;
                let mut live = crate::live::Live::from(&mut *conn);
                let query = existing_query(table, columns, live.dialect());
                Ok(text_rows(live.fetch_text(&query).await.map_err(failed)?))
            }
        }
    };
}
#[cfg(all(feature = "seed", feature = "postgres"))]
insert_pool!(sqlx::PgPool);
#[cfg(all(feature = "seed", feature = "mysql"))]
insert_pool!(sqlx::MySqlPool);
#[cfg(all(feature = "seed", feature = "sqlite"))]
insert_pool!(sqlx::SqlitePool);

/// PostgreSQL: the statements that move the sequences of the integer keys just written past
/// them, so the application's own inserts (DEFAULT keys) do not collide with a factory's rows.
/// MySQL's AUTO_INCREMENT and SQLite's rowid move by themselves.
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
fn sequence_updates(info: &ModelInfo, dialect: Dialect) -> Vec<String> {
    info.fields
        .iter()
        .filter(|f| f.pk && !f.database_default && matches!(f.ty, SqlType::Int { .. }))
        .filter_map(|f| dialect.sql().sequence_move(info.table, f.column))
        .collect()
}

/// A row of a model as one INSERT with escaped literals for `dialect` (for connections that
/// take SQL text: diesel, sea-orm).
#[cfg(any(feature = "diesel", feature = "sea-orm"))]
fn literal_insert(info: &ModelInfo, row: &[Value], dialect: Dialect) -> String {
    let (head, cells) = written(info, row);
    let values: Vec<String> = cells
        .iter()
        .zip(&head.types)
        .map(|(v, ty)| crate::sink::sql::literal(v, ty, dialect))
        .collect();
    format!(
        "{} VALUES ({})",
        head.insert_into(dialect),
        values.join(", ")
    )
}

/// A blocking connection a factory inserts into (`insert_sync`): diesel's `SqliteConnection`
/// with the `diesel` feature, `PgConnection` with `diesel-postgres`, `MysqlConnection` with
/// `diesel-mysql`.
pub trait SyncInsert {
    /// Inserts one row of `info`'s table.
    fn insert_row_sync(&mut self, info: &ModelInfo, row: &[Value]) -> Result<()>;

    /// [`Insert::existing_rows`] through a blocking connection.
    fn existing_rows_sync(&mut self, table: &str, columns: &[&str]) -> Result<Vec<Vec<Value>>>;
}
