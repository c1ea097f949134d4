//! The plan: the schema, how many rows each table gets, the seed, the Spec, and the insertion
//! order, checked up front so that impossible requests fail before any row is made.

pub mod draw;
pub mod graph;
mod locale;
pub mod spec;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::schema::{Schema, SqlType, Table};
use crate::value::rng::Cell;
use graph::{BreakKind, InsertOrder};
pub use locale::Locale;
use spec::{ColumnBounds, Generator, Spec};

/// What the user asks for.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The global seed: same seed, same rows.
    pub seed: u64,
    /// Rows per table unless `table_rows` says otherwise.
    pub rows: u64,
    /// Rows for particular tables.
    pub table_rows: BTreeMap<String, u64>,
    /// Share of NULLs in nullable columns (0.0 to 1.0).
    pub null_rate: f64,
    /// The Spec; inferred from the schema when `None`.
    pub spec: Option<Spec>,
    /// The language of realistic values.
    pub locale: Locale,
    /// Tables whose row count follows a parent: `table -> (parent table, children per parent)`.
    /// Each parent row gets a number of children drawn from the range (e.g. 0..=5 orders per
    /// user), and the child's foreign key to that parent points at it.
    pub children: BTreeMap<String, (String, std::ops::RangeInclusive<u64>)>,
    /// The deepest a self-referencing tree may grow (roots are depth 0); `None` for no limit.
    pub max_depth: Option<u32>,
    /// Break cycles that have no nullable and no DEFERRABLE key too, for a writer that can
    /// suspend foreign-key checks (live seeding).
    pub suspend_fk_checks: bool,
    /// What to do with the database's triggers.
    pub triggers: Triggers,
    /// Threads that draw rows (0: one per core). The rows are the same for any number.
    pub threads: usize,
}

/// What seeding does with the database's triggers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Triggers {
    /// Let them fire (the default): a table that a trigger fills from another table's inserts
    /// gets no rows of its own, and the report says which trigger fills it.
    #[default]
    Keep,
    /// Turn user triggers off for the seed (PostgreSQL, inside the transaction) and generate
    /// every table; refused where the server cannot do it, naming the triggers.
    Disable,
}

impl std::str::FromStr for Triggers {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "keep" => Ok(Triggers::Keep),
            "disable" => Ok(Triggers::Disable),
            other => Err(format!("unknown --triggers `{other}`: use keep or disable")),
        }
    }
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            seed: 0,
            rows: 100,
            table_rows: BTreeMap::new(),
            null_rate: 0.1,
            spec: None,
            locale: Locale::En,
            children: BTreeMap::new(),
            max_depth: None,
            suspend_fk_checks: false,
            triggers: Triggers::Keep,
            threads: 0,
        }
    }
}

/// A CHECK that sprout can evaluate only partly: rows are still checked where possible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnsolvedCheck {
    /// The table.
    pub table: String,
    /// The CHECK's SQL text.
    pub sql: String,
}

/// Everything generation needs, resolved and checked.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The schema.
    pub schema: Schema,
    /// Insertion order and broken cycles.
    pub order: InsertOrder,
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
    /// The seed.
    pub seed: u64,
    /// Default share of NULLs.
    pub null_rate: f64,
    /// Generators per column.
    pub spec: Spec,
    /// CHECKs with parts sprout cannot evaluate.
    pub unsolved: Vec<UnsolvedCheck>,
    /// The language of realistic values.
    pub locale: Locale,
    /// For tables sized by a parent: (parent table, parent row of each child row).
    pub children: BTreeMap<String, (String, Vec<u64>)>,
    /// The deepest a self-referencing tree may grow.
    pub max_depth: Option<u32>,
    /// Rows already in the database, per table (seeding with `append` or a subset of tables).
    pub existing: BTreeMap<String, Existing>,
    /// Only these tables get rows (all when `None`); the others are referenced through
    /// `existing`.
    pub targets: Option<std::collections::BTreeSet<String>>,
    /// Tables left to the triggers that fill them (table -> which trigger, on which table):
    /// they get no rows of their own.
    pub left_to_triggers: BTreeMap<String, String>,
    /// What seeding does with triggers.
    pub triggers: Triggers,
    /// Threads that draw rows (at least 1); the rows do not depend on it.
    pub threads: usize,
    /// What the plan changed from the request, for the user to read (a table given fewer rows
    /// than `--rows N` because its key type holds fewer).
    pub notes: Vec<String>,
}

