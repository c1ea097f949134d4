//! `sprout_testkit::seed(&pool)`: fill a test's database in foreign-key order with the test's
//! own seed, and hand back what went in.
//!
//! A test's seed is a hash of its full path, so a test gets the same rows every run and other
//! tests get other rows; `SPROUT_SEED` overrides it, and a failing test prints
//! `SPROUT_SEED=<n>` to rerun it exactly.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use serde_json::{Map, Value as Json};
use sprout::generate::{Dataset, TableRows};
use sprout::live::Live;
use sprout::plan::spec::Spec;
use sprout::seed::{IfExists, SeedRequest, seed_connection};
use sprout::{PlanOptions, Value};

/// Seeds and templates by database URL, remembered when a [`crate::TestDatabase`] hands out a
/// pool, so `seed(&pool)` finds its test's seed and the schema read from its template.
static SEEDS: Mutex<Option<HashMap<String, Remembered>>> = Mutex::new(None);

#[derive(Clone)]
struct Remembered {
    seed: u64,
    template: Option<String>,
}

/// The seed for the test at `path`: `SPROUT_SEED` when set, else XXH3-64 of the path.
pub fn test_seed(path: &str) -> u64 {
    env_seed().unwrap_or_else(|| xxhash_rust::xxh3::xxh3_64(path.as_bytes()))
}

