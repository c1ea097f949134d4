//! PostgreSQL COPY text format: the rows of a table as tab-separated lines, for `COPY .. FROM
//! STDIN` over a live connection (seeding) or in a psql script (`--format copy`).

use std::sync::Arc;

use super::sql::{RowHead, StatementSink, quote_ident, quote_table};
use super::{Output, write_error};
use crate::error::Result;
use crate::schema::{Dialect, SqlType};
use crate::value::Value;

pub use crate::dialect::COPY_BATCH;

/// `COPY "t" ("a", "b") FROM STDIN`.
pub fn copy_statement(head: &RowHead) -> String {
    let columns: Vec<String> = head
        .columns
        .iter()
        .map(|c| quote_ident(c, Dialect::Postgres))
        .collect();
    format!(
        "COPY {} ({}) FROM STDIN",
        quote_table(&head.table, Dialect::Postgres),
        columns.join(", ")
    )
}

/// Appends one row as a COPY text line (with its newline) to `out`.
pub fn push_copy_line(out: &mut String, row: &[Value], types: &[SqlType]) {
    for (i, (value, ty)) in row.iter().zip(types).enumerate() {
        if i > 0 {
            out.push('\t');
        }
        push_cell(out, value, ty);
    }
    out.push('\n');
}

fn push_cell(out: &mut String, value: &Value, ty: &SqlType) {
    let text = match value {
        Value::Null => return out.push_str("\\N"),
        Value::Bool(b) => return out.push(if *b { 't' } else { 'f' }),
        Value::Float(x) => format!("{x:?}"),
        Value::Bytes(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("\\x{hex}")
        }
        Value::Timestamp(_) if *ty == SqlType::TimestampTz => format!("{value}+00"),
        other => other.to_string(),
    };
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
}

/// A psql script that loads rows with `COPY .. FROM stdin` blocks (what `pg_dump` writes), the
/// other statements as in a SQL script. Load it with `psql -f`.
pub struct CopyScript(pub Output);

impl StatementSink for CopyScript {
    fn start_part(&mut self, name: &str) -> Result<()> {
        self.0.start(name, "sql")
    }

    fn statement(&mut self, sql: String) -> Result<()> {
        writeln!(self.0.writer(), "{sql};\n").map_err(write_error("COPY output"))
    }

    fn row_batch(&self, _columns: usize) -> Option<usize> {
        Some(COPY_BATCH)
    }

    fn rows(&mut self, head: &Arc<RowHead>, rows: Vec<Vec<Value>>) -> Result<()> {
        let mut block = format!("{};\n", copy_statement(head).replace("STDIN", "stdin"));
        for row in &rows {
            push_copy_line(&mut block, row, &head.types);
        }
        block.push_str("\\.\n\n");
        self.0
            .writer()
            .write_all(block.as_bytes())
            .map_err(write_error("COPY output"))
    }

    fn close(&mut self) -> Result<()> {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_copy_specials() {
        let mut line = String::new();
        push_copy_line(
            &mut line,
            &[
                Value::Text("a\tb\\c\nd".into()),
                Value::Null,
                Value::Bool(true),
                Value::Bytes(vec![0, 255]),
            ],
            &[
                SqlType::Text,
                SqlType::Text,
                SqlType::Bool,
                SqlType::Bytes { max_len: None },
            ],
        );
        assert_eq!(line, "a\\tb\\\\c\\nd\t\\N\tt\t\\\\x00ff\n");
    }
}
