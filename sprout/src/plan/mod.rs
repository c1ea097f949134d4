//! The plan: what to generate, in which order.
pub mod graph;
pub mod spec;
