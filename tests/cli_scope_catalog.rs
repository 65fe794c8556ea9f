//! `acrtui scope preview --catalog` through the real binary against the
//! emulator: the registry's repositories read through /oauth2/exchange and
//! the catalog, what each rule reaches, dead rules, unreached repositories.

mod common;

use std::process::{Command, Output, Stdio};

use common::process::{EmulatorProcess, spawn_emulator};
use serde_json::Value;

fn preview(emu: &EmulatorProcess, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["scope", "preview", "--arm-endpoint", &emu.url, "--catalog"])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_saved_map_over_the_catalog_names_what_each_rule_reaches() {
    let emu = spawn_emulator(&[]);
    let out = preview(
        &emu,
        &["--registry", "rg-platform/contosoprod", "--map", "ci-push"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("contosoprod.azurecr.io: 12 repositories; scope map ci-push:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("apps/*  pull,push,metadata_read"),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 repositories: apps/api, apps/web, apps/worker"),
        "{stdout}"
    );
    assert!(stdout.contains("Not reached (9): base/dotnet"), "{stdout}");
}

#[test]
fn actions_over_the_catalog_as_json_flag_dead_rules_without_failing() {
    let emu = spawn_emulator(&[]);
    let out = preview(
        &emu,
        &[
            "--registry",
            "contosoprod",
            "--json",
            "repositories/sample/teama/*/content/write",
            "repositories/gone/*/content/read",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["repositories"], 12);
    assert_eq!(
        v["rules"][0]["repositories"],
        serde_json::json!(["sample/teama/projectb", "sample/teama/projectc"])
    );
    assert_eq!(v["rules"][0]["grants"], serde_json::json!(["push"]));
    assert_eq!(v["rules"][1]["dead"], true);
    assert_eq!(v["unreached"].as_array().unwrap().len(), 10);
}

#[test]
fn bad_input_exits_2_and_an_unreachable_registry_3() {
    let emu = spawn_emulator(&[]);
    let out = preview(&emu, &["--registry", "contosoprod", "--map", "no-such-map"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such scope map"));
    let out = preview(
        &emu,
        &["--registry", "contosoprod", "repositories/a*/content/read"],
    );
    assert_eq!(out.status.code(), Some(2), "an invalid action");
    let out = preview(
        &emu,
        &[
            "--registry",
            "contosoprod",
            "--map",
            "ci-push",
            "--login-server-at",
            "127.0.0.1:9",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("private endpoint"));
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "scope",
            "preview",
            "--catalog",
            "repositories/a/content/read",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--catalog needs --registry");
}