/// `SPROUT_SEED`, when set to a number.
fn env_seed() -> Option<u64> {
    std::env::var("SPROUT_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// The path of the test running on this thread, as the test harness names its thread
/// (`module::test`), prefixed with the test binary's name.
pub fn current_test_path() -> String {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("main");
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| match s.rsplit_once('-') {
            // Cargo names test binaries `name-<hash>`.
            Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_string(),
            _ => s,
        })
        .unwrap_or_default();
    format!("{binary}::{test}")
}

pub(crate) fn remember(url: &str, seed: u64, template: Option<&str>) {
    SEEDS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(
            database_key(url),
            Remembered {
                seed,
                template: template.map(str::to_string),
            },
        );
}

fn remembered(key: &str) -> Option<Remembered> {
    SEEDS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()?
        .get(key)
        .cloned()
}

/// The schema of the pool's database: read once per template and schema version and kept in
/// the temporary directory, so the tests of one template (in any process) read it once. A
/// test that changed the schema (any DDL) moves its version and gets a fresh read.
async fn schema_of<P: SeedPool>(
    pool: &P,
    template: Option<&str>,
) -> sprout::Result<sprout::Schema> {
    let Some(template) = template else {
        return pool.introspect().await;
    };
    let Some(version) = pool.schema_version().await else {
        return pool.introspect().await;
    };
    let key = xxhash_rust::xxh3::xxh3_64(format!("{template}\0{version}").as_bytes());
    let path = std::env::temp_dir().join(format!("{template}.schema-{key:016x}.json"));
    if let Some(schema) = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
    {
        return Ok(schema);
    }
    let schema = pool.introspect().await?;
    // Written aside, then renamed into place: a reader never sees half a file.
    if let Ok(text) = serde_json::to_string(&schema) {
        let aside = path.with_extension(format!("{}.tmp", std::process::id()));
        if std::fs::write(&aside, text).is_ok() {
            let _ = std::fs::rename(&aside, &path);
        }
    }
    Ok(schema)
}

/// What identifies a database across a URL and a pool's options: its name (a file's path for
/// SQLite).
fn database_key(url: &str) -> String {
    let without_query = url.split('?').next().unwrap_or(url);
    without_query
        .rsplit('/')
        .next()
        .unwrap_or(without_query)
        .trim_start_matches("file:")
        .to_string()
}

/// A sqlx pool sprout can seed: PostgreSQL, MySQL/MariaDB or SQLite.
pub trait SeedPool {
    /// Runs the seed on one of the pool's connections.
    fn seed_with(
        &self,
        request: SeedRequest,
    ) -> impl std::future::Future<Output = sprout::Result<sprout::seed::SeedReport>> + Send;
    /// Reads the database's schema.
    fn introspect(
        &self,
    ) -> impl std::future::Future<Output = sprout::Result<sprout::Schema>> + Send;
    /// The database's name, to find the seed its test database remembered.
    fn database_key(&self) -> String;
    /// The database's schema version (see
    /// [`SqlDialect::schema_version`](sprout::dialect::SqlDialect::schema_version)), when it
    /// can be read.
    fn schema_version(&self) -> impl std::future::Future<Output = Option<String>> + Send;
}

macro_rules! seed_pool {
    ($pool:ty, $dialect:expr, $database:expr) => {
        impl SeedPool for $pool {
            async fn seed_with(
                &self,
                request: SeedRequest,
            ) -> sprout::Result<sprout::seed::SeedReport> {
                let mut conn = self
                    .acquire()
                    .await
                    .map_err(|source| sprout::Error::Query {
                        target: "the test database".into(),
                        context: "a connection from the pool".into(),
                        source,
                    })?;
                seed_connection(Live::from(&mut *conn), request).await
            }

            async fn introspect(&self) -> sprout::Result<sprout::Schema> {
                let mut conn = self
                    .acquire()
                    .await
                    .map_err(|source| sprout::Error::Query {
                        target: "the test database".into(),
                        context: "a connection from the pool".into(),
                        source,
                    })?;
                Ok(Live::from(&mut *conn).introspect().await?.schema)
            }

            async fn schema_version(&self) -> Option<String> {
                let query = $dialect.sql().schema_version()?;
                let row = sqlx::raw_sql(sqlx::AssertSqlSafe(query))
                    .fetch_one(self)
                    .await
                    .ok()?;
                sqlx::Row::try_get::<Option<String>, _>(&row, 0)
                    .ok()
                    .flatten()
            }

            fn database_key(&self) -> String {
                let options = self.connect_options();
                #[allow(clippy::redundant_closure_call)]
                ($database)(&*options)
            }
        }
    };
}

seed_pool!(
    sqlx::PgPool,
    sprout::Dialect::Postgres,
    |o: &sqlx::postgres::PgConnectOptions| o.get_database().unwrap_or_default().to_string()
);
seed_pool!(
    sqlx::MySqlPool,
    sprout::Dialect::Mysql,
    |o: &sqlx::mysql::MySqlConnectOptions| o.get_database().unwrap_or_default().to_string()
);
seed_pool!(
    sqlx::SqlitePool,
    sprout::Dialect::Sqlite,
    |o: &sqlx::sqlite::SqliteConnectOptions| { database_key(&o.get_filename().to_string_lossy()) }
);

/// Seeds every table of the pool's database with the test's seed (see [`Seeder`] for rows,
/// overrides and a subset).
///
/// ```no_run
/// # async fn run(pool: sqlx::PgPool) {
/// let seeded = sprout_testkit::seed(&pool).await.unwrap();
/// let first_user_id = &seeded.keys("users")[0];
/// # }
/// ```
pub async fn seed<P: SeedPool>(pool: &P) -> sprout::Result<Seeded> {
    Seeder::default().run(pool).await
}

/// Options for [`seed`]: rows per table, Spec overrides, a subset of tables, a fixed seed.
#[derive(Debug, Clone, Default)]
pub struct Seeder {
    rows: Option<u64>,
    table_rows: BTreeMap<String, u64>,
    spec: Vec<String>,
    tables: Option<Vec<String>>,
    seed: Option<u64>,
    if_exists: IfExists,
}

/// Starts a [`Seeder`].
pub fn seeder() -> Seeder {
    Seeder::default()
}

impl Seeder {
    /// Rows for every table (default 10).
    pub fn rows(mut self, rows: u64) -> Self {
        self.rows = Some(rows);
        self
    }

    /// Rows for one table.
    pub fn table_rows(mut self, table: &str, rows: u64) -> Self {
        self.table_rows.insert(table.to_string(), rows);
        self
    }

    /// Spec overrides in TOML (see docs/spec.md), e.g.
    /// `"[users.role]\nkind = \"constant\"\nvalue = \"admin\""`.
    pub fn spec(mut self, toml: &str) -> Self {
        self.spec.push(toml.to_string());
        self
    }

    /// Seeds only these tables; their foreign keys reference rows already there.
    pub fn tables<S: Into<String>>(mut self, tables: impl IntoIterator<Item = S>) -> Self {
        self.tables = Some(tables.into_iter().map(Into::into).collect());
        self
    }

    /// A fixed seed instead of the test's.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Adds to tables that have rows (default: refuse).
    pub fn append(mut self) -> Self {
        self.if_exists = IfExists::Append;
        self
    }

    /// Seeds the pool's database.
    pub async fn run<P: SeedPool>(self, pool: &P) -> sprout::Result<Seeded> {
        let remembered = remembered(&pool.database_key());
        let seed = self
            .seed
            .or_else(env_seed)
            .or_else(|| remembered.as_ref().map(|r| r.seed))
            .unwrap_or_else(|| test_seed(&current_test_path()));
        let template = remembered.and_then(|r| r.template);
        let options = PlanOptions {
            seed,
            rows: self.rows.unwrap_or(10),
            table_rows: self.table_rows,
            ..PlanOptions::default()
        };
        let request = SeedRequest {
            options,
            if_exists: self.if_exists,
            tables: self.tables,
            keep_rows: true,
            schema: Some(schema_of(pool, template.as_deref()).await?),
            ..SeedRequest::default()
        };
        let request = if self.spec.is_empty() {
            request
        } else {
            with_spec(request, &self.spec)?
        };
        let guard = FailureNote(seed);
        let report = pool.seed_with(request).await?;
        std::mem::forget(guard);
        Ok(Seeded {
            seed,
            data: report.dataset.unwrap_or(Dataset {
                dialect: sprout::Dialect::Postgres,
                tables: Vec::new(),
            }),
        })
    }
}

/// Applies TOML overrides to the inferred spec of the request's schema.
fn with_spec(mut request: SeedRequest, overrides: &[String]) -> sprout::Result<SeedRequest> {
    let schema = request.schema.as_ref().expect("the schema was read");
    let mut spec = Spec::infer(schema);
    for (i, toml) in overrides.iter().enumerate() {
        spec.apply_toml(toml, &format!("override {}", i + 1), schema)?;
    }
    request.options.spec = Some(spec);
    Ok(request)
}

/// Prints the seed when a seed fails by panicking (a panic inside the test's own code is noted
/// by its [`crate::TestDatabase`]).
struct FailureNote(u64);

impl Drop for FailureNote {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("seeding failed; rerun with SPROUT_SEED={}", self.0);
        }
    }
}

