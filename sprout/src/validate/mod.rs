//! Validation of a generated [`Dataset`] against its schema: primary keys and UNIQUE (partial
//! ones by their predicate), NOT NULL, foreign keys, CHECKs (evaluated on the parsed
//! expression), enum labels, text lengths, integer widths and decimal precision. Every
//! violation names its table, column, row and constraint.

#[cfg(feature = "seed")]
pub mod live;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::generate::eval::{check_passes, predicate_holds};
use crate::generate::{Dataset, TableRows};
use crate::schema::{Schema, SqlType, Table};
use crate::value::Value;

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The table.
    pub table: String,
    /// The column(s), comma-separated.
    pub column: String,
    /// The row index in the dataset.
    pub row: usize,
    /// The constraint, as SQL-ish text.
    pub constraint: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{} row {}: {}: {}",
            self.table, self.column, self.row, self.constraint, self.message
        )
    }
}

/// Every violation of `schema`'s constraints in `data`.
pub fn validate(schema: &Schema, data: &Dataset) -> Vec<Violation> {
    let mut out = Vec::new();
    for rows in &data.tables {
        let Some(table) = schema.table(&rows.name) else {
            continue;
        };
        validate_table(schema, table, rows, data, &mut out);
    }
    out
}

fn validate_table(
    schema: &Schema,
    table: &Table,
    rows: &TableRows,
    data: &Dataset,
    out: &mut Vec<Violation>,
) {
    let index: HashMap<&str, usize> = rows
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut violation = |row: usize, column: &str, constraint: String, message: String| {
        out.push(Violation {
            table: table.name.clone(),
            column: column.to_string(),
            row,
            constraint,
            message,
        });
    };
    for (r, values) in rows.rows.iter().enumerate() {
        let lookup = |name: &str| index.get(name).map(|&i| &values[i]);
        for (i, column) in table.columns.iter().enumerate() {
            if !rows.written[i] {
                continue;
            }
            let value = &values[i];
            if value.is_null() {
                if !column.nullable {
                    violation(r, &column.name, "NOT NULL".into(), "is NULL".into());
                }
                continue;
            }
            if let Some(problem) = type_problem(schema, &column.ty, value) {
                violation(r, &column.name, format!("type {:?}", column.ty), problem);
            }
        }
        for check in &table.checks {
            if !check_passes(&check.expr, &lookup) {
                let columns = check.expr.columns().join(", ");
                violation(
                    r,
                    &columns,
                    format!("CHECK ({})", check.sql),
                    "evaluates to false".into(),
                );
            }
        }
    }
    // Keys.
    let keys = table
        .primary_key
        .iter()
        .map(|pk| (pk.columns.clone(), &[][..], None, "PRIMARY KEY"))
        .chain(table.uniques.iter().map(|u| {
            (
                u.columns.clone(),
                u.expressions.as_slice(),
                u.predicate.as_ref(),
                "UNIQUE",
            )
        }));
    for (columns, expressions, predicate, kind) in keys {
        let columns: Vec<String> = columns
            .into_iter()
            .chain(expressions.iter().map(|e| e.to_string()))
            .collect();
        let positions: Vec<usize> = columns
            .iter()
            .filter_map(|c| index.get(c.as_str()).copied())
            .collect();
        let mut seen = HashSet::new();
        for (r, values) in rows.rows.iter().enumerate() {
            let lookup = |name: &str| index.get(name).map(|&i| &values[i]);
            if positions.iter().any(|&p| values[p].is_null()) {
                continue;
            }
            if let Some(p) = predicate
                && !predicate_holds(&p.expr, &lookup)
            {
                continue;
            }
            let mut key: Vec<String> = positions.iter().map(|&p| values[p].to_string()).collect();
            let mut null = false;
            for expression in expressions {
                match &*crate::generate::eval::eval(expression, &lookup) {
                    Value::Null => null = true,
                    value => key.push(value.to_string()),
                }
            }
            if null {
                continue;
            }
            if !seen.insert(key.clone()) {
                out.push(Violation {
                    table: table.name.clone(),
                    column: columns.join(", "),
                    row: r,
                    constraint: format!("{kind} ({})", columns.join(", ")),
                    message: format!("duplicate ({})", key.join(", ")),
                });
            }
        }
    }
    // Foreign keys.
    for fk in &table.foreign_keys {
        let Some(parent) = data.table(&fk.ref_table) else {
            continue;
        };
        let parent_positions: Vec<usize> = fk
            .ref_columns
            .iter()
            .filter_map(|c| parent.column_index(c))
            .collect();
        let existing: HashSet<Vec<String>> = parent
            .rows
            .iter()
            .map(|v| parent_positions.iter().map(|&p| v[p].to_string()).collect())
            .collect();
        let positions: Vec<usize> = fk
            .columns
            .iter()
            .filter_map(|c| index.get(c.as_str()).copied())
            .collect();
        for (r, values) in rows.rows.iter().enumerate() {
            if positions.iter().any(|&p| values[p].is_null()) {
                continue;
            }
            let key: Vec<String> = positions.iter().map(|&p| values[p].to_string()).collect();
            if !existing.contains(&key) {
                out.push(Violation {
                    table: table.name.clone(),
                    column: fk.columns.join(", "),
                    row: r,
                    constraint: format!(
                        "FOREIGN KEY ({}) REFERENCES {}",
                        fk.columns.join(", "),
                        fk.ref_table
                    ),
                    message: format!("no parent ({})", key.join(", ")),
                });
            }
        }
    }
}

fn type_problem(schema: &Schema, ty: &SqlType, value: &Value) -> Option<String> {
    if let Some(n) = ty.max_chars() {
        let len = value.to_string().chars().count();
        return (len > n as usize).then(|| format!("{len} characters, more than {n}"));
    }
    match (ty, value) {
        (SqlType::Int { bytes, unsigned }, Value::Int(i)) => {
            let bits = u32::from(*bytes) * 8;
            let (lo, hi): (i128, i128) = if *unsigned {
                (0, (1i128 << bits) - 1)
            } else {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            };
            (!(lo..=hi).contains(&i128::from(*i)))
                .then(|| format!("{i} is out of range {lo}..={hi}"))
        }
        (
            SqlType::Decimal {
                precision: Some(p),
                scale,
            },
            Value::Decimal(d),
        ) => {
            let (whole, fraction) = d
                .trim_start_matches('-')
                .split_once('.')
                .unwrap_or((d.trim_start_matches('-'), ""));
            let scale = scale.unwrap_or(0) as usize;
            let whole_digits = whole.trim_start_matches('0').len();
            (fraction.len() > scale || whole_digits > *p as usize - scale)
                .then(|| format!("{d} does not fit numeric({p},{scale})"))
        }
        (SqlType::Enum { name }, v) => {
            let labels = &schema.enum_type(name)?.labels;
            (!labels.contains(&v.to_string())).then(|| format!("`{v}` is not a label of {name}"))
        }
        _ => None,
    }
}
