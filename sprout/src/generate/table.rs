//! Rows of one table: foreign keys picked from the parents' key pools, values from the Spec,
//! column-to-column CHECKs repaired, every CHECK and UNIQUE met, redrawn deterministically.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::Duration;

use super::eval::{check_passes, predicate_holds};
use super::values::{format_units, make};
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::plan::graph::BreakKind;
use crate::plan::spec::{Generator, conjuncts, flip};
use crate::schema::{BinaryOp, Check, Expr, ForeignKey, SqlType, Table};
use crate::value::Value;
use crate::value::rng::{Cell, ColumnKey};

/// What to do when no redraw of a row met `failure`: a CHECK no row meets is likely impossible,
/// one that later rows miss wants a generator that meets it; a UNIQUE ran out of values.
fn redraw_fix(failure: &str, row: u64, table: &str) -> String {
    if failure.starts_with("CHECK") && row == 0 {
        "not one row met it, so the CHECK may be impossible (`a > b AND b > a`, `n % 7 = 3 AND n % 7 = 4`): check that some row can satisfy it, or give its columns a Spec generator whose values do".to_string()
    } else if failure.starts_with("CHECK") {
        "give the CHECK's columns a Spec generator whose values meet it (`sprout spec` lists them)"
            .to_string()
    } else {
        format!("widen the column's generator in the Spec, or ask for fewer rows of {table}")
    }
}

/// How many times a row is redrawn before sprout gives up on it.
const MAX_ATTEMPTS: u32 = 200;

/// The keys of a generated table that children reference: one tuple per row.
#[derive(Debug, Default, Clone)]
pub struct KeyPool {
    /// The referenced columns.
    pub columns: Vec<String>,
    /// The rows' tuples, one after another (`columns.len()` cells each), in row order: one
    /// allocation for the pool, not one per row.
    cells: Cells,
    /// How many rows.
    len: usize,
    /// For self-referencing tables: each row's depth in its tree (roots are 0).
    pub depths: Vec<u32>,
}

/// A pool's cells: integer keys (the usual case) packed at 8 bytes each, so that children
/// picking parents at random read a compact array instead of missing the cache on 72-byte
/// values; anything else as values.
#[derive(Debug, Clone)]
enum Cells {
    Ints(Vec<i64>),
    Values(Vec<Value>),
}

impl Default for Cells {
    fn default() -> Cells {
        Cells::Ints(Vec::new())
    }
}

impl Cells {
    /// The cells as values, converting packed integers the first time a non-integer arrives.
    fn values(&mut self) -> &mut Vec<Value> {
        if let Cells::Ints(ints) = self {
            *self = Cells::Values(ints.iter().map(|&i| Value::Int(i)).collect());
        }
        match self {
            Cells::Values(values) => values,
            Cells::Ints(_) => unreachable!("converted above"),
        }
    }

    fn len(&self) -> usize {
        match self {
            Cells::Ints(ints) => ints.len(),
            Cells::Values(values) => values.len(),
        }
    }
}

impl KeyPool {
    /// A pool of `columns` holding `rows`.
    pub fn new(columns: Vec<String>, rows: Vec<Vec<Value>>) -> KeyPool {
        let mut pool = KeyPool {
            columns,
            ..KeyPool::default()
        };
        for row in rows {
            pool.push(row);
        }
        pool
    }

    /// Room for `rows` more rows, allocated once: growing by doubling would hold up to twice
    /// the keys.
    fn reserve_exact(&mut self, rows: usize) {
        let cells = rows * self.columns.len();
        match &mut self.cells {
            Cells::Ints(ints) => ints.reserve_exact(cells),
            Cells::Values(values) => values.reserve_exact(cells),
        }
    }

    /// Appends a row's tuple (its values for [`KeyPool::columns`], in that order).
    pub fn push(&mut self, tuple: impl IntoIterator<Item = Value>) {
        for value in tuple {
            match (&mut self.cells, value) {
                (Cells::Ints(ints), Value::Int(i)) => ints.push(i),
                (cells, value) => cells.values().push(value),
            }
        }
        self.len += 1;
        debug_assert_eq!(self.cells.len(), self.len * self.columns.len());
    }

    /// How many rows the pool holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the pool holds no row.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The cell of row `row` at position `column` of [`KeyPool::columns`].
    pub fn value(&self, row: usize, column: usize) -> Option<Value> {
        let width = self.columns.len();
        if row >= self.len || column >= width {
            return None;
        }
        let at = row * width + column;
        Some(match &self.cells {
            Cells::Ints(ints) => Value::Int(ints[at]),
            Cells::Values(values) => values[at].clone(),
        })
    }

    fn tuple(&self, row: usize, columns: &[String]) -> Option<Vec<Value>> {
        columns
            .iter()
            .map(|c| self.value(row, self.columns.iter().position(|k| k == c)?))
            .collect()
    }
}

/// How one foreign key of the table is filled.
enum Pick {
    /// Uniform choice from the parent's rows.
    Random,
    /// A permutation of the parent's rows (the key is also UNIQUE: one child per parent).
    Permutation(Vec<u64>),
    /// Distinct pairs of two foreign keys (a junction table's key): (first index, second index).
    Pair {
        first: bool,
        pairs: std::sync::Arc<Vec<(u64, u64)>>,
    },
    /// The parent each row belongs to, drawn per parent (children per parent).
    Owned(Vec<u64>),
    /// Earlier rows of the same table.
    SelfReference,
    /// Filled after every table exists (a broken cycle).
    Later,
    /// Parent keys known in advance: a single sequence key, inserted with constraints deferred.
    Predicted { start: i64 },
    /// The parent is outside the schema: NULL.
    External,
}

/// A primary key or UNIQUE constraint and the keys taken so far.
struct UniqueSet<'a> {
    columns: Vec<usize>,
    /// Expressions of an index on expressions (`lower(email)`), part of the key.
    expressions: &'a [Expr],
    /// The columns a late redraw may make distinct: the key's, and those its expressions read.
    distinct_columns: Vec<usize>,
    predicate: Option<&'a Expr>,
    /// Hashes of the keys taken: 8 bytes a row, however long the text. Two keys that share a
    /// hash (about one pair in 10^19) cost a redraw, never a duplicate.
    /// Keys taken, as XXH3-64 hashes (already spread: FxHash is enough).
    seen: FxHashSet<u64>,
}

