//! `acrtui audit`: the inventory, classified and printed; exit codes for CI.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use crate::arm::inventory::{Scope, run};
use crate::cli::{AuditArgs, AuditFormat, GlobalArgs};
use crate::connect::connect;
use crate::domain::audit::collect::{Collected, Progress};
use crate::domain::audit::{
    AuditRow, registry_warnings, sort, to_csv, to_json, to_json_report, to_table,
};
use crate::domain::expiry::Thresholds;

pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_PARTIAL: u8 = 3;

pub fn run_blocking(global: &GlobalArgs, args: &AuditArgs) -> ExitCode {
    if args.critical_days > args.warn_days {
        eprintln!(
            "error: --critical-days ({}) must not exceed --warn-days ({})",
            args.critical_days, args.warn_days
        );
        return ExitCode::from(EXIT_USAGE);
    }
    crate::runtime::block_on(async { ExitCode::from(audit(global, args).await) })
}

async fn audit(global: &GlobalArgs, args: &AuditArgs) -> u8 {
    if let Err(e) = crate::logging::init(global.log_file.as_deref()) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
    }
    if args.abac {
        return super::audit_abac::audit_abac(global, args).await;
    }
    let connection = match connect(global).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(hint) = e.hint() {
                eprintln!("hint: {hint}");
            }
            // A flag that cannot be used is a usage error; anything else is a failure to read.
            return if e.kind == crate::arm::ArmErrorKind::Invalid {
                EXIT_USAGE
            } else {
                EXIT_PARTIAL
            };
        }
    };
    eprintln!("acrtui: using {}", connection.description);
    let now = args.now.unwrap_or_else(Utc::now);
    let thresholds = Thresholds {
        critical_days: args.critical_days,
        warning_days: args.warn_days,
    };
    let scope = Scope {
        subscriptions: global.subscription.clone(),
        registries: args.registries.clone(),
        // No warm start: a report must not show anything the subscription list has not confirmed.
        known: Vec::new(),
        discovery: global.discovery.discovery(),
        stream_tokens: false,
        show_unconfirmed: false,
    };
    let (tx, mut rx) = mpsc::channel(64);
    let task = tokio::spawn(run(
        connection.api.clone(),
        scope.clone(),
        usize::from(global.concurrency),
        tx,
    ));
    let progress = std::io::stderr().is_terminal().then(new_progress_bar);
    let mut got = Collected::default();
    while let Some(event) = rx.recv().await {
        match (got.absorb(event, now, thresholds), progress.as_ref()) {
            (Progress::More(n), Some(p)) => p.inc_length(n),
            (Progress::OneDone, Some(p)) => p.inc(1),
            _ => {}
        }
    }
    let _ = task.await;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    report(args, &scope, got, now)
}

fn new_progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {pos}/{len} registries") {
        bar.set_style(style);
    }
    bar.set_message("loading");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// A filter that names nothing, when everything it could name was read,
/// is a typo: say so, with what does exist, and print no report.
fn refuse_unmatched(unmatched: &[String], got: &Collected) -> u8 {
    let names = got.registry_names();
    let listed = match names.len() {
        0 => "no registries were found".to_string(),
        n if n <= 12 => format!("registries found: {}", names.join(", ")),
        n => format!(
            "registries found: {}, and {} more",
            names[..12].join(", "),
            n - 12
        ),
    };
    for u in unmatched {
        eprintln!("error: {u} matches nothing; {listed}");
    }
    EXIT_USAGE
}

fn report(args: &AuditArgs, scope: &Scope, mut got: Collected, now: chrono::DateTime<Utc>) -> u8 {
    let unmatched = got.unmatched(scope);
    if !unmatched.is_empty() && !got.could_hide_matches() {
        return refuse_unmatched(&unmatched, &got);
    }
    sort(&mut got.rows);
    let failing = got
        .rows
        .iter()
        .filter(|r| args.fail_on.contains(&r.state))
        .count();
    let shown: Vec<AuditRow> = std::mem::take(&mut got.rows)
        .into_iter()
        .filter(|r| args.only.is_empty() || args.only.contains(&r.state))
        .collect();
    got.registries.sort_by(|a, b| a.registry.cmp(&b.registry));
    let warnings = registry_warnings(&got.registries);
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        AuditFormat::Table
    } else {
        AuditFormat::Json
    });
    let mut text = match format {
        AuditFormat::JsonReport => to_json_report(&shown, &warnings, &got.failures),
        AuditFormat::Json if args.with_registries => {
            to_json_report(&shown, &warnings, &got.failures)
        }
        AuditFormat::Json => to_json(&shown),
        AuditFormat::Csv => match to_csv(&shown) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot write CSV: {e}");
                return EXIT_PARTIAL;
            }
        },
        AuditFormat::Table => {
            let color = stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            to_table(&shown, &warnings, now, color)
        }
    };
    if format == AuditFormat::Table && !got.complete() {
        text.push_str(&format!(
            "\nINCOMPLETE: {} part(s) could not be read; stderr names each one.\n",
            got.failures.len()
        ));
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    drop(out);
    exit_code(&got, &unmatched, failing)
}

/// Failures go to stderr whatever the exit code, so a --fail-on finding
/// never hides that the report is partial.
fn exit_code(got: &Collected, unmatched: &[String], failing: usize) -> u8 {
    let mut hints: Vec<&str> = Vec::new();
    for f in &got.failures {
        eprintln!("error: {f}");
        if let Some(h) = f.hint.as_deref().filter(|h| !hints.contains(h)) {
            hints.push(h);
        }
    }
    // Once each: a hundred failed registries usually share one cause.
    for h in hints {
        eprintln!("hint: {h}");
    }
    for u in unmatched {
        eprintln!("warning: {u} matches nothing that could be read");
    }
    if !got.complete() {
        eprintln!(
            "the audit is incomplete: {} part(s) could not be read",
            got.failures.len()
        );
    }
    if failing > 0 {
        eprintln!("{failing} token(s) in a --fail-on state");
        return EXIT_FINDINGS;
    }
    if !got.complete() {
        return EXIT_PARTIAL;
    }
    0
}
