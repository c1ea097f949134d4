//! What seeding reads of the rows already in the database (appending, or seeding a subset):
//! the keys foreign keys may reference, sequence maxima and the UNIQUE keys already taken.

use std::collections::BTreeMap;

use crate::live::Live;
use crate::plan::{Existing, Plan};
use crate::sink::sql::{quote_ident, quote_table};

/// Reads what generation needs of the rows already there: for every table the columns that
/// foreign keys reference; for the tables seeded now (when appending) the sequence maxima and
/// the keys UNIQUE constraints have taken. Values come back as the database's text.
pub(super) async fn read_existing(
    conn: &mut Live<'_>,
    plan: &Plan,
    appending: bool,
) -> std::result::Result<BTreeMap<String, Existing>, sqlx::Error> {
    let dialect = conn.dialect();
    use crate::plan::spec::Generator;
    use crate::value::Value;
    let text = dialect.sql().text_type();
    // Binary columns come back as hex, everything else as the database's text.
    let select = |table: &crate::schema::Table, columns: &[String]| {
        let list: Vec<String> = columns
            .iter()
            .map(|c| {
                let quoted = quote_ident(c, dialect);
                match table.column(c).map(|c| &c.ty) {
                    Some(crate::schema::SqlType::Bytes { .. }) => dialect.sql().hex_of(&quoted),
                    _ => format!("CAST({quoted} AS {text})"),
                }
            })
            .collect();
        format!(
            "SELECT {} FROM {}",
            list.join(", "),
            quote_table(&table.name, dialect)
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
    let mut out = BTreeMap::new();
    for table in &plan.schema.tables {
        let mut existing = Existing::default();
        let referenced = referenced.get(&table.name).cloned().unwrap_or_default();
        if !referenced.is_empty() {
            let rows = conn.fetch_text(&select(table, &referenced)).await?;
            existing.rows = rows
                .into_iter()
                .map(|row| {
                    referenced
                        .iter()
                        .zip(row)
                        .map(|(c, text)| value(table, c, text))
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
                        quote_table(&table.name, dialect)
                    );
                    let max = conn.fetch_text(&query).await?.into_iter().next();
                    let max = max.and_then(|row| row.into_iter().next().flatten());
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
                        .filter(|u| u.expressions.is_empty())
                        .filter_map(|u| Some((u.columns.as_slice(), Some(u.predicate.as_ref()?)))),
                );
            for (columns, predicate) in keys {
                let mut query = select(table, columns);
                if let Some(predicate) = predicate {
                    query.push_str(&format!(" WHERE {}", predicate.sql));
                }
                let rows = conn.fetch_text(&query).await?;
                // Keys in the form generated values print in (hex for binary).
                let keys = rows
                    .into_iter()
                    .filter_map(|row| {
                        columns
                            .iter()
                            .zip(row)
                            .map(|(c, text)| {
                                let cell = value(table, c, text);
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
