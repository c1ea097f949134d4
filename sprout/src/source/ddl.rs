//! The DDL source: reads SQL scripts (PostgreSQL, MySQL, SQLite) with sqlparser.
//!
//! The script is split into statements the way each database's client splits it
//! ([`super::script`]); statements that carry schema are parsed one at a time: `CREATE TABLE`,
//! `CREATE TYPE .. AS ENUM`, `CREATE DOMAIN`, `ALTER TABLE` (constraints added after the tables,
//! identity and serial defaults, partitions), `CREATE UNIQUE INDEX` and `COMMENT ON`. Every
//! other statement (SET, GRANT, functions, triggers, views, sequences, data) is skipped. A
//! statement that carries schema and does not parse is an error naming its line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use sqlparser::ast::{self as sql, Statement};
use sqlparser::parser::Parser;

use super::Loaded;
use super::script::{ScriptStatement, split_statements};
use crate::error::{Error, Result, Warning};
use crate::schema::{
    Check, Column, Deferrable, Dialect, EnumType, FkAction, ForeignKey, Generated, Identity,
    Partition, PartitionBound, Partitioning, PrimaryKey, Schema, SqlType, Table, Trigger, Unique,
    expr,
};

/// Parses a DDL script written for `dialect`.
pub fn parse(script: &str, dialect: Dialect) -> Result<Loaded> {
    parse_with_origin(script, dialect, "")
}

/// Reads and parses a DDL file; `dialect` is guessed from the text when `None`
/// (see [`guess_dialect`]).
pub fn parse_file(path: &Path, dialect: Option<Dialect>) -> Result<Loaded> {
    let script = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let dialect = dialect.unwrap_or_else(|| guess_dialect(&script));
    parse_with_origin(&script, dialect, &format!("{}: ", path.display()))
}

/// Guesses a script's dialect from tell-tale syntax in its statements (comments are not
/// read, so a backquote in a `--` comment does not make a file MySQL): backquoted names,
/// `ENGINE=` or `AUTO_INCREMENT` mean MySQL; `AUTOINCREMENT`, `PRAGMA`, `WITHOUT ROWID` or
/// `[bracketed]` names mean SQLite; anything else is read as PostgreSQL. `-v` logs the guess.
pub fn guess_dialect(script: &str) -> Dialect {
    let code = without_comments(script);
    let upper = code.to_ascii_uppercase();
    let guess =
        if code.contains('`') || upper.contains("ENGINE=") || upper.contains("AUTO_INCREMENT") {
            Dialect::Mysql
        } else if upper.contains("AUTOINCREMENT")
            || upper.contains("PRAGMA ")
            || upper.contains("WITHOUT ROWID")
            || upper.contains("CREATE TABLE [")
            || upper.contains("REFERENCES [")
        {
            Dialect::Sqlite
        } else {
            Dialect::Postgres
        };
    tracing::info!(target: "sprout::source", dialect = %guess, "guessed the schema file's dialect (--input-dialect to set it)");
    guess
}

/// The script with `--` and `/* */` comments blanked out (quoted text kept as it is).
fn without_comments(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut chars = script.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            (None, '\'' | '"' | '`') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '-') if chars.peek() == Some(&'-') => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            (None, '/') if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for next in chars.by_ref() {
                    if last == '*' && next == '/' {
                        break;
                    }
                    last = next;
                }
                out.push(' ');
            }
            (None, c) => out.push(c),
        }
    }
    out
}

fn parse_with_origin(script: &str, dialect: Dialect, origin: &str) -> Result<Loaded> {
    let mut builder = Builder::new(dialect);
    for statement in split_statements(script) {
        if builder.keep_routine(&statement.text) {
            continue;
        }
        let Some(kind) = StatementKind::of(&statement.text) else {
            continue;
        };
        let parser_dialect = dialect.sql().parser();
        let parsed = Parser::new(parser_dialect.as_ref())
            .try_with_sql(&statement.text)
            .and_then(|mut parser| parser.parse_statement());
        match parsed {
            Ok(parsed) => builder.apply(parsed, &statement),
            Err(err) if kind == StatementKind::Optional => builder.warn(
                format!("line {}", statement.line),
                format!("skipped a statement sprout cannot read: {err}"),
            ),
            Err(err) => return Err(ddl_error(origin, &statement, &err.to_string())),
        }
    }
    Ok(builder.finish())
}

