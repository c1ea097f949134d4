//! Procedural macros for sprout, re-exported by the `sprout` and `sprout-testkit` crates.
//!
//! A thin door: each macro parses its input, checks it (every mistake reported at its span, all
//! in one compile) and emits code that calls plain functions of the runtime crates.

use proc_macro::TokenStream;

mod derive;
mod derive_enum;
mod factories;
mod suggest;
mod testkit;

/// `#[derive(Sprout)]`: a typed, deterministic factory for a model struct, or a SQL enum for an
/// enum of unit variants. Re-exported as `sprout::Sprout`; see `sprout::factory` and
/// docs/factories.md.
#[proc_macro_derive(Sprout, attributes(sprout))]
pub fn derive_sprout(input: TokenStream) -> TokenStream {
    derive::expand(input.into()).into()
}

/// `sprout::factories!()`: a typed row struct and factory per table of the schema snapshot.
/// Re-exported as `sprout::factories`; see docs/factories.md.
#[proc_macro]
pub fn factories(input: TokenStream) -> TokenStream {
    factories::expand(input.into()).into()
}

/// `#[sprout_testkit::test]`: see `sprout_testkit::test`. Re-exported there; use it from there.
#[proc_macro_attribute]
pub fn testkit_test(attr: TokenStream, item: TokenStream) -> TokenStream {
    testkit::expand(attr.into(), item.into()).into()
}
