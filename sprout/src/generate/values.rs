//! One cell's value from its generator, its column type and its random stream.

use chrono::{Duration, NaiveDate, NaiveTime};
use fake::Fake;
use fake::faker::address::raw::{CityName, CountryName, StateName, StreetName, ZipCode};
use fake::faker::company::raw::CompanyName;
use fake::faker::internet::raw::{IPv4, SafeEmail, Username};
use fake::faker::job::raw::Title as JobTitle;
use fake::faker::lorem::raw::Word;
use fake::faker::name::raw::{FirstName, LastName};
use fake::faker::phone_number::raw::PhoneNumber;
use fake::locales::{DE_DE, EN, FR_FR, IT_IT, JA_JP, NL_NL, PT_BR, ZH_CN};

pub use crate::plan::Locale;
use crate::plan::spec::Generator;
use crate::schema::{Schema, SqlType};
use crate::value::Value;
use crate::value::rng::CellRng;

/// The value `generator` makes for a column of type `ty` at `row`.
/// A `fake` text generator in the plan's locale.
macro_rules! in_locale {
    ($locale:expr, $faker:ident, $rng:expr) => {
        match $locale {
            Locale::En => $faker(EN).fake_with_rng::<String, _>($rng),
            Locale::FrFr => $faker(FR_FR).fake_with_rng::<String, _>($rng),
            Locale::DeDe => $faker(DE_DE).fake_with_rng::<String, _>($rng),
            Locale::ItIt => $faker(IT_IT).fake_with_rng::<String, _>($rng),
            Locale::NlNl => $faker(NL_NL).fake_with_rng::<String, _>($rng),
            Locale::PtBr => $faker(PT_BR).fake_with_rng::<String, _>($rng),
            Locale::JaJp => $faker(JA_JP).fake_with_rng::<String, _>($rng),
            Locale::ZhCn => $faker(ZH_CN).fake_with_rng::<String, _>($rng),
        }
    };
}

