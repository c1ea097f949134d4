//! Writers of generated rows: one file per output format, each a [`RowSink`] over an
//! [`Output`] (one stream, or one file per table in a directory named by insertion order).

pub mod copy;
pub mod files;
pub mod sql;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::error::{Error, Result};
pub use crate::generate::RowSink;

/// Output file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// SQL INSERT statements for a dialect.
    Sql,
    /// CSV with a header row, one file per table.
    Csv,
    /// A JSON array of row objects per table.
    Json,
    /// One JSON object per line: `{"table": .., "row": {..}}`.
    Jsonl,
    /// A psql script loading rows with PostgreSQL `COPY .. FROM stdin` blocks.
    Copy,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sql" => Ok(Format::Sql),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "copy" => Ok(Format::Copy),
            other => Err(format!(
                "unknown format `{other}`: use sql, copy, csv, json or jsonl"
            )),
        }
    }
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Sql | Format::Copy => "sql",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Where a sink writes: one stream, or one file per table in a directory, named by insertion
/// order (`001_clinic.csv`, `002_provider.csv`, ...).
pub struct Output {
    stream: Option<Box<dyn Write>>,
    dir: Option<PathBuf>,
    count: usize,
    current: Option<BufWriter<File>>,
}

impl Output {
    /// Everything to one stream (standard output, a file, a buffer).
    pub fn stream(writer: impl Write + 'static) -> Output {
        Output {
            stream: Some(Box::new(writer)),
            dir: None,
            count: 0,
            current: None,
        }
    }

    /// One file per part in `path`, created when missing. A directory that holds the numbered
    /// files of an earlier run (`001_clinic.sql`) is refused, so two datasets never mix: see
    /// [`Output::dir_replacing`].
    pub fn dir(path: impl Into<PathBuf>) -> Result<Output> {
        let path = path.into();
        let earlier = earlier_parts(&path)?;
        if let Some(first) = earlier.first() {
            return Err(Error::Schema(format!(
                "{}: holds {} file(s) of an earlier run ({}), which would mix with this one\n  fix: pass --overwrite to replace them, or write to another directory",
                path.display(),
                earlier.len(),
                first.file_name().unwrap_or_default().to_string_lossy()
            )));
        }
        Output::open_dir(path)
    }

    /// [`Output::dir`], deleting the numbered files of an earlier run first (other files stay).
    pub fn dir_replacing(path: impl Into<PathBuf>) -> Result<Output> {
        let path = path.into();
        for file in earlier_parts(&path)? {
            std::fs::remove_file(&file).map_err(|source| Error::Io {
                path: file.display().to_string(),
                source,
            })?;
        }
        Output::open_dir(path)
    }

    fn open_dir(path: PathBuf) -> Result<Output> {
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Output {
            stream: None,
            dir: Some(path),
            count: 0,
            current: None,
        })
    }

    /// Starts the part named `name`: the next numbered file in a directory; nothing on a
    /// stream.
    pub fn start(&mut self, name: &str, extension: &str) -> Result<()> {
        let next = self.count + 1;
        self.start_at(next, name, extension)
    }

    /// Starts part number `number` (1-based), for writers that finish parts out of order.
    pub fn start_at(&mut self, number: usize, name: &str, extension: &str) -> Result<()> {
        self.finish()?;
        if let Some(dir) = &self.dir {
            self.count = self.count.max(number);
            let file = dir.join(format!("{number:03}_{}.{extension}", file_safe(name)));
            let opened = File::create(&file).map_err(|source| Error::Io {
                path: file.display().to_string(),
                source,
            })?;
            self.current = Some(BufWriter::new(opened));
        }
        Ok(())
    }

    /// Where the current part goes.
    pub fn writer(&mut self) -> &mut dyn Write {
        match (&mut self.current, &mut self.stream) {
            (Some(file), _) => file,
            (None, Some(stream)) => stream.as_mut(),
            (None, None) => panic!("Output::writer before Output::start in a directory"),
        }
    }

    /// Flushes the current part (and closes its file).
    pub fn finish(&mut self) -> Result<()> {
        if let Some(mut file) = self.current.take() {
            file.flush().map_err(write_error("output file"))?;
        }
        if let Some(stream) = &mut self.stream {
            stream.flush().map_err(write_error("output"))?;
        }
        Ok(())
    }
}

/// The files named like parts (`NNN_name.ext`) in `dir`, sorted; none when `dir` is missing.
fn earlier_parts(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.display().to_string(),
                source,
            });
        }
    };
    let mut parts: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            p.is_file()
                && name.len() > 4
                && name.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                && name.as_bytes()[3] == b'_'
        })
        .collect();
    parts.sort();
    Ok(parts)
}

/// A table name as part of a file name: letters, digits, `_`, `-` and `.` kept, the rest `_`.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An I/O error while writing `what`.
pub(crate) fn write_error(what: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: what.to_string(),
        source,
    }
}
