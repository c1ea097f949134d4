//! The Spec: for every column, the generator that fills it and its parameters.
//!
//! [`Spec::infer`] chooses generators from column names and types (heuristics), narrowed by the
//! table's CHECK constraints where they bound a column alone (`price > 0`, `x BETWEEN 1 AND 5`,
//! `status IN (..)`, `length(code) = 5`). The Spec is plain data: it prints as TOML
//! (`sprout spec`), and a user's TOML file overrides any column ([`Spec::apply_toml`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::schema::{BinaryOp, Column, Expr, Literal, Schema, SqlType, Table, UnaryOp};

/// How one column is filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Generator {
    /// Dense integers `start, start + 1, ..` by row: surrogate keys.
    Sequence {
        /// The first value.
        start: i64,
    },
    /// Random UUIDs (version 4 layout, from the cell's stream).
    Uuid,
    /// A person's first name.
    FirstName,
    /// A person's last name.
    LastName,
    /// First and last name.
    FullName,
    /// An e-mail address (made unique by the row number when the column is unique).
    Email,
    /// A user name.
    Username,
    /// A phone number.
    Phone,
    /// A street address.
    StreetAddress,
    /// A city.
    City,
    /// A state or province.
    State,
    /// A country name.
    Country,
    /// A postal code.
    ZipCode,
    /// A company name.
    Company,
    /// A URL.
    Url,
    /// An IPv4 address.
    Ipv4,
    /// A job title.
    JobTitle,
    /// Lorem text between `min_len` and `max_len` characters.
    Text {
        /// Shortest length.
        min_len: u32,
        /// Longest length.
        max_len: u32,
    },
    /// An uppercase code of letters and digits, `len` characters (SKUs, codes).
    Code {
        /// Length.
        len: u32,
    },
    /// A fixed prefix and `len` random letters and digits (`LIKE 'AB-%'` CHECKs).
    Prefixed {
        /// The prefix.
        prefix: String,
        /// Characters after it.
        len: u32,
    },
    /// Integers in `min..=max`.
    Int {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// Floats in `min..max`.
    Float {
        /// Smallest value.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Decimals in `min..=max` with `scale` digits after the point.
    Decimal {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
        /// Digits after the point.
        scale: u32,
    },
    /// Booleans, true with probability `p_true`.
    Bool {
        /// Probability of true.
        p_true: f64,
    },
    /// Dates in `from..=to` (ISO `YYYY-MM-DD`).
    Date {
        /// First date.
        from: String,
        /// Last date.
        to: String,
    },
    /// Timestamps between two dates.
    Timestamp {
        /// First date.
        from: String,
        /// Last date.
        to: String,
    },
    /// Times of day.
    Time,
    /// Text matching a regular expression (Rust `regex` syntax), from a regex CHECK
    /// (`code ~ '^[a-z0-9_]{1,100}$'`, `SIMILAR TO`, `REGEXP`, `GLOB`).
    Pattern {
        /// The regular expression.
        regex: String,
    },
    /// One of these values.
    Choice {
        /// The candidates.
        values: Vec<String>,
    },
    /// One label of the column's enum type (a subset for MySQL `SET`).
    Enum,
    /// A small JSON object.
    Json,
    /// Random bytes.
    Bytes {
        /// Length.
        len: u32,
    },
    /// A network address (`inet`/`cidr`/`macaddr` by the column type).
    Network,
    /// A duration.
    Interval,
    /// An array of 0..=3 elements of the element type.
    Array,
    /// A value of a type sprout spells by name: ranges and multiranges, `ltree`, `hstore`,
    /// `tsvector`, `tsquery`, `cube`, `xml`, bit strings, `oid`, `macaddr8`.
    TypeValue,
    /// The same text in every row.
    Constant {
        /// The value, as text.
        value: String,
    },
    /// Filled from the referenced table's keys (foreign-key columns).
    Reference {
        /// The referenced table.
        table: String,
    },
    /// Left to the database: the column is not written (defaults, generated columns).
    DatabaseDefault,
}

/// The generator and null rate of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSpec {
    /// The generator.
    #[serde(flatten)]
    pub generator: Generator,
    /// Share of NULLs (nullable columns only); the plan's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_rate: Option<f64>,
}

/// Generators for every column of every table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Spec {
    /// table -> column -> spec.
    pub tables: BTreeMap<String, BTreeMap<String, ColumnSpec>>,
}

