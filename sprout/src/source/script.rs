//! Splits a SQL script into statements, the way the database's own command-line client does.
//!
//! sqlparser parses one statement at a time well, but a real dump is more than SQL: psql
//! meta-commands (`\c chinook`), the MySQL client's `DELIMITER ;;` blocks around triggers,
//! dollar-quoted function bodies and comments full of semicolons. This splitter knows those
//! client conventions, so the DDL source can parse the statements it needs, skip the others,
//! and report errors at the script's own line and column; tests and seeding use it to run a
//! script one statement at a time.

/// One statement of a script, without its delimiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptStatement {
    /// The statement's text.
    pub text: String,
    /// 1-based line of its first character in the script.
    pub line: usize,
    /// 1-based column of its first character in the script.
    pub column: usize,
}

/// One piece of a script: a statement for the server, or a psql meta-command for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptItem {
    /// A statement, without its delimiter.
    Statement(ScriptStatement),
    /// A psql meta-command line (`\c chinook`), as written, with its 1-based line.
    Meta {
        /// The line's text, from its backslash.
        text: String,
        /// 1-based line in the script.
        line: usize,
    },
}

/// Splits `script` into statements. Comments before a statement are dropped; comments inside
/// are kept. psql meta-commands and `DELIMITER` directives are consumed, never returned.
pub fn split_statements(script: &str) -> Vec<ScriptStatement> {
    split_script(script)
        .into_iter()
        .filter_map(|item| match item {
            ScriptItem::Statement(statement) => Some(statement),
            ScriptItem::Meta { .. } => None,
        })
        .collect()
}

/// Splits `script` into statements and psql meta-commands, in order, for a runner that does
/// what psql does with them (`\c db` moves to another database).
pub fn split_script(script: &str) -> Vec<ScriptItem> {
    Splitter::new(script).run()
}

struct Splitter {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    column: usize,
    delimiter: String,
    items: Vec<ScriptItem>,
}

impl Splitter {
    fn new(script: &str) -> Self {
        Splitter {
            chars: script.chars().collect(),
            pos: 0,
            line: 1,
            column: 1,
            delimiter: ";".to_string(),
            items: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<ScriptItem> {
        loop {
            self.skip_blank_and_comments();
            if self.pos >= self.chars.len() {
                break;
            }
            if self.at_line_start_directive() {
                continue;
            }
            self.read_statement();
        }
        self.items
    }

    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek(i) == Some(c))
    }

