//! Procedural macros for sprout, re-exported by the `sprout` and `sprout-testkit` crates.
//!
//! A thin door: each macro parses its input, checks it (every mistake reported at its span, all
//! in one compile) and emits code that calls plain functions of the runtime crates.
//! `#[derive(Sprout)]` lands here with the typed-factory work.

use proc_macro::TokenStream;

mod testkit;

/// `#[sprout_testkit::test]`: see `sprout_testkit::test`. Re-exported there; use it from there.
#[proc_macro_attribute]
pub fn testkit_test(attr: TokenStream, item: TokenStream) -> TokenStream {
    testkit::expand(attr.into(), item.into()).into()
}
