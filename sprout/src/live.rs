//! One live database connection of any supported dialect, for seeding and live validation:
//! borrowed from the caller (a connection or a pool's connection) as [`Live`], or opened from a
//! URL as [`Connection`]. Rows load the fastest safe way each database offers: PostgreSQL
//! `COPY .. FROM STDIN`; MySQL and SQLite prepared multi-row INSERTs with bound values, under
//! each one's placeholder limit (65,535 and 32,766).

use sqlx::{AssertSqlSafe, Row};

use crate::connect::ConnectOptions;
use crate::error::Result;
use crate::schema::Dialect;
use crate::sink::sql::RowHead;
use crate::source::Loaded;
use crate::value::Value;

/// Rows per message from the generator to a live connection.
pub use crate::dialect::LOAD_BATCH as LIVE_BATCH;

/// A borrowed connection to a database of one of the supported dialects.
///
/// ```no_run
/// # async fn run(pool: sqlx::PgPool) -> sprout::Result<()> {
/// let mut conn = pool.acquire().await.expect("a connection");
/// let live = sprout::live::Live::from(&mut *conn);
/// # Ok(()) }
/// ```
pub enum Live<'c> {
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(&'c mut sqlx::PgConnection),
    /// MySQL or MariaDB.
    #[cfg(feature = "mysql")]
    Mysql(&'c mut sqlx::MySqlConnection),
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(&'c mut sqlx::SqliteConnection),
    #[doc(hidden)]
    _Unused(std::convert::Infallible, std::marker::PhantomData<&'c ()>),
}

#[cfg(feature = "postgres")]
impl<'c> From<&'c mut sqlx::PgConnection> for Live<'c> {
    fn from(conn: &'c mut sqlx::PgConnection) -> Self {
        Live::Postgres(conn)
    }
}

#[cfg(feature = "mysql")]
impl<'c> From<&'c mut sqlx::MySqlConnection> for Live<'c> {
    fn from(conn: &'c mut sqlx::MySqlConnection) -> Self {
        Live::Mysql(conn)
    }
}

#[cfg(feature = "sqlite")]
impl<'c> From<&'c mut sqlx::SqliteConnection> for Live<'c> {
    fn from(conn: &'c mut sqlx::SqliteConnection) -> Self {
        Live::Sqlite(conn)
    }
}

/// Runs `$body` with `$c` bound to the concrete connection, whatever the dialect.
macro_rules! on_connection {
    ($live:expr, $c:ident => $body:expr) => {
        match $live {
            #[cfg(feature = "postgres")]
            Live::Postgres($c) => $body,
            #[cfg(feature = "mysql")]
            Live::Mysql($c) => $body,
            #[cfg(feature = "sqlite")]
            Live::Sqlite($c) => $body,
            Live::_Unused(never, _) => match *never {},
        }
    };
}

