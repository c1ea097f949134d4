//! Seeding a live database: introspect (or take a schema), plan, generate and insert every
//! table in foreign-key order inside one transaction, so the database ends up with all the
//! rows or none of them.
//!
//! Generation runs on a blocking thread and hands rendered statements to the connection
//! through a bounded channel, so a large seed streams in bounded memory. Nothing is deleted
//! unless asked: with [`IfExists::Fail`] (the default) a table that already has rows stops the
//! seed before anything is written, naming the tables.

use std::time::Instant;

use sqlx::{AnyConnection, AssertSqlSafe, Connection};

use crate::error::{Error, Result, redact_url};
use crate::generate::generate_into;
use crate::plan::graph::BreakKind;
use crate::plan::{Existing, Plan, PlanOptions};
use crate::schema::{Dialect, Schema};
use crate::sink::sql::{DEFAULT_BATCH, SqlWriter, StatementSink, quote_ident};
use crate::source::{self, url_dialect};

/// What to do when a target table already has rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

/// What a seed did.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// Rows inserted per table, in insertion order.
    pub rows: Vec<(String, u64)>,
    /// Statements executed.
    pub statements: usize,
    /// Wall time.
    pub seconds: f64,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: u64 = self.rows.iter().map(|(_, n)| n).sum();
        write!(
            f,
            "seeded {total} rows in {} tables in {:.2} s ({:.0} rows/s)",
            self.rows.len(),
            self.seconds,
            total as f64 / self.seconds.max(1e-9)
        )
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
    let started = Instant::now();
    let dialect = url_dialect(url).ok_or_else(|| Error::UnsupportedUrl(redact_url(url)))?;
    let schema = match schema {
        Some(schema) => schema,
        None => source::introspect(url).await?.schema,
    };
    // A live database can suspend foreign-key checks, so every cycle can be seeded.
    let options = PlanOptions {
        suspend_fk_checks: true,
        ..options
    };
    let mut plan = Plan::new(schema, options)?;
    if let Some(tables) = tables {
        for table in &tables {
            if plan.schema.table(table).is_none() {
                return Err(Error::Unsatisfiable(format!(
                    "--tables names `{table}`, which is not in the schema"
                )));
            }
        }
        plan.targets = Some(tables.into_iter().collect());
    }
    tracing::info!(target: "sprout::seed", url = %redact_url(url), tables = plan.order.tables.len(), "seeding");
    sqlx::any::install_default_drivers();
    let connect_url = match dialect {
        // Seeding may create nothing but rows: never a new database file.
        Dialect::Sqlite if !url.contains("mode=") => {
            format!("{url}{}mode=rw", if url.contains('?') { "&" } else { "?" })
        }
        _ => url.to_string(),
    };
    let mut conn = AnyConnection::connect(&connect_url)
        .await
        .map_err(|e| Error::Query {
            target: redact_url(url),
            context: "a connection (the database must exist: sprout creates no database)".into(),
            source: e,
        })?;
    let query_error = |context: &str| {
        let context = context.to_string();
        move |source| Error::Query {
            target: redact_url(url),
            context,
            source,
        }
    };
    if dialect == Dialect::Sqlite {
        sqlx::raw_sql("PRAGMA foreign_keys = ON")
            .execute(&mut conn)
            .await
            .map_err(query_error("foreign-key enforcement"))?;
    }
    let mut filled = Vec::new();
    for table in plan.order.tables.iter().filter(|t| plan.is_target(t)) {
        let probe = format!("SELECT 1 FROM {} LIMIT 1", quote_ident(table, dialect));
        let rows = sqlx::raw_sql(AssertSqlSafe(probe))
            .fetch_all(&mut conn)
            .await
            .map_err(query_error(&format!("rows of `{table}`")))?;
        if !rows.is_empty() {
            filled.push(table.clone());
        }
    }
    if if_exists == IfExists::Fail && !filled.is_empty() {
        return Err(Error::Unsatisfiable(format!(
            "{} already {} rows; nothing was changed\n  fix: seed an empty database, or pass --if-exists replace to delete those tables' rows first",
            filled.join(", "),
            if filled.len() == 1 { "has" } else { "have" }
        )));
    }
    if if_exists == IfExists::Append || plan.targets.is_some() {
        plan.existing = read_existing(&mut conn, &plan, dialect, if_exists == IfExists::Append)
            .await
            .map_err(query_error("the rows already there"))?;
        missing_parents(&plan)?;
    }
    let mut tx = conn.begin().await.map_err(query_error("a transaction"))?;
    let mut statements = 0;
    if if_exists == IfExists::Replace {
        for statement in clearing_statements(&plan, dialect) {
            sqlx::raw_sql(AssertSqlSafe(statement.clone()))
                .execute(&mut *tx)
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
        let statement = match dialect {
            Dialect::Mysql => "SET FOREIGN_KEY_CHECKS = 0",
            Dialect::Sqlite => "PRAGMA defer_foreign_keys = ON",
            Dialect::Postgres => "SET LOCAL session_replication_role = replica",
        };
        tracing::info!(target: "sprout::seed", cycle = %keys.join(", "), "suspending foreign-key checks");
        sqlx::raw_sql(statement).execute(&mut *tx).await.map_err(|source| Error::Query {
            target: redact_url(url),
            context: format!(
                "permission to suspend foreign-key checks, which the cycle {} needs (no key in it is nullable or DEFERRABLE); fix: seed as a user who may run `{statement}`, or make one of those columns nullable",
                keys.join(", ")
            ),
            source,
        })?;
    }
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<String>(16);
    let generator = {
        let plan = plan.clone();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let mut writer =
                SqlWriter::new(&plan.schema, dialect, DEFAULT_BATCH, false, Channel(sender));
            generate_into(&plan, &mut writer)?;
            writer.finish()?;
            Ok(())
        })
    };
    let mut failure = None;
    while let Some(statement) = receiver.recv().await {
        if let Err(source) = sqlx::raw_sql(AssertSqlSafe(statement.clone()))
            .execute(&mut *tx)
            .await
        {
            let head: String = statement
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(120)
                .collect();
            failure = Some(Error::Query {
                target: redact_url(url),
                context: format!(
                    "statement {} ({head}); the transaction was rolled back, nothing was changed",
                    statements + 1
                ),
                source,
            });
            break;
        }
        statements += 1;
        tracing::debug!(target: "sprout::seed", statements, "executed");
    }
    drop(receiver);
    let generated = generator
        .await
        .map_err(|e| Error::Unsatisfiable(format!("the generator thread failed: {e}")))?;
    if let Some(error) = failure {
        return Err(error);
    }
    generated?;
    if !suspended.is_empty() {
        let restore = match dialect {
            Dialect::Mysql => Some("SET FOREIGN_KEY_CHECKS = 1"),
            Dialect::Postgres => Some("SET LOCAL session_replication_role = origin"),
            Dialect::Sqlite => None, // deferred keys are checked at COMMIT
        };
        if let Some(restore) = restore {
            sqlx::raw_sql(restore)
                .execute(&mut *tx)
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
                let (orphans,): (i64,) = sqlx::query_as(AssertSqlSafe(query))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(query_error("the suspended foreign keys"))?;
                if orphans > 0 {
                    return Err(Error::Unsatisfiable(format!(
                        "{}: {constraint} is broken by {orphans} row(s) inserted with checks suspended; the transaction was rolled back",
                        edge.table
                    )));
                }
            }
        }
    }
    tx.commit().await.map_err(query_error("the commit"))?;
    let _ = conn.close().await;
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
    })
}