/// What a table already holds, as far as generation needs it: the columns children reference,
/// the next value of each sequence column, and the keys its UNIQUE constraints have taken.
/// Values are the database's text for them.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// The referenced columns.
    pub columns: Vec<String>,
    /// Their values, one tuple per existing row.
    pub rows: Vec<Vec<crate::value::Value>>,
    /// Column -> the first value a new row may take.
    pub next_sequence: BTreeMap<String, i64>,
    /// Column lists of UNIQUE / PRIMARY KEY constraints (whether partial), and the keys
    /// already taken (for a partial index: by rows matching its predicate).
    pub taken: Vec<Taken>,
}

/// The keys existing rows hold in one UNIQUE or PRIMARY KEY constraint.
#[derive(Debug, Clone, Default)]
pub struct Taken {
    /// The constraint's columns.
    pub columns: Vec<String>,
    /// Whether it is a partial index.
    pub partial: bool,
    /// The keys, as their values print.
    pub keys: Vec<Vec<String>>,
}

impl Plan {
    /// True when `table` gets new rows.
    pub fn is_target(&self, table: &str) -> bool {
        self.targets.as_ref().is_none_or(|t| t.contains(table))
    }

    /// Resolves `options` against `schema`; fails with a clear error when no rows could
    /// satisfy the schema as asked.
    pub fn new(schema: Schema, options: PlanOptions) -> Result<Plan> {
        for table in options.table_rows.keys() {
            if schema.table(table).is_none() {
                return Err(Error::Unsatisfiable(format!(
                    "rows asked for table `{table}`, which is not in the schema"
                )));
            }
        }
        check_references(&schema)?;
        let order = graph::insert_order_with(&schema, options.suspend_fk_checks)?;
        let spec = options.spec.clone().unwrap_or_else(|| Spec::infer(&schema));
        let mut rows: BTreeMap<String, u64> = schema
            .tables
            .iter()
            .map(|t| {
                let n = options
                    .table_rows
                    .get(&t.name)
                    .copied()
                    .unwrap_or(options.rows);
                (t.name.clone(), n)
            })
            .collect();
        let children = children_per_parent(&schema, &options, &mut rows)?;
        let left_to_triggers = match options.triggers {
            Triggers::Keep => filled_by_triggers(&schema),
            Triggers::Disable => BTreeMap::new(),
        };
        for table in left_to_triggers.keys() {
            rows.insert(table.clone(), 0);
        }
        // `--rows N` for every table stops at what a small integer key can number (Sakila's
        // `category_id tinyint unsigned` holds 255 rows); a count asked for the table itself
        // is checked below and refused with the fix instead.
        let mut notes = Vec::new();
        for table in &schema.tables {
            if options.table_rows.contains_key(&table.name)
                || options.children.contains_key(&table.name)
            {
                continue;
            }
            if let Some((column, capacity)) = sequence_capacity(table, &spec)
                && capacity < rows[&table.name]
            {
                rows.insert(table.name.clone(), capacity);
                notes.push(format!(
                    "{}: {capacity} rows, the most its key `{column}` can number (--rows {}=N to ask for a count yourself)",
                    table.name, table.name
                ));
            }
        }
        let mut unsolved = Vec::new();
        for table in &schema.tables {
            let n = rows[&table.name];
            check_table(&schema, table, n, &rows, &spec)?;
            for check in &table.checks {
                if check.expr.has_unsupported() {
                    unsolved.push(UnsolvedCheck {
                        table: table.name.clone(),
                        sql: check.sql.clone(),
                    });
                }
            }
        }
        for edge in &order.broken {
            if matches!(edge.kind, BreakKind::Deferred | BreakKind::Suspended) {
                let table = schema.table(&edge.table).expect("broken edges name tables");
                let key = &table.foreign_keys[edge.fk];
                let sequence = key.ref_columns.len() == 1
                    && matches!(
                        spec.column(&key.ref_table, &key.ref_columns[0])
                            .map(|c| &c.generator),
                        Some(Generator::Sequence { .. })
                    );
                if !sequence {
                    return Err(Error::Unsatisfiable(format!(
                        "{}({}) -> {}: the cycle is broken at this foreign key without NULL, which sprout supports only when it references a single integer key filled in sequence\n  fix: make {}.{} nullable",
                        edge.table,
                        edge.columns.join(", "),
                        edge.ref_table,
                        edge.table,
                        edge.columns.join(", ")
                    )));
                }
            }
        }
        Ok(Plan {
            schema,
            order,
            rows,
            seed: options.seed,
            null_rate: options.null_rate,
            spec,
            unsolved,
            locale: options.locale,
            children,
            max_depth: options.max_depth,
            existing: BTreeMap::new(),
            targets: None,
            left_to_triggers,
            triggers: options.triggers,
            threads: match options.threads {
                0 => std::thread::available_parallelism().map_or(1, usize::from),
                n => n,
            },
            notes,
        })
    }