impl Spec {
    /// The default Spec of a schema: heuristics from names and types, narrowed by CHECKs.
    pub fn infer(schema: &Schema) -> Spec {
        let mut tables = BTreeMap::new();
        for table in &schema.tables {
            let mut columns = BTreeMap::new();
            for column in &table.columns {
                let generator = infer_column(table, column);
                columns.insert(
                    column.name.clone(),
                    ColumnSpec {
                        generator,
                        null_rate: None,
                    },
                );
            }
            tables.insert(table.name.clone(), columns);
        }
        Spec { tables }
    }

    /// The spec of `table.column`.
    pub fn column(&self, table: &str, column: &str) -> Option<&ColumnSpec> {
        self.tables.get(table)?.get(column)
    }

    /// The Spec as TOML, one `[table.column]` section a column.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.tables).expect("the spec always serializes")
    }

    /// Overrides columns from a TOML document shaped like [`Spec::to_toml`]'s output. Every
    /// table and column it names must exist in `schema`.
    pub fn apply_toml(&mut self, text: &str, origin: &str, schema: &Schema) -> Result<()> {
        let overrides: BTreeMap<String, BTreeMap<String, ColumnSpec>> = toml::from_str(text)
            .map_err(|e| Error::Spec {
                path: origin.to_string(),
                message: e.to_string(),
            })?;
        for (table, columns) in overrides {
            let Some(model) = schema.table(&table) else {
                return Err(Error::Spec {
                    path: origin.to_string(),
                    message: format!("table `{table}` is not in the schema"),
                });
            };
            for (column, spec) in columns {
                if model.column(&column).is_none() {
                    return Err(Error::Spec {
                        path: origin.to_string(),
                        message: format!("column `{table}.{column}` is not in the schema"),
                    });
                }
                self.tables
                    .entry(table.clone())
                    .or_default()
                    .insert(column, spec);
            }
        }
        Ok(())
    }
}

/// `FirstName` and `first_name` alike: lower snake case.
fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

const PERSON_TABLES: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "employee",
    "employees",
    "staff",
    "person",
    "people",
    "patient",
    "provider",
    "actor",
    "author",
    "member",
    "contact",
    "student",
    "teacher",
    "artist",
];

fn is_texty(ty: &SqlType) -> bool {
    matches!(
        ty,
        SqlType::Varchar { .. } | SqlType::Char { .. } | SqlType::Text | SqlType::Citext
    )
}

