//! The `sprout` command-line tool (feature `cli`): argument parsing with clap and one function
//! per subcommand. Errors print as `error: ...` lines that name what failed and the fix.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::plan::spec::Spec;
use crate::schema::Dialect;
use crate::source::{self, IntrospectOptions};

/// Realistic, deterministic test data for relational databases.
#[derive(Debug, Parser)]
#[command(name = "sprout", version, about, propagate_version = true)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a schema as JSON: from a live database or a DDL file.
    #[command(after_help = "Examples:\n  \
        sprout introspect postgres://postgres@127.0.0.1/shop --out shop.json\n  \
        sprout introspect mysql://root@127.0.0.1/sakila\n  \
        sprout introspect sqlite://app.db\n  \
        sprout introspect schema.sql --dialect mysql")]
    Introspect {
        /// `postgres://..`, `mysql://..`, `sqlite:..`, or a path to a `.sql` or `.json` file.
        source: String,
        /// Write the JSON to this file instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Dialect of a `.sql` file (guessed from its text when absent).
        #[arg(long)]
        dialect: Option<Dialect>,
        /// PostgreSQL schema (default `public`) or MySQL database (default: the URL's) to read.
        #[arg(long)]
        namespace: Option<String>,
    },
    /// Print the Spec as TOML: the generator each column gets, to read and to edit.
    #[command(after_help = "Examples:\n  \
        sprout spec schema.sql > spec.toml\n  \
        sprout spec postgres://postgres@127.0.0.1/shop --spec my-overrides.toml")]
    Spec {
        /// A database URL, or a `.sql` or `.json` schema file.
        source: String,
        /// Dialect of a `.sql` file (guessed from its text when absent).
        #[arg(long)]
        dialect: Option<Dialect>,
        /// A TOML file whose `[table.column]` sections override the inferred generators.
        #[arg(long)]
        spec: Option<PathBuf>,
    },
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Introspect {
            source: input,
            out,
            dialect,
            namespace,
        } => {
            let loaded = if source::url_dialect(&input).is_some() {
                source::introspect_with(&input, &IntrospectOptions { namespace }).await?
            } else {
                source::load(&input, dialect).await?
            };
            if !cli.quiet {
                for warning in &loaded.warnings {
                    eprintln!("{warning}");
                }
            }
            let json = loaded.schema.to_json() + "\n";
            match out {
                Some(path) => std::fs::write(&path, json).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?,
                None => print!("{json}"),
            }
            Ok(())
        }
        Command::Spec {
            source: input,
            dialect,
            spec: overrides,
        } => {
            let loaded = source::load(&input, dialect).await?;
            if !cli.quiet {
                for warning in &loaded.warnings {
                    eprintln!("{warning}");
                }
            }
            if !cli.quiet {
                for table in &loaded.schema.tables {
                    for check in table.checks.iter().filter(|c| c.expr.has_unsupported()) {
                        eprintln!(
                            "warning: {}: CHECK ({}) has parts sprout cannot evaluate; rows are not checked against them",
                            table.name, check.sql
                        );
                    }
                }
            }
            let mut spec = Spec::infer(&loaded.schema);
            if let Some(path) = overrides {
                let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                spec.apply_toml(&text, &path.display().to_string(), &loaded.schema)?;
            }
            print!("{}", spec.to_toml());
            Ok(())
        }
    }
}