    /// The rows planned for `table`.
    pub fn rows_of(&self, table: &str) -> u64 {
        self.rows.get(table).copied().unwrap_or(0)
    }
}

/// Fails, naming the table, the constraint and the fix, when a key or constraint names a
/// column that does not exist, or a table declares a column twice: sources accept such
/// schemas (SQLite and MySQL do), generation cannot.
fn check_references(schema: &Schema) -> Result<()> {
    for table in &schema.tables {
        let mut seen = std::collections::HashSet::new();
        for column in &table.columns {
            if !seen.insert(column.name.as_str()) {
                return Err(Error::Schema(format!(
                    "{}: column `{}` is declared twice\n  fix: rename or remove one of them",
                    table.name, column.name
                )));
            }
        }
        let missing = |what: &str, columns: &[String]| -> Result<()> {
            match columns.iter().find(|c| table.column(c).is_none()) {
                Some(c) => Err(Error::Schema(format!(
                    "{}: {what} names column `{c}`, which the table does not have\n  fix: correct the constraint, or add the column",
                    table.name
                ))),
                None => Ok(()),
            }
        };
        if let Some(pk) = &table.primary_key {
            missing(
                &format!("PRIMARY KEY ({})", pk.columns.join(", ")),
                &pk.columns,
            )?;
        }
        for unique in &table.uniques {
            missing(
                &format!("UNIQUE ({})", unique.columns.join(", ")),
                &unique.columns,
            )?;
        }
        for check in &table.checks {
            let columns: Vec<String> = check.expr.columns().into_iter().map(String::from).collect();
            missing(&format!("CHECK ({})", check.sql), &columns)?;
        }
        for fk in &table.foreign_keys {
            let key = format!(
                "FOREIGN KEY ({}) REFERENCES {} ({})",
                fk.columns.join(", "),
                fk.ref_table,
                fk.ref_columns.join(", ")
            );
            missing(&key, &fk.columns)?;
            let Some(parent) = schema.table(&fk.ref_table) else {
                continue;
            };
            if fk.columns.len() != fk.ref_columns.len() {
                return Err(Error::Schema(format!(
                    "{}: {key} pairs {} columns with {}\n  fix: name as many referenced columns as referencing ones",
                    table.name,
                    fk.columns.len(),
                    fk.ref_columns.len()
                )));
            }
            if let Some(c) = fk.ref_columns.iter().find(|c| parent.column(c).is_none()) {
                return Err(Error::Schema(format!(
                    "{}: {key} references column `{c}`, which `{}` does not have\n  fix: reference an existing column of {}",
                    table.name, parent.name, parent.name
                )));
            }
        }
    }
    Ok(())
}

