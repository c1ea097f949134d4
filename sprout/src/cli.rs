//! The `sprout` command-line tool (feature `cli`): argument parsing with clap and one function
//! per subcommand. Errors print as `error: ...` lines that name what failed and the fix.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::connect::ConnectOptions;
use crate::error::Error;
use crate::plan::spec::Spec;
use crate::plan::{Locale, Plan, PlanOptions};
use crate::schema::Dialect;
use crate::sink::Format;
use crate::source::{self, IntrospectOptions};

/// Realistic, deterministic test data for relational databases.
#[derive(Debug, Parser)]
#[command(name = "sprout", version, about, propagate_version = true)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Log what sprout does (-v: info, -vv: debug), to standard error.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Seconds to wait for a database server to answer before giving up.
    #[arg(long, global = true, default_value_t = 10.0, value_name = "SECONDS")]
    connect_timeout: f64,
    /// Seconds any one statement may run before the server cancels it (default: no limit).
    #[arg(long, global = true, value_name = "SECONDS")]
    statement_timeout: Option<f64>,
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
    Introspect(IntrospectArgs),
    /// Write the schema snapshot to commit (`.sprout/schema.json`), or check it is current.
    #[command(after_help = "Examples:\n  \
        sprout snapshot postgres://postgres@127.0.0.1/shop\n  \
        sprout snapshot migrations/ --dialect postgres\n  \
        sprout snapshot postgres://postgres@127.0.0.1/shop --check   # in CI: exits 1 with a diff when stale")]
    Snapshot(SnapshotArgs),
    /// Generate rows for every table and write them as SQL, CSV, JSON or JSONL.
    #[command(after_help = "Examples:\n  \
        sprout generate --schema schema.sql --rows 1000 --format sql > seed.sql\n  \
        sprout generate --schema postgres://postgres@127.0.0.1/shop --rows 100 --rows orders=5000 --format csv --out data/\n  \
        sprout generate --schema app.json --rows 50 --seed 7 --format jsonl")]
    Generate(GenerateArgs),
    /// Generate rows and insert them into a live database, in one transaction.
    #[command(after_help = "Examples:\n  \
        sprout seed postgres://postgres@127.0.0.1/shop --rows 1000\n  \
        sprout seed sqlite://app.db --rows 50 --rows orders=500 --seed 7\n  \
        sprout seed mysql://root@127.0.0.1/shop --schema schema.sql --if-exists replace\n  \
        sprout seed sqlite://app.db --tables orders --rows 200 --if-exists append")]
    Seed(SeedArgs),
    /// Check every constraint of a live database; exits 1 when any is broken.
    #[command(after_help = "Examples:\n  \
        sprout validate postgres://postgres@127.0.0.1/shop\n  \
        sprout validate sqlite://app.db")]
    Validate(ValidateArgs),
    /// Draw the foreign-key graph with the insertion order and the broken cycles.
    #[command(after_help = "Examples:\n  \
        sprout graph schema.sql > schema.mmd\n  \
        sprout graph postgres://postgres@127.0.0.1/shop --format dot | dot -Tsvg > schema.svg")]
    Graph(GraphArgs),
    /// Print the Spec as TOML: the generator each column gets, to read and to edit.
    #[command(after_help = "Examples:\n  \
        sprout spec schema.sql > spec.toml\n  \
        sprout spec postgres://postgres@127.0.0.1/shop --spec my-overrides.toml")]
    Spec(SpecArgs),
}

/// The arguments of `sprout introspect`.
#[derive(Debug, Args)]
struct IntrospectArgs {
    /// `postgres://..`, `mysql://..`, `sqlite:..`, or a path to a `.sql` file, migrations directory, diesel `schema.rs` or `.json` file.
    source: String,
    /// Write the JSON to this file instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Dialect of a `.sql` file (guessed from its statements when absent).
    #[arg(long, visible_alias = "input-dialect")]
    dialect: Option<Dialect>,
    /// PostgreSQL schema (default `public`) or MySQL database (default: the URL's) to read.
    #[arg(long)]
    namespace: Option<String>,
}

