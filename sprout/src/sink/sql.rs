//! SQL INSERT scripts per dialect: identifiers always quoted, values always written as escaped
//! literals, multi-row statements, then the UPDATEs that close broken foreign-key cycles, then
//! (PostgreSQL) the sequences of serial and identity columns moved past the inserted keys.

use super::{Output, RowSink, write_error};
use crate::error::{Error, Result};
use crate::generate::Dataset;
use crate::schema::{Deferrable, Dialect, Identity, Schema, SqlType, Table};
use crate::value::Value;

/// Rows per INSERT statement.
pub const DEFAULT_BATCH: usize = 200;

pub use crate::dialect::{quote_ident, quote_table, quote_text};

/// `value`, for a column of type `ty`, as a SQL literal for `dialect`.
pub fn literal(value: &Value, ty: &SqlType, dialect: Dialect) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Bool(b) => dialect.sql().bool_literal(*b).to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Decimal(d) if *ty == SqlType::Money => quote_text(d, dialect),
        Value::Decimal(d) => d.clone(),
        Value::Bytes(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            dialect.sql().bytes_literal(&hex)
        }
        Value::Timestamp(_) if *ty == SqlType::TimestampTz => quote_text(
            &format!("{value}{}", dialect.sql().utc_offset_suffix()),
            dialect,
        ),
        other => quote_text(&other.to_string(), dialect),
    }
}

/// Receives rendered SQL statements, in parts: one part per table, then a closing part.
pub trait StatementSink {
    /// A new part starts (a table's inserts, or `finish`).
    fn start_part(&mut self, name: &str) -> Result<()>;
    /// One statement, without its terminating `;`.
    fn statement(&mut self, sql: String) -> Result<()>;
    /// Rows per batch when the sink takes rows as values ([`StatementSink::rows`]) instead of
    /// rendered INSERTs, for a table of `columns` written columns; `None` (the default) means
    /// rendered INSERTs.
    fn row_batch(&self, columns: usize) -> Option<usize> {
        let _ = columns;
        None
    }
    /// A batch of rows as values, written columns only (NULL in deferred foreign keys); called
    /// only when [`StatementSink::row_batch`] says so.
    fn rows(&mut self, head: &std::sync::Arc<RowHead>, rows: Vec<Vec<Value>>) -> Result<()> {
        let _ = (head, rows);
        unreachable!("rows() is called only on sinks whose row_batch() is Some")
    }
    /// Everything is written: flush and close files.
    fn close(&mut self) -> Result<()> {
        Ok(())
    }
}

impl<S: StatementSink + ?Sized> StatementSink for Box<S> {
    fn start_part(&mut self, name: &str) -> Result<()> {
        (**self).start_part(name)
    }
    fn statement(&mut self, sql: String) -> Result<()> {
        (**self).statement(sql)
    }
    fn row_batch(&self, columns: usize) -> Option<usize> {
        (**self).row_batch(columns)
    }
    fn rows(&mut self, head: &std::sync::Arc<RowHead>, rows: Vec<Vec<Value>>) -> Result<()> {
        (**self).rows(head, rows)
    }
    fn close(&mut self) -> Result<()> {
        (**self).close()
    }
}

/// The table and columns a batch of value rows belongs to.
#[derive(Debug, Clone)]
pub struct RowHead {
    /// Table name.
    pub table: String,
    /// Written columns, in order.
    pub columns: Vec<String>,
    /// Their types.
    pub types: Vec<SqlType>,
    /// PostgreSQL: a column is `GENERATED ALWAYS AS IDENTITY` (INSERT needs
    /// `OVERRIDING SYSTEM VALUE`).
    pub overriding: bool,
}

impl RowHead {
    /// One row of nothing but defaults: `INSERT INTO t DEFAULT VALUES` (MySQL:
    /// `INSERT INTO t () VALUES ()`), for a table whose every column the database fills
    /// (PostgreSQL rejects `() VALUES ()`).
    pub fn default_values_insert(&self, dialect: Dialect) -> String {
        dialect
            .sql()
            .default_values_insert(&quote_table(&self.table, dialect))
    }