/// The 64-bit hash of a key's parts, each length-prefixed so `("ab", "c")` and `("a", "bc")`
/// differ.
fn key_hash<'s>(parts: impl IntoIterator<Item = &'s str>) -> u64 {
    let mut key = KeyHasher::default();
    for part in parts {
        key.text_part(part);
    }
    key.finish()
}

/// A UNIQUE key's hash, fed part by part (each part length-prefixed, so `("ab", "c")` and
/// `("a", "bc")` differ); values' text goes through one reused buffer, no `String` per part.
#[derive(Default)]
struct KeyHasher {
    hasher: xxhash_rust::xxh3::Xxh3,
    text: String,
}

impl KeyHasher {
    fn text_part(&mut self, part: &str) {
        self.hasher.update(&(part.len() as u64).to_le_bytes());
        self.hasher.update(part.as_bytes());
    }

    fn part(&mut self, value: &Value) {
        use std::fmt::Write;
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        let _ = write!(text, "{value}");
        self.text_part(&text);
        self.text = text;
    }

    fn finish(&self) -> u64 {
        self.hasher.digest()
    }
}

impl UniqueSet<'_> {
    /// The row's key, or `None` when the row does not compete (a NULL in the key, or a
    /// partial index's predicate that does not hold).
    fn key(&self, values: &[Value], lookup: &super::eval::Lookup<'_>) -> Option<u64> {
        if self.columns.iter().any(|&i| values[i].is_null()) {
            return None;
        }
        if let Some(predicate) = self.predicate
            && !predicate_holds(predicate, lookup)
        {
            return None;
        }
        let mut key = KeyHasher::default();
        for &i in &self.columns {
            key.part(&values[i]);
        }
        for expression in self.expressions {
            match &*super::eval::eval(expression, lookup) {
                // A NULL in the key never collides.
                Value::Null => return None,
                value => key.part(value),
            }
        }
        Some(key.finish())
    }
}

/// Each set's key for the row, or the index of the first set whose key is taken.
fn unique_keys(
    uniques: &[UniqueSet<'_>],
    values: &[Value],
    index: &FxHashMap<&str, usize>,
) -> Result<Vec<Option<u64>>, usize> {
    let lookup = |name: &str| index.get(name).map(|&i| &values[i]);
    let mut keys = Vec::with_capacity(uniques.len());
    for (u, set) in uniques.iter().enumerate() {
        let key = set.key(values, &lookup);
        if key.is_some_and(|k| set.seen.contains(&k)) {
            return Err(u);
        }
        keys.push(key);
    }
    Ok(keys)
}

/// A column drawn from its generator: where it sits and its cell streams' keys.
struct ColumnDraw {
    index: usize,
    value: ColumnKey,
    /// Whether the cell is NULL (nullable columns outside every key).
    null: Option<ColumnKey>,
}

/// A foreign key's columns and its cell streams' keys, computed once per table.
struct FkDraw {
    positions: Vec<usize>,
    nullable: bool,
    /// Which parent (`#fk:cols`).
    pick: ColumnKey,
    /// Whether the key is NULL (`#null:cols`).
    null: ColumnKey,
    /// Whether a self-reference starts a new tree (`#root:cols`).
    root: ColumnKey,
}

impl FkDraw {
    fn new(seed: u64, table: &Table, fk: &ForeignKey, index: &FxHashMap<&str, usize>) -> FkDraw {
        let columns = fk.columns.join(",");
        let key =
            |purpose: &str| ColumnKey::new(seed, &table.name, &format!("{purpose}:{columns}"));
        FkDraw {
            positions: fk.columns.iter().map(|c| index[c.as_str()]).collect(),
            nullable: table.fk_nullable(fk),
            pick: key("#fk"),
            null: key("#null"),
            root: key("#root"),
        }
    }
}

/// A column-to-column comparison of a CHECK (`ends_at > starts_at`).
struct Relation {
    left: usize,
    op: BinaryOp,
    right: usize,
}

/// Generates the rows of `table`, calling `emit` with each accepted row (cells in column
/// order, NULL for columns left to the database).
pub fn generate_table(
    plan: &Plan,
    table: &Table,
    pools: &HashMap<String, KeyPool>,
    referenced: &[String],
    mut emit: impl FnMut(Vec<Value>) -> Result<()>,
) -> Result<KeyPool> {
    let n = plan.rows_of(&table.name);
    let seed = plan.seed;
    let checks = row_checks(table);
    let index: FxHashMap<&str, usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let existing = plan.existing.get(&table.name);
    let generators = column_generators(plan, table);
    let null_rates: Vec<f64> = table
        .columns
        .iter()
        .map(|c| {
            plan.spec
                .column(&table.name, &c.name)
                .and_then(|s| s.null_rate)
                .unwrap_or(plan.null_rate)
        })
        .collect();
    let key_columns: FxHashSet<&str> = table
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter())
        .chain(table.uniques.iter().flat_map(|u| u.columns.iter()))
        .map(String::as_str)
        .collect();
    let fk_columns: FxHashSet<&str> = table
        .foreign_keys
        .iter()
        .flat_map(|fk| fk.columns.iter().map(String::as_str))
        .collect();
    let picks = plan_picks(plan, table, pools, n)?;
    let dense = if existing.is_some() {
        // Taken values would make a bijection collide: draw and check instead.
        vec![None; table.columns.len()]
    } else {
        dense_unique_integers(plan, table, &generators, &fk_columns, n)
    };
    let self_referencing = table
        .foreign_keys
        .iter()
        .any(|fk| fk.ref_table == table.name);
    let relations = relations(table, &index);
    let normalizers = normalizers(&checks, &index);
    let mut uniques = unique_sets(plan, table, &index, &generators, &dense);
    let mut own = own_pool(plan, table, referenced, n);
    // FKs with more columns first, so overlapping keys agree with the wider one.
    let mut fk_order: Vec<usize> = (0..table.foreign_keys.len()).collect();
    fk_order.sort_by_key(|&i| std::cmp::Reverse(table.foreign_keys[i].columns.len()));
    let plain = column_draws(seed, table, &fk_columns, &key_columns);
    let fk_draws: Vec<FkDraw> = table
        .foreign_keys
        .iter()
        .map(|fk| FkDraw::new(seed, table, fk, &index))
        .collect();
    let existing_keys = own.len() as u64;
    let known_keys = (self_referencing && plan.max_depth.is_none() && !referenced.is_empty())
        .then(|| known_self_keys(&own, referenced, &index, &generators, &key_columns, n))
        .flatten();
    let emails = PersonalEmails::new(&generators);
    let drawer = RowDrawer {
        plan,
        table,
        existing_keys,
        generators: &generators,
        emails: emails.as_ref(),
        plain: &plain,
        dense: &dense,
        null_rates: &null_rates,
        fk_draws: &fk_draws,
        fk_order: &fk_order,
        picks: &picks,
        pools,
        index: &index,
        relations: &relations,
        relations_key: ColumnKey::new(seed, &table.name, "#relations"),
        normalizers: &normalizers,
        checks: &checks,
        fk_columns: &fk_columns,
        key_columns: &key_columns,
    };
    // Rows are drawn ahead on worker threads and accepted here in row order. A draw depends on
    // its coordinates only, never on the rows before it (UNIQUE is checked here, where a taken
    // key asks for the next attempt), so the rows are the same for any thread count. A table
    // that references itself picks parents among its earlier rows: drawn here, in order.
    let threads = if known_keys.is_none() && picks.iter().any(|p| matches!(p, Pick::SelfReference))
    {
        1
    } else {
        plan.threads
    };
    let no_rows = KeyPool::default();
    let ahead_pool = known_keys.as_ref().unwrap_or(&no_rows);
    let ahead = |row| drawer.draw(row, 0, ahead_pool);
    super::ahead::draw_in_order(n, threads, &ahead, |row, ahead| {
        let own_so_far = known_keys.as_ref().unwrap_or(&own);
        let drawn = ahead.unwrap_or_else(|| drawer.draw(row, 0, own_so_far));
        let accepted = drawer.accept(&uniques, row, drawn, own_so_far)?;
        for (set, key) in uniques.iter_mut().zip(accepted.keys) {
            if let Some(key) = key {
                set.seen.insert(key);
            }
        }
        // Only tables that something references keep their keys (and trees their depths).
        let values = accepted.values;
        if !referenced.is_empty() && known_keys.is_none() {
            if self_referencing {
                let depth = accepted
                    .self_parent
                    .map_or(0, |p| own.depths.get(p).map_or(0, |d| d + 1));
                own.depths.push(depth);
            }
            own.push(referenced.iter().map(|c| values[index[c.as_str()]].clone()));
        }
        emit(values)
    })?;
    Ok(known_keys.unwrap_or(own))
}

