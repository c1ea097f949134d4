//! diesel connections: one INSERT with escaped literals, then (PostgreSQL) the sequences.

use super::{SyncInsert, literal_insert, sequence_updates};
use crate::error::{Error, Result};
use crate::factory::ModelInfo;
use crate::schema::Dialect;
use crate::value::Value;

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
        }
    };
}
#[cfg(feature = "diesel")]
insert_diesel!(diesel::SqliteConnection, Dialect::Sqlite);
#[cfg(feature = "diesel-postgres")]
insert_diesel!(diesel::PgConnection, Dialect::Postgres);
#[cfg(feature = "diesel-mysql")]
insert_diesel!(diesel::MysqlConnection, Dialect::Mysql);
