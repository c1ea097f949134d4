//! Typed factories: what `#[derive(Sprout)]` builds on. A model describes its table
//! ([`ModelInfo`]); a [`Context`] carries the seed and makes rows with the same engine, generators
//! and cell seeding as every other path, so a struct generates the rows its table introspected
//! from a database would; [`Insert`] writes a row through a sqlx pool.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};
use crate::plan::spec::Spec;
use crate::plan::{Plan, PlanOptions};
use crate::schema::{
    Column, Dialect, EnumType, ForeignKey, PrimaryKey, Schema, SqlType, Table, Unique,
};
use crate::value::Value;
use crate::value::rng::{Cell, CellRng};

/// What a foreign key of a model points at.
#[derive(Debug, Clone)]
pub enum Reference {
    /// Another model's primary key (`fk = Org`): its table name.
    Model(fn() -> ModelInfo),
    /// A table and column by name (`fk = "org.id"`).
    Column(&'static str, &'static str),
}

/// One field of a model.
#[derive(Debug, Clone)]
pub struct FieldInfo {
    /// The Rust field.
    pub field: &'static str,
    /// The column.
    pub column: &'static str,
    /// Its SQL type.
    pub ty: SqlType,
    /// The labels of an enum field ([`SqlEnum::LABELS`]); empty otherwise.
    pub labels: &'static [&'static str],
    /// `Option<T>`.
    pub nullable: bool,
    /// Part of the primary key.
    pub pk: bool,
    /// UNIQUE on its own.
    pub unique: bool,
    /// A foreign key.
    pub fk: Option<Reference>,
    /// Spec lines for the column (`kind = "int"\nmin = 18\nmax = 90`), from `faker`, `range`,
    /// `len` or `values`.
    pub spec: Option<String>,
    /// Share of NULLs.
    pub null_rate: Option<f64>,
    /// Left to the database: not written.
    pub database_default: bool,
    /// `seq = "user{n}@example.com"`: `{n}` is the row's number, from 1.
    pub seq: Option<&'static str>,
    /// `with = path`: the value for row `n` (from 0).
    pub with: Option<fn(u64) -> Value>,
    /// `faker = <fake-crate faker>`: a value drawn from the cell's random stream.
    pub faker: Option<fn(&mut CellRng) -> Value>,
}

/// A named set of field values (`#[sprout(trait(name = "admin", role = "admin"))]`).
#[derive(Debug, Clone)]
pub struct TraitInfo {
    /// The trait's name.
    pub name: &'static str,
    /// Field -> value.
    pub values: Vec<(&'static str, Value)>,
}

/// What a model says about its table.
#[derive(Debug, Clone)]
pub struct ModelInfo {
    /// The table.
    pub table: &'static str,
    /// Fields in declaration order (skipped fields excluded).
    pub fields: Vec<FieldInfo>,
    /// Named traits.
    pub traits: Vec<TraitInfo>,
}

impl ModelInfo {
    /// The table in sprout's schema model, with its foreign keys.
    pub fn to_table(&self) -> Table {
        let mut table = Table::new(self.table);
        for field in &self.fields {
            let mut column = Column::new(field.column, field.ty.clone());
            column.nullable = field.nullable && !field.pk;
            table.columns.push(column);
            if field.unique {
                table.uniques.push(Unique {
                    expressions: Vec::new(),
                    name: None,
                    columns: vec![field.column.to_string()],
                    predicate: None,
                });
            }
            if let Some(reference) = &field.fk {
                let (ref_table, ref_column) = match reference {
                    Reference::Model(info) => {
                        let parent = info();
                        let pk = parent
                            .fields
                            .iter()
                            .find(|f| f.pk)
                            .map(|f| f.column)
                            .unwrap_or("id");
                        (parent.table.to_string(), pk.to_string())
                    }
                    Reference::Column(t, c) => (t.to_string(), c.to_string()),
                };
                table.foreign_keys.push(ForeignKey {
                    name: None,
                    columns: vec![field.column.to_string()],
                    ref_table,
                    ref_columns: vec![ref_column],
                    on_delete: Default::default(),
                    on_update: Default::default(),
                    deferrable: Default::default(),
                });
            }
        }
        let pk: Vec<String> = self
            .fields
            .iter()
            .filter(|f| f.pk)
            .map(|f| f.column.to_string())
            .collect();
        if !pk.is_empty() {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns: pk,
            });
        }
        table
    }

    /// The enum types of its enum fields, by name.
    pub fn enum_types(&self) -> Vec<EnumType> {
        let mut types: Vec<EnumType> = Vec::new();
        for field in &self.fields {
            if let SqlType::Enum { name } = &field.ty
                && !types.iter().any(|t| &t.name == name)
            {
                types.push(EnumType {
                    name: name.clone(),
                    labels: field.labels.iter().map(|l| l.to_string()).collect(),
                });
            }
        }
        types
    }

    /// The Spec overrides the attributes ask for, as TOML.
    pub fn spec_toml(&self) -> String {
        let mut out = String::new();
        for field in &self.fields {
            let mut lines = Vec::new();
            if field.database_default {
                lines.push("kind = \"database_default\"".to_string());
            } else if let Some(spec) = &field.spec {
                lines.push(spec.clone());
            }
            if let Some(rate) = field.null_rate {
                if lines.is_empty() {
                    continue; // a null rate alone is applied by the context
                }
                lines.push(format!("null_rate = {rate}"));
            }
            if !lines.is_empty() {
                out.push_str(&format!(
                    "[{}.{}]\n{}\n",
                    toml_key(self.table),
                    toml_key(field.column),
                    lines.join("\n")
                ));
            }
        }
        out
    }
}

