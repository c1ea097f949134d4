//! Which SQL type a field's Rust type stands for, and which generator attributes it takes: the
//! traits the derive's code calls, so a field's type is known by what it implements, not by the
//! last segment of its path. An alias (`type Money = rust_decimal::Decimal`), a re-export or a
//! user's own type with these impls passes; a type with none is one error at the field.
//!
//! - [`FieldType`]: the SQL type of a column of this Rust type when no snapshot says otherwise,
//!   and the labels of a SQL enum (`#[derive(Sprout)]` on an enum implements it);
//! - [`IntRange`] / [`FloatRange`]: what `range = 18..=90` / `range = 0.5..=9.5` makes;
//! - [`TextField`]: what `len = 5..=40` makes, and where `seq = ".. {n}"` applies.

use crate::factory::{FromValue, SqlEnum, ToValue};
use crate::plan::spec::Generator;
use crate::schema::SqlType;

/// A Rust type a factory field can hold (`T` or `Option<T>`).
#[diagnostic::on_unimplemented(
    message = "sprout cannot map `{Self}` to a SQL type",
    label = "no SQL type for this field",
    note = "use an integer, float, bool, String, chrono or time date/time, uuid, rust_decimal, serde_json::Value or Vec<u8> field, derive Sprout on an enum of unit variants, or mark the field #[sprout(skip)]"
)]
pub trait FieldType: ToValue + FromValue {
    /// The labels of a SQL enum; empty for other types.
    const LABELS: &'static [&'static str] = &[];
    /// The column's SQL type when the model alone describes the table.
    fn sql_type() -> SqlType;

    /// The field's cell (what the derive's code calls: every use goes through this one trait,
    /// so a type sprout cannot map is one error at the field).
    fn to_cell(&self) -> crate::Value {
        self.to_value()
    }

    /// The field from its cell; `what` names it in the error.
    fn from_cell(cell: &crate::Value, what: &str) -> crate::Result<Self> {
        Self::from_value(cell, what)
    }
}

impl<T: FieldType> FieldType for Option<T> {
    const LABELS: &'static [&'static str] = T::LABELS;
    fn sql_type() -> SqlType {
        T::sql_type()
    }
}

/// Implements [`FieldType`] for a SQL enum (the derive on an enum calls it).
#[doc(hidden)]
pub fn enum_sql_type<T: SqlEnum>() -> SqlType {
    SqlType::Enum {
        name: T::NAME.to_string(),
    }
}

macro_rules! field_types {
    ($($ty:ty => $sql:expr),* $(,)?) => {
        $(impl FieldType for $ty {
            fn sql_type() -> SqlType {
                $sql
            }
        })*
    };
}

field_types! {
    i8 => SqlType::Int { bytes: 1, unsigned: false },
    i16 => SqlType::Int { bytes: 2, unsigned: false },
    i32 => SqlType::Int { bytes: 4, unsigned: false },
    i64 => SqlType::Int { bytes: 8, unsigned: false },
    u8 => SqlType::Int { bytes: 1, unsigned: true },
    u16 => SqlType::Int { bytes: 2, unsigned: true },
    u32 => SqlType::Int { bytes: 4, unsigned: true },
    u64 => SqlType::Int { bytes: 8, unsigned: true },
    f32 => SqlType::Float { bytes: 4 },
    f64 => SqlType::Float { bytes: 8 },
    bool => SqlType::Bool,
    String => SqlType::Text,
    Vec<u8> => SqlType::Bytes { max_len: None },
    chrono::NaiveDate => SqlType::Date,
    chrono::NaiveTime => SqlType::Time { tz: false },
    chrono::NaiveDateTime => SqlType::Timestamp,
    chrono::DateTime<chrono::Utc> => SqlType::TimestampTz,
    uuid::Uuid => SqlType::Uuid,
    serde_json::Value => SqlType::Json { binary: true },
}

#[cfg(feature = "rust_decimal")]
field_types! {
    rust_decimal::Decimal => SqlType::Decimal { precision: None, scale: None },
}

#[cfg(feature = "time")]
field_types! {
    time::Date => SqlType::Date,
    time::Time => SqlType::Time { tz: false },
    time::PrimitiveDateTime => SqlType::Timestamp,
    time::OffsetDateTime => SqlType::TimestampTz,
}

/// A numeric field that takes `range = a..=b` with integer ends.
#[diagnostic::on_unimplemented(
    message = "`range` applies to integer, float and decimal fields, not `{Self}`",
    label = "this field's type",
    note = "for text lengths use `len = 5..=40`; for a set of values use `values = [..]`"
)]
pub trait IntRange {
    /// The generator of values in `min..=max`.
    fn int_range(min: i64, max: i64) -> Generator;
}

/// A field that takes `range = a..=b` with a fractional end.
#[diagnostic::on_unimplemented(
    message = "a `range` with fractional ends applies to float and decimal fields, not `{Self}`",
    label = "this field's type",
    note = "an integer field takes integer ends: `range = 1..=10`"
)]
pub trait FloatRange {
    /// The generator of values in `min..=max`.
    fn float_range(min: f64, max: f64) -> Generator;
}

macro_rules! int_ranges {
    ($($ty:ty),*) => {
        $(impl IntRange for $ty {
            fn int_range(min: i64, max: i64) -> Generator {
                Generator::Int { min, max }
            }
        })*
    };
}
int_ranges!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_ranges {
    ($($ty:ty),*) => {
        $(impl IntRange for $ty {
            fn int_range(min: i64, max: i64) -> Generator {
                Generator::Float { min: min as f64, max: max as f64 }
            }
        }
        impl FloatRange for $ty {
            fn float_range(min: f64, max: f64) -> Generator {
                Generator::Float { min, max }
            }
        })*
    };
}
float_ranges!(f32, f64);

#[cfg(feature = "rust_decimal")]
impl IntRange for rust_decimal::Decimal {
    fn int_range(min: i64, max: i64) -> Generator {
        Generator::Float {
            min: min as f64,
            max: max as f64,
        }
    }
}

#[cfg(feature = "rust_decimal")]
impl FloatRange for rust_decimal::Decimal {
    fn float_range(min: f64, max: f64) -> Generator {
        Generator::Float { min, max }
    }
}

/// A text field: it takes `len = a..=b` and `seq = "user{n}"`.
#[diagnostic::on_unimplemented(
    message = "`len` and `seq` apply to String fields, not `{Self}`",
    label = "this field's type",
    note = "for numbers use `range = 1..=10`"
)]
pub trait TextField {
    /// The generator of text of `min..=max` characters.
    fn text_len(min: u32, max: u32) -> Generator;
}

impl TextField for String {
    fn text_len(min_len: u32, max_len: u32) -> Generator {
        Generator::Text { min_len, max_len }
    }
}
