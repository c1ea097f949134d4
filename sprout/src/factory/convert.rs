//! Rust values as cells and cells as Rust values: the scalar types, `Option`, chrono, `time`,
//! `rust_decimal`, JSON and SQL enums a factory's fields hold.

use crate::error::{Error, Result};
use crate::value::Value;

/// A Rust enum stored as a SQL enum (PostgreSQL `CREATE TYPE .. AS ENUM`, MySQL `ENUM(..)`, or
/// text): `#[derive(Sprout)]` on an enum of unit variants implements it, beside `sqlx::Type` or
/// sea-orm's `DeriveActiveEnum`, reading their names.
#[diagnostic::on_unimplemented(
    message = "sprout cannot map `{Self}` to a SQL type",
    label = "no SQL type for this field",
    note = "use an integer, float, bool, String, chrono or time date/time, uuid, rust_decimal, serde_json::Value or Vec<u8> field, derive Sprout on an enum of unit variants, or mark the field #[sprout(skip)]"
)]
pub trait SqlEnum: ToValue + FromValue {
    /// The enum type's name in the database.
    const NAME: &'static str;
    /// Its labels, in declaration order.
    const LABELS: &'static [&'static str];
}

/// The error of a cell that is none of an enum's labels.
pub fn not_a_label(value: &Value, what: &str, ty: &str, labels: &[&str]) -> Error {
    Error::Field {
        field: what.to_string(),
        problem: format!(
            "{value:?} is not a label of the enum {ty} (its labels: {})",
            labels.join(", ")
        ),
    }
}

/// A Rust value as a cell (a copy: the value stays).
#[diagnostic::on_unimplemented(
    message = "sprout cannot map `{Self}` to a SQL type",
    label = "no SQL type for this field",
    note = "use an integer, float, bool, String, chrono or time date/time, uuid, rust_decimal, serde_json::Value or Vec<u8> field, derive Sprout on an enum of unit variants, or mark the field #[sprout(skip)]"
)]
pub trait ToValue {
    /// The cell.
    fn to_value(&self) -> Value;
}

/// A cell as a Rust value.
#[diagnostic::on_unimplemented(
    message = "sprout cannot map `{Self}` to a SQL type",
    label = "no SQL type for this field",
    note = "use an integer, float, bool, String, chrono or time date/time, uuid, rust_decimal, serde_json::Value or Vec<u8> field, derive Sprout on an enum of unit variants, or mark the field #[sprout(skip)]"
)]
pub trait FromValue: Sized {
    /// The value, or an error naming `what` (table.column).
    fn from_value(value: &Value, what: &str) -> Result<Self>;
}

fn mismatch(value: &Value, what: &str, ty: &str) -> Error {
    Error::Field {
        field: what.to_string(),
        problem: format!("the generated value {value:?} does not fit the field's type {ty}"),
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
        impl FromValue for $t {
            fn from_value(value: &Value, what: &str) -> Result<Self> {
                match value {
                    Value::Int(i) => <$t>::try_from(*i).map_err(|_| mismatch(value, what, stringify!($t))),
                    Value::Decimal(d) | Value::Text(d) => d.parse().map_err(|_| mismatch(value, what, stringify!($t))),
                    _ => Err(mismatch(value, what, stringify!($t))),
                }
            }
        }
    )*};
}
integer!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Float(*self as f64)
            }
        }
        impl FromValue for $t {
            fn from_value(value: &Value, what: &str) -> Result<Self> {
                value.as_f64().map(|x| x as $t).ok_or_else(|| mismatch(value, what, stringify!($t)))
            }
        }
    )*};
}
float!(f32, f64);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl FromValue for bool {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            _ => Err(mismatch(value, what, "bool")),
        }
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for &str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl FromValue for String {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        match value {
            Value::Null => Err(mismatch(value, what, "String")),
            other => Ok(other.to_string()),
        }
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Bytes(self.clone())
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        match value {
            Value::Bytes(b) => Ok(b.clone()),
            Value::Text(t) => Ok(t.as_bytes().to_vec()),
            _ => Err(mismatch(value, what, "Vec<u8>")),
        }
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other, what).map(Some),
        }
    }
}

macro_rules! same {
    ($t:ty, $variant:ident) => {
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::$variant(self.clone())
            }
        }
        impl FromValue for $t {
            fn from_value(value: &Value, what: &str) -> Result<Self> {
                match value {
                    Value::$variant(v) => Ok(v.clone()),
                    Value::Text(t) => t.parse().map_err(|_| mismatch(value, what, stringify!($t))),
                    _ => Err(mismatch(value, what, stringify!($t))),
                }
            }
        }
    };
}
same!(chrono::NaiveDate, Date);
same!(chrono::NaiveTime, Time);
same!(chrono::NaiveDateTime, Timestamp);
same!(uuid::Uuid, Uuid);