    fn starts_with_ignore_case(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek(i).is_some_and(|p| p.eq_ignore_ascii_case(&c)))
    }

    fn skip_line(&mut self) -> String {
        let mut line = String::new();
        while let Some(c) = self.peek(0) {
            if c == '\n' {
                break;
            }
            line.push(c);
            self.bump();
        }
        line
    }

    fn skip_blank_and_comments(&mut self) {
        loop {
            match self.peek(0) {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('-') if self.peek(1) == Some('-') => {
                    self.skip_line();
                }
                Some('#') if self.column == 1 => {
                    self.skip_line();
                }
                Some('/') if self.peek(1) == Some('*') && self.peek(2) != Some('!') => {
                    self.skip_block_comment();
                }
                _ => return,
            }
        }
    }

    fn skip_block_comment(&mut self) {
        self.bump();
        self.bump();
        while self.pos < self.chars.len() {
            if self.starts_with("*/") {
                self.bump();
                self.bump();
                return;
            }
            self.bump();
        }
    }

    /// Consumes a psql meta-command (`\c db`) or a `DELIMITER x` directive; true if it did.
    fn at_line_start_directive(&mut self) -> bool {
        if self.peek(0) == Some('\\') {
            let line = self.line;
            let text = self.skip_line();
            self.items.push(ScriptItem::Meta { text, line });
            return true;
        }
        if self.starts_with_ignore_case("delimiter")
            && self.peek(9).is_some_and(|c| c == ' ' || c == '\t')
        {
            let line = self.skip_line();
            let delimiter = line[9..].trim();
            if !delimiter.is_empty() {
                self.delimiter = delimiter.to_string();
            }
            return true;
        }
        false
    }

    fn read_statement(&mut self) {
        let (line, column) = (self.line, self.column);
        let mut text = String::new();
        while self.pos < self.chars.len() {
            if self.starts_with(&self.delimiter.clone()) {
                for _ in 0..self.delimiter.chars().count() {
                    self.bump();
                }
                if inside_trigger_body(&text) {
                    text.push_str(&self.delimiter);
                    continue;
                }
                break;
            }
            let c = self.peek(0).unwrap_or_default();
            match c {
                '\'' | '"' | '`' => self.copy_quoted(c, &mut text),
                '$' => self.copy_dollar_quoted(&mut text),
                '-' if self.peek(1) == Some('-') => {
                    let comment = self.skip_line();
                    text.push_str(&comment);
                }
                '/' if self.peek(1) == Some('*') => {
                    let start = self.pos;
                    self.skip_block_comment();
                    text.extend(&self.chars[start..self.pos]);
                }
                _ => {
                    text.push(c);
                    self.bump();
                }
            }
        }
        let text = text.trim_end().to_string();
        if !text.is_empty() {
            self.items.push(ScriptItem::Statement(ScriptStatement {
                text,
                line,
                column,
            }));
        }
    }

    fn copy_quoted(&mut self, quote: char, text: &mut String) {
        text.push(quote);
        self.bump();
        while let Some(c) = self.bump() {
            text.push(c);
            if c == '\\' && quote != '`' {
                // MySQL escapes; harmless for the other dialects' quoting rules here because a
                // backslash never ends a string in them.
                if let Some(next) = self.bump() {
                    text.push(next);
                }
            } else if c == quote {
                if self.peek(0) == Some(quote) {
                    text.push(quote);
                    self.bump();
                } else {
                    return;
                }
            }
        }
    }

    fn copy_dollar_quoted(&mut self, text: &mut String) {
        // `$tag$ ... $tag$` (PostgreSQL); a lone `$1` placeholder is copied as is.
        let mut tag_len = 1;
        while let Some(c) = self.peek(tag_len) {
            if c == '$' {
                break;
            }
            if !(c.is_alphanumeric() || c == '_') || (tag_len == 1 && c.is_ascii_digit()) {
                text.push('$');
                self.bump();
                return;
            }
            tag_len += 1;
        }
        if self.peek(tag_len) != Some('$') {
            text.push('$');
            self.bump();
            return;
        }
        let tag: String = self.chars[self.pos..=self.pos + tag_len].iter().collect();
        for _ in 0..=tag_len {
            text.push(self.bump().unwrap_or_default());
        }
        while self.pos < self.chars.len() {
            if self.starts_with(&tag) {
                for _ in 0..tag.chars().count() {
                    text.push(self.bump().unwrap_or_default());
                }
                return;
            }
            text.push(self.bump().unwrap_or_default());
        }
    }
}

/// True while `text` is a `CREATE TRIGGER .. BEGIN` whose `END` has not come yet: SQLite's
/// trigger bodies hold `;`-terminated statements without a `DELIMITER` change.
fn inside_trigger_body(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let is_trigger =
        words.first() == Some(&"CREATE") && words.iter().take(5).any(|w| *w == "TRIGGER");
    if !is_trigger {
        return false;
    }
    let begins = words
        .iter()
        .filter(|w| **w == "BEGIN" || **w == "CASE")
        .count();
    let ends = words.iter().filter(|w| **w == "END").count();
    begins > ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<String> {
        split_statements(script)
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let script = "-- a; comment\nCREATE TABLE a (x text DEFAULT 'a;b');\n/* c; */ SELECT 1;";
        assert_eq!(
            texts(script),
            ["CREATE TABLE a (x text DEFAULT 'a;b')", "SELECT 1"]
        );
        let first = &split_statements(script)[0];
        assert_eq!((first.line, first.column), (2, 1));
    }

    #[test]
    fn keeps_dollar_quoted_bodies_whole() {
        let script = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT $1;";
        assert_eq!(
            texts(script),
            [
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                "SELECT $1"
            ]
        );
    }

    #[test]
    fn follows_client_directives() {
        let script = "\\c chinook;\nDELIMITER ;;\nCREATE TRIGGER t BEGIN SET x = 1; END;;\nDELIMITER ;\nSELECT 'it''s';";
        assert_eq!(
            texts(script),
            ["CREATE TRIGGER t BEGIN SET x = 1; END", "SELECT 'it''s'"]
        );
    }

    #[test]
    fn keeps_sqlite_trigger_bodies_whole() {
        let script = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN 1 THEN 2 END;\n  DELETE FROM b;\nEND;\nSELECT 1;";
        let statements = texts(script);
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert!(
            statements[0].ends_with("DELETE FROM b;\nEND"),
            "{statements:?}"
        );
    }

    #[test]
    fn reports_positions_after_multibyte_text() {
        let script = "SELECT 'ü';\n  SELECT 2;";
        let second = &split_statements(script)[1];
        assert_eq!((second.line, second.column), (2, 3));
    }
}
