//! The MySQL / MariaDB source: reads one database from `information_schema` through sqlx.
//!
//! Inline `ENUM(..)` and `SET(..)` columns become enum types named `table.column`. MariaDB
//! stores `JSON` as `longtext` with a `json_valid(column)` CHECK; that pair is read back as a
//! JSON column, the way the DDL spells it.

use std::collections::BTreeMap;

use sqlx::MySqlConnection;

use super::ddl::fk_action;
use super::{Loaded, query_error};
use crate::error::{Error, Result, Warning};
use crate::schema::{
    Check, Column, Dialect, EnumType, Expr, ForeignKey, Generated, Identity, PrimaryKey, Schema,
    SqlType, Table, Trigger, Unique,
};

/// Reads the database `database` (default: the connection's current database).
pub async fn introspect(conn: &mut MySqlConnection, database: Option<&str>) -> Result<Loaded> {
    let database = match database {
        Some(name) => name.to_string(),
        None => {
            let (current,): (Option<String>,) = sqlx::query_as("SELECT DATABASE()")
                .fetch_one(&mut *conn)
                .await
                .map_err(query_error("the current database"))?;
            current.ok_or_else(|| {
                Error::Schema(
                    "the MySQL URL names no database, so there is no schema to read\n  fix: add the database to the URL: mysql://user@host:3306/DATABASE".into(),
                )
            })?
        }
    };
    let mut warnings = Vec::new();
    let mut enums = Vec::new();
    let mut tables = read_tables(conn, &database).await?;
    read_columns(conn, &database, &mut tables, &mut enums, &mut warnings).await?;
    read_indexes(conn, &database, &mut tables).await?;
    read_foreign_keys(conn, &database, &mut tables).await?;
    read_checks(conn, &database, &mut tables).await?;
    read_triggers(conn, &database, &mut tables).await?;
    for table in tables.values() {
        for fk in table
            .foreign_keys
            .iter()
            .filter(|fk| fk.ref_table.contains('.'))
        {
            warnings.push(Warning::new(
                table.name.clone(),
                format!(
                    "foreign key ({}) references `{}` in another database; its rows are not generated, so seeding needs that table filled",
                    fk.columns.join(", "),
                    fk.ref_table
                ),
            ));
        }
    }
    let mut schema = Schema {
        dialect: Dialect::Mysql,
        tables: tables.into_values().collect(),
        enums,
    };
    schema.normalize();
    Ok(Loaded { schema, warnings })
}

async fn read_tables(
    conn: &mut MySqlConnection,
    database: &str,
) -> Result<BTreeMap<String, Table>> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(TABLE_COMMENT AS CHAR)
         FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'
         ORDER BY TABLE_NAME",
    )
    .bind(database)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("tables"))?;
    Ok(super::empty_tables(rows))
}

type ColumnRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
);

async fn read_columns(
    conn: &mut MySqlConnection,
    database: &str,
    tables: &mut BTreeMap<String, Table>,
    enums: &mut Vec<EnumType>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let rows: Vec<ColumnRow> = sqlx::query_as(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(COLUMN_TYPE AS CHAR),
                CAST(IS_NULLABLE AS CHAR), CAST(COLUMN_DEFAULT AS CHAR), CAST(EXTRA AS CHAR),
                CAST(GENERATION_EXPRESSION AS CHAR), CAST(COLUMN_COMMENT AS CHAR)
         FROM information_schema.COLUMNS
         WHERE TABLE_SCHEMA = ?
         ORDER BY TABLE_NAME, ORDINAL_POSITION",
    )
    .bind(database)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("columns"))?;
    for (table, name, column_type, nullable, default, extra, generation, comment) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        let lower = column_type.to_ascii_lowercase();
        let ty = if let Some(labels) = lower.strip_prefix("enum(").and(enum_labels(&column_type)) {
            let name = format!("{}.{name}", table.name);
            enums.push(EnumType {
                name: name.clone(),
                labels,
            });
            SqlType::Enum { name }
        } else if let Some(labels) = lower.strip_prefix("set(").and(enum_labels(&column_type)) {
            let name = format!("{}.{name}", table.name);
            enums.push(EnumType {
                name: name.clone(),
                labels,
            });
            SqlType::Set { name }
        } else {
            SqlType::parse(&column_type, Dialect::Mysql)
        };
        if ty.is_other() {
            warnings.push(Warning::unknown_type(&table.name, &name, &column_type));
        }
        let extra = extra.to_ascii_lowercase();
        let mut column = Column::new(name, ty);
        column.nullable = nullable == "YES";
        column.comment = Some(comment).filter(|c| !c.is_empty());
        if extra.contains("auto_increment") {
            column.identity = Some(Identity::AutoIncrement);
        }
        match generation.filter(|g| !g.is_empty()) {
            Some(expr) => {
                column.generated = Some(Generated {
                    expr,
                    stored: extra.contains("stored") || extra.contains("persistent"),
                })
            }
            // MariaDB reports "no default" of a nullable column as the text NULL.
            None => column.default = default.filter(|d| d != "NULL"),
        }
        table.columns.push(column);
    }
    Ok(())
}

