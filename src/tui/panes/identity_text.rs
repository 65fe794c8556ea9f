//! How the Identities view and the previewers say an assignment: the
//! principal, role, scope and kind in a word, the selected assignment in
//! full, and which Entra principals reach a repository.

use ratatui::text::{Line, Span};

use crate::domain::abac::assignment::RoleAssignment;
use crate::domain::abac::check::{Severity, check};
use crate::domain::abac::eval::Truth;
use crate::domain::abac::reach::{PrincipalReach, principals_reaching};
use crate::domain::abac::roles::{Effect, Mode, effect};
use crate::domain::safe_text::escaped as shown;
use crate::tui::identities_view::{Identities, IdentitiesLoad};
use crate::tui::theme::Theme;

/// The principal as shown: its display name, or its id when Graph gave none.
pub fn principal<'a>(read: &'a Identities, a: &'a RoleAssignment) -> &'a str {
    read.name_of(&a.principal_id).unwrap_or(&a.principal_id)
}

/// The role without the "Container Registry " every ACR role starts with.
pub fn short_role(a: &RoleAssignment) -> String {
    let name = a.role_name();
    name.strip_prefix("Container Registry ")
        .map_or(name.clone(), str::to_string)
}

/// Where an assignment is made: the registry, its resource group, its
/// subscription, or (a management group, the root) the scope itself.
pub fn scope_label(scope: &str, registry_id: &str) -> String {
    if scope.eq_ignore_ascii_case(registry_id) {
        return "registry".into();
    }
    let parts: Vec<&str> = scope.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["subscriptions", _] => "subscription".into(),
        ["subscriptions", _, group, name] if group.eq_ignore_ascii_case("resourceGroups") => {
            format!("group {name}")
        }
        _ => scope.to_string(),
    }
}

/// `User` → `user`, `ServicePrincipal` → `app`: the kind in a word.
pub fn kind(principal_type: &str) -> String {
    match principal_type {
        "ServicePrincipal" => "app".into(),
        "" => "?".into(),
        other => other.to_ascii_lowercase(),
    }
}

/// The selected assignment in full: who, the role and scope, the
/// condition as written and in words, what it gives in this mode, and the
/// validator's diagnostics.
pub fn detail(
    read: &Identities,
    a: &RoleAssignment,
    mode: Option<Mode>,
    registry_id: &str,
    catalog: &[String],
    theme: &Theme,
) -> Vec<Line<'static>> {
    let who = match read.name_of(&a.principal_id) {
        Some(name) => format!(
            " {} · {} · {}",
            shown(name),
            kind(&a.principal_type),
            a.principal_id
        ),
        None => format!(" {} · {}", kind(&a.principal_type), shown(&a.principal_id)),
    };
    let at = match a.inherited_from(registry_id) {
        None => "at the registry".to_string(),
        Some(scope) => format!("inherited from {}", shown(scope)),
    };
    let mut lines = vec![
        Line::from(who),
        Line::from(format!(" {} {at}", a.role_name())),
        Line::from(format!(" repositories: {}", shown(&a.describe_condition()))),
        Line::from(gives(a, mode)),
    ];
    if let Some(condition) = &a.condition {
        lines.push(Line::from(Span::styled(
            format!(
                " condition (v{}): {}",
                a.condition_version.as_deref().unwrap_or("?"),
                shown(condition)
            ),
            theme.hint(),
        )));
        for d in check(condition, a.condition_version.as_deref(), a.role(), catalog) {
            let (mark, style) = match d.severity {
                Severity::Error => ("✗", theme.danger()),
                Severity::Warning => ("⚠", theme.warning()),
            };
            lines.push(Line::from(Span::styled(
                format!(" {mark} {}", shown(&d.message)),
                style,
            )));
        }
    }
    if let Err(why) = &read.names {
        lines.push(Line::from(Span::styled(
            format!(
                " names: Microsoft Graph did not give them ({}); ids shown",
                shown(why)
            ),
            theme.hint(),
        )));
    }
    lines
}