impl Live<'_> {
    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        match self {
            #[cfg(feature = "postgres")]
            Live::Postgres(_) => Dialect::Postgres,
            #[cfg(feature = "mysql")]
            Live::Mysql(_) => Dialect::Mysql,
            #[cfg(feature = "sqlite")]
            Live::Sqlite(_) => Dialect::Sqlite,
            Live::_Unused(never, _) => match *never {},
        }
    }

    /// The same connection, borrowed again for a shorter time.
    pub fn reborrow(&mut self) -> Live<'_> {
        on_connection!(self, c => Live::from(&mut **c))
    }

    /// Reads the schema of the connected database (PostgreSQL: `public`; MySQL: the current
    /// database; SQLite: `main`).
    pub async fn introspect(&mut self) -> Result<Loaded> {
        tracing::info!(target: "sprout::source", dialect = ?self.dialect(), "introspecting the connection");
        let loaded = match self {
            #[cfg(feature = "postgres")]
            Live::Postgres(c) => crate::source::postgres::introspect(c, None).await,
            #[cfg(feature = "mysql")]
            Live::Mysql(c) => crate::source::mysql::introspect(c, None).await,
            #[cfg(feature = "sqlite")]
            Live::Sqlite(c) => crate::source::sqlite::introspect(c).await,
            Live::_Unused(never, _) => match *never {},
        }?;
        crate::source::log_loaded(&loaded);
        Ok(loaded)
    }

    /// Runs `work` in one transaction through sqlx's `Transaction`: committed when `work`
    /// succeeds; rolled back when it fails, and also when the future is dropped midway (a
    /// cancelled seed leaves no open transaction on a pooled connection).
    pub async fn transaction<T>(
        &mut self,
        work: impl AsyncFnOnce(&mut Live<'_>) -> Result<T>,
    ) -> Result<T> {
        use sqlx::Connection as _;
        let failed = |context: &str| {
            let context = context.to_string();
            move |source| crate::error::Error::Query {
                target: "the database".into(),
                context,
                source,
            }
        };
        on_connection!(self, c => {
            let mut tx = c.begin().await.map_err(failed("a transaction"))?;
            match work(&mut Live::from(&mut *tx)).await {
                Ok(value) => {
                    tx.commit().await.map_err(failed("the commit"))?;
                    Ok(value)
                }
                Err(error) => {
                    // The error is what the user needs; a failed rollback adds nothing to it.
                    let _ = tx.rollback().await;
                    Err(error)
                }
            }
        })
    }

    /// Runs one statement (or several, separated by `;`) without parameters.
    pub async fn execute(&mut self, sql: &str) -> std::result::Result<(), sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        on_connection!(self, c => sqlx::raw_sql(sql).execute(&mut **c).await.map(drop))
    }

    /// Every row of a query, every column read as text (NULL as `None`): cast the columns to
    /// text in the query.
    pub async fn fetch_text(
        &mut self,
        sql: &str,
    ) -> std::result::Result<Vec<Vec<Option<String>>>, sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        on_connection!(self, c => {
            let rows = sqlx::query(sql).fetch_all(&mut **c).await?;
            rows.iter()
                .map(|row| (0..row.len()).map(|i| row.try_get::<Option<String>, _>(i)).collect())
                .collect()
        })
    }

    /// The one integer a counting query returns. Sent unprepared: a query run once costs one
    /// round trip instead of two (prepare, then run).
    pub async fn fetch_count(&mut self, sql: &str) -> std::result::Result<i64, sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        on_connection!(self, c => {
            let row = sqlx::raw_sql(sql).fetch_one(&mut **c).await?;
            row.try_get::<i64, _>(0)
        })
    }

    /// Inserts `rows` (the written columns of `head`, in order).
    pub async fn load(
        &mut self,
        head: &RowHead,
        rows: &[Vec<Value>],
    ) -> std::result::Result<(), sqlx::Error> {
        if rows.is_empty() {
            return Ok(());
        }
        match self {
            #[cfg(feature = "postgres")]
            Live::Postgres(c) => load_postgres(c, head, rows).await,
            #[cfg(feature = "mysql")]
            Live::Mysql(c) => load_mysql(c, head, rows).await,
            #[cfg(feature = "sqlite")]
            Live::Sqlite(c) => load_sqlite(c, head, rows).await,
            Live::_Unused(never, _) => match *never {},
        }
    }
}

/// The following batches of one table's rows, for [`Live::load_stream`].
pub trait MoreRows: Send {
    /// The next batch, or `None` when the table's rows are all given.
    fn next_rows(&mut self) -> impl std::future::Future<Output = Option<Vec<Vec<Value>>>> + Send;
}

impl Live<'_> {
    /// Inserts `first` and then every batch `more` yields (the written columns of `head`, in
    /// order) until it yields `None`; returns how many rows went in. PostgreSQL streams them all
    /// through one `COPY`: one statement per table, not per batch, costs the server half as much
    /// (its foreign-key checks run once per statement). The others insert batch by batch.
    pub async fn load_stream(
        &mut self,
        head: &RowHead,
        first: Vec<Vec<Value>>,
        more: &mut impl MoreRows,
    ) -> std::result::Result<usize, sqlx::Error> {
        let mut rows = first.len();
        #[cfg(feature = "postgres")]
        if let Live::Postgres(conn) = self {
            use crate::sink::copy::{copy_statement, push_copy_line};
            let mut copy = conn.copy_in_raw(&copy_statement(head)).await?;
            let mut batch = Some(first);
            while let Some(values) = batch {
                let mut data = String::new();
                for row in &values {
                    push_copy_line(&mut data, row, &head.types);
                }
                if let Err(e) = copy.send(data.into_bytes()).await {
                    let _ = copy.abort("sprout stopped the load").await;
                    return Err(e);
                }
                batch = more.next_rows().await;
                rows += batch.as_ref().map_or(0, Vec::len);
            }
            copy.finish().await?;
            return Ok(rows);
        }
        self.load(head, &first).await?;
        while let Some(values) = more.next_rows().await {
            rows += values.len();
            self.load(head, &values).await?;
        }
        Ok(rows)
    }
}

/// How many rows a loader of `dialect` takes per batch for `columns` written columns.
pub fn batch_rows(dialect: Dialect, columns: usize) -> usize {
    dialect.sql().load_batch(columns)
}