/// What every row of `table` must meet: its CHECKs, and landing in one of its partitions.
fn row_checks(table: &Table) -> Vec<Check> {
    table
        .checks
        .iter()
        .cloned()
        .chain(
            table
                .partitioning
                .as_ref()
                .and_then(|p| p.condition())
                .map(|expr| Check {
                    name: Some("partition bounds".into()),
                    sql: expr.to_string(),
                    expr,
                }),
        )
        .collect()
}

/// Each column's generator from the Spec (the database's default when it has none); new
/// sequence keys continue after the keys already in the database.
fn column_generators(plan: &Plan, table: &Table) -> Vec<Generator> {
    let existing = plan.existing.get(&table.name);
    table
        .columns
        .iter()
        .map(|column| {
            let generator = plan
                .spec
                .column(&table.name, &column.name)
                .map(|s| s.generator.clone())
                .unwrap_or(Generator::DatabaseDefault);
            match (
                generator,
                existing.and_then(|e| e.next_sequence.get(&column.name)),
            ) {
                (Generator::Sequence { start }, Some(&next)) => Generator::Sequence {
                    start: start.max(next),
                },
                (generator, _) => generator,
            }
        })
        .collect()
}

/// The table's primary key and UNIQUE constraints that need a set of taken keys (a key filled
/// in sequence, or by a bijection of its range, is distinct by construction), with the keys of
/// the rows already in the database taken.
fn unique_sets<'t>(
    plan: &Plan,
    table: &'t Table,
    index: &FxHashMap<&str, usize>,
    generators: &[Generator],
    dense: &[Option<(i64, u64, u64, u64)>],
) -> Vec<UniqueSet<'t>> {
    let mut uniques: Vec<UniqueSet> = table
        .primary_key
        .iter()
        .map(|pk| (pk.columns.as_slice(), &[][..], None))
        .chain(table.uniques.iter().map(|u| {
            (
                u.columns.as_slice(),
                u.expressions.as_slice(),
                u.predicate.as_ref().map(|p| &p.expr),
            )
        }))
        .map(|(cols, expressions, predicate)| {
            let columns: Vec<usize> = cols
                .iter()
                .filter_map(|c| index.get(c.as_str()).copied())
                .collect();
            let mut distinct_columns = columns.clone();
            for expression in expressions {
                for name in expression.columns() {
                    if let Some(&i) = index.get(name)
                        && !distinct_columns.contains(&i)
                    {
                        distinct_columns.push(i);
                    }
                }
            }
            UniqueSet {
                columns,
                expressions,
                distinct_columns,
                predicate,
                seen: FxHashSet::default(),
            }
        })
        .filter(|set| {
            !(set.expressions.is_empty() && matches!(set.columns.as_slice(), [i] if matches!(generators[*i], Generator::Sequence { .. }) || dense[*i].is_some()))
        })
        .collect();
    let Some(existing) = plan.existing.get(&table.name) else {
        return uniques;
    };
    for set in &mut uniques {
        let names: Vec<&str> = set
            .columns
            .iter()
            .map(|&i| table.columns[i].name.as_str())
            .collect();
        let partial = set.predicate.is_some();
        if let Some(taken) = existing.taken.iter().find(|t| {
            t.partial == partial
                && t.columns
                    .iter()
                    .map(String::as_str)
                    .eq(names.iter().copied())
        }) {
            set.seen.extend(
                taken
                    .keys
                    .iter()
                    .map(|key| key_hash(key.iter().map(String::as_str))),
            );
        }
    }
    uniques
}

/// The pool of the table's own keys, holding the keys of the rows already in the database:
/// they are parents too, and roots of their trees as far as depth goes.
fn own_pool(plan: &Plan, table: &Table, referenced: &[String], n: u64) -> KeyPool {
    let mut own = KeyPool::new(referenced.to_vec(), Vec::new());
    own.reserve_exact(n as usize);
    if let Some(existing) = plan
        .existing
        .get(&table.name)
        .filter(|_| !referenced.is_empty())
    {
        for tuple in &existing.rows {
            own.push(referenced.iter().map(|c| {
                existing
                    .columns
                    .iter()
                    .position(|k| k == c)
                    .map_or(Value::Null, |i| tuple[i].clone())
            }));
            own.depths.push(0);
        }
    }
    own
}

