//! The dialect-neutral schema model: tables, columns, keys, constraints and enum types.
//!
//! Every schema source (live PostgreSQL, MySQL/MariaDB and SQLite databases, DDL files) fills
//! this one model, and every later stage (plan, generate, sinks, validate) reads only it. The
//! model is plain data: it serializes with serde, its order is deterministic (tables and
//! constraints sorted by name, columns in declaration order), and [`Schema::hash`] is a
//! structural hash that is stable across platforms and releases.

pub(crate) mod expr;
mod hash;
mod partition;
pub mod snapshot;
mod types;

pub use expr::{BinaryOp, Expr, Literal, PatternSyntax, UnaryOp, canonical_sql, parse_expr};
pub use types::SqlType;

pub use crate::dialect::Dialect;

use serde::{Deserialize, Serialize};

/// A whole schema: the tables of one namespace and the enum types they use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// The dialect the schema was read from.
    pub dialect: Dialect,
    /// Tables sorted by name.
    pub tables: Vec<Table>,
    /// Enum types sorted by name: PostgreSQL `CREATE TYPE .. AS ENUM`, and for MySQL the inline
    /// `ENUM(..)` / `SET(..)` of each column, named `table.column`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Table name, unqualified when it lives in the introspected namespace.
    pub name: String,
    /// Columns in declaration order.
    pub columns: Vec<Column>,
    /// The primary key, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Foreign keys, sorted by their columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// UNIQUE constraints and unique indexes, sorted by their columns and predicate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// CHECK constraints (column-level and table-level, and those of domains used by columns),
    /// sorted by expression text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// The table comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The namespace (PostgreSQL schema) the table lives in, when it is not the default one;
    /// [`Table::name`] is then qualified (`sales.order`). See [`Table::local_name`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// How a partitioned table spreads its rows over its partitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Partitioning>,
    /// Triggers on the table, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
}

/// How a partitioned table spreads its rows: the strategy, the key and the partitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partitioning {
    /// RANGE, LIST or HASH.
    pub strategy: PartitionStrategy,
    /// The partition key: column names (an expression key keeps its SQL text).
    pub key: Vec<String>,
    /// The partitions, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<Partition>,
}

/// A partitioning strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionStrategy {
    /// `PARTITION BY RANGE`.
    Range,
    /// `PARTITION BY LIST`.
    List,
    /// `PARTITION BY HASH`.
    Hash,
}

/// One partition: its bound and, for a sub-partitioned partition, its own partitioning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partition {
    /// The partition's name (qualified like table names).
    pub name: String,
    /// The values it holds.
    pub bound: PartitionBound,
    /// Sub-partitions, when the partition is partitioned again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<Box<Partitioning>>,
}

/// The values a partition holds. Values are literal text without quotes or casts; `None` is
/// `MINVALUE`/`MAXVALUE` in a range and `NULL` in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartitionBound {
    /// `FOR VALUES FROM (..) TO (..)`: from inclusive, to exclusive.
    Range {
        /// Lower bound per key column.
        from: Vec<Option<String>>,
        /// Upper bound per key column.
        to: Vec<Option<String>>,
    },
    /// `FOR VALUES IN (..)`.
    List {
        /// The values.
        values: Vec<Option<String>>,
    },
    /// `FOR VALUES WITH (MODULUS m, REMAINDER r)`.
    Hash {
        /// The modulus.
        modulus: u64,
        /// The remainder.
        remainder: u64,
    },
    /// `DEFAULT`: every row no other partition takes.
    Default,
}

/// A trigger, with what sprout needs to know of it: when it fires and which tables its body
/// inserts into (a table filled that way is left to the trigger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// The trigger's name.
    pub name: String,
    /// `before`, `after` or `instead of`.
    pub timing: String,
    /// The events it fires on, lower case and sorted (`delete`, `insert`, `truncate`, `update`).
    pub events: Vec<String>,
    /// Tables the trigger's body inserts into (qualified like table names), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inserts_into: Vec<String>,
}

impl Trigger {
    /// A trigger named `name`, with its timing and events as SQL spells them, and the tables
    /// that `body` inserts into.
    pub fn new(name: impl Into<String>, timing: &str, events: &[&str], body: &str) -> Trigger {
        let mut events: Vec<String> = events
            .iter()
            .map(|e| e.trim().to_ascii_lowercase())
            .collect();
        events.sort();
        events.dedup();
        Trigger {
            name: name.into(),
            timing: timing
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase(),
            events,
            inserts_into: inserted_tables(body),
        }
    }

