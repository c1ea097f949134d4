//! diesel's `schema.rs` (what `diesel print-schema` writes), read with `syn`: every
//! `table!` (with `diesel::` or not) becomes a table with its primary key, columns and types
//! (`Nullable<..>` for nullability, `#[max_length = n]`, `#[sql_name = ".."]` on tables and
//! columns, `schema.table` names), and every `joinable!(child -> parent (column))` a foreign key
//! to the parent's primary key. Custom SQL types (`sql_types::Mood`, declared with
//! `#[diesel(postgres_type(name = "mood"))]`) keep their database name; their labels are not in
//! `schema.rs`, so each such column gets a warning. `allow_tables_to_appear_in_same_query!` says
//! nothing about the schema and is skipped.
//!
//! The file does not name its database: PostgreSQL unless given, or unless its types are
//! MySQL's (`Unsigned<..>`, `Datetime`, `TinyInt`) or SQLite's only.

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, Token};

use super::Loaded;
use crate::error::{Error, Result, Warning};
use crate::schema::{Column, Dialect, ForeignKey, PrimaryKey, Schema, SqlType, Table};

/// Reads the `schema.rs` at `path`.
pub fn parse_file(path: &Path, dialect: Option<Dialect>) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text, dialect).map_err(|e| match e {
        Error::Schema(message) => Error::Schema(format!("{}: {message}", path.display())),
        other => other,
    })
}

/// A table of `schema.rs` before the foreign keys are resolved.
struct Parsed {
    table: Table,
    /// The Rust name (`users`), which `joinable!` uses, and the SQL name may differ from.
    rust_name: String,
    /// Columns by Rust name -> SQL name.
    columns: BTreeMap<String, String>,
}

/// Reads the text of a `schema.rs`.
pub fn parse(text: &str, dialect: Option<Dialect>) -> Result<Loaded> {
    let file = syn::parse_file(text).map_err(|e| {
        Error::Schema(format!(
            "line {}: not Rust that syn reads: {e}\n  fix: point at the schema.rs diesel print-schema wrote",
            e.span().start().line
        ))
    })?;
    let mut custom_types: BTreeMap<String, (String, bool)> = BTreeMap::new();
    let mut tables = Vec::new();
    let mut joins = Vec::new();
    let mut warnings = Vec::new();
    collect(&file.items, &mut custom_types, &mut tables, &mut joins)?;
    if tables.is_empty() {
        return Err(Error::Schema(
            "no `table!` in this file: it is not a diesel schema.rs\n  fix: point at the file `diesel print-schema` writes (diesel.toml's print_schema.file, by default src/schema.rs)".into(),
        ));
    }
    // Types of the user's own (enums, domains): not `pg_catalog`'s, which sprout draws by name.
    let user_types: std::collections::BTreeSet<String> = custom_types
        .values()
        .filter(|(_, builtin)| !builtin)
        .map(|(name, _)| name.clone())
        .collect();
    let dialect = dialect.unwrap_or_else(|| guess_dialect(&tables));
    let mut schema = Schema::new(dialect);
    // diesel prints each partition of a partitioned table as a table of its own; sprout fills
    // the partitioned table, and the database routes its rows.
    let partitions = partitions(&tables);
    for (partition, parent) in &partitions {
        warnings.push(Warning::new(
            partition.clone(),
            format!("has the columns of `{parent}` and its name: read as a partition of it (rows go through `{parent}`)"),
        ));
    }
    tables.retain(|t| !partitions.contains_key(&t.rust_name));
    let mut joins: Vec<_> = joins
        .into_iter()
        .map(|(line, child, parent, column)| {
            let child = partitions.get(&child).cloned().unwrap_or(child);
            (line, child, parent, column)
        })
        .collect();
    joins.dedup_by(|a, b| (&a.1, &a.2, &a.3) == (&b.1, &b.2, &b.3));
    let mut seen = std::collections::BTreeSet::new();
    joins.retain(|(_, child, parent, column)| {
        seen.insert((child.clone(), parent.clone(), column.clone()))
    });
    for (line, child, parent, column) in joins {
        let missing = |name: &str| {
            Error::Schema(format!(
                "line {line}: joinable!({child} -> {parent} ({column})) names the table `{name}`, which no table! declares"
            ))
        };
        let parent_pk = tables
            .iter()
            .find(|t: &&Parsed| t.rust_name == parent)
            .ok_or_else(|| missing(&parent))?
            .table
            .primary_key
            .as_ref()
            .map(|pk| pk.columns.clone())
            .unwrap_or_default();
        let parent_name = tables
            .iter()
            .find(|t| t.rust_name == parent)
            .map(|t| t.table.name.clone())
            .unwrap_or_default();
        let child = tables
            .iter_mut()
            .find(|t| t.rust_name == child)
            .ok_or_else(|| missing(&child))?;
        let Some(sql_column) = child.columns.get(&column).cloned() else {
            return Err(Error::Schema(format!(
                "line {line}: joinable!({} -> {parent} ({column})): `{}` has no column `{column}`",
                child.rust_name, child.rust_name
            )));
        };
        child.table.foreign_keys.push(ForeignKey {
            name: None,
            columns: vec![sql_column],
            ref_table: parent_name,
            ref_columns: parent_pk,
            on_delete: Default::default(),
            on_update: Default::default(),
            deferrable: Default::default(),
        });
    }
    for parsed in tables {
        for column in &parsed.table.columns {
            if matches!(column.ty, SqlType::Decimal { .. }) {
                warnings.push(Warning::new(
                    format!("{}.{}", parsed.table.name, column.name),
                    "schema.rs gives no precision for Numeric: values may not fit the column; to seed a database, let sprout read the database itself, or give a range in the Spec",
                ));
            }
            if let SqlType::Other { name } = &column.ty
                && user_types.contains(name)
            {
                warnings.push(Warning::new(
                    format!("{}.{}", parsed.table.name, column.name),
                    format!("the custom SQL type `{name}` is declared in schema.rs without its values: give the column a generator in the Spec (or snapshot the database itself)"),
                ));
            }
        }
        schema.tables.push(parsed.table);
    }
    schema.normalize();
    Ok(Loaded { schema, warnings })
}