fn infer_column(table: &Table, column: &Column) -> Generator {
    if column.generated.is_some() {
        return Generator::DatabaseDefault;
    }
    if let Some(fk) = table
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.contains(&column.name))
    {
        return Generator::Reference {
            table: fk.ref_table.clone(),
        };
    }
    if let Some(generator) = partition_key_generator(table, column) {
        return generator;
    }
    let sole_key = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.len() == 1 && pk.columns[0] == column.name);
    if sole_key && matches!(column.ty, SqlType::Int { .. }) {
        return Generator::Sequence { start: 1 };
    }
    let unique_alone = table
        .uniques
        .iter()
        .any(|u| u.columns.len() == 1 && u.columns[0] == column.name);
    if unique_alone && matches!(column.ty, SqlType::Int { .. }) {
        // Room for any number of rows: the whole positive range of the type.
        let bounds = ColumnBounds::from_checks(table, &column.name);
        let (_, type_max) = numeric_limits(&column.ty);
        return numeric_generator(&column.ty, Some(1.0), Some(type_max), &bounds);
    }
    let name = snake(&column.name);
    let table_name = snake(&table.name);
    let bounds = ColumnBounds::from_checks(table, &column.name);
    if let Some(values) = &bounds.choices {
        return Generator::Choice {
            values: values.clone(),
        };
    }
    let by_type = type_default(column, &bounds);
    if let Some(regex) = &bounds.pattern {
        return Generator::Pattern {
            regex: regex.clone(),
        };
    }
    if is_texty(&column.ty) {
        let limit = column.ty.max_chars().unwrap_or(u32::MAX);
        if let Some(prefix) = &bounds.like_prefix {
            let room = limit.saturating_sub(prefix.chars().count() as u32);
            return Generator::Prefixed {
                prefix: prefix.clone(),
                len: room.min(8),
            };
        }
        if let Some(len) = bounds.exact_len {
            return Generator::Code { len };
        }
        if let SqlType::Char { len } = column.ty
            && len <= 12
        {
            return Generator::Code { len };
        }
        let fits = |needed: u32| limit >= needed;
        let generator = match name.as_str() {
            n if n.contains("email") || n == "mail" => Some(Generator::Email),
            "first_name" | "firstname" | "given_name" | "forename" => Some(Generator::FirstName),
            "last_name" | "lastname" | "surname" | "family_name" => Some(Generator::LastName),
            "full_name" | "fullname" | "contact_name" | "display_name" => Some(Generator::FullName),
            "name" if PERSON_TABLES.contains(&table_name.as_str()) => Some(Generator::FullName),
            "username" | "user_name" | "login" | "handle" | "nickname" => Some(Generator::Username),
            n if n.contains("phone") || n == "fax" || n == "mobile" || n.ends_with("_tel") => {
                Some(Generator::Phone)
            }
            "address" | "address1" | "address_line1" | "street" | "street_address" => {
                Some(Generator::StreetAddress)
            }
            "city" | "town" | "billing_city" | "ship_city" => Some(Generator::City),
            "state" | "province" | "region" | "billing_state" | "ship_region" => {
                Some(Generator::State)
            }
            "country" | "billing_country" | "ship_country" => Some(Generator::Country),
            n if n.contains("postal") || n.contains("zip") || n == "postcode" => {
                Some(Generator::ZipCode)
            }
            "company" | "company_name" | "organization" | "organisation" | "employer" => {
                Some(Generator::Company)
            }
            "name"
                if [
                    "company",
                    "companies",
                    "supplier",
                    "suppliers",
                    "vendor",
                    "publisher",
                    "shipper",
                    "shippers",
                    "clinic",
                    "org",
                    "orgs",
                    "organization",
                    "organizations",
                    "organisation",
                    "organisations",
                ]
                .contains(&table_name.as_str()) =>
            {
                Some(Generator::Company)
            }
            n if n.contains("url") || n == "website" || n == "homepage" || n == "link" => {
                Some(Generator::Url)
            }
            n if n == "ip" || n.ends_with("_ip") || n.contains("ip_address") => {
                Some(Generator::Ipv4)
            }
            "job_title" | "job" | "position" | "occupation" => Some(Generator::JobTitle),
            "title" if PERSON_TABLES.contains(&table_name.as_str()) => Some(Generator::JobTitle),
            n if n == "sku" || n.ends_with("_code") || n == "code" => {
                Some(Generator::Code { len: limit.min(8) })
            }
            n if n.ends_with("_no") || n.ends_with("_number") || n == "number" => {
                Some(Generator::Code { len: limit.min(10) })
            }
            _ => None,
        };
        let needed = match &generator {
            Some(
                Generator::Email | Generator::Url | Generator::StreetAddress | Generator::Company,
            ) => 24,
            Some(
                Generator::FullName | Generator::Phone | Generator::JobTitle | Generator::Country,
            ) => 16,
            Some(_) => 8,
            None => 0,
        };
        if let Some(generator) = generator.filter(|_| fits(needed)) {
            return generator;
        }
        return by_type;
    }
    if matches!(
        column.ty,
        SqlType::Int { .. } | SqlType::Decimal { .. } | SqlType::Float { .. } | SqlType::Money
    ) {
        let range = match name.as_str() {
            n if n.contains("salary") => Some((30_000.0, 200_000.0)),
            n if n.contains("price")
                || n.contains("cost")
                || n.contains("amount")
                || n.contains("total")
                || n.contains("fee") =>
            {
                Some((1.0, 500.0))
            }
            n if n.contains("quantity")
                || n == "qty"
                || n.contains("stock")
                || n.ends_with("_count") =>
            {
                Some((1.0, 100.0))
            }
            "age" => Some((18.0, 90.0)),
            n if n.contains("discount") => Some((0.0, 0.5)),
            n if n.contains("year") => Some((1970.0, 2025.0)),
            _ => None,
        };
        // A plausible range by name, kept only where the CHECKs allow it.
        if let Some((min, max)) = range {
            let lo = bounds.min.map_or(min, |b| b.max(min));
            let hi = bounds.max.map_or(max, |b| b.min(max));
            if lo < hi {
                let narrowed = ColumnBounds {
                    min: Some(lo),
                    max: Some(hi),
                    ..bounds.clone()
                };
                return numeric_generator(&column.ty, Some(lo), Some(hi), &narrowed);
            }
        }
    }
    if matches!(
        column.ty,
        SqlType::Date | SqlType::Timestamp | SqlType::TimestampTz
    ) && (name.contains("birth") || name == "dob")
    {
        return date_generator(&column.ty, "1940-01-01", "2006-12-31");
    }
    by_type
}

