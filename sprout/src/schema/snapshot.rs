//! The committed schema snapshot, `.sprout/schema.json`: the schema model with a format number
//! and a structural hash, written by `sprout snapshot` and read back to check that a database
//! (or its migrations) still matches it, the way sqlx's `.sqlx/` pins its queries. The file is
//! pretty JSON in the model's deterministic order, so a change reads well in a code review.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Schema;
use crate::error::{Error, Result};

/// Where the snapshot lives, relative to the crate or project root.
pub const DEFAULT_PATH: &str = ".sprout/schema.json";

/// The snapshot file's format; a reader refuses a newer one.
pub const FORMAT: u32 = 1;

/// A schema as committed: the model, its format and its structural hash ([`Schema::hash`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The file format, [`FORMAT`].
    pub sprout_snapshot: u32,
    /// [`Schema::hash`] of `schema`: changes when the schema does, whatever the JSON's spacing.
    pub hash: String,
    /// The schema model.
    pub schema: Schema,
}

impl Snapshot {
    /// The snapshot of `schema`.
    pub fn of(schema: Schema) -> Snapshot {
        Snapshot {
            sprout_snapshot: FORMAT,
            hash: schema.hash(),
            schema,
        }
    }

    /// The file's text: pretty JSON ending with a newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a snapshot always serializes") + "\n"
    }

    /// Writes the snapshot to `path`, creating its directory.
    pub fn write(&self, path: &Path) -> Result<()> {
        let io = |source| Error::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, self.to_json()).map_err(io)
    }

    /// Reads the snapshot at `path`; a missing file says how to make one.
    pub fn read(path: &Path) -> Result<Snapshot> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(format!(
                    "{shown}: no snapshot here\n  fix: run `sprout snapshot DATABASE_URL --out {shown}` and commit the file"
                ))
            } else {
                Error::Io {
                    path: shown.clone(),
                    source,
                }
            }
        })?;
        let mut snapshot: Snapshot = serde_json::from_str(&text).map_err(|source| Error::Json {
            path: shown.clone(),
            source,
        })?;
        if snapshot.sprout_snapshot > FORMAT {
            return Err(Error::Usage(format!(
                "{shown}: snapshot format {} is newer than this sprout reads ({FORMAT})\n  fix: update sprout, or write the snapshot again with this version",
                snapshot.sprout_snapshot
            )));
        }
        snapshot.schema.normalize();
        Ok(snapshot)
    }

    /// Compares the snapshot with `schema` as it is now: `Ok` when they are the same model,
    /// else [`Error::SnapshotStale`] with a unified diff of the two (`-` snapshot, `+` now).
    pub fn check(&self, schema: &Schema, path: &Path) -> Result<()> {
        let (before, now) = (self.schema.to_json(), schema.to_json());
        if before == now {
            return Ok(());
        }
        let diff = similar::TextDiff::from_lines(&before, &now)
            .unified_diff()
            .context_radius(3)
            .header("snapshot", "schema now")
            .to_string();
        Err(Error::SnapshotStale {
            path: path.display().to_string(),
            diff,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, SqlType, Table};

    fn schema(columns: &[&str]) -> Schema {
        let mut table = Table::new("users");
        for name in columns {
            table.columns.push(Column::new(*name, SqlType::Text));
        }
        let mut schema = Schema::new(crate::schema::Dialect::Postgres);
        schema.tables.push(table);
        schema.normalize();
        schema
    }

    #[test]
    fn a_snapshot_reads_back_and_checks_clean() {
        let dir = std::env::temp_dir().join(format!("sprout-snapshot-{}", std::process::id()));
        let path = dir.join(".sprout/schema.json");
        let snapshot = Snapshot::of(schema(&["id", "email"]));
        snapshot.write(&path).unwrap();
        let read = Snapshot::read(&path).unwrap();
        assert_eq!(read, snapshot);
        assert_eq!(read.hash, schema(&["id", "email"]).hash());
        read.check(&schema(&["id", "email"]), &path).unwrap();
        let stale = read.check(&schema(&["id", "email", "age"]), &path);
        let message = stale.unwrap_err().to_string();
        assert!(message.contains("is out of date"), "{message}");
        assert!(
            message
                .lines()
                .any(|l| l.starts_with('+') && l.contains("\"name\": \"age\"")),
            "{message}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_snapshot_names_the_command_that_makes_it() {
        let message = Snapshot::read(Path::new("/nonexistent/.sprout/schema.json"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("sprout snapshot DATABASE_URL"),
            "{message}"
        );
    }
}
