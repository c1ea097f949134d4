//! `docs/errors.md` stays true: every message it quotes in its **Message** column is still
//! written somewhere in sprout's source.

#[test]
fn every_documented_message_is_still_written_by_sprout() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("../docs/errors.md")).unwrap();
    let mut source = String::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                source.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut checked = 0;
    for line in doc.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | situation | Message | fix |
        let Some(message) = cells.get(2) else {
            continue;
        };
        for quoted in message.split('`').skip(1).step_by(2) {
            assert!(
                source.contains(quoted),
                "docs/errors.md quotes `{quoted}`, which sprout's source no longer writes"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 25,
        "only {checked} messages found in docs/errors.md"
    );
}

/// `docs/spec.md` lists every generator kind a Spec file may name.
#[test]
fn every_generator_kind_is_in_the_spec_page() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("../docs/spec.md")).unwrap();
    let source = std::fs::read_to_string(root.join("src/plan/spec.rs")).unwrap();
    let body = source
        .split("pub enum Generator {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("spec.rs declares `pub enum Generator`");
    let mut kinds = Vec::new();
    for line in body.lines() {
        let Some(name) = line.strip_prefix("    ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            let mut kind = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    kind.push('_');
                }
                kind.push(c.to_ascii_lowercase());
            }
            kinds.push(kind);
        }
    }
    assert!(kinds.len() >= 20, "only {kinds:?} found in spec.rs");
    for kind in &kinds {
        assert!(
            doc.contains(&format!("`{kind}`")),
            "docs/spec.md does not list the generator kind `{kind}`"
        );
    }
}
