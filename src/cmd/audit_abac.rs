//! `acrtui audit --abac`: mode-switch readiness of every registry in scope.
//! For a legacy registry, who would lose (or narrow) data access on a
//! switch to ABAC mode; for an ABAC registry, the assignments the mode
//! ignores; for both, conditions that are wrong or over-grant.
//!
//! Exit codes, in the style of the audit: 0 ready (no findings), 1
//! findings, 2 usage, 3 something could not be read (findings still print).

use std::io::{IsTerminal, Write};

use serde_json::{Value, json};

use super::audit::{EXIT_FINDINGS, EXIT_PARTIAL, EXIT_USAGE};
use crate::arm::inventory::{names_registry, names_subscription};
use crate::arm::{AcrApi, RegistryInfo};
use crate::cli::{AuditArgs, AuditFormat, GlobalArgs};
use crate::connect::connect;
use crate::domain::abac::readiness::{Finding, NOT_CHECKED, readiness, task_findings};
use crate::domain::abac::roles::Mode;
use crate::domain::safe_text::{csv_cell, escaped as shown};

/// One registry's findings, or why it could not be read.
struct RegistryReadiness {
    registry: RegistryInfo,
    mode: Option<Mode>,
    result: Result<Vec<Finding>, String>,
    /// Why the tasks could not be read, when they could not.
    tasks_unread: Option<String>,
}

pub async fn audit_abac(global: &GlobalArgs, args: &AuditArgs) -> u8 {
    let connection = match connect(global).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return if e.kind == crate::arm::ArmErrorKind::Invalid {
                EXIT_USAGE
            } else {
                EXIT_PARTIAL
            };
        }
    };
    eprintln!("acrtui: using {}", connection.description);
    let (registries, mut failures) =
        match registries_in_scope(connection.api.as_ref(), global, args).await {
            Ok(found) => found,
            Err(code) => return code,
        };
    let mut read = Vec::new();
    for registry in registries {
        read.push(registry_readiness(connection.api.as_ref(), registry).await);
    }
    read.sort_by(|a, b| a.registry.registry.name.cmp(&b.registry.registry.name));
    let names = principal_names(&connection.graph, &read).await;
    for r in &read {
        let unread = r.result.as_ref().err().into_iter().chain(&r.tasks_unread);
        failures.extend(unread.map(|e| format!("{}: {e}", r.registry.registry.name)));
    }
    if let Err(code) = print_report(args, &read, &names, &failures) {
        return code;
    }
    exit_code(&read, &failures)
}

/// The report on stdout in the format asked (table on a terminal, JSON
/// otherwise).
fn print_report(
    args: &AuditArgs,
    read: &[RegistryReadiness],
    names: &Names,
    failures: &[String],
) -> Result<(), u8> {
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        AuditFormat::Table
    } else {
        AuditFormat::Json
    });
    let text = match format {
        AuditFormat::Table => to_table(read, names),
        AuditFormat::Csv => to_csv(read, names).map_err(|e| {
            eprintln!("error: cannot write CSV: {e}");
            EXIT_PARTIAL
        })?,
        AuditFormat::Json | AuditFormat::JsonReport => {
            serde_json::to_string_pretty(&to_json(read, names, failures)).unwrap_or_default()
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", text.trim_end());
    Ok(())
}

/// Findings win over an incomplete read (they are definite); stderr names
/// every part that could not be read either way.
fn exit_code(read: &[RegistryReadiness], failures: &[String]) -> u8 {
    for f in failures {
        eprintln!("error: {f}");
    }
    let findings: usize = read
        .iter()
        .filter_map(|r| r.result.as_ref().ok())
        .map(Vec::len)
        .sum();
    if findings > 0 {
        eprintln!("{findings} finding(s): not ready");
        EXIT_FINDINGS
    } else if !failures.is_empty() {
        EXIT_PARTIAL
    } else {
        0
    }
}

/// The registries the flags name (all by default), and the subscriptions
/// that could not be listed. A `--registry` that names nothing is a usage
/// error, as in the audit.
async fn registries_in_scope(
    api: &dyn AcrApi,
    global: &GlobalArgs,
    args: &AuditArgs,
) -> Result<(Vec<RegistryInfo>, Vec<String>), u8> {
    let subscriptions = match api.list_subscriptions().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: listing subscriptions: {e}");
            return Err(EXIT_PARTIAL);
        }
    };
    let mut registries = Vec::new();
    let mut failures = Vec::new();
    for s in subscriptions.iter().filter(|s| {
        global.subscription.is_empty()
            || global.subscription.iter().any(|w| names_subscription(w, s))
    }) {
        match api.list_registries(&s.id).await {
            Ok(list) => registries.extend(list),
            Err(e) => failures.push(format!(
                "registries of subscription {}: {e}",
                s.display_name
            )),
        }
    }
    registries.retain(|r| {
        args.registries.is_empty() || args.registries.iter().any(|w| names_registry(w, r))
    });
    if registries.is_empty() && !args.registries.is_empty() && failures.is_empty() {
        eprintln!("error: {} matches no registry", args.registries.join(", "));
        return Err(EXIT_USAGE);
    }
    Ok((registries, failures))
}

