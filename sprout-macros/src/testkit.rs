//! `#[sprout_testkit::test]`: parse the attribute and the test function, check them, and emit a
//! plain `#[test]` that calls `sprout_testkit::runner::run`.

use heck::ToUpperCamelCase;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Error, FnArg, ItemFn, LitInt, LitStr, Type};

/// The attribute's arguments, checked.
#[derive(Default)]
struct Args {
    backend: Option<(String, Span)>,
    host: Option<String>,
    schema: Option<LitStr>,
    migrations: Option<LitStr>,
    seed: bool,
    rows: Option<u64>,
}

/// What a test argument is given.
enum Given {
    Pool(&'static str),
    Seeded,
    Database,
}

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand_checked(attr, item) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

fn parse_args(attr: TokenStream) -> syn::Result<Args> {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        match key.as_str() {
            "backend" => {
                let value: LitStr = meta.value()?.parse()?;
                let name = value.value();
                if !["postgres", "mysql", "sqlite"].contains(&name.as_str()) {
                    return Err(Error::new(
                        value.span(),
                        "backend must be \"postgres\", \"mysql\" or \"sqlite\"",
                    ));
                }
                args.backend = Some((name, value.span()));
            }
            "host" => {
                let value: LitStr = meta.value()?.parse()?;
                let name = value.value();
                if !["server", "container", "file", "memory"].contains(&name.as_str()) {
                    return Err(Error::new(
                        value.span(),
                        "host must be \"server\", \"container\", \"file\" or \"memory\"",
                    ));
                }
                args.host = Some(name);
            }
            "schema" => args.schema = Some(meta.value()?.parse()?),
            "migrations" => args.migrations = Some(meta.value()?.parse()?),
            "seed" => args.seed = true,
            "rows" => {
                let value: LitInt = meta.value()?.parse()?;
                args.rows = Some(value.base10_parse()?);
                args.seed = true;
            }
            _ => {
                return Err(meta.error(
                    "unknown key: expected backend, host, schema, migrations, seed or rows",
                ));
            }
        }
        Ok(())
    });
    syn::parse::Parser::parse2(parser, attr)?;
    if let (Some(schema), Some(_)) = (&args.schema, &args.migrations) {
        return Err(Error::new(
            schema.span(),
            "give `schema` or `migrations`, not both",
        ));
    }
    Ok(args)
}

fn given(ty: &Type) -> Option<Given> {
    let (ty, by_ref) = match ty {
        Type::Reference(r) => (&*r.elem, true),
        other => (other, false),
    };
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?.ident.to_string();
    match (last.as_str(), by_ref) {
        ("PgPool", false) => Some(Given::Pool("postgres")),
        ("MySqlPool", false) => Some(Given::Pool("mysql")),
        ("SqlitePool", false) => Some(Given::Pool("sqlite")),
        ("Seeded", false) => Some(Given::Seeded),
        ("TestDatabase", true) => Some(Given::Database),
        _ => None,
    }
}

fn expand_checked(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let args = parse_args(attr)?;
    let mut function: ItemFn = syn::parse2(item)?;
    if function.sig.asyncness.is_none() {
        return Err(Error::new(
            function.sig.fn_token.span(),
            "#[sprout_testkit::test] needs an `async fn`",
        ));
    }
    let mut errors: Option<Error> = None;
    let mut push = |e: Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut backend = args.backend.clone();
    let mut bindings = Vec::new();
    for (i, input) in function.sig.inputs.iter().enumerate() {
        let FnArg::Typed(typed) = input else {
            push(Error::new(input.span(), "a test takes no `self`"));
            continue;
        };
        let name = format_ident!("__sprout_arg_{i}");
        match given(&typed.ty) {
            Some(Given::Pool(engine)) => {
                match &backend {
                    Some((chosen, _)) if chosen != engine => push(Error::new(
                        typed.ty.span(),
                        format!("this pool is {engine}, but the backend is {chosen}"),
                    )),
                    _ => backend = Some((engine.to_string(), typed.ty.span())),
                }
                let method = format_ident!(
                    "{}",
                    match engine {
                        "postgres" => "pg_pool",
                        "mysql" => "mysql_pool",
                        _ => "sqlite_pool",
                    }
                );
                bindings.push((name, quote!(__sprout_ready.#method().await)));
            }
            Some(Given::Seeded) => bindings.push((name, quote!(__sprout_ready.seeded()))),
            Some(Given::Database) => bindings.push((name, quote!(__sprout_ready.database()))),
            None => push(Error::new(
                typed.ty.span(),
                "a test argument must be sqlx::PgPool, sqlx::MySqlPool, sqlx::SqlitePool, sprout_testkit::Seeded or &sprout_testkit::TestDatabase",
            )),
        }
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let test_name = function.sig.ident.clone();
    let test_name_text = test_name.to_string();
    let attrs = std::mem::take(&mut function.attrs);
    let vis = function.vis.clone();
    // The body keeps the test's name, so insta names snapshots after the test.
    // `postgres` names `Backend::Postgres` (the names were checked while parsing).
    let backend = backend.map_or(quote!(None), |(name, _)| {
        let variant = format_ident!("{}", name.to_upper_camel_case());
        quote!(Some(::sprout_testkit::Backend::#variant))
    });
    let host = match args.host.as_deref() {
        Some("server") => quote!(Some(::sprout_testkit::Host::Server)),
        Some("container") => quote!(Some(::sprout_testkit::Host::Container)),
        Some("file") => quote!(Some(::sprout_testkit::Host::File)),
        Some(_) => quote!(Some(::sprout_testkit::Host::Memory)),
        None => quote!(None),
    };
    let setup = match (&args.schema, &args.migrations) {
        (Some(schema), _) => quote!(::sprout_testkit::Setup::Script(
            ::std::string::String::from(::core::include_str!(::core::concat!(
                ::core::env!("CARGO_MANIFEST_DIR"), "/", #schema
            )))
        )),
        (_, Some(dir)) => quote!(::sprout_testkit::Setup::Migrations(
            ::std::path::Path::new(::core::env!("CARGO_MANIFEST_DIR")).join(#dir)
        )),
        _ => quote!(::sprout_testkit::Setup::Empty),
    };
    let seed = args.seed;
    let rows = match args.rows {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let names: Vec<_> = bindings.iter().map(|(n, _)| n).collect();
    let values: Vec<_> = bindings.iter().map(|(_, v)| v).collect();
    Ok(quote! {
        #(#attrs)*
        #[::core::prelude::v1::test]
        #vis fn #test_name() {
            #function
            ::sprout_testkit::runner::run(
                ::sprout_testkit::runner::Config {
                    path: ::core::concat!(::core::module_path!(), "::", #test_name_text),
                    backend: #backend,
                    host: #host,
                    setup: #setup,
                    seed: #seed,
                    rows: #rows,
                },
                |__sprout_ready| async move {
                    #(let #names = #values;)*
                    ::sprout_testkit::runner::TestResult::check(
                        #test_name(#(#names),*).await
                    );
                },
            )
        }
    })
}
