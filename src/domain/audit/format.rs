//! The audit report's formats: JSON (an array, or the object with
//! `complete` and `failures`), CSV and the terminal table.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{AuditRow, DANGLING_SCOPE_MAP, PasswordRow, RegistryWarning};
use crate::arm::Slot;
use crate::domain::expiry::{PasswordState, TokenState, days_left};
use crate::domain::safe_text::{csv_cell, escaped};

pub fn to_json(rows: &[AuditRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into())
}

/// The object form (`--format json-report`, or `json --with-registries`):
/// `{"complete", "failures", "tokens", "registries"}`. `complete` is false
/// whenever any part could not be read, so a consumer cannot take a partial
/// report for a clean one.
pub fn to_json_report(
    rows: &[AuditRow],
    warnings: &[RegistryWarning],
    failures: &[crate::domain::audit::collect::Failure],
) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "complete": failures.is_empty(),
        "failures": failures,
        "tokens": rows,
        "registries": warnings,
    }))
    .unwrap_or_else(|_| "{}".into())
}

pub const CSV_HEADER: [&str; 16] = [
    "subscription",
    "resource_group",
    "registry",
    "login_server",
    "token",
    "status",
    "scope_map",
    "created",
    "state",
    "password1_created",
    "password1_expiry",
    "password1_state",
    "password2_created",
    "password2_expiry",
    "password2_state",
    "findings",
];

pub fn to_csv(rows: &[AuditRow]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
    for r in rows {
        let mut record = vec![
            r.subscription.clone(),
            r.resource_group.clone(),
            r.registry.clone(),
            r.login_server.clone(),
            r.token.clone(),
            r.status.to_string(),
            r.scope_map.clone().unwrap_or_default(),
            r.created.clone().unwrap_or_default(),
            r.state.as_str().to_string(),
        ];
        // Names are the server's words: a spreadsheet must not run them.
        for cell in &mut record {
            *cell = csv_cell(cell).into_owned();
        }
        for slot in Slot::BOTH {
            match r.passwords.iter().find(|p| p.name == slot.as_str()) {
                Some(p) => record.extend([
                    p.created.clone().unwrap_or_default(),
                    p.expiry.clone().unwrap_or_default(),
                    p.state.as_str().to_string(),
                ]),
                None => record.extend([String::new(), String::new(), String::new()]),
            }
        }
        record.push(r.findings.join(";"));
        w.write_record(&record).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// ANSI colour for a state, when colour is on.
fn paint(text: &str, state: TokenState, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match state {
        TokenState::Expired => "1;31",
        TokenState::Critical => "31",
        TokenState::Warning => "33",
        TokenState::Never => "35",
        TokenState::NoPasswords | TokenState::Disabled => "2",
        TokenState::Ok => "32",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn password_cell(p: Option<&PasswordRow>, now: DateTime<Utc>) -> String {
    let Some(p) = p else { return "-".into() };
    match days_left(p.expiry_at, now) {
        None => "never".into(),
        Some(d) if d < 0 => format!("expired {}d ago", -d),
        Some(0) if p.state == PasswordState::Expired => "expired today".into(),
        Some(d) => format!("{d}d left"),
    }
}

/// One token's cells, in the table's column order; server text escaped.
fn table_cells(r: &AuditRow, now: DateTime<Utc>) -> [String; 7] {
    let p = |slot: Slot| r.passwords.iter().find(|p| p.name == slot.as_str());
    [
        r.state.as_str().to_string(),
        escaped(&format!("{}/{}", r.resource_group, r.registry)).into_owned(),
        escaped(&r.token).into_owned(),
        r.status.to_string(),
        match r.scope_map.as_deref() {
            None => "-".into(),
            Some(m) if r.findings.contains(&DANGLING_SCOPE_MAP) => {
                format!("{} (deleted)", escaped(m))
            }
            Some(m) => escaped(m).into_owned(),
        },
        password_cell(p(Slot::Password1), now),
        password_cell(p(Slot::Password2), now),
    ]
}

/// The registries with the admin user enabled, after the table.
fn admin_user_lines(warnings: &[RegistryWarning]) -> String {
    let mut out = String::new();
    if !warnings.is_empty() {
        out.push_str("\nRegistries with the admin user enabled (full rights, one shared password; prefer tokens):\n");
        for w in warnings {
            let _ = writeln!(
                out,
                "  {}  {}",
                escaped(&format!("{}/{}", w.resource_group, w.registry)),
                escaped(&w.login_server)
            );
        }
    }
    out
}

pub fn to_table(
    rows: &[AuditRow],
    warnings: &[RegistryWarning],
    now: DateTime<Utc>,
    color: bool,
) -> String {
    let header = [
        "STATE",
        "REGISTRY",
        "TOKEN",
        "STATUS",
        "SCOPE MAP",
        "PASSWORD1",
        "PASSWORD2",
    ];
    let cells: Vec<[String; 7]> = rows.iter().map(|r| table_cells(r, now)).collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cols: &[String]| {
        cols.iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let _ = writeln!(out, "{}", line(&header.map(String::from)));
    for (row, r) in cells.iter().zip(rows) {
        let text = line(row);
        let (state, rest) = text.split_at(widths[0].min(text.len()));
        let _ = writeln!(out, "{}{rest}", paint(state, r.state, color));
    }
    if rows.is_empty() {
        out.push_str("(no tokens)\n");
    }
    out.push_str(&admin_user_lines(warnings));
    out
}
