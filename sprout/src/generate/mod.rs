//! Row generation.
pub mod rng;
pub mod value;