/// Walks items (and `pub mod` blocks) for `table!`, `joinable!` and custom SQL types.
fn collect(
    items: &[syn::Item],
    custom_types: &mut BTreeMap<String, (String, bool)>,
    tables: &mut Vec<Parsed>,
    joins: &mut Vec<(usize, String, String, String)>,
) -> Result<()> {
    for item in items {
        match item {
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect(items, custom_types, tables, joins)?;
                }
            }
            syn::Item::Struct(s) => {
                if let Some(name) = custom_type_name(&s.attrs) {
                    custom_types.insert(s.ident.to_string(), name);
                }
            }
            syn::Item::Macro(m) => {
                let Some(last) = m.mac.path.segments.last() else {
                    continue;
                };
                let line = last.ident.span().start().line;
                let tokens = m.mac.tokens.clone();
                match last.ident.to_string().as_str() {
                    "table" => {
                        let names: BTreeMap<String, String> = custom_types
                            .iter()
                            .map(|(rust, (name, _))| (rust.clone(), name.clone()))
                            .collect();
                        let parsed = (|input: ParseStream| table(input, &names))
                            .parse2(tokens)
                            .map_err(|e| {
                                Error::Schema(format!(
                                    "line {}: a table! this reader does not understand: {e}",
                                    e.span().start().line.max(line)
                                ))
                            })?;
                        tables.push(parsed);
                    }
                    "joinable" => {
                        let (child, parent, column) = joinable.parse2(tokens).map_err(|e| {
                            Error::Schema(format!(
                                "line {line}: joinable! is `joinable!(child -> parent (column))`: {e}"
                            ))
                        })?;
                        joins.push((line, child, parent, column));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `#[diesel(postgres_type(name = "mood"))]` / `mysql_type(name = "Enum")` /
/// `sqlite_type(name = "Text")`: the database's name of a custom SQL type, and whether it is a
/// built-in one (`schema = "pg_catalog"`, as diesel prints `tsvector`).
fn custom_type_name(attrs: &[Attribute]) -> Option<(String, bool)> {
    let mut found = None;
    let mut builtin = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("diesel")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("postgres_type")
                || meta.path.is_ident("mysql_type")
                || meta.path.is_ident("sqlite_type")
            {
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("name") {
                        let name: syn::LitStr = inner.value()?.parse()?;
                        found = Some(name.value());
                    } else if inner.path.is_ident("schema") {
                        let schema: syn::LitStr = inner.value()?.parse()?;
                        builtin = schema.value() == "pg_catalog";
                    } else {
                        let _ = inner.value().and_then(|v| v.parse::<syn::Expr>());
                    }
                    Ok(())
                })
            } else {
                let _ = meta.value().and_then(|v| v.parse::<syn::Expr>());
                Ok(())
            }
        });
    }
    found.map(|name| (name, builtin))
}

