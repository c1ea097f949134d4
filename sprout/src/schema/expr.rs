//! CHECK and partial-index predicates as a small expression tree.
//!
//! Sources hand the SQL text of a predicate to [`parse_expr`], which reads it with sqlparser
//! and folds the spellings databases rewrite into one canonical form, so a CHECK read from a
//! DDL file equals the same CHECK read back from the catalog:
//! casts are dropped (`(0)::numeric` is `0`), `x = ANY (ARRAY[..])` is `x IN (..)`,
//! `x BETWEEN a AND b` is `x >= a AND x <= b`, identifiers are folded the way the dialect folds
//! them, and redundant parentheses disappear.

use std::fmt;

use serde::{Deserialize, Serialize};
use sqlparser::ast as sql;
use sqlparser::parser::{Parser, ParserError};

use super::Dialect;

/// A predicate or value expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// A column of the row.
    Column(String),
    /// A constant.
    Literal(Literal),
    /// `NOT e`, `-e`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `l op r`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `e [NOT] IN (list)`.
    InList {
        /// The tested expression.
        expr: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `e IS [NOT] NULL`.
    IsNull {
        /// The tested expression.
        expr: Box<Expr>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `e [NOT] LIKE pattern` (`ILIKE` when `case_insensitive`).
    Like {
        /// The tested expression.
        expr: Box<Expr>,
        /// The pattern.
        pattern: Box<Expr>,
        /// `NOT LIKE`.
        negated: bool,
        /// `ILIKE`.
        case_insensitive: bool,
    },
    /// A pattern match in the pattern's own syntax: `e ~ 'regex'` (`~*`, `!~`), MySQL `REGEXP` /
    /// `RLIKE`, `e SIMILAR TO 'pattern'`, SQLite `e GLOB 'pattern'`.
    Matches {
        /// The tested expression.
        expr: Box<Expr>,
        /// The pattern.
        pattern: Box<Expr>,
        /// How the pattern is written.
        syntax: PatternSyntax,
        /// `!~`, `NOT REGEXP`, `NOT SIMILAR TO`.
        negated: bool,
        /// `~*`.
        case_insensitive: bool,
    },
    /// A function call, name lowercased (`length(name)`).
    Function {
        /// Function name.
        name: String,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// Anything sprout cannot read, with its SQL text.
    Unsupported(String),
}

/// A constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    /// `NULL`.
    Null,
    /// `TRUE` / `FALSE`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    Text(String),
}

/// The syntax of a pattern in [`Expr::Matches`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternSyntax {
    /// A POSIX-style regular expression, matched anywhere in the text (`~`, `REGEXP`).
    Regex,
    /// SQL `SIMILAR TO`: a regular expression with `%` and `_`, matching the whole text.
    Similar,
    /// SQLite `GLOB`: `*`, `?` and `[..]`, matching the whole text, case-sensitive.
    Glob,
}

impl PatternSyntax {
    /// The pattern as a regular expression in Rust's `regex` syntax, anchored where the syntax
    /// matches the whole text.
    pub fn to_regex(self, pattern: &str) -> String {
        match self {
            PatternSyntax::Regex => pattern.to_string(),
            PatternSyntax::Similar => {
                let mut out = String::from("^(?:");
                let mut chars = pattern.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '%' => out.push_str(".*"),
                        '_' => out.push('.'),
                        '\\' => {
                            if let Some(next) = chars.next() {
                                out.push_str(&regex_escape(next));
                            }
                        }
                        '.' | '^' | '$' => out.push_str(&regex_escape(c)),
                        other => out.push(other),
                    }
                }
                out.push_str(")$");
                out
            }
            PatternSyntax::Glob => {
                let mut out = String::from("^");
                let mut in_class = false;
                for c in pattern.chars() {
                    match c {
                        '*' if !in_class => out.push_str(".*"),
                        '?' if !in_class => out.push('.'),
                        '[' if !in_class => {
                            in_class = true;
                            out.push('[');
                        }
                        ']' if in_class => {
                            in_class = false;
                            out.push(']');
                        }
                        '^' if in_class && out.ends_with('[') => out.push('^'),
                        c if in_class => out.push(c),
                        c => out.push_str(&regex_escape(c)),
                    }
                }
                out.push('$');
                out
            }
        }
    }
}