    /// `INSERT INTO t (a, b)` with `OVERRIDING SYSTEM VALUE` where needed, before `VALUES`.
    pub fn insert_into(&self, dialect: Dialect) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|c| quote_ident(c, dialect))
            .collect();
        format!(
            "INSERT INTO {} ({}){}",
            quote_table(&self.table, dialect),
            columns.join(", "),
            if self.overriding {
                dialect.sql().identity_override().unwrap_or_default()
            } else {
                ""
            }
        )
    }
}

impl StatementSink for Vec<String> {
    fn start_part(&mut self, _: &str) -> Result<()> {
        Ok(())
    }

    fn statement(&mut self, sql: String) -> Result<()> {
        self.push(sql);
        Ok(())
    }
}

/// Statements written to an [`Output`] as a script: `;` after each, a file per part in a
/// directory.
pub struct ScriptFile(pub Output);

impl StatementSink for ScriptFile {
    fn start_part(&mut self, name: &str) -> Result<()> {
        self.0.start(name, "sql")
    }

    fn statement(&mut self, sql: String) -> Result<()> {
        writeln!(self.0.writer(), "{sql};\n").map_err(write_error("SQL output"))
    }

    fn close(&mut self) -> Result<()> {
        self.0.finish()
    }
}

/// Renders generated rows as SQL for one dialect: multi-row INSERTs per table (NULL in the
/// foreign keys of broken cycles), then the UPDATEs that close those cycles, then (PostgreSQL)
/// the sequences of serial and identity columns moved past the inserted keys; optionally all
/// of it inside one transaction. A [`RowSink`], so it streams.
pub struct SqlWriter<'a, S: StatementSink> {
    schema: &'a Schema,
    dialect: Dialect,
    batch: usize,
    transaction: bool,
    sink: S,
    started: bool,
    table: Option<TableState<'a>>,
    updates: Vec<String>,
    /// Cycle-closing updates not yet rendered: written as one statement per batch.
    pending: Option<PendingUpdates>,
    sequences: Vec<String>,
    suspend_checks: bool,
}

/// Rows of one table whose broken foreign keys are set in one statement; a batch this size
/// keeps the statement's CASE short (the database reads it once per row it updates).
const UPDATE_BATCH: usize = 200;

/// Cycle-closing updates of one table, same key and set columns, as rendered literals.
struct PendingUpdates {
    table: String,
    key: Vec<String>,
    set: Vec<String>,
    /// Per row: the key's literals, then the set columns' literals.
    rows: Vec<(Vec<String>, Vec<String>)>,
}

impl PendingUpdates {
    /// One `UPDATE`: for one row `SET c = v WHERE k = x`; for several, each set column is a
    /// `CASE` over the rows' keys and the `WHERE` lists them. The CASE ends in `ELSE c`, so the
    /// database types its literals as the column's (a uuid or a date, not text).
    fn render(&self, dialect: Dialect) -> String {
        let q = |column: &str| quote_ident(column, dialect);
        let matches = |key: &[String]| {
            self.key
                .iter()
                .zip(key)
                .map(|(c, v)| format!("{} = {v}", q(c)))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        let table = quote_table(&self.table, dialect);
        if let [(key, set)] = self.rows.as_slice() {
            let set: Vec<String> = self
                .set
                .iter()
                .zip(set)
                .map(|(c, v)| format!("{} = {v}", q(c)))
                .collect();
            return format!(
                "UPDATE {table} SET {} WHERE {}",
                set.join(", "),
                matches(key)
            );
        }
        let single = self.key.len() == 1;
        let set: Vec<String> = self
            .set
            .iter()
            .enumerate()
            .map(|(j, column)| {
                let arms: Vec<String> = self
                    .rows
                    .iter()
                    .map(|(key, set)| match single {
                        true => format!("WHEN {} THEN {}", key[0], set[j]),
                        false => format!("WHEN {} THEN {}", matches(key), set[j]),
                    })
                    .collect();
                let subject = if single {
                    format!(" {}", q(&self.key[0]))
                } else {
                    String::new()
                };
                format!(
                    "{} = CASE{subject} {} ELSE {} END",
                    q(column),
                    arms.join(" "),
                    q(column)
                )
            })
            .collect();
        let filter = if single {
            let keys: Vec<&str> = self.rows.iter().map(|(key, _)| key[0].as_str()).collect();
            format!("{} IN ({})", q(&self.key[0]), keys.join(", "))
        } else {
            let keys: Vec<String> = self
                .rows
                .iter()
                .map(|(key, _)| format!("({})", matches(key)))
                .collect();
            keys.join(" OR ")
        };
        format!("UPDATE {table} SET {} WHERE {filter}", set.join(", "))
    }
}

struct TableState<'a> {
    table: &'a Table,
    head: String,
    row_head: std::sync::Arc<RowHead>,
    row_batch: Option<usize>,
    values: Vec<Vec<Value>>,
    written: Vec<usize>,
    deferred: Vec<bool>,
    tuples: Vec<String>,
    rows: usize,
}

