//! Per-test databases on the local servers and SQLite files, created and dropped for one test.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::{AssertSqlSafe, Connection};

/// Where a test database lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A PostgreSQL server: `SPROUT_TEST_POSTGRES_URL`, default
    /// `postgres://postgres@127.0.0.1:5432/postgres`.
    Postgres,
    /// A MySQL or MariaDB server: `SPROUT_TEST_MYSQL_URL`, default
    /// `mysql://root@127.0.0.1:3306/mysql`.
    Mysql,
    /// A SQLite file in the system's temporary directory.
    Sqlite,
}

/// Why a test database could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TestDbError {
    /// The server could not be reached.
    #[error("{backend:?} server at {url} is unavailable: {source}")]
    Unavailable {
        /// Which backend.
        backend: Backend,
        /// The admin URL, password redacted.
        url: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A statement failed.
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDatabase {
    backend: Backend,
    name: String,
    url: String,
    admin_url: String,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Backend {
    fn admin_url(self) -> String {
        let (var, default) = match self {
            Backend::Postgres => (
                "SPROUT_TEST_POSTGRES_URL",
                "postgres://postgres@127.0.0.1:5432/postgres",
            ),
            Backend::Mysql => ("SPROUT_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/mysql"),
            Backend::Sqlite => return String::new(),
        };
        std::env::var(var).unwrap_or_else(|_| default.to_string())
    }

    fn quote(self, name: &str) -> String {
        match self {
            Backend::Mysql => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }
}

impl TestDatabase {
    /// Creates a fresh database named after `label` (a test's name), unique per process and
    /// call, on `backend`.
    pub async fn create(backend: Backend, label: &str) -> Result<TestDatabase, TestDbError> {
        let name = unique_name(label);
        let admin_url = backend.admin_url();
        let url = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let _ = std::fs::remove_file(&path);
                format!("sqlite://{}?mode=rwc", path.display())
            }
            Backend::Postgres | Backend::Mysql => {
                let unavailable = |source| TestDbError::Unavailable {
                    backend,
                    url: sprout::error::redact_url(&admin_url),
                    source,
                };
                let mut parsed = url::Url::parse(&admin_url)
                    .map_err(|e| unavailable(sqlx::Error::Configuration(Box::new(e))))?;
                let statement = format!("CREATE DATABASE {}", backend.quote(&name));
                admin_execute(backend, &admin_url, &[statement])
                    .await
                    .map_err(unavailable)?;
                parsed.set_path(&name);
                parsed.to_string()
            }
        };
        Ok(TestDatabase {
            backend,
            name,
            url,
            admin_url,
        })
    }

    /// Like [`TestDatabase::create`], but when the server is unreachable it prints why and
    /// returns `None`, unless `SPROUT_REQUIRE_BACKENDS` is set (as CI sets it), where it panics.
    pub async fn require(backend: Backend, label: &str) -> Option<TestDatabase> {
        match TestDatabase::create(backend, label).await {
            Ok(db) => Some(db),
            Err(err) if std::env::var_os("SPROUT_REQUIRE_BACKENDS").is_some() => {
                panic!("{err} (SPROUT_REQUIRE_BACKENDS is set, so every backend must be present)")
            }
            Err(err) => {
                eprintln!("skipping {label} on {backend:?}: {err}");
                None
            }
        }
    }

    /// The database's connection URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The backend it lives on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs a SQL script the way the backend's own client would: PostgreSQL and SQLite take the
    /// whole script at once; MySQL gets it statement by statement, honouring `DELIMITER`.
    pub async fn run_script(&self, script: &str) -> Result<(), sqlx::Error> {
        match self.backend {
            Backend::Mysql => {
                let statements: Vec<String> = sprout::source::script::split_statements(script)
                    .into_iter()
                    .map(|s| s.text)
                    .collect();
                self.run_statements(&statements).await
            }
            _ => self.run_statements(&[script.to_string()]).await,
        }
    }

    /// Runs each text in order on one connection (a text may hold several statements where the
    /// backend allows it: PostgreSQL and SQLite do).
    pub async fn run_statements(&self, statements: &[String]) -> Result<(), sqlx::Error> {
        match self.backend {
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await?;
                run_each(&mut conn, statements).await?;
                conn.close().await
            }
            Backend::Mysql => {
                let mut conn = sqlx::MySqlConnection::connect(&self.url).await?;
                run_each(&mut conn, statements).await?;
                conn.close().await
            }
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await?;
                run_each(&mut conn, statements).await?;
                conn.close().await
            }
        }
    }
}

async fn run_each<C>(conn: &mut C, statements: &[String]) -> Result<(), sqlx::Error>
where
    for<'c> &'c mut C: sqlx::Executor<'c>,
{
    for statement in statements {
        sqlx::raw_sql(AssertSqlSafe(statement.clone()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Drop for TestDatabase {
    /// Drops the database after a passing test; keeps it, and says where, after a failing one.
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "test failed: kept its database `{}` at {}",
                self.name,
                sprout::error::redact_url(&self.url)
            );
            return;
        }
        match self.backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", self.name));
                let _ = std::fs::remove_file(path);
            }
            backend => {
                let statement = match backend {
                    Backend::Postgres => {
                        format!(
                            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                            backend.quote(&self.name)
                        )
                    }
                    _ => format!("DROP DATABASE IF EXISTS {}", backend.quote(&self.name)),
                };
                let admin_url = self.admin_url.clone();
                // Drop cannot await; a short-lived runtime on its own thread does the work
                // whether or not the test runs inside a runtime.
                let result = std::thread::spawn(move || {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(sqlx::Error::Io)
                        .and_then(|rt| {
                            rt.block_on(admin_execute(backend, &admin_url, &[statement]))
                        })
                })
                .join();
                if let Ok(Err(err)) = result {
                    eprintln!("could not drop test database `{}`: {err}", self.name);
                }
            }
        }
    }
}

async fn admin_execute(
    backend: Backend,
    admin_url: &str,
    statements: &[String],
) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(admin_url).await?;
            run_each(&mut conn, statements).await?;
            conn.close().await
        }
        Backend::Mysql => {
            let mut conn = sqlx::MySqlConnection::connect(admin_url).await?;
            run_each(&mut conn, statements).await?;
            conn.close().await
        }
        Backend::Sqlite => Ok(()),
    }
}

/// `sprout_<label>_<pid>_<n>`: lowercase letters, digits and underscores, at most 60 bytes.
fn unique_name(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("sprout_{cleaned}_{}_{n}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_safe() {
        let a = unique_name("source::postgres::it's \"odd\"");
        let b = unique_name("source::postgres::it's \"odd\"");
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{a}"
        );
        assert!(a.len() <= 60);
    }
}
