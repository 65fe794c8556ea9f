//! `acrtui rotate` under every fault generateCredentials can meet: the
//! password in use (password1) must survive every sequence an operator
//! would run (rotate, rotate again, then the `next:` command it printed).

use acrtui::emulator::faults::{FaultConfig, parse_fault_arg};
use acrtui::emulator::{Emulator, EmulatorConfig, seed, start};
use chrono::{DateTime, Utc};

use super::acrtui;

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "ci-token", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "createdDaysAgo": 10, "expiresInDays": 80}]}
  ]}]}]}"#;

/// (rule, generateCredentials answers 202 + Location): every kind `--fault` has.
const KINDS: [(&str, bool); 24] = [
    ("400:generateCredentials:POSTx1", false),
    ("409:generateCredentials:POSTx1", false),
    ("429:generateCredentials:POSTx1", false),
    ("500:generateCredentials:POSTx1", false),
    ("503:generateCredentials:POSTx1", false),
    ("reset:generateCredentials:POSTx1", false),
    ("truncate:generateCredentials:POSTx1", false),
    ("garbage:generateCredentials:POSTx1", false),
    ("empty:generateCredentials:POSTx1", false),
    ("wrongtype:generateCredentials:POSTx1", false),
    ("novalue:generateCredentials:POSTx1", false),
    ("noprops:generateCredentials:POSTx1", false),
    ("baddate:generateCredentials:POSTx1", false),
    ("hostile:generateCredentials:POSTx1", false),
    ("hang:generateCredentials:POSTx1", false),
    ("slow:generateCredentials:POSTx1", false),
    ("trickle:generateCredentials:POSTx1", false),
    ("foreign:generateCredentials:POSTx1", true),
    ("inprogress:operationResults:GETx5", true),
    ("badstatus:operationResults:GETx1", true),
    ("500:operationResults:GETx1", true),
    ("reset:operationResults:GETx1", true),
    ("endless:generateCredentials:POSTx1", false),
    ("hang:operationResults:GETx1", true),
];

/// Smoke runs: one of each family.
const SMOKE: [usize; 4] = [0, 5, 12, 18];

fn password(emu: &Emulator, slot: &str) -> Option<DateTime<Utc>> {
    emu.with_store(|s| {
        let reg = s.registries.values().next()?;
        let token = reg.tokens.values().next()?;
        token
            .passwords
            .iter()
            .find(|p| p.name == slot)
            .map(|p| p.created)
    })
}

struct Outcome {
    posts: u64,
    lost_in_use: bool,
    finished: bool,
    codes: Vec<Option<i32>>,
}

async fn rotate_under(rule: &str, async_generate: bool) -> Result<Outcome, String> {
    let mut faults = FaultConfig::default();
    let rule = parse_fault_arg(rule, &mut faults)?.ok_or("not a targeted rule")?;
    let config = EmulatorConfig {
        fault_rules: vec![rule],
        generate_credentials_async: async_generate,
        ..EmulatorConfig::fast()
    };
    let store = seed::from_json(SEED, Utc::now())?;
    let emu = start(([127, 0, 0, 1], 0).into(), config, store)
        .await
        .map_err(|e| format!("emulator: {e}"))?;
    let in_use = password(&emu, "password1");
    let base: Vec<String> = [
        "rotate",
        "--arm-endpoint",
        &emu.url(),
        "--registry",
        "rg/myregistry",
        "--token",
        "ci-token",
        "--expiry",
        "30d",
        "--request-timeout",
        "3",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut codes = Vec::new();
    let mut next = None;
    // Rotate, then rotate again: what an operator does after an error.
    for _ in 0..2 {
        let out = acrtui(base.clone()).await;
        codes.push(out.status.code());
        let stderr = String::from_utf8_lossy(&out.stderr);
        if let Some(line) = stderr
            .lines()
            .find_map(|l| l.strip_prefix("next: acrtui rotate "))
        {
            next = line
                .split_whitespace()
                .skip_while(|w| *w != "--slot")
                .nth(1)
                .map(str::to_string);
        }
    }
    // Then the command rotate printed, confirmed.
    if let Some(slot) = next {
        let mut args = base.clone();
        args.extend(["--slot".into(), slot, "--yes".into()]);
        codes.push(acrtui(args).await.status.code());
    }
    Ok(Outcome {
        posts: emu.calls("POST", "generateCredentials"),
        lost_in_use: password(&emu, "password1") != in_use,
        finished: password(&emu, "password2").is_some(),
        codes,
    })
}

pub async fn soak(full: bool) -> bool {
    let chosen: Vec<usize> = if full {
        (0..KINDS.len()).collect()
    } else {
        SMOKE.to_vec()
    };
    let (mut posts, mut lost, mut ok) = (0, 0, true);
    for i in &chosen {
        let (rule, async_generate) = KINDS[*i];
        match rotate_under(rule, async_generate).await {
            Ok(o) => {
                println!(
                    "fault_soak.rotate[{rule}{}]: {} POST(s), password1 in use {}, password2 {}, exit codes {:?}",
                    if async_generate { ", async" } else { "" },
                    o.posts,
                    if o.lost_in_use { "LOST" } else { "untouched" },
                    if o.finished { "created" } else { "not created" },
                    o.codes
                );
                posts += o.posts;
                lost += u64::from(o.lost_in_use);
            }
            Err(e) => {
                eprintln!("fault_soak: {rule}: {e}");
                ok = false;
            }
        }
    }
    println!("fault_soak.rotate.kinds: {}", chosen.len());
    println!("fault_soak.rotate.posts_sent: {posts}");
    println!("fault_soak.rotate.slots_in_use_lost: {lost} (target: 0)");
    ok && lost == 0
}
