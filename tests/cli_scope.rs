//! `acrtui scope validate|preview`, run as the real binary.

use assert_cmd::Command;
use serde_json::Value;

fn acrtui() -> Command {
    Command::cargo_bin("acrtui").unwrap()
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn validate_ok_exits_0() {
    acrtui()
        .args(["scope", "validate", "repositories/samples/*/content/read"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("ok: 1 action, no problems"));
}

#[test]
fn validate_warnings_only_exits_0() {
    let out = acrtui()
        .args([
            "scope",
            "validate",
            "--json",
            "repositories/*/content/write",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["valid"], true);
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(v["diagnostics"][0]["code"], "registry-wide-write");
}

#[test]
fn validate_errors_exit_1_with_json_diagnostics() {
    let out = acrtui()
        .args([
            "scope",
            "validate",
            "--json",
            "repositories/sample/teamA*/content/read",
            "repositories/a/content/read",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["valid"], false);
    let d = v["diagnostics"].as_array().unwrap();
    let keys: Vec<_> = d[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["severity", "code", "action", "message"]);
    assert_eq!(d[0]["action"], "repositories/sample/teamA*/content/read");
    assert!(d.iter().any(|d| d["code"] == "wildcard-not-component"));
}

#[test]
fn validate_human_output_names_the_action_and_the_fix() {
    acrtui()
        .args([
            "scope",
            "validate",
            "repositories/myrepository/contentWrite",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "error[legacy-action] #1 repositories/myrepository/contentWrite",
        ))
        .stdout(predicates::str::contains(
            "use `repositories/myrepository/content/write`",
        ));
}

#[test]
fn validate_reads_an_arm_body_from_a_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    std::fs::write(&path, r#"{"properties":{"description":"d","actions":["repositories/a/content/read","repositories/a/*/bad"]}}"#).unwrap();
    acrtui()
        .args(["scope", "validate", "--file"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("#2 repositories/a/*/bad"));
    acrtui()
        .args(["scope", "validate", "--file", "-"])
        .write_stdin("repositories/a/content/read\n# comment\nrepositories/b/*/metadata/read\n")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("ok: 2 actions"));
}

#[test]
fn usage_errors_exit_2_and_say_what_to_do() {
    acrtui()
        .args(["scope", "validate"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "pass them as arguments or with --file",
        ));
    acrtui()
        .args(["scope", "validate", "--file", "/nonexistent/x.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read /nonexistent/x.json"));
    acrtui()
        .args(["scope", "validate", "--bogus"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "[1, 2]").unwrap();
    acrtui()
        .args(["scope", "validate", "--file"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "expected a JSON array of action strings",
        ));
}

#[test]
fn preview_json_for_the_docs_table() {
    let out = acrtui()
        .args([
            "scope",
            "preview",
            "--json",
            "--repo",
            "sample/teama/projectb",
            "repositories/sample/*/content/read",
            "repositories/sample/teama/*/content/write",
            "repositories/sample/teama/projectb/content/delete",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["repository"], "sample/teama/projectb");
    assert_eq!(
        v["actions"],
        serde_json::json!(["content/delete", "content/read", "content/write"])
    );
    assert_eq!(
        v["docker_scope"],
        "repository:sample/teama/projectb:pull,push,delete"
    );
    let write = v["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["action"] == "content/write")
        .unwrap();
    assert_eq!(
        write["rules"],
        serde_json::json!(["repositories/sample/teama/*/content/write"])
    );
}

#[test]
fn preview_human_output_and_nothing_granted() {
    acrtui()
        .args([
            "scope",
            "preview",
            "--repo",
            "other/app",
            "repositories/sample/*/content/read",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("nothing is granted"))
        .stdout(predicates::str::contains(
            "no  pull (docker pull)  (needs content/read)",
        ));
    acrtui()
        .args([
            "scope",
            "preview",
            "--repo",
            "sample/app",
            "repositories/sample/*/content/read",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "content/read    granted by repositories/sample/*/content/read",
        ))
        .stdout(predicates::str::contains(
            "Docker scope: repository:sample/app:pull",
        ));
}

#[test]
fn preview_with_invalid_actions_exits_1_and_bad_repo_exits_2() {
    acrtui()
        .args([
            "scope",
            "preview",
            "--json",
            "--repo",
            "a",
            "repositories/a*/content/read",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("wildcard-not-component"));
    acrtui()
        .args([
            "scope",
            "preview",
            "--repo",
            "a//b",
            "repositories/a/content/read",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("empty path component"));
    acrtui()
        .args([
            "scope",
            "preview",
            "--repo",
            "sample/*",
            "repositories/a/content/read",
        ])
        .assert()
        .code(2);
}

#[test]
fn hostile_or_odd_files_are_clear_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = acrtui()
        .args(["scope", "validate", "--file", empty.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "README: an empty file is a usage error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no actions"));

    let bom = dir.path().join("bom.txt");
    std::fs::write(&bom, "\u{feff}repositories/samples/*/content/read\n").unwrap();
    let out = acrtui()
        .args(["scope", "validate", "--file", bom.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = acrtui()
        .args(["scope", "validate", "--file", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 1024 KiB"));
}

/// The Microsoft doc's own mixed-case examples: a warning, never a refusal,
/// and the rules are evaluated as written.
#[test]
fn the_docs_mixed_case_examples_validate_with_a_warning_and_preview_as_written() {
    acrtui()
        .args([
            "scope",
            "validate",
            "repositories/sample/teamA/*/content/read",
            "repositories/sample/teamA/projectB/content/write",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("upper-case"))
        .stdout(predicates::str::contains(
            "repositories/sample/teama/*/content/read",
        ));
    let out = acrtui()
        .args([
            "scope",
            "preview",
            "--json",
            "--repo",
            "sample/teamA/projectB",
            "repositories/sample/teamA/*/content/read",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["actions"], serde_json::json!(["content/read"]), "{v}");
    // As written: the lower-case repository is a different one.
    let out = acrtui()
        .args([
            "scope",
            "preview",
            "--json",
            "--repo",
            "sample/teama/projectb",
            "repositories/sample/teamA/*/content/read",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["actions"], serde_json::json!([]), "{v}");
    acrtui()
        .args([
            "scope",
            "preview",
            "--repo",
            "sample/teamA/projectB",
            "repositories/sample/teamA/*/content/read",
        ])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "Docker and OCI clients refuse upper-case repository names",
        ));
}
