//! The derive's model of a struct: its table, fields (type, column, keys, generator hints) and
//! named traits, as parsed from the Rust code and its attributes; and what a Rust type says
//! about a column's SQL type.

use proc_macro2::TokenStream;
use quote::quote;
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
    pub(crate) sql: Option<TokenStream>,
    pub(crate) kind: Kind,
    pub(crate) pk: bool,
    pub(crate) unique: bool,
    pub(crate) fk: Option<Fk>,
    pub(crate) spec: Option<String>,
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

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Integer,
    Float,
    Decimal,
    Text,
    /// A type deriving Sprout as a SQL enum (or any other path type: the trait bound says).
    Enum,
    Other,
}

pub(crate) enum Fk {
    Model(Path),
    Column(String, String),
}

pub(crate) struct Trait {
    pub(crate) name: String,
    pub(crate) values: Vec<(Ident, Expr)>,
}

/// The SQL type of a Rust type (after `Option` is removed), and its kind.
pub(crate) fn sql_type(ty: &Type) -> (Option<TokenStream>, Kind) {
    let Type::Path(path) = ty else {
        return (None, Kind::Other);
    };
    let Some(last) = path.path.segments.last() else {
        return (None, Kind::Other);
    };
    let int = |bytes: u8, unsigned: bool| {
        (
            Some(quote!(::sprout::SqlType::Int { bytes: #bytes, unsigned: #unsigned })),
            Kind::Integer,
        )
    };
    match last.ident.to_string().as_str() {
        "i8" => int(1, false),
        "i16" => int(2, false),
        "i32" => int(4, false),
        "i64" => int(8, false),
        "u8" => int(1, true),
        "u16" => int(2, true),
        "u32" => int(4, true),
        "u64" => int(8, true),
        "f32" => (
            Some(quote!(::sprout::SqlType::Float { bytes: 4 })),
            Kind::Float,
        ),
        "f64" => (
            Some(quote!(::sprout::SqlType::Float { bytes: 8 })),
            Kind::Float,
        ),
        "bool" => (Some(quote!(::sprout::SqlType::Bool)), Kind::Other),
        "String" => (Some(quote!(::sprout::SqlType::Text)), Kind::Text),
        "NaiveDate" => (Some(quote!(::sprout::SqlType::Date)), Kind::Other),
        "NaiveTime" => (
            Some(quote!(::sprout::SqlType::Time { tz: false })),
            Kind::Other,
        ),
        "NaiveDateTime" => (Some(quote!(::sprout::SqlType::Timestamp)), Kind::Other),
        "DateTime" => (Some(quote!(::sprout::SqlType::TimestampTz)), Kind::Other),
        "Uuid" => (Some(quote!(::sprout::SqlType::Uuid)), Kind::Other),
        // rust_decimal (sprout feature `rust_decimal`).
        "Decimal" => (
            Some(quote!(::sprout::SqlType::Decimal {
                precision: None,
                scale: None
            })),
            Kind::Decimal,
        ),
        // The `time` crate (sprout feature `time`).
        "Date" => (Some(quote!(::sprout::SqlType::Date)), Kind::Other),
        "Time" => (
            Some(quote!(::sprout::SqlType::Time { tz: false })),
            Kind::Other,
        ),
        "PrimitiveDateTime" => (Some(quote!(::sprout::SqlType::Timestamp)), Kind::Other),
        "OffsetDateTime" => (Some(quote!(::sprout::SqlType::TimestampTz)), Kind::Other),
        "Value" | "JsonValue" => (
            Some(quote!(::sprout::SqlType::Json { binary: true })),
            Kind::Other,
        ),
        "Vec" => (
            Some(quote!(::sprout::SqlType::Bytes { max_len: None })),
            Kind::Other,
        ),
        // Any other named type: an enum deriving Sprout (`sprout::factory::SqlEnum`); `emit`
        // names it through `EnumField`, whose unmet bound is the error for other types.
        _ => (None, Kind::Enum),
    }
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
