//! A directory of SQL migrations, read as one schema: the `*.sql` files (not `*.down.sql`) in
//! the order of the version their names start with, as sqlx's migrator applies them
//! (`9_users.sql` before `10_orders.sql`, files without a number last, then by name). The
//! testkit applies migrations in this order too.

use std::path::{Path, PathBuf};

use super::Loaded;
use crate::error::{Error, Result};
use crate::schema::Dialect;

/// The migration files of `dir`, in the order they apply.
pub fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".sql") && !name.ends_with(".down.sql")
        })
        .collect();
    files.sort_by_key(|path| order(path));
    Ok(files)
}

fn order(path: &Path) -> (u64, String) {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string();
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), name)
}

/// The schema the migrations of `dir` build, as one DDL script in their order (its dialect
/// guessed from the statements unless given).
pub fn parse_dir(dir: &Path, dialect: Option<Dialect>) -> Result<Loaded> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    let files = files(dir).map_err(io(dir))?;
    if files.is_empty() {
        return Err(Error::Schema(format!(
            "{}: no `*.sql` migrations in this directory\n  fix: point at the migrations directory itself (sqlx's `migrations/`), or at a .sql file",
            dir.display()
        )));
    }
    let mut script = String::new();
    for file in &files {
        script.push_str(&std::fs::read_to_string(file).map_err(io(file))?);
        script.push_str("\n;\n");
    }
    let dialect = dialect.unwrap_or_else(|| super::ddl::guess_dialect(&script));
    super::ddl::parse(&script, dialect).map_err(|error| {
        // Name the file and its line: the first migration that fails on its own.
        files
            .iter()
            .find_map(|file| super::ddl::parse_file(file, Some(dialect)).err())
            .unwrap_or(error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_in_version_order_with_columns_dropped_and_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, sql: &str| std::fs::write(dir.path().join(name), sql).unwrap();
        write(
            "10_rename.sql",
            "ALTER TABLE users RENAME COLUMN handle TO login;",
        );
        write("9_drop.sql", "ALTER TABLE users DROP COLUMN age;");
        write(
            "1_users.sql",
            "CREATE TABLE users (id int PRIMARY KEY, handle text UNIQUE, age int CHECK (age > 17));",
        );
        write("1_users.down.sql", "DROP TABLE users;");
        let schema = parse_dir(dir.path(), None).unwrap().schema;
        let users = schema.table("users").unwrap();
        let names: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "login"]);
        assert!(users.checks.is_empty(), "the CHECK on age went with it");
        assert_eq!(users.uniques[0].columns, ["login"]);

        write("11_broken.sql", "CREATE TABLE bad (id int,, name text);");
        let message = parse_dir(dir.path(), None).unwrap_err().to_string();
        assert!(message.contains("11_broken.sql: line 1"), "{message}");
    }
}
