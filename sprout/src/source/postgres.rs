//! The PostgreSQL source: reads every user schema (namespace) from `pg_catalog` through sqlx.
//!
//! Tables of `public` keep their bare names; tables of every other namespace are named
//! `namespace.table` (and so are foreign keys to them), unless one namespace is asked for.
//! Objects that belong to an extension (pg_partman's configuration tables, PostGIS's) are left
//! out. Partitions are read through their partitioned parent (rows are inserted there), which
//! takes on the partitions' foreign keys and CHECKs (a row must meet those of the partition it
//! lands in) and records their bounds; domains resolve to their base type, and their CHECKs
//! become CHECKs of each column that uses them. Triggers are read with the tables their
//! functions insert into.

use std::collections::BTreeMap;

use sqlx::PgConnection;

use super::{Loaded, query_error};
use crate::error::{Result, Warning};
use crate::schema::{
    Check, Column, Deferrable, Dialect, EnumType, FkAction, ForeignKey, Generated, Identity,
    Partition, Partitioning, PrimaryKey, Schema, SqlType, Table, Trigger, Unique,
};

/// Relations that hold rows of their own: plain and partitioned tables, not partitions, and not
/// an extension's own tables.
const TABLE_FILTER: &str = "c.relkind IN ('r', 'p') AND NOT c.relispartition AND NOT EXISTS (
    SELECT 1 FROM pg_depend dep
    WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')";

/// The namespace whose tables keep their bare names when every namespace is read.
const DEFAULT_NAMESPACE: &str = "public";

/// The model's name of relation `rel` in namespace `ns` (SQL columns): bare in the default
/// namespace (`$2`), `ns.rel` elsewhere, and always qualified when the bare name has a dot, so
/// that a dotted name always reads as `namespace.rest`.
fn qualified(ns: &str, rel: &str) -> String {
    format!(
        "(CASE WHEN {ns}.nspname = $2 AND strpos({rel}.relname, '.') = 0 THEN {rel}.relname::text \
         ELSE {ns}.nspname::text || '.' || {rel}.relname::text END)"
    )
}

/// Reads the connected database: every user namespace (tables outside `public` named
/// `namespace.table`), or only `namespace` (its tables bare) when given.
pub async fn introspect(conn: &mut PgConnection, namespace: Option<&str>) -> Result<Loaded> {
    let mut warnings = Vec::new();
    let (namespaces, default) = match namespace {
        Some(ns) => (vec![ns.to_string()], ns.to_string()),
        None => (read_namespaces(conn).await?, DEFAULT_NAMESPACE.to_string()),
    };
    let scope = Scope {
        namespaces,
        default,
    };
    let enums = read_enums(conn, &scope).await?;
    let mut tables = read_tables(conn, &scope).await?;
    read_columns(conn, &scope, &enums, &mut tables, &mut warnings).await?;
    read_constraints(conn, &scope, &mut tables).await?;
    read_unique_indexes(conn, &scope, &mut tables, &mut warnings).await?;
    read_domain_checks(conn, &scope, &mut tables).await?;
    read_partitions(conn, &scope, &mut tables, &mut warnings).await?;
    read_triggers(conn, &scope, &mut tables).await?;
    let mut schema = Schema {
        dialect: Dialect::Postgres,
        tables: tables.into_values().collect(),
        enums,
    };
    schema.normalize();
    Ok(Loaded { schema, warnings })
}

/// Which namespaces are read, and which of them keeps bare names.
struct Scope {
    namespaces: Vec<String>,
    default: String,
}

impl Scope {
    /// A catalog query over the scope: `$1` is the namespace list, `$2` the default one.
    fn query<'q, O>(
        &'q self,
        sql: String,
    ) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
    where
        O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&self.namespaces)
            .bind(&self.default)
    }
}

/// Every namespace that holds user objects: not the system's, not `pg_toast` or temporary
/// ones, not one an extension created.
async fn read_namespaces(conn: &mut PgConnection) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT n.nspname::text FROM pg_namespace n
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg\\_%'
           AND NOT EXISTS (SELECT 1 FROM pg_depend dep
                           WHERE dep.classid = 'pg_namespace'::regclass
                             AND dep.objid = n.oid AND dep.deptype = 'e')
         ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("namespaces"))?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

