//! Row generation.
pub mod eval;
pub mod rng;
pub mod value;
pub mod values;