/// The arguments of `sprout snapshot`.
#[derive(Debug, Args)]
struct SnapshotArgs {
    /// `postgres://..`, `mysql://..`, `sqlite:..`, or a `.sql` file, migrations directory or diesel `schema.rs`.
    source: String,
    /// The snapshot file.
    #[arg(long, short, default_value = crate::schema::snapshot::DEFAULT_PATH)]
    out: PathBuf,
    /// Compare with the snapshot instead of writing it; exits 1 with a diff when they differ.
    #[arg(long)]
    check: bool,
    /// Dialect of a `.sql` file (guessed from its statements when absent).
    #[arg(long, visible_alias = "input-dialect")]
    dialect: Option<Dialect>,
    /// PostgreSQL schema (default `public`) or MySQL database (default: the URL's) to read.
    #[arg(long)]
    namespace: Option<String>,
}

/// The arguments of `sprout generate`.
#[derive(Debug, Args)]
struct GenerateArgs {
    /// A database URL, or a `.sql`, `schema.rs` or `.json` schema file.
    #[arg(long)]
    schema: String,
    /// Rows per table (`N`), or for one table (`TABLE=N`); repeat as needed.
    #[arg(long = "rows", default_value = "100")]
    rows: Vec<String>,
    /// The seed: same seed, same rows.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output format.
    #[arg(long, default_value = "sql")]
    format: Format,
    /// SQL dialect to write (default: the schema's).
    #[arg(long)]
    dialect: Option<Dialect>,
    /// Dialect of a `.sql` schema file (guessed from its statements when absent).
    #[arg(long)]
    input_dialect: Option<Dialect>,
    /// Write one file per table into this directory instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// A TOML file of Spec overrides (see `sprout spec`).
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Language of names, addresses and phones (en, fr_fr, de_de, ...).
    #[arg(long, default_value = "en")]
    locale: Locale,
    /// Share of NULLs in nullable columns, from 0 to 1.
    #[arg(long, default_value_t = 0.1, value_parser = parse_share)]
    null_rate: f64,
    /// With --out: replace the numbered files an earlier run left in the directory.
    #[arg(long)]
    overwrite: bool,
    /// Threads that draw rows (default: one per core); the output is the same for any number.
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

/// The arguments of `sprout seed`.
#[derive(Debug, Args)]
struct SeedArgs {
    /// The database: `postgres://..`, `mysql://..`, `sqlite:..`.
    url: String,
    /// Take the schema from this `.sql`, diesel `schema.rs` or `.json` file instead of introspecting.
    #[arg(long)]
    schema: Option<String>,
    /// Rows per table (`N`), or for one table (`TABLE=N`); repeat as needed.
    #[arg(long = "rows", default_value = "100")]
    rows: Vec<String>,
    /// The seed: same seed, same rows.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// When a target table already has rows: `fail` (touch nothing), `replace` (delete
    /// their rows first, in the same transaction) or `append` (keep them; new keys follow).
    #[arg(long, default_value = "fail")]
    if_exists: crate::seed::IfExists,
    /// How rows travel: `auto` (rendered statements in one round trip for a small seed, the
    /// bulk load otherwise), `statements` (rendered INSERTs) or `bulk` (COPY, batched INSERTs).
    #[arg(long, default_value = "auto")]
    load: crate::seed::Loading,
    /// Seed only these tables (comma-separated); their foreign keys to other tables
    /// reference the rows already there.
    #[arg(long, value_delimiter = ',')]
    tables: Option<Vec<String>>,
    /// A TOML file of Spec overrides (see `sprout spec`).
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Language of names, addresses and phones (en, fr_fr, de_de, ...).
    #[arg(long, default_value = "en")]
    locale: Locale,
    /// Triggers: `keep` (they fire; a table a trigger fills from another table's inserts
    /// gets no rows of its own) or `disable` (PostgreSQL: turned off inside the
    /// transaction, and every table generated).
    #[arg(long, default_value = "keep")]
    triggers: crate::plan::Triggers,
    /// PostgreSQL: seed only this schema (namespace); default every user schema.
    #[arg(long)]
    namespace: Option<String>,
    /// Dialect of the `--schema` file (guessed from its statements when absent).
    #[arg(long)]
    input_dialect: Option<Dialect>,
}

/// The arguments of `sprout validate`.
#[derive(Debug, Args)]
struct ValidateArgs {
    /// The database: `postgres://..`, `mysql://..`, `sqlite:..`.
    url: String,
}

/// The arguments of `sprout graph`.
#[derive(Debug, Args)]
struct GraphArgs {
    /// A database URL, or a `.sql`, `schema.rs` or `.json` schema file.
    source: String,
    /// `mermaid` or `dot`.
    #[arg(long, default_value = "mermaid")]
    format: String,
    /// Dialect of a `.sql` file (guessed from its statements when absent).
    #[arg(long, visible_alias = "input-dialect")]
    dialect: Option<Dialect>,
}

/// The arguments of `sprout spec`.
#[derive(Debug, Args)]
struct SpecArgs {
    /// A database URL, or a `.sql`, `schema.rs` or `.json` schema file.
    source: String,
    /// Dialect of a `.sql` file (guessed from its statements when absent).
    #[arg(long, visible_alias = "input-dialect")]
    dialect: Option<Dialect>,
    /// A TOML file whose `[table.column]` sections override the inferred generators.
    #[arg(long)]
    spec: Option<PathBuf>,
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.verbose > 0 {
        let level = if cli.verbose > 1 { "debug" } else { "info" };
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(format!(
                "sprout={level}"
            )))
            .with_writer(std::io::stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
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
        // A reader that stopped early (`sprout generate .. | head`) is not a failure.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The connection timeouts the flags ask for.
fn connect_options(cli: &Cli) -> Result<ConnectOptions, Error> {
    let seconds = |flag: &str, value: f64| {
        if value.is_finite() && value > 0.0 && value < 1e9 {
            Ok(Duration::from_secs_f64(value))
        } else {
            Err(Error::Usage(format!(
                "{flag} {value}: not a number of seconds\n  fix: give a positive number, such as {flag} 30"
            )))
        }
    };
    Ok(ConnectOptions {
        connect_timeout: seconds("--connect-timeout", cli.connect_timeout)?,
        statement_timeout: cli
            .statement_timeout
            .map(|value| seconds("--statement-timeout", value))
            .transpose()?,
    })
}

/// What every subcommand takes from the global flags.
struct Context {
    quiet: bool,
    connect: ConnectOptions,
}

impl Context {
    fn introspect_options(&self) -> IntrospectOptions {
        IntrospectOptions {
            connect: self.connect,
            ..IntrospectOptions::default()
        }
    }

    /// Prints what loading the schema noticed, unless `--quiet`.
    fn warn(&self, warnings: &[impl std::fmt::Display]) {
        if !self.quiet {
            for warning in warnings {
                eprintln!("{warning}");
            }
        }
    }
}

async fn run(cli: Cli) -> Result<(), Error> {
    let context = Context {
        quiet: cli.quiet,
        connect: connect_options(&cli)?,
    };
    match cli.command {
        Command::Introspect(args) => introspect(&context, args).await,
        Command::Snapshot(args) => snapshot(&context, args).await,
        Command::Generate(args) => generate(&context, args).await,
        Command::Seed(args) => seed(&context, args).await,
        Command::Validate(args) => validate(&context, args).await,
        Command::Graph(args) => graph(&context, args).await,
        Command::Spec(args) => spec_command(&context, args).await,
    }
}

/// `sprout introspect`: the schema as JSON.
async fn introspect(context: &Context, args: IntrospectArgs) -> Result<(), Error> {
    let IntrospectArgs {
        source: input,
        out,
        dialect,
        namespace,
    } = args;
    let schema = load_schema(context, &input, dialect, namespace).await?;
    let json = schema.to_json() + "\n";
    match out {
        Some(path) => std::fs::write(&path, json).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?,
        None => print!("{json}"),
    }
    Ok(())
}

/// The schema of a URL (in `namespace`) or of a file or directory, warnings printed.
async fn load_schema(
    context: &Context,
    input: &str,
    dialect: Option<Dialect>,
    namespace: Option<String>,
) -> Result<crate::schema::Schema, Error> {
    let options = IntrospectOptions {
        namespace,
        connect: context.connect,
    };
    let loaded = source::load_with(input, dialect, &options).await?;
    context.warn(&loaded.warnings);
    Ok(loaded.schema)
}

/// `sprout snapshot`: writes the schema snapshot, or with `--check` compares it.
async fn snapshot(context: &Context, args: SnapshotArgs) -> Result<(), Error> {
    use crate::schema::snapshot::Snapshot;
    let SnapshotArgs {
        source: input,
        out,
        check,
        dialect,
        namespace,
    } = args;
    let schema = load_schema(context, &input, dialect, namespace).await?;
    if check {
        Snapshot::read(&out)?.check(&schema, &out)?;
        if !context.quiet {
            eprintln!(
                "{}: up to date ({} tables)",
                out.display(),
                schema.tables.len()
            );
        }
        return Ok(());
    }
    let tables = schema.tables.len();
    Snapshot::of(schema).write(&out)?;
    if !context.quiet {
        eprintln!("wrote {} ({tables} tables)", out.display());
    }
    Ok(())
}

/// `sprout generate`: rows to files or standard output.
async fn generate(context: &Context, args: GenerateArgs) -> Result<(), Error> {
    let GenerateArgs {
        schema: input,
        rows,
        seed,
        format,
        dialect,
        input_dialect,
        out,
        spec,
        locale,
        null_rate,
        overwrite,
        threads,
    } = args;
    let schema = load_schema(context, &input, input_dialect, None).await?;
    if schema.tables.is_empty() {
        return Err(Error::Schema(format!(
            "{input}: no table found, so there is nothing to generate\n  fix: point --schema at SQL DDL with CREATE TABLE statements (a typo such as `CREATE TABEL` is skipped), or at a database URL"
        )));
    }
    let spec = load_spec(&schema, spec.as_deref())?;
    let (default_rows, table_rows) = parse_rows(&rows)?;
    let options = PlanOptions {
        seed,
        rows: default_rows,
        table_rows,
        null_rate,
        spec: Some(spec),
        locale,
        // MySQL and SQLite scripts can suspend foreign-key checks; PostgreSQL files cannot.
        suspend_fk_checks: dialect.unwrap_or(schema.dialect) != Dialect::Postgres,
        threads,
        ..PlanOptions::default()
    };
    let plan = Plan::new(schema, options)?;
    if !context.quiet {
        for note in &plan.notes {
            eprintln!("note: {note}");
        }
    }
    let dialect = dialect.unwrap_or(plan.schema.dialect);
    if format == Format::Copy && dialect != Dialect::Postgres {
        return Err(Error::Usage(format!(
            "--format copy writes PostgreSQL COPY blocks, but the dialect is {dialect:?}\n  fix: pass --dialect postgres, or use --format sql"
        )));
    }
    let summary = generate::write(
        &plan,
        format,
        dialect,
        out.as_deref(),
        overwrite,
        !context.quiet,
    )?;
    if !context.quiet {
        eprintln!("{summary}");
    }
    Ok(())
}

/// `sprout seed`: rows into a live database.
async fn seed(context: &Context, args: SeedArgs) -> Result<(), Error> {
    let SeedArgs {
        url,
        schema,
        rows,
        seed,
        if_exists,
        load: loading,
        tables,
        spec,
        locale,
        triggers,
        namespace,
        input_dialect,
    } = args;
    let connect = context.connect;
    let introspect_options = context.introspect_options();
    let schema = match schema {
        Some(file) => {
            source::load_with(&file, input_dialect, &introspect_options)
                .await?
                .schema
        }
        None => {
            source::introspect_with(&url, &IntrospectOptions { namespace, connect })
                .await?
                .schema
        }
    };
    let spec = load_spec(&schema, spec.as_deref())?;
    let (default_rows, table_rows) = parse_rows(&rows)?;
    let options = PlanOptions {
        seed,
        rows: default_rows,
        table_rows,
        spec: Some(spec),
        locale,
        triggers,
        ..PlanOptions::default()
    };
    let request = crate::seed::SeedRequest {
        schema: Some(schema),
        options,
        if_exists,
        tables,
        keep_rows: false,
        loading,
    };
    let report = crate::seed::seed_url(&url, request, &connect).await?;
    if !context.quiet {
        eprintln!("{report}");
    }
    Ok(())
}

/// `sprout validate`: every constraint of a live database checked.
async fn validate(context: &Context, args: ValidateArgs) -> Result<(), Error> {
    let ValidateArgs { url } = args;
    let violations = crate::validate::live::validate_database_with(&url, &context.connect).await?;
    if violations.is_empty() {
        if !context.quiet {
            eprintln!("0 violations in {}", crate::error::redact_url(&url));
        }
        return Ok(());
    }
    for violation in &violations {
        println!("{violation}");
    }
    let rows: i64 = violations.iter().map(|v| v.rows).sum();
    Err(Error::Violations {
        constraints: violations.len(),
        rows,
    })
}

/// `sprout graph`: the foreign-key graph drawn.
async fn graph(context: &Context, args: GraphArgs) -> Result<(), Error> {
    let GraphArgs {
        source: input,
        format,
        dialect,
    } = args;
    let introspect_options = context.introspect_options();
    let loaded = source::load_with(&input, dialect, &introspect_options).await?;
    // Draw every schema: a cycle no key can break shows where checks must be suspended.
    let order = crate::plan::graph::insert_order_with(&loaded.schema, true)?;
    let text = match format.as_str() {
        "mermaid" => crate::plan::draw::mermaid(&loaded.schema, &order),
        "dot" => crate::plan::draw::dot(&loaded.schema, &order),
        other => {
            return Err(Error::Usage(format!(
                "unknown graph format `{other}`: use mermaid or dot"
            )));
        }
    };
    print!("{text}");
    Ok(())
}

/// `sprout spec`: the Spec as TOML.
async fn spec_command(context: &Context, args: SpecArgs) -> Result<(), Error> {
    let SpecArgs {
        source: input,
        dialect,
        spec: overrides,
    } = args;
    let schema = load_schema(context, &input, dialect, None).await?;
    if !context.quiet {
        for table in &schema.tables {
            for check in table.checks.iter().filter(|c| c.expr.has_unsupported()) {
                let column = table
                    .columns
                    .iter()
                    .find(|c| {
                        check
                            .sql
                            .split(|ch: char| !ch.is_alphanumeric() && ch != '_')
                            .any(|w| w == c.name)
                    })
                    .map(|c| c.name.clone());
                let fix = match column {
                    Some(column) => format!(
                        "\n  fix: if the server rejects generated rows, set a generator for it in a Spec file: [\"{}\".{column}] kind = \"choice\" values = [..]",
                        table.name
                    ),
                    None => String::new(),
                };
                eprintln!(
                    "warning: {}: CHECK ({}) has parts sprout cannot evaluate; rows are not checked against them{fix}",
                    table.name, check.sql
                );
            }
        }
    }
    let spec = load_spec(&schema, overrides.as_deref())?;
    print!("{}", spec.to_toml());
    Ok(())
}

/// The inferred Spec, with the overrides of a TOML file applied.
fn load_spec(
    schema: &crate::schema::Schema,
    overrides: Option<&std::path::Path>,
) -> Result<Spec, Error> {
    let mut spec = Spec::infer(schema);
    if let Some(path) = overrides {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        spec.apply_toml(&text, &path.display().to_string(), schema)?;
    }
    Ok(spec)
}

/// `--rows 100 --rows orders=5000`: the default and the per-table counts.
/// A share from 0 to 1 (`--null-rate`): `2`, `-0.1` and `NaN` are refused.
fn parse_share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{text}` is not a share: give a number from 0 to 1 (0.1 is one row in ten)"
        )),
    }
}

fn parse_rows(values: &[String]) -> Result<(u64, std::collections::BTreeMap<String, u64>), Error> {
    let mut default = 100;
    let mut tables = std::collections::BTreeMap::new();
    for value in values {
        let bad = || {
            Error::Usage(format!(
                "--rows {value}: use N or TABLE=N, with N a whole number"
            ))
        };
        match value.split_once('=') {
            Some((table, n)) => {
                tables.insert(table.to_string(), n.trim().parse().map_err(|_| bad())?);
            }
            None => default = value.trim().parse().map_err(|_| bad())?,
        }
    }
    Ok((default, tables))
}

mod generate {
    //! `sprout generate`: the plan through a file writer, with a progress bar on a terminal.

    use std::io::IsTerminal;
    use std::path::Path;
    use std::time::Instant;

    use indicatif::{ProgressBar, ProgressStyle};

    use crate::error::Result;
    use crate::generate::generate_into;
    use crate::plan::Plan;
    use crate::schema::Dialect;
    use crate::sink::copy::CopyScript;
    use crate::sink::files::FileWriter;
    use crate::sink::sql::{DEFAULT_BATCH, ScriptFile, SqlWriter, StatementSink};
    use crate::sink::{Format, Output};
    use crate::value::{RowSink, Value};

    /// Counts rows and moves the progress bar, passing everything on.
    struct Counted<'a> {
        inner: &'a mut dyn RowSink,
        bar: Option<ProgressBar>,
        rows: u64,
        tables: usize,
    }

    impl RowSink for Counted<'_> {
        fn begin_table(
            &mut self,
            table: &str,
            columns: &[String],
            written: &[bool],
            deferred: &[Vec<String>],
        ) -> Result<()> {
            self.tables += 1;
            if let Some(bar) = &self.bar {
                bar.set_message(table.to_string());
            }
            self.inner.begin_table(table, columns, written, deferred)
        }
        fn row(&mut self, values: Vec<Value>) -> Result<()> {
            self.rows += 1;
            if let Some(bar) = &self.bar {
                bar.inc(1);
            }
            self.inner.row(values)
        }
        fn end_table(&mut self) -> Result<()> {
            self.inner.end_table()
        }
        fn update(
            &mut self,
            table: &str,
            row: usize,
            key: &[(String, Value)],
            set: &[(String, Value)],
        ) -> Result<()> {
            self.inner.update(table, row, key, set)
        }
    }

    /// Generates and writes; returns the one-line summary.
    pub fn write(
        plan: &Plan,
        format: Format,
        dialect: Dialect,
        out: Option<&Path>,
        overwrite: bool,
        progress: bool,
    ) -> Result<String> {
        let started = Instant::now();
        let output = match out {
            Some(dir) if overwrite => Output::dir_replacing(dir)?,
            Some(dir) => Output::dir(dir)?,
            None => Output::stream(std::io::BufWriter::new(std::io::stdout())),
        };
        let total: u64 = plan.rows.values().sum();
        let bar = (progress && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg:>16} [{bar:30}] {pos}/{len} rows ({per_sec})",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar
        });
        let (rows, tables) = match format {
            Format::Sql | Format::Copy => {
                let suspend = plan
                    .order
                    .broken
                    .iter()
                    .any(|e| e.kind == crate::plan::graph::BreakKind::Suspended);
                let sink: Box<dyn StatementSink> = if format == Format::Copy {
                    Box::new(CopyScript(output))
                } else {
                    Box::new(ScriptFile(output))
                };
                let mut writer = SqlWriter::new(&plan.schema, dialect, DEFAULT_BATCH, true, sink)
                    .suspending_checks(suspend);
                let counted = run(plan, &mut writer, bar.clone())?;
                writer.finish()?.close()?;
                counted
            }
            _ => {
                let mut writer = FileWriter::new(format, output);
                let counted = run(plan, &mut writer, bar.clone())?;
                writer.finish()?;
                counted
            }
        };
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        let seconds = started.elapsed().as_secs_f64();
        Ok(format!(
            "generated {rows} rows in {tables} tables in {seconds:.2} s ({:.0} rows/s), seed {}",
            rows as f64 / seconds.max(1e-9),
            plan.seed
        ))
    }

    fn run(plan: &Plan, sink: &mut dyn RowSink, bar: Option<ProgressBar>) -> Result<(u64, usize)> {
        let mut counted = Counted {
            inner: sink,
            bar,
            rows: 0,
            tables: 0,
        };
        generate_into(plan, &mut counted)?;
        Ok((counted.rows, counted.tables))
    }
}