/// Tables that a trigger fills when another table gets rows (Sakila's `ins_film` copies every
/// film into `film_text`), and that no NOT NULL foreign key needs rows from: table -> the
/// trigger's description.
fn filled_by_triggers(schema: &Schema) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for table in &schema.tables {
        for trigger in table.triggers.iter().filter(|t| t.on_insert()) {
            for target in &trigger.inserts_into {
                let needed = schema.tables.iter().any(|t| {
                    t.foreign_keys
                        .iter()
                        .any(|fk| &fk.ref_table == target && !t.fk_nullable(fk))
                });
                if target != &table.name && schema.table(target).is_some() && !needed {
                    out.entry(target.clone()).or_insert_with(|| {
                        format!("trigger `{}` on `{}`", trigger.name, table.name)
                    });
                }
            }
        }
    }
    out
}

/// Draws, per parent row, how many children each sized table gets, and sets those tables' row
/// counts to the sums. Parents are sized first, so a chain (user -> order -> line) composes.
fn children_per_parent(
    schema: &Schema,
    options: &PlanOptions,
    rows: &mut BTreeMap<String, u64>,
) -> Result<BTreeMap<String, (String, Vec<u64>)>> {
    let mut out = BTreeMap::new();
    let order = graph::insert_order_with(schema, options.suspend_fk_checks)?;
    for table in &order.tables {
        let Some((parent, range)) = options.children.get(table) else {
            continue;
        };
        let model = schema.table(table).expect("ordered tables exist");
        if !model
            .foreign_keys
            .iter()
            .any(|fk| &fk.ref_table == parent && &fk.ref_table != table)
        {
            return Err(Error::Unsatisfiable(format!(
                "children of `{table}` per `{parent}` asked, but {table} has no foreign key to {parent}\n  fix: name a table that {table} references"
            )));
        }
        let parents = rows.get(parent).copied().unwrap_or(0);
        let mut owners = Vec::new();
        for p in 0..parents {
            let mut rng = Cell {
                seed: options.seed,
                table,
                column: "#children",
                row: p,
                attempt: 0,
            }
            .rng();
            let k = rng.range_i64(*range.start() as i64, *range.end() as i64) as u64;
            owners.extend(std::iter::repeat_n(p, k as usize));
        }
        rows.insert(table.clone(), owners.len() as u64);
        out.insert(table.clone(), (parent.clone(), owners));
    }
    Ok(out)
}