/// Deletes every target table's rows, children first; foreign keys of broken cycles and
/// nullable self-references are set to NULL before, so no delete waits on a row deleted later.
fn clearing_statements(plan: &Plan, dialect: Dialect) -> Vec<String> {
    let null_out = |table: &str, columns: &[String]| {
        let set: Vec<String> = columns
            .iter()
            .map(|c| format!("{} = NULL", quote_ident(c, dialect)))
            .collect();
        format!(
            "UPDATE {} SET {}",
            quote_ident(table, dialect),
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
    for table in plan.order.tables.iter().rev().filter(|t| plan.is_target(t)) {
        out.push(format!("DELETE FROM {}", quote_ident(table, dialect)));
    }
    out
}

/// Reads what generation needs of the rows already there: for every table the columns that
/// foreign keys reference; for the tables seeded now (when appending) the sequence maxima and
/// the keys UNIQUE constraints have taken. Values come back as the database's text.
async fn read_existing(
    conn: &mut AnyConnection,
    plan: &Plan,
    dialect: Dialect,
    appending: bool,
) -> std::result::Result<std::collections::BTreeMap<String, Existing>, sqlx::Error> {
    use crate::generate::Value;
    use crate::plan::spec::Generator;
    let text = if dialect == Dialect::Mysql {
        "CHAR"
    } else {
        "TEXT"
    };
    // Binary columns come back as hex, everything else as the database's text.
    let select = |table: &crate::schema::Table, columns: &[String]| {
        let list: Vec<String> = columns
            .iter()
            .map(|c| {
                let quoted = quote_ident(c, dialect);
                match table.column(c).map(|c| &c.ty) {
                    Some(crate::schema::SqlType::Bytes { .. }) if dialect == Dialect::Postgres => {
                        format!("encode({quoted}, 'hex')")
                    }
                    Some(crate::schema::SqlType::Bytes { .. }) => format!("lower(hex({quoted}))"),
                    _ => format!("CAST({quoted} AS {text})"),
                }
            })
            .collect();
        format!(
            "SELECT {} FROM {}",
            list.join(", "),
            quote_ident(&table.name, dialect)
        )
    };
    let value = |table: &crate::schema::Table, column: &str, text: Option<String>| match (
        text,
        table.column(column).map(|c| &c.ty),
    ) {
        (None, _) => Value::Null,
        (Some(hex), Some(crate::schema::SqlType::Bytes { .. })) => Value::Bytes(
            (0..hex.len() / 2)
                .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
                .collect(),
        ),
        (Some(text), _) => Value::Text(text),
    };
    let referenced = crate::generate::referenced_columns(plan);
    let mut out = std::collections::BTreeMap::new();
    for table in &plan.schema.tables {
        let mut existing = Existing::default();
        let referenced = referenced.get(&table.name).cloned().unwrap_or_default();
        if !referenced.is_empty() {
            let rows = sqlx::query(AssertSqlSafe(select(table, &referenced)))
                .fetch_all(&mut *conn)
                .await?;
            existing.rows = rows
                .iter()
                .map(|row| {
                    referenced
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            value(
                                table,
                                c,
                                sqlx::Row::try_get::<Option<String>, _>(row, i)
                                    .ok()
                                    .flatten(),
                            )
                        })
                        .collect()
                })
                .collect();
            existing.columns = referenced;
        }
        if appending && plan.is_target(&table.name) {
            for column in &table.columns {
                let sequence = matches!(
                    plan.spec
                        .column(&table.name, &column.name)
                        .map(|c| &c.generator),
                    Some(Generator::Sequence { .. })
                );
                if sequence {
                    let query = format!(
                        "SELECT CAST(MAX({}) AS {text}) FROM {}",
                        quote_ident(&column.name, dialect),
                        quote_ident(&table.name, dialect)
                    );
                    let (max,): (Option<String>,) = sqlx::query_as(AssertSqlSafe(query))
                        .fetch_one(&mut *conn)
                        .await?;
                    if let Some(max) = max.and_then(|m| m.trim().parse::<i64>().ok()) {
                        existing.next_sequence.insert(column.name.clone(), max + 1);
                    }
                }
            }
            let keys = table
                .full_keys()
                .into_iter()
                .map(|columns| (columns, None))
                .chain(
                    table
                        .uniques
                        .iter()
                        .filter_map(|u| Some((u.columns.as_slice(), Some(u.predicate.as_ref()?)))),
                );
            for (columns, predicate) in keys {
                let mut query = select(table, columns);
                if let Some(predicate) = predicate {
                    query.push_str(&format!(" WHERE {}", predicate.sql));
                }
                let rows = sqlx::query(AssertSqlSafe(query))
                    .fetch_all(&mut *conn)
                    .await?;
                // Keys in the form generated values print in (hex for binary).
                let keys = rows
                    .iter()
                    .filter_map(|row| {
                        columns
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let cell = value(
                                    table,
                                    c,
                                    sqlx::Row::try_get::<Option<String>, _>(row, i)
                                        .ok()
                                        .flatten(),
                                );
                                (!cell.is_null()).then(|| cell.to_string())
                            })
                            .collect::<Option<Vec<String>>>()
                    })
                    .collect();
                existing.taken.push(crate::plan::Taken {
                    columns: columns.to_vec(),
                    partial: predicate.is_some(),
                    keys,
                });
            }
        }
        out.insert(table.name.clone(), existing);
    }
    Ok(out)
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
    Err(Error::Unsatisfiable(format!(
        "these tables need parents that are neither seeded now nor present: {}\n  fix: add the parent tables to --tables, or seed them first",
        missing.join(", ")
    )))
}

/// Hands statements to the connection task; stops quietly when the receiver has gone (the
/// connection failed and rolled back).
struct Channel(tokio::sync::mpsc::Sender<String>);

impl StatementSink for Channel {
    fn start_part(&mut self, _: &str) -> Result<()> {
        Ok(())
    }

    fn statement(&mut self, sql: String) -> Result<()> {
        self.0.blocking_send(sql).map_err(|_| {
            Error::Unsatisfiable("seeding stopped: the database connection failed".into())
        })
    }
}