/// What a seed inserted: every row of every seeded table, in insertion order, with final values.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// The seed used.
    pub seed: u64,
    /// The rows.
    pub data: Dataset,
}

impl Seeded {
    /// The rows of `table` (empty when it was not seeded).
    pub fn rows(&self, table: &str) -> &[Vec<Value>] {
        self.data
            .table(table)
            .map(|t| t.rows.as_slice())
            .unwrap_or(&[])
    }

    /// How many rows `table` got.
    pub fn count(&self, table: &str) -> usize {
        self.rows(table).len()
    }

    /// The values of one column of `table`, in insertion order.
    pub fn column(&self, table: &str, column: &str) -> Vec<&Value> {
        let Some(rows) = self.data.table(table) else {
            return Vec::new();
        };
        let Some(i) = rows.column_index(column) else {
            return Vec::new();
        };
        rows.rows.iter().map(|r| &r[i]).collect()
    }

    /// The first column of `table` per row: its key when the key comes first, as it usually
    /// does. For composite or later keys use [`Seeded::column`].
    pub fn keys(&self, table: &str) -> Vec<&Value> {
        match self.data.table(table).and_then(|t| t.columns.first()) {
            Some(first) => self.column(table, &first.clone()),
            None => Vec::new(),
        }
    }

    /// A stable value for `insta::assert_json_snapshot!` / `assert_yaml_snapshot!`: tables by
    /// name, rows in insertion order as objects of the columns sprout wrote (columns left to the
    /// database, such as `DEFAULT now()`, are absent, so nothing volatile is in it).
    pub fn snapshot(&self) -> Json {
        let mut tables: Vec<&TableRows> = self.data.tables.iter().collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        let mut out = Map::new();
        for table in tables {
            let rows: Vec<Json> = table
                .rows
                .iter()
                .map(|row| {
                    let object: Map<String, Json> = table
                        .columns
                        .iter()
                        .zip(row)
                        .zip(&table.written)
                        .filter(|(_, written)| **written)
                        .map(|((c, v), _)| {
                            (c.clone(), serde_json::to_value(v).unwrap_or(Json::Null))
                        })
                        .collect();
                    Json::Object(object)
                })
                .collect();
            out.insert(table.name.clone(), Json::Array(rows));
        }
        Json::Object(out)
    }
}
