//! Evaluating a condition for one data action on one repository.
//!
//! Three-valued (Kleene): a part acrtui cannot evaluate (an attribute other
//! than the repository name, an operator ACR never documents) is `Unknown`,
//! and the answer says "maybe" instead of guessing either way: for an access
//! review, a silent "no" would hide access and a silent "yes" would invent it.

use super::condition::{Expr, REPOSITORY_NAME, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    fn from(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// `e` for `action` (a data action such as
/// `Microsoft.ContainerRegistry/registries/repositories/content/read`) on
/// `repository`.
pub fn eval(e: &Expr, action: &str, repository: &str) -> Truth {
    match e {
        Expr::Or(items) => items.iter().fold(Truth::False, |acc, x| {
            match (acc, eval(x, action, repository)) {
                (Truth::True, _) | (_, Truth::True) => Truth::True,
                (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
                _ => Truth::False,
            }
        }),
        Expr::And(items) => items.iter().fold(Truth::True, |acc, x| {
            match (acc, eval(x, action, repository)) {
                (Truth::False, _) | (_, Truth::False) => Truth::False,
                (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
                _ => Truth::True,
            }
        }),
        Expr::Not(x) => eval(x, action, repository).not(),
        Expr::ActionMatches(pattern) => Truth::from(glob(pattern, action, true)),
        // ACR data actions have no sub-operations.
        Expr::SubOperationMatches(_) => Truth::Unknown,
        Expr::Compare {
            source,
            attribute,
            operator,
            values,
            set,
        } => {
            let about_name = matches!(source, Source::Request | Source::Resource)
                && attribute.eq_ignore_ascii_case(REPOSITORY_NAME);
            if !about_name {
                return Truth::Unknown;
            }
            compare(operator, values, *set, repository)
        }
    }
}

/// A string operator, as the Azure condition format defines it, applied
/// to the repository name.
fn compare(operator: &str, values: &[String], set: bool, name: &str) -> Truth {
    let (quantifier, op) = match operator.split_once(':') {
        Some((q, op)) => (Some(q), op),
        None => (None, operator),
    };
    let Some(test) = string_operator(op) else {
        return Truth::Unknown;
    };
    match (quantifier.map(str::to_ascii_lowercase).as_deref(), set) {
        (None, false) => Truth::from(values.iter().all(|v| test(name, v))),
        // One attribute value: "any of the attribute's values" is that value.
        (Some("foranyofanyvalues" | "forallofanyvalues"), _) => {
            Truth::from(values.iter().any(|v| test(name, v)))
        }
        (Some("foranyofallvalues" | "forallofallvalues"), _) => {
            Truth::from(values.iter().all(|v| test(name, v)))
        }
        _ => Truth::Unknown,
    }
}

type Test = fn(&str, &str) -> bool;

/// The string operators of the Azure condition format, by name (any case).
pub fn string_operator(name: &str) -> Option<Test> {
    let t: Test = match name.to_ascii_lowercase().as_str() {
        "stringequals" => |a, v| a == v,
        "stringequalsignorecase" => |a, v| a.eq_ignore_ascii_case(v),
        "stringnotequals" => |a, v| a != v,
        "stringnotequalsignorecase" => |a, v| !a.eq_ignore_ascii_case(v),
        "stringstartswith" => |a, v| a.starts_with(v),
        "stringstartswithignorecase" => |a, v| lower(a).starts_with(&lower(v)),
        "stringnotstartswith" => |a, v| !a.starts_with(v),
        "stringnotstartswithignorecase" => |a, v| !lower(a).starts_with(&lower(v)),
        "stringlike" => |a, v| glob(v, a, false),
        "stringlikeignorecase" => |a, v| glob(v, a, true),
        "stringnotlike" => |a, v| !glob(v, a, false),
        "stringnotlikeignorecase" => |a, v| !glob(v, a, true),
        _ => return None,
    };
    Some(t)
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `*` (any run) and `?` (one character) wildcards, as `StringLike` and
/// `ActionMatches` take them.
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.to_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, t) = (fold(pattern), fold(text));
    // Iterative matching with one backtrack point: linear in practice, no recursion.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::super::condition::parse;
    use super::*;

    const READ: &str = "Microsoft.ContainerRegistry/registries/repositories/content/read";
    const WRITE: &str = "Microsoft.ContainerRegistry/registries/repositories/content/write";

    #[test]
    fn unknown_parts_make_the_answer_unknown_unless_settled() {
        let e = parse("@Principal[x] StringEquals 'a' OR ActionMatches{'*/content/read'}").unwrap();
        assert_eq!(
            eval(&e, READ, "r"),
            Truth::True,
            "settled by the known part"
        );
        assert_eq!(eval(&e, WRITE, "r"), Truth::Unknown);
        let e = parse("@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringSoundsLike 'a'").unwrap();
        assert_eq!(eval(&e, READ, "a"), Truth::Unknown);
    }

    #[test]
    fn globs_match_runs_and_single_characters() {
        assert!(glob("backend/*", "backend/api", false));
        assert!(glob("a?c", "abc", false));
        assert!(!glob("a?c", "abbc", false));
        assert!(glob("*", "", false));
        assert!(glob("B*", "backend", true));
        assert!(!glob("B*", "backend", false));
    }

    #[test]
    fn set_operators_need_a_quantifier() {
        let name = "Microsoft.ContainerRegistry/registries/repositories:name";
        let any = parse(&format!(
            "@Request[{name}] ForAnyOfAnyValues:StringStartsWith {{'a/', 'b/'}}"
        ))
        .unwrap();
        assert_eq!(eval(&any, READ, "b/x"), Truth::True);
        assert_eq!(eval(&any, READ, "c/x"), Truth::False);
        let bare = parse(&format!("@Request[{name}] StringEquals {{'a', 'b'}}")).unwrap();
        assert_eq!(eval(&bare, READ, "a"), Truth::Unknown);
    }
}
