//! `#[derive(Sprout)]`, serde_derive's way: parse the struct and its attributes into a model,
//! check it (every mistake collected, each at its span), then emit the `Model` impl and a
//! typed builder.
//!
//! Attributes read, in this order of precedence: `#[sprout(..)]` (every key checked),
//! then the keys it understands of `#[sea_orm(..)]`, `#[diesel(..)]` and `#[sqlx(..)]`
//! (others ignored).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{
    Data, DeriveInput, Error, Expr, ExprLit, ExprRange, Fields, Ident, Lit, LitStr, Path,
    RangeLimits, Type,
};

/// A field, parsed.
struct Field {
    ident: Ident,
    ty: Type,
    /// The type inside `Option<..>`.
    inner: Type,
    nullable: bool,
    column: String,
    sql: Option<TokenStream>,
    kind: Kind,
    pk: bool,
    unique: bool,
    fk: Option<Fk>,
    spec: Option<String>,
    null_rate: Option<f64>,
    default: bool,
    skip: bool,
    seq: Option<String>,
    with: Option<Path>,
    /// `faker = <a fake-crate faker expression>`.
    faker: Option<Expr>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Integer,
    Float,
    Decimal,
    Text,
    /// A type deriving Sprout as a SQL enum (or any other path type: the trait bound says).
    Enum,
    Other,
}

enum Fk {
    Model(Path),
    Column(String, String),
}

struct Trait {
    name: String,
    values: Vec<(Ident, Expr)>,
}

/// Collects errors, serde_derive's way: report them all.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Option<Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }
}

pub fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let mut errors = Errors::default();
    let tokens = expand_model(&input, &mut errors);
    match errors.0 {
        Some(e) => e.to_compile_error(),
        None => tokens,
    }
}

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

/// The SQL type of a Rust type (after `Option` is removed), and its kind.
fn sql_type(ty: &Type) -> (Option<TokenStream>, Kind) {
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
        // Any other named type: an enum deriving Sprout (`sprout::model::SqlEnum`); `emit`
        // names it through `EnumField`, whose unmet bound is the error for other types.
        _ => (None, Kind::Enum),
    }
}

fn option_inner(ty: &Type) -> Option<Type> {
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

fn int_bound(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => Some(i.base10_digits().to_string()),
        Expr::Lit(ExprLit {
            lit: Lit::Float(f), ..
        }) => Some(f.base10_digits().to_string()),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => {
            int_bound(&u.expr).map(|v| format!("-{v}"))
        }
        _ => None,
    }
}

/// `18..=90` as (min, max) text; `..` excludes the end.
fn range_bounds(range: &ExprRange) -> Option<(String, String)> {
    let min = int_bound(range.start.as_deref()?)?;
    let max = int_bound(range.end.as_deref()?)?;
    let max = match range.limits {
        RangeLimits::Closed(_) => max,
        RangeLimits::HalfOpen(_) => (max.parse::<i64>().ok()? - 1).to_string(),
    };
    Some((min, max))
}

