//! Fault soak (issue 11): acrtui under injected faults, as a benchmark, never
//! a timed test. Two parts, each run through the real binary against an
//! in-process emulator:
//!
//! - `audit`: a 1,000-token synthetic tenant (10 registries × 100 tokens)
//!   under 20 % mixed random faults (429, 500, 503, reset, damaged answers;
//!   4 % each), 20 fault seeds. Each run's `json-report` is compared with a
//!   fault-free run: tokens expected and seen, wrong states, tokens missing
//!   without a failure naming them (a silent loss), and runs that claimed to
//!   be complete while not. Exit codes and wall time are reported.
//! - `rotate`: for every fault kind `--fault` can put on generateCredentials,
//!   a token whose password1 is in use is rotated, rotated again as an
//!   unlucky operator would, then finished with the command rotate printed.
//!   Reports POSTs sent and slots in use lost (must be 0).
//!
//! `cargo bench --bench fault_soak` runs it in full; without `--bench`
//! (`cargo test --benches`, as `.ci/run` does) 2 seeds and 4 fault kinds.

mod audit;
mod rotate;

use std::process::{Command, ExitCode, Output, Stdio};

use chrono::{DateTime, TimeZone, Utc};

/// The clock of the synthetic tenant and of every audit's `--now`.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The real binary, run to completion off the async runtime.
pub async fn acrtui(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_acrtui"))
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .expect("the acrtui binary runs")
    })
    .await
    .expect("the child process is awaited")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> ExitCode {
    let full = std::env::args().any(|a| a == "--bench");
    let audit_ok = audit::soak(if full { 20 } else { 2 }).await;
    let rotate_ok = rotate::soak(full).await;
    if audit_ok && rotate_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
