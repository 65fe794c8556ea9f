//! An audit never reports clean when it is not: a filter that names nothing,
//! a malformed answer, one unreadable token, a partial read under --fail-on.
//! The real binary against an emulator that corrupts its answers.

mod common;

use std::process::{Command, Output};

use common::process::spawn_emulator;
use serde_json::Value;

const SEED: &str = r#"{
  "subscriptions": [{"id": "11111111-1111-1111-1111-111111111111", "displayName": "Fixed", "registries": [
    {"resourceGroup": "rg", "name": "healthyreg", "location": "westeurope", "tokens": [
      {"name": "tok-critical", "scopeMap": "_repositories_pull", "passwords": [{"name": "password2", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2030-01-07T00:00:00Z"}]},
      {"name": "tok-expired", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2029-12-31T00:00:00Z"}]},
      {"name": "tok-ok", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2030-03-01T00:00:00Z"}]}
    ]},
    {"resourceGroup": "rg", "name": "otherreg", "location": "westeurope", "tokens": [
      {"name": "tok-other", "scopeMap": "_repositories_pull"}
    ]}
  ]}]
}"#;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn acrtui(args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `audit` against an emulator seeded with SEED and the given fault rule.
fn audit_with_fault(fault: Option<&str>, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    let mut emu_args = vec!["--seed-file", seed.to_str().unwrap()];
    if let Some(f) = fault {
        emu_args.extend(["--fault", f]);
    }
    let emu = spawn_emulator(&emu_args);
    let mut args = vec![
        "audit",
        "--arm-endpoint",
        &emu.url,
        "--now",
        "2030-01-01T00:00:00Z",
    ];
    args.extend_from_slice(extra);
    acrtui(&args)
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn tokens(v: &Value) -> Vec<String> {
    let rows = v.get("tokens").unwrap_or(v);
    let mut names: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn a_filter_that_names_nothing_is_a_usage_error_naming_it() {
    let run = acrtui(&["audit", "--demo", "--registry", "contosoprdo"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
    assert!(
        run.stderr
            .contains("--registry contosoprdo matches nothing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("rg-platform/contosoprod"),
        "says what exists: {}",
        run.stderr
    );
    let run = acrtui(&["audit", "--demo", "--subscription", "no-such-sub"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--subscription no-such-sub matches nothing"),
        "{}",
        run.stderr
    );
    // One good filter does not excuse a typo in another.
    let run = acrtui(&[
        "audit",
        "--demo",
        "--registry",
        "contosoprod",
        "--registry",
        "typo",
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn a_filter_is_not_called_a_typo_when_its_subscription_could_not_be_read() {
    let run = audit_with_fault(
        Some("500:/providers/Microsoft.ContainerRegistry/registries:GET"),
        // The subscription's own registry list is what fails: Resource Graph
        // would find the registries without it.
        &["--registry", "healthyreg", "--discovery", "arm"],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr.contains("matches nothing that could be read"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_list_without_value_fails_its_registry_instead_of_reading_as_empty() {
    let run = audit_with_fault(
        Some("novalue:/registries/healthyreg/tokens:GET"),
        &["--format", "json-report"],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["complete"], false);
    assert_eq!(tokens(&report), ["tok-other"]);
    let failure = &report["failures"][0];
    assert_eq!(failure["part"], "registry");
    assert_eq!(failure["name"], "rg/healthyreg");
    assert!(
        failure["error"]
            .as_str()
            .unwrap()
            .contains("tokens list of rg/healthyreg"),
        "{failure}"
    );
    assert!(
        run.stderr.contains("error: registry rg/healthyreg:"),
        "{}",
        run.stderr
    );
}

#[test]
fn one_unreadable_token_fails_only_that_token_and_names_the_field() {
    for (fault, problem) in [
        (
            "noprops:/registries/healthyreg/tokens:GET",
            "it has no properties",
        ),
        (
            "baddate:/registries/healthyreg/tokens:GET",
            "field properties.",
        ),
    ] {
        let run = audit_with_fault(Some(fault), &["--format", "json-report"]);
        assert_eq!(run.code, Some(3), "{fault}: {}", run.stderr);
        let report = json(&run);
        assert_eq!(report["complete"], false);
        assert_eq!(
            tokens(&report),
            ["tok-expired", "tok-ok", "tok-other"],
            "{fault}"
        );
        let failure = &report["failures"][0];
        assert_eq!(failure["part"], "token", "{fault}");
        assert_eq!(failure["name"], "rg/healthyreg/tok-critical", "{fault}");
        assert!(
            failure["error"].as_str().unwrap().contains(problem),
            "{fault}: {failure}"
        );
        assert!(
            run.stderr
                .contains("error: token rg/healthyreg/tok-critical:"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_partial_read_is_reported_even_when_fail_on_decides_the_exit_code() {
    let run = audit_with_fault(
        Some("500:/registries/otherreg/tokens:GET"),
        &[
            "--fail-on",
            "expired",
            "--format",
            "json",
            "--with-registries",
        ],
    );
    assert_eq!(run.code, Some(1), "a definite finding wins: {}", run.stderr);
    assert!(
        run.stderr.contains("the audit is incomplete: 1 part(s)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: registry rg/otherreg"),
        "{}",
        run.stderr
    );
    let report = json(&run);
    assert_eq!(report["complete"], false);
    assert_eq!(report["failures"].as_array().unwrap().len(), 1);
    let table = audit_with_fault(
        Some("500:/registries/otherreg/tokens:GET"),
        &["--format", "table"],
    );
    assert_eq!(table.code, Some(3));
    assert!(
        table
            .stdout
            .contains("INCOMPLETE: 1 part(s) could not be read"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_complete_report_says_so() {
    let run = acrtui(&["audit", "--demo", "--format", "json-report"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["complete"], true);
    assert_eq!(report["failures"], serde_json::json!([]));
    assert_eq!(report["tokens"].as_array().unwrap().len(), 11);
    assert_eq!(report["registries"][0]["warning"], "admin-user-enabled");
}

#[test]
fn hostile_names_are_escaped_in_table_and_csv_and_exact_in_json() {
    let fault = Some("hostile:/registries/healthyreg/tokens:GET");
    let table = audit_with_fault(fault, &["--format", "table"]);
    assert_eq!(table.code, Some(0), "{}", table.stderr);
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(
            !table.stdout.contains(raw),
            "{raw:?} reached the terminal: {:?}",
            table.stdout
        );
    }
    assert!(table.stdout.contains("\\u{1b}]52;c;"), "{}", table.stdout);
    let csv = audit_with_fault(fault, &["--format", "csv"]);
    let row = csv
        .stdout
        .lines()
        .find(|l| l.contains("tok-critical"))
        .unwrap();
    assert!(!row.contains('\u{1b}'), "{row:?}");
    let token_cell = row.split(',').nth(4).unwrap();
    assert!(token_cell.trim_matches('"').starts_with("'="), "{row}");
    let exact = json(&audit_with_fault(fault, &["--format", "json"]));
    let names = tokens(&exact);
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("=HYPERLINK(") && n.contains('\u{1b}')),
        "{names:?}"
    );
}
