//! `acrtui rotate --expiring-within` (issue 17) against an emulator
//! subprocess: the plan rotates exactly the tokens it lists (only into a
//! free or expired slot), each password reaches its own command and logs in,
//! the report says what was done and what stayed untouched and why, and a
//! delivery that fails is reported, with the password printed, not lost.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::process::{EmulatorProcess, logs_in, spawn_emulator};
use serde_json::Value;

const LOGIN: &str = "myregistry.azurecr.io";

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "due-free", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 80, "expiresInDays": 5}]},
    {"name": "due-expired-slot", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 200, "expiresInDays": -3},
      {"name": "password2", "createdDaysAgo": 80, "expiresInDays": 9}]},
    {"name": "both-work", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 80, "expiresInDays": 5},
      {"name": "password2", "createdDaysAgo": 70, "expiresInDays": 9}]},
    {"name": "not-due", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 10, "expiresInDays": 200}]},
    {"name": "switched-off", "scopeMap": "_repositories_pull", "status": "disabled", "passwords": [
      {"name": "password1", "createdDaysAgo": 80, "expiresInDays": 5}]},
    {"name": "unused", "scopeMap": "_repositories_pull"}
  ]}]}]}"#;

fn emulator(dir: &Path) -> EmulatorProcess {
    let seed = dir.join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    spawn_emulator(&["--seed-file", seed.to_str().unwrap()])
}

/// `acrtui rotate --arm-endpoint URL ARGS…`.
fn rotate(emu: &EmulatorProcess, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["rotate", "--arm-endpoint", &emu.url])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn os(args: &[&'static str]) -> Vec<&'static std::ffi::OsStr> {
    args.iter().map(|a| std::ffi::OsStr::new(*a)).collect()
}

/// `rotate --expiring-within 14d --yes EXTRA…` against the emulator.
fn run_bulk(emu: &EmulatorProcess, extra: &[&std::ffi::OsStr]) -> Output {
    let mut args = os(&["--expiring-within", "14d", "--yes"]);
    args.extend_from_slice(extra);
    rotate(emu, &args)
}

/// `rotate --finish --yes --report DIR/report.json`.
fn finish(emu: &EmulatorProcess, dir: &Path) -> Output {
    let report = dir.join("report.json");
    let mut args = os(&["--finish", "--yes", "--report"]);
    args.push(report.as_os_str());
    rotate(emu, &args)
}

fn bulk(emu: &EmulatorProcess, dir: &Path, sink: &str) -> Output {
    let report = dir.join("report.json");
    let args = ["--registry", "rg/myregistry", "--deliver", sink, "--report"];
    let mut extra: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    extra.push(report.as_os_str());
    run_bulk(emu, &extra)
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

fn by_token<'a>(rows: &'a Value, token: &str) -> Option<&'a Value> {
    rows.as_array()?.iter().find(|r| r["token"] == token)
}

#[test]
fn the_plan_rotates_exactly_what_it_lists_and_each_password_logs_in() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let sink = format!("exec:cat > '{}/{{token}}-{{slot}}'", dir.path().display());
    let out = bulk(&emu, dir.path(), &sink);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty(), "no secret on stdout");
    assert!(
        stderr.contains("rotate myregistry/due-free: new password2"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rotate myregistry/due-expired-slot: new password1"),
        "{stderr}"
    );
    let report = report(dir.path());
    assert_eq!(report["complete"], true);
    let planned: Vec<&str> = report["planned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap())
        .collect();
    let mut sorted = planned.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["due-expired-slot", "due-free"]);
    for (token, slot) in [("due-free", "password2"), ("due-expired-slot", "password1")] {
        let result = by_token(&report["results"], token).unwrap();
        assert_eq!(result["status"], "rotated", "{result}");
        assert_eq!(result["slot"], slot);
        let password = std::fs::read_to_string(dir.path().join(format!("{token}-{slot}"))).unwrap();
        assert!(logs_in(&emu, LOGIN, token, password.trim_end()), "{token}");
    }
    for (token, why) in [
        ("both-work", "both-slots-work"),
        ("not-due", "not-due"),
        ("switched-off", "disabled"),
        ("unused", "no-passwords"),
    ] {
        assert_eq!(
            by_token(&report["untouched"], token).unwrap()["status"],
            why
        );
    }
    // Exactly two commands ran: the untouched tokens got nothing.
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 2 + 2, "seed, report and the two delivered passwords");
}

