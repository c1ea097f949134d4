//! sea-orm's `DatabaseConnection`: one INSERT with escaped literals, then (PostgreSQL) the
//! sequences.

use super::{Insert, literal_insert, sequence_updates};
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
}
