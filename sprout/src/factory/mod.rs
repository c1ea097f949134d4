//! Typed factories: what `#[derive(Sprout)]` builds on. A model describes its table
//! ([`ModelInfo`]); a [`Context`] carries the seed and makes rows with the same engine, generators
//! and cell seeding as every other path, so a struct generates the rows its table introspected
//! from a database would; [`Insert`] writes a row through a sqlx pool.
//!
//! - `context.rs`: the [`Context`] that hands out rows, and which one an insert uses (a scope,
//!   else one shared by the threads of a name);
//! - `snapshot.rs`: a model checked against the committed snapshot at compile time, merged with
//!   its table at run time; the foreign keys it leaves to the snapshot;
//! - `registry.rs`: every derived model by table, for keys to a table by name;
//! - `relations.rs`: foreign keys an ORM declares (sea-orm's `Relation`s) as references;
//! - `parents.rs`: the parents an insert needs, made first, NULL, or taken from the database
//!   (`.existing()`);
//! - `holds.rs`: which Rust types hold which SQL types (the derive's compile-time check);
//! - `convert.rs`: Rust values to cells and back ([`ToValue`], [`FromValue`], [`SqlEnum`]);
//! - `field_type.rs`: the SQL type of a field's Rust type and the attributes it takes
//!   ([`FieldType`], [`IntRange`], [`FloatRange`], [`TextField`]);
//! - `insert/`: writing a row through sqlx pools (`mod.rs`), diesel (`diesel.rs`) and
//!   sea-orm (`sea_orm.rs`).

mod context;
mod convert;
mod field_type;
mod holds;
mod insert;
mod parents;
mod registry;
mod relations;
mod snapshot;

pub use context::{Context, SharedContext, current, inherit, scope};
pub use convert::{FromValue, SqlEnum, ToValue, not_a_label};
pub use field_type::{FieldType, FloatRange, IntRange, TextField, enum_sql_type};
pub use holds::{Holds, sql};
pub use insert::{EXISTING_LIMIT, Insert, SyncInsert};
pub use parents::{ParentKey, insert_parents, insert_parents_sync};
pub use registry::{Registered, model_of_table};
pub use relations::Relation;
#[cfg(feature = "sea-orm")]
pub use relations::sea_orm_relations;

/// The types of `sprout::factories!` fields, so a crate needs no dependency of its own on
/// chrono, uuid or serde_json. (Single types, not whole crates: re-exporting a crate makes
/// rustc spell `String` as `std::string::String` in every error of the crates that use sprout.)
pub mod types {
    pub use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
    pub use serde_json::Value as JsonValue;
    pub use uuid::Uuid;
}

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::plan::spec::{ColumnSpec, Generator, Spec};
use crate::schema::{
    Column, Dialect, EnumType, ForeignKey, PrimaryKey, Schema, SqlType, Table, Unique,
};
use crate::value::Value;
use crate::value::rng::{Cell, CellRng};

/// What a foreign key of a model points at.
#[derive(Debug, Clone)]
pub enum Reference {
    /// Another model's primary key (`fk = Org`): its table name.
    Model(fn() -> &'static ModelInfo),
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
    /// The column's generator, from `faker = "email"`, `range`, `len` or `values`.
    pub spec: Option<Generator>,
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
    /// The table and its parents as the committed snapshot declares them, when the derive found
    /// one (`.sprout/schema.json`; see [`ModelInfo::with_snapshot`]).
    pub snapshot: Option<&'static Schema>,
}

impl ModelInfo {
    /// The table in sprout's schema model, with its foreign keys: the snapshot's when there is
    /// one (every column, key, CHECK and default the database declares), else the fields'.
    pub fn to_table(&self) -> Table {
        if let Some(table) = self.snapshot.and_then(|s| s.table(self.table)) {
            return table.clone();
        }
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

    /// The enum types of its enum fields (of the snapshot, when there is one), by name.
    pub fn enum_types(&self) -> Vec<EnumType> {
        if let Some(schema) = self.snapshot {
            return schema.enums.clone();
        }
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

    /// The generators the attributes ask for, by column: `default` leaves a column to the
    /// database; a null rate alone is applied by the context, not here.
    pub fn column_specs(&self) -> Vec<(&'static str, ColumnSpec)> {
        self.fields
            .iter()
            .filter_map(|field| {
                let generator = if field.database_default {
                    Generator::DatabaseDefault
                } else {
                    field.spec.clone()?
                };
                Some((
                    field.column,
                    ColumnSpec {
                        generator,
                        null_rate: field.null_rate,
                    },
                ))
            })
            .collect()
    }

    /// The column a foreign key to this model references: its primary key's, else its first
    /// field's (what a builder's `.parent(&p)` setter takes too).
    pub fn key_column(&self) -> &'static str {
        self.fields
            .iter()
            .find(|f| f.pk)
            .or(self.fields.first())
            .map_or("id", |f| f.column)
    }

    /// Sets the columns of [`ModelInfo::column_specs`] in `spec`.
    pub(crate) fn apply_to(&self, spec: &mut Spec) {
        let columns = spec.tables.entry(self.table.to_string()).or_default();
        for (column, column_spec) in self.column_specs() {
            columns.insert(column.to_string(), column_spec);
        }
    }
}

/// A struct that derives `Sprout`.
pub trait Model: Sized {
    /// Its table.
    fn info() -> &'static ModelInfo;
    /// A value from a row of cells, in field order.
    fn from_values(values: Vec<Value>) -> Result<Self>;
    /// The cells of a value, in field order.
    fn to_values(&self) -> Vec<Value>;
}

/// Several models, for [`Schema::from_models`]: `(Org, User, Post)`.
pub trait Models {
    /// Their tables.
    fn infos() -> Vec<&'static ModelInfo>;
}

macro_rules! models_tuple {
    ($($name:ident),+) => {
        impl<$($name: Model),+> Models for ($($name,)+) {
            fn infos() -> Vec<&'static ModelInfo> {
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
        // A snapshot's table names every parent the database has; keep the keys to the models
        // given.
        let names: Vec<String> = schema.tables.iter().map(|t| t.name.clone()).collect();
        for table in &mut schema.tables {
            table
                .foreign_keys
                .retain(|fk| names.contains(&fk.ref_table));
        }
        schema.normalize();
        schema
    }

    /// The Spec overrides of derived models' attributes, applied to the inferred Spec.
    pub fn spec_from_models<M: Models>(&self) -> Result<Spec> {
        let mut spec = Spec::infer(self);
        for info in M::infos() {
            info.apply_to(&mut spec);
        }
        Ok(spec)
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
            .ok_or_else(|| Error::UnknownTrait {
                table: info.table.to_string(),
                name: name.to_string(),
                known: info
                    .traits
                    .iter()
                    .map(|t| t.name)
                    .collect::<Vec<_>>()
                    .join(", "),
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
