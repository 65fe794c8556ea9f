//! A paste from a terminal without bracketed paste arrives as thousands of
//! key presses in one burst. It must land in the focused field only (its
//! first line), never act as keys: no token created, no popup opened, and
//! one Esc still closes the form. The real binary in a pseudo-terminal.

mod common;

use common::process::spawn_emulator;
use common::pty::{spawn_console, wait_exit};

const TOKENS: &str = "/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod/tokens";

fn token_names(url: &str) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body: serde_json::Value = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}{TOKENS}?api-version=2023-07-01"))
            .bearer_auth("t")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_key_burst_fills_the_focused_field_and_never_acts() {
    let emu = spawn_emulator(&[]);
    let dir = tempfile::tempdir().unwrap();
    let before = token_names(&emu.url);
    let (mut s, mut child) = spawn_console(&["--arm-endpoint", &emu.url], &[], dir.path());
    s.wait_for("Registries (6)");
    s.send(":registry contosoprod\r");
    s.wait_for("Tokens · contosoprod");

    // Into the new-token form's name field: 5,000 characters with Enters,
    // `n`, `R` and `a` in them.
    s.send("n");
    s.wait_for("New token");
    let burst = format!("pasted-name\r{}", "nRa\r".repeat(1247));
    assert!(burst.len() >= 5000);
    s.send_raw(&burst);
    s.wait_for("pasted-name");
    let screen = s.text();
    assert!(
        screen.contains("New token"),
        "the form stays open:\n{screen}"
    );
    assert!(
        !screen.contains("nRa"),
        "only the first line is taken:\n{screen}"
    );
    // The tail of the burst may still be read on a loaded machine: wait
    // (bounded) rather than for a fixed time.
    s.send("\x1b");
    s.wait_gone("New token", "one Esc closes the form");

    // With no field focused: dropped, and said.
    s.send_raw(&"nnRa\r".repeat(100));
    // Under load the terminal may hand the 500 characters over in more than
    // one read, each a burst of its own; what matters is that all are dropped.
    s.wait_for("ignored a paste of");
    let screen = s.text();
    assert!(
        !screen.contains("New token") && !screen.contains("Admin user"),
        "the burst acted as keys:\n{screen}"
    );

    assert_eq!(token_names(&emu.url), before, "no token was created");
    s.send("q");
    assert!(wait_exit(&mut child));
}
