//! Regular-expression CHECKs: matching a value with a real regex engine (the `regex` crate), and
//! drawing text that matches a pattern (`rand_regex` over `regex-syntax`).
//!
//! Patterns arrive in Rust regex syntax ([`crate::schema::PatternSyntax::to_regex`] turns
//! `SIMILAR TO` and `GLOB` into it). Drawn text keeps to printable ASCII wherever the pattern
//! allows, so `.` or `[^,]` never yields a control character a database would refuse. Compiled
//! patterns are cached per thread: a CHECK is compiled once, not once per row.

use std::cell::RefCell;
use std::collections::HashMap;

use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
};

use super::rng::CellRng;

/// The longest run an unbounded repetition (`*`, `+`, `{n,}`) draws.
const MAX_REPEAT: u32 = 12;

thread_local! {
    static MATCHERS: RefCell<HashMap<String, Option<regex::Regex>>> = RefCell::new(HashMap::new());
    static DRAWERS: RefCell<HashMap<String, Option<rand_regex::Regex>>> = RefCell::new(HashMap::new());
}

/// Whether `text` matches `pattern` (anywhere, as POSIX `~` does; anchors in the pattern
/// anchor it). `None` when the pattern is not one the regex engine reads.
pub fn matches(pattern: &str, case_insensitive: bool, text: &str) -> Option<bool> {
    let key = if case_insensitive {
        format!("(?i){pattern}")
    } else {
        pattern.to_string()
    };
    MATCHERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let regex = cache
            .entry(key.clone())
            .or_insert_with(|| regex::Regex::new(&key).ok());
        regex.as_ref().map(|r| r.is_match(text))
    })
}

/// True when sprout can draw text for `pattern`.
pub fn can_draw(pattern: &str) -> bool {
    with_drawer(pattern, |d| d.is_some())
}

/// Text matching `pattern`, from the cell's stream; `None` when the pattern cannot be drawn
/// from (it does not parse, or needs look-around).
pub fn draw(pattern: &str, rng: &mut CellRng) -> Option<String> {
    with_drawer(pattern, |drawer| {
        drawer.map(|d| rand::distr::Distribution::<String>::sample(d, rng.inner()))
    })
}

fn with_drawer<T>(pattern: &str, f: impl FnOnce(Option<&rand_regex::Regex>) -> T) -> T {
    DRAWERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let drawer = cache
            .entry(pattern.to_string())
            .or_insert_with(|| compile_drawer(pattern));
        f(drawer.as_ref())
    })
}

fn compile_drawer(pattern: &str) -> Option<rand_regex::Regex> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    rand_regex::Regex::with_hir(printable(hir), MAX_REPEAT).ok()
}

/// The same pattern with every character class narrowed to printable ASCII where the class
/// has some printable ASCII (else left as it is), and anchors dropped: a drawn string is the
/// whole match, so `^` and `$` hold by construction.
fn printable(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut narrowed = class.clone();
            narrowed.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            let class = if narrowed.ranges().is_empty() {
                class
            } else {
                narrowed
            };
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut narrowed = class.clone();
            narrowed.intersect(&ClassBytes::new([ClassBytesRange::new(b' ', b'~')]));
            let class = if narrowed.ranges().is_empty() {
                class
            } else {
                narrowed
            };
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(printable(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(mut capture) => {
            capture.sub = Box::new(printable(*capture.sub));
            Hir::capture(capture)
        }
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(printable).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.into_iter().map(printable).collect()),
        other => other_kind(other),
    }
}

/// Rebuilds a leaf kind (empty, literal, look) unchanged.
fn other_kind(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Look(_) => Hir::empty(),
        _ => unreachable!("compound kinds are rebuilt by printable"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::rng::Cell;

    #[test]
    fn drawn_text_matches_and_stays_printable() {
        for pattern in [
            "^[a-z0-9_]{1,100}$",
            "^[A-Z]{2}-[0-9]{4}$",
            "^[^,]+$",
            "^.{3,8}$",
            "^(foo|bar)\\d+$",
            "^[[:alpha:]]+$",
        ] {
            for row in 0..50 {
                let mut rng = Cell {
                    seed: 1,
                    table: "t",
                    column: "c",
                    row,
                    attempt: 0,
                }
                .rng();
                let text = draw(pattern, &mut rng).unwrap();
                assert_eq!(
                    matches(pattern, false, &text),
                    Some(true),
                    "{pattern}: {text:?}"
                );
                assert!(
                    text.chars().all(|c| (' '..='~').contains(&c)),
                    "{pattern}: {text:?}"
                );
            }
        }
        assert!(
            !can_draw("(?<=a)b"),
            "look-behind is refused, not drawn wrongly"
        );
    }
}
