//! The factory [`Context`]: it carries the seed and hands out rows, the n-th value built of a
//! model being row n of its table as the engine generates it with that seed.
//!
//! Which context an `insert` takes ([`Context::with_current`]): the one of the enclosing
//! [`scope`] (a tokio task-local, which [`inherit`] carries into spawned tasks), else the one
//! shared by every thread of the current thread's name, behind a mutex. The test harness names a
//! test's thread after the test, so each test has its own; tokio's workers share one name, so
//! tasks spawned on a multi-thread runtime share one context and never hand out the same row
//! twice (keys and UNIQUE values do not collide), though which task gets which row then follows
//! the scheduling; a [`scope`] makes it follow the seed alone.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use super::ModelInfo;
use crate::error::Result;
use crate::plan::spec::Spec;
use crate::plan::{Plan, PlanOptions};
use crate::schema::{Dialect, Schema};
use crate::value::Value;

/// Rows already generated for one model's table.
struct Cached {
    rows: Vec<Vec<Value>>,
}

/// The cache key of a model's rows: its table and the columns it reads, so a struct and the
/// snapshot's whole table (a parent made without a struct) keep their rows apart, while their
/// row numbers, counted per table, never repeat.
fn shape(info: &ModelInfo) -> String {
    let columns: Vec<&str> = info.fields.iter().map(|f| f.column).collect();
    format!("{}({})", info.table, columns.join(","))
}

/// Carries the seed and hands out rows: the n-th value built of a model is row n of its table
/// as the engine generates it with this seed. The same seed and the same calls give the same
/// values.
pub struct Context {
    seed: u64,
    tables: HashMap<String, Cached>,
    next: HashMap<&'static str, u64>,
    picks: HashMap<String, u64>,
}

/// A context several tasks or threads use in turn (cheap to clone: one context behind a mutex).
#[derive(Clone)]
pub struct SharedContext(Arc<Mutex<Context>>);

impl std::fmt::Debug for SharedContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.with(|ctx| {
            f.debug_struct("SharedContext")
                .field("seed", &ctx.seed)
                .finish()
        })
    }
}

impl SharedContext {
    /// Runs `f` with the context, locked for the call.
    pub fn with<R>(&self, f: impl FnOnce(&mut Context) -> R) -> R {
        let mut ctx = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut ctx)
    }

    /// Runs `future` with this context as the current one: every `insert` inside it (not in
    /// tasks it spawns, unless they are wrapped in [`inherit`]) takes its rows from it.
    pub fn scope<F: Future>(&self, future: F) -> impl Future<Output = F::Output> + use<F> {
        SCOPED.scope(self.clone(), future)
    }
}

tokio::task_local! {
    static SCOPED: SharedContext;
}

/// The contexts of threads outside any scope, by thread name.
static BY_THREAD_NAME: LazyLock<Mutex<HashMap<String, SharedContext>>> =
    LazyLock::new(Default::default);

/// Runs `future` with a new context of `seed` as the current one (see [`SharedContext::scope`]).
///
/// ```
/// # async fn example() {
/// let value = sprout::factory::scope(42, async {
///     sprout::factory::Context::with_current(|ctx| ctx.seed())
/// })
/// .await;
/// assert_eq!(value, 42);
/// # }
/// ```
pub fn scope<F: Future>(seed: u64, future: F) -> impl Future<Output = F::Output> {
    Context::new(seed).shared().scope(future)
}

/// The current context (see the module's rules), to hand to other tasks.
pub fn current() -> SharedContext {
    if let Ok(scoped) = SCOPED.try_with(SharedContext::clone) {
        return scoped;
    }
    let name = std::thread::current().name().unwrap_or("main").to_string();
    let mut contexts = BY_THREAD_NAME
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    contexts
        .entry(name)
        .or_insert_with_key(|name| {
            let seed = std::env::var("SPROUT_SEED")
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or_else(|| xxhash_rust::xxh3::xxh3_64(name.as_bytes()));
            Context::new(seed).shared()
        })
        .clone()
}

