//! sea-orm's `DatabaseConnection`: one INSERT with escaped literals, then (PostgreSQL) the
//! sequences.

use super::{Insert, existing_query, literal_insert, sequence_updates, text_rows};
use crate::error::{Error, Result};
use crate::factory::ModelInfo;
use crate::schema::Dialect;
use crate::value::Value;

#[cfg(feature = "sea-orm")]
impl Insert for sea_orm::DatabaseConnection {
    async fn insert_row(&self, info: &ModelInfo, row: &[Value]) -> Result<()> {
        use sea_orm::ConnectionTrait;
        // sea-orm names its backends `Postgres`, `MySql`, `Sqlite`.
        let dialect: Dialect = self
            .get_database_backend()
            .as_str()
            .parse()
            .unwrap_or(Dialect::Postgres);
        let failed = |e: sea_orm::DbErr| Error::OrmInsert {
            table: info.table.to_string(),
            orm: "sea-orm",
            source: Box::new(e),
        };
        let sql = literal_insert(info, row, dialect);
        self.execute_unprepared(&sql).await.map_err(failed)?;
        for statement in sequence_updates(info, dialect) {
            self.execute_unprepared(&statement).await.map_err(failed)?;
        }
        Ok(())
    }

    async fn existing_rows(&self, table: &str, columns: &[&str]) -> Result<Vec<Vec<Value>>> {
        use sea_orm::ConnectionTrait;
        let backend = self.get_database_backend();
        let dialect: Dialect = backend.as_str().parse().unwrap_or(Dialect::Postgres);
        let failed = |e: sea_orm::DbErr| Error::OrmInsert {
            table: table.to_string(),
            orm: "sea-orm",
            source: Box::new(e),
        };
        let sql = existing_query(table, columns, dialect);
        let rows = self
            .query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await
            .map_err(failed)?;
        let rows = rows
            .iter()
            .map(|row| {
                (0..columns.len())
                    .map(|i| row.try_get_by_index::<Option<String>>(i).map_err(failed))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(text_rows(rows))
    }
}