impl<'a, S: StatementSink> SqlWriter<'a, S> {
    /// A writer for `schema`'s tables in `dialect`, `batch` rows per INSERT, wrapped in a
    /// transaction when `transaction` is true.
    pub fn new(
        schema: &'a Schema,
        dialect: Dialect,
        batch: usize,
        transaction: bool,
        sink: S,
    ) -> Self {
        SqlWriter {
            schema,
            dialect,
            batch: batch.max(1),
            transaction,
            sink,
            started: false,
            table: None,
            updates: Vec::new(),
            pending: None,
            sequences: Vec::new(),
            suspend_checks: false,
        }
    }

    /// Suspends foreign-key checks for the script (MySQL `SET FOREIGN_KEY_CHECKS = 0` until the
    /// end, SQLite `PRAGMA defer_foreign_keys = ON` until COMMIT): for cycles that no nullable
    /// or DEFERRABLE key breaks. PostgreSQL files cannot do this; plans for them never need it.
    pub fn suspending_checks(mut self, suspend: bool) -> Self {
        self.suspend_checks = suspend;
        self
    }

    /// Writes the closing part (cycle UPDATEs, sequences, COMMIT) and returns the sink.
    pub fn finish(mut self) -> Result<S> {
        self.flush_updates();
        if !self.started {
            self.start("finish")?;
        } else if !self.updates.is_empty() || !self.sequences.is_empty() || self.transaction {
            self.sink.start_part("finish")?;
        }
        for statement in std::mem::take(&mut self.updates)
            .into_iter()
            .chain(std::mem::take(&mut self.sequences))
        {
            self.sink.statement(statement)?;
        }
        if let Some(on) = self.suspension().and_then(|s| s.on) {
            self.sink.statement(on.to_string())?;
        }
        if self.transaction {
            self.sink.statement("COMMIT".to_string())?;
        }
        Ok(self.sink)
    }

    /// How this script suspends foreign-key checks, when asked to and its dialect can.
    fn suspension(&self) -> Option<crate::dialect::FkSuspension> {
        let suspension = self.dialect.sql().fk_suspension();
        (self.suspend_checks && suspension.in_scripts).then_some(suspension)
    }

    fn start(&mut self, part: &str) -> Result<()> {
        self.sink.start_part(part)?;
        self.started = true;
        if self.transaction {
            self.sink.statement("BEGIN".to_string())?;
        }
        if let Some(suspension) = self.suspension() {
            self.sink.statement(suspension.off.to_string())?;
        }
        if let Some(defer) = self.dialect.sql().defer_constraints()
            && has_deferrable(self.schema)
        {
            self.sink.statement(defer.to_string())?;
        }
        Ok(())
    }

