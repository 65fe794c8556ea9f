//! The scope-map editor's model of a map: one row per repository pattern
//! with its five permissions (the other actions kept apart, untouched), and
//! the name offered for a copy.

use crate::domain::actions::{Action, parse_action};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub repository: String,
    pub perms: [bool; 5],
}

/// The rows for `actions`, and the actions that are not repository rules.
pub(super) fn rules_from(actions: &[String]) -> (Vec<Rule>, Vec<String>) {
    let mut rules: Vec<Rule> = Vec::new();
    let mut other = Vec::new();
    for a in actions {
        match parse_action(a) {
            Ok(Action::Repository {
                pattern,
                permission,
            }) => {
                let repo = pattern.to_string();
                let i = match rules.iter().position(|r| r.repository == repo) {
                    Some(i) => i,
                    None => {
                        rules.push(Rule {
                            repository: repo,
                            perms: [false; 5],
                        });
                        rules.len() - 1
                    }
                };
                rules[i].perms[permission as usize] = true;
            }
            _ => other.push(a.clone()),
        }
    }
    (rules, other)
}

/// `name-copy` (then `name-copy2`, …) not yet taken, without the `_` that
/// only system maps may start with, and within the 50-character limit.
pub(super) fn free_copy_name(source: &str, taken: &[String]) -> String {
    let base: String = source.trim_start_matches('_').chars().take(40).collect();
    let base = if base.is_empty() {
        "scope-map".to_string()
    } else {
        base
    };
    (1..)
        .map(|n| match n {
            1 => format!("{base}-copy"),
            n => format!("{base}-copy{n}"),
        })
        .find(|c| !taken.iter().any(|t| t.eq_ignore_ascii_case(c)))
        .unwrap_or_default()
}
