//! The real Azure CLI (2.91, from PyPI) against `acrtui emulator --tls
//! --strict-auth`, with no shim: cloud registration from the metadata
//! document, a service-principal login through the emulator's Entra
//! endpoints, and every `az acr scope-map` / `az acr token` command acrtui's
//! users script, with their JSON results checked. Then acrtui itself with
//! `--auth cli`, whose token comes from that logged-in az.
//!
//! `.ci/run` installs azure-cli into `target/az-venv` (pip). Without it
//! (`ACRTUI_AZ` unset and no venv) the test says so and does nothing else.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::process::spawn_emulator_plain;
use serde_json::Value;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

fn az_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ACRTUI_AZ") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/az-venv/bin/az");
    venv.exists().then_some(venv)
}

struct Az {
    bin: PathBuf,
    config: tempfile::TempDir,
    cert: PathBuf,
}

impl Az {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(args)
            .env("AZURE_CONFIG_DIR", self.config.path())
            .env("REQUESTS_CA_BUNDLE", &self.cert)
            .env("AZURE_CORE_COLLECT_TELEMETRY", "false")
            .env("AZURE_CORE_NO_COLOR", "true")
            .env_remove("AZURE_CLIENT_SECRET");
        cmd
    }

    /// Runs az; a non-zero exit fails the test with az's stderr.
    fn run(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("az runs");
        assert!(
            out.status.success(),
            "az {}: exit {:?}\n{}",
            args.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        let text = self.run(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("az {}: {e}: {text}", args.join(" ")))
    }
}

#[test]
fn az_cli_runs_a_whole_token_session_against_the_emulator() {
    let Some(bin) = az_binary() else {
        eprintln!(
            "azure-cli is not installed (set ACRTUI_AZ, or run .ci/run, which installs it into target/az-venv): the real-client test did not run"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("emulator.pem");
    // Retry-After 1: azure-core treats 0 as "no hint" and waits its 30 s default.
    let emu = spawn_emulator_plain(&[
        "--retry-after",
        "1",
        "--tls",
        "--tls-cert-out",
        cert.to_str().unwrap(),
        "--strict-auth",
        "--client-id",
        "ci-app",
        "--client-secret",
        "ci-secret",
    ]);
    let az = Az {
        bin,
        config: tempfile::tempdir().unwrap(),
        cert: cert.clone(),
    };
    login(&az, &emu.url);
    registries(&az);
    scope_maps(&az);
    tokens(&az);
    admin_user(&az);
    acrtui_with_auth_cli(&az, &emu.url);
}

fn login(az: &Az, url: &str) {
    az.run(&[
        "cloud",
        "register",
        "--name",
        "AcrtuiEmulator",
        "--endpoint-resource-manager",
        url,
    ]);
    az.run(&["cloud", "set", "--name", "AcrtuiEmulator"]);
    // MSAL's instance discovery asks login.microsoftonline.com about any other host.
    az.run(&["config", "set", "core.instance_discovery=false"]);
    let accounts = az.json(&[
        "login",
        "--service-principal",
        "-u",
        "ci-app",
        "-p",
        "ci-secret",
        "--tenant",
        TENANT,
    ]);
    assert_eq!(accounts.as_array().map(Vec::len), Some(2), "{accounts}");
}

fn registries(az: &Az) {
    let list = az.json(&["acr", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert!(names.contains(&"contosoprod"), "{names:?}");
    let show = az.json(&["acr", "show", "-n", "contosoprod"]);
    assert_eq!(show["loginServer"], "contosoprod.azurecr.io");
}

fn scope_maps(az: &Az) {
    let r = ["-r", "contosoprod"];
    let created = az.json(
        &[
            &["acr", "scope-map", "create", "-n", "e2e-map"][..],
            &r,
            &[
                "--repository",
                "samples/app",
                "content/read",
                "content/write",
                "--description",
                "from az",
            ],
        ]
        .concat(),
    );
    assert_eq!(
        created["actions"],
        serde_json::json!([
            "repositories/samples/app/content/read",
            "repositories/samples/app/content/write"
        ])
    );
    let updated = az.json(
        &[
            &["acr", "scope-map", "update", "-n", "e2e-map"][..],
            &r,
            &["--add-repository", "samples/lib", "content/read"],
        ]
        .concat(),
    );
    assert_eq!(updated["actions"].as_array().unwrap().len(), 3, "{updated}");
    let shown = az.json(&[&["acr", "scope-map", "show", "-n", "e2e-map"][..], &r].concat());
    assert_eq!(shown["description"], "from az");
    let list = az.json(&[&["acr", "scope-map", "list"][..], &r].concat());
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "e2e-map")
    );
    az.run(
        &[
            &["acr", "scope-map", "create", "-n", "e2e-doomed"][..],
            &r,
            &["--repository", "x", "content/read"],
        ]
        .concat(),
    );
    az.run(
        &[
            &["acr", "scope-map", "delete", "-n", "e2e-doomed", "--yes"][..],
            &r,
        ]
        .concat(),
    );
    let list = az.json(&[&["acr", "scope-map", "list"][..], &r].concat());
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "e2e-doomed")
    );
}

