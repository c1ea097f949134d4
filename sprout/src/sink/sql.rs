//! SQL INSERT scripts per dialect: identifiers always quoted, values always written as escaped
//! literals, multi-row statements, then the UPDATEs that close broken foreign-key cycles, then
//! (PostgreSQL) the sequences of serial and identity columns moved past the inserted keys.

use crate::generate::{Dataset, TableRows, Value};
use crate::schema::{Deferrable, Dialect, Identity, Schema, SqlType, Table};

/// Rows per INSERT statement.
pub const DEFAULT_BATCH: usize = 200;

/// `name` quoted for `dialect`: `"a""b"` (PostgreSQL, SQLite) or `` `a``b` `` (MySQL).
pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// `text` as a string literal for `dialect`.
pub fn quote_text(text: &str, dialect: Dialect) -> String {
    match dialect {
        // MySQL treats backslash as an escape character inside strings by default.
        Dialect::Mysql => {
            let mut out = String::with_capacity(text.len() + 2);
            out.push('\'');
            for c in text.chars() {
                match c {
                    '\'' => out.push_str("''"),
                    '\\' => out.push_str("\\\\"),
                    '\0' => out.push_str("\\0"),
                    other => out.push(other),
                }
            }
            out.push('\'');
            out
        }
        _ => format!("'{}'", text.replace('\'', "''")),
    }
}

/// `value`, for a column of type `ty`, as a SQL literal for `dialect`.
pub fn literal(value: &Value, ty: &SqlType, dialect: Dialect) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Bool(b) => match dialect {
            Dialect::Sqlite => u8::from(*b).to_string(),
            _ => if *b { "TRUE" } else { "FALSE" }.to_string(),
        },
        Value::Int(i) => i.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Decimal(d) if *ty == SqlType::Money => quote_text(d, dialect),
        Value::Decimal(d) => d.clone(),
        Value::Bytes(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            match dialect {
                Dialect::Postgres => format!("'\\x{hex}'"),
                _ => format!("X'{hex}'"),
            }
        }
        Value::Timestamp(_) if *ty == SqlType::TimestampTz && dialect == Dialect::Postgres => {
            quote_text(&format!("{value}+00"), dialect)
        }
        other => quote_text(&other.to_string(), dialect),
    }
}

/// The statements that load `data` into an empty database of `schema`, in order. Run them in
/// one transaction.
pub fn insert_statements(
    schema: &Schema,
    data: &Dataset,
    dialect: Dialect,
    batch: usize,
) -> Vec<String> {
    let mut statements = Vec::new();
    if dialect == Dialect::Postgres && has_deferrable(schema) {
        statements.push("SET CONSTRAINTS ALL DEFERRED".to_string());
    }
    for rows in &data.tables {
        let Some(table) = schema.table(&rows.name) else {
            continue;
        };
        statements.extend(inserts(table, rows, dialect, batch.max(1)));
    }
    for rows in &data.tables {
        let Some(table) = schema.table(&rows.name) else {
            continue;
        };
        statements.extend(deferred_updates(table, rows, dialect));
    }
    if dialect == Dialect::Postgres {
        for rows in &data.tables {
            let Some(table) = schema.table(&rows.name) else {
                continue;
            };
            statements.extend(advance_sequences(table, rows));
        }
    }
    statements
}

fn has_deferrable(schema: &Schema) -> bool {
    schema
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .any(|fk| fk.deferrable != Deferrable::No)
}

fn inserts(table: &Table, rows: &TableRows, dialect: Dialect, batch: usize) -> Vec<String> {
    let written: Vec<usize> = (0..rows.columns.len())
        .filter(|&i| rows.written[i])
        .collect();
    if written.is_empty() || rows.rows.is_empty() {
        return Vec::new();
    }
    let deferred: Vec<bool> = rows
        .columns
        .iter()
        .map(|c| rows.deferred.iter().any(|cols| cols.contains(c)))
        .collect();
    let column_list: Vec<String> = written
        .iter()
        .map(|&i| quote_ident(&rows.columns[i], dialect))
        .collect();
    let overriding = dialect == Dialect::Postgres
        && written
            .iter()
            .any(|&i| table.columns[i].identity == Some(Identity::Always));
    let head = format!(
        "INSERT INTO {} ({}){} VALUES\n",
        quote_ident(&table.name, dialect),
        column_list.join(", "),
        if overriding {
            " OVERRIDING SYSTEM VALUE"
        } else {
            ""
        }
    );
    rows.rows
        .chunks(batch)
        .map(|chunk| {
            let tuples: Vec<String> = chunk
                .iter()
                .map(|values| {
                    let cells: Vec<String> = written
                        .iter()
                        .map(|&i| {
                            if deferred[i] {
                                "NULL".to_string()
                            } else {
                                literal(&values[i], &table.columns[i].ty, dialect)
                            }
                        })
                        .collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            format!("{head}{}", tuples.join(",\n"))
        })
        .collect()
}

fn deferred_updates(table: &Table, rows: &TableRows, dialect: Dialect) -> Vec<String> {
    let Some(pk) = &table.primary_key else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for columns in &rows.deferred {
        let positions: Vec<usize> = columns
            .iter()
            .filter_map(|c| rows.column_index(c))
            .collect();
        let key: Vec<usize> = pk
            .columns
            .iter()
            .filter_map(|c| rows.column_index(c))
            .collect();
        for values in &rows.rows {
            if positions.iter().all(|&p| values[p].is_null()) {
                continue;
            }
            let set: Vec<String> = positions
                .iter()
                .map(|&p| {
                    format!(
                        "{} = {}",
                        quote_ident(&rows.columns[p], dialect),
                        literal(&values[p], &table.columns[p].ty, dialect)
                    )
                })
                .collect();
            let filter: Vec<String> = key
                .iter()
                .map(|&p| {
                    format!(
                        "{} = {}",
                        quote_ident(&rows.columns[p], dialect),
                        literal(&values[p], &table.columns[p].ty, dialect)
                    )
                })
                .collect();
            out.push(format!(
                "UPDATE {} SET {} WHERE {}",
                quote_ident(&table.name, dialect),
                set.join(", "),
                filter.join(" AND ")
            ));
        }
    }
    out
}

fn advance_sequences(table: &Table, rows: &TableRows) -> Vec<String> {
    table
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| c.identity.is_some() && rows.written[*i] && !rows.rows.is_empty())
        .map(|(_, c)| {
            let table_name = quote_text(&quote_ident(&table.name, Dialect::Postgres), Dialect::Postgres);
            let column = quote_ident(&c.name, Dialect::Postgres);
            format!(
                "SELECT setval(pg_get_serial_sequence({table_name}, {}), (SELECT MAX({column}) FROM {}))",
                quote_text(&c.name, Dialect::Postgres),
                quote_ident(&table.name, Dialect::Postgres)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_text_are_escaped_per_dialect() {
        assert_eq!(quote_ident("order", Dialect::Postgres), "\"order\"");
        assert_eq!(quote_ident("we\"ird", Dialect::Sqlite), "\"we\"\"ird\"");
        assert_eq!(quote_ident("se`lect", Dialect::Mysql), "`se``lect`");
        assert_eq!(quote_text("it's", Dialect::Postgres), "'it''s'");
        assert_eq!(quote_text("a\\b'", Dialect::Mysql), "'a\\\\b'''");
        assert_eq!(quote_text("a\\b", Dialect::Postgres), "'a\\b'");
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