    /// Reads a `CREATE TRIGGER` statement (PostgreSQL, MySQL or SQLite): the table it is on
    /// (qualified unless `public`/`main`) and the trigger. For PostgreSQL, whose triggers call a
    /// function, `function_body` gives the text of the function it executes.
    pub fn parse_create(
        sql: &str,
        dialect: Dialect,
        function_body: &dyn Fn(&str) -> Option<String>,
    ) -> Option<(String, Trigger)> {
        let words: Vec<&str> = sql.split_whitespace().collect();
        let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase());
        let mut i = words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("trigger"))?
            + 1;
        if upper(i).as_deref() == Some("IF") {
            i += 3;
        }
        let name = identifier(words.get(i)?, dialect);
        i += 1;
        let timing = match upper(i).as_deref() {
            Some("BEFORE") => "before",
            Some("AFTER") => "after",
            Some("INSTEAD") => {
                i += 1;
                "instead of"
            }
            _ => {
                i -= 1;
                "before"
            }
        };
        i += 1;
        let mut events = Vec::new();
        while let Some(word) = upper(i) {
            match word.as_str() {
                "ON" => break,
                "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE" => events.push(word.to_lowercase()),
                _ => {}
            }
            i += 1;
        }
        let table = identifier(words.get(i + 1)?, dialect);
        let events: Vec<&str> = events.iter().map(String::as_str).collect();
        let rest = words[i + 2..].join(" ");
        let body = match rest.to_ascii_uppercase().find("EXECUTE ") {
            Some(at) if dialect == Dialect::Postgres => {
                let call = &rest[at..];
                let function = call
                    .split_whitespace()
                    .nth(2)
                    .and_then(|f| f.split('(').next())
                    .map(|f| identifier(f, dialect))
                    .unwrap_or_default();
                // Functions are known by their unqualified name.
                let function = function.rsplit('.').next().unwrap_or_default();
                function_body(function).unwrap_or_default()
            }
            _ => rest,
        };
        Some((table, Trigger::new(name, timing, &events, &body)))
    }

    /// True when the trigger fires on INSERT.
    pub fn on_insert(&self) -> bool {
        self.events.iter().any(|e| e == "insert")
    }
}

/// A possibly quoted, possibly qualified name as the model spells it: quotes gone, `public.`
/// and `main.` dropped, unquoted PostgreSQL names folded to lower case.
fn identifier(raw: &str, dialect: Dialect) -> String {
    let parts: Vec<String> = raw
        .trim_end_matches(';')
        .split('.')
        .map(|part| {
            let quoted = part.starts_with(['"', '`', '[']);
            let bare = part.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']');
            if dialect == Dialect::Postgres && !quoted {
                bare.to_lowercase()
            } else {
                bare.to_string()
            }
        })
        .collect();
    match parts.as_slice() {
        [ns, name] if ns == "public" || ns == "main" => name.clone(),
        [_, name] if dialect == Dialect::Mysql => name.clone(),
        _ => parts.join("."),
    }
}

/// The tables a trigger or function body inserts into: every `INSERT [IGNORE] INTO name`,
/// unquoted, and unqualified when qualified by `public`.
fn inserted_tables(body: &str) -> Vec<String> {
    let words: Vec<&str> = body
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !word.eq_ignore_ascii_case("insert") {
            continue;
        }
        let mut next = i + 1;
        while words.get(next).is_some_and(|w| {
            [
                "ignore",
                "low_priority",
                "delayed",
                "high_priority",
                "or",
                "replace",
                "abort",
                "rollback",
                "fail",
            ]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
        }) {
            next += 1;
        }
        if !words
            .get(next)
            .is_some_and(|w| w.eq_ignore_ascii_case("into"))
        {
            continue;
        }
        if let Some(target) = words.get(next + 1) {
            let parts: Vec<String> = target
                .split('.')
                .map(|p| {
                    p.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']')
                        .to_string()
                })
                .collect();
            let name = match parts.as_slice() {
                [ns, name] if ns == "public" || ns == "main" => name.clone(),
                _ => parts.join("."),
            };
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out.sort();
    out
}