/// Whether a statement carries schema, by its leading keywords.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StatementKind {
    /// Must parse: its failure is an error.
    Schema,
    /// Parsed when possible; a failure is a warning (comments).
    Optional,
}

impl StatementKind {
    fn of(text: &str) -> Option<StatementKind> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '(')
            .filter(|w| !w.is_empty())
            .take(4)
            .map(|w| w.to_ascii_uppercase())
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["CREATE", "TABLE", ..]
            | ["CREATE", "UNLOGGED", "TABLE", ..]
            | ["CREATE", "TYPE", ..]
            | ["CREATE", "DOMAIN", ..]
            | ["CREATE", "UNIQUE", "INDEX", ..]
            | ["ALTER", "TABLE", ..] => Some(StatementKind::Schema),
            ["COMMENT", "ON", ..] => Some(StatementKind::Optional),
            _ => None,
        }
    }
}

fn ddl_error(origin: &str, statement: &ScriptStatement, message: &str) -> Error {
    // sqlparser reports positions inside the statement as "... at Line: L, Column: C".
    let (message, line, column) = match message.rsplit_once(" at Line: ") {
        Some((head, position)) => {
            let mut parts = position.split(", Column: ");
            let line: usize = parts
                .next()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(1);
            let column: usize = parts
                .next()
                .and_then(|c| c.trim().parse().ok())
                .unwrap_or(1);
            let absolute_column = if line == 1 {
                column + statement.column - 1
            } else {
                column
            };
            (head.to_string(), statement.line + line - 1, absolute_column)
        }
        None => (message.to_string(), statement.line, statement.column),
    };
    let snippet: String = statement
        .text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    Error::Ddl {
        origin: origin.to_string(),
        line,
        column,
        message: message.replace("sql parser error: ", ""),
        snippet,
    }
}

struct Domain {
    ty: SqlType,
    checks: Vec<Check>,
}

struct Builder {
    dialect: Dialect,
    tables: BTreeMap<String, Table>,
    enums: Vec<EnumType>,
    domains: HashMap<String, Domain>,
    /// Partition -> partitioned parent.
    partitions: HashMap<String, String>,
    /// Partition -> its bound.
    bounds: HashMap<String, PartitionBound>,
    /// `CREATE TRIGGER` statements, read once every table and function is known.
    triggers: Vec<String>,
    /// Function name -> its whole `CREATE FUNCTION` text (trigger functions' bodies).
    functions: HashMap<String, String>,
    warnings: Vec<Warning>,
}

