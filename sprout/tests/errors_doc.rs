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
