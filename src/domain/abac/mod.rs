//! Entra ABAC repository permissions: role-assignment conditions on the
//! repository name, the built-in roles and what each gives in each
//! role-assignment mode. Facts and sources: `../shared/reference/
//! acr-abac-and-data-plane-facts.md`, section A.

pub mod assignment;
pub mod check;
pub mod condition;
pub mod eval;
pub mod grant;
pub mod reach;
pub mod readiness;
pub mod roles;

use condition::{Expr, REPOSITORY_NAME, Source};
use roles::DataAction;

/// One repository rule of a condition, as the docs write them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepositoryRule {
    /// `StringEqualsIgnoreCase 'hello-world'`.
    Exactly(String),
    /// `StringStartsWithIgnoreCase 'backend/'`.
    Prefix(String),
}

impl RepositoryRule {
    /// As the console says it.
    pub fn describe(&self) -> String {
        match self {
            RepositoryRule::Exactly(n) => format!("exactly `{n}`"),
            RepositoryRule::Prefix(p) => format!("repositories starting with `{p}`"),
        }
    }

    /// In a table cell: `backend/*` for a prefix (the scope-map wildcard
    /// an operator reads at a glance), the name for an exact match.
    pub fn brief(&self) -> String {
        match self {
            RepositoryRule::Exactly(n) => n.clone(),
            RepositoryRule::Prefix(p) => format!("{p}*"),
        }
    }

    fn expr(&self) -> Expr {
        let (operator, value) = match self {
            RepositoryRule::Exactly(n) => ("StringEqualsIgnoreCase", n),
            RepositoryRule::Prefix(p) => ("StringStartsWithIgnoreCase", p),
        };
        Expr::Compare {
            source: Source::Request,
            attribute: REPOSITORY_NAME.into(),
            operator: operator.into(),
            values: vec![value.to_lowercase()],
            set: false,
        }
    }
}

/// The condition the docs write for `actions` on the repositories of
/// `rules`: every listed action is allowed only on those repositories,
/// `(!(ActionMatches{a1}) AND !(ActionMatches{a2}) …) OR (rule1 OR rule2 …)`.
/// Values are lower-cased, as the docs recommend with the IgnoreCase operators.
pub fn condition_for(actions: &[DataAction], rules: &[RepositoryRule]) -> Expr {
    let not_listed: Vec<Expr> = actions
        .iter()
        .map(|a| Expr::Not(Box::new(Expr::ActionMatches(a.full()))))
        .collect();
    let guard = one_or(not_listed, Expr::And);
    let allowed = one_or(rules.iter().map(RepositoryRule::expr).collect(), Expr::Or);
    Expr::Or(vec![guard, allowed])
}

fn one_or(mut items: Vec<Expr>, many: fn(Vec<Expr>) -> Expr) -> Expr {
    if items.len() == 1 {
        items.remove(0)
    } else {
        many(items)
    }
}

/// The repository rules a condition of the documented shape grants on,
/// for showing it as "repositories starting with `backend/`"; None when it
/// is of another shape (shown as written).
pub fn repository_rules(e: &Expr) -> Option<Vec<RepositoryRule>> {
    let Expr::Or(parts) = e else {
        return None;
    };
    let mut rules = Vec::new();
    for part in parts {
        match part {
            Expr::Not(_) | Expr::And(_) if is_action_guard(part) => {}
            Expr::Or(inner) => {
                for x in inner {
                    rules.push(rule(x)?);
                }
            }
            other => rules.push(rule(other)?),
        }
    }
    (!rules.is_empty()).then_some(rules)
}

fn is_action_guard(e: &Expr) -> bool {
    match e {
        Expr::Not(x) => matches!(**x, Expr::ActionMatches(_)),
        Expr::And(items) => items.iter().all(is_action_guard),
        _ => false,
    }
}

fn rule(e: &Expr) -> Option<RepositoryRule> {
    let Expr::Compare {
        attribute,
        operator,
        values,
        set: false,
        ..
    } = e
    else {
        return None;
    };
    if !attribute.eq_ignore_ascii_case(REPOSITORY_NAME) || values.len() != 1 {
        return None;
    }
    let value = values[0].clone();
    match operator.to_ascii_lowercase().as_str() {
        "stringequalsignorecase" | "stringequals" => Some(RepositoryRule::Exactly(value)),
        "stringstartswithignorecase" | "stringstartswith" => Some(RepositoryRule::Prefix(value)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
