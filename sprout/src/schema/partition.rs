//! Partition bounds: reading `FOR VALUES ..` text into [`PartitionBound`], and turning a
//! table's partitions into the one condition a row must meet to land in some partition.
//!
//! Both the DDL reader and the live PostgreSQL reader hand the bound as SQL text (the script's
//! `PARTITION OF .. FOR VALUES ..`, the catalog's `pg_get_expr(relpartbound)`), so one parser
//! serves both and the two sources agree.

use sqlparser::ast as sql;
use sqlparser::parser::Parser;

use super::expr::{BinaryOp, Expr, Literal};
use super::{Dialect, Partition, PartitionBound, PartitionStrategy, Partitioning};

impl PartitionStrategy {
    /// Reads `range`, `list` or `hash` (any case).
    pub fn parse(word: &str) -> Option<PartitionStrategy> {
        match word.to_ascii_lowercase().as_str() {
            "range" => Some(PartitionStrategy::Range),
            "list" => Some(PartitionStrategy::List),
            "hash" => Some(PartitionStrategy::Hash),
            _ => None,
        }
    }
}

impl Partitioning {
    /// Reads a partition key definition as PostgreSQL prints it (`pg_get_partkeydef`:
    /// `RANGE (payment_date)`, `LIST (lower(region))`).
    pub fn parse_key(definition: &str) -> Option<Partitioning> {
        let definition = definition.trim();
        let open = definition.find('(')?;
        let strategy = PartitionStrategy::parse(definition[..open].trim())?;
        let inner = definition[open + 1..].strip_suffix(')')?;
        Some(Partitioning {
            strategy,
            key: split_top_level(inner)
                .into_iter()
                .map(|k| unquote(k.trim()))
                .collect(),
            partitions: Vec::new(),
        })
    }

    /// Sorts partitions by name, at every level.
    pub(crate) fn normalize(&mut self) {
        self.partitions.sort_by(|a, b| a.name.cmp(&b.name));
        for partition in &mut self.partitions {
            if let Some(sub) = &mut partition.sub {
                sub.normalize();
            }
        }
    }

    /// The condition a row must meet to land in some partition, or `None` when every row
    /// lands somewhere (a DEFAULT partition, hash partitions) or no partition exists yet.
    ///
    /// Range bounds compare the first key column (a multi-column range is approximated by its
    /// leading column); an expression key puts no condition on the row.
    pub fn condition(&self) -> Option<Expr> {
        if self.partitions.is_empty()
            || self.strategy == PartitionStrategy::Hash
            || self
                .partitions
                .iter()
                .any(|p| p.bound == PartitionBound::Default)
        {
            return None;
        }
        let column = self.key.first().filter(|k| is_plain_column(k))?;
        let mut alternatives = Vec::new();
        for partition in &self.partitions {
            let own = partition.bound.condition(column);
            let sub = partition.sub.as_ref().and_then(|s| s.condition());
            let both = match (own, sub) {
                (Some(a), Some(b)) => Some(and(a, b)),
                (a, b) => a.or(b),
            };
            // A partition that takes any row makes the whole level take any row.
            alternatives.push(both?);
        }
        alternatives
            .into_iter()
            .reduce(|a, b| binary(BinaryOp::Or, a, b))
    }

    /// This partitioning and every sub-partitioning below it.
    pub fn levels(&self) -> Vec<&Partitioning> {
        let mut out = vec![self];
        for partition in &self.partitions {
            if let Some(sub) = &partition.sub {
                out.extend(sub.levels());
            }
        }
        out
    }

    /// Every range bound of the first key column over all partitions and sub-partitions that
    /// partition on it: `(lowest lower bound, highest upper bound)`, for generators to aim at.
    /// `None` when a side is open (MINVALUE/MAXVALUE) or the strategy is not RANGE.
    pub fn range_hull(&self) -> Option<(String, String)> {
        if self.strategy != PartitionStrategy::Range || self.partitions.is_empty() {
            return None;
        }
        let mut low: Option<String> = None;
        let mut high: Option<String> = None;
        for partition in &self.partitions {
            let PartitionBound::Range { from, to } = &partition.bound else {
                return None;
            };
            let (Some(Some(f)), Some(Some(t))) = (from.first(), to.first()) else {
                return None;
            };
            if low.as_ref().is_none_or(|l| f < l) {
                low = Some(f.clone());
            }
            if high.as_ref().is_none_or(|h| t > h) {
                high = Some(t.clone());
            }
        }
        Some((low?, high?))
    }