/// `#[sql_name = ".."]` and `#[max_length = n]` among attributes.
fn name_and_length(attrs: &[Attribute]) -> (Option<String>, Option<u32>) {
    let mut name = None;
    let mut length = None;
    for attr in attrs {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit { lit, .. }) = &nv.value else {
            continue;
        };
        match lit {
            syn::Lit::Str(s) if nv.path.is_ident("sql_name") => name = Some(s.value()),
            syn::Lit::Int(i) if nv.path.is_ident("max_length") => length = i.base10_parse().ok(),
            _ => {}
        }
    }
    (name, length)
}

/// One `table!` body: `[attrs] [use ..;]* [schema.]name (pk, ..) { [attrs] col -> Type, .. }`.
fn table(input: ParseStream, custom_types: &BTreeMap<String, String>) -> syn::Result<Parsed> {
    let mut attrs = input.call(Attribute::parse_outer)?;
    while input.peek(Token![use]) {
        input.parse::<syn::ItemUse>()?;
        attrs.extend(input.call(Attribute::parse_outer)?);
    }
    let first: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let (namespace, rust_name) = if input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        let table: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        (Some(first.to_string()), table.to_string())
    } else {
        (None, first.to_string())
    };
    let rust_name = unraw(&rust_name);
    let (sql_name, _) = name_and_length(&attrs);
    let local = sql_name.unwrap_or_else(|| rust_name.clone());
    let name = match namespace {
        Some(namespace) if namespace != "public" => format!("{namespace}.{local}"),
        _ => local,
    };
    let mut table = Table::new(name);
    let mut pk = Vec::new();
    if input.peek(syn::token::Paren) {
        let keys;
        syn::parenthesized!(keys in input);
        let names = keys.parse_terminated(syn::ext::IdentExt::parse_any, Token![,])?;
        pk = names
            .iter()
            .map(|i: &Ident| unraw(&i.to_string()))
            .collect();
    }
    let body;
    syn::braced!(body in input);
    let mut columns = BTreeMap::new();
    while !body.is_empty() {
        let attrs = body.call(Attribute::parse_outer)?;
        let rust: Ident = body.call(syn::ext::IdentExt::parse_any)?;
        body.parse::<Token![->]>()?;
        let ty: syn::Type = body.parse()?;
        if body.peek(Token![,]) {
            body.parse::<Token![,]>()?;
        }
        let rust = unraw(&rust.to_string());
        let (sql_name, max_length) = name_and_length(&attrs);
        let column_name = sql_name.unwrap_or_else(|| rust.clone());
        let (sql, nullable) = sql_type(&ty, max_length, custom_types);
        let mut column = Column::new(column_name.clone(), sql);
        column.nullable = nullable;
        table.columns.push(column);
        columns.insert(rust, column_name);
    }
    // diesel's default key is `id`.
    if pk.is_empty() && columns.contains_key("id") {
        pk.push("id".into());
    }
    let pk: Vec<String> = pk
        .iter()
        .map(|k| columns.get(k).cloned().unwrap_or_else(|| k.clone()))
        .collect();
    if !pk.is_empty() {
        for column in table.columns.iter_mut().filter(|c| pk.contains(&c.name)) {
            column.nullable = false;
        }
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns: pk,
        });
    }
    Ok(Parsed {
        table,
        rust_name,
        columns,
    })
}

