//! `sprout::factories!()`: a typed row struct and factory for every table of the schema
//! snapshot, for a user who has a database and no model structs. Each table becomes a struct
//! deriving `Sprout` against the same snapshot (so everything the derive does with a snapshot
//! holds: keys, parents made first, CHECKs met, types checked), and a function named after the
//! table that starts its builder: `factories::users().email(..).insert(&pool)`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value as Json;
use syn::{Error, LitStr};

use crate::derive::ast::SnapshotChoice;
use crate::derive::snapshot::{find_for, list, text};

/// The expansion of `factories!()` / `factories!("path/to/schema.json")`.
pub fn expand(input: TokenStream) -> TokenStream {
    let choice = if input.is_empty() {
        None
    } else {
        match syn::parse2::<LitStr>(input) {
            Ok(path) => Some(SnapshotChoice::Path(path)),
            Err(e) => {
                return Error::new(
                    e.span(),
                    "factories! takes nothing or the snapshot's path: `factories!(\"../.sprout/schema.json\")`",
                )
                .to_compile_error();
            }
        }
    };
    let loaded = match find_for(choice.as_ref(), Span::call_site()) {
        Ok(Some(loaded)) => loaded,
        Ok(None) => {
            return Error::new(
                Span::call_site(),
                "factories! needs a schema snapshot and found none\n  fix: run `sprout snapshot DATABASE_URL` (writes .sprout/schema.json next to Cargo.toml), or give its path: `factories!(\"path/to/schema.json\")`",
            )
            .to_compile_error();
        }
        Err(e) => return e.to_compile_error(),
    };
    let path = loaded.path.display().to_string();
    let dialect = text(&loaded.json["schema"], "dialect").to_string();
    let items = list(&loaded.json["schema"], "tables")
        .iter()
        .map(|table| table_items(table, &path, &dialect));
    quote!(#(#items)*)
}

/// A table's struct and factory function.
fn table_items(table: &Json, path: &str, dialect: &str) -> TokenStream {
    let table_name = text(table, "name");
    let struct_name = format_ident!("{}", table_name.replace('.', "_").to_upper_camel_case());
    let function = ident(&table_name.replace('.', "_").to_snake_case());
    let builder = format_ident!("{struct_name}Sprout");
    let fields = list(table, "columns")
        .iter()
        .filter(|c| c.get("generated").is_none_or(Json::is_null))
        .map(|column| {
            let name = text(column, "name");
            let field = ident(&name.to_snake_case());
            let (ty, checked) = rust_type(&column["type"], dialect);
            let nullable = column
                .get("nullable")
                .and_then(Json::as_bool)
                .unwrap_or(true);
            let ty = if nullable {
                quote!(::core::option::Option<#ty>)
            } else {
                ty
            };
            let doc = format!("`{name}`: {}", column["type"]);
            let unchecked = (!checked).then(|| quote!(unchecked_type,));
            quote! {
                #[doc = #doc]
                #[sprout(#unchecked rename = #name)]
                pub #field: #ty
            }
        });
    let struct_doc = format!("A row of `{table_name}`, as the schema snapshot declares it.");
    let function_doc = format!("The factory of `{table_name}` rows.");
    quote! {
        #[doc = #struct_doc]
        #[derive(Debug, Clone, PartialEq, ::sprout::Sprout)]
        #[sprout(table = #table_name, snapshot = #path)]
        pub struct #struct_name {
            #(#fields,)*
        }

        #[doc = #function_doc]
        pub fn #function() -> #builder {
            #struct_name::sprout()
        }
    }
}

/// A field name: the column's in snake case, raw when it is a keyword.
fn ident(name: &str) -> syn::Ident {
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_string()
    };
    syn::parse_str::<syn::Ident>(&name).unwrap_or_else(|_| format_ident!("r#{name}"))
}

/// The Rust type of a column's SQL type, and whether the derive can check it (a type sprout
/// has no Rust type for is held as text, unchecked).
fn rust_type(ty: &Json, dialect: &str) -> (TokenStream, bool) {
    let bytes = ty.get("bytes").and_then(Json::as_u64).unwrap_or(8);
    let unsigned = ty.get("unsigned").and_then(Json::as_bool).unwrap_or(false);
    let checked = |t: TokenStream| (t, true);
    match text(ty, "kind") {
        "int" => checked(match (bytes, unsigned) {
            (1 | 2, false) => quote!(i16),
            (3 | 4, false) => quote!(i32),
            (_, false) => quote!(i64),
            (1, true) => quote!(u8),
            (2, true) => quote!(u16),
            (3 | 4, true) => quote!(u32),
            (_, true) => quote!(u64),
        }),
        "bool" => checked(quote!(bool)),
        "float" if bytes == 4 => checked(quote!(f32)),
        "float" => checked(quote!(f64)),
        "varchar" | "char" | "text" | "citext" | "enum" | "set" => checked(quote!(String)),
        "date" => checked(quote!(::sprout::factory::types::NaiveDate)),
        "time" => checked(quote!(::sprout::factory::types::NaiveTime)),
        "timestamp" => checked(quote!(::sprout::factory::types::NaiveDateTime)),
        "timestamp_tz" if dialect == "mysql" => {
            checked(quote!(::sprout::factory::types::NaiveDateTime))
        }
        "timestamp_tz" => checked(quote!(
            ::sprout::factory::types::DateTime<::sprout::factory::types::Utc>
        )),
        "uuid" => checked(quote!(::sprout::factory::types::Uuid)),
        "json" => checked(quote!(::sprout::factory::types::JsonValue)),
        "bytes" => checked(quote!(::std::vec::Vec<u8>)),
        _ => (quote!(String), false),
    }
}

#[cfg(test)]
mod tests {
    /// The code `factories!` writes for examples/snapshot-app's snapshot, pinned (rustfmt'd).
    #[test]
    fn generated_factories_are_pinned() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = dir.canonicalize().unwrap();
        let path = dir.join("examples/snapshot-app/.sprout/schema.json");
        let path = path.display().to_string();
        let file: syn::File =
            syn::parse2(super::expand(quote::quote!(#path))).expect("the expansion parses");
        let code = prettyplease::unparse(&file).replace(&dir.display().to_string(), "$WORKSPACE");
        insta::assert_snapshot!(code);
    }
}
