//! The committed schema snapshot (`.sprout/schema.json`, written by `sprout snapshot`), read at
//! compile time the way sqlx reads `.sqlx/`: from the struct's `#[sprout(snapshot = "..")]`
//! (relative to its source file; `false` for none), else `SPROUT_SNAPSHOT` (a path, relative to
//! the crate; `off` for none), else `.sprout/schema.json` next to the crate's `Cargo.toml`, else in
//! a parent directory up to the one holding `Cargo.lock` or `.git` (the workspace root). No
//! database is reached: a clone builds offline.
//!
//! With a snapshot, a struct is checked against its table, each mistake an error at its span:
//! a table or column the snapshot does not have, a NOT NULL column without a default that no
//! field writes, a field type that cannot hold the column's SQL type (through the `Holds` trait,
//! see `sprout::factory::holds`); an `Option` that disagrees with the column's nullability is a
//! warning. The emitted code embeds the table and its parents (as JSON) and tracks the file, so
//! cargo builds again when the snapshot changes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use serde_json::Value as Json;
use syn::Error;
use syn::spanned::Spanned;

use super::Errors;
use super::ast::{Model, SnapshotChoice};
use crate::suggest::did_you_mean;

/// Where the snapshot lives, relative to a crate or workspace root.
const DEFAULT_PATH: &str = ".sprout/schema.json";

/// A snapshot file, parsed.
pub(crate) struct Loaded {
    pub(crate) path: PathBuf,
    pub(crate) json: Rc<Json>,
}

/// What a checked struct adds to its expansion.
pub(crate) struct Found {
    /// The JSON of the table and its parents, for `ModelInfo::with_snapshot`.
    pub(crate) subset: String,
    /// `include_bytes!` of the file: cargo rebuilds when it changes.
    pub(crate) track: TokenStream,
    /// The type checks and nullability warnings, at the fields.
    pub(crate) checks: Vec<TokenStream>,
}

/// Files already parsed in this compile, with their modification times.
type Cache = HashMap<PathBuf, (Option<SystemTime>, Rc<Json>)>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
}

/// The snapshot of `model`: its own `snapshot = ".."` (relative to its source file, as
/// `include_str!` reads), else the crate's (see the module); `None` with `snapshot = false`, or
/// when there is none. A file that cannot be read or parsed is an error naming it.
pub(crate) fn find(model: &Model) -> Result<Option<Loaded>, Error> {
    find_for(model.snapshot.as_ref(), model.name.span())
}

/// [`find`] for a choice made at `span` (a struct's, or `factories!`'s argument).
pub(crate) fn find_for(
    choice: Option<&SnapshotChoice>,
    span: proc_macro2::Span,
) -> Result<Option<Loaded>, Error> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").map(PathBuf::from).ok();
    let path = match choice {
        Some(SnapshotChoice::Off) => return Ok(None),
        Some(SnapshotChoice::Path(literal)) => {
            let given = PathBuf::from(literal.value());
            let base = literal
                .span()
                .local_file()
                .and_then(|file| file.parent().map(Path::to_path_buf))
                .or(manifest);
            let path = match base {
                Some(dir) if given.is_relative() => dir.join(given),
                _ => given,
            };
            if !path.is_file() {
                return Err(Error::new(
                    literal.span(),
                    format!(
                        "no schema snapshot at {}\n  fix: run `sprout snapshot DATABASE_URL --out {}`, or correct the path (relative to this file)",
                        path.display(),
                        path.display()
                    ),
                ));
            }
            path
        }
        None => match std::env::var("SPROUT_SNAPSHOT") {
            Ok(value) if value.trim().eq_ignore_ascii_case("off") || value.trim().is_empty() => {
                return Ok(None);
            }
            Ok(value) => {
                let path = PathBuf::from(value.trim());
                let path = match (&manifest, path.is_relative()) {
                    (Some(dir), true) => dir.join(path),
                    _ => path,
                };
                if !path.is_file() {
                    return Err(Error::new(
                        span,
                        format!(
                            "SPROUT_SNAPSHOT names {}, which is not a file\n  fix: run `sprout snapshot DATABASE_URL --out {}`, or unset SPROUT_SNAPSHOT",
                            path.display(),
                            path.display()
                        ),
                    ));
                }
                path
            }
            Err(_) => match manifest.as_deref().and_then(search_up) {
                Some(path) => path,
                None => return Ok(None),
            },
        },
    };
    // Absolute: the expansion's `include_bytes!` reads it relative to the source file, and a
    // span's file may be relative to rustc's directory.
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    load(&path).map(Some).map_err(|e| Error::new(span, e))
}

