//! Evaluates CHECK and partial-index predicates on a generated row, with SQL's three-valued
//! logic: a CHECK passes unless it is FALSE (NULL passes), a partial index's predicate holds
//! only when TRUE.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::schema::{BinaryOp, Expr, Literal, UnaryOp};
use crate::value::Value;

/// A row's cells by column name, borrowed: evaluating a CHECK copies no cell.
pub type Lookup<'v> = dyn Fn(&str) -> Option<&'v Value> + 'v;

/// The value of `expr` for a row whose cells `lookup` returns; NULL for unknown. A bare column
/// comes back borrowed from the row.
pub fn eval<'v>(expr: &Expr, lookup: &Lookup<'v>) -> Cow<'v, Value> {
    let owned = Cow::Owned;
    match expr {
        Expr::Column(name) => lookup(name).map_or(Cow::Owned(Value::Null), Cow::Borrowed),
        Expr::Literal(literal) => owned(literal_value(literal)),
        Expr::Unary {
            op: UnaryOp::Not,
            expr,
        } => owned(match *eval(expr, lookup) {
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::Null,
        }),
        Expr::Unary {
            op: UnaryOp::Neg,
            expr,
        } => owned(match eval(expr, lookup).as_f64() {
            Some(x) => Value::Float(-x),
            None => Value::Null,
        }),
        Expr::Binary { op, left, right } => {
            owned(binary(*op, &eval(left, lookup), &eval(right, lookup)))
        }
        Expr::InList {
            expr,
            list,
            negated,
        } => {
            let value = eval(expr, lookup);
            if value.is_null() {
                return owned(Value::Null);
            }
            // Text literals compare in place: no value made per item and row.
            let found = list.iter().any(|item| match (item, &*value) {
                (Expr::Literal(Literal::Text(label)), Value::Text(text)) => label == text,
                _ => equals(&value, &eval(item, lookup)) == Some(true),
            });
            owned(Value::Bool(found != *negated))
        }
        Expr::IsNull { expr, negated } => {
            owned(Value::Bool(eval(expr, lookup).is_null() != *negated))
        }
        Expr::Like {
            expr,
            pattern,
            negated,
            case_insensitive,
        } => owned(match (&*eval(expr, lookup), &*eval(pattern, lookup)) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (value, pattern) => {
                let (mut text, mut pattern) = (value.to_string(), pattern.to_string());
                if *case_insensitive {
                    text = text.to_lowercase();
                    pattern = pattern.to_lowercase();
                }
                Value::Bool(like(&text, &pattern) != *negated)
            }
        }),
        Expr::Matches {
            expr,
            pattern,
            syntax,
            negated,
            case_insensitive,
        } => owned(match (&*eval(expr, lookup), &*eval(pattern, lookup)) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (value, pattern) => {
                let regex = syntax.to_regex(&pattern.to_string());
                match crate::value::pattern::matches(&regex, *case_insensitive, &value.to_string())
                {
                    Some(found) => Value::Bool(found != *negated),
                    None => Value::Null,
                }
            }
        }),
        Expr::Function { name, args } => owned(function(name, args, lookup)),
        Expr::Unsupported(_) => owned(Value::Null),
    }
}

/// True unless the predicate is FALSE: the CHECK rule.
pub fn check_passes(expr: &Expr, lookup: &Lookup<'_>) -> bool {
    !matches!(*eval(expr, lookup), Value::Bool(false))
}

/// True only when the predicate is TRUE: the partial-index rule.
pub fn predicate_holds(expr: &Expr, lookup: &Lookup<'_>) -> bool {
    match &*eval(expr, lookup) {
        Value::Bool(b) => *b,
        other => other.as_f64().is_some_and(|x| x != 0.0),
    }
}

fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Number(n) => n
            .parse::<i64>()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::Decimal(n.clone())),
        Literal::Text(t) => Value::Text(t.clone()),
    }
}

fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Text(x), Value::Text(y)) => Some(x == y),
        _ => match a.compare(b) {
            Some(ordering) => Some(ordering == Ordering::Equal),
            None => Some(a.to_string() == b.to_string()),
        },
    }
}

fn binary(op: BinaryOp, left: &Value, right: &Value) -> Value {
    let truth = |v: &Value| match v {
        Value::Bool(b) => Some(*b),
        Value::Null => None,
        other => other.as_f64().map(|x| x != 0.0),
    };
    match op {
        BinaryOp::And => match (truth(left), truth(right)) {
            (Some(false), _) | (_, Some(false)) => Value::Bool(false),
            (Some(true), Some(true)) => Value::Bool(true),
            _ => Value::Null,
        },
        BinaryOp::Or => match (truth(left), truth(right)) {
            (Some(true), _) | (_, Some(true)) => Value::Bool(true),
            (Some(false), Some(false)) => Value::Bool(false),
            _ => Value::Null,
        },
        BinaryOp::Eq | BinaryOp::NotEq => match equals(left, right) {
            Some(eq) => Value::Bool(eq == (op == BinaryOp::Eq)),
            None => Value::Null,
        },
        BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
            match left.compare(right) {
                Some(ordering) => Value::Bool(match op {
                    BinaryOp::Lt => ordering == Ordering::Less,
                    BinaryOp::LtEq => ordering != Ordering::Greater,
                    BinaryOp::Gt => ordering == Ordering::Greater,
                    _ => ordering != Ordering::Less,
                }),
                None => Value::Null,
            }
        }
        BinaryOp::Concat => match (left, right) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            _ => Value::Text(format!("{left}{right}")),
        },
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
            match (left.as_f64(), right.as_f64()) {
                (Some(a), Some(b)) => Value::Float(match op {
                    BinaryOp::Add => a + b,
                    BinaryOp::Sub => a - b,
                    BinaryOp::Mul => a * b,
                    BinaryOp::Div if b != 0.0 => a / b,
                    BinaryOp::Mod if b != 0.0 => a % b,
                    _ => return Value::Null,
                }),
                _ => Value::Null,
            }
        }
    }
}

