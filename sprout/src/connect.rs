//! Opening connections from URLs: the one place that knows how sprout connects to each server.
//! It bounds the wait for an answer ([`ConnectOptions::connect_timeout`], 10 s by default, so a
//! server that accepts TCP and never answers is an error and not a hang), sets a statement
//! timeout when asked, and leaves TLS to the URL in sqlx's words (`sslmode=verify-full`,
//! `sslrootcert=ca.pem` for PostgreSQL; `ssl-mode=VERIFY_IDENTITY`, `ssl-ca=ca.pem` for MySQL),
//! served by rustls with the system's roots (feature `tls`). A failure names the URL with its
//! secrets redacted, the host and port, and what to check for that kind of failure.

use std::time::Duration;

#[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
use crate::error::{Error, Result, redact_url};

/// How long sprout waits for a server, and for each statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectOptions {
    /// The longest wait for a connection to be ready (TCP, TLS and authentication).
    pub connect_timeout: Duration,
    /// When set, the server cancels any statement that runs longer (PostgreSQL
    /// `statement_timeout`, MariaDB `max_statement_time`, MySQL `max_execution_time`; SQLite
    /// waits at most this long for a lock).
    pub statement_timeout: Option<Duration>,
}

impl Default for ConnectOptions {
    fn default() -> ConnectOptions {
        ConnectOptions {
            connect_timeout: Duration::from_secs(10),
            statement_timeout: None,
        }
    }
}

/// A connection sprout opened from a URL, to whichever database its scheme names.
pub enum Connection {
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgConnection),
    /// MySQL or MariaDB.
    #[cfg(feature = "mysql")]
    Mysql(sqlx::MySqlConnection),
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqliteConnection),
    #[doc(hidden)]
    _None(std::convert::Infallible),
}

impl Connection {
    /// Connects to `url`: the one place that picks the driver by the URL's scheme. A SQLite
    /// file must exist (sprout creates no database) and is opened read-only when `read_only`.
    pub async fn connect(
        url: &str,
        options: &ConnectOptions,
        read_only: bool,
    ) -> crate::error::Result<Connection> {
        use crate::dialect::Dialect;
        use crate::error::{Error, redact_url};
        let dialect = Dialect::of_url(url).ok_or_else(|| Error::UnsupportedUrl(redact_url(url)))?;
        let _ = (read_only, options);
        match dialect {
            #[cfg(feature = "postgres")]
            Dialect::Postgres => Ok(Connection::Postgres(postgres(url, options).await?)),
            #[cfg(feature = "mysql")]
            Dialect::Mysql => Ok(Connection::Mysql(mysql(url, options).await?)),
            #[cfg(feature = "sqlite")]
            Dialect::Sqlite => Ok(Connection::Sqlite(sqlite(url, options, read_only).await?)),
            #[allow(unreachable_patterns)]
            _ => Err(Error::FeatureDisabled {
                url: redact_url(url),
                feature: dialect.name(),
            }),
        }
    }

    /// Closes the connection politely.
    pub async fn close(self) {
        #[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
        use sqlx::Connection as _;
        let _ = match self {
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => c.close().await,
            #[cfg(feature = "mysql")]
            Connection::Mysql(c) => c.close().await,
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(c) => c.close().await,
            Connection::_None(never) => match never {},
        };
    }
}

/// Waits for `connecting` at most `options.connect_timeout`.
#[cfg(any(feature = "postgres", feature = "mysql"))]
async fn bounded<T>(
    url: &str,
    default_port: u16,
    options: &ConnectOptions,
    connecting: impl std::future::Future<Output = Result<T, sqlx::Error>>,
) -> Result<T> {
    match tokio::time::timeout(options.connect_timeout, connecting).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(source)) => Err(connect_error(url, default_port, source)),
        Err(_) => {
            let (host, port) = host_and_port(url, default_port);
            Err(Error::ConnectTimeout {
                url: redact_url(url),
                host,
                port,
                seconds: options.connect_timeout.as_secs_f64(),
            })
        }
    }
}

/// A PostgreSQL connection to `url`.
#[cfg(feature = "postgres")]
pub(crate) async fn postgres(url: &str, options: &ConnectOptions) -> Result<sqlx::PgConnection> {
    use std::str::FromStr;

    use sqlx::ConnectOptions as _;
    let mut connect = sqlx::postgres::PgConnectOptions::from_str(url)
        .map_err(|source| connect_error(url, 5432, source))?;
    if no_database(url) && std::env::var_os("PGDATABASE").is_none() {
        return Err(Error::BadUrl(format!(
            "{} names no database, so PostgreSQL would pick the user's\n  fix: add the database to the URL: postgres://user@host:5432/DATABASE",
            redact_url(url)
        )));
    }
    if let Some(limit) = options.statement_timeout {
        connect = connect.options([("statement_timeout", format!("{}", limit.as_millis()))]);
    }
    bounded(url, 5432, options, connect.connect()).await
}