async fn read_enums(conn: &mut PgConnection, scope: &Scope) -> Result<Vec<EnumType>> {
    let name = qualified("n", "t").replace("relname", "typname");
    let rows: Vec<(String, Vec<String>)> = scope
        .query(format!(
            "SELECT {name}, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
             FROM pg_type t
             JOIN pg_enum e ON e.enumtypid = t.oid
             JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = ANY($1)
             GROUP BY 1
             ORDER BY 1"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("enum types"))?;
    Ok(rows
        .into_iter()
        .map(|(name, labels)| EnumType { name, labels })
        .collect())
}

async fn read_tables(conn: &mut PgConnection, scope: &Scope) -> Result<BTreeMap<String, Table>> {
    let name = qualified("n", "c");
    let rows: Vec<(String, String, Option<String>, Option<String>)> = scope
        .query(format!(
            "SELECT {name}, n.nspname::text, obj_description(c.oid, 'pg_class'),
                    CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND {TABLE_FILTER}
             ORDER BY 1"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("tables"))?;
    let mut tables = BTreeMap::new();
    for (name, namespace, comment, partition_key) in rows {
        let mut table = Table::new(name.clone());
        table.comment = comment.filter(|c| !c.is_empty());
        if name.contains('.') {
            table.namespace = Some(namespace);
        }
        table.partitioning = partition_key.as_deref().and_then(Partitioning::parse_key);
        tables.insert(name, table);
    }
    Ok(tables)
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
    scope: &Scope,
    enums: &[EnumType],
    tables: &mut BTreeMap<String, Table>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    // Domains (over domains too) report their base type; `format_type` spells types as DDL
    // does.
    let name = qualified("n", "c");
    let rows: Vec<ColumnRow> = scope
        .query(format!(
            "SELECT {name}, a.attname::text,
                (WITH RECURSIVE chain(typ, typmod, depth) AS (
                     SELECT a.atttypid, a.atttypmod, 0
                     UNION ALL
                     SELECT d.typbasetype, d.typtypmod, chain.depth + 1
                     FROM chain JOIN pg_type d ON d.oid = chain.typ AND d.typtype = 'd')
                 SELECT format_type(typ, typmod) FROM chain ORDER BY depth DESC LIMIT 1),
                a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
                pg_get_expr(d.adbin, d.adrelid),
                a.attidentity::text, a.attgenerated::text,
                col_description(c.oid, a.attnum)
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = ANY($1) AND {TABLE_FILTER} AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY 1, a.attnum"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("columns"))?;
    for (table, name, type_name, not_null, default, identity, generated, comment) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        let ty = resolve_type(&type_name, enums, &scope.default);
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

/// Resolves a `format_type` name: enum types read (possibly quoted or schema-qualified,
/// possibly arrays) first, then the general type parser.
fn resolve_type(type_name: &str, enums: &[EnumType], default: &str) -> SqlType {
    if let Some(element) = type_name.strip_suffix("[]") {
        return SqlType::Array {
            of: Box::new(resolve_type(element, enums, default)),
        };
    }
    let parts: Vec<String> = split_qualified(type_name);
    let candidates = match parts.as_slice() {
        [ns, bare] if ns == default => vec![bare.clone(), parts.join(".")],
        [ns, bare] if ns == "public" => vec![parts.join("."), bare.clone()],
        _ => vec![parts.join(".")],
    };
    if let Some(name) = candidates
        .into_iter()
        .find(|c| enums.iter().any(|e| &e.name == c))
    {
        return SqlType::Enum { name };
    }
    SqlType::parse(type_name, Dialect::Postgres)
}

/// `"Sales".status` as `["Sales", "status"]`: dots outside double quotes split, quotes go.
fn split_qualified(name: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                parts.last_mut().expect("one part").push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(String::new()),
            c => parts.last_mut().expect("one part").push(c),
        }
    }
    parts
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
    scope: &Scope,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    // A partition's constraints belong to the root of its tree.
    let (own, root, referenced) = (
        qualified("n", "c"),
        qualified("pn", "pc"),
        qualified("rn", "rc"),
    );
    let rows: Vec<ConstraintRow> = scope
        .query(format!(
            "SELECT COALESCE({root}, {own}), con.conname::text, con.contype::text,
                ARRAY(SELECT a.attname::text
                      FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                      ORDER BY k.ord),
                CASE WHEN rc.oid IS NOT NULL THEN {referenced} END,
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
         LEFT JOIN pg_class pc ON c.relispartition AND pc.oid = pg_partition_root(c.oid)
         LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
         LEFT JOIN pg_class rc ON rc.oid = con.confrelid
         LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
         WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
           AND (NOT c.relispartition OR con.contype IN ('f', 'c'))
           AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0
         ORDER BY 1, con.conname"
        ))
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
                expressions: Vec::new(),
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
    scope: &Scope,
    tables: &mut BTreeMap<String, Table>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    // Unique indexes that no constraint owns: CREATE UNIQUE INDEX, partial ones and those on
    // expressions (`lower(email)`) included.
    type IndexRow = (String, String, Vec<String>, Option<String>);
    let name = qualified("n", "c");
    let rows: Vec<IndexRow> = scope
        .query(format!(
            "SELECT {name}, i.relname::text,
                    ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k::int, true)
                          FROM generate_series(1, ix.indnkeyatts) k ORDER BY k),
                    pg_get_expr(ix.indpred, ix.indrelid)
             FROM pg_index ix
             JOIN pg_class i ON i.oid = ix.indexrelid
             JOIN pg_class c ON c.oid = ix.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND {TABLE_FILTER} AND ix.indisunique AND NOT ix.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)
             ORDER BY 1, i.relname"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("unique indexes"))?;
    for (table, index, parts, predicate) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        let mut unique = Unique {
            name: Some(index.clone()),
            columns: Vec::new(),
            expressions: Vec::new(),
            predicate: predicate.map(|p| Check::parse(None, &p, Dialect::Postgres)),
        };
        for part in parts {
            let bare = split_qualified(&part).join(".");
            if table.column(&bare).is_some() {
                unique.columns.push(bare);
            } else {
                let expr = Check::parse(None, &part, Dialect::Postgres).expr;
                if expr.has_unsupported() {
                    warnings.push(Warning::new(
                        table.name.clone(),
                        format!("unique index `{index}` is on `{part}`, which sprout cannot evaluate; its uniqueness is not enforced while generating"),
                    ));
                }
                unique.expressions.push(expr);
            }
        }
        table.uniques.push(unique);
    }
    Ok(())
}

async fn read_domain_checks(
    conn: &mut PgConnection,
    scope: &Scope,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    // A domain over a domain carries the CHECKs of every level.
    let name = qualified("n", "c");
    let rows: Vec<(String, String, String, String)> = scope
        .query(format!(
            "WITH RECURSIVE levels(column_type, domain) AS (
             SELECT t.oid, t.oid FROM pg_type t WHERE t.typtype = 'd'
             UNION
             SELECT l.column_type, b.oid FROM levels l
             JOIN pg_type d ON d.oid = l.domain
             JOIN pg_type b ON b.oid = d.typbasetype AND b.typtype = 'd')
         SELECT {name}, a.attname::text, con.conname::text, pg_get_constraintdef(con.oid)
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN levels l ON l.column_type = a.atttypid
         JOIN pg_constraint con ON con.contypid = l.domain
         WHERE n.nspname = ANY($1) AND {TABLE_FILTER} AND a.attnum > 0 AND NOT a.attisdropped
           AND con.contype = 'c'
         ORDER BY 1, a.attnum, con.conname"
        ))
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

/// Reads every partition's bound (and a partitioned partition's own key) into the
/// partitioning of the root table.
async fn read_partitions(
    conn: &mut PgConnection,
    scope: &Scope,
    tables: &mut BTreeMap<String, Table>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let (own, parent) = (qualified("n", "c"), qualified("pn", "p"));
    type PartitionRow = (String, String, String, Option<String>);
    let rows: Vec<PartitionRow> = scope
        .query(format!(
            "SELECT {parent}, {own}, pg_get_expr(c.relpartbound, c.oid),
                    CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
             FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_inherits i ON i.inhrelid = c.oid
             JOIN pg_class p ON p.oid = i.inhparent
             JOIN pg_namespace pn ON pn.oid = p.relnamespace
             WHERE c.relispartition AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
             ORDER BY 2"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("partitions"))?;
    let mut children: BTreeMap<String, Vec<(Partition, Option<Partitioning>)>> = BTreeMap::new();
    for (parent, name, bound, key) in rows {
        let Some(partition) = Partition::parse(name.clone(), &bound) else {
            warnings.push(Warning::new(
                parent,
                format!(
                    "partition `{name}` has a bound sprout cannot read ({bound}); rows may miss it"
                ),
            ));
            continue;
        };
        let sub = key.as_deref().and_then(Partitioning::parse_key);
        children.entry(parent).or_default().push((partition, sub));
    }
    for table in tables.values_mut() {
        let name = table.name.clone();
        if let Some(partitioning) = &mut table.partitioning {
            super::ddl::attach_partitions(partitioning, &name, &mut children);
        }
    }
    Ok(())
}

/// Reads the user triggers of every table, with the tables their functions insert into.
async fn read_triggers(
    conn: &mut PgConnection,
    scope: &Scope,
    tables: &mut BTreeMap<String, Table>,
) -> Result<()> {
    let name = qualified("n", "c");
    let rows: Vec<(String, String, i16, String)> = scope
        .query(format!(
            "SELECT {name}, t.tgname::text, t.tgtype, COALESCE(p.prosrc, '')
             FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_proc p ON p.oid = t.tgfoid
             WHERE NOT t.tgisinternal AND t.tgparentid = 0
               AND n.nspname = ANY($1) AND {TABLE_FILTER}
             ORDER BY 1, 2"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("triggers"))?;
    for (table, trigger, kind, body) in rows {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        // pg_trigger.tgtype bits: BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32,
        // INSTEAD 64.
        let timing = if kind & 64 != 0 {
            "instead of"
        } else if kind & 2 != 0 {
            "before"
        } else {
            "after"
        };
        let events: Vec<&str> = [
            (4, "insert"),
            (8, "delete"),
            (16, "update"),
            (32, "truncate"),
        ]
        .into_iter()
        .filter(|(bit, _)| kind & bit != 0)
        .map(|(_, event)| event)
        .collect();
        table
            .triggers
            .push(Trigger::new(trigger, timing, &events, &body));
    }
    Ok(())
}