/// The value `generator` makes for a column of type `ty` at `row`, in `locale`.
pub fn make(
    generator: &Generator,
    ty: &SqlType,
    schema: &Schema,
    rng: &mut CellRng,
    row: u64,
    locale: Locale,
) -> Value {
    let text = |s: String| fit_text(s, ty);
    match generator {
        Generator::Sequence { start } => Value::Int(start + row as i64),
        Generator::Uuid => uuid_value(rng),
        Generator::FirstName => text(in_locale!(locale, FirstName, rng.inner())),
        Generator::LastName => text(in_locale!(locale, LastName, rng.inner())),
        Generator::FullName => {
            let first: String = in_locale!(locale, FirstName, rng.inner());
            let last: String = in_locale!(locale, LastName, rng.inner());
            text(format!("{first} {last}"))
        }
        Generator::Email => {
            let mut email: String = SafeEmail(EN).fake_with_rng(rng.inner());
            if email.is_ascii() {
                email.make_ascii_lowercase();
            } else {
                email = email.to_lowercase();
            }
            text(email)
        }
        Generator::Username => text(in_locale!(locale, Username, rng.inner())),
        Generator::Phone => text(in_locale!(locale, PhoneNumber, rng.inner())),
        Generator::StreetAddress => {
            let number = rng.range_i64(1, 9999);
            let street: String = in_locale!(locale, StreetName, rng.inner());
            text(format!("{number} {street}"))
        }
        Generator::City => text(in_locale!(locale, CityName, rng.inner())),
        Generator::State => text(in_locale!(locale, StateName, rng.inner())),
        Generator::Country => text(in_locale!(locale, CountryName, rng.inner())),
        Generator::ZipCode => text(in_locale!(locale, ZipCode, rng.inner())),
        Generator::Company => text(in_locale!(locale, CompanyName, rng.inner())),
        Generator::Url => {
            let word: &str = Word(EN).fake_with_rng(rng.inner());
            let tld = rng.pick(&["com", "org", "net", "io"]);
            text(format!("https://www.{word}.{tld}/"))
        }
        Generator::Ipv4 => text(IPv4(EN).fake_with_rng(rng.inner())),
        Generator::JobTitle => text(in_locale!(locale, JobTitle, rng.inner())),
        Generator::Text { min_len, max_len } => text(lorem(rng, *min_len, *max_len)),
        Generator::Code { len } => Value::Text(code(rng, *len)),
        Generator::Pattern { regex } => match crate::value::pattern::draw(regex, rng) {
            Some(drawn) => text(drawn),
            None => Value::Null,
        },
        Generator::Prefixed { prefix, len } => Value::Text(format!("{prefix}{}", code(rng, *len))),
        Generator::Int { min, max } => Value::Int(rng.range_i64(*min, *max)),
        Generator::Float { min, max } => {
            let x = min + rng.unit() * (max - min);
            Value::Float((x * 1000.0).round() / 1000.0)
        }
        Generator::Decimal { min, max, scale } => decimal(rng, *min, *max, *scale),
        Generator::Bool { p_true } => Value::Bool(rng.chance(*p_true)),
        Generator::Date { from, to } => {
            let (from, to) = (parse_date(from), parse_date(to));
            let days = (to - from).num_days().max(0);
            Value::Date(from + Duration::days(rng.range_i64(0, days)))
        }
        Generator::Timestamp { from, to } => {
            let (from, to) = (parse_date(from), parse_date(to));
            let seconds = (to - from).num_seconds().max(0) + 86_399;
            let start = from.and_time(NaiveTime::MIN);
            Value::Timestamp(start + Duration::seconds(rng.range_i64(0, seconds)))
        }
        Generator::Time => {
            let seconds = rng.range_i64(0, 86_399) as u32;
            Value::Time(
                NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap_or(NaiveTime::MIN),
            )
        }
        Generator::Choice { values } if !values.is_empty() => match ty {
            SqlType::Int { .. } | SqlType::Year => rng
                .pick(values)
                .parse()
                .map(Value::Int)
                .unwrap_or(Value::Null),
            SqlType::Decimal { .. } | SqlType::Money | SqlType::Float { .. } => {
                Value::Decimal(rng.pick(values).clone())
            }
            _ => Value::Text(rng.pick(values).clone()),
        },
        Generator::Choice { .. } => Value::Null,
        Generator::Enum => enum_value(ty, schema, rng),
        Generator::Json => {
            let word: &str = Word(EN).fake_with_rng(rng.inner());
            Value::Json(serde_json::json!({ "source": word, "score": rng.range_i64(0, 100) }))
        }
        Generator::Bytes { len } => Value::Bytes((0..*len).map(|_| rng.next_u64() as u8).collect()),
        Generator::Network => network(ty, rng),
        Generator::Interval => Value::Text(format!(
            "{} days {:02}:{:02}:00",
            rng.range_i64(0, 30),
            rng.range_i64(0, 23),
            rng.range_i64(0, 59)
        )),
        Generator::Array => {
            // PostgreSQL does not enforce dimensions: `int[][]` takes a one-dimensional array.
            let element = crate::value::named_types::innermost(ty);
            let count = rng.range_i64(0, 3);
            // Text arrays (tags, labels) hold single words.
            if matches!(
                element,
                SqlType::Text | SqlType::Varchar { .. } | SqlType::Citext
            ) {
                let words =
                    (0..count).map(|_| text(Word(EN).fake_with_rng::<String, _>(rng.inner())));
                return Value::Array(words.collect());
            }
            let column = crate::schema::Column::new("element", element.clone());
            let generator = crate::plan::spec::type_default(&column, &Default::default());
            // Arrays of types sprout cannot spell stay empty.
            if matches!(generator, Generator::DatabaseDefault | Generator::Array) {
                return Value::Array(Vec::new());
            }
            Value::Array(
                (0..count)
                    .map(|_| make(&generator, element, schema, rng, row, locale))
                    .filter(|v| !v.is_null())
                    .collect(),
            )
        }
        Generator::TypeValue => match ty {
            SqlType::Other { name } => crate::value::named_types::value(name, schema.dialect, rng),
            _ => Value::Null,
        },
        Generator::Constant { value } => text(value.clone()),
        Generator::DatabaseDefault | Generator::Reference { .. } => Value::Null,
    }
}