fn toml_key(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A struct that derives `Sprout`.
pub trait Model: Sized {
    /// Its table.
    fn info() -> ModelInfo;
    /// A value from a row of cells, in field order.
    fn from_values(values: Vec<Value>) -> Result<Self>;
    /// The cells of a value, in field order.
    fn to_values(&self) -> Vec<Value>;
}

/// Several models, for [`Schema::from_models`]: `(Org, User, Post)`.
pub trait Models {
    /// Their tables.
    fn infos() -> Vec<ModelInfo>;
}

macro_rules! models_tuple {
    ($($name:ident),+) => {
        impl<$($name: Model),+> Models for ($($name,)+) {
            fn infos() -> Vec<ModelInfo> {
                vec![$($name::info()),+]
            }
        }
    };
}
models_tuple!(A);
models_tuple!(A, B);
models_tuple!(A, B, C);
models_tuple!(A, B, C, D);
models_tuple!(A, B, C, D, E);
models_tuple!(A, B, C, D, E, F);
models_tuple!(A, B, C, D, E, F, G);
models_tuple!(A, B, C, D, E, F, G, H);

impl Schema {
    /// The schema of derived models (PostgreSQL dialect): every table with its keys, so the
    /// whole engine (FK order, constraints, sinks, seeding) works from the structs alone.
    pub fn from_models<M: Models>() -> Schema {
        Schema::from_models_in::<M>(Dialect::Postgres)
    }

    /// [`Schema::from_models`] for another dialect.
    pub fn from_models_in<M: Models>(dialect: Dialect) -> Schema {
        let mut schema = Schema::new(dialect);
        for info in M::infos() {
            for enum_type in info.enum_types() {
                if schema.enum_type(&enum_type.name).is_none() {
                    schema.enums.push(enum_type);
                }
            }
            schema.tables.push(info.to_table());
        }
        schema.normalize();
        schema
    }

    /// The Spec overrides of derived models' attributes, applied to the inferred Spec.
    pub fn spec_from_models<M: Models>(&self) -> Result<Spec> {
        let mut spec = Spec::infer(self);
        for info in M::infos() {
            let toml = info.spec_toml();
            if !toml.is_empty() {
                spec.apply_toml(&toml, info.table, self)?;
            }
        }
        Ok(spec)
    }
}

/// Rows already generated for one model's table.
struct Cached {
    rows: Vec<Vec<Value>>,
}

/// Carries the seed and hands out rows: the n-th value built of a model is row n of its table
/// as the engine generates it with this seed. The same seed and the same calls give the same
/// values.
pub struct Context {
    seed: u64,
    tables: HashMap<&'static str, Cached>,
    next: HashMap<&'static str, u64>,
}

thread_local! {
    static CURRENT: RefCell<Option<Context>> = const { RefCell::new(None) };
}

impl Context {
    /// A context with `seed`.
    pub fn new(seed: u64) -> Context {
        Context {
            seed,
            tables: HashMap::new(),
            next: HashMap::new(),
        }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Runs `f` with this thread's context: seeded by `SPROUT_SEED`, else by a hash of the
    /// thread's name (the test harness names a test's thread after the test).
    pub fn with_current<R>(f: impl FnOnce(&mut Context) -> R) -> R {
        CURRENT.with(|cell| {
            let mut slot = cell.borrow_mut();
            let context = slot.get_or_insert_with(|| {
                let seed = std::env::var("SPROUT_SEED")
                    .ok()
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or_else(|| {
                        let thread = std::thread::current();
                        xxhash_rust::xxh3::xxh3_64(thread.name().unwrap_or("main").as_bytes())
                    });
                Context::new(seed)
            });
            f(context)
        })
    }

    /// The next row of `info`'s table: its number and its cells in field order.
    pub fn next_row(&mut self, info: &ModelInfo) -> Result<(u64, Vec<Value>)> {
        let n = *self.next.get(info.table).unwrap_or(&0);
        let have = self
            .tables
            .get(info.table)
            .map_or(0, |c| c.rows.len() as u64);
        if n >= have {
            let rows = (have * 2).max(64).max(n + 1);
            let generated = self.generate(info, rows)?;
            self.tables.insert(info.table, Cached { rows: generated });
        }
        self.next.insert(info.table, n + 1);
        let row = self.tables[info.table].rows[n as usize].clone();
        Ok((n, row))
    }

    fn generate(&self, info: &ModelInfo, rows: u64) -> Result<Vec<Vec<Value>>> {
        let mut table = info.to_table();
        // Parents come from associations when inserting; alone, a model's keys are free values.
        table.foreign_keys.clear();
        let mut schema = Schema::new(Dialect::Postgres);
        schema.tables.push(table);
        schema.enums = info.enum_types();
        let mut spec = Spec::infer(&schema);
        let toml = info.spec_toml();
        if !toml.is_empty() {
            spec.apply_toml(&toml, info.table, &schema)?;
        }
        for field in info.fields.iter().filter(|f| f.null_rate.is_some()) {
            if let Some(tables) = spec.tables.get_mut(info.table)
                && let Some(column) = tables.get_mut(field.column)
            {
                column.null_rate = field.null_rate;
            }
        }
        let plan = Plan::new(
            schema,
            PlanOptions {
                seed: self.seed,
                rows,
                spec: Some(spec),
                ..PlanOptions::default()
            },
        )?;
        let data = crate::generate::generate(&plan)?;
        Ok(data
            .tables
            .into_iter()
            .next()
            .map(|t| t.rows)
            .unwrap_or_default())
    }
}

/// Applies a builder's choices to row `n` generated with `seed`: `faker`, `seq` and `with`
/// fields, then traits in order, then overrides. A `faker` cell draws from the same cell stream
/// (seed, table, column, row) as the engine's own generators.
pub fn finish_row(
    info: &ModelInfo,
    seed: u64,
    n: u64,
    mut row: Vec<Value>,
    traits: &[&str],
    overrides: &BTreeMap<&'static str, Value>,
) -> Result<Vec<Value>> {
    for (i, field) in info.fields.iter().enumerate() {
        if let Some(faker) = field.faker {
            let cell = Cell {
                seed,
                table: info.table,
                column: field.column,
                row: n,
                attempt: 0,
            };
            let keep_null = field.nullable && row[i] == Value::Null;
            if !keep_null {
                row[i] = faker(&mut cell.rng());
            }
        }
        if let Some(format) = field.seq {
            row[i] = Value::Text(format.replace("{n}", &(n + 1).to_string()));
        }
        if let Some(with) = field.with {
            row[i] = with(n);
        }
    }
    for name in traits {
        let found = info
            .traits
            .iter()
            .find(|t| t.name == *name)
            .ok_or_else(|| {
                Error::Unsatisfiable(format!(
                    "{}: no trait named `{name}`; the model has {}",
                    info.table,
                    info.traits
                        .iter()
                        .map(|t| t.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        for (field, value) in &found.values {
            if let Some(i) = info.fields.iter().position(|f| f.field == *field) {
                row[i] = value.clone();
            }
        }
    }
    for (field, value) in overrides {
        if let Some(i) = info.fields.iter().position(|f| f.field == *field) {
            row[i] = value.clone();
        }
    }
    Ok(row)
}

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

/// A field holding a SQL enum, `T` or `Option<T>`: what the derive's code calls, so that a
/// field of a type sprout cannot map gets one error, at the field.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "sprout cannot map `{Self}` to a SQL type",
    label = "no SQL type for this field",
    note = "use an integer, float, bool, String, chrono or time date/time, uuid, rust_decimal, serde_json::Value or Vec<u8> field, derive Sprout on an enum of unit variants, or mark the field #[sprout(skip)]"
)]
pub trait EnumField: Sized {
    /// The enum type's name.
    const NAME: &'static str;
    /// Its labels.
    const LABELS: &'static [&'static str];
    /// The cell.
    fn to_cell(&self) -> Value;
    /// The field from a cell.
    fn from_cell(value: &Value, what: &str) -> Result<Self>;
}

impl<T: SqlEnum> EnumField for T {
    const NAME: &'static str = T::NAME;
    const LABELS: &'static [&'static str] = T::LABELS;
    fn to_cell(&self) -> Value {
        self.to_value()
    }
    fn from_cell(value: &Value, what: &str) -> Result<Self> {
        T::from_value(value, what)
    }
}

impl<T: SqlEnum> EnumField for Option<T> {
    const NAME: &'static str = T::NAME;
    const LABELS: &'static [&'static str] = T::LABELS;
    fn to_cell(&self) -> Value {
        self.to_value()
    }
    fn from_cell(value: &Value, what: &str) -> Result<Self> {
        Option::<T>::from_value(value, what)
    }
}

/// The error of a cell that is none of an enum's labels.
pub fn not_a_label(value: &Value, what: &str, ty: &str, labels: &[&str]) -> Error {
    Error::Unsatisfiable(format!(
        "{what}: {value:?} is not a label of the enum {ty} (its labels: {})",
        labels.join(", ")
    ))
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
    Error::Unsatisfiable(format!(
        "{what}: the generated value {value:?} does not fit the field's type {ty}"
    ))
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

/// An async connection a factory inserts into: a sqlx pool (PostgreSQL, MySQL/MariaDB, SQLite),
/// or sea-orm's `DatabaseConnection` with the `sea-orm` feature.
pub trait Insert: Sync {
    /// Inserts one row of `info`'s table (the cells in field order; fields left to the database
    /// are not written).
    fn insert_row(
        &self,
        info: &ModelInfo,
        row: &[Value],
    ) -> impl std::future::Future<Output = Result<()>> + Send;
}

/// The written columns of a model and the row's cells for them.
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
fn written(info: &ModelInfo, row: &[Value]) -> (crate::sink::sql::RowHead, Vec<Value>) {
    let fields: Vec<(&FieldInfo, &Value)> = info
        .fields
        .iter()
        .zip(row)
        .filter(|(f, _)| !f.database_default)
        .collect();
    let head = crate::sink::sql::RowHead {
        table: info.table.to_string(),
        columns: fields.iter().map(|(f, _)| f.column.to_string()).collect(),
        types: fields.iter().map(|(f, _)| f.ty.clone()).collect(),
        overriding: false,
    };
    (head, fields.into_iter().map(|(_, v)| v.clone()).collect())
}

#[cfg(feature = "seed")]
macro_rules! insert_pool {
    ($pool:ty) => {
        impl Insert for $pool {
            async fn insert_row(&self, info: &ModelInfo, row: &[Value]) -> Result<()> {
                let (head, cells) = written(info, row);
                let failed = |source| Error::Query {
                    target: "the pool's database".into(),
                    context: format!("inserting a row into {}", info.table),
                    source,
                };
                let mut conn = self.acquire().await.map_err(failed)?;
                let mut live = crate::live::Live::from(&mut *conn);
                live.load(&head, &[cells]).await.map_err(failed)?;
                for statement in sequence_updates(info, live.dialect()) {
                    live.execute(&statement).await.map_err(failed)?;
                }
                Ok(())
            }
        }
    };
}
#[cfg(all(feature = "seed", feature = "postgres"))]
insert_pool!(sqlx::PgPool);
#[cfg(all(feature = "seed", feature = "mysql"))]
insert_pool!(sqlx::MySqlPool);
#[cfg(all(feature = "seed", feature = "sqlite"))]
insert_pool!(sqlx::SqlitePool);

/// PostgreSQL: the statements that move the sequences of the integer keys just written past
/// them, so the application's own inserts (DEFAULT keys) do not collide with a factory's rows.
/// MySQL's AUTO_INCREMENT and SQLite's rowid move by themselves.
#[cfg(any(feature = "seed", feature = "diesel", feature = "sea-orm"))]
fn sequence_updates(info: &ModelInfo, dialect: Dialect) -> Vec<String> {
    info.fields
        .iter()
        .filter(|f| f.pk && !f.database_default && matches!(f.ty, SqlType::Int { .. }))
        .filter_map(|f| dialect.sql().sequence_move(info.table, f.column))
        .collect()
}

/// A row of a model as one INSERT with escaped literals for `dialect` (for connections that
/// take SQL text: diesel, sea-orm).
#[cfg(any(feature = "diesel", feature = "sea-orm"))]
fn literal_insert(info: &ModelInfo, row: &[Value], dialect: Dialect) -> String {
    let (head, cells) = written(info, row);
    let values: Vec<String> = cells
        .iter()
        .zip(&head.types)
        .map(|(v, ty)| crate::sink::sql::literal(v, ty, dialect))
        .collect();
    format!(
        "{} VALUES ({})",
        head.insert_into(dialect),
        values.join(", ")
    )
}

/// A blocking connection a factory inserts into (`insert_sync`): diesel's `SqliteConnection`
/// with the `diesel` feature, `PgConnection` with `diesel-postgres`, `MysqlConnection` with
/// `diesel-mysql`.
pub trait SyncInsert {
    /// Inserts one row of `info`'s table.
    fn insert_row_sync(&mut self, info: &ModelInfo, row: &[Value]) -> Result<()>;
}

/// diesel connections: one INSERT with escaped literals, then (PostgreSQL) the sequences.
#[cfg(feature = "diesel")]
macro_rules! insert_diesel {
    ($connection:ty, $dialect:expr) => {
        impl SyncInsert for $connection {
            fn insert_row_sync(&mut self, info: &ModelInfo, row: &[Value]) -> Result<()> {
                use diesel::RunQueryDsl;
                let failed = |e: diesel::result::Error| Error::OrmInsert {
                    table: info.table.to_string(),
                    orm: "diesel",
                    source: Box::new(e),
                };
                let sql = literal_insert(info, row, $dialect);
                diesel::sql_query(sql).execute(self).map_err(failed)?;
                for statement in sequence_updates(info, $dialect) {
                    diesel::sql_query(statement).execute(self).map_err(failed)?;
                }
                Ok(())
            }
        }
    };
}
#[cfg(feature = "diesel")]
insert_diesel!(diesel::SqliteConnection, Dialect::Sqlite);
#[cfg(feature = "diesel-postgres")]
insert_diesel!(diesel::PgConnection, Dialect::Postgres);
#[cfg(feature = "diesel-mysql")]
insert_diesel!(diesel::MysqlConnection, Dialect::Mysql);

#[cfg(feature = "sea-orm")]
impl Insert for sea_orm::DatabaseConnection {
    async fn insert_row(&self, info: &ModelInfo, row: &[Value]) -> Result<()> {
        use sea_orm::ConnectionTrait;
        // sea-orm names its backends `Postgres`, `MySql`, `Sqlite`.
        let dialect: Dialect = self
            .get_database_backend()
            .as_str()
            .parse()
            .unwrap_or(Dialect::Postgres);
        let failed = |e: sea_orm::DbErr| Error::OrmInsert {
            table: info.table.to_string(),
            orm: "sea-orm",
            source: Box::new(e),
        };
        let sql = literal_insert(info, row, dialect);
        self.execute_unprepared(&sql).await.map_err(failed)?;
        for statement in sequence_updates(info, dialect) {
            self.execute_unprepared(&statement).await.map_err(failed)?;
        }
        Ok(())
    }
}