    fn flush_rows(&mut self) -> Result<()> {
        let Some(state) = &mut self.table else {
            return Ok(());
        };
        if !state.values.is_empty() {
            let rows = std::mem::take(&mut state.values);
            return self.sink.rows(&state.row_head, rows);
        }
        if state.tuples.is_empty() {
            return Ok(());
        }
        let statement = format!("{}{}", state.head, state.tuples.join(",\n"));
        state.tuples.clear();
        self.sink.statement(statement)
    }
}

impl<S: StatementSink> RowSink for SqlWriter<'_, S> {
    fn begin_table(
        &mut self,
        name: &str,
        columns: &[String],
        written: &[bool],
        deferred: &[Vec<String>],
    ) -> Result<()> {
        let table = self.schema.table(name).ok_or_else(|| {
            Error::Schema(format!(
                "rows for table `{name}`, which is not in the schema"
            ))
        })?;
        if self.started {
            self.sink.start_part(name)?;
        } else {
            self.start(name)?;
        }
        let written: Vec<usize> = (0..columns.len()).filter(|&i| written[i]).collect();
        let overriding = self.dialect.sql().identity_override().is_some()
            && written
                .iter()
                .any(|&i| table.columns[i].identity == Some(Identity::Always));
        let row_head = RowHead {
            table: table.name.clone(),
            columns: written.iter().map(|&i| columns[i].clone()).collect(),
            types: written
                .iter()
                .map(|&i| table.columns[i].ty.clone())
                .collect(),
            overriding,
        };
        let head = format!("{} VALUES\n", row_head.insert_into(self.dialect));
        let row_batch = self.sink.row_batch(written.len());
        let deferred = columns
            .iter()
            .map(|c| deferred.iter().any(|cols| cols.contains(c)))
            .collect();
        self.table = Some(TableState {
            table,
            head,
            row_head: std::sync::Arc::new(row_head),
            row_batch,
            values: Vec::new(),
            written,
            deferred,
            tuples: Vec::new(),
            rows: 0,
        });
        Ok(())
    }

    fn row(&mut self, values: Vec<Value>) -> Result<()> {
        let dialect = self.dialect;
        let state = self.table.as_mut().expect("rows come after begin_table");
        if state.written.is_empty() {
            // Every column is the database's to fill: one row per statement.
            state.rows += 1;
            let statement = state.row_head.default_values_insert(dialect);
            return self.sink.statement(statement);
        }
        if let Some(batch) = state.row_batch {
            let mut values = values;
            let cells: Vec<Value> = state
                .written
                .iter()
                .map(|&i| {
                    if state.deferred[i] {
                        Value::Null
                    } else {
                        std::mem::replace(&mut values[i], Value::Null)
                    }
                })
                .collect();
            state.values.push(cells);
            state.rows += 1;
            if state.values.len() >= batch.max(1) {
                self.flush_rows()?;
            }
            return Ok(());
        }
        let cells: Vec<String> = state
            .written
            .iter()
            .map(|&i| {
                if state.deferred[i] {
                    "NULL".to_string()
                } else {
                    literal(&values[i], &state.table.columns[i].ty, dialect)
                }
            })
            .collect();
        state.tuples.push(format!("({})", cells.join(", ")));
        state.rows += 1;
        if state.tuples.len() >= self.batch {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        self.flush_rows()?;
        let Some(state) = self.table.take() else {
            return Ok(());
        };
        if state.rows > 0 {
            self.sequences
                .extend(advance_sequences(state.table, &state.written, self.dialect));
        }
        Ok(())
    }

    fn update(
        &mut self,
        table: &str,
        _row: usize,
        key: &[(String, Value)],
        set: &[(String, Value)],
    ) -> Result<()> {
        let model = self
            .schema
            .table(table)
            .expect("updates name schema tables");
        let ty = |column: &str| {
            model
                .column(column)
                .map(|c| c.ty.clone())
                .unwrap_or(SqlType::Text)
        };
        if key.is_empty() {
            return Err(Error::Unsatisfiable(format!(
                "{table}: a broken foreign-key cycle is closed by UPDATE, which needs a primary key on {table}\n  fix: add a primary key, or make the foreign key DEFERRABLE"
            )));
        }
        let literals = |pairs: &[(String, Value)]| -> Vec<String> {
            pairs
                .iter()
                .map(|(c, v)| literal(v, &ty(c), self.dialect))
                .collect()
        };
        let names = |pairs: &[(String, Value)]| -> Vec<String> {
            pairs.iter().map(|(c, _)| c.clone()).collect()
        };
        let row = (literals(key), literals(set));
        let joins = self.pending.as_ref().is_some_and(|p| {
            p.table == table
                && p.rows.len() < UPDATE_BATCH
                && p.key.iter().eq(key.iter().map(|(c, _)| c))
                && p.set.iter().eq(set.iter().map(|(c, _)| c))
        });
        if !joins {
            self.flush_updates();
            self.pending = Some(PendingUpdates {
                table: table.to_string(),
                key: names(key),
                set: names(set),
                rows: Vec::new(),
            });
        }
        self.pending.as_mut().expect("started above").rows.push(row);
        Ok(())
    }
}