/// The labels of `enum('a','it''s')` / `set(..)`, unescaped.
fn enum_labels(column_type: &str) -> Option<Vec<String>> {
    let open = column_type.find('(')?;
    let close = column_type.rfind(')')?;
    let body = &column_type[open + 1..close];
    let mut labels = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut label = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    label.push('\'');
                }
                '\'' => break,
                '\\' => label.extend(chars.next()),
                other => label.push(other),
            }
        }
        labels.push(label);
    }
    Some(labels)
}

async fn read_indexes(
    conn: &mut MySqlConnection,
    database: &str,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(INDEX_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR)
         FROM information_schema.STATISTICS
         WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0 AND COLUMN_NAME IS NOT NULL
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    )
    .bind(database)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("unique indexes"))?;
    let mut indexes: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (table, index, column) in rows {
        indexes.entry((table, index)).or_default().push(column);
    }
    for ((table, index), columns) in indexes {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        if index == "PRIMARY" {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns,
            });
        } else {
            table.uniques.push(Unique {
                expressions: Vec::new(),
                name: Some(index),
                columns,
                predicate: None,
            });
        }
    }
    Ok(())
}

type ForeignKeyRow = (String, String, String, String, String, String, String);

async fn read_foreign_keys(
    conn: &mut MySqlConnection,
    database: &str,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let rows: Vec<ForeignKeyRow> = sqlx::query_as(
        "SELECT CAST(k.TABLE_NAME AS CHAR), CAST(k.CONSTRAINT_NAME AS CHAR),
                CAST(k.COLUMN_NAME AS CHAR),
                CAST(IF(k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA, k.REFERENCED_TABLE_NAME,
                        CONCAT(k.REFERENCED_TABLE_SCHEMA, '.', k.REFERENCED_TABLE_NAME)) AS CHAR),
                CAST(k.REFERENCED_COLUMN_NAME AS CHAR),
                CAST(r.DELETE_RULE AS CHAR), CAST(r.UPDATE_RULE AS CHAR)
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          AND r.TABLE_NAME = k.TABLE_NAME
         WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    )
    .bind(database)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("foreign keys"))?;
    let mut keys: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for (table, name, column, ref_table, ref_column, on_delete, on_update) in rows {
        let key = keys
            .entry((table, name.clone()))
            .or_insert_with(|| ForeignKey {
                name: Some(name),
                columns: Vec::new(),
                ref_table,
                ref_columns: Vec::new(),
                on_delete: fk_action(&on_delete, Dialect::Mysql),
                on_update: fk_action(&on_update, Dialect::Mysql),
                deferrable: Default::default(),
            });
        key.columns.push(column);
        key.ref_columns.push(ref_column);
    }
    for ((table, _), key) in keys {
        if let Some(table) = tables.get_mut(&table) {
            table.foreign_keys.push(key);
        }
    }
    Ok(())
}

async fn read_checks(
    conn: &mut MySqlConnection,
    database: &str,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR), CAST(CHECK_CLAUSE AS CHAR)
         FROM information_schema.CHECK_CONSTRAINTS
         WHERE CONSTRAINT_SCHEMA = ?
         ORDER BY TABLE_NAME, CONSTRAINT_NAME",
    )
    .bind(database)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("check constraints"))?;
    for (table, name, clause) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        let check = Check::parse(Some(name), &clause, Dialect::Mysql);
        if let Some(column) = json_valid_column(&check.expr)
            && let Some(column) = table.column_mut(&column)
            && column.ty == SqlType::Text
        {
            column.ty = SqlType::Json { binary: false };
            continue;
        }
        table.checks.push(check);
    }
    Ok(())
}

/// `json_valid(column)`: MariaDB's spelling of a JSON column.
fn json_valid_column(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Function { name, args } if name == "json_valid" => match args.as_slice() {
            [Expr::Column(column)] => Some(column.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Reads the triggers of every table, with the tables their bodies insert into.
async fn read_triggers(
    conn: &mut MySqlConnection,
    database: &str,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT CAST(EVENT_OBJECT_TABLE AS CHAR), CAST(TRIGGER_NAME AS CHAR),
                CAST(ACTION_TIMING AS CHAR), CAST(EVENT_MANIPULATION AS CHAR),
                CAST(ACTION_STATEMENT AS CHAR)
         FROM information_schema.TRIGGERS
         WHERE TRIGGER_SCHEMA = ? AND EVENT_OBJECT_SCHEMA = ?
         ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME",
    )
    .bind(database)
    .bind(database)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("triggers"))?;
    for (table, name, timing, event, body) in rows {
        if let Some(table) = tables.get_mut(&table) {
            table
                .triggers
                .push(Trigger::new(name, &timing, &[event.as_str()], &body));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_enum_labels() {
        assert_eq!(
            enum_labels("enum('G','PG-13','it''s','a,b')").unwrap(),
            ["G", "PG-13", "it's", "a,b"]
        );
    }
}
