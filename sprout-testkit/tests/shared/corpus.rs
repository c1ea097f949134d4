//! The shared corpus of real schemas, read where the tests and benches of this crate expect it.

use std::path::PathBuf;

/// The text of `relative` in the corpus: `../shared/corpus` beside the checkout, or
/// `SPROUT_CORPUS_DIR`.
pub fn corpus(relative: &str) -> String {
    let root = std::env::var_os("SPROUT_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let path = root.join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