fn function(name: &str, args: &[Expr], lookup: &Lookup<'_>) -> Value {
    let arg = |i: usize| {
        args.get(i)
            .map(|a| eval(a, lookup).into_owned())
            .unwrap_or(Value::Null)
    };
    match name {
        "length" | "char_length" | "character_length" => match arg(0) {
            Value::Null => Value::Null,
            Value::Bytes(b) => Value::Int(b.len() as i64),
            value => Value::Int(value.to_string().chars().count() as i64),
        },
        "octet_length" => match arg(0) {
            Value::Null => Value::Null,
            value => Value::Int(value.to_string().len() as i64),
        },
        "lower" | "upper" | "trim" | "btrim" => match arg(0) {
            Value::Null => Value::Null,
            value => {
                let text = value.to_string();
                Value::Text(match name {
                    "lower" => text.to_lowercase(),
                    "upper" => text.to_uppercase(),
                    _ => text.trim().to_string(),
                })
            }
        },
        "abs" => arg(0)
            .as_f64()
            .map_or(Value::Null, |x| Value::Float(x.abs())),
        "coalesce" => args
            .iter()
            .map(|a| eval(a, lookup).into_owned())
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null),
        "json_valid" => Value::Bool(true),
        "regexp_like" => match (arg(0), arg(1)) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (text, pattern) => {
                crate::value::pattern::matches(&pattern.to_string(), false, &text.to_string())
                    .map_or(Value::Null, Value::Bool)
            }
        },
        "position" | "strpos" | "instr" | "locate" => {
            // position(sub IN s) arrives as (sub, s); strpos/instr take (s, sub); locate (sub, s).
            let (needle, haystack) = match name {
                "strpos" | "instr" => (arg(1), arg(0)),
                _ => (arg(0), arg(1)),
            };
            match (needle, haystack) {
                (Value::Null, _) | (_, Value::Null) => Value::Null,
                (needle, haystack) => {
                    let (needle, haystack) = (needle.to_string(), haystack.to_string());
                    Value::Int(
                        haystack
                            .find(&needle)
                            .map_or(0, |at| haystack[..at].chars().count() as i64 + 1),
                    )
                }
            }
        }
        "substring" | "substr" => match arg(0) {
            Value::Null => Value::Null,
            value => {
                let text: Vec<char> = value.to_string().chars().collect();
                let start = arg(1).as_f64().unwrap_or(1.0) as i64;
                let len = args.get(2).map(|_| arg(2).as_f64().unwrap_or(0.0) as i64);
                let from = (start - 1).max(0) as usize;
                let to = match len {
                    Some(len) => ((start - 1 + len).max(0) as usize).min(text.len()),
                    None => text.len(),
                };
                Value::Text(
                    text.get(from..to.max(from))
                        .map_or(String::new(), |c| c.iter().collect()),
                )
            }
        },
        "ltrim" | "rtrim" => match arg(0) {
            Value::Null => Value::Null,
            value => {
                let text = value.to_string();
                Value::Text(
                    if name == "ltrim" {
                        text.trim_start()
                    } else {
                        text.trim_end()
                    }
                    .to_string(),
                )
            }
        },
        "date_part" | "datepart" => date_part(&arg(0).to_string(), &arg(1)),
        "year" | "month" | "day" | "hour" | "minute" | "second" => date_part(name, &arg(0)),
        "num_nonnulls" => {
            Value::Int(args.iter().filter(|a| !eval(a, lookup).is_null()).count() as i64)
        }
        "num_nulls" => Value::Int(args.iter().filter(|a| eval(a, lookup).is_null()).count() as i64),
        "array_length" | "cardinality" | "json_array_length" | "jsonb_array_length" => {
            match arg(0) {
                Value::Array(items) => Value::Int(items.len() as i64),
                Value::Json(serde_json::Value::Array(items)) => Value::Int(items.len() as i64),
                _ => Value::Null,
            }
        }
        "jsonb_typeof" | "json_typeof" => match arg(0) {
            Value::Json(json) => Value::Text(
                match json {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "boolean",
                    serde_json::Value::Number(_) => "number",
                    serde_json::Value::String(_) => "string",
                    serde_json::Value::Array(_) => "array",
                    serde_json::Value::Object(_) => "object",
                }
                .to_string(),
            ),
            _ => Value::Null,
        },
        "now" | "current_timestamp" | "localtimestamp" | "current_date" | "curdate" | "sysdate"
        | "getdate" => {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let Some(now) = chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.naive_utc())
            else {
                return Value::Null;
            };
            if matches!(name, "current_date" | "curdate") {
                Value::Date(now.date())
            } else {
                Value::Timestamp(now)
            }
        }
        _ => Value::Null,
    }
}

/// `date_part(field, value)` for dates and timestamps; NULL for other values or fields.
fn date_part(field: &str, value: &Value) -> Value {
    use chrono::{Datelike, Timelike};
    let (date, time) = match value {
        Value::Date(d) => (*d, chrono::NaiveTime::MIN),
        Value::Timestamp(t) => (t.date(), t.time()),
        _ => return Value::Null,
    };
    let part = match field.trim_matches('\'').to_lowercase().as_str() {
        "year" | "years" => i64::from(date.year()),
        "month" | "months" => i64::from(date.month()),
        "day" | "days" => i64::from(date.day()),
        "hour" | "hours" => i64::from(time.hour()),
        "minute" | "minutes" => i64::from(time.minute()),
        "second" | "seconds" => i64::from(time.second()),
        "dow" => i64::from(date.weekday().num_days_from_sunday()),
        "isodow" => i64::from(date.weekday().number_from_monday()),
        "doy" => i64::from(date.ordinal()),
        "quarter" => i64::from((date.month() - 1) / 3 + 1),
        "epoch" => date.and_time(time).and_utc().timestamp(),
        _ => return Value::Null,
    };
    Value::Int(part)
}