/// Fails when `n` rows of `table` cannot meet its constraints.
fn check_table(
    schema: &Schema,
    table: &Table,
    n: u64,
    rows: &BTreeMap<String, u64>,
    spec: &Spec,
) -> Result<()> {
    for column in &table.columns {
        let left_to_database = matches!(
            spec.column(&table.name, &column.name).map(|c| &c.generator),
            Some(Generator::DatabaseDefault)
        );
        if left_to_database
            && n > 0
            && !column.nullable
            && column.default.is_none()
            && column.generated.is_none()
            && column.identity.is_none()
        {
            let (kind, example) = match &column.ty {
                SqlType::Other { name } if crate::value::named_types::is_spatial(name) => {
                    ("a spatial type, which sprout does not draw", "POINT(0 0)")
                }
                _ => ("a type sprout cannot generate", "a value the type accepts"),
            };
            let type_name = match &column.ty {
                SqlType::Other { name } => name.clone(),
                other => format!("{other:?}"),
            };
            return Err(Error::Unsatisfiable(format!(
                "{}.{}: `{type_name}` is {kind}, and the column is NOT NULL without a default\n  fix: give it a generator in a Spec file (--spec): [\"{}\".{}] kind = \"constant\" value = \"{example}\", or a DEFAULT in the schema",
                table.name, column.name, table.name, column.name
            )));
        }
        let bounds = ColumnBounds::from_checks(table, &column.name);
        if bounds.empty {
            let checks: Vec<&str> = table
                .checks
                .iter()
                .filter(|c| c.expr.columns().contains(&column.name.as_str()))
                .map(|c| c.sql.as_str())
                .collect();
            return Err(Error::Unsatisfiable(format!(
                "{}.{}: no value satisfies CHECK ({})\n  fix: correct the CHECK constraint",
                table.name,
                column.name,
                checks.join(") AND (")
            )));
        }
    }
    for fk in &table.foreign_keys {
        let external = schema.table(&fk.ref_table).is_none();
        let nullable = table.fk_nullable(fk);
        if external && !nullable && n > 0 {
            return Err(Error::Unsatisfiable(format!(
                "{}({}) references `{}`, which is not in the schema being generated\n  fix: include that table, or make the columns nullable",
                table.name,
                fk.columns.join(", "),
                fk.ref_table
            )));
        }
        if !external && rows[&fk.ref_table] == 0 && !nullable && n > 0 && fk.ref_table != table.name
        {
            return Err(Error::Unsatisfiable(format!(
                "{}({}) needs rows in `{}`, which gets 0 rows\n  fix: give {} at least one row",
                table.name,
                fk.columns.join(", "),
                fk.ref_table,
                fk.ref_table
            )));
        }
    }
    let mut keys: Vec<(&str, &[String])> = table
        .uniques
        .iter()
        .filter(|u| u.predicate.is_none() && u.expressions.is_empty())
        .map(|u| ("UNIQUE", u.columns.as_slice()))
        .collect();
    if let Some(pk) = &table.primary_key {
        keys.push(("PRIMARY KEY", pk.columns.as_slice()));
    }
    for (kind, columns) in keys {
        let capacity = key_capacity(schema, table, columns, rows, spec);
        if let Some(capacity) = capacity.filter(|&c| (c as u128) < n as u128) {
            return Err(Error::Unsatisfiable(format!(
                "{}: {kind} ({}) can take at most {capacity} distinct values, but {n} rows were asked\n  fix: ask for at most {capacity} rows of {} (--rows {}={capacity})",
                table.name,
                columns.join(", "),
                table.name,
                table.name
            )));
        }
    }
    Ok(())
}

/// The sole integer key filled in sequence, and how many rows its type can number.
fn sequence_capacity<'t>(table: &'t Table, spec: &Spec) -> Option<(&'t str, u64)> {
    let pk = table.primary_key.as_ref()?;
    let [column] = pk.columns.as_slice() else {
        return None;
    };
    let column = table.column(column)?;
    let Generator::Sequence { start } = spec.column(&table.name, &column.name)?.generator else {
        return None;
    };
    let SqlType::Int { bytes, unsigned } = column.ty else {
        return None;
    };
    if bytes > 4 {
        return None;
    }
    let bits = u32::from(bytes) * 8 - u32::from(!unsigned);
    let max = (1u64 << bits) - 1;
    Some((column.name.as_str(), (max as i64 - start + 1).max(0) as u64))
}

