//! Procedural macros for sprout, re-exported by the `sprout` crate.
//!
//! This crate is the thin door of the derive: it parses its input, calls plain functions and
//! emits code. `#[derive(Sprout)]` lands here with the typed-factory work; until then the crate
//! exports no macro, so nothing in the public API pretends to work.
