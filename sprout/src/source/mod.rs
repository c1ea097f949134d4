//! Schema sources: everything that fills a [`Schema`].
//!
//! One file per source, the same model out: [`postgres`], [`mysql`] and [`sqlite`] read a live
//! database's catalog through sqlx; [`ddl`] reads SQL scripts through sqlparser, and
//! [`migrations`] a directory of them. [`load`] picks
//! the right one for a URL or a file path, the way the CLI does.

pub mod ddl;
pub mod diesel;
pub mod migrations;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod script;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use std::path::Path;

use crate::error::{Error, Result, Warning, redact_url};
use crate::schema::{Dialect, Schema};

/// A schema read from a source, with what the source could not model fully.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The schema.
    pub schema: Schema,
    /// Approximations and skipped parts, each naming its table, column or line.
    pub warnings: Vec<Warning>,
}

/// Options for live introspection.
#[derive(Debug, Clone, Default)]
pub struct IntrospectOptions {
    /// PostgreSQL: the schema to read (default `public`). MySQL: the database to read (default:
    /// the URL's). Ignored by SQLite.
    pub namespace: Option<String>,
    /// Timeouts for the connection.
    pub connect: crate::connect::ConnectOptions,
}

/// Reads the schema of the database at `url` (`postgres://`, `mysql://`, `sqlite:`).
///
/// ```no_run
/// # async fn run() -> sprout::Result<()> {
/// let loaded = sprout::source::introspect("sqlite://app.db").await?;
/// println!("{} tables", loaded.schema.tables.len());
/// # Ok(()) }
/// ```
pub async fn introspect(url: &str) -> Result<Loaded> {
    introspect_with(url, &IntrospectOptions::default()).await
}

/// [`introspect`] with options.
#[cfg_attr(
    not(any(feature = "postgres", feature = "mysql", feature = "sqlite")),
    allow(unreachable_code, unused_variables)
)]
pub async fn introspect_with(url: &str, options: &IntrospectOptions) -> Result<Loaded> {
    tracing::info!(target: "sprout::source", url = %redact_url(url), "introspecting");
    use crate::connect::Connection;
    // Introspection never writes.
    let mut conn = Connection::connect(url, &options.connect, true).await?;
    let read: Result<Loaded> = match &mut conn {
        #[cfg(feature = "postgres")]
        Connection::Postgres(c) => postgres::introspect(c, options.namespace.as_deref()).await,
        #[cfg(feature = "mysql")]
        Connection::Mysql(c) => mysql::introspect(c, options.namespace.as_deref()).await,
        #[cfg(feature = "sqlite")]
        Connection::Sqlite(c) => sqlite::introspect(c).await,
        Connection::_None(never) => match *never {},
    };
    conn.close().await;
    let loaded = read.map_err(|e| e.with_url(url))?;
    log_loaded(&loaded);
    Ok(loaded)
}

/// Says at `-v` what a source read.
pub(crate) fn log_loaded(loaded: &Loaded) {
    tracing::info!(
        target: "sprout::source",
        tables = loaded.schema.tables.len(),
        enums = loaded.schema.enums.len(),
        warnings = loaded.warnings.len(),
        "schema read"
    );
}

/// Reads a schema from a database URL, a `.sql` DDL file (dialect guessed unless given), a
/// directory of migrations ([`migrations`]) or a `.json` file written by `sprout introspect`.
pub async fn load(source: &str, dialect: Option<Dialect>) -> Result<Loaded> {
    load_with(source, dialect, &IntrospectOptions::default()).await
}

/// [`load`] with options for a database URL.
pub async fn load_with(
    source: &str,
    dialect: Option<Dialect>,
    options: &IntrospectOptions,
) -> Result<Loaded> {
    if url_dialect(source).is_some() {
        return introspect_with(source, options).await;
    }
    let path = Path::new(source);
    if !path.exists() {
        return Err(if source.contains("://") {
            Error::UnsupportedUrl(redact_url(source))
        } else {
            Error::Io {
                path: source.to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            }
        });
    }
    if path.is_dir() {
        tracing::info!(target: "sprout::source", dir = %path.display(), "reading migrations");
        let loaded = migrations::parse_dir(path, dialect)?;
        log_loaded(&loaded);
        return Ok(loaded);
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: source_path(path),
            source,
        })?;
        let schema = Schema::from_json(&text).map_err(|source| Error::Json {
            path: source_path(path),
            source,
        })?;
        return Ok(Loaded {
            schema,
            warnings: Vec::new(),
        });
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if extension == "rs" {
        tracing::info!(target: "sprout::source", file = %path.display(), "reading diesel schema.rs");
        let loaded = diesel::parse_file(path, dialect)?;
        log_loaded(&loaded);
        return Ok(loaded);
    }
    if !matches!(
        extension.as_str(),
        "" | "sql" | "ddl" | "txt" | "dump" | "pgsql" | "mysql"
    ) {
        return Err(Error::Schema(format!(
            "{}: a `.{extension}` file is not a schema sprout reads (it reads SQL DDL, diesel's schema.rs and the JSON of `sprout introspect`)\n  fix: point at the database itself, at a .sql file of CREATE TABLE statements, a migrations directory, a diesel schema.rs, or a .json schema",
            path.display()
        )));
    }
    tracing::info!(target: "sprout::source", file = %path.display(), "reading DDL");
    let loaded = ddl::parse_file(path, dialect)?;
    log_loaded(&loaded);
    Ok(loaded)
}

/// Empty tables keyed by name, from catalog rows of (name, comment).
#[cfg(feature = "mysql")]
pub(crate) fn empty_tables(
    rows: Vec<(String, Option<String>)>,
) -> std::collections::BTreeMap<String, crate::schema::Table> {
    rows.into_iter()
        .map(|(name, comment)| {
            let mut table = crate::schema::Table::new(name.clone());
            table.comment = comment.filter(|c| !c.is_empty());
            (name, table)
        })
        .collect()
}

fn source_path(path: &Path) -> String {
    path.display().to_string()
}

/// The dialect a database URL names, by its scheme ([`Dialect::of_url`]).
pub fn url_dialect(url: &str) -> Option<Dialect> {
    Dialect::of_url(url)
}

/// Wraps a failed catalog query; [`Error::with_url`] names the database later.
#[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
pub(crate) fn query_error(context: &str) -> impl FnOnce(sqlx::Error) -> Error {
    let context = context.to_string();
    move |source| Error::Query {
        target: "the database".to_string(),
        context,
        source,
    }
}