/// `.sprout/schema.json` in `dir` or a parent, up to the workspace root.
fn search_up(dir: &Path) -> Option<PathBuf> {
    for dir in dir.ancestors() {
        let candidate = dir.join(DEFAULT_PATH);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join("Cargo.lock").exists() || dir.join(".git").exists() {
            break;
        }
    }
    None
}

fn load(path: &Path) -> Result<Loaded, String> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let Some(json) = CACHE.with(|c| {
        c.borrow()
            .get(path)
            .filter(|(when, _)| *when == modified)
            .map(|(_, json)| json.clone())
    }) {
        return Ok(Loaded {
            path: path.to_path_buf(),
            json,
        });
    }
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let json: Json = serde_json::from_str(&text).map_err(|e| {
        format!("{shown}: not a sprout snapshot ({e})\n  fix: write it again with `sprout snapshot DATABASE_URL --out {shown}`")
    })?;
    if json.get("schema").and_then(|s| s.get("tables")).is_none() {
        return Err(format!(
            "{shown}: not a sprout snapshot (no schema.tables)\n  fix: write it again with `sprout snapshot DATABASE_URL --out {shown}`"
        ));
    }
    let json = Rc::new(json);
    CACHE.with(|c| {
        c.borrow_mut()
            .insert(path.to_path_buf(), (modified, json.clone()))
    });
    Ok(Loaded {
        path: path.to_path_buf(),
        json,
    })
}

pub(crate) fn text<'a>(json: &'a Json, key: &str) -> &'a str {
    json.get(key).and_then(Json::as_str).unwrap_or("")
}

pub(crate) fn list<'a>(json: &'a Json, key: &str) -> &'a [Json] {
    json.get(key)
        .and_then(Json::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Checks `model` against its table in `snapshot`, taking its primary key from it; every
/// mistake goes to `errors`. `None` when the table is not there.
pub(crate) fn check(model: &mut Model, snapshot: &Loaded, errors: &mut Errors) -> Option<Found> {
    let shown = snapshot.path.display().to_string();
    let schema = &snapshot.json["schema"];
    let dialect = text(schema, "dialect");
    let tables = list(schema, "tables");
    let Some(table) = tables.iter().find(|t| text(t, "name") == model.table) else {
        errors.push(Error::new(
            model.name.span(),
            format!(
                "table `{}` is not in the schema snapshot {shown}{}\n  fix: name the table with #[sprout(table = \"..\")], or run `sprout snapshot` again if the table is new (SPROUT_SNAPSHOT=off builds without the snapshot)",
                model.table,
                did_you_mean(&model.table, tables.iter().map(|t| text(t, "name")))
            ),
        ));
        return None;
    };
    let columns = list(table, "columns");
    let pk: Vec<&str> = table
        .get("primary_key")
        .map(|pk| {
            list(pk, "columns")
                .iter()
                .filter_map(Json::as_str)
                .collect()
        })
        .unwrap_or_default();
    let mut checks = Vec::new();
    for field in model.fields.iter_mut().filter(|f| !f.skip) {
        let Some(column) = columns.iter().find(|c| text(c, "name") == field.column) else {
            errors.push(Error::new(
                field.ident.span(),
                format!(
                    "column `{}.{}` is not in the schema snapshot {shown}{}\n  fix: rename the field or #[sprout(rename = \"..\")] it, #[sprout(skip)] it, or run `sprout snapshot` again if the column is new",
                    model.table,
                    field.column,
                    did_you_mean(&field.column, columns.iter().map(|c| text(c, "name")))
                ),
            ));
            continue;
        };
        field.pk = pk.contains(&field.column.as_str());
        let nullable = column
            .get("nullable")
            .and_then(Json::as_bool)
            .unwrap_or(true);
        let what = format!("{}.{}", model.table, field.column);
        if nullable != field.nullable {
            let note = if nullable {
                format!(
                    "sprout: `{what}` is nullable, but `{}` is not an Option: reading a NULL back fails",
                    field.ident
                )
            } else {
                format!(
                    "sprout: `{what}` is NOT NULL, but `{}` is an Option",
                    field.ident
                )
            };
            let warning = syn::Ident::new(
                &format!("{}_{}", model.name, field.ident),
                field.ident.span(),
            );
            checks.push(quote_spanned! {field.ty.span()=>
                const _: () = {
                    #[deprecated(note = #note)]
                    #[allow(non_camel_case_types)]
                    struct #warning;
                    let _ = #warning;
                };
            });
        }
        if !field.unchecked_type {
            let marker = format_ident!("{}", marker(&column["type"], dialect));
            let inner = &field.inner;
            checks.push(quote_spanned! {inner.span()=>
                const _: fn() = || {
                    fn holds<T: ?::core::marker::Sized + ::sprout::factory::Holds<M>, M>() {}
                    holds::<#inner, ::sprout::factory::sql::#marker>();
                };
            });
        }
    }
    for column in columns {
        let name = text(column, "name");
        let required = column.get("nullable").and_then(Json::as_bool) == Some(false)
            && ["default", "identity", "generated"]
                .iter()
                .all(|k| column.get(*k).is_none_or(Json::is_null));
        if required && !model.fields.iter().any(|f| !f.skip && f.column == name) {
            errors.push(Error::new(
                model.name.span(),
                format!(
                    "`{}.{name}` is NOT NULL without a default, and `{}` has no field for it: an insert would fail\n  fix: add the field (or run `sprout snapshot` again if the column was dropped)",
                    model.table, model.name
                ),
            ));
        }
    }
    let path = snapshot.path.display().to_string();
    Some(Found {
        subset: subset(schema, &model.table),
        track: quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        ),
        checks,
    })
}