fn uuid_value(rng: &mut CellRng) -> Value {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
    Value::Uuid(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

/// Cuts text to the column's limit (in characters).
fn fit_text(text: String, ty: &SqlType) -> Value {
    let limit = ty.max_chars().map_or(usize::MAX, |n| n as usize);
    // A string never has more characters than bytes: most texts need no count.
    if text.len() <= limit || text.chars().count() <= limit {
        Value::Text(text)
    } else {
        Value::Text(
            text.chars()
                .take(limit)
                .collect::<String>()
                .trim_end()
                .to_string(),
        )
    }
}

/// Words of lorem ipsum between `min` and `max` characters, sentence-cased. Built in one
/// buffer: words are borrowed from the word list, the cut and the capital made in place.
fn lorem(rng: &mut CellRng, min: u32, max: u32) -> String {
    let max = max.max(1) as usize;
    let min = (min as usize).min(max);
    let target = min + rng.below((max - min + 1) as u64) as usize;
    let mut out = String::with_capacity(target.max(min) + 16);
    while out.len() < target.max(1) {
        let word: &str = Word(EN).fake_with_rng(rng.inner());
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if let Some((cut, _)) = out.char_indices().nth(max) {
        out.truncate(cut);
    }
    out.truncate(out.trim_end().len());
    for _ in out.chars().count()..min {
        out.push('x');
    }
    match out.chars().next() {
        Some(first) if first.is_ascii() => {
            out[..1].make_ascii_uppercase();
            out
        }
        Some(first) => first.to_uppercase().chain(out.chars().skip(1)).collect(),
        None => out,
    }
}

fn code(rng: &mut CellRng, len: u32) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    (0..len)
        .map(|_| ALPHABET[rng.below(ALPHABET.len() as u64) as usize] as char)
        .collect()
}

fn decimal(rng: &mut CellRng, min: f64, max: f64, scale: u32) -> Value {
    let factor = 10f64.powi(scale as i32);
    let lo = (min * factor).ceil() as i64;
    let hi = (max * factor).floor() as i64;
    let units = rng.range_i64(lo, hi.max(lo));
    Value::Decimal(format_units(units, scale))
}

/// `units` hundredths (for scale 2) as a decimal string: 1250 -> `12.50`.
pub(crate) fn format_units(units: i64, scale: u32) -> String {
    if scale == 0 {
        return units.to_string();
    }
    let factor = 10i64.pow(scale);
    let sign = if units < 0 { "-" } else { "" };
    let abs = units.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / factor as u64,
        abs % factor as u64,
        width = scale as usize
    )
}

/// A `YYYY-MM-DD` bound of the Spec (read per cell, so without chrono's pattern parser; other
/// spellings go through it).
pub(crate) fn parse_date(text: &str) -> NaiveDate {
    let mut parts = text.splitn(3, '-');
    let fast = match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse(), m.parse(), d.parse()) {
                (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    fast.or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .unwrap_or(NaiveDate::MIN)
}

fn enum_value(ty: &SqlType, schema: &Schema, rng: &mut CellRng) -> Value {
    let (name, is_set) = match ty {
        SqlType::Enum { name } => (name, false),
        SqlType::Set { name } => (name, true),
        _ => return Value::Null,
    };
    let Some(labels) = schema
        .enum_type(name)
        .map(|e| &e.labels)
        .filter(|l| !l.is_empty())
    else {
        return Value::Null;
    };
    if !is_set {
        return Value::Text(rng.pick(labels).clone());
    }
    let chosen: Vec<&str> = labels
        .iter()
        .filter(|_| rng.chance(0.4))
        .map(String::as_str)
        .collect();
    Value::Text(chosen.join(","))
}

fn network(ty: &SqlType, rng: &mut CellRng) -> Value {
    let mut octet = || rng.range_i64(0, 255);
    match ty {
        SqlType::Cidr => Value::Text(format!("10.{}.{}.0/24", octet(), octet())),
        SqlType::MacAddr => Value::Text(
            (0..6)
                .map(|_| format!("{:02x}", octet()))
                .collect::<Vec<_>>()
                .join(":"),
        ),
        _ => Value::Text(format!("10.{}.{}.{}", octet(), octet(), octet())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;
    use crate::value::rng::Cell;

    fn make(g: &Generator, ty: &SqlType, schema: &Schema, rng: &mut CellRng, row: u64) -> Value {
        super::make(g, ty, schema, rng, row, Locale::En)
    }

    fn rng(row: u64) -> CellRng {
        Cell {
            seed: 1,
            table: "t",
            column: "c",
            row,
            attempt: 0,
        }
        .rng()
    }

    #[test]
    fn values_respect_types_and_ranges() {
        let schema = Schema::new(Dialect::Postgres);
        for row in 0..200 {
            let v = make(
                &Generator::Decimal {
                    min: 0.01,
                    max: 99.99,
                    scale: 2,
                },
                &SqlType::Text,
                &schema,
                &mut rng(row),
                row,
            );
            let Value::Decimal(d) = v else { panic!() };
            let x: f64 = d.parse().unwrap();
            assert!(
                (0.01..=99.99).contains(&x) && d.split('.').nth(1).unwrap().len() == 2,
                "{d}"
            );
            let v = make(
                &Generator::Email,
                &SqlType::Varchar { max_len: Some(12) },
                &schema,
                &mut rng(row),
                row,
            );
            assert!(v.to_string().chars().count() <= 12);
            let v = make(
                &Generator::Code { len: 5 },
                &SqlType::Char { len: 5 },
                &schema,
                &mut rng(row),
                row,
            );
            assert_eq!(v.to_string().len(), 5);
            let v = make(
                &Generator::Text {
                    min_len: 3,
                    max_len: 10,
                },
                &SqlType::Text,
                &schema,
                &mut rng(row),
                row,
            );
            let n = v.to_string().chars().count();
            assert!((3..=10).contains(&n), "{v}");
        }
        assert_eq!(format_units(-5, 2), "-0.05");
        assert_eq!(format_units(1250, 2), "12.50");
    }

    #[test]
    fn realistic_values_look_real() {
        let schema = Schema::new(Dialect::Postgres);
        let email = make(&Generator::Email, &SqlType::Text, &schema, &mut rng(3), 3).to_string();
        assert!(email.contains('@') && email.contains('.'), "{email}");
        let name = make(
            &Generator::FullName,
            &SqlType::Text,
            &schema,
            &mut rng(3),
            3,
        )
        .to_string();
        assert!(name.contains(' '), "{name}");
    }
}