/// One `COPY .. FROM STDIN` per batch, the rows in COPY's text format.
#[cfg(feature = "postgres")]
async fn load_postgres(
    conn: &mut sqlx::PgConnection,
    head: &RowHead,
    rows: &[Vec<Value>],
) -> std::result::Result<(), sqlx::Error> {
    use crate::sink::copy::{copy_statement, push_copy_line};
    let mut data = String::new();
    for row in rows {
        push_copy_line(&mut data, row, &head.types);
    }
    let mut copy = conn.copy_in_raw(&copy_statement(head)).await?;
    copy.send(data.into_bytes()).await?;
    copy.finish().await?;
    Ok(())
}

#[cfg(feature = "sqlite")]
/// `INSERT INTO t (..) VALUES (?, ?), (?, ?)` for `rows` rows of `head`.
fn bound_insert(head: &RowHead, dialect: Dialect, rows: usize) -> String {
    let tuple = format!("({})", vec!["?"; head.columns.len()].join(", "));
    format!(
        "{} VALUES {}",
        head.insert_into(dialect),
        vec![tuple.as_str(); rows].join(", ")
    )
}

/// Multi-row INSERTs over the text protocol, values written by [`literal`] (the one audited
/// escaping function, which the SQL scripts use too), up to about 1 MiB a statement. MariaDB
/// took three times as long for the same rows as prepared statements with bound values (one
/// prepare per batch size, a parameter per cell): bench8, 22.6 s against 8 s.
#[cfg(feature = "mysql")]
async fn load_mysql(
    conn: &mut sqlx::MySqlConnection,
    head: &RowHead,
    rows: &[Vec<Value>],
) -> std::result::Result<(), sqlx::Error> {
    use crate::sink::sql::literal;
    const STATEMENT_BYTES: usize = 1 << 20;
    let start = format!("{} VALUES ", head.insert_into(Dialect::Mysql));
    let mut sql = start.clone();
    for (n, row) in rows.iter().enumerate() {
        if sql.len() > start.len() {
            sql.push_str(", ");
        }
        sql.push('(');
        for (i, (value, ty)) in row.iter().zip(&head.types).enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&literal(value, ty, Dialect::Mysql));
        }
        sql.push(')');
        if sql.len() >= STATEMENT_BYTES || n + 1 == rows.len() {
            let statement = std::mem::replace(&mut sql, start.clone());
            sqlx::raw_sql(AssertSqlSafe(statement))
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Multi-row prepared INSERTs with bound values, bound the way SQLite reads the literals of
/// a script (booleans as 0/1, decimals as numbers).
#[cfg(feature = "sqlite")]
async fn load_sqlite(
    conn: &mut sqlx::SqliteConnection,
    head: &RowHead,
    rows: &[Vec<Value>],
) -> std::result::Result<(), sqlx::Error> {
    let per_statement = batch_rows(Dialect::Sqlite, head.columns.len());
    for chunk in rows.chunks(per_statement) {
        let sql = bound_insert(head, Dialect::Sqlite, chunk.len());
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in chunk.iter().flatten() {
            query = match value {
                Value::Null => query.bind(None::<String>),
                Value::Bool(b) => query.bind(i64::from(*b)),
                Value::Int(i) => query.bind(*i),
                Value::Float(x) => query.bind(*x),
                Value::Decimal(d) => match (d.parse::<i64>(), d.parse::<f64>()) {
                    (Ok(i), _) => query.bind(i),
                    (_, Ok(x)) => query.bind(x),
                    _ => query.bind(d.clone()),
                },
                Value::Bytes(bytes) => query.bind(bytes.clone()),
                other => query.bind(other.to_string()),
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub use crate::connect::Connection;

impl Connection {
    /// Connects to `url`, waiting at most 10 s. A SQLite file must exist: sprout creates no
    /// database.
    pub async fn open(url: &str) -> Result<Connection> {
        Connection::open_with(url, &ConnectOptions::default()).await
    }

    /// [`Connection::open`] with timeouts.
    pub async fn open_with(url: &str, options: &ConnectOptions) -> Result<Connection> {
        Connection::connect(url, options, false).await
    }

    /// The connection, borrowed.
    pub fn live(&mut self) -> Live<'_> {
        match self {
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => Live::Postgres(c),
            #[cfg(feature = "mysql")]
            Connection::Mysql(c) => Live::Mysql(c),
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(c) => Live::Sqlite(c),
            Connection::_None(never) => match *never {},
        }
    }
}
