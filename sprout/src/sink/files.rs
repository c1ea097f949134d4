//! CSV, JSON and JSONL writers. Rows carry their final values (foreign keys of broken cycles
//! included), since these formats load without constraint checks or are read by programs.
//! Only the columns sprout writes appear; NULL is an empty CSV field and JSON `null`.

use std::collections::HashMap;

use super::{Format, Output, RowSink, write_error};
use crate::error::{Error, Result};
use crate::value::Value;

type Held = (usize, String, Vec<String>, Vec<usize>, Vec<Vec<Value>>);

/// Where the one CSV writer puts its bytes until they are moved to the output file.
#[derive(Clone, Default)]
struct CsvBytes(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CsvBytes {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes gathered before they move to the output file.
const CSV_CHUNK: usize = 1 << 20;

/// Writes CSV, JSON or JSONL; rows of broken cycles are held until their UPDATE arrives, then
/// written under their own place in the insertion order.
pub struct FileWriter {
    format: Format,
    out: Output,
    columns: Vec<String>,
    written: Vec<usize>,
    /// Rows waiting for an update (tables with broken cycles): number, table, columns,
    /// written columns, rows.
    held: Vec<Held>,
    tables: usize,
    holding: bool,
    first_row: bool,
    /// One CSV writer for the whole run (quoting by the `csv` crate), and its bytes.
    csv: csv::Writer<CsvBytes>,
    csv_bytes: CsvBytes,
    /// One cell's text, reused.
    cell: String,
    /// JSON and JSONL: each written column's key, quoted and escaped, with its colon.
    json_keys: Vec<String>,
    /// JSONL: the start of every line (`{"table":"t","row":`).
    jsonl_head: String,
}

impl FileWriter {
    /// A writer of `format` to `out`.
    pub fn new(format: Format, out: Output) -> FileWriter {
        let csv_bytes = CsvBytes::default();
        FileWriter {
            format,
            out,
            columns: Vec::new(),
            written: Vec::new(),
            held: Vec::new(),
            tables: 0,
            holding: false,
            first_row: true,
            // Flexible: one writer serves tables of different widths.
            csv: csv::WriterBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_writer(csv_bytes.clone()),
            csv_bytes,
            cell: String::new(),
            json_keys: Vec::new(),
            jsonl_head: String::new(),
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
        self.columns = columns.to_vec();
        self.written = written.to_vec();
        self.first_row = true;
        let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
        self.json_keys = written
            .iter()
            .map(|&i| format!("{}:", quoted(&columns[i])))
            .collect();
        self.jsonl_head = format!("{{\"table\":{},\"row\":", quoted(table));
        self.out.start_at(number, table, self.format.extension())?;
        let what = format!("{} output", self.format.extension());
        match self.format {
            Format::Csv => {
                for &i in written {
                    self.csv.write_field(&columns[i]).map_err(csv_error)?;
                }
                self.end_csv_record()
            }
            Format::Json => write!(self.out.writer(), "[").map_err(write_error(&what)),
            _ => Ok(()),
        }
    }

    fn close(&mut self) -> Result<()> {
        if self.format == Format::Csv {
            self.move_csv_bytes()?;
        }
        if self.format == Format::Json {
            let end = if self.first_row { "]\n" } else { "\n]\n" };
            self.out
                .writer()
                .write_all(end.as_bytes())
                .map_err(write_error("json output"))?;
        }
        Ok(())
    }

    /// Ends the CSV record; moves the gathered bytes to the output past [`CSV_CHUNK`].
    fn end_csv_record(&mut self) -> Result<()> {
        self.csv.write_record(None::<&[u8]>).map_err(csv_error)?;
        let gathered = self.csv_bytes.0.lock().map_or(0, |b| b.len());
        if gathered >= CSV_CHUNK {
            self.move_csv_bytes()?;
        }
        Ok(())
    }

    /// Moves everything the CSV writer holds to the output.
    fn move_csv_bytes(&mut self) -> Result<()> {
        self.csv.flush().map_err(write_error("csv output"))?;
        let mut bytes = self.csv_bytes.0.lock().unwrap_or_else(|p| p.into_inner());
        self.out
            .writer()
            .write_all(&bytes)
            .map_err(write_error("csv output"))?;
        bytes.clear();
        Ok(())
    }

    /// A row as one JSON object, its written columns in order, straight to the output: no
    /// map built per row.
    fn write_object(&mut self, row: &[Value]) -> std::io::Result<()> {
        let out = self.out.writer();
        out.write_all(b"{")?;
        for (n, (&i, key)) in self.written.iter().zip(&self.json_keys).enumerate() {
            if n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(key.as_bytes())?;
            serde_json::to_writer(&mut *out, &row[i])?;
        }
        out.write_all(b"}")
    }

    fn write_row(&mut self, row: &[Value]) -> Result<()> {
        match self.format {
            Format::Csv => {
                for &i in &self.written {
                    // Text goes to the writer as it is; other cells through one reused buffer.
                    let field = match &row[i] {
                        Value::Text(text) => text.as_str(),
                        other => {
                            self.cell.clear();
                            push_csv_text(&mut self.cell, other);
                            self.cell.as_str()
                        }
                    };
                    self.csv.write_field(field).map_err(csv_error)?;
                }
                self.end_csv_record()
            }
            Format::Json => {
                let separator = if self.first_row { "\n  " } else { ",\n  " };
                self.first_row = false;
                self.out
                    .writer()
                    .write_all(separator.as_bytes())
                    .and_then(|()| self.write_object(row))
                    .map_err(write_error("json output"))
            }
            Format::Jsonl => self
                .out
                .writer()
                .write_all(self.jsonl_head.as_bytes())
                .and_then(|()| self.write_object(row))
                .and_then(|()| self.out.writer().write_all(b"}\n"))
                .map_err(write_error("jsonl output")),
            Format::Sql | Format::Copy => Err(Error::Schema(
                "FileWriter does not write SQL; use SqlWriter".into(),
            )),
        }
    }
}

/// A cell as CSV text: `t`/`f` for booleans (what PostgreSQL COPY and most loaders read),
/// the plain text of everything else.
/// A cell's CSV text: empty for NULL, `t`/`f` for booleans (as PostgreSQL's COPY reads them).
fn push_csv_text(out: &mut String, value: &Value) {
    use std::fmt::Write;
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Value::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Io {
        path: "csv output".into(),
        source: e.into(),
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