/// The display names of every principal found, from Microsoft Graph; a
/// report without them (Graph refused or unreachable) still names ids, and
/// stderr says why the names are missing.
async fn principal_names(
    graph: &crate::arm::graph::GraphDirectory,
    read: &[RegistryReadiness],
) -> Names {
    let mut ids: Vec<String> = read
        .iter()
        .filter_map(|r| r.result.as_ref().ok())
        .flatten()
        // Tasks are named by their name; Graph takes object ids only.
        .filter(|f| uuid::Uuid::parse_str(&f.principal_id).is_ok())
        .map(|f| f.principal_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Names::new();
    }
    graph.display_names(&ids).await.unwrap_or_else(|e| {
        eprintln!("warning: principals' names not read from Microsoft Graph ({e}); ids shown");
        Names::new()
    })
}

type Names = std::collections::HashMap<String, String>;

fn name_of<'a>(names: &'a Names, f: &Finding) -> &'a str {
    names.get(&f.principal_id).map_or("", String::as_str)
}

async fn registry_readiness(api: &dyn AcrApi, registry: RegistryInfo) -> RegistryReadiness {
    let mode = Mode::parse(registry.role_assignment_mode.as_deref());
    let result = match mode {
        None => Err(format!(
            "role-assignment mode {:?} is unknown to acrtui: no claim made",
            registry.role_assignment_mode.as_deref().unwrap_or_default()
        )),
        Some(m) => api
            .list_role_assignments(&registry.registry)
            .await
            .map(|assignments| (readiness(m, &assignments), assignments))
            .map_err(|e| format!("role assignments: {e}")),
    };
    // Tasks: their findings join the rest; if they cannot be read the
    // registry is not claimed ready, and the failure is named.
    let mut tasks_unread = None;
    let result = match (result, mode) {
        (Ok((mut findings, assignments)), Some(m)) => {
            match api.list_tasks(&registry.registry).await {
                Ok(tasks) => findings.extend(task_findings(m, &tasks, &assignments)),
                Err(e) => tasks_unread = Some(format!("tasks: {e}")),
            }
            Ok(findings)
        }
        (Ok((findings, _)), None) => Ok(findings),
        (Err(e), _) => Err(e),
    };
    RegistryReadiness {
        registry,
        mode,
        result,
        tasks_unread,
    }
}

fn mode_name(mode: Option<Mode>) -> &'static str {
    mode.map_or("unknown", Mode::as_str)
}

fn to_json(read: &[RegistryReadiness], names: &Names, failures: &[String]) -> Value {
    let registries: Vec<Value> = read
        .iter()
        .map(|r| {
            let findings: Vec<Value> = r
                .result
                .as_ref()
                .map(|f| f.iter().map(|f| finding_json(f, names)).collect())
                .unwrap_or_default();
            json!({
                "registry": r.registry.registry.name,
                "id": r.registry.registry.id(),
                "roleAssignmentMode": mode_name(r.mode),
                "read": r.result.is_ok(),
                "ready": r.tasks_unread.is_none() && r.result.as_ref().is_ok_and(Vec::is_empty),
                "findings": findings,
            })
        })
        .collect();
    json!({
        "complete": failures.is_empty(),
        "failures": failures,
        "notChecked": NOT_CHECKED,
        "registries": registries,
    })
}

fn finding_json(f: &Finding, names: &Names) -> Value {
    let name = names.get(&f.principal_id);
    json!({
        "kind": f.kind.as_str(),
        "principalId": f.principal_id,
        "principalName": name,
        "principalType": f.principal_type,
        "roles": f.roles,
        "detail": f.detail,
    })
}

fn to_table(read: &[RegistryReadiness], names: &Names) -> String {
    let mut out = String::new();
    for r in read {
        let name = shown(&r.registry.registry.name);
        let verdict = match (&r.result, &r.tasks_unread) {
            (Err(e), _) => format!("NOT READ: {}", shown(e)),
            (Ok(f), Some(e)) => format!("{} finding(s); INCOMPLETE: {}", f.len(), shown(e)),
            (Ok(f), None) if f.is_empty() => "ready".into(),
            (Ok(f), None) => format!("{} finding(s)", f.len()),
        };
        out.push_str(&format!("{name} ({}): {verdict}\n", mode_name(r.mode)));
        for f in r.result.as_deref().unwrap_or_default() {
            let who = shown(&f.who(Some(name_of(names, f)))).into_owned();
            out.push_str(&format!(
                "  {:<25} {who}\n  {:<25} {}\n",
                f.kind.as_str(),
                "",
                shown(&f.detail)
            ));
        }
    }
    out.push_str(&format!("\nNot checked: {NOT_CHECKED}.\n"));
    out
}

fn to_csv(read: &[RegistryReadiness], names: &Names) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "registry",
        "mode",
        "kind",
        "principalId",
        "principalName",
        "principalType",
        "roles",
        "detail",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for r in read {
        for f in r.result.as_deref().unwrap_or_default() {
            let roles = f.roles.join("; ");
            let record = [
                r.registry.registry.name.as_str(),
                mode_name(r.mode),
                f.kind.as_str(),
                &f.principal_id,
                name_of(names, f),
                &f.principal_type,
                &roles,
                &f.detail,
            ];
            // The server's words: a spreadsheet must not run them.
            w.write_record(record.map(|c| csv_cell(c).into_owned()))
                .map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