    /// The values of every LIST partition (NULL left out), or `None` when the strategy is not
    /// LIST or a DEFAULT partition takes the rest.
    pub fn list_values(&self) -> Option<Vec<String>> {
        if self.strategy != PartitionStrategy::List {
            return None;
        }
        let mut out = Vec::new();
        for partition in &self.partitions {
            match &partition.bound {
                PartitionBound::List { values } => out.extend(values.iter().flatten().cloned()),
                _ => return None,
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

impl Partition {
    /// A partition named `name` whose bound is the SQL text `bound` (`FOR VALUES FROM ('a') TO
    /// ('b')`, `DEFAULT`); `None` when the text does not read as a bound.
    pub fn parse(name: impl Into<String>, bound: &str) -> Option<Partition> {
        Some(Partition {
            name: name.into(),
            bound: PartitionBound::parse(bound)?,
            sub: None,
        })
    }
}

impl PartitionBound {
    /// Reads a bound's SQL text as PostgreSQL prints it.
    pub fn parse(text: &str) -> Option<PartitionBound> {
        let statement = format!("CREATE TABLE sprout_bound PARTITION OF sprout_parent {text}");
        let dialect = Dialect::Postgres.sql().parser();
        let parsed = Parser::new(dialect.as_ref())
            .try_with_sql(&statement)
            .and_then(|mut p| p.parse_statement())
            .ok()?;
        match parsed {
            sql::Statement::CreateTable(create) => {
                Some(PartitionBound::from_sql(create.for_values.as_ref()?))
            }
            _ => None,
        }
    }

    /// The bound of sqlparser's `FOR VALUES` clause.
    pub(crate) fn from_sql(values: &sql::ForValues) -> PartitionBound {
        let bound_value = |v: &sql::PartitionBoundValue| match v {
            sql::PartitionBoundValue::Expr(e) => literal_text(e),
            _ => None,
        };
        match values {
            sql::ForValues::In(list) => PartitionBound::List {
                values: list.iter().map(literal_text).collect(),
            },
            sql::ForValues::From { from, to } => PartitionBound::Range {
                from: from.iter().map(bound_value).collect(),
                to: to.iter().map(bound_value).collect(),
            },
            sql::ForValues::With { modulus, remainder } => PartitionBound::Hash {
                modulus: *modulus,
                remainder: *remainder,
            },
            sql::ForValues::Default => PartitionBound::Default,
        }
    }

    /// What this bound asks of `column` (its first key column); `None` for any row.
    fn condition(&self, column: &str) -> Option<Expr> {
        let col = || Box::new(Expr::Column(column.to_string()));
        let lit = |v: &str| Box::new(Expr::Literal(Literal::Text(v.to_string())));
        match self {
            PartitionBound::Range { from, to } => {
                let low = from.first().cloned().flatten().map(|f| Expr::Binary {
                    op: BinaryOp::GtEq,
                    left: col(),
                    right: lit(&f),
                });
                let high = to.first().cloned().flatten().map(|t| Expr::Binary {
                    op: if to.len() > 1 {
                        BinaryOp::LtEq
                    } else {
                        BinaryOp::Lt
                    },
                    left: col(),
                    right: lit(&t),
                });
                // A range partition never takes NULL keys.
                let not_null = Expr::IsNull {
                    expr: col(),
                    negated: true,
                };
                Some([low, high].into_iter().flatten().fold(not_null, and))
            }
            PartitionBound::List { values } => {
                let listed: Vec<Expr> = values.iter().flatten().map(|v| *lit(v)).collect();
                let in_list = (!listed.is_empty()).then(|| Expr::InList {
                    expr: col(),
                    list: listed,
                    negated: false,
                });
                let null = values.iter().any(Option::is_none).then(|| Expr::IsNull {
                    expr: col(),
                    negated: false,
                });
                match (in_list, null) {
                    (Some(a), Some(b)) => Some(binary(BinaryOp::Or, a, b)),
                    (a, b) => a.or(b),
                }
            }
            PartitionBound::Hash { .. } | PartitionBound::Default => None,
        }
    }
}

fn and(a: Expr, b: Expr) -> Expr {
    binary(BinaryOp::And, a, b)
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    Expr::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    }
}

/// A bound value as plain text: `'2022-01-01 00:00:00+00'` is `2022-01-01 00:00:00+00`,
/// `10` is `10`, `NULL` (and MINVALUE/MAXVALUE) is `None`.
fn literal_text(expr: &sql::Expr) -> Option<String> {
    match expr {
        sql::Expr::Value(v) => match &v.value {
            sql::Value::Null => None,
            sql::Value::Number(n, _) => Some(n.to_string()),
            sql::Value::SingleQuotedString(s) | sql::Value::DoubleQuotedString(s) => {
                Some(utc_timestamp(s).unwrap_or_else(|| s.clone()))
            }
            sql::Value::Boolean(b) => Some(b.to_string()),
            other => Some(other.to_string()),
        },
        sql::Expr::Cast { expr, .. } | sql::Expr::Nested(expr) => literal_text(expr),
        sql::Expr::UnaryOp {
            op: sql::UnaryOperator::Minus,
            expr,
        } => literal_text(expr).map(|n| format!("-{n}")),
        sql::Expr::Identifier(ident)
            if ident.value.eq_ignore_ascii_case("minvalue")
                || ident.value.eq_ignore_ascii_case("maxvalue") =>
        {
            None
        }
        other => Some(other.to_string()),
    }
}

/// A timestamp with an offset (`2022-04-01 01:00:00+01`) in UTC (`2022-04-01 00:00:00+00`):
/// the catalog prints bounds in the server's time zone, a script in its author's.
fn utc_timestamp(text: &str) -> Option<String> {
    let padded = match text.rfind(['+', '-']) {
        Some(at) if at > 10 && text[at + 1..].len() == 2 => format!("{text}:00"),
        _ => text.to_string(),
    };
    let parsed = chrono::DateTime::parse_from_str(&padded, "%Y-%m-%d %H:%M:%S%:z").ok()?;
    Some(
        parsed
            .naive_utc()
            .format("%Y-%m-%d %H:%M:%S+00")
            .to_string(),
    )
}

fn is_plain_column(key: &str) -> bool {
    !key.contains(['(', ' ', ':'])
}

fn unquote(name: &str) -> String {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => name.to_string(),
    }
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut quote) = (0i32, 0, None);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bounds_as_postgres_prints_them() {
        assert_eq!(
            PartitionBound::parse(
                "FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')"
            ),
            Some(PartitionBound::Range {
                from: vec![Some("2022-01-01 00:00:00+00".into())],
                to: vec![Some("2022-02-01 00:00:00+00".into())],
            })
        );
        assert_eq!(
            PartitionBound::parse("FOR VALUES FROM (MINVALUE) TO (10)"),
            Some(PartitionBound::Range {
                from: vec![None],
                to: vec![Some("10".into())],
            })
        );
        assert_eq!(
            PartitionBound::parse("FOR VALUES IN ('eu', NULL)"),
            Some(PartitionBound::List {
                values: vec![Some("eu".into()), None],
            })
        );
        assert_eq!(
            PartitionBound::parse("FOR VALUES WITH (modulus 4, remainder 1)"),
            Some(PartitionBound::Hash {
                modulus: 4,
                remainder: 1
            })
        );
        assert_eq!(
            PartitionBound::parse("DEFAULT"),
            Some(PartitionBound::Default)
        );
        let key = Partitioning::parse_key("RANGE (payment_date)").unwrap();
        assert_eq!(key.strategy, PartitionStrategy::Range);
        assert_eq!(key.key, vec!["payment_date".to_string()]);
    }

    #[test]
    fn condition_is_the_union_of_the_partitions() {
        let mut p = Partitioning::parse_key("LIST (region)").unwrap();
        p.partitions
            .push(Partition::parse("eu", "FOR VALUES IN ('fr', 'de')").unwrap());
        p.partitions
            .push(Partition::parse("us", "FOR VALUES IN ('us')").unwrap());
        assert_eq!(
            p.condition().unwrap().to_string(),
            "(region IN ('fr', 'de')) OR (region IN ('us'))"
        );
        assert_eq!(p.list_values().unwrap(), vec!["fr", "de", "us"]);
        p.partitions
            .push(Partition::parse("rest", "DEFAULT").unwrap());
        assert_eq!(p.condition(), None, "a DEFAULT partition takes any row");
    }
}