/// `joinable!(child -> parent (column))`.
fn joinable(input: ParseStream) -> syn::Result<(String, String, String)> {
    let child: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    input.parse::<Token![->]>()?;
    let parent: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let column;
    syn::parenthesized!(column in input);
    let column: Ident = column.call(syn::ext::IdentExt::parse_any)?;
    Ok((
        unraw(&child.to_string()),
        unraw(&parent.to_string()),
        unraw(&column.to_string()),
    ))
}

fn unraw(name: &str) -> String {
    name.strip_prefix("r#").unwrap_or(name).to_string()
}

/// The SQL type of a diesel type, and whether it is `Nullable<..>`.
fn sql_type(
    ty: &syn::Type,
    max_length: Option<u32>,
    custom_types: &BTreeMap<String, String>,
) -> (SqlType, bool) {
    let syn::Type::Path(path) = ty else {
        return (other(ty), true);
    };
    let Some(last) = path.path.segments.last() else {
        return (other(ty), true);
    };
    let argument = || match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        }),
        _ => None,
    };
    let name = last.ident.to_string();
    let sql = match name.as_str() {
        "Nullable" => {
            return match argument() {
                Some(inner) => (sql_type(&inner, max_length, custom_types).0, true),
                None => (other(ty), true),
            };
        }
        "Unsigned" => match argument().map(|t| sql_type(&t, max_length, custom_types).0) {
            Some(SqlType::Int { bytes, .. }) => SqlType::Int {
                bytes,
                unsigned: true,
            },
            _ => other(ty),
        },
        "Array" => match argument() {
            Some(inner) => SqlType::Array {
                of: Box::new(sql_type(&inner, None, custom_types).0),
            },
            None => other(ty),
        },
        "Bool" => SqlType::Bool,
        "TinyInt" | "Tinyint" => int(1),
        "SmallInt" | "Smallint" | "Int2" => int(2),
        "Integer" | "Int4" => int(4),
        "BigInt" | "Bigint" | "Int8" => int(8),
        "Float" | "Float4" => SqlType::Float { bytes: 4 },
        "Double" | "Float8" => SqlType::Float { bytes: 8 },
        "Numeric" | "Decimal" => SqlType::Decimal {
            precision: None,
            scale: None,
        },
        "Money" => SqlType::Money,
        "Text" | "Varchar" | "VarChar" | "Tinytext" | "Mediumtext" | "Longtext" => match max_length
        {
            Some(n) => SqlType::Varchar { max_len: Some(n) },
            None => SqlType::Text,
        },
        "Char" | "Bpchar" => SqlType::Char {
            len: max_length.unwrap_or(1),
        },
        "Citext" => SqlType::Citext,
        "Date" => SqlType::Date,
        "Time" => SqlType::Time { tz: false },
        "Timestamp" | "Datetime" => SqlType::Timestamp,
        "Timestamptz" => SqlType::TimestampTz,
        "Interval" => SqlType::Interval,
        "Uuid" => SqlType::Uuid,
        "Json" => SqlType::Json { binary: false },
        "Jsonb" => SqlType::Json { binary: true },
        "Binary" | "Blob" | "Bytea" | "Tinyblob" | "Mediumblob" | "Longblob" | "Varbinary" => {
            SqlType::Bytes { max_len: None }
        }
        "Inet" => SqlType::Inet,
        "Cidr" => SqlType::Cidr,
        "MacAddr" | "Macaddr" => SqlType::MacAddr,
        // A custom type by its database name: sprout knows some (`tsvector`, `ltree`, ...).
        custom => match custom_types.get(custom) {
            Some(sql_name) => SqlType::parse(sql_name, Dialect::Postgres),
            None => other(ty),
        },
    };
    (sql, false)
}

fn int(bytes: u8) -> SqlType {
    SqlType::Int {
        bytes,
        unsigned: false,
    }
}

/// A type this reader has no rule for, spelled as written (`Range<Int4>`).
fn other(ty: &syn::Type) -> SqlType {
    SqlType::Other {
        name: ty.to_token_stream().to_string().replace(' ', ""),
    }
}