fn tokens(az: &Az) {
    let r = ["-r", "contosoprod"];
    let token = az.json(
        &[
            &[
                "acr",
                "token",
                "create",
                "-n",
                "e2e-token",
                "--scope-map",
                "e2e-map",
            ][..],
            &r,
        ]
        .concat(),
    );
    let passwords = token["credentials"]["passwords"].as_array().unwrap();
    assert_eq!(passwords.len(), 2, "{token}");
    assert!(
        passwords
            .iter()
            .all(|p| p["value"].as_str().is_some_and(|v| v.len() >= 40))
    );
    let by_repo = az.json(
        &[
            &[
                "acr",
                "token",
                "create",
                "-n",
                "e2e-repo-token",
                "--repository",
                "samples/x",
                "content/read",
                "--no-passwords",
            ][..],
            &r,
        ]
        .concat(),
    );
    assert!(
        by_repo["scopeMapId"]
            .as_str()
            .unwrap()
            .ends_with("/scopeMaps/e2e-repo-token-scope-map"),
        "{by_repo}"
    );
    let disabled = az.json(
        &[
            &[
                "acr",
                "token",
                "update",
                "-n",
                "e2e-token",
                "--status",
                "disabled",
            ][..],
            &r,
        ]
        .concat(),
    );
    assert_eq!(disabled["status"], "disabled");
    let days = az.json(
        &[
            &[
                "acr",
                "token",
                "credential",
                "generate",
                "-n",
                "e2e-token",
                "--password1",
                "--expiration-in-days",
                "30",
            ][..],
            &r,
        ]
        .concat(),
    );
    let p1 = &days["passwords"][0];
    assert_eq!(p1["name"], "password1");
    assert!(
        p1["expiry"].as_str().is_some_and(|e| !e.is_empty()),
        "{days}"
    );
    let dated = az.json(
        &[
            &[
                "acr",
                "token",
                "credential",
                "generate",
                "-n",
                "e2e-token",
                "--password2",
                "--expiration",
                "2027-12-31T00:00:00Z",
            ][..],
            &r,
        ]
        .concat(),
    );
    assert!(
        dated["passwords"][0]["expiry"]
            .as_str()
            .unwrap()
            .starts_with("2027-12-31"),
        "{dated}"
    );
    az.run(
        &[
            &[
                "acr",
                "token",
                "credential",
                "delete",
                "-n",
                "e2e-token",
                "--password1",
            ][..],
            &r,
        ]
        .concat(),
    );
    let shown = az.json(&[&["acr", "token", "show", "-n", "e2e-token"][..], &r].concat());
    let left: Vec<&str> = shown["credentials"]["passwords"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(left, ["password2"], "{shown}");
    az.run(
        &[
            &["acr", "token", "delete", "-n", "e2e-repo-token", "--yes"][..],
            &r,
        ]
        .concat(),
    );
    let list = az.json(&[&["acr", "token", "list"][..], &r].concat());
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "e2e-repo-token")
    );
}

fn admin_user(az: &Az) {
    let updated = az.json(&[
        "acr",
        "update",
        "-n",
        "contosoprod",
        "--admin-enabled",
        "true",
    ]);
    assert_eq!(updated["adminUserEnabled"], true);
    let before = az.json(&["acr", "credential", "show", "-n", "contosoprod"]);
    assert_eq!(before["username"], "contosoprod");
    let after = az.json(&[
        "acr",
        "credential",
        "renew",
        "-n",
        "contosoprod",
        "--password-name",
        "password2",
    ]);
    assert_eq!(
        after["passwords"][0]["value"],
        before["passwords"][0]["value"]
    );
    assert_ne!(
        after["passwords"][1]["value"],
        before["passwords"][1]["value"]
    );
}

/// acrtui's AzureCliCredential runs `az account get-access-token` against
/// the az logged in above; the audit then reads the emulator with that token.
fn acrtui_with_auth_cli(az: &Az, url: &str) {
    let bin_dir = az.bin.parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "audit",
            "--arm-endpoint",
            url,
            "--auth",
            "cli",
            "--format",
            "json-report",
        ])
        .env("PATH", path)
        .env("AZURE_CONFIG_DIR", az.config.path())
        .env("SSL_CERT_FILE", &az.cert)
        .env("REQUESTS_CA_BUNDLE", &az.cert)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Azure CLI"),
        "the token came from az: {stderr}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["complete"], true);
    let tokens = report["tokens"].as_array().unwrap();
    assert!(
        tokens
            .iter()
            .any(|t| t["token"] == "e2e-token" && t["status"] == "disabled"),
        "{report}"
    );
}
