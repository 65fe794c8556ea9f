//! Replays the ARM spec's own examples (tests/fixtures/arm-spec, copied from
//! ../shared/arm-spec) against a seeded emulator and compares status codes,
//! headers and JSON shapes (keys and types; ids, dates and secrets are not compared).
//!
//! Where an example and the live service differ, the emulator follows the live
//! service; each such case is listed in `LIVE_STATUS` or `ALLOWED_GAPS` with why.

mod common;

use std::path::Path;

use acrtui::domain::rules::{Code, validate_action};
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::{
    PasswordMeta, Provisioning, Registry, Sku, Store, Subscription, Token,
};
use chrono::Utc;
use common::*;
use reqwest::Method;
use serde_json::Value;

const SUB: &str = "00000000-0000-0000-0000-000000000000";

/// Examples not replayed: name checks (emulated, but the examples' names
/// depend on registries the replay does not seed; tested in
/// emulator_resources), provider operations.
const NOT_EMULATED: [&str; 3] = [
    "RegistryCheckNameAvailable",
    "RegistryCheckNameNotAvailable",
    "OperationList",
];

/// The status the live service answers, where the example offers several.
const LIVE_STATUS: [(&str, u16); 12] = [
    ("ScopeMapCreate", 200), // live: synchronous 200 (the example also lists 201)
    ("ScopeMapUpdate", 201), // live: 201 + Azure-AsyncOperation
    ("ScopeMapDelete", 202), // live: 202 + Location
    ("TokenCreate", 201),    // live: 201 + Azure-AsyncOperation
    ("TokenUpdate", 201),    // live: 201 + Azure-AsyncOperation
    ("TokenDelete", 202),    // live: 202 + Location
    ("RegistryUpdate", 200), // synchronous for adminUserEnabled/tags
    ("RegistryGenerateCredentials", 200), // live: 200; 202 mode is tested separately
    ("RegistryGet", 200),
    ("RegistryListCredentials", 200),
    ("RegistryRegenerateCredential", 200),
    ("RegistryList", 200),
];

/// Keys in an example the emulator leaves out on purpose.
const ALLOWED_GAPS: [(&str, &str); 2] = [
    // Token certificates are not part of acrtui; live token bodies show `credentials: {"passwords": [...]}`.
    ("credentials.certificates", "certificates are not emulated"),
    // Live scope-map PUT bodies carry no description key when none was sent.
    ("properties.description", "absent when not sent"),
];

fn store() -> Store {
    let now = Utc::now();
    let mut store = Store {
        tenant_id: "t".into(),
        subscriptions: vec![Subscription {
            id: SUB.into(),
            display_name: "Example".into(),
        }],
        ..Default::default()
    };
    let mut reg = Registry::new(
        SUB,
        "myResourceGroup",
        "myRegistry",
        "westus",
        Sku::Standard,
        now,
    );
    reg.admin_user_enabled = true;
    for name in ["myScopeMap", "myNewScopeMap"] {
        reg.scope_maps.insert(
            name.to_ascii_lowercase(),
            acrtui::emulator::store::ScopeMap {
                name: name.into(),
                description: Some("Developer Scopes".into()),
                actions: vec!["repositories/myrepository/content/read".into()],
                system: false,
                created: now,
                state: Provisioning::Succeeded,
                system_data: None,
            },
        );
    }
    reg.tokens.insert(
        "mytoken".into(),
        Token {
            name: "myToken".into(),
            scope_map_id: reg.scope_map_id("myScopeMap"),
            enabled: true,
            created: now,
            passwords: vec![PasswordMeta {
                hash: None,
                name: "password1".into(),
                created: now,
                expiry: None,
            }],
            state: Provisioning::Succeeded,
            system_data: None,
        },
    );
    store.add_registry(reg);
    store
}

/// Method and path for an example, from its file name and parameters.
fn request_for(name: &str, p: &Value) -> Option<(Method, String)> {
    let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let reg = format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries/{}",
        s("subscriptionId"),
        s("resourceGroupName"),
        s("registryName")
    );
    let sm = format!("{reg}/scopeMaps/{}", s("scopeMapName"));
    let tok = format!("{reg}/tokens/{}", s("tokenName"));
    Some(match name {
        "RegistryGet" => (Method::GET, reg),
        "RegistryCreate" | "RegistryCreateAbac" => {
            (Method::PUT, reg.replace("myRegistry", "myNewRegistry"))
        }
        "RegistryDelete" => (Method::DELETE, reg),
        "RegistryUpdate" => (Method::PATCH, reg),
        "RegistryList" => (
            Method::GET,
            format!(
                "/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries",
                s("subscriptionId")
            ),
        ),
        "RegistryListByResourceGroup" => (
            Method::GET,
            format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries",
                s("subscriptionId"),
                s("resourceGroupName")
            ),
        ),
        "RegistryListCredentials" => (Method::POST, format!("{reg}/listCredentials")),
        "RegistryRegenerateCredential" => (Method::POST, format!("{reg}/regenerateCredential")),
        "RegistryGenerateCredentials" => (Method::POST, format!("{reg}/generateCredentials")),
        "ScopeMapGet" => (Method::GET, sm),
        "ScopeMapList" => (Method::GET, format!("{reg}/scopeMaps")),
        "ScopeMapCreate" => (Method::PUT, sm),
        "ScopeMapUpdate" => (Method::PATCH, sm),
        "ScopeMapDelete" => (Method::DELETE, sm),
        "TokenGet" => (Method::GET, tok),
        "TokenList" => (Method::GET, format!("{reg}/tokens")),
        "TokenCreate" => (Method::PUT, tok),
        "TokenUpdate" => (Method::PATCH, tok),
        "TokenDelete" => (Method::DELETE, tok),
        _ => return None,
    })
}

