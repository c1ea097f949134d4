//! Foreign keys an ORM declares in its own terms, as a model's references: sea-orm's
//! `Relation` enums (classic `#[sea_orm(belongs_to = ..)]` variants, and the relations
//! sea-orm 2's `#[sea_orm::model]` derives from `BelongsTo<..>` fields), read at run time from
//! the entity's `RelationDef`s. The derive calls [`ModelInfo::with_relations`] with them.

use super::{ModelInfo, Reference};

/// A foreign key of a model's table: its columns, the referenced table and columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub table: String,
    /// The referenced columns.
    pub ref_columns: Vec<String>,
}

impl ModelInfo {
    /// The model with `relations` as the references of its fields (a field that declares one
    /// keeps its own). A key over several columns is left to the snapshot, which knows it
    /// whole.
    pub fn with_relations(mut self, relations: Vec<Relation>) -> ModelInfo {
        for relation in relations {
            let ([column], [ref_column]) = (&relation.columns[..], &relation.ref_columns[..])
            else {
                continue;
            };
            if let Some(field) = self
                .fields
                .iter_mut()
                .find(|f| f.column == column && f.fk.is_none())
            {
                // Models live for the program: their names may too.
                let table: &'static str = Box::leak(relation.table.into_boxed_str());
                let ref_column: &'static str = Box::leak(ref_column.clone().into_boxed_str());
                field.fk = Some(Reference::Column(table, ref_column));
            }
        }
        self
    }
}

/// The foreign keys of entity `E`'s table: its `belongs_to` relations, whose `RelationDef`
/// starts at `E`'s table and is not the relation's owner (sea-orm marks the `has_one` /
/// `has_many` side, the referenced one, as the owner).
#[cfg(feature = "sea-orm")]
pub fn sea_orm_relations<E: sea_orm::EntityTrait>() -> Vec<Relation> {
    use sea_orm::sea_query::TableRef;
    use sea_orm::{Iterable, RelationTrait};
    let table_name = |table: &TableRef| match table {
        TableRef::Table(name, _) => {
            let local = name.1.to_string();
            match &name.0 {
                Some(schema) if schema.1.to_string() != "public" => {
                    format!("{}.{local}", schema.1)
                }
                _ => local,
            }
        }
        _ => String::new(),
    };
    let entity = E::default();
    let own = match entity.schema_name() {
        Some(schema) if schema != "public" => format!("{schema}.{}", entity.table_name()),
        _ => entity.table_name().to_string(),
    };
    E::Relation::iter()
        .map(|relation| relation.def())
        .filter(|def| !def.is_owner && table_name(&def.from_tbl) == own)
        .map(|def| Relation {
            columns: def.from_col.iter().map(|c| c.to_string()).collect(),
            table: table_name(&def.to_tbl),
            ref_columns: def.to_col.iter().map(|c| c.to_string()).collect(),
        })
        .collect()
}
