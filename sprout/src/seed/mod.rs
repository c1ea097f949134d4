//! Seeding a live database: introspect (or take a schema), plan, generate and insert every
//! table in foreign-key order inside one transaction, so the database ends up with all the
//! rows or none of them.
//!
//! Generation runs on a blocking thread and hands rendered statements to the connection
//! through a bounded channel, so a large seed streams in bounded memory. Nothing is deleted
//! unless asked: with [`IfExists::Fail`] (the default) a table that already has rows stops the
//! seed before anything is written, naming the tables.

mod existing;

use std::sync::Arc;
use std::time::Instant;

pub use crate::connect::ConnectOptions;
use crate::error::{Error, Result};
use crate::generate::{Collector, Dataset, generate_into};
use crate::live::{Connection, Live};
use crate::plan::graph::BreakKind;
use crate::plan::{Plan, PlanOptions, Triggers};
use crate::schema::{Dialect, Schema};
use crate::sink::sql::{
    DEFAULT_BATCH, RowHead, SqlWriter, StatementSink, quote_ident, quote_table,
};
use crate::source::query_error;
use crate::value::{RowSink, Value};

/// What to do when a target table already has rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum IfExists {
    /// Refuse, touching nothing (the default).
    #[default]
    Fail,
    /// Delete the target tables' rows first (children before parents), in the same
    /// transaction as the inserts.
    Replace,
    /// Keep the rows there: new keys continue after the existing maximum, UNIQUE values avoid
    /// the taken ones, and foreign keys may reference existing rows.
    Append,
}

impl std::str::FromStr for IfExists {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "fail" => Ok(IfExists::Fail),
            "replace" => Ok(IfExists::Replace),
            "append" => Ok(IfExists::Append),
            other => Err(format!(
                "unknown --if-exists `{other}`: use fail, replace or append"
            )),
        }
    }
}

/// How seeded rows travel to the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Loading {
    /// Rendered statements for a small seed (at most 20,000 cells) where every round trip
    /// crosses a socket (PostgreSQL, MySQL), so a few rows per table cost one round trip; the
    /// bulk load otherwise (the default).
    #[default]
    Auto,
    /// Rendered multi-row INSERTs, `;`-separated, as few round trips as they fit (1 MiB each).
    Statements,
    /// The database's bulk load, a statement or more per table: COPY (PostgreSQL), multi-row
    /// INSERTs of about 1 MiB (MySQL), prepared multi-row INSERTs (SQLite).
    Bulk,
}

impl std::str::FromStr for Loading {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Loading::Auto),
            "statements" => Ok(Loading::Statements),
            "bulk" => Ok(Loading::Bulk),
            other => Err(format!(
                "unknown --load `{other}`: use auto, statements or bulk"
            )),
        }
    }
}

/// What to seed and how: everything but the connection.
#[derive(Debug, Clone, Default)]
pub struct SeedRequest {
    /// The schema; introspected from the connection when `None`.
    pub schema: Option<Schema>,
    /// Rows, seed, spec and the rest of the plan.
    pub options: PlanOptions,
    /// What to do when a target table has rows.
    pub if_exists: IfExists,
    /// Seed only these tables; foreign keys to the others reference their existing rows.
    pub tables: Option<Vec<String>>,
    /// Keep the inserted rows in the report ([`SeedReport::dataset`]).
    pub keep_rows: bool,
    /// How the rows travel.
    pub loading: Loading,
}