/// Per column outside every foreign key, what every row asks again, computed once: where it
/// sits and its cell streams' keys (the streams `Cell::rng` gives).
fn column_draws(
    seed: u64,
    table: &Table,
    fk_columns: &FxHashSet<&str>,
    key_columns: &FxHashSet<&str>,
) -> Vec<ColumnDraw> {
    table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| !fk_columns.contains(column.name.as_str()))
        .map(|(i, column)| ColumnDraw {
            index: i,
            value: ColumnKey::new(seed, &table.name, &column.name),
            null: (column.nullable && !key_columns.contains(column.name.as_str()))
                .then(|| ColumnKey::new(seed, &table.name, &format!("#null:{}", column.name))),
        })
        .collect()
}

/// A table that references itself picks parents among its own earlier rows. When its
/// referenced columns are keys filled in sequence, every row's key is known before any row is
/// drawn: the pool (after the existing rows of `own`) is filled up front, draws read it, and
/// rows can be drawn ahead like any other table's. `None` when some referenced column is not
/// such a key.
fn known_self_keys(
    own: &KeyPool,
    referenced: &[String],
    index: &FxHashMap<&str, usize>,
    generators: &[Generator],
    key_columns: &FxHashSet<&str>,
    n: u64,
) -> Option<KeyPool> {
    let starts: Vec<i64> = referenced
        .iter()
        .map(|c| match index.get(c.as_str()).map(|&i| &generators[i]) {
            Some(Generator::Sequence { start }) if key_columns.contains(c.as_str()) => Some(*start),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let mut known = own.clone();
    known.reserve_exact(n as usize);
    for row in 0..n as i64 {
        known.push(starts.iter().map(|start| Value::Int(start + row)));
    }
    Some(known)
}

/// The error of row `row`, which no attempt let meet `failure`.
fn row_failed(table: &str, seed: u64, row: u64, failure: &str) -> Error {
    Error::Unsatisfiable(format!(
        "{table}: row {row} could not meet {failure} after {MAX_ATTEMPTS} tries (seed {seed})\n  fix: {}",
        redraw_fix(failure, row, table)
    ))
}

/// A row accepted: its cells, its UNIQUE keys' hashes (per set, `None` where the key does not
/// apply), and for a self-reference the earlier row picked as parent.
struct Accepted {
    values: Vec<Value>,
    keys: Vec<Option<u64>>,
    self_parent: Option<usize>,
}

/// A row drawn until it met every CHECK and foreign key (UNIQUE is the caller's to check).
struct Candidate {
    values: Vec<Value>,
    /// The attempt that met them.
    attempt: u32,
    /// For a self-reference: the earlier row picked as parent.
    self_parent: Option<usize>,
}

/// What drawing a row of one table needs, computed once per table; shared by the threads that
/// draw ahead.
struct RowDrawer<'a> {
    plan: &'a Plan,
    table: &'a Table,
    /// Keys of the rows already in the database (they come first in the table's own pool).
    existing_keys: u64,
    generators: &'a [Generator],
    emails: Option<&'a PersonalEmails>,
    plain: &'a [ColumnDraw],
    dense: &'a [Option<(i64, u64, u64, u64)>],
    null_rates: &'a [f64],
    fk_draws: &'a [FkDraw],
    fk_order: &'a [usize],
    picks: &'a [Pick],
    pools: &'a HashMap<String, KeyPool>,
    index: &'a FxHashMap<&'a str, usize>,
    relations: &'a [Relation],
    relations_key: ColumnKey,
    normalizers: &'a [(usize, String)],
    checks: &'a [Check],
    fk_columns: &'a FxHashSet<&'a str>,
    key_columns: &'a FxHashSet<&'a str>,
}

impl RowDrawer<'_> {
    /// Accepts row `row` from its first draw: while a key of `uniques` is taken, the next
    /// attempt is drawn (late in the redraws, the row number goes into a text column of the
    /// key); an error names the constraint no attempt met.
    fn accept(
        &self,
        uniques: &[UniqueSet<'_>],
        row: u64,
        mut drawn: std::result::Result<Candidate, String>,
        own: &KeyPool,
    ) -> Result<Accepted> {
        let columns = &self.table.columns;
        let failed = |failure: &str| row_failed(&self.table.name, self.plan.seed, row, failure);
        loop {
            let candidate = drawn.map_err(|failure| failed(&failure))?;
            let mut values = candidate.values;
            let u = match unique_keys(uniques, &values, self.index) {
                Ok(keys) => {
                    return Ok(Accepted {
                        values,
                        keys,
                        self_parent: candidate.self_parent,
                    });
                }
                Err(u) => u,
            };
            let names: Vec<String> = uniques[u]
                .columns
                .iter()
                .map(|&i| columns[i].name.clone())
                .chain(uniques[u].expressions.iter().map(Expr::to_string))
                .collect();
            let failure = format!("UNIQUE ({})", names.join(", "));
            let attempt = candidate.attempt;
            if attempt + 1 >= MAX_ATTEMPTS / 2
                && make_distinct(
                    &uniques[u].distinct_columns,
                    &mut values,
                    columns,
                    self.fk_columns,
                    row,
                )
            {
                let lookup = |name: &str| self.index.get(name).map(|&i| &values[i]);
                let checks_pass = self.checks.iter().all(|c| check_passes(&c.expr, &lookup));
                if checks_pass && let Ok(keys) = unique_keys(uniques, &values, self.index) {
                    return Ok(Accepted {
                        values,
                        keys,
                        self_parent: candidate.self_parent,
                    });
                }
            }
            if attempt + 1 >= MAX_ATTEMPTS {
                return Err(failed(&failure));
            }
            drawn = self.draw(row, attempt + 1, own);
        }
    }

    /// Draws row `row` from attempt `from` on until a draw meets every CHECK and foreign key;
    /// else the last failure, once every attempt is spent. `own` holds the table's earlier
    /// rows' keys, read by self-references only.
    fn draw(&self, row: u64, from: u32, own: &KeyPool) -> std::result::Result<Candidate, String> {
        let (plan, table) = (self.plan, self.table);
        let columns = &table.columns;
        let mut failure = String::new();
        for attempt in from..MAX_ATTEMPTS {
            let mut self_parent = None;
            let mut values = vec![Value::Null; columns.len()];
            // Plain columns.
            for draw in self.plain {
                let i = draw.index;
                let column = &columns[i];
                if let Some(null) = draw.null
                    && null.cell(row, attempt).chance(self.null_rates[i])
                {
                    continue;
                }
                values[i] = match self.dense[i] {
                    Some((min, span, a, b)) => Value::Int(
                        min + ((a as u128 * row as u128 + b as u128) % span as u128) as i64,
                    ),
                    None => make(
                        &self.generators[i],
                        &column.ty,
                        &plan.schema,
                        &mut draw.value.cell(row, attempt),
                        row,
                        plan.locale,
                    ),
                };
            }
            if let Some(emails) = self.emails {
                emails.apply(columns, &mut values);
            }
            // Foreign keys.
            let unmatched = self.fk_order.iter().find(|&&fk_index| {
                !fill_foreign_key(
                    plan,
                    &table.foreign_keys[fk_index],
                    &self.fk_draws[fk_index],
                    &self.picks[fk_index],
                    self.pools,
                    own,
                    self.existing_keys + row,
                    self.index,
                    &mut values,
                    row,
                    attempt,
                    self.null_rates,
                    &mut self_parent,
                )
            });
            if let Some(&fk_index) = unmatched {
                let fk = &table.foreign_keys[fk_index];
                failure = format!(
                    "no row of `{}` matches the other keys of ({})",
                    fk.ref_table,
                    fk.columns.join(", ")
                );
                continue;
            }
            repair_relations(
                self.relations,
                &mut values,
                self.fk_columns,
                columns,
                self.key_columns,
                self.relations_key.cell(row, attempt).next_u64(),
            );
            for (column, function) in self.normalizers {
                if let Value::Text(text) = &values[*column] {
                    values[*column] = Value::Text(normalized(text, function));
                }
            }
            let lookup = |name: &str| self.index.get(name).map(|&i| &values[i]);
            if let Some(check) = self.checks.iter().find(|c| !check_passes(&c.expr, &lookup)) {
                failure = format!("CHECK ({})", check.sql);
                continue;
            }
            return Ok(Candidate {
                values,
                attempt,
                self_parent,
            });
        }
        Err(failure)
    }
}

/// For a column that is UNIQUE on its own and drawn from an integer range that the rows
/// nearly fill, an affine bijection of the range, `min + (a * row + b) mod span` with `a`
/// coprime to `span`: distinct by construction, where random draws would collide.
fn dense_unique_integers(
    plan: &Plan,
    table: &Table,
    generators: &[Generator],
    fk_columns: &FxHashSet<&str>,
    n: u64,
) -> Vec<Option<(i64, u64, u64, u64)>> {
    let single_keys: Vec<&str> = table
        .full_keys()
        .into_iter()
        .filter(|cols| cols.len() == 1)
        .map(|cols| cols[0].as_str())
        .collect();
    table
        .columns
        .iter()
        .zip(generators)
        .map(|(column, generator)| {
            let Generator::Int { min, max } = generator else {
                return None;
            };
            if !single_keys.contains(&column.name.as_str())
                || fk_columns.contains(column.name.as_str())
            {
                return None;
            }
            let span = (*max as i128 - *min as i128 + 1).clamp(0, u64::MAX as i128) as u64;
            if span == 0 || (n as u128) * 4 <= span as u128 {
                return None;
            }
            let mut rng = Cell {
                seed: plan.seed,
                table: &table.name,
                column: &format!("#dense:{}", column.name),
                row: 0,
                attempt: 0,
            }
            .rng();
            let mut a = 1 + rng.below(span.max(2) - 1);
            while gcd(a, span) != 1 {
                a = 1 + rng.below(span.max(2) - 1);
            }
            Some((*min, span, a, rng.below(span)))
        })
        .collect()
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Email columns rewritten from the row's own name (`ada.lovelace@example.org`): which
/// columns hold the names and the addresses, found once per table.
struct PersonalEmails {
    first: Option<usize>,
    last: Option<usize>,
    full: Option<usize>,
    emails: Vec<usize>,
}

impl PersonalEmails {
    /// `None` when the table has no email column or no name to draw it from.
    fn new(generators: &[Generator]) -> Option<Self> {
        let find = |wanted: &Generator| generators.iter().position(|g| g == wanted);
        let emails: Vec<usize> = (0..generators.len())
            .filter(|&i| generators[i] == Generator::Email)
            .collect();
        let found = Self {
            first: find(&Generator::FirstName),
            last: find(&Generator::LastName),
            full: find(&Generator::FullName),
            emails,
        };
        let named = (found.first.is_some() && found.last.is_some()) || found.full.is_some();
        (named && !found.emails.is_empty()).then_some(found)
    }

    fn apply(&self, columns: &[crate::schema::Column], values: &mut [Value]) {
        let name = match (self.first, self.last, self.full) {
            (Some(first), Some(last), _) if !values[first].is_null() && !values[last].is_null() => {
                format!("{}.{}", values[first], values[last])
            }
            (_, _, Some(full)) if !values[full].is_null() => {
                values[full].to_string().replace(' ', ".")
            }
            _ => return,
        };
        let local: String = name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        if local.chars().filter(char::is_ascii_alphanumeric).count() < 3 {
            return; // names in other scripts keep the generated address
        }
        for &i in &self.emails {
            if let Value::Text(email) = &values[i]
                && let Some((_, domain)) = email.split_once('@')
            {
                let personal = format!("{local}@{domain}");
                let limit = columns[i].ty.max_chars().map_or(usize::MAX, |n| n as usize);
                if personal.chars().count() <= limit {
                    values[i] = Value::Text(personal);
                }
            }
        }
    }
}

/// Makes a colliding key distinct by putting the row number into one of its text columns,
/// within the column's length; false when no column can take it.
fn make_distinct(
    cols: &[usize],
    values: &mut [Value],
    columns: &[crate::schema::Column],
    fk_columns: &FxHashSet<&str>,
    row: u64,
) -> bool {
    for &i in cols {
        if fk_columns.contains(columns[i].name.as_str()) {
            continue;
        }
        let limit = match columns[i].ty {
            SqlType::Varchar { max_len } => max_len.unwrap_or(u32::MAX) as usize,
            SqlType::Text | SqlType::Citext => usize::MAX,
            SqlType::Char { len } => len as usize,
            _ => continue,
        };
        let Value::Text(text) = &values[i] else {
            continue;
        };
        let tag = row.to_string();
        let distinct = match text.split_once('@') {
            Some((local, domain)) => format!("{local}{tag}@{domain}"),
            None => format!("{text}{tag}"),
        };
        let distinct = if distinct.chars().count() > limit {
            if tag.len() > limit {
                continue;
            }
            let keep: String = text.chars().take(limit - tag.len()).collect();
            format!("{keep}{tag}")
        } else {
            distinct
        };
        values[i] = Value::Text(distinct);
        return true;
    }
    false
}

/// Decides, per foreign key, how children find their parents.
fn plan_picks(
    plan: &Plan,
    table: &Table,
    pools: &HashMap<String, KeyPool>,
    n: u64,
) -> Result<Vec<Pick>> {
    let mut picks = Vec::new();
    let key_sets: Vec<&[String]> = table.full_keys();
    let same = |a: &[String], b: &[String]| a.len() == b.len() && a.iter().all(|c| b.contains(c));
    for (fk_index, fk) in table.foreign_keys.iter().enumerate() {
        let pick = if let Some(kind) = plan.order.broken_kind(&table.name, fk_index) {
            match kind {
                BreakKind::NullThenUpdate => Pick::Later,
                BreakKind::Deferred | BreakKind::Suspended => {
                    let start = match plan
                        .spec
                        .column(&fk.ref_table, &fk.ref_columns[0])
                        .map(|c| &c.generator)
                    {
                        Some(Generator::Sequence { start }) => *start,
                        _ => 1,
                    };
                    Pick::Predicted { start }
                }
            }
        } else if let Some((_, owners)) = plan
            .children
            .get(&table.name)
            .filter(|(parent, _)| *parent == fk.ref_table && first_to(table, fk_index, parent))
        {
            Pick::Owned(owners.clone())
        } else if fk.ref_table == table.name {
            Pick::SelfReference
        } else if !pools.contains_key(&fk.ref_table) {
            Pick::External
        } else if key_sets.iter().any(|k| same(k, &fk.columns)) {
            let parent_n = pools[&fk.ref_table].len() as u64;
            if n > parent_n {
                return Err(Error::Unsatisfiable(format!(
                    "{}({}) is UNIQUE, so each of its {n} rows needs its own row of `{}`, which has {parent_n}\n  fix: ask for at most {parent_n} rows of {} or more rows of {}",
                    table.name,
                    fk.columns.join(", "),
                    fk.ref_table,
                    table.name,
                    fk.ref_table
                )));
            }
            let mut rng = Cell {
                seed: plan.seed,
                table: &table.name,
                column: &format!("#perm:{}", fk.columns.join(",")),
                row: 0,
                attempt: 0,
            }
            .rng();
            let mut perm: Vec<u64> = (0..parent_n).collect();
            for i in (1..perm.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                perm.swap(i, j);
            }
            // Parents that existing rows already hold are not free.
            let taken: HashSet<&Vec<String>> = plan
                .existing
                .get(&table.name)
                .and_then(|e| {
                    e.taken
                        .iter()
                        .find(|t| !t.partial && same(&t.columns, &fk.columns))
                })
                .map(|t| t.keys.iter().collect())
                .unwrap_or_default();
            if !taken.is_empty() {
                let pool = &pools[&fk.ref_table];
                perm.retain(|&i| {
                    pool.tuple(i as usize, &fk.ref_columns)
                        .map(|t| t.iter().map(ToString::to_string).collect::<Vec<_>>())
                        .is_none_or(|key| !taken.contains(&key))
                });
                if (perm.len() as u64) < n {
                    return Err(Error::Unsatisfiable(format!(
                        "{}({}) is UNIQUE and only {} rows of `{}` are free for {n} new rows\n  fix: seed more rows of {} too, or fewer of {}",
                        table.name,
                        fk.columns.join(", "),
                        perm.len(),
                        fk.ref_table,
                        fk.ref_table,
                        table.name
                    )));
                }
            }
            Pick::Permutation(perm)
        } else {
            Pick::Random
        };
        picks.push(pick);
    }
    // Junction keys: a key made of exactly two foreign keys gets distinct pairs.
    for key in &key_sets {
        let parts: Vec<usize> = table
            .foreign_keys
            .iter()
            .enumerate()
            .filter(|(i, fk)| {
                matches!(picks[*i], Pick::Random) && fk.columns.iter().all(|c| key.contains(c))
            })
            .map(|(i, _)| i)
            .collect();
        let covered: usize = parts
            .iter()
            .map(|&i| table.foreign_keys[i].columns.len())
            .sum();
        if parts.len() != 2 || covered != key.len() {
            continue;
        }
        let n1 = pools[&table.foreign_keys[parts[0]].ref_table].len() as u64;
        let n2 = pools[&table.foreign_keys[parts[1]].ref_table].len() as u64;
        let total = n1 as u128 * n2 as u128;
        if (n as u128) > total {
            return Err(Error::Unsatisfiable(format!(
                "{}: key ({}) has only {total} distinct parent pairs for {n} rows\n  fix: ask for at most {total} rows of {}",
                table.name,
                key.join(", "),
                table.name
            )));
        }
        // Pairs existing rows hold are not free: sample more and drop them.
        let (first_fk, second_fk) = (&table.foreign_keys[parts[0]], &table.foreign_keys[parts[1]]);
        let index_of = |fk: &ForeignKey| -> HashMap<Vec<String>, u64> {
            let pool = &pools[&fk.ref_table];
            (0..pool.len())
                .filter_map(|i| {
                    let t = pool.tuple(i, &fk.ref_columns)?;
                    Some((t.iter().map(ToString::to_string).collect(), i as u64))
                })
                .collect()
        };
        let taken: HashSet<(u64, u64)> = match plan
            .existing
            .get(&table.name)
            .and_then(|e| e.taken.iter().find(|t| !t.partial && same(&t.columns, key)))
        {
            Some(taken) => {
                let (firsts, seconds) = (index_of(first_fk), index_of(second_fk));
                let split = |k: &Vec<String>| {
                    let part = |fk: &ForeignKey| -> Vec<String> {
                        fk.columns
                            .iter()
                            .map(|c| {
                                k[taken.columns.iter().position(|t| t == c).unwrap_or(0)].clone()
                            })
                            .collect()
                    };
                    Some((
                        *firsts.get(&part(first_fk))?,
                        *seconds.get(&part(second_fk))?,
                    ))
                };
                taken.keys.iter().filter_map(split).collect()
            }
            None => HashSet::new(),
        };
        let wanted = (n + taken.len() as u64).min(total as u64);
        let pairs: Vec<(u64, u64)> = distinct_pairs(plan.seed, &table.name, wanted, n1, n2)
            .into_iter()
            .filter(|p| !taken.contains(p))
            .take(n as usize)
            .collect();
        if (pairs.len() as u64) < n {
            return Err(Error::Unsatisfiable(format!(
                "{}: key ({}) has only {} free parent pairs for {n} new rows\n  fix: ask for fewer rows of {}",
                table.name,
                key.join(", "),
                pairs.len(),
                table.name
            )));
        }
        let pairs = std::sync::Arc::new(pairs);
        picks[parts[0]] = Pick::Pair {
            first: true,
            pairs: pairs.clone(),
        };
        picks[parts[1]] = Pick::Pair {
            first: false,
            pairs,
        };
    }
    Ok(picks)
}

/// True when `fk_index` is the first foreign key of `table` to `parent`.
fn first_to(table: &Table, fk_index: usize, parent: &str) -> bool {
    table
        .foreign_keys
        .iter()
        .position(|fk| fk.ref_table == parent)
        == Some(fk_index)
}

/// `n` distinct pairs from `n1 x n2`, sampled without replacement (Floyd's algorithm over the
/// flattened index), in sampling order.
fn distinct_pairs(seed: u64, table: &str, n: u64, n1: u64, n2: u64) -> Vec<(u64, u64)> {
    let total = n1 * n2;
    let mut chosen = HashSet::with_capacity(n as usize);
    let mut order = Vec::with_capacity(n as usize);
    let mut rng = Cell {
        seed,
        table,
        column: "#pairs",
        row: 0,
        attempt: 0,
    }
    .rng();
    for j in (total - n)..total {
        let t = rng.below(j + 1);
        let pick = if chosen.contains(&t) { j } else { t };
        chosen.insert(pick);
        order.push(pick);
    }
    order.into_iter().map(|i| (i / n2, i % n2)).collect()
}

#[allow(clippy::too_many_arguments)]
fn fill_foreign_key(
    plan: &Plan,
    fk: &ForeignKey,
    draw: &FkDraw,
    pick: &Pick,
    pools: &HashMap<String, KeyPool>,
    own: &KeyPool,
    earlier_rows: u64,
    index: &FxHashMap<&str, usize>,
    values: &mut [Value],
    row: u64,
    attempt: u32,
    null_rates: &[f64],
    self_parent: &mut Option<usize>,
) -> bool {
    let positions = &draw.positions;
    let nullable = draw.nullable;
    let rng_of = |key: ColumnKey| key.cell(row, attempt);
    let set = |values: &mut [Value], tuple: Vec<Value>| {
        for (&p, v) in positions.iter().zip(tuple) {
            values[p] = v;
        }
    };
    let null_rate = null_rates[positions[0]];
    match pick {
        Pick::Later | Pick::External => {
            positions.iter().for_each(|&p| values[p] = Value::Null);
            true
        }
        Pick::Predicted { start } => {
            let parent_n = plan.rows_of(&fk.ref_table).max(1);
            let idx = rng_of(draw.pick).below(parent_n);
            set(values, vec![Value::Int(start + idx as i64)]);
            true
        }
        Pick::Permutation(perm) => {
            match pools[&fk.ref_table].tuple(perm[row as usize] as usize, &fk.ref_columns) {
                Some(tuple) => {
                    set(values, tuple);
                    true
                }
                None => false,
            }
        }
        Pick::Pair { first, pairs } => {
            let (a, b) = pairs[row as usize];
            let idx = if *first { a } else { b };
            match pools[&fk.ref_table].tuple(idx as usize, &fk.ref_columns) {
                Some(tuple) => {
                    set(values, tuple);
                    true
                }
                None => false,
            }
        }
        Pick::Owned(owners) => {
            match pools[&fk.ref_table].tuple(owners[row as usize] as usize, &fk.ref_columns) {
                Some(tuple) => {
                    set(values, tuple);
                    true
                }
                None => false,
            }
        }
        Pick::SelfReference => {
            // Rows point to earlier rows: the data forms a forest, roots NULL.
            if nullable && (row == 0 || rng_of(draw.root).chance(0.2)) {
                positions.iter().for_each(|&p| values[p] = Value::Null);
                return true;
            }
            if row == 0 {
                // A NOT NULL self-reference: the first row is its own parent.
                let tuple: Vec<Value> = fk
                    .ref_columns
                    .iter()
                    .map(|c| values[index[c.as_str()]].clone())
                    .collect();
                set(values, tuple);
                return true;
            }
            // Rows before this one (the table's own pool may hold every row's key already).
            let earlier = earlier_rows.max(1);
            let mut rng = rng_of(draw.pick);
            let mut idx = rng.below(earlier) as usize;
            if let Some(max) = plan.max_depth {
                // Look for a parent shallow enough; else start a new tree where one may.
                let mut tries = 0;
                while own.depths.get(idx).is_some_and(|&d| d + 1 > max) && tries < 16 {
                    idx = rng.below(earlier) as usize;
                    tries += 1;
                }
                if own.depths.get(idx).is_some_and(|&d| d + 1 > max) {
                    if nullable {
                        positions.iter().for_each(|&p| values[p] = Value::Null);
                        return true;
                    }
                    idx = 0;
                }
            }
            match own.tuple(idx, &fk.ref_columns) {
                Some(tuple) => {
                    *self_parent = Some(idx);
                    set(values, tuple);
                    true
                }
                None => false,
            }
        }
        Pick::Random => {
            let pool = &pools[&fk.ref_table];
            if pool.is_empty() || (nullable && rng_of(draw.null).chance(null_rate)) {
                positions.iter().for_each(|&p| values[p] = Value::Null);
                return nullable;
            }
            // Columns another foreign key already set must match the chosen parent.
            let fixed: Vec<(usize, Value)> = fk
                .ref_columns
                .iter()
                .zip(positions)
                .enumerate()
                .filter(|(_, (_, p))| !values[**p].is_null())
                .map(|(k, _)| (k, values[positions[k]].clone()))
                .collect();
            let mut rng = rng_of(draw.pick);
            if fixed.is_empty() {
                let idx = rng.below(pool.len() as u64) as usize;
                return match pool.tuple(idx, &fk.ref_columns) {
                    Some(tuple) => {
                        set(values, tuple);
                        true
                    }
                    None => false,
                };
            }
            let matching: Vec<Vec<Value>> = (0..pool.len())
                .filter_map(|i| pool.tuple(i, &fk.ref_columns))
                .filter(|tuple| fixed.iter().all(|(k, v)| tuple[*k] == *v))
                .collect();
            if matching.is_empty() {
                return false;
            }
            let tuple = rng.pick(&matching).clone();
            set(values, tuple);
            true
        }
    }
}

/// The text functions that a CHECK says leave a column unchanged (`slug = lower(slug)`,
/// `country = upper(country)`, `name = btrim(name)`): each drawn value is put through them, so
/// the CHECK holds by construction instead of by luck.
fn normalizers(checks: &[Check], index: &FxHashMap<&str, usize>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for check in checks {
        for part in conjuncts(&check.expr) {
            let Expr::Binary {
                op: BinaryOp::Eq,
                left,
                right,
            } = part
            else {
                continue;
            };
            for (a, b) in [(left, right), (right, left)] {
                if let (Expr::Column(c), Expr::Function { name, args }) = (&**a, &**b)
                    && matches!(
                        name.as_str(),
                        "lower" | "upper" | "btrim" | "trim" | "ltrim" | "rtrim"
                    )
                    && matches!(args.as_slice(), [Expr::Column(arg)] if arg == c)
                    && let Some(&i) = index.get(c.as_str())
                {
                    out.push((i, name.clone()));
                }
            }
        }
    }
    out
}

/// `text` through the SQL text function `function`.
fn normalized(text: &str, function: &str) -> String {
    match function {
        "lower" => text.to_lowercase(),
        "upper" => text.to_uppercase(),
        "ltrim" => text.trim_start().to_string(),
        "rtrim" => text.trim_end().to_string(),
        _ => text.trim().to_string(),
    }
}

/// The column-to-column comparisons among the AND-ed parts of the table's CHECKs.
fn relations(table: &Table, index: &FxHashMap<&str, usize>) -> Vec<Relation> {
    let mut out = Vec::new();
    for check in &table.checks {
        for part in conjuncts(&check.expr) {
            if let Expr::Binary { op, left, right } = part
                && let (Expr::Column(l), Expr::Column(r)) = (&**left, &**right)
                && matches!(
                    op,
                    BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq
                )
                && let (Some(&li), Some(&ri)) = (index.get(l.as_str()), index.get(r.as_str()))
            {
                out.push(Relation {
                    left: li,
                    op: *op,
                    right: ri,
                });
            }
        }
    }
    // `created_at <= updated_at` by name, where the names say so.
    let find = |names: &[&str]| names.iter().find_map(|n| index.get(n).copied());
    if let (Some(created), Some(updated)) = (
        find(&["created_at", "created", "create_date"]),
        find(&["updated_at", "updated", "modified_at", "last_update"]),
    ) && !out.iter().any(|r| {
        (r.left == updated && r.right == created) || (r.left == created && r.right == updated)
    }) && matches!(
        (&table.columns[created].ty, &table.columns[updated].ty),
        (
            SqlType::Timestamp | SqlType::TimestampTz,
            SqlType::Timestamp | SqlType::TimestampTz
        )
    ) {
        out.push(Relation {
            left: updated,
            op: BinaryOp::GtEq,
            right: created,
        });
    }
    out
}

/// Moves the left side of each violated relation just past the right side.
fn repair_relations(
    relations: &[Relation],
    values: &mut [Value],
    fk_columns: &FxHashSet<&str>,
    columns: &[crate::schema::Column],
    key_columns: &FxHashSet<&str>,
    noise: u64,
) {
    for (k, relation) in relations.iter().enumerate() {
        let (mut left, mut op, mut right) = (relation.left, relation.op, relation.right);
        let frozen = |i: usize| {
            fk_columns.contains(columns[i].name.as_str())
                || key_columns.contains(columns[i].name.as_str())
        };
        if frozen(left) {
            if frozen(right) {
                continue;
            }
            std::mem::swap(&mut left, &mut right);
            op = flip(op);
        }
        let holds = match values[left].compare(&values[right]) {
            Some(ordering) => match op {
                BinaryOp::Lt => ordering.is_lt(),
                BinaryOp::LtEq => ordering.is_le(),
                BinaryOp::Gt => ordering.is_gt(),
                _ => ordering.is_ge(),
            },
            None => true,
        };
        if holds {
            continue;
        }
        let step = 1 + ((noise >> (k * 8)) & 0xff) as i64; // 1..=256, deterministic per row
        let up = matches!(op, BinaryOp::Gt | BinaryOp::GtEq);
        let sign = if up { 1 } else { -1 };
        values[left] = match &values[right] {
            Value::Int(x) => Value::Int(
                x + sign * (step % 10 + i64::from(matches!(op, BinaryOp::Gt | BinaryOp::Lt))),
            ),
            Value::Float(x) => {
                Value::Float(x + sign as f64 * (x.abs() * 0.1 + 1.0) * (step as f64 / 256.0))
            }
            Value::Decimal(d) => {
                let scale = d.split_once('.').map_or(0, |(_, f)| f.len() as u32);
                let units: i64 = d.replace('.', "").parse().unwrap_or(0);
                let delta = (units.abs() / 10).max(1) * step / 256 + 1;
                Value::Decimal(format_units(units + sign * delta, scale))
            }
            Value::Date(x) => Value::Date(*x + Duration::days(sign * (step % 30 + 1))),
            Value::Timestamp(x) => {
                Value::Timestamp(*x + Duration::minutes(sign * (step % 240 + 15)))
            }
            Value::Time(x) => {
                let moved = *x + Duration::minutes(sign * (step % 120 + 15));
                if (up && moved > *x) || (!up && moved < *x) {
                    Value::Time(moved)
                } else {
                    // Would wrap past midnight: swap the two instead.
                    let right_value = values[right].clone();
                    values[right] = values[left].clone();
                    right_value
                }
            }
            _ => continue,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_distinct_and_in_range() {
        let pairs = distinct_pairs(7, "ab", 50, 8, 9);
        let set: HashSet<_> = pairs.iter().collect();
        assert_eq!(set.len(), 50);
        assert!(pairs.iter().all(|&(a, b)| a < 8 && b < 9));
        assert_eq!(
            distinct_pairs(7, "ab", 72, 8, 9).len(),
            72,
            "every pair when all are asked"
        );
    }
}
