//! `#[derive(Sprout)]` on an enum of unit variants: a SQL enum. Emits
//! `sprout::factory::SqlEnum` (type name and labels) and the `ToValue` / `FromValue`
//! conversions, so a model struct can hold the enum as a field.
//!
//! Names are read as sqlx and sea-orm read them, so deriving Sprout beside `sqlx::Type` or
//! `DeriveActiveEnum` gives the labels the database holds: the type name from
//! `#[sprout(type_name)]`, `#[sqlx(type_name)]` or `#[sea_orm(enum_name)]` (else the enum's
//! name in snake_case); a label from `#[sprout(rename)]`, `#[sqlx(rename)]` or
//! `#[sea_orm(string_value)]`, else the variant's name under `rename_all` (as written without
//! one, as sqlx does).

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{DataEnum, DeriveInput, Error, Fields, LitStr};

use crate::derive::{Errors, attr_name, key, lit_str, parse_keys, rename, skip_value, snake_case};

/// The type-level names an enum's attributes give.
#[derive(Default)]
struct Names {
    type_name: Option<String>,
    rename_all: Option<String>,
}

pub fn expand_enum(input: &DeriveInput, data: &DataEnum, errors: &mut Errors) -> TokenStream {
    let name = &input.ident;
    let names = enum_names(input, errors);
    if data.variants.is_empty() {
        errors.push(Error::new(
            name.span(),
            "#[derive(Sprout)] on an enum needs at least one variant: its labels are the SQL enum's values",
        ));
    }
    let mut idents = Vec::new();
    let mut labels = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            errors.push(Error::new(
                variant.span(),
                "#[derive(Sprout)] on an enum needs unit variants (a SQL enum); this variant holds data",
            ));
            continue;
        }
        let label = variant_label(variant, names.rename_all.as_deref(), errors);
        idents.push(&variant.ident);
        labels.push(label);
    }
    let type_name = names
        .type_name
        .unwrap_or_else(|| snake_case(&name.to_string()));
    let rust_name = name.to_string();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics ::sprout::factory::SqlEnum for #name #ty_generics #where_clause {
            const NAME: &'static str = #type_name;
            const LABELS: &'static [&'static str] = &[#(#labels),*];
        }

        impl #impl_generics ::sprout::factory::FieldType for #name #ty_generics #where_clause {
            const LABELS: &'static [&'static str] = <Self as ::sprout::factory::SqlEnum>::LABELS;
            fn sql_type() -> ::sprout::SqlType {
                ::sprout::factory::enum_sql_type::<Self>()
            }
        }

        impl #impl_generics ::sprout::factory::ToValue for #name #ty_generics #where_clause {
            fn to_value(&self) -> ::sprout::Value {
                let label = match self {
                    #(Self::#idents => #labels,)*
                };
                ::sprout::Value::Text(::std::string::String::from(label))
            }
        }

        impl #impl_generics ::sprout::factory::FromValue for #name #ty_generics #where_clause {
            fn from_value(value: &::sprout::Value, what: &str) -> ::sprout::Result<Self> {
                match value {
                    #(::sprout::Value::Text(label) if label == #labels => Ok(Self::#idents),)*
                    _ => Err(::sprout::factory::not_a_label(
                        value,
                        what,
                        #rust_name,
                        <Self as ::sprout::factory::SqlEnum>::LABELS,
                    )),
                }
            }
        }
    }
}

fn enum_names(input: &DeriveInput, errors: &mut Errors) -> Names {
    let mut names = Names::default();
    for attr in &input.attrs {
        let attr_name = attr_name(attr);
        let result = match attr_name.as_str() {
            "sprout" => parse_keys(attr, errors, |meta| match key(&meta).as_str() {
                "type_name" => {
                    names.type_name = Some(lit_str(&meta, "type_name")?.value());
                    Ok(())
                }
                "rename_all" => {
                    names.rename_all = Some(rename_rule(&meta)?);
                    Ok(())
                }
                other => Err(meta.error(format!(
                    "unknown sprout key `{other}` on an enum: expected type_name or rename_all"
                ))),
            }),
            "sqlx" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "type_name" => {
                        names
                            .type_name
                            .get_or_insert(lit_str(&meta, "type_name")?.value());
                    }
                    "rename_all" => {
                        let rule = rename_rule(&meta)?;
                        names.rename_all.get_or_insert(rule);
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            "sea_orm" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "enum_name" => {
                        names
                            .type_name
                            .get_or_insert(lit_str(&meta, "enum_name")?.value());
                    }
                    "rs_type" => {
                        let rs_type = lit_str(&meta, "rs_type")?;
                        if rs_type.value() != "String" {
                            return Err(Error::new(
                                rs_type.span(),
                                "sprout maps enums stored as text (rs_type = \"String\"); for an integer-valued enum use an integer field",
                            ));
                        }
                    }
                    "rename_all" => {
                        let rule = rename_rule(&meta)?;
                        names.rename_all.get_or_insert(rule);
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            }),
            "repr" => Err(Error::new(
                attr.span(),
                "sprout maps enums stored as text; an enum with #[repr(..)] is stored as an integer: use an integer field",
            )),
            _ => Ok(()),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    names
}

const RULES: [&str; 7] = [
    "lowercase",
    "UPPERCASE",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "camelCase",
    "PascalCase",
];

fn rename_rule(meta: &syn::meta::ParseNestedMeta) -> syn::Result<String> {
    let rule: LitStr = lit_str(meta, "rename_all")?;
    if RULES.contains(&rule.value().as_str()) {
        Ok(rule.value())
    } else {
        Err(Error::new(
            rule.span(),
            format!("`rename_all` takes one of {}", RULES.join(", ")),
        ))
    }
}

fn variant_label(variant: &syn::Variant, rename_all: Option<&str>, errors: &mut Errors) -> String {
    let mut own: Option<String> = None;
    for attr in &variant.attrs {
        let attr_name = attr_name(attr);
        let result = match attr_name.as_str() {
            "sprout" => parse_keys(attr, errors, |meta| match key(&meta).as_str() {
                "rename" => {
                    own = Some(lit_str(&meta, "rename")?.value());
                    Ok(())
                }
                other => Err(meta.error(format!(
                    "unknown sprout key `{other}` on a variant: expected rename"
                ))),
            }),
            "sqlx" | "sea_orm" => parse_keys(attr, errors, |meta| {
                match key(&meta).as_str() {
                    "rename" | "string_value" => {
                        let label = lit_str(&meta, "rename")?.value();
                        own.get_or_insert(label);
                    }
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
    own.unwrap_or_else(|| rename(&variant.ident.to_string(), rename_all.unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    /// The code an enum derive emits, pinned.
    #[test]
    fn enum_expansion_is_pinned() {
        let input = quote! {
            #[sqlx(type_name = "mood", rename_all = "lowercase")]
            pub enum Mood {
                Sad,
                #[sqlx(rename = "over the moon")]
                Happy,
            }
        };
        let file: syn::File =
            syn::parse2(crate::derive::expand(input)).expect("the expansion parses");
        insta::assert_snapshot!(prettyplease::unparse(&file));
    }
}
