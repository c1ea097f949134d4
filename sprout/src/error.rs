//! Errors and warnings. Every message names what failed (file line and column, table, column,
//! or URL with its password redacted) and, where there is one, the fix.

use std::fmt;

/// sprout's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while reading a schema.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A DDL statement that carries schema could not be parsed.
    #[error(
        "{origin}line {line}, column {column}: {message}\n  in: {snippet}\n  fix the statement, or remove it if it carries no schema"
    )]
    Ddl {
        /// `path: ` when the DDL came from a file, else empty.
        origin: String,
        /// 1-based line in the script.
        line: usize,
        /// 1-based column in the script.
        column: usize,
        /// What sqlparser or sprout could not read.
        message: String,
        /// The start of the statement.
        snippet: String,
    },
    /// The database could not be reached.
    #[error(
        "cannot connect to {url} (host {host}, port {port}): {source}\n  check that the server runs and accepts connections there"
    )]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// Host part of the URL.
        host: String,
        /// Port (the scheme's default when the URL has none).
        port: u16,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A catalog query failed.
    #[error("reading {context} from {target}: {source}")]
    Query {
        /// The database: its URL (password redacted) where known.
        target: String,
        /// What sprout was reading.
        context: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// The URL's scheme names no supported database.
    #[error(
        "unsupported database URL `{0}`: use postgres://, mysql:// or sqlite: (sqlx forms), or a path to a .sql or .json file"
    )]
    UnsupportedUrl(String),
    /// The backend is compiled out.
    #[error(
        "`{url}` needs sprout's `{feature}` feature, which this build lacks: enable it in Cargo.toml"
    )]
    FeatureDisabled {
        /// The URL, password redacted.
        url: String,
        /// The cargo feature to enable.
        feature: &'static str,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A schema JSON file could not be read.
    #[error("{path}: not a sprout schema JSON: {source}")]
    Json {
        /// The file.
        path: String,
        /// serde's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The schema is inconsistent (e.g. a foreign key to a table that does not exist).
    #[error("{0}")]
    Schema(String),
    /// No rows can satisfy the schema and the plan as asked; the message names the table,
    /// column and constraint, and the fix.
    #[error("{0}")]
    Unsatisfiable(String),
    /// A Spec file could not be read.
    #[error("{path}: {message}")]
    Spec {
        /// The file.
        path: String,
        /// What is wrong, with line and column where known.
        message: String,
    },
}

impl Error {
    /// Names the database of a [`Error::Query`] by its URL, password redacted.
    pub fn with_url(self, url: &str) -> Error {
        match self {
            Error::Query {
                context, source, ..
            } => Error::Query {
                target: redact_url(url),
                context,
                source,
            },
            other => other,
        }
    }
}

/// Something a source read but could not model fully; the schema is still usable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where: `table.column`, `table`, or `line N`.
    pub location: String,
    /// What was approximated or skipped.
    pub message: String,
}

impl Warning {
    /// A warning at `location`.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl Warning {
    /// A column whose type sprout does not know: it is modelled as `other`.
    pub fn unknown_type(table: &str, column: &str, type_name: &str) -> Warning {
        Warning::new(
            format!("{table}.{column}"),
            format!(
                "type `{}` is not one sprout knows; the column is modelled as `other` and needs a generator from the Spec",
                type_name.to_ascii_lowercase()
            ),
        )
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}: {}", self.location, self.message)
    }
}

/// `url` with any password replaced by `***`, safe to print. Text that does not parse as a
/// URL is returned without anything after an `@` in its authority part.
///
/// ```
/// assert_eq!(
///     sprout::error::redact_url("postgres://app:s3cret@db:5432/shop"),
///     "postgres://app:***@db:5432/shop"
/// );
/// ```
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => match (url.find("://"), url.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                format!("{}://***{}", &url[..scheme_end], &url[at..])
            }
            _ => url.to_string(),
        },
    }
}