/// A partition key column is drawn where the partitions are: one of the LIST values, or
/// inside the hull of the RANGE bounds (kept a day inside for dates and times, so no time zone
/// moves a value out). Gaps between ranges are closed by the redraws that check every row's
/// partition.
fn partition_key_generator(table: &Table, column: &Column) -> Option<Generator> {
    let levels: Vec<_> = table
        .partitioning
        .as_ref()?
        .levels()
        .into_iter()
        .filter(|level| level.key.first() == Some(&column.name) && !level.partitions.is_empty())
        .collect();
    if levels.is_empty() {
        return None;
    }
    if let Some(lists) = levels
        .iter()
        .map(|level| level.list_values())
        .collect::<Option<Vec<_>>>()
    {
        let mut values: Vec<String> = lists.into_iter().flatten().collect();
        values.dedup();
        return Some(Generator::Choice { values });
    }
    let hulls: Vec<(String, String)> = levels
        .iter()
        .map(|level| level.range_hull())
        .collect::<Option<_>>()?;
    let low = hulls.iter().map(|h| h.0.clone()).max()?;
    let high = hulls.iter().map(|h| h.1.clone()).min()?;
    let day = chrono::Duration::days(1);
    let date = |text: &str| chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok();
    match column.ty {
        SqlType::Int { .. } => {
            let (min, max) = (low.parse::<i64>().ok()?, high.parse::<i64>().ok()? - 1);
            (min <= max).then_some(Generator::Int { min, max })
        }
        SqlType::Date => {
            let (from, to) = (date(&low)?, date(&high)? - day);
            (from <= to).then(|| date_generator(&column.ty, &from.to_string(), &to.to_string()))
        }
        SqlType::Timestamp | SqlType::TimestampTz => {
            let (from, to) = (date(&low)? + day, date(&high)? - day - day);
            let (from, to) = if from <= to {
                (from, to)
            } else {
                (from - day, from - day)
            };
            Some(date_generator(
                &column.ty,
                &from.to_string(),
                &to.to_string(),
            ))
        }
        _ => None,
    }
}

fn date_generator(ty: &SqlType, from: &str, to: &str) -> Generator {
    let (from, to) = (from.to_string(), to.to_string());
    match ty {
        SqlType::Date => Generator::Date { from, to },
        _ => Generator::Timestamp { from, to },
    }
}

fn numeric_generator(
    ty: &SqlType,
    min: Option<f64>,
    max: Option<f64>,
    bounds: &ColumnBounds,
) -> Generator {
    let (type_min, type_max) = numeric_limits(ty);
    let lo = bounds
        .min
        .unwrap_or(min.unwrap_or(0.0).max(type_min))
        .max(type_min);
    let hi = bounds
        .max
        .unwrap_or(max.unwrap_or(1000.0).min(type_max))
        .min(type_max);
    let (lo, hi) = if lo > hi && bounds.max.is_none() {
        (lo, lo + 1000.0)
    } else {
        (lo, hi)
    };
    let (lo, hi) = if lo > hi && bounds.min.is_none() {
        (hi - 1000.0, hi)
    } else {
        (lo, hi)
    };
    match ty {
        SqlType::Int { .. } | SqlType::Year => Generator::Int {
            min: (lo + if bounds.min_exclusive { 1.0 } else { 0.0 }).ceil() as i64,
            max: (hi - if bounds.max_exclusive { 1.0 } else { 0.0 }).floor() as i64,
        },
        SqlType::Float { .. } => Generator::Float { min: lo, max: hi },
        SqlType::Decimal { scale, .. } => {
            let scale = scale.unwrap_or(2);
            let step = 10f64.powi(-(scale as i32));
            Generator::Decimal {
                min: if bounds.min_exclusive { lo + step } else { lo },
                max: if bounds.max_exclusive { hi - step } else { hi },
                scale,
            }
        }
        _ => Generator::Decimal {
            min: if bounds.min_exclusive { lo + 0.01 } else { lo },
            max: if bounds.max_exclusive { hi - 0.01 } else { hi },
            scale: 2,
        },
    }
}