#[test]
fn a_failed_delivery_is_reported_and_its_password_printed() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    // The command fails for due-free only.
    let sink = format!(
        "exec:test {{token}} != due-free && cat > '{}/{{token}}'",
        dir.path().display()
    );
    let out = bulk(&emu, dir.path(), &sink);
    assert_eq!(out.status.code(), Some(1));
    let report = report(dir.path());
    assert_eq!(report["complete"], true);
    let failed = by_token(&report["results"], "due-free").unwrap();
    assert_eq!(failed["status"], "delivery-failed", "{failed}");
    assert_eq!(
        by_token(&report["results"], "due-expired-slot").unwrap()["status"],
        "rotated"
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("# myregistry/due-free password2"));
    let password = lines.next().unwrap_or_default();
    assert!(
        logs_in(&emu, LOGIN, "due-free", password),
        "the printed password is the new one"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains(password));
}

#[test]
fn without_a_command_nothing_is_read_or_made() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = run_bulk(&emu, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--deliver 'exec:CMD'"));
}

#[test]
fn a_run_killed_midway_leaves_a_report_of_what_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    // due-free's command finishes at once; due-expired-slot's kills acrtui
    // (its parent) a second later, after due-free's result was recorded.
    let sink = format!(
        "exec:if [ {{token}} = due-expired-slot ]; then sleep 1; kill -9 $PPID; exit 1; fi; cat > '{}/{{token}}'",
        dir.path().display()
    );
    let out = bulk(&emu, dir.path(), &sink);
    assert!(!out.status.success(), "acrtui was killed");
    let report = report(dir.path());
    assert_eq!(report["complete"], false, "{report}");
    assert_eq!(report["planned"].as_array().map(Vec::len), Some(2));
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{report}");
    assert_eq!(results[0]["token"], "due-free");
    assert_eq!(results[0]["status"], "rotated");
    let password = std::fs::read_to_string(dir.path().join("due-free")).unwrap();
    assert!(logs_in(&emu, LOGIN, "due-free", &password));
}

/// The slot names a token holds, straight from the emulator's ARM.
fn slots(emu: &EmulatorProcess, token: &str) -> Vec<String> {
    let url = format!(
        "{}/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/{token}?api-version=2023-07-01",
        emu.url
    );
    let body: Value = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let r = reqwest::Client::new()
                .get(url)
                .bearer_auth("t")
                .send()
                .await
                .unwrap();
            r.json().await.unwrap()
        });
    let mut names: Vec<String> = body["properties"]["credentials"]["passwords"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn finish_with_the_report_retires_the_old_slot_of_each_rotated_token() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let sink = format!("exec:cat > '{}/{{token}}'", dir.path().display());
    assert!(bulk(&emu, dir.path(), &sink).status.success());
    assert_eq!(slots(&emu, "due-free"), ["password1", "password2"]);
    let out = finish(&emu, dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Rotation finished for 2 token(s)"),
        "{stderr}"
    );
    // The run's new passwords stay, the old slots are gone.
    assert_eq!(slots(&emu, "due-free"), ["password2"]);
    assert_eq!(slots(&emu, "due-expired-slot"), ["password1"]);
    assert_eq!(
        slots(&emu, "both-work"),
        ["password1", "password2"],
        "untouched"
    );
    for token in ["due-free", "due-expired-slot"] {
        let password = std::fs::read_to_string(dir.path().join(token)).unwrap();
        assert!(logs_in(&emu, LOGIN, token, &password), "{token}");
    }
}

#[test]
fn finish_leaves_alone_a_token_rotated_again_since_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let sink = format!("exec:cat > '{}/{{token}}'", dir.path().display());
    assert!(bulk(&emu, dir.path(), &sink).status.success());
    // due-free is rotated again by hand: its newest password is no longer the run's.
    let again = rotate(
        &emu,
        &os(&[
            "--registry",
            "rg/myregistry",
            "--token",
            "due-free",
            "--slot",
            "password1",
            "--yes",
        ]),
    );
    assert!(again.status.success());
    let out = finish(&emu, dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("left alone: rg/myregistry/due-free"),
        "{stderr}"
    );
    assert_eq!(
        slots(&emu, "due-free"),
        ["password1", "password2"],
        "nothing deleted"
    );
    assert_eq!(slots(&emu, "due-expired-slot"), ["password1"]);
}