/// SQL LIKE: `%` any run, `_` any one character.
fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    let (mut t, mut p) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || pattern[p] == text[t]) {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == '%' {
        p += 1;
    }
    p == pattern.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Dialect, parse_expr};

    fn passes(check: &str, row: &[(&str, Value)]) -> bool {
        let expr = parse_expr(check, Dialect::Postgres).unwrap();
        let lookup = |name: &str| row.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
        check_passes(&expr, &lookup)
    }

    #[test]
    fn checks_follow_sql_logic() {
        assert!(passes("x > 5", &[("x", Value::Int(6))]));
        assert!(!passes("x > 5", &[("x", Value::Int(5))]));
        assert!(
            passes("x > 5", &[("x", Value::Null)]),
            "NULL passes a CHECK"
        );
        assert!(passes(
            "x BETWEEN 1 AND 3",
            &[("x", Value::Decimal("2.50".into()))]
        ));
        assert!(!passes(
            "refills IN (0, 1, 2)",
            &[("refills", Value::Int(3))]
        ));
        assert!(passes(
            "ends_at > starts_at",
            &[("ends_at", Value::Int(2)), ("starts_at", Value::Int(1))]
        ));
        assert!(!passes(
            "length(code) = 5",
            &[("code", Value::Text("ABCD".into()))]
        ));
        assert!(passes(
            "sku LIKE 'AB-%'",
            &[("sku", Value::Text("AB-123".into()))]
        ));
        assert!(!passes(
            "sku LIKE 'AB-%'",
            &[("sku", Value::Text("XAB-123".into()))]
        ));
        assert!(passes(
            "discount <= price",
            &[
                ("discount", Value::Decimal("1.5".into())),
                ("price", Value::Decimal("2".into()))
            ]
        ));
        assert!(passes(
            "birth_date > '1900-01-01'",
            &[(
                "birth_date",
                Value::Date(chrono::NaiveDate::from_ymd_opt(1980, 5, 1).unwrap())
            )]
        ));
        assert!(!passes("x > 5 AND x < 3", &[("x", Value::Int(4))]));
        let day = |y, m, d| Value::Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert!(passes(
            "EXTRACT(year FROM d) >= 2000",
            &[("d", day(2001, 1, 1))]
        ));
        assert!(!passes(
            "date_part('month', d) <= 6",
            &[("d", day(2001, 7, 1))]
        ));
        assert!(passes(
            "slug = lower(slug)",
            &[("slug", Value::Text("abc".into()))]
        ));
        assert!(!passes(
            "btrim(name) <> ''",
            &[("name", Value::Text("  ".into()))]
        ));
        assert!(passes(
            "code ~ '^[a-z]+$'",
            &[("code", Value::Text("abc".into()))]
        ));
        assert!(!passes(
            "code !~ '^[a-z]+$'",
            &[("code", Value::Text("abc".into()))]
        ));
        assert!(passes(
            "code ~* '^[a-z]+$'",
            &[("code", Value::Text("ABC".into()))]
        ));
        assert!(!passes(
            "code SIMILAR TO '[0-9]{2}'",
            &[("code", Value::Text("123".into()))]
        ));
        assert!(passes(
            "num_nonnulls(a, b) >= 1",
            &[("a", Value::Null), ("b", Value::Int(1))]
        ));
        assert!(passes(
            "position('@' IN e) > 1",
            &[("e", Value::Text("a@b".into()))]
        ));
        assert!(!passes(
            "position('@' IN e) > 1",
            &[("e", Value::Text("@b".into()))]
        ));
        assert!(!passes(
            "substring(c FROM 1 FOR 2) = 'ab'",
            &[("c", Value::Text("xyz".into()))]
        ));
    }
}