/// The range a numeric type can hold (capped for generation at ±1e9 for wide types).
pub(crate) fn numeric_limits(ty: &SqlType) -> (f64, f64) {
    match ty {
        SqlType::Int { bytes, unsigned } => {
            let bits = u32::from(*bytes) * 8;
            if *unsigned {
                (0.0, (2f64.powi(bits.min(63) as i32) - 1.0).min(1e9))
            } else {
                (
                    (-(2f64.powi(bits as i32 - 1))).max(-1e9),
                    (2f64.powi(bits as i32 - 1) - 1.0).min(1e9),
                )
            }
        }
        SqlType::Decimal {
            precision: Some(p),
            scale,
        } => {
            let digits = *p as i32 - scale.unwrap_or(0) as i32;
            let max = (10f64.powi(digits) - 10f64.powi(-(scale.unwrap_or(0) as i32))).min(1e9);
            (-max, max)
        }
        SqlType::Year => (1901.0, 2155.0),
        _ => (-1e9, 1e9),
    }
}

pub(crate) fn type_default(column: &Column, bounds: &ColumnBounds) -> Generator {
    match &column.ty {
        SqlType::Bool => Generator::Bool { p_true: 0.5 },
        SqlType::Int { .. }
        | SqlType::Float { .. }
        | SqlType::Decimal { .. }
        | SqlType::Money
        | SqlType::Year => {
            let (min, max) = if column.ty == SqlType::Year {
                (1990.0, 2025.0)
            } else {
                (1.0, 1000.0)
            };
            numeric_generator(&column.ty, Some(min), Some(max), bounds)
        }
        SqlType::Varchar { max_len } => {
            let max = max_len.unwrap_or(60).min(60);
            Generator::Text {
                min_len: bounds.min_len.unwrap_or(max.min(5)).min(max),
                max_len: bounds.max_len.unwrap_or(max).min(max),
            }
        }
        SqlType::Char { len } => Generator::Code { len: *len },
        SqlType::Text | SqlType::Citext => Generator::Text {
            min_len: bounds.min_len.unwrap_or(10),
            max_len: bounds.max_len.unwrap_or(120),
        },
        SqlType::Date => date_generator(&column.ty, "2020-01-01", "2025-12-31"),
        SqlType::Timestamp | SqlType::TimestampTz => {
            date_generator(&column.ty, "2020-01-01", "2025-12-31")
        }
        SqlType::Time { .. } => Generator::Time,
        SqlType::Interval => Generator::Interval,
        SqlType::Uuid => Generator::Uuid,
        SqlType::Json { .. } => Generator::Json,
        SqlType::Bytes { max_len } => Generator::Bytes {
            len: max_len.unwrap_or(16).min(16),
        },
        SqlType::Enum { .. } | SqlType::Set { .. } => Generator::Enum,
        SqlType::Array { .. } => Generator::Array,
        SqlType::Inet | SqlType::Cidr | SqlType::MacAddr => Generator::Network,
        SqlType::Other { name } if crate::value::named_types::knows(name) => Generator::TypeValue,
        // A type sprout does not know is left to the database: NULL or its default. A NOT NULL
        // column of it without a default is refused by the plan, with the Spec override.
        SqlType::Other { .. } => Generator::DatabaseDefault,
    }
}

/// What a table's CHECKs say about one column on its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ColumnBounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_exclusive: bool,
    pub max_exclusive: bool,
    pub choices: Option<Vec<String>>,
    pub exact_len: Option<u32>,
    pub min_len: Option<u32>,
    pub max_len: Option<u32>,
    /// `column LIKE 'prefix%'`.
    pub like_prefix: Option<String>,
    /// A regular expression the column must match (`~`, `SIMILAR TO`, `REGEXP`, `GLOB`, and
    /// `LIKE` patterns beyond a prefix), in Rust `regex` syntax.
    pub pattern: Option<String>,
    /// A pair of bounds that excludes every value (`x > 5 AND x < 3`).
    pub empty: bool,
}

impl ColumnBounds {
    /// Collects the bounds that the AND-ed parts of every CHECK of `table` put on `column`.
    pub fn from_checks(table: &Table, column: &str) -> ColumnBounds {
        let mut bounds = ColumnBounds::default();
        for check in &table.checks {
            for part in conjuncts(&check.expr) {
                bounds.absorb(part, column);
            }
        }
        if let (Some(lo), Some(hi)) = (bounds.min, bounds.max)
            && (lo > hi || (lo == hi && (bounds.min_exclusive || bounds.max_exclusive)))
        {
            bounds.empty = true;
        }
        bounds
    }

