//! `#[derive(Sprout)]`, serde_derive's way, in four rooms: `attr.rs` parses the struct and its
//! attributes into the model of `ast.rs`, `snapshot.rs` checks it against its table in the
//! committed schema snapshot when there is one, `check.rs` checks it as a whole, `emit.rs`
//! writes the `Model` impl and a typed builder. Every mistake is collected, each at its span, and all are
//! reported in one compile.
//!
//! Attributes read, in this order of precedence: `#[sprout(..)]` (every key checked),
//! then the keys it understands of `#[sea_orm(..)]`, `#[diesel(..)]` and `#[sqlx(..)]`
//! (others ignored).

pub(crate) mod ast;
mod attr;
mod check;
mod emit;
pub(crate) mod snapshot;

use proc_macro2::TokenStream;
use syn::{Data, DeriveInput, Error};

pub(crate) use attr::{attr_name, key, lit_str, parse_keys, rename, skip_value, snake_case};

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
    // Beside the derive's own errors: the checks of the fields' types, which only rustc can make,
    // so that one compile reports them all.
    let mut type_checks = TokenStream::new();
    let tokens = match &input.data {
        Data::Enum(data) => crate::derive_enum::expand_enum(&input, data, &mut errors),
        _ => match attr::parse_struct(&input, &mut errors) {
            Some(mut model) => {
                type_checks = emit::type_checks(&model);
                let found = match snapshot::find(&model) {
                    Ok(Some(loaded)) => snapshot::check(&mut model, &loaded, &mut errors),
                    Ok(None) => None,
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                };
                check::check(&mut model, &mut errors);
                emit::emit(&model, found.as_ref())
            }
            None => TokenStream::new(),
        },
    };
    match errors.0 {
        Some(e) => {
            let errors = e.to_compile_error();
            quote::quote!(#errors #type_checks)
        }
        None => tokens,
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