/// `future` with the caller's current context, taken now: `tokio::spawn(inherit(async { .. }))`
/// gives the spawned task the spawning test's context instead of the workers' shared one.
pub fn inherit<F: Future>(future: F) -> impl Future<Output = F::Output> {
    current().scope(future)
}

impl Context {
    /// A context with `seed`.
    pub fn new(seed: u64) -> Context {
        Context {
            seed,
            tables: HashMap::new(),
            next: HashMap::new(),
            picks: HashMap::new(),
        }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// This context, to share between tasks ([`SharedContext::scope`]).
    pub fn shared(self) -> SharedContext {
        SharedContext(Arc::new(Mutex::new(self)))
    }

    /// Runs `f` with the current context: the enclosing [`scope`]'s, else the one shared by the
    /// threads of this thread's name, seeded by `SPROUT_SEED` or else a hash of the name (the
    /// test harness names a test's thread after the test).
    pub fn with_current<R>(f: impl FnOnce(&mut Context) -> R) -> R {
        current().with(f)
    }

    /// The next of a stream of numbers named `what`, a function of the seed, the name and how
    /// many were drawn before: which existing row `.existing()` takes.
    pub fn pick(&mut self, what: &str) -> u64 {
        let n = self.picks.entry(what.to_string()).or_insert(0);
        let drawn =
            xxhash_rust::xxh3::xxh3_64_with_seed(format!("{what}#{n}").as_bytes(), self.seed);
        *n += 1;
        drawn
    }

    /// The next row of `info`'s table: its number and its cells in field order.
    pub fn next_row(&mut self, info: &ModelInfo) -> Result<(u64, Vec<Value>)> {
        let n = *self.next.get(info.table).unwrap_or(&0);
        let key = shape(info);
        let have = self.tables.get(&key).map_or(0, |c| c.rows.len() as u64);
        if n >= have {
            let rows = (have * 2).max(64).max(n + 1);
            let generated = self.generate(info, rows)?;
            self.tables.insert(key.clone(), Cached { rows: generated });
        }
        self.next.insert(info.table, n + 1);
        let row = self.tables[&key].rows[n as usize].clone();
        Ok((n, row))
    }

    fn generate(&self, info: &ModelInfo, rows: u64) -> Result<Vec<Vec<Value>>> {
        let mut table = info.to_table();
        // Parents come from associations when inserting; alone, a model's keys are free values.
        table.foreign_keys.clear();
        // The generated row's cell of each field (a snapshot's table has columns in its own
        // order, and may have more than the struct reads).
        let positions: Vec<Option<usize>> = info
            .fields
            .iter()
            .map(|f| table.columns.iter().position(|c| c.name == f.column))
            .collect();
        let mut schema = Schema::new(info.snapshot.map_or(Dialect::Postgres, |s| s.dialect));
        schema.tables.push(table);
        schema.enums = info.enum_types();
        let mut spec = Spec::infer(&schema);
        info.apply_to(&mut spec);
        // Columns the struct does not read are left out of its rows (they are nullable or have a
        // default: the derive checks it).
        if let Some(columns) = spec.tables.get_mut(info.table) {
            for (name, column) in columns.iter_mut() {
                if !info.fields.iter().any(|f| f.column == name) {
                    column.generator = crate::plan::spec::Generator::DatabaseDefault;
                }
            }
        }
        for field in info.fields.iter().filter(|f| f.null_rate.is_some()) {
            if let Some(tables) = spec.tables.get_mut(info.table)
                && let Some(column) = tables.get_mut(field.column)
            {
                column.null_rate = field.null_rate;
            }
        }
        let plan = Plan::new(
            schema,
            PlanOptions {
                seed: self.seed,
                rows,
                spec: Some(spec),
                ..PlanOptions::default()
            },
        )?;
        let data = crate::generate::generate(&plan)?;
        let rows = data
            .tables
            .into_iter()
            .next()
            .map(|t| t.rows)
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|row| {
                positions
                    .iter()
                    .map(|p| p.and_then(|i| row.get(i).cloned()).unwrap_or(Value::Null))
                    .collect()
            })
            .collect())
    }
}