/// The tables that are partitions of another by what `diesel print-schema` shows of them: the
/// name of another table, an underscore and a suffix, and exactly its columns. Rust name ->
/// the partitioned table's Rust name.
fn partitions(tables: &[Parsed]) -> BTreeMap<String, String> {
    let columns = |t: &Parsed| {
        t.table
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.ty.clone(), c.nullable))
            .collect::<Vec<_>>()
    };
    let mut out = BTreeMap::new();
    for table in tables {
        let parent = tables.iter().find(|p| {
            p.rust_name != table.rust_name
                && table
                    .rust_name
                    .strip_prefix(&p.rust_name)
                    .is_some_and(|rest| rest.starts_with('_'))
                && columns(p) == columns(table)
        });
        if let Some(parent) = parent {
            out.insert(table.rust_name.clone(), parent.rust_name.clone());
        }
    }
    out
}

/// PostgreSQL unless the types are only MySQL's or SQLite's.
fn guess_dialect(tables: &[Parsed]) -> Dialect {
    let types = || {
        tables
            .iter()
            .flat_map(|t| t.table.columns.iter().map(|c| &c.ty))
    };
    if types().any(|t| matches!(t, SqlType::Int { unsigned: true, .. })) {
        return Dialect::Mysql;
    }
    Dialect::Postgres
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = r#"
// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "mood"))]
    pub struct Mood;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Mood;

    /// Posts.
    posts (id) {
        id -> Int4,
        user_id -> Int4,
        #[max_length = 120]
        title -> Varchar,
        body -> Nullable<Text>,
        tags -> Array<Nullable<Text>>,
        mood -> Nullable<Mood>,
        #[sql_name = "type"]
        kind -> Text,
        published_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    users {
        id -> Int8,
        email -> Text,
    }
}

diesel::table! {
    #[sql_name = "user_roles"]
    roles (user_id, role) {
        user_id -> Int8,
        role -> Text,
    }
}

diesel::joinable!(posts -> users (user_id));
diesel::joinable!(roles -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(posts, users, roles);
"#;

    #[test]
    fn tables_keys_types_and_joins_are_read() {
        let loaded = parse(SCHEMA, None).unwrap();
        let schema = &loaded.schema;
        assert_eq!(schema.dialect, Dialect::Postgres);
        let posts = schema.table("posts").unwrap();
        assert_eq!(posts.primary_key.as_ref().unwrap().columns, ["id"]);
        let column = |name: &str| posts.column(name).unwrap();
        assert_eq!(column("title").ty, SqlType::Varchar { max_len: Some(120) });
        assert!(!column("title").nullable && column("body").nullable);
        assert_eq!(
            column("tags").ty,
            SqlType::Array {
                of: Box::new(SqlType::Text)
            }
        );
        assert_eq!(
            column("mood").ty,
            SqlType::Other {
                name: "mood".into()
            }
        );
        assert!(posts.column("type").is_some(), "sql_name renames");
        assert_eq!(posts.foreign_keys[0].ref_table, "users");
        assert_eq!(posts.foreign_keys[0].ref_columns, ["id"]);
        let users = schema.table("users").unwrap();
        assert_eq!(users.primary_key.as_ref().unwrap().columns, ["id"]);
        let roles = schema.table("user_roles").unwrap();
        assert_eq!(
            roles.primary_key.as_ref().unwrap().columns,
            ["user_id", "role"]
        );
        assert_eq!(roles.foreign_keys[0].columns, ["user_id"]);
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.location == "posts.mood" && w.message.contains("custom SQL type")),
            "{:?}",
            loaded.warnings
        );
    }

    #[test]
    fn mistakes_name_the_line_and_the_fix() {
        let error = parse("fn main() {}", None).unwrap_err().to_string();
        assert!(error.contains("no `table!`"), "{error}");
        let error = parse(
            "diesel::table! { a { id -> Int4, } }\ndiesel::joinable!(a -> b (id));",
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("line 2") && error.contains("`b`"), "{error}");
        let error = parse("diesel::table! { a { id -> , } }", None)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 1") && error.contains("table!"),
            "{error}"
        );
    }
}