fn parse_field(field: &syn::Field, rename_all: Option<&str>, errors: &mut Errors) -> Option<Field> {
    let ident = field.ident.clone()?;
    let inner = option_inner(&field.ty);
    let nullable = inner.is_some();
    let inner = inner.unwrap_or_else(|| field.ty.clone());
    let (sql, kind) = sql_type(&inner);
    let mut parsed = Field {
        column: rename(&ident.to_string(), rename_all.unwrap_or("")),
        ident,
        ty: field.ty.clone(),
        inner,
        nullable,
        sql,
        kind,
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
    };
    let mut own_column = None;
    for attr in &field.attrs {
        let name = attr_name(attr);
        let result = match name.as_str() {
            "sprout" => {
                attr.parse_nested_meta(|meta| sprout_field_key(&meta, &mut parsed, &mut own_column))
            }
            "sea_orm" => attr.parse_nested_meta(|meta| {
                match key(&meta).as_str() {
                    "primary_key" => parsed.pk = true,
                    "unique" => parsed.unique = true,
                    "ignore" => parsed.skip = true,
                    "column_name" => {
                        own_column.get_or_insert(lit_str(&meta, "column_name")?.value());
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            "diesel" => attr.parse_nested_meta(|meta| {
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
            "sqlx" => attr.parse_nested_meta(|meta| {
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
    if parsed.sql.is_none() && parsed.kind != Kind::Enum && !parsed.skip {
        errors.push(Error::new(
            parsed.inner.span(),
            "sprout cannot map this field type to SQL: use an integer, float, bool, String, chrono or time date/time, uuid, rust_decimal, serde_json::Value or Vec<u8> type, an enum deriving Sprout, or #[sprout(skip)]",
        ));
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
                field.spec = Some(format!("kind = \"{}\"", name.value().replace('"', "")));
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
            if !matches!(field.kind, Kind::Integer | Kind::Float | Kind::Decimal) {
                return Err(Error::new(
                    span,
                    "`range` applies to integer and float fields; for text use `len`",
                ));
            }
            let (min, max) = range_bounds(range).ok_or_else(|| {
                Error::new(
                    value.span(),
                    "`range` needs number literals at both ends: `range = 18..=90`",
                )
            })?;
            let kind = if field.kind == Kind::Integer {
                "int"
            } else {
                "float"
            };
            field.spec = Some(format!("kind = \"{kind}\"\nmin = {min}\nmax = {max}"));
        }
        "len" => {
            let value: Expr = meta.value()?.parse()?;
            let Expr::Range(range) = &value else {
                return Err(Error::new(
                    value.span(),
                    "`len` takes a range of lengths: `len = 5..=40`",
                ));
            };
            if field.kind != Kind::Text {
                return Err(Error::new(
                    span,
                    "`len` applies to String fields; for numbers use `range`",
                ));
            }
            let (min, max) = range_bounds(range).ok_or_else(|| {
                Error::new(
                    value.span(),
                    "`len` needs integer literals at both ends: `len = 5..=40`",
                )
            })?;
            field.spec = Some(format!("kind = \"text\"\nmin_len = {min}\nmax_len = {max}"));
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
                    }) => items.push(format!(
                        "\"{}\"",
                        s.value().replace('\\', "\\\\").replace('"', "\\\"")
                    )),
                    other => match int_bound(other) {
                        Some(n) => items.push(n),
                        None => {
                            return Err(Error::new(
                                other.span(),
                                "`values` items are string or number literals",
                            ));
                        }
                    },
                }
            }
            field.spec = Some(format!(
                "kind = \"choice\"\nvalues = [{}]",
                items.join(", ")
            ));
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
            if field.kind != Kind::Text {
                return Err(Error::new(span, "`seq` applies to String fields"));
            }
            field.seq = Some(format.value());
        }
        "with" => {
            let path: Path = meta.value()?.parse()?;
            field.with = Some(path);
        }
        other => {
            return Err(meta.error(format!(
                "unknown sprout key `{other}`: expected pk, fk, unique, faker, range, len, values, null_rate, default, with, seq, skip or rename"
            )));
        }
    }
    Ok(())
}

fn expand_model(input: &DeriveInput, errors: &mut Errors) -> TokenStream {
    let name = &input.ident;
    let data = match &input.data {
        Data::Struct(data) => data,
        Data::Enum(data) => return crate::derive_enum::expand_enum(input, data, errors),
        Data::Union(_) => {
            errors.push(Error::new(
                name.span(),
                "#[derive(Sprout)] applies to structs with named fields and to enums of unit variants",
            ));
            return TokenStream::new();
        }
    };
    let Fields::Named(named) = &data.fields else {
        errors.push(Error::new(
            name.span(),
            "#[derive(Sprout)] applies to structs with named fields and to enums of unit variants",
        ));
        return TokenStream::new();
    };
    let mut table: Option<String> = None;
    let mut diesel_table: Option<String> = None;
    let mut rename_all: Option<String> = None;
    let mut traits: Vec<Trait> = Vec::new();
    let mut belongs_to: Vec<(Path, Option<String>)> = Vec::new();
    for attr in &input.attrs {
        let attr_name = attr_name(attr);
        let result = match attr_name.as_str() {
            "sprout" => attr.parse_nested_meta(|meta| match key(&meta).as_str() {
                "table" => {
                    table = Some(lit_str(&meta, "table")?.value());
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
                    "unknown sprout key `{other}` on a struct: expected table or trait"
                ))),
            }),
            "sea_orm" => attr.parse_nested_meta(|meta| {
                if key(&meta) == "table_name" {
                    table.get_or_insert(lit_str(&meta, "table_name")?.value());
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            }),
            "diesel" => attr.parse_nested_meta(|meta| {
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
            "sqlx" => attr.parse_nested_meta(|meta| {
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
    let mut fields: Vec<Field> = named
        .named
        .iter()
        .filter_map(|f| parse_field(f, rename_all.as_deref(), errors))
        .collect();
    for (parent, foreign_key) in belongs_to {
        let parent_name = parent
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let column = foreign_key.unwrap_or_else(|| format!("{}_id", snake_case(&parent_name)));
        match fields.iter_mut().find(|f| f.ident == column) {
            Some(field) if field.fk.is_none() => field.fk = Some(Fk::Model(parent)),
            Some(_) => {}
            None => errors.push(Error::new(
                parent.span(),
                format!("belongs_to: no field `{column}`"),
            )),
        }
    }
    for t in &traits {
        for (field, _) in &t.values {
            if !fields.iter().any(|f| f.ident == *field && !f.skip) {
                errors.push(Error::new(
                    field.span(),
                    format!("trait `{}` sets `{field}`, which is not a field", t.name),
                ));
            }
        }
    }
    // No key declared: a field named `id` is the key.
    if !fields.iter().any(|f| f.pk)
        && let Some(id) = fields.iter_mut().find(|f| f.ident == "id")
    {
        id.pk = true;
    }
    emit(name, &input.vis, &table, &fields, &traits)
}

/// The function that turns a field's value into a cell.
fn to_cell(f: &Field) -> TokenStream {
    let ty = &f.ty;
    if f.kind == Kind::Enum {
        quote_spanned!(f.inner.span()=> <#ty as ::sprout::model::EnumField>::to_cell)
    } else {
        quote!(<#ty as ::sprout::model::ToValue>::to_value)
    }
}

fn emit(
    name: &Ident,
    vis: &syn::Visibility,
    table: &str,
    fields: &[Field],
    traits: &[Trait],
) -> TokenStream {
    let builder = format_ident!("{name}Sprout");
    let active: Vec<&Field> = fields.iter().filter(|f| !f.skip).collect();
    let infos = active.iter().map(|f| {
        let field = f.ident.to_string();
        let column = &f.column;
        let sql = f.sql.clone().unwrap_or_else(|| quote!(::sprout::SqlType::Text));
        let (nullable, pk, unique, default) = (f.nullable, f.pk, f.unique, f.default);
        let ty = &f.ty;
        let (sql, labels) = if f.kind == Kind::Enum {
            (
                quote_spanned! {f.inner.span()=>
                    ::sprout::SqlType::Enum {
                        name: ::std::string::String::from(<#ty as ::sprout::model::EnumField>::NAME),
                    }
                },
                quote_spanned!(f.inner.span()=> <#ty as ::sprout::model::EnumField>::LABELS),
            )
        } else {
            (sql, quote!(&[]))
        };
        let fk = match &f.fk {
            Some(Fk::Model(path)) => quote_spanned!(path.span()=> Some(::sprout::model::Reference::Model(<#path as ::sprout::model::Model>::info))),
            Some(Fk::Column(t, c)) => quote!(Some(::sprout::model::Reference::Column(#t, #c))),
            None => quote!(None),
        };
        let spec = match &f.spec {
            Some(s) => quote!(Some(::std::string::String::from(#s))),
            None => quote!(None),
        };
        let null_rate = match f.null_rate {
            Some(r) => quote!(Some(#r)),
            None => quote!(None),
        };
        let seq = match &f.seq {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let with = match &f.with {
            Some(path) => quote!(Some(|n: u64| ::sprout::model::ToValue::to_value(&#path(n)))),
            None => quote!(None),
        };
        let faker = match &f.faker {
            Some(expr) => {
                let inner = &f.inner;
                quote_spanned! {expr.span()=>
                    Some(|rng: &mut ::sprout::value::rng::CellRng| {
                        let value: #inner = ::sprout::fake::Fake::fake_with_rng(&(#expr), rng.inner());
                        ::sprout::model::ToValue::to_value(&value)
                    })
                }
            }
            None => quote!(None),
        };
        quote! {
            ::sprout::model::FieldInfo {
                field: #field, column: #column, ty: #sql, labels: #labels, nullable: #nullable, pk: #pk,
                unique: #unique, fk: #fk, spec: #spec, null_rate: #null_rate,
                database_default: #default, seq: #seq, with: #with, faker: #faker,
            }
        }
    });
    let trait_infos = traits.iter().map(|t| {
        let trait_name = &t.name;
        let values = t.values.iter().map(|(field, value)| {
            let field = field.to_string();
            quote!((#field, ::sprout::model::ToValue::to_value(&#value)))
        });
        quote!(::sprout::model::TraitInfo { name: #trait_name, values: vec![#(#values),*] })
    });
    let from = fields.iter().map(|f| {
        let ident = &f.ident;
        if f.skip {
            quote!(#ident: ::core::default::Default::default())
        } else {
            let what = format!("{table}.{}", f.column);
            let ty = &f.ty;
            let from = if f.kind == Kind::Enum {
                quote_spanned!(f.inner.span()=> <#ty as ::sprout::model::EnumField>::from_cell)
            } else {
                quote!(<#ty as ::sprout::model::FromValue>::from_value)
            };
            quote!(#ident: #from(&cells.next().unwrap_or(::sprout::Value::Null), #what)?)
        }
    });
    let to = active.iter().map(|f| {
        let ident = &f.ident;
        let to = to_cell(f);
        quote!(#to(&self.#ident))
    });
    let setters = active.iter().map(|f| {
        let ident = &f.ident;
        let to = to_cell(f);
        let ty = &f.ty;
        let field = ident.to_string();
        quote! {
            /// Sets this field, overriding the generated value.
            pub fn #ident(mut self, value: #ty) -> Self {
                self.overrides.insert(#field, #to(&value));
                self
            }
        }
    });
    // `fk = Parent` fields: a setter taking the parent, and parent creation when inserting.
    let mut parent_setters = Vec::new();
    let mut parents = Vec::new();
    let mut sync_parents = Vec::new();
    let mut assertions = Vec::new();
    for f in &active {
        let Some(Fk::Model(path)) = &f.fk else {
            continue;
        };
        assertions.push(quote_spanned! {path.span()=>
            const _: fn() = || {
                fn derives_sprout<T: ::sprout::model::Model>() {}
                derives_sprout::<#path>();
            };
        });
        let field = f.ident.to_string();
        let method = format_ident!(
            "{}",
            field
                .strip_suffix("_id")
                .unwrap_or(&format!("{field}_parent"))
                .to_string()
        );
        parent_setters.push(quote_spanned! {path.span()=>
            /// Uses `parent` for this foreign key instead of creating one.
            pub fn #method(mut self, parent: &#path) -> Self {
                let info = <#path as ::sprout::model::Model>::info();
                let cells = ::sprout::model::Model::to_values(parent);
                let key = info.fields.iter().position(|f| f.pk).unwrap_or(0);
                self.overrides.insert(#field, cells[key].clone());
                self
            }
        });
        // A self-reference (`fk = Self` or the struct's own name) gets no parent created:
        // the chain would never end. (`super::org::Model` is another model named Model.)
        let is_self = path.is_ident("Self") || path.is_ident(name);
        if is_self && f.nullable {
            let null_link = quote_spanned! {path.span()=>
                if !self.overrides.contains_key(#field) {
                    self.overrides.insert(#field, ::sprout::Value::Null);
                }
            };
            parents.push(null_link.clone());
            sync_parents.push(null_link);
        } else if !is_self {
            parents.push(quote_spanned! {path.span()=>
                if !self.overrides.contains_key(#field) {
                    let parent = ::std::boxed::Box::pin(<#path>::sprout().insert(pool)).await?;
                    self = self.#method(&parent);
                }
            });
            sync_parents.push(quote_spanned! {path.span()=>
                if !self.overrides.contains_key(#field) {
                    let parent = <#path>::sprout().insert_sync(conn)?;
                    self = self.#method(&parent);
                }
            });
        }
    }
    quote! {
        #(#assertions)*

        impl ::sprout::model::Model for #name {
            fn info() -> ::sprout::model::ModelInfo {
                ::sprout::model::ModelInfo {
                    table: #table,
                    fields: vec![#(#infos),*],
                    traits: vec![#(#trait_infos),*],
                }
            }

            fn from_values(values: ::std::vec::Vec<::sprout::Value>) -> ::sprout::Result<Self> {
                let mut cells = values.into_iter();
                Ok(#name { #(#from),* })
            }

            fn to_values(&self) -> ::std::vec::Vec<::sprout::Value> {
                vec![#(#to),*]
            }
        }

        impl #name {
            /// A builder of deterministic values of this model (see `sprout::model`).
            #vis fn sprout() -> #builder {
                #builder { overrides: ::std::collections::BTreeMap::new(), traits: ::std::vec::Vec::new() }
            }
        }

        /// The typed factory of the model: setters override fields, traits apply named sets.
        #[derive(Debug, Clone)]
        #vis struct #builder {
            overrides: ::std::collections::BTreeMap<&'static str, ::sprout::Value>,
            traits: ::std::vec::Vec<&'static str>,
        }

        impl #builder {
            #(#setters)*
            #(#parent_setters)*

            /// Applies a named trait (`#[sprout(trait(name = ..))]`).
            pub fn with_trait(mut self, name: &'static str) -> Self {
                self.traits.push(name);
                self
            }

            /// The next value from `ctx`: the same seed and calls give the same values.
            pub fn build(self, ctx: &mut ::sprout::model::Context) -> #name {
                self.try_build(ctx).unwrap_or_else(|e| panic!("{e}"))
            }

            /// [`Self::build`], with the error instead of a panic.
            pub fn try_build(self, ctx: &mut ::sprout::model::Context) -> ::sprout::Result<#name> {
                let info = <#name as ::sprout::model::Model>::info();
                let (n, row) = ctx.next_row(&info)?;
                let row = ::sprout::model::finish_row(&info, ctx.seed(), n, row, &self.traits, &self.overrides)?;
                <#name as ::sprout::model::Model>::from_values(row)
            }

            /// Builds with this thread's context and inserts the row, creating missing parents
            /// first through the model's foreign keys.
            pub async fn insert<P: ::sprout::model::Insert>(mut self, pool: &P) -> ::sprout::Result<#name> {
                #(#parents)*
                let value = ::sprout::model::Context::with_current(|ctx| self.try_build(ctx))?;
                let info = <#name as ::sprout::model::Model>::info();
                pool.insert_row(&info, &::sprout::model::Model::to_values(&value)).await?;
                Ok(value)
            }

            /// [`Self::insert`] through a blocking connection (diesel's `SqliteConnection` with
            /// sprout's `diesel` feature).
            pub fn insert_sync<C: ::sprout::model::SyncInsert>(mut self, conn: &mut C) -> ::sprout::Result<#name> {
                #(#sync_parents)*
                let value = ::sprout::model::Context::with_current(|ctx| self.try_build(ctx))?;
                let info = <#name as ::sprout::model::Model>::info();
                conn.insert_row_sync(&info, &::sprout::model::Model::to_values(&value))?;
                Ok(value)
            }

            /// Inserts `n` values, each with its own parents unless one was given.
            pub async fn insert_many<P: ::sprout::model::Insert>(self, n: usize, pool: &P) -> ::sprout::Result<::std::vec::Vec<#name>> {
                let mut out = ::std::vec::Vec::with_capacity(n);
                for _ in 0..n {
                    out.push(self.clone().insert(pool).await?);
                }
                Ok(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    /// The generated API, pinned: a change to it shows up in review.
    #[test]
    fn expansion_is_pinned() {
        let input = quote! {
            #[sprout(table = "users", trait(name = "admin", role = "admin"))]
            pub struct User {
                id: i64,
                #[sprout(fk = Org)]
                org_id: i32,
                #[sprout(unique, faker = "email")]
                email: String,
                #[sprout(range = 18..=90)]
                age: i32,
                role: String,
                nickname: Option<String>,
            }
        };
        let file: syn::File = syn::parse2(super::expand(input)).expect("the expansion parses");
        insta::assert_snapshot!(prettyplease::unparse(&file));
    }
}