impl<S: StatementSink> SqlWriter<'_, S> {
    /// Renders the pending cycle-closing updates into one statement.
    fn flush_updates(&mut self) {
        if let Some(pending) = self.pending.take() {
            self.updates.push(pending.render(self.dialect));
        }
    }
}

/// The statements that load `data` into an empty database of `schema`, in order, without a
/// transaction around them (run them in one).
pub fn insert_statements(
    schema: &Schema,
    data: &Dataset,
    dialect: Dialect,
    batch: usize,
) -> Vec<String> {
    let mut writer = SqlWriter::new(schema, dialect, batch, false, Vec::new());
    let replay = || -> Result<Vec<String>> {
        for rows in &data.tables {
            writer.begin_table(&rows.name, &rows.columns, &rows.written, &rows.deferred)?;
            for values in &rows.rows {
                writer.row(values.clone())?;
            }
            writer.end_table()?;
        }
        for rows in &data.tables {
            let Some(table) = schema.table(&rows.name) else {
                continue;
            };
            let key: Vec<usize> = table
                .primary_key
                .iter()
                .flat_map(|pk| pk.columns.iter())
                .filter_map(|c| rows.column_index(c))
                .collect();
            for columns in &rows.deferred {
                let positions: Vec<usize> = columns
                    .iter()
                    .filter_map(|c| rows.column_index(c))
                    .collect();
                for (r, values) in rows.rows.iter().enumerate() {
                    if positions.iter().all(|&p| values[p].is_null()) {
                        continue;
                    }
                    let pairs = |ps: &[usize]| {
                        ps.iter()
                            .map(|&p| (rows.columns[p].clone(), values[p].clone()))
                            .collect::<Vec<_>>()
                    };
                    writer.update(&rows.name, r, &pairs(&key), &pairs(&positions))?;
                }
            }
        }
        writer.finish()
    };
    // Rendering into memory cannot fail for rows generated from this schema.
    replay().expect("rendering a dataset of this schema")
}

fn has_deferrable(schema: &Schema) -> bool {
    schema
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .any(|fk| fk.deferrable != Deferrable::No)
}

fn advance_sequences(table: &Table, written: &[usize], dialect: Dialect) -> Vec<String> {
    table
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| c.identity.is_some() && written.contains(i))
        .filter_map(|(_, c)| dialect.sql().sequence_move(&table.name, &c.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_written_per_dialect() {
        assert_eq!(
            literal(
                &Value::Bytes(vec![0xde, 0xad]),
                &SqlType::Bytes { max_len: None },
                Dialect::Postgres
            ),
            "'\\xdead'"
        );
        assert_eq!(
            literal(
                &Value::Bytes(vec![0xde, 0xad]),
                &SqlType::Bytes { max_len: None },
                Dialect::Mysql
            ),
            "X'dead'"
        );
        assert_eq!(
            literal(&Value::Bool(true), &SqlType::Bool, Dialect::Sqlite),
            "1"
        );
    }
}
