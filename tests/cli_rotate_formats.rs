//! `acrtui rotate --format` (issue 17) against an emulator subprocess: the
//! new password as a docker config, a Kubernetes Secret or env lines, each of
//! which logs in at the registry's token service; the secret only on stdout;
//! a bad Secret name refused before any password is generated; `--deliver
//! exec:CMD` hands it to a command's stdin and nowhere else, and prints it
//! instead when the command fails.

mod common;

use std::process::{Command, Output, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::process::{EmulatorProcess, logs_in, spawn_emulator};
use serde_json::Value;

const LOGIN: &str = "myregistry.azurecr.io";

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "ci-pull", "scopeMap": "_repositories_pull"}
  ]}]}]}"#;

fn emulator(dir: &std::path::Path) -> EmulatorProcess {
    let seed = dir.join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    spawn_emulator(&["--seed-file", seed.to_str().unwrap()])
}

fn rotate(emu: &EmulatorProcess, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["rotate", "--arm-endpoint", &emu.url])
        .args(["--registry", "rg/myregistry", "--token", "ci-pull", "--yes"])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The docker config's one entry: (username, password, decoded auth).
fn auth_entry(doc: &Value) -> (String, String, String) {
    let entry = &doc["auths"][LOGIN];
    let auth = STANDARD.decode(entry["auth"].as_str().unwrap()).unwrap();
    (
        entry["username"].as_str().unwrap().to_string(),
        entry["password"].as_str().unwrap().to_string(),
        String::from_utf8(auth).unwrap(),
    )
}

#[test]
fn dockerconfigjson_logs_in_and_the_secret_is_only_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(&emu, &["--format", "dockerconfigjson"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (user, password, auth) = auth_entry(&doc);
    assert_eq!(user, "ci-pull");
    assert_eq!(auth, format!("ci-pull:{password}"));
    assert!(
        logs_in(&emu, LOGIN, &user, &password),
        "the document's password works"
    );
    let stderr = text(&out.stderr);
    assert!(!stderr.contains(&password), "{stderr}");
    assert!(
        stderr.contains("in the docker config printed above"),
        "{stderr}"
    );
}

#[test]
fn k8s_secret_is_a_dockerconfigjson_secret_that_logs_in() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(
        &emu,
        &["--format", "k8s-secret", "--secret-name", "acr-pull"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let manifest = text(&out.stdout);
    assert!(manifest.contains("kind: Secret\n"), "{manifest}");
    assert!(manifest.contains("  name: acr-pull\n"), "{manifest}");
    assert!(
        manifest.contains("type: kubernetes.io/dockerconfigjson\n"),
        "{manifest}"
    );
    let data = manifest
        .lines()
        .find_map(|l| l.strip_prefix("  .dockerconfigjson: "))
        .expect("the data key");
    let doc: Value = serde_json::from_slice(&STANDARD.decode(data).unwrap()).unwrap();
    let (user, password, _) = auth_entry(&doc);
    assert!(logs_in(&emu, LOGIN, &user, &password));
    assert!(!text(&out.stderr).contains(&password));
}

#[test]
fn env_lines_log_in_and_the_default_secret_name_is_registry_token() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(&emu, &["--format", "env"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines = text(&out.stdout);
    let value = |key: &str| {
        lines
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(value("ACR_LOGIN_SERVER"), LOGIN);
    assert_eq!(value("ACR_USERNAME"), "ci-pull");
    assert!(
        logs_in(&emu, LOGIN, "ci-pull", &value("ACR_PASSWORD")),
        "{lines}"
    );
    let out = rotate(&emu, &["--format", "k8s-secret", "--slot", "password1"]);
    assert!(text(&out.stdout).contains("  name: myregistry-ci-pull\n"));
}

#[test]
fn a_bad_secret_name_is_refused_before_a_password_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(
        &emu,
        &["--format", "k8s-secret", "--secret-name", "Not_Valid"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--secret-name"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    // Nothing was generated: both slots are still free, so the next
    // rotation asks nothing and takes password1.
    let out = rotate(&emu, &[]);
    assert!(
        text(&out.stderr).contains("New password1"),
        "{}",
        text(&out.stderr)
    );
}

/// Every process's command line and environment, as far as they can be read.
fn anywhere_in_proc(secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        for file in ["cmdline", "environ"] {
            let path = entry.path().join(file);
            if let Ok(bytes) = std::fs::read(&path)
                && String::from_utf8_lossy(&bytes).contains(secret)
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn exec_delivery_puts_the_password_on_the_commands_stdin_and_nowhere_else() {
    assert!(
        std::path::Path::new("/proc/self/cmdline").exists(),
        "this test reads /proc (Linux)"
    );
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let delivered = dir.path().join("delivered");
    // The command keeps running after it has read the password, so the
    // check below sees it (and acrtui, waiting for it) alive.
    let sink = format!("exec:cat > '{}'; sleep 3", delivered.display());
    let child = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["rotate", "--arm-endpoint", &emu.url])
        .args(["--registry", "rg/myregistry", "--token", "ci-pull", "--yes"])
        .args(["--deliver", &sink])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut password = String::new();
    for _ in 0..100 {
        password = std::fs::read_to_string(&delivered).unwrap_or_default();
        if password.len() >= 16 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        password.len() >= 16,
        "the command got the password: {password:?}"
    );
    assert!(
        !password.ends_with('\n'),
        "a bare password, without a newline"
    );
    assert!(
        !anywhere_in_proc("exec:cat > ").is_empty(),
        "the scan does read command lines (acrtui's own holds the sink)"
    );
    assert_eq!(
        anywhere_in_proc(&password),
        Vec::<String>::new(),
        "no command line or environment holds it"
    );
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("delivered to the stdin of `cat >"),
        "{stderr}"
    );
    assert!(!stderr.contains(&password));
    assert!(logs_in(&emu, LOGIN, "ci-pull", &password));
}

#[test]
fn a_failed_delivery_prints_the_password_instead_of_losing_it() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(&emu, &["--deliver", "exec:exit 3"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the delivery failed"), "{stderr}");
    assert!(stderr.contains("it is not lost"), "{stderr}");
    let password = text(&out.stdout).trim_end().to_string();
    assert!(
        logs_in(&emu, LOGIN, "ci-pull", &password),
        "the printed password is the new one"
    );
}

#[test]
fn a_bad_sink_is_refused_before_a_password_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(&emu, &["--deliver", "file:/tmp/secret"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--deliver"));
    assert!(out.stdout.is_empty());
    let out = rotate(&emu, &[]);
    assert!(
        text(&out.stderr).contains("New password1"),
        "nothing was generated before"
    );
}
