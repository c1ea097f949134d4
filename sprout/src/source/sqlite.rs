//! The SQLite source: pragmas for columns, keys and indexes; the stored DDL for the rest.
//!
//! SQLite's catalog has no view of CHECK constraints, deferrable foreign keys or generation
//! expressions, but it keeps each table's `CREATE TABLE` text; those parts are read from it
//! with the [`super::ddl`] source, so both agree by construction.

use std::collections::BTreeMap;

use sqlx::SqliteConnection;

use super::ddl::{fk_action, mark_sqlite_rowid_alias};
use super::{Loaded, ddl, query_error};
use crate::error::{Result, Warning};
use crate::schema::{
    Check, Column, Dialect, ForeignKey, Generated, Identity, PrimaryKey, Schema, SqlType, Table,
    Trigger, Unique,
};

/// Reads every table of the connected database's main schema.
pub async fn introspect(conn: &mut SqliteConnection) -> Result<Loaded> {
    let mut warnings = Vec::new();
    let table_rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("tables"))?;
    let mut tables = BTreeMap::new();
    for (name, sql) in table_rows {
        let stored = sql
            .as_deref()
            .map(|sql| stored_definition(&name, sql, &mut warnings));
        let mut table = Table::new(name.clone());
        read_columns(conn, &mut table, stored.as_ref(), &mut warnings).await?;
        read_foreign_keys(conn, &mut table, stored.as_ref()).await?;
        read_unique_indexes(conn, &mut table, &mut warnings).await?;
        if let Some(stored) = &stored {
            table.checks = stored.checks.clone();
            table.comment = stored.comment.clone();
        }
        mark_sqlite_rowid_alias(&mut table);
        tables.insert(name, table);
    }
    let triggers: Vec<(String,)> = sqlx::query_as(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("triggers"))?;
    for (sql,) in triggers {
        if let Some((table, trigger)) = Trigger::parse_create(&sql, Dialect::Sqlite, &|_| None)
            && let Some(table) = tables.get_mut(&table)
        {
            table.triggers.push(trigger);
        }
    }
    let mut schema = Schema {
        dialect: Dialect::Sqlite,
        tables: tables.into_values().collect(),
        enums: Vec::new(),
    };
    schema.normalize();
    Ok(Loaded { schema, warnings })
}

/// The table as its stored `CREATE TABLE` text describes it (empty when it does not parse).
fn stored_definition(name: &str, sql: &str, warnings: &mut Vec<Warning>) -> Table {
    match ddl::parse(sql, Dialect::Sqlite) {
        Ok(loaded) => loaded
            .schema
            .tables
            .into_iter()
            .next()
            .unwrap_or_else(|| Table::new(name)),
        Err(err) => {
            warnings.push(Warning::new(
                name,
                format!("its stored DDL does not parse, so its CHECKs are not modelled: {err}"),
            ));
            Table::new(name)
        }
    }
}

async fn read_columns(
    conn: &mut SqliteConnection,
    table: &mut Table,
    stored: Option<&Table>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let rows: Vec<(String, String, bool, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden
         FROM pragma_table_xinfo(?) ORDER BY cid",
    )
    .bind(&table.name)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("columns"))?;
    let mut key: Vec<(i64, String)> = Vec::new();
    for (name, type_name, not_null, default, pk, hidden) in rows {
        let ty = SqlType::parse(&type_name, Dialect::Sqlite);
        if ty.is_other() {
            warnings.push(Warning::unknown_type(&table.name, &name, &type_name));
        }
        let stored_column = stored.and_then(|t| t.column(&name));
        let mut column = Column::new(name.clone(), ty);
        column.nullable = !not_null;
        column.default = default;
        column.comment = stored_column.and_then(|c| c.comment.clone());
        if stored_column.and_then(|c| c.identity) == Some(Identity::AutoIncrement) {
            column.identity = Some(Identity::AutoIncrement);
        }
        if hidden == 2 || hidden == 3 {
            column.generated = Some(Generated {
                expr: stored_column
                    .and_then(|c| c.generated.as_ref())
                    .map(|g| g.expr.clone())
                    .unwrap_or_default(),
                stored: hidden == 3,
            });
        }
        if pk > 0 {
            key.push((pk, name));
        }
        table.columns.push(column);
    }
    key.sort();
    if !key.is_empty() {
        table.primary_key = Some(PrimaryKey {
            name: stored
                .and_then(|t| t.primary_key.as_ref())
                .and_then(|pk| pk.name.clone()),
            columns: key.into_iter().map(|(_, name)| name).collect(),
        });
    }
    Ok(())
}

async fn read_foreign_keys(
    conn: &mut SqliteConnection,
    table: &mut Table,
    stored: Option<&Table>,
) -> Result<()> {
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete
         FROM pragma_foreign_key_list(?) ORDER BY id, seq",
    )
    .bind(&table.name)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("foreign keys"))?;
    let mut keys: BTreeMap<i64, ForeignKey> = BTreeMap::new();
    for (id, ref_table, from, to, on_update, on_delete) in rows {
        let key = keys.entry(id).or_insert_with(|| ForeignKey {
            name: None,
            columns: Vec::new(),
            ref_table,
            ref_columns: Vec::new(),
            on_delete: fk_action(&on_delete, Dialect::Sqlite),
            on_update: fk_action(&on_update, Dialect::Sqlite),
            deferrable: Default::default(),
        });
        key.columns.push(from);
        key.ref_columns.push(to.unwrap_or_default());
    }
    for mut key in keys.into_values() {
        // Names and DEFERRABLE live only in the stored DDL.
        if let Some(declared) = stored.and_then(|t| {
            t.foreign_keys
                .iter()
                .find(|fk| fk.columns == key.columns && fk.ref_table == key.ref_table)
        }) {
            key.name = declared.name.clone();
            key.deferrable = declared.deferrable;
        }
        table.foreign_keys.push(key);
    }
    Ok(())
}

async fn read_unique_indexes(
    conn: &mut SqliteConnection,
    table: &mut Table,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let indexes: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT name, origin, partial FROM pragma_index_list(?) WHERE \"unique\" = 1 ORDER BY name",
    )
    .bind(&table.name)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("indexes"))?;
    for (index, origin, partial) in indexes {
        if origin == "pk" {
            continue;
        }
        let columns: Vec<(Option<String>,)> =
            sqlx::query_as("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                .bind(&index)
                .fetch_all(&mut *conn)
                .await
                .map_err(query_error("index columns"))?;
        let Some(columns) = columns
            .into_iter()
            .map(|(c,)| c)
            .collect::<Option<Vec<_>>>()
        else {
            warnings.push(Warning::new(
                table.name.clone(),
                format!("unique index `{index}` is on an expression; it is not modelled and its uniqueness is not enforced while generating"),
            ));
            continue;
        };
        let predicate = if partial {
            index_predicate(conn, &index).await?
        } else {
            None
        };
        table.uniques.push(Unique {
            expressions: Vec::new(),
            // Constraint-backed indexes get internal names (`sqlite_autoindex_t_1`).
            name: Some(index).filter(|_| origin == "c"),
            columns,
            predicate,
        });
    }
    Ok(())
}

/// The `WHERE` of a partial index, read from its stored `CREATE INDEX` text.
async fn index_predicate(conn: &mut SqliteConnection, index: &str) -> Result<Option<Check>> {
    let (sql,): (Option<String>,) =
        sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
            .bind(index)
            .fetch_one(&mut *conn)
            .await
            .map_err(query_error("index definition"))?;
    let Some(sql) = sql else { return Ok(None) };
    Ok(ddl::index_predicate(&sql, Dialect::Sqlite))
}