fn regex_escape(c: char) -> String {
    if c.is_ascii_punctuation() {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnaryOp {
    /// Logical negation.
    Not,
    /// Arithmetic negation.
    Neg,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinaryOp {
    /// `AND`
    And,
    /// `OR`
    Or,
    /// `=`
    Eq,
    /// `<>`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `||`
    Concat,
}

impl BinaryOp {
    fn symbol(self) -> &'static str {
        match self {
            BinaryOp::And => "AND",
            BinaryOp::Or => "OR",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Concat => "||",
        }
    }

    fn from_sql(op: &sql::BinaryOperator) -> Option<BinaryOp> {
        use sql::BinaryOperator as B;
        Some(match op {
            B::And => BinaryOp::And,
            B::Or => BinaryOp::Or,
            B::Eq => BinaryOp::Eq,
            B::NotEq => BinaryOp::NotEq,
            B::Lt => BinaryOp::Lt,
            B::LtEq => BinaryOp::LtEq,
            B::Gt => BinaryOp::Gt,
            B::GtEq => BinaryOp::GtEq,
            B::Plus => BinaryOp::Add,
            B::Minus => BinaryOp::Sub,
            B::Multiply => BinaryOp::Mul,
            B::Divide => BinaryOp::Div,
            B::Modulo => BinaryOp::Mod,
            B::StringConcat => BinaryOp::Concat,
            _ => return None,
        })
    }
}

/// Parses a predicate's SQL text (with or without its `CHECK (..)` wrapper) into the canonical
/// tree. Parts sprout cannot read become [`Expr::Unsupported`] inside the tree; an error is
/// returned only when sqlparser cannot read the text at all.
pub fn parse_expr(text: &str, dialect: Dialect) -> Result<Expr, ParserError> {
    let text = strip_check_keyword(text);
    let parser_dialect = dialect.sql().parser();
    let mut parser = Parser::new(parser_dialect.as_ref()).try_with_sql(text)?;
    let parsed = parser.parse_expr()?;
    Ok(from_sql(&parsed, dialect))
}

/// The canonical spelling of a SQL expression (a default, a generation expression): parsed and
/// printed back with casts, redundant parentheses and case differences folded away, so
/// `('G'::public.mpaa_rating)` and `'G'` compare equal. Text that does not parse is returned
/// trimmed.
///
/// ```
/// use sprout::{Dialect, schema::canonical_sql};
/// assert_eq!(canonical_sql("('G'::public.mpaa_rating)", Dialect::Postgres), "'G'");
/// assert_eq!(canonical_sql("CURRENT_TIMESTAMP", Dialect::Mysql), canonical_sql("current_timestamp()", Dialect::Mysql));
/// ```
pub fn canonical_sql(text: &str, dialect: Dialect) -> String {
    let parsed = parse_expr(text, dialect);
    match parsed {
        // MySQL and SQLite have no boolean values: TRUE is 1 and FALSE is 0.
        Ok(Expr::Literal(Literal::Bool(b))) if dialect != Dialect::Postgres => {
            u8::from(b).to_string()
        }
        Ok(expr) => expr.to_string(),
        Err(_) => text.trim().to_string(),
    }
}

fn strip_check_keyword(text: &str) -> &str {
    let trimmed = text.trim();
    match trimmed.get(..5) {
        Some(head) if head.eq_ignore_ascii_case("check") => trimmed[5..].trim_start(),
        _ => trimmed,
    }
}

impl Dialect {
    /// An identifier's name as the dialect stores it: PostgreSQL folds unquoted names to lower
    /// case; MySQL and SQLite keep them as written.
    pub(crate) fn ident_name(self, ident: &sql::Ident) -> String {
        if ident.quote_style.is_none() && self.sql().folds_to_lower_case() {
            ident.value.to_lowercase()
        } else {
            ident.value.clone()
        }
    }
}

/// Converts a sqlparser expression into the canonical tree.
pub(crate) fn from_sql(expr: &sql::Expr, dialect: Dialect) -> Expr {
    let conv = |e: &sql::Expr| Box::new(from_sql(e, dialect));
    let unsupported = || Expr::Unsupported(expr.to_string());
    match expr {
        sql::Expr::Identifier(ident) => Expr::Column(dialect.ident_name(ident)),
        sql::Expr::CompoundIdentifier(parts) => match parts.last() {
            Some(last) => Expr::Column(dialect.ident_name(last)),
            None => unsupported(),
        },
        sql::Expr::Nested(inner) => from_sql(inner, dialect),
        sql::Expr::Cast { expr, .. } => from_sql(expr, dialect),
        sql::Expr::Collate { expr, .. } => from_sql(expr, dialect),
        sql::Expr::Value(value) => literal(&value.value).map_or_else(unsupported, Expr::Literal),
        sql::Expr::TypedString(typed) => {
            literal(&typed.value.value).map_or_else(unsupported, Expr::Literal)
        }
        sql::Expr::UnaryOp { op, expr: inner } => match op {
            sql::UnaryOperator::Not => Expr::Unary {
                op: UnaryOp::Not,
                expr: conv(inner),
            },
            sql::UnaryOperator::Minus => match from_sql(inner, dialect) {
                Expr::Literal(Literal::Number(n)) => {
                    Expr::Literal(Literal::Number(format!("-{n}")))
                }
                other => Expr::Unary {
                    op: UnaryOp::Neg,
                    expr: Box::new(other),
                },
            },
            sql::UnaryOperator::Plus => from_sql(inner, dialect),
            _ => unsupported(),
        },
        sql::Expr::BinaryOp { left, op, right }
            if matches!(
                op,
                sql::BinaryOperator::PGRegexMatch
                    | sql::BinaryOperator::PGRegexIMatch
                    | sql::BinaryOperator::PGRegexNotMatch
                    | sql::BinaryOperator::PGRegexNotIMatch
                    | sql::BinaryOperator::Regexp
                    | sql::BinaryOperator::Glob
            ) =>
        {
            use sql::BinaryOperator as B;
            // PostgreSQL stores `x SIMILAR TO 'p'` as `x ~ similar_to_escape('p')`.
            let (pattern, similar) = match from_sql(right, dialect) {
                Expr::Function { name, mut args }
                    if name == "similar_to_escape" && args.len() == 1 =>
                {
                    (Box::new(args.remove(0)), true)
                }
                other => (Box::new(other), false),
            };
            Expr::Matches {
                expr: conv(left),
                pattern,
                syntax: if *op == B::Glob {
                    PatternSyntax::Glob
                } else if similar {
                    PatternSyntax::Similar
                } else {
                    PatternSyntax::Regex
                },
                negated: matches!(op, B::PGRegexNotMatch | B::PGRegexNotIMatch),
                case_insensitive: matches!(op, B::PGRegexIMatch | B::PGRegexNotIMatch),
            }
        }
        sql::Expr::RLike {
            negated,
            expr: inner,
            pattern,
            ..
        } => Expr::Matches {
            expr: conv(inner),
            pattern: conv(pattern),
            syntax: PatternSyntax::Regex,
            negated: *negated,
            case_insensitive: false,
        },
        sql::Expr::SimilarTo {
            negated,
            expr: inner,
            pattern,
            escape_char: None,
        } => Expr::Matches {
            expr: conv(inner),
            pattern: conv(pattern),
            syntax: PatternSyntax::Similar,
            negated: *negated,
            case_insensitive: false,
        },
        sql::Expr::BinaryOp { left, op, right } => match BinaryOp::from_sql(op) {
            Some(op) => Expr::Binary {
                op,
                left: conv(left),
                right: conv(right),
            },
            None => unsupported(),
        },
        sql::Expr::Between {
            expr: inner,
            negated,
            low,
            high,
        } => {
            let range = Expr::Binary {
                op: BinaryOp::And,
                left: Box::new(Expr::Binary {
                    op: BinaryOp::GtEq,
                    left: conv(inner),
                    right: conv(low),
                }),
                right: Box::new(Expr::Binary {
                    op: BinaryOp::LtEq,
                    left: conv(inner),
                    right: conv(high),
                }),
            };
            if *negated {
                Expr::Unary {
                    op: UnaryOp::Not,
                    expr: Box::new(range),
                }
            } else {
                range
            }
        }
        sql::Expr::In {
            expr: inner,
            target: sql::InTarget::List(list),
            negated,
            ..
        } => Expr::InList {
            expr: conv(inner),
            list: list.iter().map(|e| from_sql(e, dialect)).collect(),
            negated: *negated,
        },
        // PostgreSQL stores `x IN (..)` as `x = ANY (ARRAY[..])` and `NOT IN` as `<> ALL`.
        sql::Expr::AnyOp {
            left,
            compare_op: sql::BinaryOperator::Eq,
            right,
            ..
        } => array_elements(right, dialect).map_or_else(unsupported, |list| Expr::InList {
            expr: conv(left),
            list,
            negated: false,
        }),
        sql::Expr::AllOp {
            left,
            compare_op: sql::BinaryOperator::NotEq,
            right,
        } => array_elements(right, dialect).map_or_else(unsupported, |list| Expr::InList {
            expr: conv(left),
            list,
            negated: true,
        }),
        sql::Expr::IsNull(inner) => Expr::IsNull {
            expr: conv(inner),
            negated: false,
        },
        sql::Expr::IsNotNull(inner) => Expr::IsNull {
            expr: conv(inner),
            negated: true,
        },
        sql::Expr::IsTrue(inner) => Expr::Binary {
            op: BinaryOp::Eq,
            left: conv(inner),
            right: Box::new(Expr::Literal(Literal::Bool(true))),
        },
        sql::Expr::IsFalse(inner) => Expr::Binary {
            op: BinaryOp::Eq,
            left: conv(inner),
            right: Box::new(Expr::Literal(Literal::Bool(false))),
        },
        sql::Expr::Like {
            negated,
            expr: inner,
            pattern,
            escape_char: None,
            any: false,
        } => Expr::Like {
            expr: conv(inner),
            pattern: conv(pattern),
            negated: *negated,
            case_insensitive: false,
        },
        sql::Expr::ILike {
            negated,
            expr: inner,
            pattern,
            escape_char: None,
            any: false,
        } => Expr::Like {
            expr: conv(inner),
            pattern: conv(pattern),
            negated: *negated,
            case_insensitive: true,
        },
        sql::Expr::Function(function) => {
            function_call(function, dialect).unwrap_or_else(unsupported)
        }
        sql::Expr::Position { expr: inner, r#in } => Expr::Function {
            name: "position".into(),
            args: vec![from_sql(inner, dialect), from_sql(r#in, dialect)],
        },
        sql::Expr::Substring {
            expr: inner,
            substring_from,
            substring_for,
            ..
        } => Expr::Function {
            name: "substring".into(),
            args: std::iter::once(from_sql(inner, dialect))
                .chain(substring_from.iter().map(|e| from_sql(e, dialect)))
                .chain(substring_for.iter().map(|e| from_sql(e, dialect)))
                .collect(),
        },
        // `EXTRACT(year FROM d)` is `date_part('year', d)`, as PostgreSQL spells it too.
        sql::Expr::Extract {
            field, expr: inner, ..
        } => Expr::Function {
            name: "date_part".into(),
            args: vec![
                Expr::Literal(Literal::Text(field.to_string().to_lowercase())),
                from_sql(inner, dialect),
            ],
        },
        _ => unsupported(),
    }
}

fn array_elements(expr: &sql::Expr, dialect: Dialect) -> Option<Vec<Expr>> {
    match expr {
        sql::Expr::Nested(inner) | sql::Expr::Cast { expr: inner, .. } => {
            array_elements(inner, dialect)
        }
        sql::Expr::Array(array) => Some(array.elem.iter().map(|e| from_sql(e, dialect)).collect()),
        _ => None,
    }
}

fn function_call(function: &sql::Function, dialect: Dialect) -> Option<Expr> {
    let name = function.name.0.last()?.as_ident()?.value.to_lowercase();
    let args = match &function.args {
        sql::FunctionArguments::None => Vec::new(),
        sql::FunctionArguments::List(list) if list.duplicate_treatment.is_none() => list
            .args
            .iter()
            .map(|arg| match arg {
                sql::FunctionArg::Unnamed(sql::FunctionArgExpr::Expr(e)) => {
                    Some(from_sql(e, dialect))
                }
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    Some(Expr::Function { name, args })
}

fn literal(value: &sql::Value) -> Option<Literal> {
    Some(match value {
        sql::Value::Null => Literal::Null,
        sql::Value::Boolean(b) => Literal::Bool(*b),
        sql::Value::Number(n, _) => Literal::Number(canonical_number(&n.to_string())),
        sql::Value::SingleQuotedString(s)
        | sql::Value::DoubleQuotedString(s)
        | sql::Value::EscapedStringLiteral(s)
        | sql::Value::NationalStringLiteral(s) => Literal::Text(s.clone()),
        _ => return None,
    })
}

/// `5.50` is `5.5` and `0.00` is `0`: catalogs print numeric constants at the column's scale.
fn canonical_number(text: &str) -> String {
    if text.contains('.') && !text.contains(['e', 'E']) {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        }
    } else {
        text.to_string()
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("NULL"),
            Literal::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Literal::Number(n) => f.write_str(n),
            Literal::Text(s) => write!(f, "'{}'", s.replace('\'', "''")),
        }
    }
}

impl fmt::Display for Expr {
    /// Prints the expression as SQL, parenthesising every compound operand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Operand<'a>(&'a Expr);
        impl fmt::Display for Operand<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    Expr::Column(_) | Expr::Literal(_) | Expr::Function { .. } => {
                        write!(f, "{}", self.0)
                    }
                    other => write!(f, "({other})"),
                }
            }
        }
        let not = |negated: bool| if negated { "NOT " } else { "" };
        match self {
            Expr::Column(name) => f.write_str(name),
            Expr::Literal(lit) => write!(f, "{lit}"),
            Expr::Unary {
                op: UnaryOp::Not,
                expr,
            } => write!(f, "NOT {}", Operand(expr)),
            Expr::Unary {
                op: UnaryOp::Neg,
                expr,
            } => write!(f, "-{}", Operand(expr)),
            Expr::Binary { op, left, right } => {
                write!(f, "{} {} {}", Operand(left), op.symbol(), Operand(right))
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => {
                write!(f, "{} {}IN (", Operand(expr), not(*negated))?;
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str(")")
            }
            Expr::IsNull { expr, negated } => {
                write!(f, "{} IS {}NULL", Operand(expr), not(*negated))
            }
            Expr::Like {
                expr,
                pattern,
                negated,
                case_insensitive,
            } => {
                let op = if *case_insensitive { "ILIKE" } else { "LIKE" };
                write!(
                    f,
                    "{} {}{op} {}",
                    Operand(expr),
                    not(*negated),
                    Operand(pattern)
                )
            }
            Expr::Matches {
                expr,
                pattern,
                syntax,
                negated,
                case_insensitive,
            } => {
                let op = match (syntax, negated, case_insensitive) {
                    (PatternSyntax::Regex, false, false) => "~",
                    (PatternSyntax::Regex, false, true) => "~*",
                    (PatternSyntax::Regex, true, false) => "!~",
                    (PatternSyntax::Regex, true, true) => "!~*",
                    (PatternSyntax::Similar, false, _) => "SIMILAR TO",
                    (PatternSyntax::Similar, true, _) => "NOT SIMILAR TO",
                    (PatternSyntax::Glob, false, _) => "GLOB",
                    (PatternSyntax::Glob, true, _) => "NOT GLOB",
                };
                write!(f, "{} {op} {}", Operand(expr), Operand(pattern))
            }
            Expr::Function { name, args } => {
                write!(f, "{name}(")?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(")")
            }
            Expr::Unsupported(text) => f.write_str(text),
        }
    }
}

impl Expr {
    /// Every column the expression reads.
    pub fn columns(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Column(name) = e {
                out.push(name.as_str());
            }
        });
        out
    }

    /// True when some part is [`Expr::Unsupported`].
    pub fn has_unsupported(&self) -> bool {
        let mut found = false;
        self.visit(&mut |e| found |= matches!(e, Expr::Unsupported(_)));
        found
    }

    fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Column(_) | Expr::Literal(_) | Expr::Unsupported(_) => {}
            Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => expr.visit(f),
            Expr::Binary { left, right, .. } => {
                left.visit(f);
                right.visit(f);
            }
            Expr::Like { expr, pattern, .. } | Expr::Matches { expr, pattern, .. } => {
                expr.visit(f);
                pattern.visit(f);
            }
            Expr::InList { expr, list, .. } => {
                expr.visit(f);
                list.iter().for_each(|e| e.visit(f));
            }
            Expr::Function { args, .. } => args.iter().for_each(|e| e.visit(f)),
        }
    }

    /// Replaces every column reference named `from` (case-insensitively) with `to`; used to turn
    /// a domain's `VALUE` into the column that has the domain.
    pub fn rename_column(&mut self, from: &str, to: &str) {
        match self {
            Expr::Column(name) if name.eq_ignore_ascii_case(from) => *name = to.to_string(),
            Expr::Column(_) | Expr::Literal(_) | Expr::Unsupported(_) => {}
            Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => expr.rename_column(from, to),
            Expr::Binary { left, right, .. } => {
                left.rename_column(from, to);
                right.rename_column(from, to);
            }
            Expr::Like { expr, pattern, .. } | Expr::Matches { expr, pattern, .. } => {
                expr.rename_column(from, to);
                pattern.rename_column(from, to);
            }
            Expr::InList { expr, list, .. } => {
                expr.rename_column(from, to);
                list.iter_mut().for_each(|e| e.rename_column(from, to));
            }
            Expr::Function { args, .. } => args.iter_mut().for_each(|e| e.rename_column(from, to)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(text: &str) -> String {
        parse_expr(text, Dialect::Postgres).unwrap().to_string()
    }

    #[test]
    fn catalog_and_ddl_spellings_agree() {
        assert_eq!(pg("CHECK ((price >= (0)::numeric))"), pg("price >= 0"));
        assert_eq!(
            pg(
                "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"
            ),
            pg("status IN ('a', 'b')")
        );
        assert_eq!(pg("x BETWEEN 1 AND 5"), "(x >= 1) AND (x <= 5)");
        assert_eq!(pg("Ends_At > \"Starts_At\""), "ends_at > Starts_At");
        assert_eq!(pg("length(code) = 5"), "length(code) = 5");
        assert_eq!(pg("x NOT IN (1, 2)"), pg("(x <> ALL (ARRAY[1, 2]))"));
        assert_eq!(pg("-5 < x"), "-5 < x");
        assert_eq!(pg("price >= 0.00"), "price >= 0");
        assert_eq!(pg("price >= 2.50"), "price >= 2.5");
    }

    #[test]
    fn unknown_parts_are_kept_as_text() {
        let expr = parse_expr("x @> ARRAY[1]", Dialect::Postgres).unwrap();
        assert!(matches!(expr, Expr::Unsupported(_)), "{expr:?}");
        assert!(parse_expr("x >", Dialect::Postgres).is_err());
    }

    #[test]
    fn pattern_matches_keep_their_syntax() {
        let pg = |s| parse_expr(s, Dialect::Postgres).unwrap();
        assert_eq!(pg("x ~ '^[a-z]+$'").to_string(), "x ~ '^[a-z]+$'");
        assert_eq!(pg("x !~* 'a'").to_string(), "x !~* 'a'");
        assert_eq!(
            pg("(sku ~ similar_to_escape('[A-Z]{3}'::text))"),
            pg("sku SIMILAR TO '[A-Z]{3}'"),
            "the catalog's spelling of SIMILAR TO reads as SIMILAR TO"
        );
        let my = parse_expr("code REGEXP '^[0-9]+$'", Dialect::Mysql).unwrap();
        assert_eq!(my.to_string(), "code ~ '^[0-9]+$'");
        let lite = parse_expr("name GLOB '[A-Z]*'", Dialect::Sqlite).unwrap();
        assert_eq!(lite.to_string(), "name GLOB '[A-Z]*'");
        assert_eq!(PatternSyntax::Glob.to_regex("[A-Z]*"), "^[A-Z].*$");
        assert_eq!(PatternSyntax::Similar.to_regex("a%_"), "^(?:a.*.)$");
    }

    #[test]
    fn domain_value_becomes_the_column() {
        let mut expr = parse_expr("VALUE >= 1901 AND VALUE <= 2155", Dialect::Postgres).unwrap();
        expr.rename_column("value", "release_year");
        assert_eq!(
            expr.to_string(),
            "(release_year >= 1901) AND (release_year <= 2155)"
        );
    }
}