/// What the assignment gives on the data plane in the registry's mode.
fn gives(a: &RoleAssignment, mode: Option<Mode>) -> String {
    let Some(mode) = mode else {
        return " in this mode: acrtui does not know the registry's mode and makes no claim".into();
    };
    match a.role().map(|r| effect(r, mode)) {
        Some(Effect::Grants {
            actions,
            catalog,
            conditionable,
        }) => {
            let mut what: Vec<String> = actions.iter().map(|x| x.short().to_string()).collect();
            if catalog {
                what.push("lists the catalog".into());
            }
            let limit = if conditionable {
                " where the condition allows"
            } else {
                ""
            };
            format!(" gives: {}{limit}", what.join(", "))
        }
        _ => format!(" gives nothing on the data plane: {}", a.standing(mode)),
    }
}

/// The condition in brief, marked with the validator's worst finding
/// (`✗` error, `⚠` warning): the detail of the Identities view says it.
pub fn condition_cell(a: &RoleAssignment) -> String {
    let mark = a.condition.as_deref().and_then(|c| {
        let worst = check(c, a.condition_version.as_deref(), a.role(), &[])
            .into_iter()
            .map(|d| d.severity)
            .min()?;
        Some(match worst {
            Severity::Error => " ✗",
            Severity::Warning => " ⚠",
        })
    });
    format!("{}{}", a.brief_condition(), mark.unwrap_or_default())
}

/// Who reaches `repository` through Entra role assignments, for the
/// previewer and the Repositories view: at most `limit` lines after the
/// heading, or what is known instead (reading, failed, unknown mode).
pub fn reach_lines(
    load: Option<&IdentitiesLoad>,
    repository: &str,
    limit: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let (read, mode) = match readable(load, theme) {
        Ok(read) => read,
        Err(said) => return vec![said],
    };
    let reach = principals_reaching(repository, mode, &read.assignments);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "Entra identities reaching {}: {}",
            shown(repository),
            reach.len()
        ),
        theme.title(false),
    ))];
    lines.extend(reach.iter().take(limit).map(|r| reach_line(read, r, theme)));
    if reach.len() > limit {
        lines.push(Line::from(Span::styled(
            format!("  … and {} more (6 lists them all)", reach.len() - limit),
            theme.hint(),
        )));
    }
    lines
}

/// The assignments read and the mode they count in, or the line that says
/// why there is no answer (reading, not read, a mode acrtui does not know).
fn readable<'a>(
    load: Option<&'a IdentitiesLoad>,
    theme: &Theme,
) -> Result<(&'a Identities, Mode), Line<'static>> {
    let read = match load {
        Some(IdentitiesLoad::Read(read)) => read,
        Some(IdentitiesLoad::Failed(e)) => {
            return Err(Line::from(Span::styled(
                format!("Entra identities: role assignments not read ({})", shown(e)),
                theme.danger(),
            )));
        }
        _ => {
            return Err(Line::from(Span::styled(
                "Entra identities: reading the registry's role assignments…",
                theme.hint(),
            )));
        }
    };
    let mode = Mode::parse(read.mode.as_deref()).ok_or_else(|| {
        Line::from(Span::styled(
            "Entra identities: the registry's role-assignment mode is unknown to acrtui; no claim made",
            theme.warning(),
        ))
    })?;
    Ok((read, mode))
}

/// One principal reaching the repository: who, how, and what it may do
/// ("maybe" where acrtui cannot evaluate the condition; such a line is
/// in warning colour).
fn reach_line(read: &Identities, r: &PrincipalReach, theme: &Theme) -> Line<'static> {
    let a = r.assignment;
    let actions: Vec<String> = r
        .actions
        .iter()
        .map(|(action, truth)| match truth {
            Truth::Unknown => format!("maybe {}", action.short()),
            _ => action.short().to_string(),
        })
        .collect();
    let line = format!(
        "  {} ({}) via {}, {}: {}",
        shown(principal(read, a)),
        kind(&a.principal_type),
        short_role(a),
        shown(&condition_cell(a)),
        actions.join(", ")
    );
    if r.certain() {
        Line::from(line)
    } else {
        Line::from(Span::styled(line, theme.warning()))
    }
}
