//! The condition validator: what the ACR docs say goes wrong with
//! repository conditions (facts file A4, A5), in the style of the
//! scope-map validator: errors that make an assignment wrong, warnings for
//! what over-grants or is not confirmed for ACR.

use super::condition::{Expr, REPOSITORY_NAME, Source, parse};
use super::eval::{Truth, eval, string_operator};
use super::roles::{DataAction, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
}

/// The operators ACR's docs show for the repository name.
const DOCUMENTED: [&str; 2] = ["StringEqualsIgnoreCase", "StringStartsWithIgnoreCase"];

/// A repository name no condition names: what a condition says about
/// "any other repository".
const ELSEWHERE: &str = "\u{1}acrtui-unnamed-repository";

/// Everything wrong with `condition` on an assignment of `role`, with
/// `version` its `conditionVersion`; `catalog` (the registry's repository
/// names, when read) names what an over-granting prefix also reaches.
pub fn check(
    condition: &str,
    version: Option<&str>,
    role: Option<Role>,
    catalog: &[String],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let error = |m: String| Diagnostic {
        severity: Severity::Error,
        message: m,
    };
    match version {
        Some("2.0") => {}
        Some(v) => out.push(error(format!(
            "conditionVersion is {v:?}; ARM takes only \"2.0\""
        ))),
        None => out.push(error("a condition needs conditionVersion \"2.0\"".into())),
    }
    if role == Some(Role::CatalogLister) {
        out.push(error(
            "Catalog Lister cannot be conditioned: whoever holds it lists every repository name; remove the condition".into(),
        ));
    }
    let expr = match parse(condition) {
        Ok(e) => e,
        Err(e) => {
            out.push(error(format!("the condition does not parse {e}")));
            return out;
        }
    };
    walk(&expr, catalog, &mut out);
    if let Some(role) = role {
        unconditioned(&expr, role, &mut out);
    }
    out.sort_by_key(|d| d.severity);
    out.dedup();
    out
}

fn walk(e: &Expr, catalog: &[String], out: &mut Vec<Diagnostic>) {
    let warn = |m: String| Diagnostic {
        severity: Severity::Warning,
        message: m,
    };
    match e {
        Expr::Or(items) | Expr::And(items) => items.iter().for_each(|x| walk(x, catalog, out)),
        Expr::Not(x) => walk(x, catalog, out),
        Expr::ActionMatches(a) if a.contains('*') || DataAction::parse(a).is_some() => {}
        Expr::ActionMatches(a) => out.push(warn(format!(
            "ActionMatches{{'{a}'}} names no repository data action of ACR (content/read, content/write, content/delete, metadata/read, metadata/write, metadata/delete)"
        ))),
        Expr::SubOperationMatches(s) => out.push(warn(format!(
            "SubOperationMatches{{'{s}'}}: ACR's data actions have no sub-operations (unconfirmed)"
        ))),
        Expr::Compare {
            source,
            attribute,
            operator,
            values,
            ..
        } => compare(*source, attribute, operator, values, catalog, out),
    }
}

fn compare(
    source: Source,
    attribute: &str,
    operator: &str,
    values: &[String],
    catalog: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let mut warn = |m: String| {
        out.push(Diagnostic {
            severity: Severity::Warning,
            message: m,
        })
    };
    if source == Source::Resource {
        warn(format!(
            "@Resource[{attribute}]: ACR's docs use @Request[{REPOSITORY_NAME}]; @Resource is unconfirmed"
        ));
    } else if source != Source::Request {
        warn(format!(
            "@{}[…] is not documented for ACR (unconfirmed)",
            source.as_str()
        ));
    }
    if !attribute.eq_ignore_ascii_case(REPOSITORY_NAME) {
        warn(format!(
            "attribute {attribute} is not documented for ACR (unconfirmed); ACR conditions test {REPOSITORY_NAME}"
        ));
    }
    let base = operator.rsplit(':').next().unwrap_or(operator);
    if string_operator(base).is_none() {
        warn(format!(
            "{operator} is not an operator of Azure conditions; acrtui cannot evaluate it"
        ));
    } else if !DOCUMENTED.iter().any(|d| d.eq_ignore_ascii_case(operator)) {
        warn(format!(
            "{operator} is not shown in ACR's docs (they show StringEqualsIgnoreCase and StringStartsWithIgnoreCase); unconfirmed that ACR honours it"
        ));
    }
    if base.to_ascii_lowercase().contains("startswith") {
        for v in values.iter().filter(|v| !v.is_empty() && !v.ends_with('/')) {
            warn(over_grant(v, catalog));
        }
    }
}

/// A prefix without its trailing `/` also reaches its siblings.
fn over_grant(prefix: &str, catalog: &[String]) -> String {
    let lower = prefix.to_lowercase();
    let namespace = format!("{lower}/");
    let also: Vec<&str> = catalog
        .iter()
        .map(String::as_str)
        .filter(|n| {
            let n = n.to_lowercase();
            n.starts_with(&lower) && !n.starts_with(&namespace)
        })
        .take(5)
        .collect();
    let reach = if also.is_empty() {
        format!("{prefix}-infra/…, {prefix}svc/…")
    } else {
        also.join(", ")
    };
    format!(
        "prefix '{prefix}' has no trailing '/': it also matches {reach} and the repository '{prefix}' itself; write '{prefix}/' (OR StringEqualsIgnoreCase '{prefix}' for that repository)"
    )
}

/// The role's actions the condition does not restrict: allowed on a
/// repository it never names, so on every repository.
fn unconditioned(expr: &Expr, role: Role, out: &mut Vec<Diagnostic>) {
    let open: Vec<DataAction> = role
        .data_actions()
        .iter()
        .copied()
        .filter(|a| eval(expr, &a.full(), ELSEWHERE) == Truth::True)
        .collect();
    if open.is_empty() {
        return;
    }
    let names: Vec<&str> = open.iter().map(|a| a.short()).collect();
    let changes = open.iter().any(|a| a.changes());
    out.push(Diagnostic {
        severity: if changes {
            Severity::Error
        } else {
            Severity::Warning
        },
        message: format!(
            "the condition leaves {} of {} unrestricted: allowed on every repository; list every action of the role in the ActionMatches block",
            names.join(", "),
            role.name()
        ),
    });
}
