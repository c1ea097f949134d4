//! CSV, JSON and JSONL writers. Rows carry their final values (foreign keys of broken cycles
//! included), since these formats load without constraint checks or are read by programs.
//! Only the columns sprout writes appear; NULL is an empty CSV field and JSON `null`.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::{Format, Output, RowSink, write_error};
use crate::error::{Error, Result};
use crate::value::Value;

type Held = (usize, String, Vec<String>, Vec<usize>, Vec<Vec<Value>>);

/// Writes CSV, JSON or JSONL; rows of broken cycles are held until their UPDATE arrives, then
/// written under their own place in the insertion order.
pub struct FileWriter {
    format: Format,
    out: Output,
    table: String,
    columns: Vec<String>,
    written: Vec<usize>,
    /// Rows waiting for an update (tables with broken cycles): number, table, columns,
    /// written columns, rows.
    held: Vec<Held>,
    tables: usize,
    holding: bool,
    first_row: bool,
}

impl FileWriter {
    /// A writer of `format` to `out`.
    pub fn new(format: Format, out: Output) -> FileWriter {
        FileWriter {
            format,
            out,
            table: String::new(),
            columns: Vec::new(),
            written: Vec::new(),
            held: Vec::new(),
            tables: 0,
            holding: false,
            first_row: true,
        }
    }

    /// Writes the tables held for their updates, and flushes.
    pub fn finish(mut self) -> Result<()> {
        for (number, table, columns, written, rows) in std::mem::take(&mut self.held) {
            self.open(number, &table, &columns, &written)?;
            for row in rows {
                self.write_row(&row)?;
            }
            self.close()?;
        }
        self.out.finish()
    }

    fn open(
        &mut self,
        number: usize,
        table: &str,
        columns: &[String],
        written: &[usize],
    ) -> Result<()> {
        self.table = table.to_string();
        self.columns = columns.to_vec();
        self.written = written.to_vec();
        self.first_row = true;
        self.out.start_at(number, table, self.format.extension())?;
        let what = format!("{} output", self.format.extension());
        match self.format {
            Format::Csv => {
                let header: Vec<&str> = written.iter().map(|&i| columns[i].as_str()).collect();
                self.csv_record(
                    &header
                        .iter()
                        .map(|h| Some(h.to_string()))
                        .collect::<Vec<_>>(),
                )
            }
            Format::Json => write!(self.out.writer(), "[").map_err(write_error(&what)),
            _ => Ok(()),
        }
    }

    fn close(&mut self) -> Result<()> {
        if self.format == Format::Json {
            let end = if self.first_row { "]\n" } else { "\n]\n" };
            self.out
                .writer()
                .write_all(end.as_bytes())
                .map_err(write_error("json output"))?;
        }
        Ok(())
    }

    fn csv_record(&mut self, fields: &[Option<String>]) -> Result<()> {
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        csv.write_record(fields.iter().map(|f| f.as_deref().unwrap_or("")))
            .map_err(|e| Error::Io {
                path: "csv output".into(),
                source: e.into(),
            })?;
        let bytes = csv.into_inner().map_err(|e| Error::Io {
            path: "csv output".into(),
            source: e.into_error(),
        })?;
        self.out
            .writer()
            .write_all(&bytes)
            .map_err(write_error("csv output"))
    }

    fn object(&self, row: &[Value]) -> Map<String, Json> {
        self.written
            .iter()
            .map(|&i| {
                (
                    self.columns[i].clone(),
                    serde_json::to_value(&row[i]).unwrap_or(Json::Null),
                )
            })
            .collect()
    }

    fn write_row(&mut self, row: &[Value]) -> Result<()> {
        match self.format {
            Format::Csv => {
                let fields: Vec<Option<String>> = self
                    .written
                    .iter()
                    .map(|&i| (!row[i].is_null()).then(|| csv_text(&row[i])))
                    .collect();
                self.csv_record(&fields)
            }
            Format::Json => {
                let separator = if self.first_row { "\n  " } else { ",\n  " };
                self.first_row = false;
                let object = Json::Object(self.object(row));
                write!(self.out.writer(), "{separator}{object}").map_err(write_error("json output"))
            }
            Format::Jsonl => {
                let line = serde_json::json!({ "table": self.table, "row": Json::Object(self.object(row)) });
                writeln!(self.out.writer(), "{line}").map_err(write_error("jsonl output"))
            }
            Format::Sql | Format::Copy => Err(Error::Schema(
                "FileWriter does not write SQL; use SqlWriter".into(),
            )),
        }
    }
}

/// A cell as CSV text: `t`/`f` for booleans (what PostgreSQL COPY and most loaders read),
/// the plain text of everything else.
fn csv_text(value: &Value) -> String {
    match value {
        Value::Bool(b) => if *b { "t" } else { "f" }.to_string(),
        other => other.to_string(),
    }
}

impl RowSink for FileWriter {
    fn begin_table(
        &mut self,
        table: &str,
        columns: &[String],
        written: &[bool],
        deferred: &[Vec<String>],
    ) -> Result<()> {
        let written: Vec<usize> = (0..columns.len()).filter(|&i| written[i]).collect();
        self.tables += 1;
        self.holding = !deferred.is_empty();
        if self.holding {
            self.held.push((
                self.tables,
                table.to_string(),
                columns.to_vec(),
                written,
                Vec::new(),
            ));
            return Ok(());
        }
        self.open(self.tables, table, columns, &written)
    }

    fn row(&mut self, values: Vec<Value>) -> Result<()> {
        if self.holding {
            self.held.last_mut().expect("held table").4.push(values);
            return Ok(());
        }
        self.write_row(&values)
    }

    fn end_table(&mut self) -> Result<()> {
        if self.holding {
            return Ok(());
        }
        self.close()
    }

    fn update(
        &mut self,
        table: &str,
        row: usize,
        _key: &[(String, Value)],
        set: &[(String, Value)],
    ) -> Result<()> {
        let Some((_, _, columns, _, rows)) = self.held.iter_mut().find(|(_, t, ..)| t == table)
        else {
            return Ok(());
        };
        let positions: HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        for (column, value) in set {
            if let Some(&i) = positions.get(column.as_str()) {
                rows[row][i] = value.clone();
            }
        }
        Ok(())
    }
}
