//! The snapshot workflow as a user lives it, on a copy of `examples/snapshot-app`: a migration
//! drops a column, `sprout snapshot --check` fails naming it, the snapshot is written again, and
//! the crate no longer compiles, at the field that lost its column. Then the field goes and it
//! builds again, offline (no database is reached at compile time).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sprout(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sprout"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the sprout binary runs")
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout)
}

/// `cargo build --offline` of the app at `dir`, sharing the workspace's target directory (its
/// dependencies are built already).
fn build(dir: &Path, workspace: &Path) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(["build", "--offline", "--quiet", "--lib", "--target-dir"])
        .arg(workspace.join("target"))
        .env_remove("SPROUT_SNAPSHOT")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

/// The example app, copied with its path dependencies pointed at this workspace.
fn copy_app(workspace: &Path, into: &Path) {
    let app = workspace.join("examples/snapshot-app");
    for dir in ["src", "migrations", ".sprout"] {
        std::fs::create_dir_all(into.join(dir)).unwrap();
        for entry in std::fs::read_dir(app.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, into.join(dir).join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(app.join("Cargo.lock"), into.join("Cargo.lock")).unwrap();
    let manifest = std::fs::read_to_string(app.join("Cargo.toml"))
        .unwrap()
        .replace("../../", &format!("{}/", workspace.display()));
    std::fs::write(into.join("Cargo.toml"), manifest).unwrap();
}

#[test]
fn a_dropped_column_fails_the_check_then_the_compile_at_the_field() {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path();
    copy_app(&workspace, app);

    let clean = sprout(
        app,
        &["snapshot", "migrations", "--dialect", "postgres", "--check"],
    );
    assert!(
        clean.status.success(),
        "the committed snapshot is current: {}",
        text(&clean)
    );

    std::fs::write(
        app.join("migrations/0003_drop_age.sql"),
        "ALTER TABLE users DROP COLUMN age;\n",
    )
    .unwrap();
    let stale = sprout(
        app,
        &["snapshot", "migrations", "--dialect", "postgres", "--check"],
    );
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    let message = text(&stale);
    assert!(
        message
            .lines()
            .any(|l| l.starts_with('-') && l.contains("\"name\": \"age\"")),
        "the diff shows the column going: {message}"
    );

    let written = sprout(app, &["snapshot", "migrations", "--dialect", "postgres"]);
    assert!(written.status.success(), "{}", text(&written));
    let failed = build(app, &workspace);
    assert!(!failed.status.success(), "the struct still has `age`");
    let message = text(&failed);
    assert!(
        message.contains("column `users.age` is not in the schema snapshot"),
        "{message}"
    );
    assert!(message.contains("src/lib.rs:25"), "at the field: {message}");

    let lib = std::fs::read_to_string(app.join("src/lib.rs")).unwrap();
    std::fs::write(
        app.join("src/lib.rs"),
        lib.replace("    pub age: Option<i32>,\n", ""),
    )
    .unwrap();
    let built = build(app, &workspace);
    assert!(built.status.success(), "{}", text(&built));
}