/// What a seed did.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// Rows inserted per table, in insertion order.
    pub rows: Vec<(String, u64)>,
    /// Statements and loading batches (COPY commands, prepared batches) executed.
    pub statements: usize,
    /// Wall time.
    pub seconds: f64,
    /// The rows inserted, in their final state, when [`SeedRequest::keep_rows`] asked for them.
    pub dataset: Option<Dataset>,
    /// The seed the rows came from.
    pub seed: u64,
    /// Tables that got no rows of their own because a trigger fills them: (table, which
    /// trigger on which table).
    pub left_to_triggers: Vec<(String, String)>,
    /// What the plan changed from the request ([`Plan::notes`]).
    pub notes: Vec<String>,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: u64 = self.rows.iter().map(|(_, n)| n).sum();
        write!(
            f,
            "seeded {total} rows in {} tables in {:.2} s ({:.0} rows/s), seed {}",
            self.rows.len() - self.left_to_triggers.len(),
            self.seconds,
            total as f64 / self.seconds.max(1e-9),
            self.seed
        )?;
        for (table, trigger) in &self.left_to_triggers {
            write!(
                f,
                "\n  {table}: left to {trigger}, which fills it (--triggers disable to generate it)"
            )?;
        }
        for note in &self.notes {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

/// Seeds the database at `url`. The schema is introspected unless given.
pub async fn seed(
    url: &str,
    schema: Option<Schema>,
    options: PlanOptions,
    if_exists: IfExists,
) -> Result<SeedReport> {
    seed_tables(url, schema, options, if_exists, None).await
}

/// [`seed`] for a subset of the tables: the others get no rows, and the subset's foreign keys
/// to them reference the rows they already have.
pub async fn seed_tables(
    url: &str,
    schema: Option<Schema>,
    options: PlanOptions,
    if_exists: IfExists,
    tables: Option<Vec<String>>,
) -> Result<SeedReport> {
    let request = SeedRequest {
        schema,
        options,
        if_exists,
        tables,
        ..SeedRequest::default()
    };
    seed_url(url, request, &ConnectOptions::default()).await
}

/// Seeds the database at `url` as `request` asks, connecting with `connect`'s timeouts.
pub async fn seed_url(
    url: &str,
    request: SeedRequest,
    connect: &ConnectOptions,
) -> Result<SeedReport> {
    let mut conn = Connection::open_with(url, connect).await?;
    let report = seed_connection(conn.live(), request)
        .await
        .map_err(|e| e.with_url(url));
    conn.close().await;
    report
}

/// Seeds the database behind a connection the caller holds (for a pool:
/// `Live::from(&mut *pool.acquire().await?)`), in one transaction.
pub async fn seed_connection(mut conn: Live<'_>, request: SeedRequest) -> Result<SeedReport> {
    let started = Instant::now();
    let dialect = conn.dialect();
    let schema = match request.schema {
        Some(schema) => schema,
        None => conn.introspect().await?.schema,
    };
    // A live database can suspend foreign-key checks, so every cycle can be seeded.
    let options = PlanOptions {
        suspend_fk_checks: true,
        ..request.options
    };
    if schema.tables.is_empty() {
        return Err(Error::Schema(
            "the database has no tables, so there is nothing to seed\n  fix: create the schema first (run your migrations), or point at the database that has it".into(),
        ));
    }
    let mut plan = Plan::new(schema, options)?;
    if let Some(tables) = request.tables {
        for table in &tables {
            if plan.schema.table(table).is_none() {
                return Err(Error::Usage(format!(
                    "--tables names `{table}`, which is not in the schema"
                )));
            }
        }
        plan.targets = Some(tables.into_iter().collect());
    }
    tracing::info!(target: "sprout::seed", tables = plan.order.tables.len(), "seeding");
    if let Some(enforce) = dialect.sql().enforce_foreign_keys() {
        // A no-op inside a transaction: set it before.
        conn.execute(enforce)
            .await
            .map_err(query_error("foreign-key enforcement"))?;
    }
    let (statements, dataset) = conn
        .transaction(async |tx| {
            fill(
                tx,
                &mut plan,
                request.if_exists,
                request.keep_rows,
                request.loading,
            )
            .await
        })
        .await?;
    Ok(SeedReport {
        rows: plan
            .order
            .tables
            .iter()
            .filter(|t| plan.is_target(t))
            .map(|t| (t.clone(), plan.rows_of(t)))
            .collect(),
        statements,
        seconds: started.elapsed().as_secs_f64(),
        dataset,
        seed: plan.seed,
        left_to_triggers: plan
            .left_to_triggers
            .iter()
            .filter(|(t, _)| plan.is_target(t))
            .map(|(t, by)| (t.clone(), by.clone()))
            .collect(),
        notes: plan.notes.clone(),
    })
}

/// Everything between BEGIN and COMMIT: refuse or clear filled tables, read what is there,
/// suspend checks a cycle needs, stream the rows in, check what was not checked. Returns the
/// number of statements and, when asked, the rows.
async fn fill(
    conn: &mut Live<'_>,
    plan: &mut Plan,
    if_exists: IfExists,
    keep_rows: bool,
    loading: Loading,
) -> Result<(usize, Option<Dataset>)> {
    let dialect = conn.dialect();
    let probe = |table: &str| {
        format!(
            "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM {} LIMIT 1) probe)",
            quote_table(table, dialect)
        )
    };
    let targets: Vec<&String> = plan
        .order
        .tables
        .iter()
        .filter(|t| plan.is_target(t))
        .collect();
    // One round trip per hundred tables says whether any has rows; only then, which.
    let mut any_filled = false;
    for chunk in targets.chunks(100) {
        let probes: Vec<String> = chunk.iter().map(|t| probe(t)).collect();
        let rows = conn
            .fetch_count(&format!("SELECT {}", probes.join(" + ")))
            .await
            .map_err(query_error("whether the tables have rows"))?;
        any_filled |= rows > 0;
    }
    let mut filled = Vec::new();
    for table in targets.iter().filter(|_| any_filled) {
        let rows = conn
            .fetch_count(&format!("SELECT {}", probe(table)))
            .await
            .map_err(query_error(&format!("rows of `{table}`")))?;
        if rows > 0 {
            filled.push(table.to_string());
        }
    }
    if if_exists == IfExists::Fail && !filled.is_empty() {
        return Err(Error::NotEmpty { tables: filled });
    }
    if if_exists == IfExists::Append || plan.targets.is_some() {
        plan.existing = existing::read_existing(conn, plan, if_exists == IfExists::Append)
            .await
            .map_err(query_error("the rows already there"))?;
        missing_parents(plan)?;
    }
    let mut statements = 0;
    if if_exists == IfExists::Replace {
        for statement in clearing_statements(plan, dialect) {
            conn.execute(&statement)
                .await
                .map_err(query_error(&format!("`{statement}`")))?;
            statements += 1;
        }
    }
    let suspended: Vec<_> = plan
        .order
        .broken
        .iter()
        .filter(|e| e.kind == BreakKind::Suspended)
        .cloned()
        .collect();
    if !suspended.is_empty() {
        let keys: Vec<String> = suspended
            .iter()
            .map(|e| format!("{}({}) -> {}", e.table, e.columns.join(", "), e.ref_table))
            .collect();
        let statement = dialect.sql().fk_suspension().off;
        tracing::info!(target: "sprout::seed", cycle = %keys.join(", "), "suspending foreign-key checks");
        conn.execute(statement).await.map_err(|source| Error::Query {
            target: "the database".into(),
            context: format!(
                "permission to suspend foreign-key checks, which the cycle {} needs (no key in it is nullable or DEFERRABLE); fix: seed as a user who may run `{statement}`, or make one of those columns nullable",
                keys.join(", ")
            ),
            source,
        })?;
    }
    let with_triggers = tables_with_triggers(plan);
    if plan.triggers == Triggers::Disable && !with_triggers.is_empty() {
        let turn_off: Option<Vec<String>> = with_triggers
            .iter()
            .map(|t| dialect.sql().switch_triggers(&t.name, false))
            .collect();
        let Some(turn_off) = turn_off else {
            let names: Vec<String> = with_triggers
                .iter()
                .flat_map(|t| {
                    t.triggers
                        .iter()
                        .map(move |tr| format!("`{}` on `{}`", tr.name, t.name))
                })
                .collect();
            return Err(Error::Usage(format!(
                "--triggers disable: {dialect} cannot turn triggers off for one session, and these would fire: {}\n  fix: use --triggers keep (the default), or drop the triggers before seeding",
                names.join(", ")
            )));
        };
        for statement in turn_off {
            conn.execute(&statement).await.map_err(query_error(&format!(
                "`{statement}` (turning triggers off needs the table's owner; fix: seed as the owner, or use --triggers keep)"
            )))?;
            statements += 1;
        }
    }
    let (loaded, dataset) = stream_rows(conn, plan, keep_rows, loading).await?;
    statements += loaded;
    if plan.triggers == Triggers::Disable {
        for table in &with_triggers {
            let Some(statement) = dialect.sql().switch_triggers(&table.name, true) else {
                continue;
            };
            conn.execute(&statement)
                .await
                .map_err(query_error(&format!("`{statement}`")))?;
            statements += 1;
        }
    }
    if !suspended.is_empty() {
        // None: the database checks the deferred keys at COMMIT.
        if let Some(restore) = dialect.sql().fk_suspension().on {
            conn.execute(restore)
                .await
                .map_err(query_error("restoring foreign-key checks"))?;
            // What the database did not check, sprout checks before committing.
            for edge in &suspended {
                let table = plan
                    .schema
                    .table(&edge.table)
                    .expect("broken edges name tables");
                let (constraint, query) = crate::validate::live::foreign_key_check(
                    table,
                    &table.foreign_keys[edge.fk],
                    dialect,
                );
                let orphans = conn
                    .fetch_count(&query)
                    .await
                    .map_err(query_error("the suspended foreign keys"))?;
                if orphans > 0 {
                    return Err(Error::BrokenBySuspendedChecks {
                        table: edge.table.clone(),
                        constraint,
                        rows: orphans,
                    });
                }
            }
        }
    }
    Ok((statements, dataset))
}

/// The tables seeded now that carry triggers.
fn tables_with_triggers(plan: &Plan) -> Vec<&crate::schema::Table> {
    plan.schema
        .tables
        .iter()
        .filter(|t| plan.is_target(&t.name) && !t.triggers.is_empty())
        .collect()
}

/// What to add to a failed load into `table`: the INSERT triggers that ran, and the fix.
fn trigger_hint(plan: &Plan, table: &str) -> String {
    let Some(table) = plan.schema.table(table) else {
        return String::new();
    };
    let fired: Vec<String> = table
        .triggers
        .iter()
        .filter(|t| t.on_insert() && plan.triggers == Triggers::Keep)
        .map(|t| format!("`{}` ({} insert)", t.name, t.timing))
        .collect();
    if fired.is_empty() {
        return String::new();
    }
    format!(
        "; `{}` has insert trigger(s) {} that ran with these rows: if the error comes from one, fix it or seed with --triggers disable (PostgreSQL)",
        table.name,
        fired.join(", ")
    )
}

/// Generates on a blocking thread and loads what arrives through a bounded channel, so memory
/// stays bounded whatever the row count. Returns the statements executed and, when asked, the
/// rows.
async fn stream_rows(
    conn: &mut Live<'_>,
    plan: &Plan,
    keep_rows: bool,
    loading: Loading,
) -> Result<(usize, Option<Dataset>)> {
    let dialect = conn.dialect();
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Load>(16);
    let as_statements = match loading {
        Loading::Statements => true,
        Loading::Bulk => false,
        _ => dialect.sql().batches_small_seeds() && cells(plan) <= ONE_TRIP_CELLS,
    };
    let generator = {
        let plan = plan.clone();
        tokio::task::spawn_blocking(move || -> Result<Option<Dataset>> {
            let channel = Channel {
                sender,
                dialect,
                as_values: !as_statements,
                part: Arc::from(""),
            };
            let mut writer = SqlWriter::new(&plan.schema, dialect, DEFAULT_BATCH, false, channel);
            if keep_rows {
                let mut collector = Collector::default();
                generate_into(&plan, &mut Tee(&mut writer, &mut collector))?;
                writer.finish()?;
                Ok(Some(collector.into_dataset(dialect)))
            } else {
                generate_into(&plan, &mut writer)?;
                writer.finish()?;
                Ok(None)
            }
        })
    };
    let mut statements = 0;
    let mut failure = None;
    // A load taken from the channel that the one before it did not want.
    let mut next: Option<Load> = None;
    // Statements waiting to go to the server together.
    let mut batch = Batch::default();
    loop {
        let load = match next.take() {
            Some(load) => Some(load),
            None => receiver.recv().await,
        };
        let (rows, ended) = match load {
            Some(Load::Statement { part, sql }) => {
                batch.push(part, sql);
                if batch.sql.len() < BATCH_BYTES {
                    continue;
                }
                (None, false)
            }
            // A bulk load goes after the statements before it.
            Some(Load::Rows(head, rows)) => (Some((head, rows)), false),
            None => (None, true),
        };
        if !batch.is_empty() {
            let first = statements + 1;
            statements += batch.statements;
            if let Err(source) = conn.execute(&batch.sql).await {
                let which = if batch.statements == 1 {
                    format!("statement {first}")
                } else {
                    format!("statements {first} to {statements}, sent together")
                };
                let what = format!("{}{}", batch.what(plan), batch.trigger_hints(plan));
                failure = Some(rolled_back(&which, &what, source));
                break;
            }
            batch = Batch::default();
        }
        let Some((head, rows)) = rows else {
            if ended {
                break;
            }
            continue;
        };
        // The table's following batches join the same load.
        let mut more = SameTable {
            receiver: &mut receiver,
            head: &head,
            next: &mut next,
        };
        if let Err(source) = conn.load_stream(&head, rows, &mut more).await {
            let what = format!(
                "loading rows into {}{}",
                head.table,
                trigger_hint(plan, &head.table)
            );
            failure = Some(rolled_back(
                &format!("statement {}", statements + 1),
                &what,
                source,
            ));
            break;
        }
        statements += 1;
        tracing::debug!(target: "sprout::seed", statements, "executed");
    }
    drop(receiver);
    let generated = generator.await.map_err(|e| Error::ThreadFailed {
        what: "generator",
        source: Box::new(e),
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    Ok((statements, generated?))
}

/// A statement of the seed failed: `which` statement(s), doing `what`; the transaction rolls
/// back.
fn rolled_back(which: &str, what: &str, source: sqlx::Error) -> Error {
    Error::Query {
        target: "the database".into(),
        context: format!("{which} ({what}); the transaction was rolled back, nothing was changed"),
        source,
    }
}

/// Empties every target table, inside the seed's transaction, at bulk speed:
/// - PostgreSQL, every table seeded: one `TRUNCATE` of them all (no CASCADE: a table outside
///   the seed is never touched);
/// - MySQL, every table seeded: foreign-key checks off for the deletes (a NOT NULL cycle such
///   as Sakila's staff/store has no order that works), on again before the inserts;
/// - SQLite: foreign keys deferred to COMMIT, then plain deletes;
/// - otherwise (a subset of the tables): deletes, children first, with the links of broken
///   cycles and self-references cut before, so a row outside the seed still blocks the delete
///   of its parent.
fn clearing_statements(plan: &Plan, dialect: Dialect) -> Vec<String> {
    let targets: Vec<String> = plan
        .order
        .tables
        .iter()
        .rev()
        .filter(|t| plan.is_target(t))
        .cloned()
        .collect();
    if let Some(statements) = dialect.sql().empty_tables(&targets, plan.targets.is_none()) {
        return statements;
    }
    let null_out = |table: &str, columns: &[String]| {
        let set: Vec<String> = columns
            .iter()
            .map(|c| format!("{} = NULL", quote_ident(c, dialect)))
            .collect();
        format!(
            "UPDATE {} SET {}",
            quote_table(table, dialect),
            set.join(", ")
        )
    };
    let mut out = Vec::new();
    for edge in plan
        .order
        .broken
        .iter()
        .filter(|e| e.kind == BreakKind::NullThenUpdate)
    {
        out.push(null_out(&edge.table, &edge.columns));
    }
    // Rows of a self-referencing table may be deleted in any order: cut those links too.
    for table in &plan.schema.tables {
        for fk in table
            .foreign_keys
            .iter()
            .filter(|fk| fk.ref_table == table.name)
        {
            if table.fk_nullable(fk) {
                out.push(null_out(&table.name, &fk.columns));
            }
        }
    }
    for table in &targets {
        out.push(format!("DELETE FROM {}", quote_table(table, dialect)));
    }
    out
}

/// Fails when a table seeded now needs parents from a table that is not seeded and is empty.
fn missing_parents(plan: &Plan) -> Result<()> {
    let mut missing = Vec::new();
    for table in plan
        .schema
        .tables
        .iter()
        .filter(|t| plan.is_target(&t.name))
    {
        for fk in &table.foreign_keys {
            let parent_empty = !plan.is_target(&fk.ref_table)
                && plan
                    .existing
                    .get(&fk.ref_table)
                    .is_none_or(|e| e.rows.is_empty());
            if parent_empty && !table.fk_nullable(fk) && plan.rows_of(&table.name) > 0 {
                missing.push(format!(
                    "{}({}) -> {}",
                    table.name,
                    fk.columns.join(", "),
                    fk.ref_table
                ));
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::MissingParents { tables: missing })
}

/// What the generator hands the connection: a statement (and the part, the table, it belongs
/// to), or a batch of rows to load.
enum Load {
    Statement { part: Arc<str>, sql: String },
    Rows(Arc<RowHead>, Vec<Vec<Value>>),
}

/// A seed of at most this many cells goes as rendered statements, in as few round trips as
/// [`BATCH_BYTES`] allows (where the dialect [batches small
/// seeds](crate::dialect::SqlDialect::batches_small_seeds)); a larger one as a bulk load per
/// table. Twenty tables of a hundred rows of ten columns fit.
const ONE_TRIP_CELLS: u64 = 20_000;

/// The most SQL sent in one round trip.
const BATCH_BYTES: usize = 1 << 20;

/// The cells a plan writes into its target tables.
fn cells(plan: &Plan) -> u64 {
    plan.order
        .tables
        .iter()
        .filter(|t| plan.is_target(t))
        .map(|t| {
            let columns = plan.schema.table(t).map_or(1, |table| table.columns.len());
            plan.rows_of(t).saturating_mul(columns.max(1) as u64)
        })
        .fold(0, u64::saturating_add)
}

/// Statements sent to the server together, `;`-separated: one round trip for all of them.
#[derive(Default)]
struct Batch {
    sql: String,
    statements: usize,
    parts: Vec<Arc<str>>,
    first_line: String,
}

impl Batch {
    fn push(&mut self, part: Arc<str>, sql: String) {
        if self.statements == 0 {
            self.first_line = sql.lines().next().unwrap_or("").chars().take(120).collect();
        } else {
            self.sql.push_str(";\n");
        }
        self.sql.push_str(&sql);
        self.statements += 1;
        if !part.is_empty() && self.parts.last() != Some(&part) {
            self.parts.push(part);
        }
    }

    fn is_empty(&self) -> bool {
        self.statements == 0
    }

    /// What the batch does, for an error: its first statement, or the tables it fills.
    fn what(&self, plan: &Plan) -> String {
        let tables: Vec<&str> = self
            .parts
            .iter()
            .map(|p| &**p)
            .filter(|p| plan.schema.table(p).is_some())
            .collect();
        if self.statements == 1 || tables.is_empty() {
            return self.first_line.clone();
        }
        format!("rows for {}", tables.join(", "))
    }

    fn trigger_hints(&self, plan: &Plan) -> String {
        self.parts
            .iter()
            .map(|table| trigger_hint(plan, table))
            .collect()
    }
}

/// The batches of one table as they arrive; the first load of anything else is kept in `next`.
struct SameTable<'a> {
    receiver: &'a mut tokio::sync::mpsc::Receiver<Load>,
    head: &'a Arc<RowHead>,
    next: &'a mut Option<Load>,
}

impl crate::live::MoreRows for SameTable<'_> {
    async fn next_rows(&mut self) -> Option<Vec<Vec<Value>>> {
        match self.receiver.recv().await {
            Some(Load::Rows(head, rows)) if Arc::ptr_eq(&head, self.head) => Some(rows),
            other => {
                *self.next = other;
                None
            }
        }
    }
}

/// Hands statements and row batches to the connection task; stops when the receiver has gone
/// (the connection failed and rolled back).
struct Channel {
    sender: tokio::sync::mpsc::Sender<Load>,
    dialect: Dialect,
    /// Rows as values for a bulk load (else rendered INSERTs, for a small seed).
    as_values: bool,
    /// The part (table) now being written.
    part: Arc<str>,
}

impl Channel {
    fn send(&self, load: Load) -> Result<()> {
        self.sender
            .blocking_send(load)
            .map_err(|_| Error::LoaderGone)
    }
}

impl StatementSink for Channel {
    fn start_part(&mut self, name: &str) -> Result<()> {
        self.part = Arc::from(name);
        Ok(())
    }

    fn statement(&mut self, sql: String) -> Result<()> {
        let part = self.part.clone();
        self.send(Load::Statement { part, sql })
    }

    fn row_batch(&self, columns: usize) -> Option<usize> {
        self.as_values
            .then(|| crate::live::batch_rows(self.dialect, columns))
    }

    fn rows(&mut self, head: &Arc<RowHead>, rows: Vec<Vec<Value>>) -> Result<()> {
        self.send(Load::Rows(head.clone(), rows))
    }
}

/// Passes every row to two sinks.
struct Tee<'a>(&'a mut dyn RowSink, &'a mut dyn RowSink);

impl RowSink for Tee<'_> {
    fn begin_table(
        &mut self,
        table: &str,
        columns: &[String],
        written: &[bool],
        deferred: &[Vec<String>],
    ) -> Result<()> {
        self.0.begin_table(table, columns, written, deferred)?;
        self.1.begin_table(table, columns, written, deferred)
    }

    fn row(&mut self, values: Vec<Value>) -> Result<()> {
        self.1.row(values.clone())?;
        self.0.row(values)
    }

    fn end_table(&mut self) -> Result<()> {
        self.0.end_table()?;
        self.1.end_table()
    }

    fn update(
        &mut self,
        table: &str,
        row: usize,
        key: &[(String, Value)],
        set: &[(String, Value)],
    ) -> Result<()> {
        self.0.update(table, row, key, set)?;
        self.1.update(table, row, key, set)
    }
}