impl ToValue for chrono::DateTime<chrono::Utc> {
    fn to_value(&self) -> Value {
        Value::Timestamp(self.naive_utc())
    }
}

impl FromValue for chrono::DateTime<chrono::Utc> {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        chrono::NaiveDateTime::from_value(value, what).map(|t| t.and_utc())
    }
}

#[cfg(feature = "rust_decimal")]
impl ToValue for rust_decimal::Decimal {
    fn to_value(&self) -> Value {
        Value::Decimal(self.to_string())
    }
}

#[cfg(feature = "rust_decimal")]
impl FromValue for rust_decimal::Decimal {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        let text = match value {
            Value::Decimal(d) | Value::Text(d) => d.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            _ => return Err(mismatch(value, what, "Decimal")),
        };
        text.parse().map_err(|_| mismatch(value, what, "Decimal"))
    }
}

/// The `time` crate's dates and times, through chrono's (the engine's) values.
#[cfg(feature = "time")]
mod time_types {
    use chrono::{Datelike, Timelike};

    use super::{FromValue, Result, ToValue, Value, mismatch};

    fn date(d: &time::Date) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(d.year(), u8::from(d.month()) as u32, d.day() as u32)
            .expect("a valid date")
    }

    fn clock(t: &time::Time) -> chrono::NaiveTime {
        chrono::NaiveTime::from_hms_nano_opt(
            t.hour() as u32,
            t.minute() as u32,
            t.second() as u32,
            t.nanosecond(),
        )
        .expect("a valid time")
    }

    fn to_date(d: chrono::NaiveDate, value: &Value, what: &str) -> Result<time::Date> {
        let month = time::Month::try_from(d.month() as u8)
            .map_err(|_| mismatch(value, what, "time::Date"))?;
        time::Date::from_calendar_date(d.year(), month, d.day() as u8)
            .map_err(|_| mismatch(value, what, "time::Date"))
    }

    fn to_clock(t: chrono::NaiveTime, value: &Value, what: &str) -> Result<time::Time> {
        time::Time::from_hms_nano(
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
            t.nanosecond(),
        )
        .map_err(|_| mismatch(value, what, "time::Time"))
    }

    impl ToValue for time::Date {
        fn to_value(&self) -> Value {
            Value::Date(date(self))
        }
    }

    impl FromValue for time::Date {
        fn from_value(value: &Value, what: &str) -> Result<Self> {
            to_date(chrono::NaiveDate::from_value(value, what)?, value, what)
        }
    }

    impl ToValue for time::Time {
        fn to_value(&self) -> Value {
            Value::Time(clock(self))
        }
    }

    impl FromValue for time::Time {
        fn from_value(value: &Value, what: &str) -> Result<Self> {
            to_clock(chrono::NaiveTime::from_value(value, what)?, value, what)
        }
    }

    impl ToValue for time::PrimitiveDateTime {
        fn to_value(&self) -> Value {
            Value::Timestamp(date(&self.date()).and_time(clock(&self.time())))
        }
    }

    impl FromValue for time::PrimitiveDateTime {
        fn from_value(value: &Value, what: &str) -> Result<Self> {
            let t = chrono::NaiveDateTime::from_value(value, what)?;
            Ok(time::PrimitiveDateTime::new(
                to_date(t.date(), value, what)?,
                to_clock(t.time(), value, what)?,
            ))
        }
    }

    impl ToValue for time::OffsetDateTime {
        fn to_value(&self) -> Value {
            let utc = self.to_offset(time::UtcOffset::UTC);
            time::PrimitiveDateTime::new(utc.date(), utc.time()).to_value()
        }
    }

    impl FromValue for time::OffsetDateTime {
        fn from_value(value: &Value, what: &str) -> Result<Self> {
            time::PrimitiveDateTime::from_value(value, what).map(|t| t.assume_utc())
        }
    }
}

impl ToValue for serde_json::Value {
    fn to_value(&self) -> Value {
        Value::Json(self.clone())
    }
}

impl FromValue for serde_json::Value {
    fn from_value(value: &Value, what: &str) -> Result<Self> {
        match value {
            Value::Json(j) => Ok(j.clone()),
            Value::Text(t) => serde_json::from_str(t).map_err(|_| mismatch(value, what, "JSON")),
            _ => Err(mismatch(value, what, "JSON")),
        }
    }
}