/// A MySQL or MariaDB connection to `url`.
#[cfg(feature = "mysql")]
pub(crate) async fn mysql(url: &str, options: &ConnectOptions) -> Result<sqlx::MySqlConnection> {
    use std::str::FromStr;

    use sqlx::ConnectOptions as _;
    let connect = sqlx::mysql::MySqlConnectOptions::from_str(url)
        .map_err(|source| connect_error(url, 3306, source))?;
    let mut conn = bounded(url, 3306, options, connect.connect()).await?;
    if let Some(limit) = options.statement_timeout {
        // MariaDB counts seconds for every statement; MySQL milliseconds for SELECTs only.
        let mariadb = format!("SET SESSION max_statement_time = {}", limit.as_secs_f64());
        let mysql = format!("SET SESSION max_execution_time = {}", limit.as_millis());
        if sqlx::raw_sql(sqlx::AssertSqlSafe(mariadb))
            .execute(&mut conn)
            .await
            .is_err()
        {
            sqlx::raw_sql(sqlx::AssertSqlSafe(mysql))
                .execute(&mut conn)
                .await
                .map_err(|source| connect_error(url, 3306, source))?;
        }
    }
    Ok(conn)
}

/// A SQLite connection to the file of `url`, which must exist: sprout creates no database.
#[cfg(feature = "sqlite")]
pub(crate) async fn sqlite(
    url: &str,
    options: &ConnectOptions,
    read_only: bool,
) -> Result<sqlx::SqliteConnection> {
    use std::str::FromStr;

    use sqlx::ConnectOptions as _;
    let failed = |source| Error::Query {
        target: redact_url(url),
        context: "the database file (it must exist: sprout creates no database)".into(),
        source,
    };
    let mut connect = sqlx::sqlite::SqliteConnectOptions::from_str(url)
        .map_err(failed)?
        .create_if_missing(false)
        .read_only(read_only)
        .foreign_keys(true);
    if let Some(limit) = options.statement_timeout {
        connect = connect.busy_timeout(limit);
    }
    connect.connect().await.map_err(failed)
}

/// Whether a server URL has no database in its path.
#[cfg(feature = "postgres")]
fn no_database(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|parsed| parsed.path().trim_matches('/').is_empty())
}

/// Host and port of a server URL, for error messages (the scheme's default port when absent).
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn host_and_port(url: &str, default_port: u16) -> (String, u16) {
    match url::Url::parse(url) {
        Ok(parsed) => (
            parsed.host_str().unwrap_or("localhost").to_string(),
            parsed.port().unwrap_or(default_port),
        ),
        Err(_) => ("localhost".to_string(), default_port),
    }
}

/// A failed connection attempt as an error that names host and port (password redacted) and
/// what to check for this kind of failure.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn connect_error(url: &str, default_port: u16, source: sqlx::Error) -> Error {
    let (host, port) = host_and_port(url, default_port);
    Error::Connect {
        url: redact_url(url),
        host,
        port,
        fix: connect_fix(&source),
        source,
    }
}

/// What to check when the TLS handshake or the server's certificate fails.
#[cfg(any(feature = "postgres", feature = "mysql"))]
const TLS_FIX: &str = "TLS failed: check the URL's sslmode and sslrootcert (PostgreSQL) or ssl-mode and ssl-ca (MySQL), and that the certificate names this host";

/// What to check when a connection fails, by the kind of failure.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn connect_fix(error: &sqlx::Error) -> &'static str {
    match error {
        sqlx::Error::Database(db) => {
            let code = db.code();
            let message = db.message();
            // PostgreSQL invalid_password / invalid_authorization_specification, MySQL
            // ER_ACCESS_DENIED_ERROR (28000) and ER_DBACCESS_DENIED_ERROR (42000, by message).
            if matches!(code.as_deref(), Some("28P01" | "28000"))
                || message.starts_with("Access denied")
            {
                "the server refused the user or the password: check them in the URL (user:password@host)"
            // PostgreSQL invalid_catalog_name; MySQL ER_BAD_DB_ERROR (42000, by message).
            } else if code.as_deref() == Some("3D000") || message.starts_with("Unknown database") {
                "the database does not exist: create it first (sprout creates no database), or fix its name in the URL"
            } else {
                "check the URL, the user's rights and the server's log"
            }
        }
        // rustls' refusals reach sqlx as I/O errors ("invalid peer certificate: UnknownIssuer").
        sqlx::Error::Io(io) if is_tls_failure(&io.to_string()) => TLS_FIX,
        sqlx::Error::Tls(_) => TLS_FIX,
        sqlx::Error::Configuration(_) => {
            "the URL is malformed: postgres://user:password@host:5432/database or mysql://user:password@host:3306/database"
        }
        _ => "check that the server runs and accepts connections there",
    }
}

/// Whether an I/O error's words are a TLS handshake's or a certificate's.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn is_tls_failure(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    ["certificate", "tls", "handshake", "ssl"]
        .iter()
        .any(|word| message.contains(word))
}
