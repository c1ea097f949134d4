//! Writers of generated rows. Each output format is one file here.
pub mod sql;
