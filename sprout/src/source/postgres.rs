//! The PostgreSQL source: reads one schema (namespace) from `pg_catalog` through sqlx.
//!
//! Partitions are read through their partitioned parent (rows are inserted there), which
//! takes on the partitions' foreign keys and CHECKs (a row must meet those of the partition it
//! lands in); domains
//! resolve to their base type, and their CHECKs become CHECKs of each column that uses them.

use std::collections::BTreeMap;

use sqlx::PgConnection;

use super::{Loaded, query_error};
use crate::error::{Result, Warning};
use crate::schema::{
    Check, Column, Deferrable, Dialect, EnumType, FkAction, ForeignKey, Generated, Identity,
    PrimaryKey, Schema, SqlType, Table, Unique,
};

/// Relations that hold rows of their own: plain and partitioned tables, not partitions.
const TABLE_FILTER: &str = "c.relkind IN ('r', 'p') AND NOT c.relispartition";

/// Reads the schema `namespace` (default `public`) of the connected database.
pub async fn introspect(conn: &mut PgConnection, namespace: Option<&str>) -> Result<Loaded> {
    let namespace = namespace.unwrap_or("public");
    let mut warnings = Vec::new();
    let enums = read_enums(conn, namespace).await?;
    let mut tables = read_tables(conn, namespace).await?;
    read_columns(conn, namespace, &enums, &mut tables, &mut warnings).await?;
    read_constraints(conn, namespace, &mut tables).await?;
    read_unique_indexes(conn, namespace, &mut tables, &mut warnings).await?;
    read_domain_checks(conn, namespace, &mut tables).await?;
    let mut schema = Schema {
        dialect: Dialect::Postgres,
        tables: tables.into_values().collect(),
        enums,
    };
    schema.normalize();
    Ok(Loaded { schema, warnings })
}

async fn read_enums(conn: &mut PgConnection, namespace: &str) -> Result<Vec<EnumType>> {
    let rows: Vec<(String, Vec<String>)> = sqlx::query_as(
        "SELECT t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
         FROM pg_type t
         JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = $1
         GROUP BY t.typname
         ORDER BY t.typname",
    )
    .bind(namespace)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("enum types"))?;
    Ok(rows
        .into_iter()
        .map(|(name, labels)| EnumType { name, labels })
        .collect())
}

async fn read_tables(conn: &mut PgConnection, namespace: &str) -> Result<BTreeMap<String, Table>> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, obj_description(c.oid, 'pg_class')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND {TABLE_FILTER}
         ORDER BY c.relname"
    )))
    .bind(namespace)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("tables"))?;
    Ok(super::empty_tables(rows))
}

type ColumnRow = (
    String,
    String,
    String,
    bool,
    Option<String>,
    String,
    String,
    Option<String>,
);

async fn read_columns(
    conn: &mut PgConnection,
    namespace: &str,
    enums: &[EnumType],
    tables: &mut BTreeMap<String, Table>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    // Domains report their base type; `format_type` spells types as DDL does.
    let rows: Vec<ColumnRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, a.attname::text,
                CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
                     ELSE format_type(a.atttypid, a.atttypmod) END,
                a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
                pg_get_expr(d.adbin, d.adrelid),
                a.attidentity::text, a.attgenerated::text,
                col_description(c.oid, a.attnum)
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = $1 AND {TABLE_FILTER} AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum"
    )))
    .bind(namespace)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("columns"))?;
    for (table, name, type_name, not_null, default, identity, generated, comment) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        let ty = resolve_type(&type_name, enums);
        if ty.is_other() {
            warnings.push(Warning::unknown_type(&table.name, &name, &type_name));
        }
        let mut column = Column::new(name, ty);
        column.nullable = !not_null;
        column.comment = comment;
        column.identity = match identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        match (generated.as_str(), default) {
            ("s", Some(expr)) => column.generated = Some(Generated { expr, stored: true }),
            (_, Some(default)) if default.starts_with("nextval(") => {
                column.identity = Some(Identity::Serial)
            }
            (_, default) => column.default = default,
        }
        table.columns.push(column);
    }
    Ok(())
}

/// Resolves a `format_type` name: enum types of the namespace (possibly quoted or
/// schema-qualified, possibly arrays) first, then the general type parser.
fn resolve_type(type_name: &str, enums: &[EnumType]) -> SqlType {
    if let Some(element) = type_name.strip_suffix("[]") {
        return SqlType::Array {
            of: Box::new(resolve_type(element, enums)),
        };
    }
    let bare = type_name
        .rsplit('.')
        .next()
        .unwrap_or(type_name)
        .trim_matches('"');
    if enums.iter().any(|e| e.name == bare) {
        return SqlType::Enum {
            name: bare.to_string(),
        };
    }
    SqlType::parse(type_name, Dialect::Postgres)
}

