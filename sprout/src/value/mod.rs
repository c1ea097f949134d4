//! The value layer, under `plan` and `generate`: the cell [`Value`], the [`RowSink`] that rows
//! stream into, each cell's random stream ([`rng`]), and the drawing of values that need no
//! plan: strings a regex matches ([`pattern`]) and literals of named PostgreSQL types
//! ([`named_types`]). It depends on `schema` and `error` only.

pub mod named_types;
pub mod pattern;
pub mod rng;

use std::cmp::Ordering;

use crate::error::Result;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Serialize, Serializer};

/// One generated cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// Boolean.
    Bool(bool),
    /// Integer (every width, signed and unsigned up to `i64::MAX`).
    Int(i64),
    /// Binary floating point.
    Float(f64),
    /// Exact decimal, as its canonical text (`12.50`).
    Decimal(String),
    /// Text (also enums, network addresses, intervals and unknown types).
    Text(String),
    /// Binary data.
    Bytes(Vec<u8>),
    /// Date.
    Date(NaiveDate),
    /// Time of day.
    Time(NaiveTime),
    /// Timestamp (UTC for `timestamptz` columns).
    Timestamp(NaiveDateTime),
    /// UUID.
    Uuid(uuid::Uuid),
    /// JSON document.
    Json(serde_json::Value),
    /// Array of values.
    Array(Vec<Value>),
}

impl Value {
    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A number for arithmetic and comparisons, where the value is numeric.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Decimal(d) => d.parse().ok(),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }

    /// Compares two values of compatible kinds (numbers with numbers, text with text, dates
    /// with dates and with their ISO text); `None` when they do not compare.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Null, _) | (_, Value::Null) => None,
            (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            (Value::Time(a), Value::Time(b)) => Some(a.cmp(b)),
            (Value::Timestamp(a), Value::Timestamp(b)) => Some(a.cmp(b)),
            (Value::Bytes(a), Value::Bytes(b)) => Some(a.cmp(b)),
            (Value::Uuid(a), Value::Uuid(b)) => Some(a.cmp(b)),
            (Value::Date(_) | Value::Time(_) | Value::Timestamp(_), Value::Text(_))
            | (Value::Text(_), Value::Date(_) | Value::Time(_) | Value::Timestamp(_)) => {
                Some(self.to_string().cmp(&other.to_string()))
            }
            _ => self.as_f64()?.partial_cmp(&other.as_f64()?),
        }
    }
}

/// Writes `value` as `N` decimal digits, zero-padded, into `out` (values wider are cut to
/// their last `N` digits: callers pass values that fit).
fn digits<const N: usize>(out: &mut [u8], value: u32) {
    let mut value = value;
    for slot in out[..N].iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Bytes made of ASCII digits and separators, as the `str` the formatter takes.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it, without parsing a pattern or going
/// through `format_args!` per value.
fn write_date(f: &mut fmt::Formatter<'_>, date: &NaiveDate) -> fmt::Result {
    use chrono::Datelike;
    if (0..=9999).contains(&date.year()) {
        let mut buf = *b"0000-00-00";
        digits::<4>(&mut buf[0..], date.year() as u32);
        digits::<2>(&mut buf[5..], date.month());
        digits::<2>(&mut buf[8..], date.day());
        f.write_str(ascii(&buf))
    } else {
        write!(f, "{}", date.format("%Y-%m-%d"))
    }
}

/// `HH:MM:SS`, as chrono's `%H:%M:%S` writes it (a leap second is `:60`).
fn write_time(f: &mut fmt::Formatter<'_>, time: &NaiveTime) -> fmt::Result {
    use chrono::Timelike;
    let leap = u32::from(time.nanosecond() >= 1_000_000_000);
    let mut buf = *b"00:00:00";
    digits::<2>(&mut buf[0..], time.hour());
    digits::<2>(&mut buf[3..], time.minute());
    digits::<2>(&mut buf[6..], time.second() + leap);
    f.write_str(ascii(&buf))
}

impl fmt::Display for Value {
    /// The value as plain text: what a CSV cell or a SQL string literal holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Decimal(d) | Value::Text(d) => f.write_str(d),
            Value::Bytes(bytes) => {
                for b in bytes {
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
            Value::Date(d) => write_date(f, d),
            Value::Time(t) => write_time(f, t),
            Value::Timestamp(t) => {
                write_date(f, &t.date())?;
                f.write_str(" ")?;
                write_time(f, &t.time())
            }
            Value::Uuid(u) => write!(f, "{u}"),
            Value::Json(j) => write!(f, "{j}"),
            Value::Array(items) => {
                f.write_str("{")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    let text = item.to_string();
                    write!(f, "\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))?;
                }
                f.write_str("}")
            }
        }
    }
}

impl Serialize for Value {
    /// JSON: numbers as numbers, NULL as null, JSON documents inline, everything else as text.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_none(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(x) => serializer.serialize_f64(*x),
            Value::Json(j) => j.serialize(serializer),
            Value::Array(items) => items.serialize(serializer),
            other => serializer.serialize_str(&other.to_string()),
        }
    }
}

