//! `acrtui audit`: the inventory, classified and printed; exit codes for CI.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use crate::arm::RegistryInfo;
use crate::arm::inventory::{Event, Scope, run};
use crate::audit::{
    AuditRow, registry_warnings, rows, sort, to_csv, to_json, to_json_with_registries, to_table,
};
use crate::cli::{AuditArgs, AuditFormat, GlobalArgs};
use crate::connect::connect;
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

/// Everything the inventory returned: registries with tokens, and what failed.
#[derive(Default)]
struct Collected {
    registries: Vec<RegistryInfo>,
    rows: Vec<AuditRow>,
    failures: Vec<String>,
}

async fn audit(global: &GlobalArgs, args: &AuditArgs) -> u8 {
    if let Err(e) = crate::logging::init(global.log_file.as_deref()) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
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
    };
    let (tx, mut rx) = mpsc::channel(64);
    let task = tokio::spawn(run(
        connection.api.clone(),
        scope,
        usize::from(global.concurrency),
        tx,
    ));
    let progress = std::io::stderr().is_terminal().then(new_progress_bar);
    let mut got = Collected::default();
    while let Some(event) = rx.recv().await {
        absorb(&mut got, event, now, thresholds, progress.as_ref());
    }
    let _ = task.await;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    report(args, got, now)
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

fn absorb(
    got: &mut Collected,
    event: Event,
    now: chrono::DateTime<Utc>,
    thresholds: Thresholds,
    progress: Option<&ProgressBar>,
) {
    match event {
        Event::Registries { registries, .. } => {
            if let Some(p) = progress {
                p.inc_length(registries.len() as u64);
            }
        }
        Event::RegistryLoaded {
            registry, tokens, ..
        } => {
            got.rows.extend(rows(&registry, &tokens, now, thresholds));
            got.registries.push(registry);
            if let Some(p) = progress {
                p.inc(1);
            }
        }
        Event::RegistryFailed { registry, error } => {
            got.failures
                .push(format!("registry {}: {error}", registry.registry));
            got.registries.push(registry);
            if let Some(p) = progress {
                p.inc(1);
            }
        }
        Event::SubscriptionFailed {
            subscription,
            error,
        } => got
            .failures
            .push(format!("subscription {subscription}: {error}")),
        Event::Failed(error) => got
            .failures
            .push(format!("cannot list subscriptions: {error}")),
        Event::Subscriptions(_) | Event::SubscriptionGone { .. } | Event::Done { .. } => {}
    }
}

fn report(args: &AuditArgs, mut got: Collected, now: chrono::DateTime<Utc>) -> u8 {
    sort(&mut got.rows);
    let failing = got
        .rows
        .iter()
        .filter(|r| args.fail_on.contains(&r.state))
        .count();
    let shown: Vec<AuditRow> = got
        .rows
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
    let text = match format {
        AuditFormat::Json if args.with_registries => to_json_with_registries(&shown, &warnings),
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
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    for f in &got.failures {
        eprintln!("error: {f}");
    }
    if failing > 0 {
        eprintln!("{failing} token(s) in a --fail-on state");
        return EXIT_FINDINGS;
    }
    if !got.failures.is_empty() {
        eprintln!(
            "the audit is incomplete: {} part(s) could not be read",
            got.failures.len()
        );
        return EXIT_PARTIAL;
    }
    0
}
