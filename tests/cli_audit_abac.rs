//! `acrtui audit --abac`, run as the real binary against the demo: the
//! mode-switch readiness of each registry, its formats and exit codes.

use std::process::{Command, Output};

use serde_json::Value;

fn acrtui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn registry<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["registries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["registry"] == name)
        .unwrap_or_else(|| panic!("no {name}: {report}"))
}

fn kinds_of(registry: &Value) -> Vec<(String, String)> {
    registry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["principalId"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_demo_is_not_ready_and_each_finding_names_who_and_why() {
    let out = acrtui(&["audit", "--abac", "--demo", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "findings exit 1: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["complete"], true, "{report}");
    assert!(
        report["notChecked"]
            .as_str()
            .unwrap()
            .contains("group members")
    );

    // ABAC registry: AcrPull is ignored; a prefix without '/' over-grants.
    let ml = registry(&report, "contosoml");
    assert_eq!(ml["roleAssignmentMode"], "AbacRepositoryPermissions");
    let ml_kinds = kinds_of(ml);
    assert!(
        ml_kinds.contains(&(
            "ignored".into(),
            "6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c".into()
        )),
        "{ml_kinds:?}"
    );
    assert!(
        ml_kinds.contains(&(
            "condition-warning".into(),
            "c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f".into()
        )),
        "{ml_kinds:?}"
    );

    // Legacy registry: github-deploy pushes through AcrPush and has no
    // Repository role, so a switch cuts it off; Alice already has one.
    let prod = registry(&report, "contosoprod");
    assert_eq!(prod["roleAssignmentMode"], "LegacyRegistryPermissions");
    let prod_kinds = kinds_of(prod);
    assert!(
        prod_kinds.contains(&(
            "loses-access".into(),
            "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".into()
        )),
        "{prod_kinds:?}"
    );
    assert!(
        !prod_kinds
            .iter()
            .any(|(_, id)| id == "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c"),
        "Alice's Repository Reader needs nothing: {prod_kinds:?}"
    );
    assert_eq!(prod["ready"], false);
    assert!(
        prod_kinds.contains(&("task-without-identity".into(), "nightly-build".into())),
        "{prod_kinds:?}"
    );
    let deploy = prod["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["principalId"] == "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
        .unwrap();
    assert_eq!(deploy["principalName"], "github-deploy", "names from Graph");
    assert_eq!(deploy["roles"], serde_json::json!(["AcrPush"]));
}

#[test]
fn a_registry_without_assignments_is_ready_and_exits_0() {
    let out = acrtui(&[
        "audit",
        "--abac",
        "--demo",
        "--registry",
        "contososandbox",
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sandbox = registry(&report, "contososandbox");
    let findings = sandbox["findings"].as_array().unwrap();
    // Inherited subscription-wide assignments may reach it; exit code and
    // readiness must agree with what is listed either way.
    let expected = if findings.is_empty() { 0 } else { 1 };
    assert_eq!(out.status.code(), Some(expected), "{stderr} {report}");
    assert_eq!(sandbox["ready"], findings.is_empty());
}

#[test]
fn the_table_and_csv_say_the_same_findings() {
    let table = acrtui(&["audit", "--abac", "--demo", "--format", "table"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("contosoml (AbacRepositoryPermissions):"),
        "{text}"
    );
    assert!(
        text.contains("loses-access              github-deploy (ServicePrincipal)"),
        "{text}"
    );
    assert!(text.contains("Not checked: group members"), "{text}");
    assert!(
        text.contains("task-without-identity     nightly-build (Task)"),
        "{text}"
    );
    let csv = acrtui(&["audit", "--abac", "--demo", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("registry,mode,kind,principalId,principalName,principalType,roles,detail")
    );
    let rows: Vec<&str> = lines.collect();
    // Two lines a finding in the table: who, then what.
    let table_rows = text.lines().filter(|l| l.starts_with("  ")).count() / 2;
    assert_eq!(rows.len(), table_rows, "{csv}\n{text}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("contosoprod,LegacyRegistryPermissions,loses-access,"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let nothing = acrtui(&["audit", "--abac", "--demo", "--registry", "nope"]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("nope matches no registry"));
    let clash = acrtui(&["audit", "--abac", "--demo", "--fail-on", "expired"]);
    assert_eq!(clash.status.code(), Some(2));
}
