//! Emitting the code of a checked struct: its `sprout::factory::Model` impl (the table it
//! describes, each field's column, type, keys and generator) and its typed builder
//! (`<Name>Sprout`: setters, traits, `build`, `insert`, `insert_many`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::ast::{Field, Fk, Model};
use super::snapshot::Found;

/// The function that turns a field's value into a cell.
pub(crate) fn to_cell(f: &Field) -> TokenStream {
    let ty = &f.ty;
    quote_spanned!(f.inner.span()=> <#ty as ::sprout::factory::FieldType>::to_cell)
}

/// The `Model` impl and the typed builder of a checked struct.
pub(crate) fn emit(model: &Model, snapshot: Option<&Found>) -> TokenStream {
    let Model {
        name,
        vis,
        table,
        fields,
        traits,
        ..
    } = model;
    let builder = format_ident!("{name}Sprout");
    let active: Vec<&Field> = fields.iter().filter(|f| !f.skip).collect();
    let infos = active.iter().map(|f| field_info(f));
    let trait_infos = traits.iter().map(|t| {
        let trait_name = &t.name;
        let values = t.values.iter().map(|(field, value)| {
            let field = field.to_string();
            quote!((#field, ::sprout::factory::ToValue::to_value(&#value)))
        });
        quote!(::sprout::factory::TraitInfo { name: #trait_name, values: vec![#(#values),*] })
    });
    let from = fields.iter().map(|f| {
        let ident = &f.ident;
        if f.skip {
            quote!(#ident: ::core::default::Default::default())
        } else {
            let what = format!("{table}.{}", f.column);
            let ty = &f.ty;
            let from =
                quote_spanned!(f.inner.span()=> <#ty as ::sprout::factory::FieldType>::from_cell);
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
    let Parents {
        setters: parent_setters,
        assertions,
    } = parents(&active);
    // sea-orm's relations, read at run time from the entity the model's module defines.
    let with_relations = if cfg!(feature = "sea-orm") && model.sea_orm_entity {
        quote!(.with_relations(::sprout::factory::sea_orm_relations::<Entity>()))
    } else {
        quote!()
    };
    let (with_snapshot, snapshot_items) = match snapshot {
        Some(found) => {
            let subset = &found.subset;
            let track = &found.track;
            let checks = &found.checks;
            (quote!(.with_snapshot(#subset)), quote!(#track #(#checks)*))
        }
        None => Default::default(),
    };
    quote! {
        #(#assertions)*
        #snapshot_items

        ::sprout::inventory::submit! {
            ::sprout::factory::Registered(<#name as ::sprout::factory::Model>::info)
        }

        impl ::sprout::factory::Model for #name {
            fn info() -> &'static ::sprout::factory::ModelInfo {
                // Built (and merged with the snapshot) once per program.
                static INFO: ::std::sync::OnceLock<::sprout::factory::ModelInfo> = ::std::sync::OnceLock::new();
                INFO.get_or_init(|| {
                    ::sprout::factory::ModelInfo {
                        table: #table,
                        fields: vec![#(#infos),*],
                        traits: vec![#(#trait_infos),*],
                        snapshot: None,
                    }#with_snapshot #with_relations
                })
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
            /// A builder of deterministic values of this model (see `sprout::factory`).
            #vis fn sprout() -> #builder {
                #builder { overrides: ::std::collections::BTreeMap::new(), traits: ::std::vec::Vec::new(), existing: false }
            }
        }

        /// The typed factory of the model: setters override fields, traits apply named sets.
        #[derive(Debug, Clone)]
        #vis struct #builder {
            overrides: ::std::collections::BTreeMap<&'static str, ::sprout::Value>,
            traits: ::std::vec::Vec<&'static str>,
            existing: bool,
        }

        impl #builder {
            #(#setters)*
            #(#parent_setters)*

            /// Inserting takes every foreign key not set from a row already in the parent table
            /// (one of its first `sprout::factory::EXISTING_LIMIT` in key order, picked by the
            /// seed) instead of making a parent: NULL for a nullable key when the table is
            /// empty, else an error.
            pub fn existing(mut self) -> Self {
                self.existing = true;
                self
            }

            /// Applies a named trait (`#[sprout(trait(name = ..))]`).
            pub fn with_trait(mut self, name: &'static str) -> Self {
                self.traits.push(name);
                self
            }

            /// The next value from `ctx`: the same seed and calls give the same values.
            pub fn build(self, ctx: &mut ::sprout::factory::Context) -> #name {
                self.try_build(ctx).unwrap_or_else(|e| panic!("{e}"))
            }

            /// [`Self::build`], with the error instead of a panic.
            pub fn try_build(self, ctx: &mut ::sprout::factory::Context) -> ::sprout::Result<#name> {
                let info = <#name as ::sprout::factory::Model>::info();
                let (n, row) = ctx.next_row(info)?;
                let row = ::sprout::factory::finish_row(info, ctx.seed(), n, row, &self.traits, &self.overrides)?;
                <#name as ::sprout::factory::Model>::from_values(row)
            }

            /// Builds with this thread's context and inserts the row, creating missing parents
            /// first through the model's foreign keys.
            pub async fn insert<P: ::sprout::factory::Insert>(mut self, pool: &P) -> ::sprout::Result<#name> {
                ::sprout::factory::insert_parents(<#name as ::sprout::factory::Model>::info(), &mut self.overrides, self.existing, pool).await?;
                let value = ::sprout::factory::Context::with_current(|ctx| self.try_build(ctx))?;
                let info = <#name as ::sprout::factory::Model>::info();
                pool.insert_row(info, &::sprout::factory::Model::to_values(&value)).await?;
                Ok(value)
            }

            /// [`Self::insert`] through a blocking connection (diesel's `SqliteConnection` with
            /// sprout's `diesel` feature).
            pub fn insert_sync<C: ::sprout::factory::SyncInsert>(mut self, conn: &mut C) -> ::sprout::Result<#name> {
                ::sprout::factory::insert_parents_sync(<#name as ::sprout::factory::Model>::info(), &mut self.overrides, self.existing, conn)?;
                let value = ::sprout::factory::Context::with_current(|ctx| self.try_build(ctx))?;
                let info = <#name as ::sprout::factory::Model>::info();
                conn.insert_row_sync(info, &::sprout::factory::Model::to_values(&value))?;
                Ok(value)
            }

            /// Inserts `n` values, each with its own parents unless one was given.
            pub async fn insert_many<P: ::sprout::factory::Insert>(self, n: usize, pool: &P) -> ::sprout::Result<::std::vec::Vec<#name>> {
                let mut out = ::std::vec::Vec::with_capacity(n);
                for _ in 0..n {
                    out.push(self.clone().insert(pool).await?);
                }
                Ok(out)
            }
        }
    }
}

/// The checks of the fields' types alone (each maps to SQL; `range`, `len` and `seq` suit it),
/// emitted beside the derive's own errors so that one compile reports every mistake.
pub(crate) fn type_checks(model: &Model) -> TokenStream {
    let checks = model.fields.iter().filter(|f| !f.skip).map(|f| {
        let ty = &f.ty;
        let inner = &f.inner;
        let spec = f.spec.iter();
        let seq = f.seq.iter().map(|_| {
            quote_spanned!(inner.span()=> let _ = <#inner as ::sprout::factory::TextField>::text_len;)
        });
        quote_spanned! {inner.span()=>
            let _ = <#ty as ::sprout::factory::FieldType>::sql_type;
            #(let _ = || #spec;)*
            #(#seq)*
        }
    });
    quote!(const _: fn() = || { #(#checks)* };)
}

/// A field's `FieldInfo`: its column, SQL type, keys and generator.
fn field_info(f: &Field) -> TokenStream {
    let field = f.ident.to_string();
    let column = &f.column;
    let ty = &f.ty;
    let sql = quote_spanned!(f.inner.span()=> <#ty as ::sprout::factory::FieldType>::sql_type());
    let labels = quote_spanned!(f.inner.span()=> <#ty as ::sprout::factory::FieldType>::LABELS);
    let (nullable, pk, unique, default) = (f.nullable, f.pk, f.unique, f.default);
    let fk = match &f.fk {
        Some(Fk::Model(path)) => {
            quote_spanned!(path.span()=> Some(::sprout::factory::Reference::Model(<#path as ::sprout::factory::Model>::info)))
        }
        Some(Fk::Column(t, c)) => quote!(Some(::sprout::factory::Reference::Column(#t, #c))),
        None => quote!(None),
    };
    let spec = match &f.spec {
        Some(generator) => quote!(Some(#generator)),
        None => quote!(None),
    };
    let null_rate = match f.null_rate {
        Some(r) => quote!(Some(#r)),
        None => quote!(None),
    };
    let seq = match &f.seq {
        // `seq` writes text: the field must be a String.
        Some(s) => {
            let inner = &f.inner;
            quote_spanned! {inner.span()=>
                Some({
                    let _ = <#inner as ::sprout::factory::TextField>::text_len;
                    #s
                })
            }
        }
        None => quote!(None),
    };
    let with = match &f.with {
        Some(path) => quote!(Some(|n: u64| ::sprout::factory::ToValue::to_value(&#path(n)))),
        None => quote!(None),
    };
    let faker = match &f.faker {
        Some(expr) => {
            let inner = &f.inner;
            quote_spanned! {expr.span()=>
                Some(|rng: &mut ::sprout::value::rng::CellRng| {
                    let value: #inner = ::sprout::fake::Fake::fake_with_rng(&(#expr), rng.inner());
                    ::sprout::factory::ToValue::to_value(&value)
                })
            }
        }
        None => quote!(None),
    };
    quote! {
        ::sprout::factory::FieldInfo {
            field: #field, column: #column, ty: #sql, labels: #labels, nullable: #nullable, pk: #pk,
            unique: #unique, fk: #fk, spec: #spec, null_rate: #null_rate,
            database_default: #default, seq: #seq, with: #with, faker: #faker,
        }
    }
}

/// What `fk = Parent` fields add to the builder: a setter taking the parent, and a check that
/// the parent derives `Sprout`. (Inserting makes or takes the parents at run time, from the
/// fields' `Reference`s: `sprout::factory::insert_parents`.)
#[derive(Default)]
struct Parents {
    setters: Vec<TokenStream>,
    assertions: Vec<TokenStream>,
}

/// The [`Parents`] of the fields that reference a model.
fn parents(active: &[&Field]) -> Parents {
    let mut out = Parents::default();
    for f in active {
        let Some(Fk::Model(path)) = &f.fk else {
            continue;
        };
        let field = f.ident.to_string();
        out.assertions.push(quote_spanned! {path.span()=>
            const _: fn() = || {
                fn derives_sprout<T: ::sprout::factory::Model>() {}
                derives_sprout::<#path>();
            };
        });
        let method = format_ident!(
            "{}",
            field
                .strip_suffix("_id")
                .unwrap_or(&format!("{field}_parent"))
                .to_string()
        );
        out.setters.push(quote_spanned! {path.span()=>
            /// Uses `parent` for this foreign key instead of creating one.
            pub fn #method(mut self, parent: &#path) -> Self {
                let info = <#path as ::sprout::factory::Model>::info();
                let cells = ::sprout::factory::Model::to_values(parent);
                let key = info.fields.iter().position(|f| f.pk).unwrap_or(0);
                self.overrides.insert(#field, cells[key].clone());
                self
            }
        });
    }
    out
}
