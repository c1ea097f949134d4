//! Errors and warnings. Every message names what failed (file line and column, table, column,
//! or URL with its password redacted) and, where there is one, the fix.

use std::fmt;

/// sprout's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while reading a schema.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    #[error("cannot connect to {url} (host {host}, port {port}): {source}\n  {fix}")]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// Host part of the URL.
        host: String,
        /// Port (the scheme's default when the URL has none).
        port: u16,
        /// What to check, by the kind of failure.
        fix: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// The server did not answer within the connect timeout.
    #[error(
        "no answer from {url} (host {host}, port {port}) within {seconds} s\n  check that this is the database's host and port (a MySQL URL on PostgreSQL's port waits forever), or wait longer with --connect-timeout SECONDS"
    )]
    ConnectTimeout {
        /// The URL, password redacted.
        url: String,
        /// Host part of the URL.
        host: String,
        /// Port (the scheme's default when the URL has none).
        port: u16,
        /// How long sprout waited.
        seconds: f64,
    },
    /// A URL that cannot be used as given; the message says why and the fix.
    #[error("{0}")]
    BadUrl(String),
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
    /// `sprout snapshot --check`: the committed snapshot and the schema disagree.
    #[error(
        "{path} is out of date: the schema differs from the snapshot\n{diff}\n  fix: run `sprout snapshot` again and commit {path}, or fix the migration that changed the schema"
    )]
    SnapshotStale {
        /// The snapshot file.
        path: String,
        /// A unified diff, snapshot (`-`) against the schema now (`+`).
        diff: String,
    },
    /// The schema is inconsistent (e.g. a foreign key to a table that does not exist).
    #[error("{0}")]
    Schema(String),
    /// No rows can satisfy the schema and the plan as asked; the message names the table,
    /// column and constraint, and the fix.
    #[error("{0}")]
    Unsatisfiable(String),
    /// `seed` with `--if-exists fail` found target tables that already have rows.
    #[error(
        "{} already {} rows; nothing was changed\n  fix: seed an empty database, or pass --if-exists replace to delete those tables' rows first",
        tables.join(", "),
        if tables.len() == 1 { "has" } else { "have" }
    )]
    NotEmpty {
        /// The tables that have rows.
        tables: Vec<String>,
    },
    /// Rows inserted with foreign-key checks suspended break a foreign key; the seed's
    /// transaction was rolled back.
    #[error(
        "{table}: {constraint} is broken by {rows} row(s) inserted with checks suspended; the transaction was rolled back"
    )]
    BrokenBySuspendedChecks {
        /// The child table.
        table: String,
        /// The foreign key, as SQL.
        constraint: String,
        /// How many rows break it.
        rows: i64,
    },
    /// `seed --tables` names tables whose parents are neither seeded in the same run nor
    /// present in the database.
    #[error(
        "these tables need parents that are neither seeded now nor present: {}\n  fix: add the parent tables to --tables, or seed them first",
        tables.join(", ")
    )]
    MissingParents {
        /// Each table, with the parent it lacks.
        tables: Vec<String>,
    },
    /// A factory's value does not fit the field of the model it builds.
    #[error("{field}: {problem}")]
    Field {
        /// `table.column` of the field.
        field: String,
        /// What does not fit.
        problem: String,
    },
    /// A factory was asked for a trait the model does not declare.
    #[error("{table}: no trait named `{name}`; the model has {known}")]
    UnknownTrait {
        /// The model's table.
        table: String,
        /// The trait asked for.
        name: String,
        /// The traits the model declares, comma-separated.
        known: String,
    },
    /// The command line or the options ask for something that cannot be done as given; the
    /// message names the flag and the fix.
    #[error("{0}")]
    Usage(String),
    /// `validate` found rows that break constraints (listed before this error).
    #[error("{constraints} constraint(s) broken, {rows} row(s) in all")]
    Violations {
        /// How many constraints are broken.
        constraints: usize,
        /// How many rows break them, in all.
        rows: i64,
    },
    /// A thread of sprout's (the generator of a seed, a file writer) panicked or was
    /// cancelled; its error is kept as the source.
    #[error("the {what} thread failed: {source}")]
    ThreadFailed {
        /// Which thread: `generator`, `writer`.
        what: &'static str,
        /// Why it stopped.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The connection a seed streams into failed and rolled back, so the generator stopped;
    /// the connection's own error is the one reported.
    #[error("seeding stopped: the database connection failed")]
    LoaderGone,
    /// An ORM (diesel, sea-orm) refused a factory's row; its error is kept as the source.
    #[error("inserting a row into {table} through {orm}: {source}")]
    OrmInsert {
        /// The table.
        table: String,
        /// `diesel` or `sea-orm`.
        orm: &'static str,
        /// The ORM's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
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

/// Query parameters whose values are secrets (`?password=..`, `&sslpassword=..`, `sslkey`).
const SECRET_PARAMETERS: &[&str] = &[
    "password",
    "pass",
    "pwd",
    "sslpassword",
    "sslkey",
    "ssl-key",
    "secret",
    "token",
    "auth_token",
];

/// `url` with any password replaced by `***`, safe to print: the userinfo password and the
/// values of secret query parameters ([`SECRET_PARAMETERS`]). Text that does not parse as a
/// URL is returned without anything after an `@` in its authority part.
///
/// ```
/// use sprout::error::redact_url;
/// assert_eq!(redact_url("postgres://app:s3cret@db:5432/shop"), "postgres://app:***@db:5432/shop");
/// assert_eq!(
///     redact_url("mysql://app@db/shop?ssl-mode=REQUIRED&password=s3cret"),
///     "mysql://app@db/shop?ssl-mode=REQUIRED&password=***"
/// );
/// ```
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let mut changed = false;
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
                changed = true;
            }
            let secret = |key: &str| {
                SECRET_PARAMETERS
                    .iter()
                    .any(|s| key.eq_ignore_ascii_case(s))
            };
            if parsed.query_pairs().any(|(k, _)| secret(&k)) {
                let pairs: Vec<(String, String)> = parsed
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if secret(&k) {
                            "***".to_string()
                        } else {
                            v.into_owned()
                        };
                        (k.into_owned(), v)
                    })
                    .collect();
                let query = pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&");
                parsed.set_query(Some(&query));
                changed = true;
            }
            if changed {
                parsed.to_string()
            } else {
                url.to_string()
            }
        }
        Err(_) => {
            let head = match (url.find("://"), url.rfind('@')) {
                (Some(scheme_end), Some(at)) if at > scheme_end => {
                    format!("{}://***{}", &url[..scheme_end], &url[at..])
                }
                _ => url.to_string(),
            };
            // Without a parse, drop the whole query when it may hold a secret.
            match head.split_once('?') {
                Some((base, query))
                    if SECRET_PARAMETERS
                        .iter()
                        .any(|s| query.to_ascii_lowercase().contains(s)) =>
                {
                    format!("{base}?***")
                }
                _ => head,
            }
        }
    }
}