/// Receives generated rows as they are made: a table's rows between `begin_table` and
/// `end_table`, in insertion order; then `update` for each foreign key of a broken cycle. Every
/// output format and database writer can implement it, so a table of any size streams through
/// in bounded memory (only key pools and unique sets grow with the row count).
pub trait RowSink {
    /// A table starts. `written[i]` says whether column `i` is written; `deferred` lists the
    /// foreign keys that arrive NULL and are set by `update` later.
    fn begin_table(
        &mut self,
        table: &str,
        columns: &[String],
        written: &[bool],
        deferred: &[Vec<String>],
    ) -> Result<()>;
    /// One row, cells in column order (NULL in deferred and unwritten columns).
    fn row(&mut self, values: Vec<Value>) -> Result<()>;
    /// The table is complete.
    fn end_table(&mut self) -> Result<()>;
    /// After every table: set `set` on row `row` of `table`, whose primary key is `key`.
    fn update(
        &mut self,
        table: &str,
        row: usize,
        key: &[(String, Value)],
        set: &[(String, Value)],
    ) -> Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast date and time text is chrono's, day by day over four centuries and second by
    /// second over a day, leap second, years of fewer than four digits and years past 9999
    /// included.
    #[test]
    fn dates_and_times_read_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
        while day.format("%Y").to_string() != "2200" {
            assert_eq!(
                Value::Date(day).to_string(),
                day.format("%Y-%m-%d").to_string()
            );
            day = day.succ_opt().unwrap();
        }
        for seconds in (0..86_400).step_by(7) {
            let time = NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap();
            let stamp = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap().and_time(time);
            assert_eq!(
                Value::Time(time).to_string(),
                time.format("%H:%M:%S").to_string()
            );
            assert_eq!(
                Value::Timestamp(stamp).to_string(),
                stamp.format("%Y-%m-%d %H:%M:%S").to_string()
            );
        }
        let leap = NaiveTime::from_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        assert_eq!(
            Value::Time(leap).to_string(),
            leap.format("%H:%M:%S").to_string()
        );
        for far in [
            NaiveDate::from_ymd_opt(12_345, 6, 7),
            NaiveDate::from_ymd_opt(-44, 3, 15),
            NaiveDate::from_ymd_opt(0, 1, 1),
            NaiveDate::from_ymd_opt(42, 12, 31),
            NaiveDate::from_ymd_opt(999, 9, 9),
            NaiveDate::from_ymd_opt(9999, 12, 31),
        ] {
            let far = far.unwrap();
            assert_eq!(
                Value::Date(far).to_string(),
                far.format("%Y-%m-%d").to_string()
            );
        }
    }
}
