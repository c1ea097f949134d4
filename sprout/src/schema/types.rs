//! Normalised SQL types, and the one parser that turns any dialect's type name into them.
//!
//! Every source hands the type as SQL text (PostgreSQL `format_type`, MySQL `COLUMN_TYPE`,
//! SQLite's declared type, sqlparser's `DataType` printed back), so the mapping from names to
//! types lives here once.

use serde::{Deserialize, Serialize};

use super::Dialect;

/// A column type, normalised across dialects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SqlType {
    /// Boolean (`bool`, MySQL `tinyint(1)`).
    Bool,
    /// Integer of `bytes` width (1, 2, 3, 4 or 8).
    Int {
        /// Storage width in bytes.
        bytes: u8,
        /// MySQL `UNSIGNED`.
        #[serde(default, skip_serializing_if = "is_false")]
        unsigned: bool,
    },
    /// Binary floating point of `bytes` width (4 or 8).
    Float {
        /// Storage width in bytes.
        bytes: u8,
    },
    /// Exact decimal `numeric(precision, scale)`.
    Decimal {
        /// Total digits, when declared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        /// Digits after the point, when declared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<u32>,
    },
    /// PostgreSQL `money`.
    Money,
    /// Variable-length text with an optional limit in characters.
    Varchar {
        /// The declared limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    /// Fixed-length, blank-padded text.
    Char {
        /// The declared length.
        len: u32,
    },
    /// Unlimited text.
    Text,
    /// PostgreSQL `citext` (case-insensitive text).
    Citext,
    /// Calendar date.
    Date,
    /// Time of day.
    Time {
        /// `with time zone`.
        #[serde(default, skip_serializing_if = "is_false")]
        tz: bool,
    },
    /// Date and time without time zone (MySQL `datetime` and `timestamp` too).
    Timestamp,
    /// Date and time with time zone.
    TimestampTz,
    /// A duration.
    Interval,
    /// MySQL `year`.
    Year,
    /// UUID.
    Uuid,
    /// JSON (`binary` for PostgreSQL `jsonb`).
    Json {
        /// `jsonb`.
        #[serde(default, skip_serializing_if = "is_false")]
        binary: bool,
    },
    /// Binary data with an optional limit in bytes.
    Bytes {
        /// The declared limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    /// An enum type of [`super::Schema::enums`].
    Enum {
        /// The enum type's name.
        name: String,
    },
    /// A MySQL `SET`: any subset of the labels of the enum type `name`.
    Set {
        /// The enum type's name.
        name: String,
    },
    /// An array of another type (PostgreSQL).
    Array {
        /// The element type.
        of: Box<SqlType>,
    },
    /// PostgreSQL `inet`.
    Inet,
    /// PostgreSQL `cidr`.
    Cidr,
    /// PostgreSQL `macaddr`.
    MacAddr,
    /// Any other type, with its SQL name as the source spelled it.
    Other {
        /// The type name.
        name: String,
    },
}

fn is_false(b: &bool) -> bool {
    !b
}

impl SqlType {
    /// Parses a type name as a dialect spells it (`character varying(40)`, `int(10) unsigned`,
    /// `NUMERIC(10,2)`, `text[]`, `timestamp with time zone`). Names sprout does not know become
    /// [`SqlType::Other`]; see [`SqlType::is_other`].
    ///
    /// ```
    /// use sprout::{Dialect, SqlType};
    /// assert_eq!(
    ///     SqlType::parse("character varying(40)", Dialect::Postgres),
    ///     SqlType::Varchar { max_len: Some(40) }
    /// );
    /// assert_eq!(
    ///     SqlType::parse("int(10) unsigned", Dialect::Mysql),
    ///     SqlType::Int { bytes: 4, unsigned: true }
    /// );
    /// ```
    pub fn parse(raw: &str, dialect: Dialect) -> SqlType {
        let text = raw.trim().to_ascii_lowercase();
        if let Some(element) = text.strip_suffix("[]") {
            return SqlType::Array {
                of: Box::new(SqlType::parse(element, dialect)),
            };
        }
        if let Some(element) = text
            .strip_prefix('_')
            .filter(|_| dialect == Dialect::Postgres)
        {
            // pg_type's internal array names (`_int4`).
            return SqlType::Array {
                of: Box::new(SqlType::parse(element, dialect)),
            };
        }
        let (base, args, rest) = split_type_name(&text);
        let unsigned = rest.contains("unsigned");
        let with_tz = rest.contains("with time zone");
        let int = |bytes: u8| SqlType::Int { bytes, unsigned };
        let len_arg = || args.first().and_then(|a| a.parse::<u32>().ok());
        match base.as_str() {
            "bool" | "boolean" => SqlType::Bool,
            "tinyint" if dialect == Dialect::Mysql && len_arg() == Some(1) && !unsigned => {
                SqlType::Bool
            }
            "tinyint" | "int1" => int(1),
            "smallint" | "int2" | "smallserial" | "serial2" => int(2),
            "mediumint" | "int3" => int(3),
            "integer" if dialect == Dialect::Sqlite => int(8),
            "int" | "integer" | "int4" | "serial" | "serial4" => int(4),
            "bigint" | "int8" | "bigserial" | "serial8" | "unsigned big int" => int(8),
            "real" | "float4" => SqlType::Float { bytes: 4 },
            "float" if dialect == Dialect::Mysql => SqlType::Float { bytes: 4 },
            "float" | "double" | "double precision" | "float8" => SqlType::Float { bytes: 8 },
            "numeric" | "decimal" | "dec" | "fixed" | "number" => SqlType::Decimal {
                precision: args.first().and_then(|a| a.parse().ok()),
                scale: args.get(1).and_then(|a| a.parse().ok()).or_else(|| {
                    // `numeric(5)` means scale 0.
                    args.first().and_then(|a| a.parse::<u32>().ok()).map(|_| 0)
                }),
            },
            "money" => SqlType::Money,
            "varchar"
            | "character varying"
            | "char varying"
            | "nvarchar"
            | "varchar2"
            | "nchar varying"
            | "national character varying"
            | "varying character"
            | "native character" => SqlType::Varchar { max_len: len_arg() },
            "char" | "character" | "nchar" | "bpchar" | "national character" => SqlType::Char {
                len: len_arg().unwrap_or(1),
            },
            "text" | "tinytext" | "mediumtext" | "longtext" | "clob" | "string" | "ntext" => {
                SqlType::Text
            }
            "citext" => SqlType::Citext,
            "date" => SqlType::Date,
            "time" => SqlType::Time { tz: with_tz },
            "timetz" => SqlType::Time { tz: true },
            "timestamp" if with_tz => SqlType::TimestampTz,
            "timestamp" | "datetime" | "smalldatetime" | "datetime2" => SqlType::Timestamp,
            "timestamptz" => SqlType::TimestampTz,
            "interval" => SqlType::Interval,
            "year" => SqlType::Year,
            "uuid" => SqlType::Uuid,
            "json" => SqlType::Json { binary: false },
            "jsonb" => SqlType::Json { binary: true },
            "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" => {
                SqlType::Bytes { max_len: None }
            }
            "binary" | "varbinary" => SqlType::Bytes { max_len: len_arg() },
            "inet" => SqlType::Inet,
            "cidr" => SqlType::Cidr,
            "macaddr" => SqlType::MacAddr,
            _ => SqlType::Other {
                name: raw
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_ascii_lowercase(),
            },
        }
    }

    /// True for [`SqlType::Other`]: a type sprout does not know; sources warn about it.
    pub fn is_other(&self) -> bool {
        matches!(self, SqlType::Other { .. })
    }

    /// The most characters a value of this type holds: `varchar(n)` and `char(n)` give `n`,
    /// every other type (unbounded text included) `None`.
    pub fn max_chars(&self) -> Option<u32> {
        match self {
            SqlType::Varchar { max_len } => *max_len,
            SqlType::Char { len } => Some(*len),
            _ => None,
        }
    }
}

/// Splits `numeric(10,2) unsigned` into (`numeric`, [`10`, `2`], `unsigned`), folding the
/// multi-word spellings (`timestamp(3) with time zone`, `double precision`) into one base name.
fn split_type_name(text: &str) -> (String, Vec<String>, String) {
    let (head, args, tail) = match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if close > open => (
            &text[..open],
            text[open + 1..close]
                .split(',')
                .map(|a| a.trim().trim_matches('\'').to_string())
                .collect(),
            &text[close + 1..],
        ),
        _ => (text, Vec::new(), ""),
    };
    let mut base = head.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rest = tail.split_whitespace().collect::<Vec<_>>().join(" ");
    for suffix in [
        " with time zone",
        " without time zone",
        " unsigned",
        " zerofill",
        " signed",
    ] {
        if let Some(stripped) = base.strip_suffix(suffix) {
            rest = format!("{} {rest}", suffix.trim());
            base = stripped.to_string();
        }
    }
    (base, args, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_postgres_names() {
        let pg = |s| SqlType::parse(s, Dialect::Postgres);
        assert_eq!(
            pg("numeric(10,2)"),
            SqlType::Decimal {
                precision: Some(10),
                scale: Some(2)
            }
        );
        assert_eq!(
            pg("numeric"),
            SqlType::Decimal {
                precision: None,
                scale: None
            }
        );
        assert_eq!(pg("timestamp(3) with time zone"), SqlType::TimestampTz);
        assert_eq!(pg("timestamp without time zone"), SqlType::Timestamp);
        assert_eq!(pg("TIME WITH TIME ZONE"), SqlType::Time { tz: true });
        assert_eq!(pg("character(5)"), SqlType::Char { len: 5 });
        assert_eq!(
            pg("text[]"),
            SqlType::Array {
                of: Box::new(SqlType::Text)
            }
        );
        assert_eq!(pg("double precision"), SqlType::Float { bytes: 8 });
        assert_eq!(
            pg("integer"),
            SqlType::Int {
                bytes: 4,
                unsigned: false
            }
        );
        assert_eq!(
            pg("tsvector"),
            SqlType::Other {
                name: "tsvector".into()
            }
        );
    }

    #[test]
    fn parses_mysql_and_sqlite_names() {
        let my = |s| SqlType::parse(s, Dialect::Mysql);
        assert_eq!(my("tinyint(1)"), SqlType::Bool);
        assert_eq!(
            my("tinyint(3) unsigned"),
            SqlType::Int {
                bytes: 1,
                unsigned: true
            }
        );
        assert_eq!(
            my("smallint unsigned"),
            SqlType::Int {
                bytes: 2,
                unsigned: true
            }
        );
        assert_eq!(my("float"), SqlType::Float { bytes: 4 });
        assert_eq!(my("varbinary(16)"), SqlType::Bytes { max_len: Some(16) });
        assert_eq!(my("longtext"), SqlType::Text);
        let lite = |s| SqlType::parse(s, Dialect::Sqlite);
        assert_eq!(
            lite("INTEGER"),
            SqlType::Int {
                bytes: 8,
                unsigned: false
            }
        );
        assert_eq!(
            lite("NVARCHAR(160)"),
            SqlType::Varchar { max_len: Some(160) }
        );
        assert_eq!(lite("DATETIME"), SqlType::Timestamp);
    }
}
