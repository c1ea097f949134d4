//! Reading attributes: `#[sprout(..)]` (every key checked) and the keys sprout understands of
//! `#[sea_orm(..)]`, `#[diesel(..)]` and `#[sqlx(..)]` (others skipped), on the struct and on
//! each field. A mistake is recorded and reading goes on, so one compile reports them all.

use quote::{format_ident, quote, quote_spanned};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{
    Data, DeriveInput, Error, Expr, ExprLit, ExprRange, Fields, Ident, Lit, LitStr, Path,
    RangeLimits,
};

use super::Errors;
use super::ast::{Field, Fk, Model, SnapshotChoice, Trait, option_inner};
use crate::suggest::did_you_mean;

pub(crate) fn snake_case(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

/// A name under sqlx's and serde's `rename_all` rules.
pub(crate) fn rename(name: &str, rule: &str) -> String {
    use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToUpperCamelCase};
    match rule {
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "snake_case" => snake_case(name),
        "SCREAMING_SNAKE_CASE" => name.to_shouty_snake_case(),
        "kebab-case" => name.to_kebab_case(),
        "camelCase" => name.to_lower_camel_case(),
        "PascalCase" => name.to_upper_camel_case(),
        _ => name.to_string(),
    }
}

/// `attr.parse_nested_meta(f)`, except that a key `f` rejects is recorded and the rest of it
/// skipped, so the keys after it are still read and every mistake is reported in one compile.
pub(crate) fn parse_keys(
    attr: &syn::Attribute,
    errors: &mut Errors,
    mut f: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    attr.parse_nested_meta(|meta| {
        let input = meta.input;
        if let Err(error) = f(meta) {
            errors.push(error);
            while !input.is_empty() && !input.peek(syn::Token![,]) {
                input.parse::<proc_macro2::TokenTree>()?;
            }
        }
        Ok(())
    })
}

/// Skips a key's value in an attribute sprout does not own: `= expr`, `(..)` or nothing.
pub(crate) fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::Group>()?;
    }
    Ok(())
}

/// An attribute's name: `sprout` of `#[sprout(..)]`.
pub(crate) fn attr_name(attr: &syn::Attribute) -> String {
    attr.path()
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_default()
}

pub(crate) fn key(meta: &ParseNestedMeta) -> String {
    meta.path
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_default()
}

pub(crate) fn lit_str(meta: &ParseNestedMeta, what: &str) -> syn::Result<LitStr> {
    let value = meta.value()?;
    value
        .parse::<LitStr>()
        .map_err(|e| Error::new(e.span(), format!("`{what}` takes a string literal")))
}

/// A number literal of an attribute (`18`, `-3`, `9.5`).
#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(x) => x,
        }
    }
}

fn number(expr: &Expr) -> Option<Number> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_parse().ok().map(Number::Int),
        Expr::Lit(ExprLit {
            lit: Lit::Float(f), ..
        }) => f.base10_parse().ok().map(Number::Float),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => match number(&u.expr)? {
            Number::Int(i) => Some(Number::Int(-i)),
            Number::Float(x) => Some(Number::Float(-x)),
        },
        _ => None,
    }
}

/// `18..=90` as (min, max); `..` excludes an integer end (a float range excludes its end
/// anyway).
fn range_bounds(range: &ExprRange) -> Option<(Number, Number)> {
    let min = number(range.start.as_deref()?)?;
    let max = number(range.end.as_deref()?)?;
    let max = match (range.limits, max) {
        (RangeLimits::HalfOpen(_), Number::Int(i)) => Number::Int(i.checked_sub(1)?),
        _ => max,
    };
    Some((min, max))
}

/// `len = 5..=40` as (min, max) lengths.
fn length_bounds(range: &ExprRange) -> Option<(u32, u32)> {
    let (Number::Int(min), Number::Int(max)) = range_bounds(range)? else {
        return None;
    };
    Some((u32::try_from(min).ok()?, u32::try_from(max).ok()?))
}