    fn absorb(&mut self, expr: &Expr, column: &str) {
        match expr {
            Expr::Binary { op, left, right } => {
                let (op, value) = match (&**left, &**right) {
                    (Expr::Column(c), other) if c == column => (*op, other),
                    (other, Expr::Column(c)) if c == column => (flip(*op), other),
                    (Expr::Function { name, args }, Expr::Literal(Literal::Number(n)))
                        if is_length(name, args, column) =>
                    {
                        if let Ok(n) = n.parse::<u32>() {
                            self.absorb_length(*op, n);
                        }
                        return;
                    }
                    _ => return,
                };
                let Some(number) = literal_number(value) else {
                    return;
                };
                match op {
                    BinaryOp::Gt | BinaryOp::GtEq => {
                        let exclusive = op == BinaryOp::Gt;
                        if self
                            .min
                            .is_none_or(|m| number > m || (number == m && exclusive))
                        {
                            self.min = Some(number);
                            self.min_exclusive = exclusive;
                        }
                    }
                    BinaryOp::Lt | BinaryOp::LtEq => {
                        let exclusive = op == BinaryOp::Lt;
                        if self
                            .max
                            .is_none_or(|m| number < m || (number == m && exclusive))
                        {
                            self.max = Some(number);
                            self.max_exclusive = exclusive;
                        }
                    }
                    BinaryOp::Eq => {
                        self.min = Some(number);
                        self.max = Some(number);
                    }
                    _ => {}
                }
            }
            Expr::Like {
                expr,
                pattern,
                negated: false,
                case_insensitive: false,
            } if matches!(&**expr, Expr::Column(c) if c == column) => {
                if let Expr::Literal(Literal::Text(pattern)) = &**pattern {
                    match pattern.strip_suffix('%') {
                        Some(prefix) if !prefix.contains(['%', '_']) => {
                            self.like_prefix = Some(prefix.to_string())
                        }
                        _ => {
                            let regex = like_regex(pattern);
                            if crate::value::pattern::can_draw(&regex) {
                                self.pattern = Some(regex);
                            }
                        }
                    }
                }
            }
            Expr::Matches {
                expr,
                pattern,
                syntax,
                negated: false,
                ..
            } if matches!(&**expr, Expr::Column(c) if c == column) => {
                if let Expr::Literal(Literal::Text(pattern)) = &**pattern {
                    let regex = syntax.to_regex(pattern);
                    if crate::value::pattern::can_draw(&regex) {
                        self.pattern = Some(regex);
                    }
                }
            }
            Expr::InList {
                expr,
                list,
                negated: false,
            } if matches!(&**expr, Expr::Column(c) if c == column) => {
                let values: Option<Vec<String>> = list
                    .iter()
                    .map(|item| match item {
                        Expr::Literal(Literal::Text(t) | Literal::Number(t)) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                if let Some(values) = values.filter(|v| !v.is_empty()) {
                    self.choices = Some(values);
                }
            }
            _ => {}
        }
    }

    fn absorb_length(&mut self, op: BinaryOp, n: u32) {
        match op {
            BinaryOp::Eq => self.exact_len = Some(n),
            BinaryOp::Gt => self.min_len = Some(n + 1),
            BinaryOp::GtEq => self.min_len = Some(n),
            BinaryOp::Lt => self.max_len = Some(n.saturating_sub(1)),
            BinaryOp::LtEq => self.max_len = Some(n),
            _ => {}
        }
    }
}

/// A LIKE pattern as an anchored regular expression: `%` any run, `_` any one character,
/// everything else literal.
fn like_regex(pattern: &str) -> String {
    let mut out = String::from("^");
    for c in pattern.chars() {
        match c {
            '%' => out.push_str("[a-z0-9]*"),
            '_' => out.push_str("[a-z0-9]"),
            c => out.push_str(&regex_syntax::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

fn is_length(name: &str, args: &[Expr], column: &str) -> bool {
    matches!(name, "length" | "char_length" | "character_length")
        && matches!(args, [Expr::Column(c)] if c == column)
}

fn literal_number(expr: &Expr) -> Option<f64> {
    match expr {
        Expr::Literal(Literal::Number(n)) => n.parse().ok(),
        Expr::Unary {
            op: UnaryOp::Neg,
            expr,
        } => literal_number(expr).map(|n| -n),
        _ => None,
    }
}

/// `5 < x` is `x > 5`.
pub(crate) fn flip(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::LtEq => BinaryOp::GtEq,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::GtEq => BinaryOp::LtEq,
        other => other,
    }
}

/// The AND-ed parts of an expression.
pub(crate) fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            let mut parts = conjuncts(left);
            parts.extend(conjuncts(right));
            parts
        }
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;
    use crate::source::ddl;

    fn spec(sql: &str) -> Spec {
        Spec::infer(&ddl::parse(sql, Dialect::Postgres).unwrap().schema)
    }

    #[test]
    fn names_and_types_choose_generators() {
        let s = spec(
            "CREATE TABLE customer (id serial PRIMARY KEY, FirstName varchar(40), email varchar(120),
               name text, phone varchar(24), price numeric(8,2), created_at timestamptz, active boolean,
               qty int CHECK (qty BETWEEN 1 AND 9), sku char(8), status text CHECK (status IN ('a', 'b')));",
        );
        let g = |c: &str| s.column("customer", c).unwrap().generator.clone();
        assert_eq!(g("firstname"), Generator::FirstName);
        assert_eq!(g("email"), Generator::Email);
        assert_eq!(g("name"), Generator::FullName);
        assert_eq!(g("phone"), Generator::Phone);
        assert_eq!(
            g("price"),
            Generator::Decimal {
                min: 1.0,
                max: 500.0,
                scale: 2
            }
        );
        assert_eq!(g("qty"), Generator::Int { min: 1, max: 9 });
        assert_eq!(g("sku"), Generator::Code { len: 8 });
        assert_eq!(
            g("status"),
            Generator::Choice {
                values: vec!["a".into(), "b".into()]
            }
        );
        assert!(matches!(g("created_at"), Generator::Timestamp { .. }));
    }

    #[test]
    fn checks_bound_numbers_and_lengths() {
        let s = spec(
            "CREATE TABLE t (x int CHECK (x > 5 AND x <= 10), p numeric(6,2) CHECK (p > 0), c varchar(9) CHECK (length(c) = 5));",
        );
        let g = |c: &str| s.column("t", c).unwrap().generator.clone();
        assert_eq!(g("x"), Generator::Int { min: 6, max: 10 });
        assert_eq!(
            g("p"),
            Generator::Decimal {
                min: 0.01,
                max: 1000.0,
                scale: 2
            }
        );
        assert_eq!(g("c"), Generator::Code { len: 5 });
    }

    #[test]
    fn spec_round_trips_through_toml_and_overrides_apply() {
        let schema = ddl::parse(
            "CREATE TABLE t (id int PRIMARY KEY, note text);",
            Dialect::Postgres,
        )
        .unwrap()
        .schema;
        let mut s = Spec::infer(&schema);
        let text = s.to_toml();
        let back: BTreeMap<String, BTreeMap<String, ColumnSpec>> = toml::from_str(&text).unwrap();
        assert_eq!(back, s.tables);
        s.apply_toml(
            "[t.note]\nkind = \"constant\"\nvalue = \"hi\"\n",
            "spec.toml",
            &schema,
        )
        .unwrap();
        assert_eq!(
            s.column("t", "note").unwrap().generator,
            Generator::Constant { value: "hi".into() }
        );
        let err = s
            .apply_toml("[t.nope]\nkind = \"uuid\"\n", "spec.toml", &schema)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("column `t.nope` is not in the schema"),
            "{err}"
        );
    }

    #[test]
    fn signed_integer_limits_are_capped_on_both_sides() {
        let int8 = SqlType::Int {
            bytes: 8,
            unsigned: false,
        };
        assert_eq!(numeric_limits(&int8), (-1e9, 1e9));
        let int2 = SqlType::Int {
            bytes: 2,
            unsigned: false,
        };
        assert_eq!(numeric_limits(&int2), (-32768.0, 32767.0));
    }

    #[test]
    fn snake_case_folds_camel_case() {
        assert_eq!(snake("FirstName"), "first_name");
        assert_eq!(snake("SupportRepId"), "support_rep_id");
        assert_eq!(snake("HTTPCode"), "http_code");
        assert_eq!(snake("last_update"), "last_update");
    }
}
