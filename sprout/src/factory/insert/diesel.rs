//! diesel connections: one INSERT with escaped literals, then (PostgreSQL) the sequences; the
//! keys `.existing()` picks from, read as text.

use super::{SyncInsert, existing_query, literal_insert, sequence_updates, text_rows};
use crate::error::{Error, Result};
use crate::factory::ModelInfo;
use crate::schema::Dialect;
use crate::value::Value;

/// One key cell, as text.
#[derive(diesel::QueryableByName)]
struct Cell {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    cell: Option<String>,
}

/// `CAST(column AS text)` for `dialect`.
fn cast_of(column: &str, dialect: Dialect) -> String {
    format!(
        "CAST({} AS {})",
        crate::dialect::quote_ident(column, dialect),
        dialect.sql().text_type()
    )
}

/// diesel connections: one INSERT with escaped literals, then (PostgreSQL) the sequences.
#[cfg(feature = "diesel")]
macro_rules! insert_diesel {
    ($connection:ty, $dialect:expr) => {
        impl SyncInsert for $connection {
            fn insert_row_sync(&mut self, info: &ModelInfo, row: &[Value]) -> Result<()> {
                use diesel::RunQueryDsl;
                let failed = |e: diesel::result::Error| Error::OrmInsert {
                    table: info.table.to_string(),
                    orm: "diesel",
                    source: Box::new(e),
                };
                let sql = literal_insert(info, row, $dialect);
                diesel::sql_query(sql).execute(self).map_err(failed)?;
                for statement in sequence_updates(info, $dialect) {
                    diesel::sql_query(statement).execute(self).map_err(failed)?;
                }
                Ok(())
            }

            fn existing_rows_sync(
                &mut self,
                table: &str,
                columns: &[&str],
            ) -> Result<Vec<Vec<Value>>> {
                use diesel::RunQueryDsl;
                let failed = |e: diesel::result::Error| Error::OrmInsert {
                    table: table.to_string(),
                    orm: "diesel",
                    source: Box::new(e),
                };
                // diesel reads rows into a struct of named columns: one query per key column,
                // each in the same key order, zipped.
                let mut rows: Vec<Vec<Option<String>>> = Vec::new();
                for (i, column) in columns.iter().enumerate() {
                    let sql = existing_query(table, columns, $dialect).replacen(
                        "SELECT ",
                        &format!("SELECT {} AS cell, ", cast_of(column, $dialect)),
                        1,
                    );
                    let cells: Vec<Cell> = diesel::sql_query(sql).load(self).map_err(failed)?;
                    if i == 0 {
                        rows = cells.into_iter().map(|c| vec![c.cell]).collect();
                    } else {
                        rows.iter_mut()
                            .zip(cells)
                            .for_each(|(row, c)| row.push(c.cell));
                    }
                }
                Ok(text_rows(rows))
            }
        }
    };
}
#[cfg(feature = "diesel")]
insert_diesel!(diesel::SqliteConnection, Dialect::Sqlite);
#[cfg(feature = "diesel-postgres")]
insert_diesel!(diesel::PgConnection, Dialect::Postgres);
#[cfg(feature = "diesel-mysql")]
insert_diesel!(diesel::MysqlConnection, Dialect::Mysql);
