//! `acrtui audit` under 20 % mixed faults, compared with a fault-free run.

use std::collections::BTreeMap;
use std::time::Instant;

use acrtui::emulator::faults::FaultConfig;
use acrtui::emulator::{EmulatorConfig, seed, start};
use serde_json::Value;

use super::{acrtui, now};

/// "rg/registry/token" → state.
type States = BTreeMap<String, String>;

struct Run {
    code: Option<i32>,
    complete: bool,
    states: States,
    /// `part name` of each failure ("registry rg-1/synth00reg001").
    failures: Vec<(String, String)>,
    secs: f64,
}

async fn audit_once(faults: FaultConfig) -> Result<Run, String> {
    let store = seed::synthetic(1, 10, 5, 100, now());
    let config = EmulatorConfig {
        faults,
        ..EmulatorConfig::fast()
    };
    let emu = start(([127, 0, 0, 1], 0).into(), config, store)
        .await
        .map_err(|e| format!("emulator: {e}"))?;
    let args = [
        "audit",
        "--arm-endpoint",
        &emu.url(),
        "--now",
        &now().to_rfc3339(),
        "--format",
        "json-report",
        "--request-timeout",
        "10",
    ];
    let started = Instant::now();
    let out = acrtui(args.iter().map(|s| s.to_string()).collect()).await;
    let secs = started.elapsed().as_secs_f64();
    let report: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "no report (exit {:?}): {e}; stderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let rows = report["tokens"].as_array().cloned().unwrap_or_default();
    let states = rows
        .iter()
        .map(|r| {
            let key = format!(
                "{}/{}/{}",
                text(r, "resource_group"),
                text(r, "registry"),
                text(r, "token")
            );
            (key, text(r, "state"))
        })
        .collect();
    let failures = report["failures"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| (text(f, "part"), text(f, "name")))
        .collect();
    Ok(Run {
        code: out.status.code(),
        complete: report["complete"] == true,
        states,
        failures,
        secs,
    })
}

/// Whether a missing token is accounted for by a failure.
fn covered(token: &str, failures: &[(String, String)]) -> bool {
    failures.iter().any(|(part, name)| match part.as_str() {
        "subscriptions" | "subscription" => true,
        "registry" => token.starts_with(&format!("{name}/")),
        _ => token == name,
    })
}

#[derive(Default)]
struct Totals {
    expected: usize,
    seen: usize,
    wrong: usize,
    silent: usize,
    false_clean: usize,
    exit_codes: BTreeMap<String, usize>,
    secs: Vec<f64>,
}

impl Totals {
    fn add(&mut self, expected: &States, run: &Run) {
        self.expected += expected.len();
        self.seen += run.states.len();
        self.wrong += run
            .states
            .iter()
            .filter(|(k, state)| expected.get(*k) != Some(*state))
            .count();
        let missing: Vec<&String> = expected
            .keys()
            .filter(|k| !run.states.contains_key(*k))
            .collect();
        self.silent += missing
            .iter()
            .filter(|k| !covered(k, &run.failures))
            .count();
        let partial = !missing.is_empty() || !run.failures.is_empty();
        if partial && (run.complete || run.code == Some(0)) {
            self.false_clean += 1;
        }
        *self
            .exit_codes
            .entry(format!("{:?}", run.code))
            .or_default() += 1;
        self.secs.push(run.secs);
    }
}

pub async fn soak(seeds: u64) -> bool {
    let baseline = match audit_once(FaultConfig::default()).await {
        Ok(run) if run.complete && run.code == Some(0) => run,
        Ok(run) => {
            eprintln!(
                "fault_soak: the fault-free audit was not clean (exit {:?})",
                run.code
            );
            return false;
        }
        Err(e) => {
            eprintln!("fault_soak: {e}");
            return false;
        }
    };
    let mut totals = Totals::default();
    for seed in 1..=seeds {
        let faults = FaultConfig {
            p_429: 0.04,
            p_500: 0.04,
            p_503: 0.04,
            p_reset: 0.04,
            p_damage: 0.04,
            retry_after_secs: 0,
            rng_seed: seed,
            ..FaultConfig::default()
        };
        match audit_once(faults).await {
            Ok(run) => totals.add(&baseline.states, &run),
            Err(e) => {
                eprintln!("fault_soak: seed {seed}: {e}");
                return false;
            }
        }
    }
    report(seeds, &totals)
}

fn report(seeds: u64, t: &Totals) -> bool {
    let mut secs = t.secs.clone();
    secs.sort_by(f64::total_cmp);
    let median = secs.get(secs.len() / 2).copied().unwrap_or_default();
    let worst = secs.last().copied().unwrap_or_default();
    let codes: Vec<String> = t
        .exit_codes
        .iter()
        .map(|(c, n)| format!("{c}×{n}"))
        .collect();
    println!("fault_soak.audit.runs: {seeds} (1,000 tokens, 20 % mixed faults, one seed each)");
    println!(
        "fault_soak.audit.tokens: {} seen of {} expected",
        t.seen, t.expected
    );
    println!("fault_soak.audit.wrong_states: {} (target: 0)", t.wrong);
    println!(
        "fault_soak.audit.silently_missing: {} (target: 0)",
        t.silent
    );
    println!(
        "fault_soak.audit.partial_runs_reported_clean: {} (target: 0)",
        t.false_clean
    );
    println!("fault_soak.audit.exit_codes: {}", codes.join(", "));
    println!("fault_soak.audit.wall: {median:.2} s median, {worst:.2} s worst");
    t.wrong == 0 && t.silent == 0 && t.false_clean == 0
}
