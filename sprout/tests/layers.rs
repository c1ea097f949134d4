//! The layers of `sprout/src` run one way (docs/architecture.md): a module may name only
//! modules of a lower layer, never one of its own layer or above. Test code (`#[cfg(test)]`) is
//! left out: tests may use anything.

use std::collections::BTreeMap;
use std::path::Path;

/// Every top-level module and its layer, lowest first.
const LAYERS: &[(&str, u32)] = &[
    ("error", 0),
    ("dialect", 1),
    ("schema", 2),
    ("connect", 2),
    ("source", 3),
    ("value", 3),
    ("plan", 4),
    ("generate", 5),
    ("sink", 6),
    ("live", 7),
    ("validate", 8),
    ("seed", 9),
    ("factory", 10),
    ("cli", 11),
];

/// The top-level module of a file under `src` (`plan/spec.rs` is `plan`).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

#[test]
fn every_module_names_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layer: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut broken = Vec::new();
    let mut files = 0;
    for path in rust_files(&src) {
        let relative = path.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        if module == "lib" || module == "main" {
            continue;
        }
        let own = *layer.get(module.as_str()).unwrap_or_else(|| {
            panic!(
                "{module} (in {}) has no layer in LAYERS: give it one",
                relative.display()
            )
        });
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (at, _) in code.match_indices("crate::") {
            let named: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if named == module || named.is_empty() {
                continue;
            }
            let Some(&other) = layer.get(named.as_str()) else {
                continue;
            };
            if other >= own {
                let line = code[..at].lines().count();
                broken.push(format!(
                    "{}:{line}: {module} (layer {own}) names {named} (layer {other})",
                    relative.display()
                ));
            }
        }
    }
    assert!(files > 30, "only {files} files read");
    assert!(
        broken.is_empty(),
        "layers crossed upward:\n{}",
        broken.join("\n")
    );
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The source folders of the workspace's library crates.
fn crate_sources() -> Vec<std::path::PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    ["sprout/src", "sprout-testkit/src", "sprout-macros/src"]
        .iter()
        .map(|dir| workspace.join(dir))
        .collect()
}

#[test]
fn every_module_opens_with_its_paragraph() {
    let mut missing = Vec::new();
    for dir in crate_sources() {
        for file in rust_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            if !text.starts_with("//!") {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these modules do not start with a `//!` paragraph saying what they are for:\n{}",
        missing.join("\n")
    );
}

/// Shared code asks `SqlDialect` what differs between databases; only `dialect/` matches on a
/// dialect. The exceptions pick sqlx's concrete connection and pool types, which a trait object
/// cannot carry (docs/architecture.md, "One place per database").
#[test]
fn only_the_dialect_folder_matches_on_a_dialect() {
    const PICK_SQLX_TYPES: &[&str] = &["sprout/src/connect.rs", "sprout-testkit/src/runner.rs"];
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut arms = Vec::new();
    for dir in crate_sources() {
        for file in rust_files(&dir) {
            let relative = file
                .strip_prefix(workspace)
                .unwrap()
                .to_string_lossy()
                .to_string();
            if relative.starts_with("sprout/src/dialect/")
                || PICK_SQLX_TYPES.contains(&relative.as_str())
            {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            for (n, line) in code.lines().enumerate() {
                let arm = line.trim_start();
                let on_dialect = ["Dialect::", "Backend::"]
                    .iter()
                    .any(|p| arm.starts_with(p));
                if on_dialect && arm.contains("=>") {
                    arms.push(format!("{relative}:{}: {}", n + 1, arm));
                }
            }
        }
    }
    assert!(
        arms.is_empty(),
        "a match on a dialect outside sprout/src/dialect/: ask SqlDialect instead (add a method with the standard SQL as its default):\n{}",
        arms.join("\n")
    );
}