/// One column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// The normalised SQL type.
    #[serde(rename = "type")]
    pub ty: SqlType,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// The default expression as SQL text, as the source spells it (sequence defaults of serial
    /// columns are folded into [`Identity::Serial`] instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Set when the database assigns the value (identity, serial, auto-increment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Set when the column is computed from others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// The column comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// How the database assigns a key value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`: explicit values need `OVERRIDING SYSTEM VALUE`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
    /// PostgreSQL `serial` / `DEFAULT nextval(..)`.
    Serial,
    /// MySQL `AUTO_INCREMENT`, SQLite `INTEGER PRIMARY KEY` (rowid alias) and `AUTOINCREMENT`.
    AutoIncrement,
}

/// A generated (computed) column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    /// The generation expression as SQL text.
    pub expr: String,
    /// `STORED` (true) or `VIRTUAL` (false).
    pub stored: bool,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// Constraint name where the source reports a meaningful one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key columns in key order.
    pub columns: Vec<String>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Constraint name where the source reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing columns, in key order.
    pub columns: Vec<String>,
    /// The referenced table.
    pub ref_table: String,
    /// The referenced columns, paired with `columns`.
    pub ref_columns: Vec<String>,
    /// `ON DELETE` action.
    #[serde(default)]
    pub on_delete: FkAction,
    /// `ON UPDATE` action.
    #[serde(default)]
    pub on_update: FkAction,
    /// Whether the check can be deferred to commit.
    #[serde(default)]
    pub deferrable: Deferrable,
}

/// A referential action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    /// `NO ACTION` (the default everywhere).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