/// The schema with only `table` and the tables its foreign keys reach, as JSON.
fn subset(schema: &Json, table: &str) -> String {
    let tables = list(schema, "tables");
    let mut wanted = vec![table.to_string()];
    let mut i = 0;
    while i < wanted.len() {
        if let Some(t) = tables.iter().find(|t| text(t, "name") == wanted[i]) {
            for fk in list(t, "foreign_keys") {
                let parent = text(fk, "ref_table").to_string();
                if !wanted.contains(&parent) {
                    wanted.push(parent);
                }
            }
        }
        i += 1;
    }
    let mut out = schema.clone();
    if let Some(object) = out.as_object_mut() {
        let kept = tables
            .iter()
            .filter(|t| wanted.iter().any(|w| w == text(t, "name")))
            .cloned()
            .collect();
        object.insert("tables".into(), Json::Array(kept));
    }
    out.to_string()
}

/// The marker of `sprout::factory::sql` naming a column's SQL type (see `Holds`).
fn marker(ty: &Json, dialect: &str) -> &'static str {
    if dialect == "sqlite" {
        return "unchecked";
    }
    let bytes = ty.get("bytes").and_then(Json::as_u64).unwrap_or(8);
    let unsigned = ty.get("unsigned").and_then(Json::as_bool).unwrap_or(false);
    match (text(ty, "kind"), dialect) {
        ("int", _) => match (bytes, unsigned) {
            (1, false) => "tinyint",
            (2, false) => "smallint",
            (3, false) => "mediumint",
            (4, false) => "integer",
            (_, false) => "bigint",
            (1, true) => "tinyint_unsigned",
            (2, true) => "smallint_unsigned",
            (3, true) => "mediumint_unsigned",
            (4, true) => "integer_unsigned",
            (_, true) => "bigint_unsigned",
        },
        ("bool", "mysql") => "mysql_boolean",
        ("bool", _) => "boolean",
        ("float", _) if bytes == 4 => "real",
        ("float", _) => "double",
        ("decimal" | "money", _) => "numeric",
        ("varchar" | "char" | "text" | "citext", _) => "text",
        ("enum", _) => "enumeration",
        ("set", _) => "text",
        ("date", _) => "date",
        ("time", _) => "time",
        ("timestamp" | "timestamp_tz", "mysql") => "mysql_datetime",
        ("timestamp", _) => "timestamp",
        ("timestamp_tz", _) => "timestamptz",
        ("uuid", _) => "uuid",
        ("json", _) => "json",
        ("bytes", _) => "bytes",
        _ => "unchecked",
    }
}
