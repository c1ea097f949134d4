//! Values for types the schema model keeps by name ([`SqlType::Other`]): PostgreSQL ranges and
//! multiranges, `ltree`, `hstore`, `tsvector`, `tsquery`, `cube`, `xml`, `bit`/`varbit`, `oid`,
//! `macaddr8`, MySQL `bit`. Each is written as text the server's input function accepts.
//!
//! [`knows`] says which names these are; a type outside the list that is NOT NULL is refused by
//! the plan with the Spec override that fixes it, and spatial types are named as such.

use chrono::{Duration, NaiveDate};

use super::Value;
use super::rng::CellRng;
use crate::schema::{Dialect, SqlType};

/// True when [`value`] can spell a value of the type named `name`.
pub fn knows(name: &str) -> bool {
    let base = base_name(name);
    matches!(
        base,
        "int4range"
            | "int8range"
            | "numrange"
            | "daterange"
            | "tsrange"
            | "tstzrange"
            | "int4multirange"
            | "int8multirange"
            | "nummultirange"
            | "datemultirange"
            | "tsmultirange"
            | "tstzmultirange"
            | "ltree"
            | "lquery"
            | "hstore"
            | "tsvector"
            | "tsquery"
            | "cube"
            | "xml"
            | "bit"
            | "bit varying"
            | "varbit"
            | "oid"
            | "macaddr8"
            | "smallserial"
    )
}

/// True for geometry types sprout does not draw (PostGIS, MySQL spatial, PostgreSQL's
/// geometric types).
pub fn is_spatial(name: &str) -> bool {
    matches!(
        base_name(name),
        "geometry"
            | "geography"
            | "point"
            | "geometrycollection"
            | "linestring"
            | "multipoint"
            | "multilinestring"
            | "multipolygon"
            | "polygon"
            | "line"
            | "lseg"
            | "box"
            | "path"
            | "circle"
    )
}

/// The type's name without arguments or schema (`bit(8)` is `bit`, `public.ltree` is `ltree`).
fn base_name(name: &str) -> &str {
    let name = name.split('(').next().unwrap_or(name).trim();
    name.rsplit('.').next().unwrap_or(name).trim_matches('"')
}

/// The length argument of `bit(8)`.
fn length_argument(name: &str) -> Option<u32> {
    let inner = name.split_once('(')?.1.split(')').next()?;
    inner.trim().parse().ok()
}

/// A value of the type named `name`, or NULL when the name is not one [`knows`] lists.
pub fn value(name: &str, dialect: Dialect, rng: &mut CellRng) -> Value {
    let base = base_name(name);
    let mut int = |lo: i64, hi: i64| rng.range_i64(lo, hi);
    let text = match base {
        "int4range" | "int8range" | "numrange" => {
            let lo = int(1, 500);
            format!("[{lo},{})", lo + int(1, 100))
        }
        "int4multirange" | "int8multirange" | "nummultirange" => {
            let lo = int(1, 200);
            let mid = lo + int(1, 50);
            format!("{{[{lo},{mid}), [{},{})}}", mid + 10, mid + 10 + int(1, 50))
        }
        "daterange" | "tsrange" | "tstzrange" | "datemultirange" | "tsmultirange"
        | "tstzmultirange" => {
            let start =
                NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date") + Duration::days(int(0, 2000));
            let end = start + Duration::days(int(1, 60));
            let range = format!("[{start},{end})");
            if base.contains("multi") {
                format!("{{{range}}}")
            } else {
                range
            }
        }
        "ltree" | "lquery" => {
            const LABELS: [&str; 8] = [
                "top", "science", "art", "music", "sport", "news", "tech", "local",
            ];
            let depth = int(1, 4);
            (0..depth)
                .map(|_| LABELS[int(0, 7) as usize])
                .collect::<Vec<_>>()
                .join(".")
        }
        "hstore" => format!(
            "\"color\"=>\"c{}\", \"size\"=>\"{}\"",
            int(1, 9),
            int(1, 50)
        ),
        "tsvector" => {
            const WORDS: [&str; 8] = [
                "quick", "brown", "fox", "lazy", "dog", "jumps", "over", "sun",
            ];
            (0..int(1, 5))
                .map(|_| WORDS[int(0, 7) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        }
        "tsquery" => ["fox", "dog & sun", "quick | lazy", "!over"][int(0, 3) as usize].to_string(),
        "cube" => format!("({}, {}, {})", int(0, 100), int(0, 100), int(0, 100)),
        "xml" => format!("<item id=\"{}\">note</item>", int(1, 1000)),
        "bit" | "bit varying" | "varbit" => {
            let len = match base {
                "bit" => length_argument(name).unwrap_or(1),
                _ => length_argument(name).unwrap_or(8).min(16),
            };
            if dialect == Dialect::Mysql {
                // MySQL BIT(n) takes a number.
                let max = if len >= 63 {
                    i64::MAX
                } else {
                    (1i64 << len) - 1
                };
                return Value::Int(int(0, max));
            }
            (0..len)
                .map(|_| if int(0, 1) == 1 { '1' } else { '0' })
                .collect()
        }
        "oid" | "smallserial" => return Value::Int(int(1, 30_000)),
        "macaddr8" => (0..8)
            .map(|_| format!("{:02x}", int(0, 255)))
            .collect::<Vec<_>>()
            .join(":"),
        _ => return Value::Null,
    };
    Value::Text(text)
}

/// The innermost element type of a (possibly nested) array type.
pub fn innermost(ty: &SqlType) -> &SqlType {
    match ty {
        SqlType::Array { of } => innermost(of),
        other => other,
    }
}