/// Whether a constraint can be deferred.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `NOT DEFERRABLE` (the default).
    #[default]
    No,
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`.
    InitiallyDeferred,
}

/// A UNIQUE constraint or unique index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unique {
    /// Constraint or index name where the source reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The columns that are unique together.
    pub columns: Vec<String>,
    /// Expressions unique together with the columns, for an index on expressions
    /// (`CREATE UNIQUE INDEX .. ON account (lower(email))`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expressions: Vec<Expr>,
    /// For a partial unique index, the `WHERE` predicate: only rows matching it compete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<Check>,
}

/// A CHECK constraint: its SQL text and the parsed expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// Constraint name where the source reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The expression as SQL text, as the source spells it.
    pub sql: String,
    /// The parsed, normalised expression ([`Expr::Unsupported`] where sprout cannot read it).
    pub expr: Expr,
}

impl Check {
    /// This domain CHECK as a CHECK of `column`: `VALUE` becomes the column, in the expression
    /// and in the SQL text (which is then the canonical spelling of the expression).
    pub fn for_domain_column(mut self, column: &str) -> Check {
        self.expr.rename_column("value", column);
        if !self.expr.has_unsupported() {
            self.sql = self.expr.to_string();
        }
        self
    }

    /// Parses `sql` into a check; an expression sprout cannot read becomes [`Expr::Unsupported`].
    pub fn parse(name: Option<String>, sql: &str, dialect: Dialect) -> Check {
        let sql = sql.trim().to_string();
        let expr = parse_expr(&sql, dialect).unwrap_or_else(|_| Expr::Unsupported(sql.clone()));
        Check { name, sql, expr }
    }
}

/// An enum type and its labels, in declaration order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    /// Type name (`table.column` for MySQL inline enums).
    pub name: String,
    /// Labels in declaration order.
    pub labels: Vec<String>,
}

impl Schema {
    /// An empty schema of `dialect`.
    pub fn new(dialect: Dialect) -> Schema {
        Schema {
            dialect,
            tables: Vec::new(),
            enums: Vec::new(),
        }
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The enum type named `name`.
    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// Puts tables, constraints and enums in the model's canonical order. Every source calls
    /// this last, so two sources that read the same schema produce equal values.
    pub fn normalize(&mut self) {
        // `REFERENCES t` without columns (or SQLite's unnamed `to`) means t's primary key.
        let primary_keys: std::collections::HashMap<String, Vec<String>> = self
            .tables
            .iter()
            .filter_map(|t| Some((t.name.clone(), t.primary_key.as_ref()?.columns.clone())))
            .collect();
        for fk in self
            .tables
            .iter_mut()
            .flat_map(|t| t.foreign_keys.iter_mut())
        {
            if (fk.ref_columns.is_empty() || fk.ref_columns.iter().any(String::is_empty))
                && let Some(pk) = primary_keys.get(&fk.ref_table)
            {
                fk.ref_columns = pk.clone();
            }
        }
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        for table in &mut self.tables {
            table.normalize();
        }
    }

    /// A structural hash of the schema, stable across platforms and releases: the 64-bit
    /// XXH3 of its canonical JSON, as 16 hex digits.
    pub fn hash(&self) -> String {
        hash::structural_hash(self)
    }

    /// The schema as pretty JSON (the format of `sprout introspect`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the schema model always serializes")
    }

    /// Reads a schema from the JSON that [`Schema::to_json`] writes.
    pub fn from_json(json: &str) -> Result<Schema, serde_json::Error> {
        let mut schema: Schema = serde_json::from_str(json)?;
        schema.normalize();
        Ok(schema)
    }
}

impl Table {
    /// An empty table named `name`.
    pub fn new(name: impl Into<String>) -> Table {
        Table {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
            comment: None,
            namespace: None,
            partitioning: None,
            triggers: Vec::new(),
        }
    }

    /// The name without its namespace (`order` for `sales.order`).
    pub fn local_name(&self) -> &str {
        match &self.namespace {
            Some(ns) => self
                .name
                .strip_prefix(ns.as_str())
                .and_then(|rest| rest.strip_prefix('.'))
                .unwrap_or(&self.name),
            None => &self.name,
        }
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// True when every column of `fk` accepts NULL: the key may be left empty.
    pub fn fk_nullable(&self, fk: &ForeignKey) -> bool {
        fk.columns
            .iter()
            .all(|c| self.column(c).is_some_and(|c| c.nullable))
    }

    /// The column sets that must be distinct in every row: the primary key, then each UNIQUE
    /// that is not partial.
    pub fn full_keys(&self) -> Vec<&[String]> {
        self.primary_key
            .iter()
            .map(|pk| pk.columns.as_slice())
            .chain(
                self.uniques
                    .iter()
                    .filter(|u| u.predicate.is_none() && u.expressions.is_empty())
                    .map(|u| u.columns.as_slice()),
            )
            .collect()
    }

    /// The column named `name`, mutable.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    fn normalize(&mut self) {
        // A primary key never holds NULL, whatever the dialect lets a declaration say
        // (SQLite accepts NULL in a non-integer key unless NOT NULL is spelled out).
        if let Some(pk) = &self.primary_key {
            for column in &mut self.columns {
                if pk.columns.contains(&column.name) {
                    column.nullable = false;
                }
            }
        }
        self.foreign_keys.sort_by(|a, b| {
            (&a.columns, &a.ref_table, &a.ref_columns).cmp(&(
                &b.columns,
                &b.ref_table,
                &b.ref_columns,
            ))
        });
        self.foreign_keys.dedup_by(|a, b| {
            a.columns == b.columns && a.ref_table == b.ref_table && a.ref_columns == b.ref_columns
        });
        self.uniques.sort_by_cached_key(|u| {
            let expressions: Vec<String> = u.expressions.iter().map(Expr::to_string).collect();
            let predicate = u.predicate.as_ref().map(|p| p.expr.to_string());
            (u.columns.clone(), expressions, predicate)
        });
        self.uniques.dedup_by(|a, b| {
            a.columns == b.columns && a.expressions == b.expressions && a.predicate == b.predicate
        });
        // A unique constraint on exactly the primary key adds nothing.
        if let Some(pk) = &self.primary_key {
            self.uniques.retain(|u| {
                u.predicate.is_some() || !u.expressions.is_empty() || u.columns != pk.columns
            });
        }
        self.checks.sort_by_cached_key(|c| c.expr.to_string());
        self.checks.dedup_by(|a, b| a.expr == b.expr);
        self.triggers.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(partitioning) = &mut self.partitioning {
            partitioning.normalize();
        }
    }
}

impl Column {
    /// A nullable column of type `ty` with nothing else set.
    pub fn new(name: impl Into<String>, ty: SqlType) -> Column {
        Column {
            name: name.into(),
            ty,
            nullable: true,
            default: None,
            identity: None,
            generated: None,
            comment: None,
        }
    }
}