/// The example's request body, with old-style actions swapped for modern ones.
fn body_for(p: &Value) -> Option<Value> {
    let mut body = p.as_object()?.values().find(|v| v.is_object())?.clone();
    if let Some(actions) = body
        .pointer_mut("/properties/actions")
        .and_then(Value::as_array_mut)
    {
        for a in actions.iter_mut() {
            let text = a.as_str().unwrap_or_default().to_string();
            if let Some(fix) = validate_action(&text)
                .into_iter()
                .find(|d| d.code == Code::LegacyAction)
                .and_then(|d| d.suggestion)
            {
                *a = Value::String(fix);
            }
        }
    }
    Some(body)
}

/// Differences in shape: keys of `expected` missing from `actual`, or of another JSON type.
fn shape_diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Null, _) => {}
        // Tags are a user-defined map: its keys are data, not shape.
        (Value::Object(_), Value::Object(_)) if path.ends_with("tags") => {}
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match a.get(k) {
                    Some(av) => shape_diff(ev, av, &p, out),
                    None if ev.is_null() => {}
                    None if ALLOWED_GAPS.iter().any(|(g, _)| p.ends_with(g)) => {}
                    None => out.push(format!("missing {p}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let (Some(e0), Some(a0)) = (e.first(), a.first()) {
                shape_diff(e0, a0, &format!("{path}[0]"), out);
            }
        }
        (e, a) if std::mem::discriminant(e) == std::mem::discriminant(a) => {}
        (e, a) => out.push(format!("{path}: expected {} like {e}, got {a}", kind(e))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

async fn replay(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut replayed = 0;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let name = file.file_stem().unwrap().to_str().unwrap().to_string();
        if NOT_EMULATED.contains(&name.as_str()) {
            continue;
        }
        let example: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let params = &example["parameters"];
        let Some((method, path)) = request_for(&name, params) else {
            problems.push(format!(
                "{name}: no request mapping; add it or list it in NOT_EMULATED"
            ));
            continue;
        };
        // A fresh emulator per example, so deletes and updates do not interfere.
        let emu = with_store(EmulatorConfig::fast(), store()).await;
        let c = Client::new(&emu);
        let version = params["api-version"].as_str().unwrap();
        let url = format!("{}{path}?api-version={version}", c.base);
        let body = if matches!(method, Method::GET | Method::DELETE) {
            None
        } else {
            body_for(params)
        };
        let r = c.send(method, &url, body).await;
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        replayed += 1;
        let responses = &example["responses"];
        if responses.get(status.to_string()).is_none() {
            problems.push(format!(
                "{name}: status {status} is not among the example's {:?}: {text}",
                responses.as_object().unwrap().keys().collect::<Vec<_>>()
            ));
            continue;
        }
        if let Some((_, live)) = LIVE_STATUS
            .iter()
            .find(|(n, live)| *n == name && *live != status)
        {
            problems.push(format!(
                "{name}: live service answers {live}, emulator {status}"
            ));
        }
        let expected = &responses[status.to_string()];
        for (h, _) in expected
            .get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            match headers.get(h.as_str()).and_then(|v| v.to_str().ok()) {
                Some(v) if v.starts_with("http://") && v.contains(&format!("api-version={version}")) => {}
                other => problems.push(format!("{name}: header {h} should be an absolute URL with the api-version, got {other:?}")),
            }
        }
        match (expected.get("body"), text.is_empty()) {
            (Some(eb), false) => {
                let actual: Value = serde_json::from_str(&text).unwrap();
                let mut diff = Vec::new();
                shape_diff(eb, &actual, "", &mut diff);
                problems.extend(diff.into_iter().map(|d| format!("{name} ({version}): {d}")));
            }
            (Some(_), true) => problems.push(format!("{name}: expected a body, got none")),
            (None, false) => problems.push(format!("{name}: expected no body, got {text}")),
            (None, true) => {}
        }
    }
    assert!(
        replayed >= 15,
        "only {replayed} examples replayed from {}",
        dir.display()
    );
    problems
}

#[tokio::test]
async fn examples_2023_07_01() {
    let problems = replay(Path::new("tests/fixtures/arm-spec/2023-07-01")).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn examples_2025_11_01() {
    let problems = replay(Path::new("tests/fixtures/arm-spec/2025-11-01")).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The newest preview, the default of az CLI 2.91's SDK.
#[tokio::test]
async fn examples_2026_09_01_preview() {
    let problems = replay(Path::new("tests/fixtures/arm-spec/2026-09-01-preview")).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
