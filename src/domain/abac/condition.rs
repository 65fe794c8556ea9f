//! Azure ABAC conditions as ACR uses them: the syntax tree, its parser and
//! its printer.
//!
//! The parser takes the generic Azure condition grammar (logical
//! `AND`/`&&`, `OR`/`||`, `NOT`/`!`, `ActionMatches{'…'}`,
//! `SubOperationMatches{'…'}`, `@Source[attribute] Operator 'value'` and
//! `{'a','b'}` sets), whitespace-insensitive, because ARM returns the
//! stored condition with its newlines removed. What ACR documents of it is
//! a small subset; `check.rs` says which parts are outside it.
//!
//! The printer writes every compound child in parentheses, so that
//! `parse(print(e)) == e` for every tree (a property test checks it).

use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Two or more alternatives.
    Or(Vec<Expr>),
    /// Two or more conjuncts.
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// `ActionMatches{'Microsoft.ContainerRegistry/…/content/read'}`.
    ActionMatches(String),
    /// `SubOperationMatches{'…'}`: never used by ACR.
    SubOperationMatches(String),
    /// `@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'backend/'`.
    Compare {
        source: Source,
        attribute: String,
        operator: String,
        values: Vec<String>,
        /// Written as a `{'a','b'}` set rather than one value.
        set: bool,
    },
}

/// Where an attribute comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Request,
    Resource,
    Principal,
    Environment,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Request => "Request",
            Source::Resource => "Resource",
            Source::Principal => "Principal",
            Source::Environment => "Environment",
        }
    }

    fn parse(name: &str) -> Option<Source> {
        [
            Source::Request,
            Source::Resource,
            Source::Principal,
            Source::Environment,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(name))
    }
}

/// The attribute ACR conditions test: the repository's name.
pub const REPOSITORY_NAME: &str = "Microsoft.ContainerRegistry/registries/repositories:name";

/// Why a condition does not parse, and where (a character offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.at + 1, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Conditions longer than this are refused: ARM's own limit is far lower,
/// and the parser's recursion stays bounded.
pub const MAX_LEN: usize = 64 * 1024;
/// Parentheses and `NOT`s nested deeper than this are refused.
const MAX_DEPTH: usize = 64;

pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.len() > MAX_LEN {
        return Err(ParseError {
            at: 0,
            message: format!("the condition is longer than {MAX_LEN} characters"),
        });
    }
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    let e = p.or()?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.error("unexpected text after the end of the condition"));
    }
    Ok(e)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            at: self.pos,
            message: message.into(),
        }
    }

    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).copied()
    }

    /// Takes `word` (case-insensitive) if it comes next as a whole word,
    /// or `symbol` if it comes next.
    fn take_op(&mut self, word: &str, symbol: &str) -> bool {
        self.skip_ws();
        let rest: String = self.chars[self.pos..].iter().take(word.len()).collect();
        let after = self.chars.get(self.pos + word.len());
        if rest.eq_ignore_ascii_case(word) && !after.is_some_and(|c| c.is_alphanumeric()) {
            self.pos += word.len();
            return true;
        }
        let rest: String = self.chars[self.pos..].iter().take(symbol.len()).collect();
        if rest == symbol {
            self.pos += symbol.len();
            return true;
        }
        false
    }

    fn expect(&mut self, c: char) -> Result<(), ParseError> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected `{c}`")))
        }
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.and()?];
        while self.take_op("OR", "||") {
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.unary()?];
        while self.take_op("AND", "&&") {
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        // `!=` is not an operator here; `!` followed by anything negates.
        if self.take_op("NOT", "!") {
            return self.nested(|p| Ok(Expr::Not(Box::new(p.unary()?))));
        }
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let e = self.nested(|p| p.or())?;
                self.expect(')')?;
                Ok(e)
            }
            Some('@') => self.compare(),
            Some(c) if c.is_alphabetic() => self.function(),
            Some(c) => Err(self.error(format!("unexpected `{c}`"))),
            None => Err(self.error("the condition ends too early")),
        }
    }

    fn word(&mut self) -> String {
        self.skip_ws();
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_alphanumeric() || *c == ':' || *c == '_')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// `ActionMatches{'…'}` or `SubOperationMatches{'…'}`.
    fn function(&mut self) -> Result<Expr, ParseError> {
        let at = self.pos;
        let name = self.word();
        let make: fn(String) -> Expr = if name.eq_ignore_ascii_case("ActionMatches") {
            Expr::ActionMatches
        } else if name.eq_ignore_ascii_case("SubOperationMatches") {
            Expr::SubOperationMatches
        } else {
            self.pos = at;
            return Err(self.error(format!(
                "`{name}` is not a condition function (ActionMatches, SubOperationMatches) nor an attribute (@Request[…])"
            )));
        };
        self.expect('{')?;
        let value = self.string()?;
        self.expect('}')?;
        Ok(make(value))
    }

    /// `@Source[attribute] Operator value`.
    fn compare(&mut self) -> Result<Expr, ParseError> {
        self.expect('@')?;
        let at = self.pos;
        let name = self.word();
        let source = Source::parse(&name).ok_or_else(|| ParseError {
            at,
            message: format!(
                "unknown attribute source @{name} (Request, Resource, Principal, Environment)"
            ),
        })?;
        self.expect('[')?;
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| *c != ']') {
            self.pos += 1;
        }
        let attribute: String = self.chars[start..self.pos].iter().collect();
        self.expect(']')?;
        let operator = self.word();
        if operator.is_empty() {
            return Err(self.error("expected an operator such as StringEqualsIgnoreCase"));
        }
        let (values, set) = if self.peek() == Some('{') {
            self.pos += 1;
            let mut values = vec![self.string()?];
            while self.peek() == Some(',') {
                self.pos += 1;
                values.push(self.string()?);
            }
            self.expect('}')?;
            (values, true)
        } else {
            (vec![self.string()?], false)
        };
        Ok(Expr::Compare {
            source,
            attribute: attribute.trim().to_string(),
            operator,
            values,
            set,
        })
    }

    /// A single-quoted string; no escapes (the Azure grammar has none).
    fn string(&mut self) -> Result<String, ParseError> {
        self.expect('\'')?;
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| *c != '\'') {
            self.pos += 1;
        }
        if self.pos >= self.chars.len() {
            self.pos = start;
            return Err(self.error("a quoted value is not closed with '"));
        }
        let s = self.chars[start..self.pos].iter().collect();
        self.pos += 1;
        Ok(s)
    }
}

/// The condition on one line, every compound child in parentheses.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let child = |e: &Expr, f: &mut fmt::Formatter<'_>| match e {
            Expr::Or(_) | Expr::And(_) => write!(f, "({e})"),
            _ => write!(f, "{e}"),
        };
        match self {
            Expr::Or(items) | Expr::And(items) => {
                let op = if matches!(self, Expr::Or(_)) {
                    " OR "
                } else {
                    " AND "
                };
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(op)?;
                    }
                    child(e, f)?;
                }
                Ok(())
            }
            Expr::Not(e) => {
                f.write_str("!(")?;
                write!(f, "{e}")?;
                f.write_str(")")
            }
            Expr::ActionMatches(a) => write!(f, "ActionMatches{{'{a}'}}"),
            Expr::SubOperationMatches(a) => write!(f, "SubOperationMatches{{'{a}'}}"),
            Expr::Compare {
                source,
                attribute,
                operator,
                values,
                set,
            } => {
                write!(f, "@{}[{attribute}] {operator} ", source.as_str())?;
                let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
                if *set {
                    write!(f, "{{{}}}", quoted.join(", "))
                } else {
                    f.write_str(&quoted.join(", "))
                }
            }
        }
    }
}
