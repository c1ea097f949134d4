//! A model that knows its table from the committed snapshot (`.sprout/schema.json`). The
//! derive checks the struct against the snapshot at compile time and embeds the table with its
//! parents (as JSON); here that JSON becomes a [`Schema`] once per program, the struct's fields
//! take the column's type, nullability and keys from it ([`ModelInfo::with_snapshot`]), and an
//! insert finds the parents its foreign keys need from the snapshot alone (the whole-table
//! models of [`table_model`], made or taken in `parents.rs`): no `fk = ..` attribute and no
//! struct for the parent table.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use super::{FieldInfo, ModelInfo};
use crate::schema::{Schema, Table};

/// Parsed snapshots by the address of their embedded JSON, and the models of whole tables (a
/// parent made without a struct) by schema address and table: both live for the program.
type Parsed = HashMap<usize, &'static Schema>;
static PARSED: LazyLock<Mutex<Parsed>> = LazyLock::new(Default::default);
static TABLE_MODELS: LazyLock<Mutex<HashMap<(usize, String), &'static ModelInfo>>> =
    LazyLock::new(Default::default);

/// The schema of a derive's embedded JSON, parsed on first use.
fn parse(json: &'static str) -> &'static Schema {
    let mut parsed = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
    parsed.entry(json.as_ptr() as usize).or_insert_with(|| {
        let mut schema: Schema = serde_json::from_str(json).unwrap_or_else(|e| {
            panic!("the schema snapshot embedded by #[derive(Sprout)] does not parse ({e}): build again with this version of sprout")
        });
        schema.normalize();
        Box::leak(Box::new(schema))
    })
}

impl ModelInfo {
    /// The model with its table as the snapshot declares it (`json`, embedded by the derive):
    /// each field takes its column's SQL type, nullability, key and UNIQUE flags, and a
    /// generated column is left to the database. The rows then meet every CHECK, length and
    /// enum label the database declares.
    pub fn with_snapshot(mut self, json: &'static str) -> ModelInfo {
        let schema = parse(json);
        if let Some(table) = schema.table(self.table) {
            for field in &mut self.fields {
                merge(field, table);
            }
        }
        self.snapshot = Some(schema);
        self
    }
}

fn merge(field: &mut FieldInfo, table: &Table) {
    let Some(column) = table.columns.iter().find(|c| c.name == field.column) else {
        return;
    };
    let own = |cols: &[String]| cols.len() == 1 && cols[0] == column.name;
    field.ty = column.ty.clone();
    field.nullable = column.nullable;
    field.pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name));
    field.unique = table
        .uniques
        .iter()
        .any(|u| u.predicate.is_none() && u.expressions.is_empty() && own(&u.columns));
    field.database_default |= column.generated.is_some();
}

/// The model of a whole table of `schema`: a field per column, named after it.
pub(super) fn table_model(schema: &'static Schema, table: &'static Table) -> &'static ModelInfo {
    let key = (schema as *const Schema as usize, table.name.clone());
    let mut models = TABLE_MODELS.lock().unwrap_or_else(PoisonError::into_inner);
    models.entry(key).or_insert_with(|| {
        let fields = table
            .columns
            .iter()
            .map(|c| FieldInfo {
                field: c.name.as_str(),
                column: c.name.as_str(),
                ty: c.ty.clone(),
                labels: &[],
                nullable: c.nullable,
                pk: false,
                unique: false,
                fk: None,
                spec: None,
                null_rate: None,
                database_default: false,
                seq: None,
                with: None,
                faker: None,
            })
            .collect::<Vec<_>>();
        let mut info = ModelInfo {
            table: table.name.as_str(),
            fields,
            traits: Vec::new(),
            snapshot: Some(schema),
        };
        for field in &mut info.fields {
            merge(field, table);
        }
        Box::leak(Box::new(info))
    })
}