/// How many distinct tuples `columns` can take, where sprout can tell.
fn key_capacity(
    schema: &Schema,
    table: &Table,
    columns: &[String],
    rows: &BTreeMap<String, u64>,
    spec: &Spec,
) -> Option<u64> {
    let mut total: u128 = 1;
    let mut covered: Vec<&String> = Vec::new();
    for fk in &table.foreign_keys {
        if fk.columns.iter().all(|c| columns.contains(c)) && fk.ref_table != table.name {
            let parent_rows = *rows.get(&fk.ref_table)?;
            total = total.saturating_mul(parent_rows as u128);
            covered.extend(fk.columns.iter());
        }
    }
    for name in columns {
        if covered.contains(&name) {
            continue;
        }
        let column = table.column(name)?;
        let generator = &spec.column(&table.name, name)?.generator;
        let distinct: u128 = match (generator, &column.ty) {
            (Generator::Sequence { .. }, _) if columns.len() == 1 => {
                sequence_capacity(table, spec)?.1 as u128
            }
            (Generator::Sequence { .. } | Generator::Uuid, _) => return None,
            (_, SqlType::Bool) | (Generator::Bool { .. }, _) => 2,
            (Generator::Choice { values }, _) => values.len() as u128,
            (Generator::Enum, SqlType::Enum { name }) => {
                schema.enum_type(name)?.labels.len() as u128
            }
            (Generator::Int { min, max }, _) => (*max as i128 - *min as i128 + 1).max(0) as u128,
            (Generator::Constant { .. }, _) => 1,
            _ => return None,
        };
        total = total.saturating_mul(distinct);
    }
    Some(total.min(u64::MAX as u128) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;
    use crate::source::ddl;

    fn plan(sql: &str, rows: u64) -> Result<Plan> {
        let schema = ddl::parse(sql, Dialect::Postgres).unwrap().schema;
        Plan::new(
            schema,
            PlanOptions {
                rows,
                ..PlanOptions::default()
            },
        )
    }

    #[test]
    fn references_to_missing_columns_are_errors_not_panics() {
        for (sql, expected) in [
            (
                "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a (nope));",
                "b: FOREIGN KEY (a_id) REFERENCES a (nope) references column `nope`, which `a` does not have",
            ),
            (
                "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (x int, FOREIGN KEY (gone) REFERENCES a (id));",
                "b: FOREIGN KEY (gone) REFERENCES a (id) names column `gone`, which the table does not have",
            ),
            (
                "CREATE TABLE t (x int, x int);",
                "t: column `x` is declared twice",
            ),
            (
                "CREATE TABLE t (x int, UNIQUE (y));",
                "t: UNIQUE (y) names column `y`, which the table does not have",
            ),
            (
                "CREATE TABLE t (x int CHECK (y > 0));",
                "t: CHECK (y > 0) names column `y`, which the table does not have",
            ),
        ] {
            let err = plan(sql, 3).unwrap_err().to_string();
            assert!(err.contains(expected), "{sql}\n{err}");
            assert!(err.contains("fix:"), "{err}");
        }
    }

    #[test]
    fn impossible_requests_fail_with_the_fix() {
        let err = plan("CREATE TABLE flag (on_off boolean NOT NULL UNIQUE);", 10)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("flag: UNIQUE (on_off) can take at most 2 distinct values, but 10 rows"),
            "{err}"
        );
        assert!(err.contains("--rows flag=2"), "{err}");
        let err = plan("CREATE TABLE t (x int CHECK (x > 5 AND x < 3));", 10)
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.x: no value satisfies CHECK"), "{err}");
        let err = plan(
            "CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b);
             CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a);",
            10,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("a(b_id) -> b") && err.contains("b(a_id) -> a"),
            "{err}"
        );
    }

    #[test]
    fn junction_capacity_is_the_product_of_its_parents() {
        let sql = "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);
                   CREATE TABLE ab (a_id int REFERENCES a, b_id int REFERENCES b, PRIMARY KEY (a_id, b_id));";
        assert!(plan(sql, 3).is_ok(), "3 rows of ab fit in 3 x 3 pairs");
        let schema = ddl::parse(sql, Dialect::Postgres).unwrap().schema;
        let options = PlanOptions {
            rows: 3,
            table_rows: [("ab".to_string(), 10)].into(),
            ..PlanOptions::default()
        };
        let err = Plan::new(schema, options).unwrap_err().to_string();
        assert!(
            err.contains("PRIMARY KEY (a_id, b_id) can take at most 9"),
            "{err}"
        );
    }
}