type ConstraintRow = (
    String,
    String,
    String,
    Vec<String>,
    Option<String>,
    Vec<String>,
    String,
    String,
    bool,
    bool,
    String,
);

async fn read_constraints(
    conn: &mut PgConnection,
    namespace: &str,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let rows: Vec<ConstraintRow> = sqlx::query_as(
        "SELECT COALESCE(pc.relname, c.relname)::text, con.conname::text, con.contype::text,
                ARRAY(SELECT a.attname::text
                      FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                      ORDER BY k.ord),
                CASE WHEN rn.nspname = $1 THEN rc.relname::text
                     ELSE rn.nspname::text || '.' || rc.relname::text END,
                ARRAY(SELECT a.attname::text
                      FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                      ORDER BY k.ord),
                con.confdeltype::text, con.confupdtype::text,
                con.condeferrable, con.condeferred,
                pg_get_constraintdef(con.oid)
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
         LEFT JOIN pg_class pc ON pc.oid = inh.inhparent
         LEFT JOIN pg_class rc ON rc.oid = con.confrelid
         LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
           AND (NOT c.relispartition OR con.contype IN ('f', 'c'))
           AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0
         ORDER BY c.relname, con.conname",
    )
    .bind(namespace)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("constraints"))?;
    for (
        table,
        name,
        kind,
        columns,
        ref_table,
        ref_columns,
        on_delete,
        on_update,
        deferrable,
        deferred,
        definition,
    ) in rows
    {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        match kind.as_str() {
            "p" => {
                table.primary_key = Some(PrimaryKey {
                    name: Some(name),
                    columns,
                })
            }
            "u" => table.uniques.push(Unique {
                name: Some(name),
                columns,
                predicate: None,
            }),
            "f" => table.foreign_keys.push(ForeignKey {
                name: Some(name),
                columns,
                ref_table: ref_table.unwrap_or_default(),
                ref_columns,
                on_delete: action(&on_delete),
                on_update: action(&on_update),
                deferrable: match (deferrable, deferred) {
                    (true, true) => Deferrable::InitiallyDeferred,
                    (true, false) => Deferrable::InitiallyImmediate,
                    _ => Deferrable::No,
                },
            }),
            _ => {
                let definition = definition.trim_end_matches(" NOT VALID");
                table
                    .checks
                    .push(Check::parse(Some(name), definition, Dialect::Postgres));
            }
        }
    }
    Ok(())
}

fn action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

async fn read_unique_indexes(
    conn: &mut PgConnection,
    namespace: &str,
    tables: &mut BTreeMap<String, Table>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    // Unique indexes that no constraint owns: CREATE UNIQUE INDEX, partial ones included.
    type IndexRow = (String, String, Vec<String>, bool, Option<String>);
    let rows: Vec<IndexRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, i.relname::text,
                    ARRAY(SELECT a.attname::text
                          FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                          WHERE k.ord <= ix.indnkeyatts
                          ORDER BY k.ord),
                    ix.indexprs IS NOT NULL,
                    pg_get_expr(ix.indpred, ix.indrelid)
             FROM pg_index ix
             JOIN pg_class i ON i.oid = ix.indexrelid
             JOIN pg_class c ON c.oid = ix.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND {TABLE_FILTER} AND ix.indisunique AND NOT ix.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)
             ORDER BY c.relname, i.relname"
    )))
    .bind(namespace)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("unique indexes"))?;
    for (table, index, columns, has_expressions, predicate) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        if has_expressions {
            warnings.push(Warning::new(
                table.name.clone(),
                format!("unique index `{index}` is on an expression; it is not modelled and its uniqueness is not enforced while generating"),
            ));
            continue;
        }
        table.uniques.push(Unique {
            name: Some(index),
            columns,
            predicate: predicate.map(|p| Check::parse(None, &p, Dialect::Postgres)),
        });
    }
    Ok(())
}

async fn read_domain_checks(
    conn: &mut PgConnection,
    namespace: &str,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.relname::text, a.attname::text, con.conname::text, pg_get_constraintdef(con.oid)
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid
         JOIN pg_constraint con ON con.contypid = t.oid
         WHERE n.nspname = $1 AND {TABLE_FILTER} AND a.attnum > 0 AND NOT a.attisdropped
           AND t.typtype = 'd' AND con.contype = 'c'
         ORDER BY c.relname, a.attnum, con.conname"
    )))
    .bind(namespace)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("domain constraints"))?;
    for (table, column, name, definition) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        let check = Check::parse(Some(name), &definition, Dialect::Postgres);
        table.checks.push(check.for_domain_column(&column));
    }
    Ok(())
}