impl Builder {
    fn new(dialect: Dialect) -> Builder {
        Builder {
            dialect,
            tables: BTreeMap::new(),
            enums: Vec::new(),
            domains: HashMap::new(),
            partitions: HashMap::new(),
            bounds: HashMap::new(),
            triggers: Vec::new(),
            functions: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Keeps `CREATE TRIGGER` and `CREATE FUNCTION` texts for [`Builder::finish`]; true when
    /// the statement was one of them.
    fn keep_routine(&mut self, text: &str) -> bool {
        let words: Vec<String> = text
            .split_whitespace()
            .take(6)
            .map(|w| w.to_ascii_uppercase())
            .collect();
        if words.first().map(String::as_str) != Some("CREATE") {
            return false;
        }
        // The first of these keywords says what is created (`RETURNS trigger` comes later).
        let kind = words
            .iter()
            .position(|w| matches!(w.as_str(), "TRIGGER" | "FUNCTION" | "PROCEDURE"));
        let Some(at) = kind else {
            return false;
        };
        if words[at] == "TRIGGER" {
            self.triggers.push(text.to_string());
            return true;
        }
        {
            let name = text
                .split_whitespace()
                .nth(at + 1)
                .and_then(|n| n.split('(').next())
                .unwrap_or_default();
            let name = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
            let name = if self.dialect == Dialect::Postgres {
                name.to_lowercase()
            } else {
                name.to_string()
            };
            self.functions.insert(name, text.to_string());
            true
        }
    }

    fn warn(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning::new(location, message));
    }

    fn ident(&self, ident: &sql::Ident) -> String {
        self.dialect.ident_name(ident)
    }

    /// The model's name of an object: bare in PostgreSQL's `public` (and always bare in MySQL
    /// and SQLite, whose qualifier names the script's own database), `namespace.name` in any
    /// other PostgreSQL schema, as the live reader names them.
    fn object_name(&self, name: &sql::ObjectName) -> String {
        let parts: Vec<String> = name
            .0
            .iter()
            .filter_map(|part| part.as_ident())
            .map(|ident| self.ident(ident))
            .collect();
        match parts.as_slice() {
            [] => name.to_string(),
            [.., ns, bare] if self.dialect == Dialect::Postgres && ns != "public" => {
                format!("{ns}.{bare}")
            }
            [.., bare] if self.dialect == Dialect::Postgres && bare.contains('.') => {
                format!("public.{bare}")
            }
            [.., bare] => bare.clone(),
        }
    }

    fn apply(&mut self, statement: Statement, at: &ScriptStatement) {
        match statement {
            Statement::CreateTable(create) => self.create_table(create, at),
            Statement::CreateType {
                name,
                representation: Some(sql::UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                let name = self.object_name(&name);
                let labels = labels.iter().map(|l| l.value.clone()).collect();
                self.enums.push(EnumType { name, labels });
            }
            Statement::CreateType { name, .. } => {
                let name = self.object_name(&name);
                self.warn(
                    format!("line {}", at.line),
                    format!("type `{name}` is not an enum; columns of it become `other`"),
                );
            }
            Statement::CreateDomain(domain) => {
                let name = self.object_name(&domain.name);
                let ty = self.column_type(&domain.data_type, &name, "VALUE");
                // A domain over a domain keeps the CHECKs of the one below.
                let inherited: Vec<Check> = match &domain.data_type {
                    sql::DataType::Custom(base, _) => self
                        .domains
                        .get(&self.object_name(base))
                        .map(|d| d.checks.clone())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                let checks = inherited
                    .into_iter()
                    .chain(domain.constraints.iter().filter_map(|c| match c {
                        sql::TableConstraint::Check(check) => Some(self.check(check)),
                        _ => None,
                    }))
                    .collect();
                self.domains.insert(name, Domain { ty, checks });
            }
            Statement::AlterTable(alter) => {
                let table = self.object_name(&alter.name);
                for operation in alter.operations {
                    self.alter_table(&table, operation, at);
                }
            }
            Statement::CreateIndex(index) if index.unique => self.unique_index(index, at),
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(object_type, &object_name, comment),
            _ => {}
        }
    }

    fn create_table(&mut self, create: sql::CreateTable, at: &ScriptStatement) {
        let name = self.object_name(&create.name);
        if create.temporary {
            return;
        }
        if let Some(parent) = &create.partition_of {
            let parent = self.object_name(parent);
            self.partitions.insert(name.clone(), parent);
            if let Some(bound) = &create.for_values {
                self.bounds
                    .insert(name.clone(), PartitionBound::from_sql(bound));
            }
        }
        let mut table = Table::new(name.clone());
        if let Some((ns, _)) = name.split_once('.') {
            table.namespace = Some(ns.to_string());
        }
        table.partitioning = create
            .partition_by
            .as_ref()
            .and_then(|key| Partitioning::parse_key(&key.to_string()));
        let option_comment = match &create.table_options {
            sql::CreateTableOptions::Plain(options) | sql::CreateTableOptions::With(options) => {
                options.iter().find_map(|o| match o {
                    sql::SqlOption::Comment(comment) => Some(comment),
                    _ => None,
                })
            }
            _ => None,
        };
        if let Some(comment) = create.comment.as_ref().or(option_comment) {
            table.comment = Some(match comment {
                sql::CommentDef::WithEq(text) | sql::CommentDef::WithoutEq(text) => text.clone(),
            });
        }
        for column_def in &create.columns {
            self.add_column(&mut table, column_def);
        }
        for constraint in &create.constraints {
            self.add_constraint(&mut table, constraint, at);
        }
        if self.tables.insert(name.clone(), table).is_some() {
            self.warn(
                format!("line {}", at.line),
                format!("table `{name}` is created twice; the last definition wins"),
            );
        }
    }

    fn add_column(&mut self, table: &mut Table, def: &sql::ColumnDef) {
        let name = self.ident(&def.name);
        let type_name = def.data_type.to_string();
        let ty = self.column_type(&def.data_type, &table.name, &name);
        let mut column = Column::new(name.clone(), ty);
        if self.dialect == Dialect::Postgres {
            let lower = type_name.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "serial" | "bigserial" | "smallserial" | "serial2" | "serial4" | "serial8"
            ) {
                column.identity = Some(Identity::Serial);
                column.nullable = false;
            }
        }
        if let Some(domain) = self.domains.get(&self.custom_type_name(&def.data_type)) {
            for check in &domain.checks {
                table.checks.push(check.clone().for_domain_column(&name));
            }
        }
        for option in &def.options {
            let constraint_name = option.name.as_ref().map(|n| self.ident(n));
            match &option.option {
                sql::ColumnOption::Null => column.nullable = true,
                sql::ColumnOption::NotNull => column.nullable = false,
                sql::ColumnOption::Default(default) => {
                    if matches!(default, sql::Expr::Value(v) if v.value == sql::Value::Null) {
                        // `DEFAULT NULL` is what every nullable column has anyway.
                        column.default = None;
                    } else if is_nextval(default) {
                        column.identity = Some(Identity::Serial);
                    } else {
                        column.default = Some(default.to_string());
                    }
                }
                sql::ColumnOption::PrimaryKey(pk) => {
                    column.nullable = false;
                    table.primary_key = Some(PrimaryKey {
                        name: pk.name.as_ref().map(|n| self.ident(n)).or(constraint_name),
                        columns: vec![name.clone()],
                    });
                    if pk
                        .index_options
                        .iter()
                        .any(|o| o.to_string().contains("AUTOINCREMENT"))
                    {
                        column.identity = Some(Identity::AutoIncrement);
                    }
                }
                sql::ColumnOption::Unique(unique) => table.uniques.push(Unique {
                    expressions: Vec::new(),
                    name: unique
                        .name
                        .as_ref()
                        .map(|n| self.ident(n))
                        .or(constraint_name),
                    columns: vec![name.clone()],
                    predicate: None,
                }),
                sql::ColumnOption::ForeignKey(fk) => {
                    let mut foreign_key = self.foreign_key(fk);
                    foreign_key.columns = vec![name.clone()];
                    foreign_key.name = foreign_key.name.or(constraint_name);
                    table.foreign_keys.push(foreign_key);
                }
                sql::ColumnOption::Check(check) => {
                    let mut check = self.check(check);
                    check.name = check.name.or(constraint_name);
                    table.checks.push(check);
                }
                sql::ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                sql::ColumnOption::Generated {
                    generated_as,
                    generation_expr,
                    generation_expr_mode,
                    ..
                } => match generation_expr {
                    Some(expr) => {
                        column.generated = Some(Generated {
                            expr: expr.to_string(),
                            stored: matches!(
                                generation_expr_mode,
                                Some(sql::GeneratedExpressionMode::Stored)
                            ) || matches!(generated_as, sql::GeneratedAs::ExpStored),
                        })
                    }
                    None => {
                        column.identity = Some(match generated_as {
                            sql::GeneratedAs::Always => Identity::Always,
                            _ => Identity::ByDefault,
                        });
                        column.nullable = false;
                    }
                },
                sql::ColumnOption::Identity(_) => column.identity = Some(Identity::AutoIncrement),
                sql::ColumnOption::DialectSpecific(tokens) => {
                    let text = tokens
                        .iter()
                        .map(|t| t.to_string().to_ascii_uppercase())
                        .collect::<String>();
                    if text.contains("AUTO_INCREMENT") || text.contains("AUTOINCREMENT") {
                        column.identity = Some(Identity::AutoIncrement);
                    }
                }
                _ => {}
            }
        }
        if column.ty.is_other() {
            self.warnings
                .push(Warning::unknown_type(&table.name, &name, &type_name));
        }
        table.columns.push(column);
    }

    fn custom_type_name(&self, data_type: &sql::DataType) -> String {
        match data_type {
            sql::DataType::Custom(name, _) => self.object_name(name),
            _ => String::new(),
        }
    }

    /// The model type of a column: inline MySQL enums and sets become named enum types,
    /// custom names resolve to enum types and domains, everything else goes through
    /// [`SqlType::parse`].
    fn column_type(&mut self, data_type: &sql::DataType, table: &str, column: &str) -> SqlType {
        match data_type {
            sql::DataType::Enum(members, _) => {
                let labels = members
                    .iter()
                    .map(|m| match m {
                        sql::EnumMember::Name(name) | sql::EnumMember::NamedValue(name, _) => {
                            name.clone()
                        }
                    })
                    .collect();
                let name = format!("{table}.{column}");
                self.enums.push(EnumType {
                    name: name.clone(),
                    labels,
                });
                SqlType::Enum { name }
            }
            sql::DataType::Set(labels) => {
                let name = format!("{table}.{column}");
                self.enums.push(EnumType {
                    name: name.clone(),
                    labels: labels.clone(),
                });
                SqlType::Set { name }
            }
            sql::DataType::Array(sql::ArrayElemTypeDef::SquareBracket(inner, _))
            | sql::DataType::Array(sql::ArrayElemTypeDef::AngleBracket(inner)) => SqlType::Array {
                of: Box::new(self.column_type(inner, table, column)),
            },
            sql::DataType::Custom(name, _) => {
                let short = self.object_name(name);
                if self.enums.iter().any(|e| e.name == short) {
                    SqlType::Enum { name: short }
                } else if let Some(domain) = self.domains.get(&short) {
                    domain.ty.clone()
                } else {
                    SqlType::parse(&data_type.to_string(), self.dialect)
                }
            }
            other => SqlType::parse(&other.to_string(), self.dialect),
        }
    }

    fn add_constraint(
        &mut self,
        table: &mut Table,
        constraint: &sql::TableConstraint,
        at: &ScriptStatement,
    ) {
        match constraint {
            sql::TableConstraint::PrimaryKey(pk) => {
                if let Some(columns) = self.index_columns(&pk.columns, &table.name, at, true) {
                    table.primary_key = Some(PrimaryKey {
                        name: pk.name.as_ref().map(|n| self.ident(n)),
                        columns,
                    });
                }
            }
            sql::TableConstraint::Unique(unique) => {
                if let Some(columns) = self.index_columns(&unique.columns, &table.name, at, true) {
                    table.uniques.push(Unique {
                        expressions: Vec::new(),
                        name: unique
                            .name
                            .as_ref()
                            .or(unique.index_name.as_ref())
                            .map(|n| self.ident(n)),
                        columns,
                        predicate: None,
                    });
                }
            }
            sql::TableConstraint::ForeignKey(fk) => {
                let foreign_key = self.foreign_key(fk);
                table.foreign_keys.push(foreign_key);
            }
            sql::TableConstraint::Check(check) => {
                let check = self.check(check);
                table.checks.push(check);
            }
            _ => {}
        }
    }

    fn index_columns(
        &mut self,
        columns: &[sql::IndexColumn],
        table: &str,
        at: &ScriptStatement,
        warn: bool,
    ) -> Option<Vec<String>> {
        let mut names = Vec::new();
        for column in columns {
            match &column.column.expr {
                sql::Expr::Identifier(ident) => names.push(self.ident(ident)),
                sql::Expr::CompoundIdentifier(parts) if !parts.is_empty() => {
                    names.push(self.ident(&parts[parts.len() - 1]))
                }
                // MySQL prefix indexes: `KEY (name(10))` parse as a call.
                sql::Expr::Function(f)
                    if f.name.0.len() == 1
                        && self.dialect == Dialect::Mysql
                        && f.args
                            .to_string()
                            .trim_matches(['(', ')'])
                            .parse::<u32>()
                            .is_ok() =>
                {
                    names.push(self.object_name(&f.name))
                }
                other => {
                    if !warn {
                        return None;
                    }
                    self.warn(
                        format!("{table} (line {})", at.line),
                        format!("index on expression `{other}` is not modelled; its uniqueness is not enforced while generating"),
                    );
                    return None;
                }
            }
        }
        Some(names)
    }

    fn foreign_key(&self, fk: &sql::ForeignKeyConstraint) -> ForeignKey {
        let deferrable = match &fk.characteristics {
            Some(chars) => match (chars.deferrable, chars.initially) {
                (_, Some(sql::DeferrableInitial::Deferred)) => Deferrable::InitiallyDeferred,
                (Some(true), _) => Deferrable::InitiallyImmediate,
                _ => Deferrable::No,
            },
            None => Deferrable::No,
        };
        ForeignKey {
            name: fk.name.as_ref().map(|n| self.ident(n)),
            columns: fk.columns.iter().map(|c| self.ident(c)).collect(),
            ref_table: self.object_name(&fk.foreign_table),
            ref_columns: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
            on_delete: self.action(fk.on_delete),
            on_update: self.action(fk.on_update),
            deferrable,
        }
    }

    fn action(&self, action: Option<sql::ReferentialAction>) -> FkAction {
        fk_action(
            &action.map(|a| a.to_string()).unwrap_or_default(),
            self.dialect,
        )
    }

    fn check(&self, check: &sql::CheckConstraint) -> Check {
        Check {
            name: check.name.as_ref().map(|n| self.ident(n)),
            sql: check.expr.to_string(),
            expr: expr::from_sql(&check.expr, self.dialect),
        }
    }

    fn alter_table(
        &mut self,
        table_name: &str,
        operation: sql::AlterTableOperation,
        at: &ScriptStatement,
    ) {
        if let sql::AlterTableOperation::AttachPartitionOf {
            partition,
            for_values,
        } = &operation
        {
            // Rows go through the partitioned parent; its partitions are not tables of their own.
            let partition = self.object_name(partition);
            self.bounds
                .insert(partition.clone(), PartitionBound::from_sql(for_values));
            self.partitions.insert(partition, table_name.to_string());
            return;
        }
        let Some(mut table) = self.tables.remove(table_name) else {
            if let sql::AlterTableOperation::AddConstraint { .. } = operation {
                self.warn(
                    format!("line {}", at.line),
                    format!(
                        "ALTER TABLE on `{table_name}`, which the script never creates; skipped"
                    ),
                );
            }
            return;
        };
        match operation {
            sql::AlterTableOperation::AddConstraint { constraint, .. } => {
                self.add_constraint(&mut table, &constraint, at)
            }
            sql::AlterTableOperation::AddColumn { column_def, .. } => {
                self.add_column(&mut table, &column_def)
            }
            sql::AlterTableOperation::AlterColumn { column_name, op } => {
                let name = self.ident(&column_name);
                if let Some(column) = table.column_mut(&name) {
                    match op {
                        sql::AlterColumnOperation::SetNotNull => column.nullable = false,
                        sql::AlterColumnOperation::DropNotNull => column.nullable = true,
                        sql::AlterColumnOperation::SetDefault { value } if is_nextval(&value) => {
                            column.identity = Some(Identity::Serial)
                        }
                        sql::AlterColumnOperation::SetDefault { value } => {
                            column.default = Some(value.to_string())
                        }
                        sql::AlterColumnOperation::DropDefault => column.default = None,
                        sql::AlterColumnOperation::AddGenerated { generated_as, .. } => {
                            column.identity = Some(match generated_as {
                                Some(sql::GeneratedAs::Always) => Identity::Always,
                                _ => Identity::ByDefault,
                            });
                            column.nullable = false;
                        }
                        _ => {}
                    }
                }
            }
            sql::AlterTableOperation::DropColumn { column_names, .. } => {
                for name in column_names.iter().map(|c| self.ident(c)) {
                    drop_column(&mut table, &name);
                }
            }
            sql::AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (self.ident(&old_column_name), self.ident(&new_column_name));
                rename_column(&mut table, &old, &new);
            }
            _ => {}
        }
        self.tables.insert(table_name.to_string(), table);
    }

    fn unique_index(&mut self, index: sql::CreateIndex, at: &ScriptStatement) {
        let table_name = self.object_name(&index.table_name);
        // An index may mix columns and expressions (`(tenant_id, lower(email))`).
        let mut columns = Vec::new();
        let mut expressions = Vec::new();
        for part in &index.columns {
            match self.index_columns(std::slice::from_ref(part), &table_name, at, false) {
                Some(mut names) => columns.append(&mut names),
                None => expressions.push(expr::from_sql(&part.column.expr, self.dialect)),
            }
        }
        let predicate = index.predicate.as_ref().map(|p| Check {
            name: None,
            sql: p.to_string(),
            expr: expr::from_sql(p, self.dialect),
        });
        let name = index.name.as_ref().map(|n| self.object_name(n));
        match self.tables.get_mut(&table_name) {
            Some(table) => table.uniques.push(Unique {
                expressions,
                name,
                columns,
                predicate,
            }),
            None => self.warn(
                format!("line {}", at.line),
                format!("unique index on `{table_name}`, which the script never creates; skipped"),
            ),
        }
    }

    fn comment(
        &mut self,
        object: sql::CommentObject,
        name: &sql::ObjectName,
        comment: Option<String>,
    ) {
        let parts: Vec<String> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident())
            .map(|i| self.ident(i))
            .collect();
        match (object, parts.as_slice()) {
            (sql::CommentObject::Table, [.., table]) => {
                if let Some(t) = self.tables.get_mut(table) {
                    t.comment = comment;
                }
            }
            (sql::CommentObject::Column, [.., table, column]) => {
                if let Some(c) = self
                    .tables
                    .get_mut(table)
                    .and_then(|t| t.column_mut(column))
                {
                    c.comment = comment;
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Loaded {
        // A row must meet the foreign keys and CHECKs of the partition it lands in: the
        // root of the partition tree takes them on, records the bounds, and the partitions go.
        let partitions = &self.partitions;
        let root_of = |partition: &String| {
            let mut name = partition;
            while let Some(parent) = partitions.get(name) {
                name = parent;
            }
            name.clone()
        };
        let roots: Vec<(String, String)> =
            partitions.keys().map(|p| (p.clone(), root_of(p))).collect();
        let mut children: BTreeMap<String, Vec<(Partition, Option<Partitioning>)>> =
            BTreeMap::new();
        for (partition, root) in roots {
            let Some(child) = self.tables.remove(&partition) else {
                continue;
            };
            if let Some(root) = self.tables.get_mut(&root) {
                root.foreign_keys.extend(child.foreign_keys);
                root.checks.extend(child.checks);
            }
            if let Some(bound) = self.bounds.remove(&partition) {
                let parent = self.partitions[&partition].clone();
                children.entry(parent).or_default().push((
                    Partition {
                        name: partition.clone(),
                        bound,
                        sub: None,
                    },
                    child.partitioning,
                ));
            }
        }
        for table in self.tables.values_mut() {
            let name = table.name.clone();
            if let Some(partitioning) = &mut table.partitioning {
                attach_partitions(partitioning, &name, &mut children);
            }
        }
        let functions = std::mem::take(&mut self.functions);
        for text in std::mem::take(&mut self.triggers) {
            let body = |f: &str| functions.get(f).cloned();
            let Some((table, trigger)) = Trigger::parse_create(&text, self.dialect, &body) else {
                continue;
            };
            match self.tables.get_mut(&table) {
                Some(t) => t.triggers.push(trigger),
                None => self.warnings.push(Warning::new(
                    table.clone(),
                    format!(
                        "trigger `{}` is on `{table}`, which the script never creates; skipped",
                        trigger.name
                    ),
                )),
            }
        }
        let primary_keys: HashMap<String, Vec<String>> = self
            .tables
            .values()
            .filter_map(|t| Some((t.name.clone(), t.primary_key.as_ref()?.columns.clone())))
            .collect();
        for table in self.tables.values_mut() {
            for fk in &table.foreign_keys {
                if !primary_keys.contains_key(&fk.ref_table)
                    && !self.partitions.contains_key(&fk.ref_table)
                {
                    self.warnings.push(Warning::new(
                        table.name.clone(),
                        format!("foreign key ({}) references `{}`, which has no primary key or is not in the script", fk.columns.join(", "), fk.ref_table),
                    ));
                }
            }
            if self.dialect == Dialect::Sqlite {
                mark_sqlite_rowid_alias(table);
            }
        }
        let mut schema = Schema {
            dialect: self.dialect,
            tables: self.tables.into_values().collect(),
            enums: self.enums,
        };
        schema.normalize();
        Loaded {
            schema,
            warnings: self.warnings,
        }
    }
}

/// Hangs each partition (and its own sub-partitions) under the partitioning of `of`.
pub(crate) fn attach_partitions(
    partitioning: &mut Partitioning,
    of: &str,
    children: &mut BTreeMap<String, Vec<(Partition, Option<Partitioning>)>>,
) {
    for (mut partition, sub) in children.remove(of).unwrap_or_default() {
        if let Some(mut sub) = sub {
            attach_partitions(&mut sub, &partition.name.clone(), children);
            partition.sub = Some(Box::new(sub));
        }
        partitioning.partitions.push(partition);
    }
}

/// The `WHERE` predicate of one `CREATE INDEX` statement, if it has one and parses.
#[cfg(feature = "sqlite")]
pub(crate) fn index_predicate(create_index: &str, dialect: Dialect) -> Option<Check> {
    let parser_dialect = dialect.sql().parser();
    match Parser::parse_sql(parser_dialect.as_ref(), create_index)
        .ok()?
        .pop()?
    {
        Statement::CreateIndex(index) => index.predicate.map(|p| Check {
            name: None,
            sql: p.to_string(),
            expr: expr::from_sql(&p, dialect),
        }),
        _ => None,
    }
}

fn is_nextval(expr: &sql::Expr) -> bool {
    matches!(expr, sql::Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("nextval"))
}

/// Maps a referential action's SQL spelling to the model. MySQL treats `RESTRICT` and
/// `NO ACTION` alike (and reports unspecified actions as `RESTRICT`), so both are `NoAction`.
pub(crate) fn fk_action(text: &str, dialect: Dialect) -> FkAction {
    match text.to_ascii_uppercase().as_str() {
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        "RESTRICT" if dialect != Dialect::Mysql => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// In SQLite a single-column `INTEGER PRIMARY KEY` is an alias of the rowid: the database
/// assigns it like an auto-increment.
/// `ALTER TABLE .. DROP COLUMN`: the column goes, with the keys, UNIQUE constraints and CHECKs
/// over it (as the databases drop them).
fn drop_column(table: &mut Table, name: &str) {
    table.columns.retain(|c| c.name != name);
    table.checks.retain(|c| !c.expr.columns().contains(&name));
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| c == name))
    {
        table.primary_key = None;
    }
    table
        .foreign_keys
        .retain(|fk| !fk.columns.iter().any(|c| c == name));
    table
        .uniques
        .retain(|u| !u.columns.iter().any(|c| c == name));
}

/// `ALTER TABLE .. RENAME COLUMN`: the column and the keys that name it.
fn rename_column(table: &mut Table, old: &str, new: &str) {
    let rename = |c: &mut String| {
        if c == old {
            *c = new.to_string();
        }
    };
    if let Some(column) = table.column_mut(old) {
        column.name = new.to_string();
    }
    if let Some(pk) = &mut table.primary_key {
        pk.columns.iter_mut().for_each(rename);
    }
    for fk in &mut table.foreign_keys {
        fk.columns.iter_mut().for_each(rename);
    }
    for unique in &mut table.uniques {
        unique.columns.iter_mut().for_each(rename);
    }
}

pub(crate) fn mark_sqlite_rowid_alias(table: &mut Table) {
    let Some(pk) = &table.primary_key else { return };
    if let [column] = pk.columns.as_slice()
        && let Some(column) = table.columns.iter_mut().find(|c| &c.name == column)
        && column.ty
            == (SqlType::Int {
                bytes: 8,
                unsigned: false,
            })
        && column.identity.is_none()
    {
        column.identity = Some(Identity::AutoIncrement);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_keys_and_constraints() {
        let loaded = parse(
            "SET search_path = public;
             CREATE TYPE mood AS ENUM ('sad', 'ok');
             CREATE TABLE person (id serial PRIMARY KEY, name varchar(40) NOT NULL,
                 m mood, boss_id int REFERENCES person, CHECK (length(name) > 1));
             CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
             ALTER TABLE ONLY public.person ADD CONSTRAINT person_name_key UNIQUE (name);",
            Dialect::Postgres,
        )
        .unwrap();
        let person = loaded.schema.table("person").unwrap();
        assert_eq!(person.columns[0].identity, Some(Identity::Serial));
        assert_eq!(
            person.columns[2].ty,
            SqlType::Enum {
                name: "mood".into()
            }
        );
        assert_eq!(person.foreign_keys[0].ref_columns, ["id"]);
        assert_eq!(person.uniques[0].columns, ["name"]);
        assert_eq!(person.checks[0].expr.to_string(), "length(name) > 1");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn syntax_error_names_script_line_and_column() {
        let err = parse(
            "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,, x int);",
            Dialect::Postgres,
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("line 3, column 24:"), "{err}");
        assert!(err.contains("CREATE TABLE b"), "{err}");
    }

    #[test]
    fn unknown_type_is_other_with_a_warning() {
        let loaded = parse(
            "CREATE TABLE doc (body tsvector NOT NULL);",
            Dialect::Postgres,
        )
        .unwrap();
        let column = &loaded.schema.tables[0].columns[0];
        assert_eq!(
            column.ty,
            SqlType::Other {
                name: "tsvector".into()
            }
        );
        assert_eq!(loaded.warnings[0].location, "doc.body");
    }

    #[test]
    fn guessing_reads_statements_not_comments() {
        let pg = "-- the `order` table\nCREATE TABLE \"order\" (id serial PRIMARY KEY);";
        assert_eq!(guess_dialect(pg), Dialect::Postgres);
        let lite = "/* Chinook */ CREATE TABLE [Album] ([AlbumId] INTEGER NOT NULL);";
        assert_eq!(guess_dialect(lite), Dialect::Sqlite);
    }

    #[test]
    fn guesses_dialects() {
        assert_eq!(
            guess_dialect("CREATE TABLE `a` (id int) ENGINE=InnoDB;"),
            Dialect::Mysql
        );
        assert_eq!(
            guess_dialect("CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);"),
            Dialect::Sqlite
        );
        assert_eq!(
            guess_dialect("CREATE TABLE a (id serial);"),
            Dialect::Postgres
        );
    }
}