fn parse_field(field: &syn::Field, rename_all: Option<&str>, errors: &mut Errors) -> Option<Field> {
    let ident = field.ident.clone()?;
    let inner = option_inner(&field.ty);
    let nullable = inner.is_some();
    let inner = inner.unwrap_or_else(|| field.ty.clone());
    let mut parsed = Field {
        column: rename(&ident.to_string(), rename_all.unwrap_or("")),
        ident,
        ty: field.ty.clone(),
        inner,
        nullable,
        pk: false,
        unique: false,
        fk: None,
        spec: None,
        null_rate: None,
        default: false,
        skip: false,
        seq: None,
        with: None,
        faker: None,
        unchecked_type: false,
    };
    let mut own_column = None;
    for attr in &field.attrs {
        let name = attr_name(attr);
        let result = match name.as_str() {
            "sprout" => parse_keys(attr, errors, |meta| {
                sprout_field_key(&meta, &mut parsed, &mut own_column)
            }),
            "sea_orm" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "primary_key" => parsed.pk = true,
                    "unique" => parsed.unique = true,
                    "ignore" => parsed.skip = true,
                    // sea-orm 2's relation fields (`#[sea_orm(belongs_to, from = .., to = ..)]
                    // author: BelongsTo<..>`) are no column; the keys come from the entity's
                    // `Relation` at run time.
                    "belongs_to" | "has_one" | "has_many" => {
                        parsed.skip = true;
                        skip_value(&meta)?;
                    }
                    "column_name" => {
                        own_column.get_or_insert(lit_str(&meta, "column_name")?.value());
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            "diesel" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "column_name" => {
                        let value: Expr = meta.value()?.parse()?;
                        let text = quote!(#value).to_string().trim_matches('"').to_string();
                        own_column.get_or_insert(text);
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            "sqlx" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "rename" => {
                        own_column.get_or_insert(lit_str(&meta, "rename")?.value());
                    }
                    "skip" => parsed.skip = true,
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            _ => Ok(()),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if let Some(column) = own_column {
        parsed.column = column;
    }
    Some(parsed)
}

fn sprout_field_key(
    meta: &ParseNestedMeta,
    field: &mut Field,
    column: &mut Option<String>,
) -> syn::Result<()> {
    let span = meta.path.span();
    match key(meta).as_str() {
        "pk" => field.pk = true,
        "unique" => field.unique = true,
        "default" => field.default = true,
        "skip" => field.skip = true,
        "unchecked_type" => field.unchecked_type = true,
        "rename" => *column = Some(lit_str(meta, "rename")?.value()),
        "fk" => {
            let value = meta.value()?;
            if value.peek(LitStr) {
                let text: LitStr = value.parse()?;
                let (table, col) = text
                    .value()
                    .split_once('.')
                    .map(|(t, c)| (t.to_string(), c.to_string()))
                    .ok_or_else(|| {
                        Error::new(text.span(), "`fk` as a string is \"table.column\"")
                    })?;
                field.fk = Some(Fk::Column(table, col));
            } else {
                let path: Path = value.parse().map_err(|e| {
                    Error::new(
                        e.span(),
                        "`fk` takes a model type (`fk = Org`) or \"table.column\"",
                    )
                })?;
                field.fk = Some(Fk::Model(path));
            }
        }
        "faker" => {
            let value = meta.value()?;
            if value.peek(LitStr) {
                let name: LitStr = value.parse()?;
                field.spec = Some(named_generator(&name)?);
            } else {
                let expr: Expr = value.parse().map_err(|e| {
                    Error::new(
                        e.span(),
                        "`faker` takes a generator's name (`faker = \"email\"`) or a fake-crate faker (`faker = fake::faker::name::en::Name()`)",
                    )
                })?;
                field.faker = Some(expr);
            }
        }
        "range" => {
            let value: Expr = meta.value()?.parse()?;
            let Expr::Range(range) = &value else {
                return Err(Error::new(
                    value.span(),
                    "`range` takes a range of numbers: `range = 18..=90`",
                ));
            };
            let (min, max) = range_bounds(range).ok_or_else(|| {
                Error::new(
                    value.span(),
                    "`range` needs number literals at both ends: `range = 18..=90`",
                )
            })?;
            let inner = &field.inner;
            field.spec = Some(match (min, max) {
                (Number::Int(min), Number::Int(max)) => {
                    quote_spanned!(inner.span()=> <#inner as ::sprout::factory::IntRange>::int_range(#min, #max))
                }
                _ => {
                    let (min, max) = (min.as_f64(), max.as_f64());
                    quote_spanned!(inner.span()=> <#inner as ::sprout::factory::FloatRange>::float_range(#min, #max))
                }
            });
        }
        "len" => {
            let value: Expr = meta.value()?.parse()?;
            let Expr::Range(range) = &value else {
                return Err(Error::new(
                    value.span(),
                    "`len` takes a range of lengths: `len = 5..=40`",
                ));
            };
            let (min, max) = length_bounds(range).ok_or_else(|| {
                Error::new(
                    value.span(),
                    "`len` needs non-negative integer literals at both ends: `len = 5..=40`",
                )
            })?;
            let inner = &field.inner;
            field.spec = Some(
                quote_spanned!(inner.span()=> <#inner as ::sprout::factory::TextField>::text_len(#min, #max)),
            );
        }
        "values" => {
            let value: Expr = meta.value()?.parse()?;
            let Expr::Array(array) = &value else {
                return Err(Error::new(
                    value.span(),
                    "`values` takes an array of literals: `values = [\"a\", \"b\"]`",
                ));
            };
            let mut items = Vec::new();
            for item in &array.elems {
                match item {
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(s), ..
                    }) => items.push(s.value()),
                    other => match number(other) {
                        Some(Number::Int(i)) => items.push(i.to_string()),
                        Some(Number::Float(x)) => items.push(x.to_string()),
                        None => {
                            return Err(Error::new(
                                other.span(),
                                "`values` items are string or number literals",
                            ));
                        }
                    },
                }
            }
            field.spec = Some(quote! {
                ::sprout::plan::spec::Generator::Choice {
                    values: vec![#(::std::string::String::from(#items)),*],
                }
            });
        }
        "null_rate" => {
            let value: Expr = meta.value()?.parse()?;
            let rate = match &value {
                Expr::Lit(ExprLit {
                    lit: Lit::Float(f), ..
                }) => f.base10_parse::<f64>().ok(),
                _ => None,
            };
            match rate {
                Some(r) if (0.0..=1.0).contains(&r) => field.null_rate = Some(r),
                _ => {
                    return Err(Error::new(
                        value.span(),
                        "`null_rate` takes a float literal between 0.0 and 1.0",
                    ));
                }
            }
            if !field.nullable {
                return Err(Error::new(span, "`null_rate` applies to Option<..> fields"));
            }
        }
        "seq" => {
            let format = lit_str(meta, "seq")?;
            if !format.value().contains("{n}") {
                return Err(Error::new(
                    format.span(),
                    "`seq` needs `{n}` where the row's number goes",
                ));
            }
            field.seq = Some(format.value());
        }
        "with" => {
            let path: Path = meta.value()?.parse()?;
            field.with = Some(path);
        }
        other => {
            return Err(meta.error(format!(
                "unknown sprout key `{other}`: expected pk, fk, unique, faker, range, len, values, null_rate, default, with, seq, skip, rename or unchecked_type"
            )));
        }
    }
    Ok(())
}

/// Reads a struct and its attributes into a [`Model`]; `None` when it is not a struct of named
/// fields (enums are handed to `derive_enum`).
pub(crate) fn parse_struct(input: &DeriveInput, errors: &mut Errors) -> Option<Model> {
    let name = &input.ident;
    let data = match &input.data {
        Data::Struct(data) => data,
        Data::Enum(_) => return None,
        Data::Union(_) => {
            errors.push(Error::new(
                name.span(),
                "#[derive(Sprout)] applies to structs with named fields and to enums of unit variants",
            ));
            return None;
        }
    };
    let Fields::Named(named) = &data.fields else {
        errors.push(Error::new(
            name.span(),
            "#[derive(Sprout)] applies to structs with named fields and to enums of unit variants",
        ));
        return None;
    };
    let mut table: Option<String> = None;
    let mut diesel_table: Option<String> = None;
    let mut sea_orm_entity = false;
    let mut rename_all: Option<String> = None;
    let mut traits: Vec<Trait> = Vec::new();
    let mut belongs_to: Vec<(Path, Option<String>)> = Vec::new();
    let mut snapshot = None;
    for attr in &input.attrs {
        let attr_name = attr_name(attr);
        let result = match attr_name.as_str() {
            "sprout" => parse_keys(attr, errors, |meta| match key(&meta).as_str() {
                "table" => {
                    table = Some(lit_str(&meta, "table")?.value());
                    Ok(())
                }
                "snapshot" => {
                    let value: Lit = meta.value()?.parse()?;
                    snapshot = Some(match value {
                        Lit::Str(path) => SnapshotChoice::Path(path),
                        Lit::Bool(b) if !b.value => SnapshotChoice::Off,
                        other => {
                            return Err(Error::new(
                                other.span(),
                                "`snapshot` takes a path (`snapshot = \"../.sprout/schema.json\"`, relative to this file) or `false`",
                            ));
                        }
                    });
                    Ok(())
                }
                "trait" => {
                    let mut t = Trait {
                        name: String::new(),
                        values: Vec::new(),
                    };
                    meta.parse_nested_meta(|inner| {
                        let k = inner
                            .path
                            .get_ident()
                            .cloned()
                            .ok_or_else(|| inner.error("expected a field name"))?;
                        if k == "name" {
                            t.name = lit_str(&inner, "name")?.value();
                        } else {
                            t.values.push((k, inner.value()?.parse()?));
                        }
                        Ok(())
                    })?;
                    if t.name.is_empty() {
                        return Err(meta.error(
                            "a trait needs a name: `trait(name = \"admin\", role = \"admin\")`",
                        ));
                    }
                    traits.push(t);
                    Ok(())
                }
                other => Err(meta.error(format!(
                    "unknown sprout key `{other}` on a struct: expected table, trait or snapshot"
                ))),
            }),
            "sea_orm" => parse_keys(attr, errors, |meta| {
                if key(&meta) == "table_name" {
                    table.get_or_insert(lit_str(&meta, "table_name")?.value());
                    sea_orm_entity = true;
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            }),
            "diesel" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "table_name" => {
                        let path: Path = meta.value()?.parse()?;
                        diesel_table = path.segments.last().map(|s| s.ident.to_string());
                    }
                    "belongs_to" => {
                        let content;
                        syn::parenthesized!(content in meta.input);
                        let parent: Path = content.parse()?;
                        let mut foreign_key = None;
                        if content.peek(syn::Token![,]) {
                            content.parse::<syn::Token![,]>()?;
                            let k: Ident = content.parse()?;
                            content.parse::<syn::Token![=]>()?;
                            let v: Ident = content.parse()?;
                            if k == "foreign_key" {
                                foreign_key = Some(v.to_string());
                            }
                        }
                        belongs_to.push((parent, foreign_key));
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            "sqlx" => parse_keys(attr, errors, |meta| {
                if key(&meta) == "rename_all" {
                    rename_all = Some(lit_str(&meta, "rename_all")?.value());
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            }),
            _ => Ok(()),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    let table = table
        .or(diesel_table)
        .unwrap_or_else(|| snake_case(&name.to_string()));
    let fields: Vec<Field> = named
        .named
        .iter()
        .filter_map(|f| parse_field(f, rename_all.as_deref(), errors))
        .collect();
    Some(Model {
        name: name.clone(),
        vis: input.vis.clone(),
        table,
        fields,
        traits,
        belongs_to,
        snapshot,
        sea_orm_entity,
    })
}

/// The `kind`s of sprout's `Generator` (docs/spec.md), snake case, each with what sets its
/// parameters (`None`: a unit variant, which `faker = "..."` may name). The macro crate cannot
/// see the enum; a test reads `sprout/src/plan/spec.rs` and keeps this list equal to its
/// variants.
pub(crate) const GENERATOR_KINDS: &[(&str, Option<&str>)] = &[
    ("uuid", None),
    ("first_name", None),
    ("last_name", None),
    ("full_name", None),
    ("email", None),
    ("username", None),
    ("phone", None),
    ("street_address", None),
    ("city", None),
    ("state", None),
    ("country", None),
    ("zip_code", None),
    ("company", None),
    ("url", None),
    ("ipv4", None),
    ("job_title", None),
    ("time", None),
    ("enum", None),
    ("json", None),
    ("network", None),
    ("interval", None),
    ("array", None),
    ("type_value", None),
    ("database_default", None),
    ("sequence", Some("`seq = \"..{n}\"`")),
    ("text", Some("`len = 5..=40`")),
    ("code", Some("a Spec file (`kind = \"code\"`, `len`)")),
    ("prefixed", Some("a Spec file (`prefix`, `len`)")),
    ("int", Some("`range = 1..=10`")),
    ("float", Some("`range = 0.5..=9.5`")),
    ("decimal", Some("`range = 1..=100`")),
    ("bool", Some("a Spec file (`p_true`)")),
    ("date", Some("a Spec file (`from`, `to`)")),
    ("timestamp", Some("a Spec file (`from`, `to`)")),
    ("pattern", Some("a Spec file (`regex`)")),
    ("choice", Some("`values = [..]`")),
    ("bytes", Some("a Spec file (`len`)")),
    ("constant", Some("`values = [\"one\"]`")),
    (
        "reference",
        Some("`fk = Parent` or `fk = \"table.column\"`"),
    ),
];

/// `faker = "name"`: the unit variant of `Generator` it names. A typo is a compile error with
/// the closest name; a generator with parameters says which attribute sets them.
fn named_generator(name: &LitStr) -> syn::Result<proc_macro2::TokenStream> {
    let wanted = name.value();
    match GENERATOR_KINDS.iter().find(|(kind, _)| *kind == wanted) {
        Some((_, None)) => {
            let variant = format_ident!(
                "{}",
                heck::ToUpperCamelCase::to_upper_camel_case(wanted.as_str())
            );
            Ok(quote!(::sprout::plan::spec::Generator::#variant))
        }
        Some((_, Some(attribute))) => Err(Error::new(
            name.span(),
            format!("the generator `{wanted}` takes parameters: set them with {attribute}"),
        )),
        None => Err(Error::new(
            name.span(),
            format!(
                "unknown generator `{wanted}`{}: `faker = \"..\"` names a generator kind of docs/spec.md (email, first_name, company, ...), or give a fake-crate faker: `faker = fake::faker::name::en::Name()`",
                did_you_mean(&wanted, GENERATOR_KINDS.iter().map(|(kind, _)| *kind)),
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::GENERATOR_KINDS;
    use heck::ToSnakeCase;

    /// The list is the variants of `sprout::plan::spec::Generator`, read from its source.
    #[test]
    fn generator_kinds_are_the_engines() {
        let spec = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sprout/src/plan/spec.rs"),
        )
        .unwrap();
        let body = spec
            .split("pub enum Generator {")
            .nth(1)
            .expect("Generator in spec.rs")
            .split("\n}\n")
            .next()
            .unwrap();
        let mut variants: Vec<(String, bool)> = body
            .lines()
            .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
            .map(str::trim)
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(|l| {
                (
                    l.trim_end_matches([',', '{', ' ']).to_snake_case(),
                    l.ends_with('{'),
                )
            })
            .collect();
        variants.sort();
        let mut kinds: Vec<(String, bool)> = GENERATOR_KINDS
            .iter()
            .map(|(kind, parameters)| (kind.to_string(), parameters.is_some()))
            .collect();
        kinds.sort();
        assert_eq!(kinds, variants);
    }
}
