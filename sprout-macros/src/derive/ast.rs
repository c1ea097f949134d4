//! The derive's model of a struct: its table, fields (type, column, keys, generator hints) and
//! named traits, as parsed from the Rust code and its attributes. (What a Rust type says about
//! its column's SQL type is the runtime's trait `sprout::factory::FieldType`, not a list here.)

use proc_macro2::TokenStream;
use syn::{Expr, Ident, Path, Type};

/// A struct deriving Sprout, parsed.
pub(crate) struct Model {
    pub(crate) name: Ident,
    pub(crate) vis: syn::Visibility,
    pub(crate) table: String,
    pub(crate) fields: Vec<Field>,
    pub(crate) traits: Vec<Trait>,
    /// diesel's `belongs_to(Parent, foreign_key = column)`, resolved by the checks.
    pub(crate) belongs_to: Vec<(Path, Option<String>)>,
    /// `snapshot = "path"` or `snapshot = false`; else the snapshot found for the crate.
    pub(crate) snapshot: Option<SnapshotChoice>,
    /// A sea-orm entity's model (`#[sea_orm(table_name = ..)]`): its `Entity`'s relations
    /// give the foreign keys (with sprout's `sea-orm` feature).
    pub(crate) sea_orm_entity: bool,
}

/// The struct's own choice of schema snapshot.
pub(crate) enum SnapshotChoice {
    /// A file, relative to the source file of the struct (as `include_str!` reads).
    Path(syn::LitStr),
    /// None: the struct is not checked.
    Off,
}

/// A field, parsed.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// The type inside `Option<..>`.
    pub(crate) inner: Type,
    pub(crate) nullable: bool,
    pub(crate) column: String,
    pub(crate) pk: bool,
    pub(crate) unique: bool,
    pub(crate) fk: Option<Fk>,
    /// The generator the attributes ask for: an expression of type `sprout::plan::spec::Generator`.
    pub(crate) spec: Option<TokenStream>,
    pub(crate) null_rate: Option<f64>,
    pub(crate) default: bool,
    pub(crate) skip: bool,
    pub(crate) seq: Option<String>,
    pub(crate) with: Option<Path>,
    /// `faker = <a fake-crate faker expression>`.
    pub(crate) faker: Option<Expr>,
    /// `unchecked_type`: the snapshot's SQL type is not checked against the Rust type.
    pub(crate) unchecked_type: bool,
}

pub(crate) enum Fk {
    Model(Path),
    Column(String, String),
}

pub(crate) struct Trait {
    pub(crate) name: String,
    pub(crate) values: Vec<(Ident, Expr)>,
}

pub(crate) fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}
