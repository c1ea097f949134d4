//! Which Rust types hold which SQL types: the derive's compile-time check of a struct against
//! its table in the snapshot. The derive names each column's SQL type by a marker of [`sql`] and
//! asserts `FieldType: Holds<marker>`; an unmet bound is the compile error, at the field's type.
//! A trait, not a list of type names: an alias or a re-export of a type passes, and so does any
//! type a user implements `Holds` for.
//!
//! The rules follow what sqlx decodes: an integer type holds the SQL integers whose every value
//! it can hold (`i64` for `bigint`, not `i32`); text is `String`; `uuid` is `uuid::Uuid`
//! (`String` only with `#[sprout(unchecked_type)]`); `timestamptz` is a `DateTime<Tz>` or
//! `OffsetDateTime`. SQLite columns, which hold any value, and the types sprout has no rule for
//! (ranges, arrays, network and extension types) are not checked ([`sql::unchecked`]).

/// `Self` can hold every value of the SQL type `S` (a marker of [`sql`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold the column's SQL type `{S}` (per the schema snapshot)",
    label = "this field's type",
    note = "use a Rust type that holds the column's values, or add #[sprout(unchecked_type)] to the field to skip the check"
)]
pub trait Holds<S> {}

/// Markers of SQL types, named as PostgreSQL and MySQL spell them.
#[allow(non_camel_case_types)]
pub mod sql {
    macro_rules! markers {
        ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
            $($(#[$doc])* #[derive(Debug)] pub struct $name;)*
        };
    }
    markers! {
        /// `tinyint`.
        tinyint,
        /// `smallint`.
        smallint,
        /// MySQL `mediumint`.
        mediumint,
        /// `integer`.
        integer,
        /// `bigint`.
        bigint,
        /// MySQL `tinyint unsigned`.
        tinyint_unsigned,
        /// MySQL `smallint unsigned`.
        smallint_unsigned,
        /// MySQL `mediumint unsigned`.
        mediumint_unsigned,
        /// MySQL `int unsigned`.
        integer_unsigned,
        /// MySQL `bigint unsigned`.
        bigint_unsigned,
        /// `boolean` (PostgreSQL).
        boolean,
        /// MySQL `tinyint(1)`, which sqlx reads as `bool` or an integer.
        mysql_boolean,
        /// `real`.
        real,
        /// `double precision`.
        double,
        /// `numeric` / `decimal` / `money`.
        numeric,
        /// `text`, `varchar(n)`, `char(n)`, `citext`.
        text,
        /// An enum type (a Rust enum deriving Sprout, or `String`).
        enumeration,
        /// `date`.
        date,
        /// `time`.
        time,
        /// `timestamp` (without time zone).
        timestamp,
        /// MySQL `datetime` / `timestamp`, which sqlx reads as naive or UTC.
        mysql_datetime,
        /// `timestamptz`.
        timestamptz,
        /// `uuid`.
        uuid,
        /// `json` / `jsonb`.
        json,
        /// `bytea` / `blob` / `binary`.
        bytes,
        /// A type with no rule (and every SQLite column): any Rust type passes.
        unchecked,
    }
}

impl<T: ?Sized> Holds<sql::unchecked> for T {}

macro_rules! holds {
    ($ty:ty: $($marker:ident),+) => {
        $(impl Holds<sql::$marker> for $ty {})+
    };
}

holds!(i8: tinyint, mysql_boolean);
holds!(i16: tinyint, smallint, tinyint_unsigned, mysql_boolean);
holds!(i32: tinyint, smallint, mediumint, integer, tinyint_unsigned, smallint_unsigned,
    mediumint_unsigned, mysql_boolean);
holds!(i64: tinyint, smallint, mediumint, integer, bigint, tinyint_unsigned, smallint_unsigned,
    mediumint_unsigned, integer_unsigned, mysql_boolean);
holds!(u8: tinyint_unsigned);
holds!(u16: tinyint_unsigned, smallint_unsigned);
holds!(u32: tinyint_unsigned, smallint_unsigned, mediumint_unsigned, integer_unsigned);
holds!(u64: tinyint_unsigned, smallint_unsigned, mediumint_unsigned, integer_unsigned,
    bigint_unsigned);
holds!(bool: boolean, mysql_boolean);
holds!(f32: real);
holds!(f64: real, double);
holds!(String: text, enumeration);
holds!(chrono::NaiveDate: date);
holds!(chrono::NaiveTime: time);
holds!(chrono::NaiveDateTime: timestamp, mysql_datetime);
holds!(uuid::Uuid: uuid);
holds!(serde_json::Value: json);
holds!(Vec<u8>: bytes);
impl<Tz: chrono::TimeZone> Holds<sql::timestamptz> for chrono::DateTime<Tz> {}
impl Holds<sql::mysql_datetime> for chrono::DateTime<chrono::Utc> {}
impl<T: super::SqlEnum> Holds<sql::enumeration> for T {}

#[cfg(feature = "rust_decimal")]
holds!(rust_decimal::Decimal: numeric);
#[cfg(feature = "time")]
holds!(time::Date: date);
#[cfg(feature = "time")]
holds!(time::Time: time);
#[cfg(feature = "time")]
holds!(time::PrimitiveDateTime: timestamp, mysql_datetime);
#[cfg(feature = "time")]
holds!(time::OffsetDateTime: timestamptz, mysql_datetime);
