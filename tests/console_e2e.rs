//! The real binary in a pseudo-terminal against an emulator subprocess:
//! create a scope map with a wildcard rule, preview a repository, create a
//! token on it, generate password1 (30 days), probe it against the registry's token service, copy the docker login command
//! (read back through the file clipboard and run with a fake docker), disable
//! the token, delete it, quit; then check the emulator's state, that the
//! clipboard was cleared and that no secret reached the log.

mod common;

use std::process::Command;
use std::time::Duration;

use common::process::spawn_emulator;
use common::pty::{spawn_console, wait_exit};

#[test]
fn create_map_preview_create_token_generate_copy_disable_delete() {
    let emu = spawn_emulator(&[]);
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clipboard");
    let log = dir.path().join("acrtui.log");
    let (mut s, mut child) = spawn_console(
        &[
            "--arm-endpoint",
            &emu.url,
            "--log-file",
            log.to_str().unwrap(),
        ],
        &[
            ("ACRTUI_LOG", "trace".to_string()),
            ("ACRTUI_CLIPBOARD", format!("file:{}", clip.display())),
        ],
        dir.path(),
    );

    s.wait_for("contosoprodus");
    s.wait_for("Registries (6)");
    s.send(":registry contosoprod\r");
    s.wait_for("Tokens · contosoprod");

    // A new scope map with a wildcard rule: e2e/apps/* with content/read + content/write.
    s.send("2n");
    s.send("e2e-wildcard\r");
    s.send("a");
    s.send("e2e/apps/*\r");
    s.send("2");
    s.send("v");
    s.send("e2e/apps/web\r");
    s.wait_for("repository:e2e/apps/web:pull,push");
    s.send("s");
    s.wait_for("Save scope map e2e-wildcard");
    s.send("\r");
    s.wait_for("scope map e2e-wildcard saved");

    // The previewer on the saved map.
    s.send("/e2e\r");
    s.wait_for("e2e-wildcard");
    s.send("v");
    s.send("e2e/apps/api/v2");
    s.wait_for("repository:e2e/apps/api/v2:pull,push");
    s.send("\x1b");
    s.send("\x1b");

    // A token on it.
    s.send("3n");
    s.send("e2e-token");
    // The maps are in name order, the new one among them: the five system
    // maps, ci-push, then e2e-wildcard (the 7th).
    for _ in 0..7 {
        s.send("\x1b[B");
    }
    s.send("\r");
    s.wait_for("token e2e-token: created with scope map e2e-wildcard");

    // password1 with the default 30-day expiry; copy the docker login command.
    s.send("/e2e-token\r");
    s.wait_for("e2e-token");
    s.send("p");
    s.wait_for("Which password?");
    s.send("1\r");
    s.wait_for("shown once");
    s.send("l");
    s.wait_for("copied the docker login command, without the password");
    let command = std::fs::read_to_string(&clip).unwrap();
    assert!(
        command.starts_with("printf 'Password for %s (input hidden): ' e2e-token"),
        "{command}"
    );
    assert!(
        command.contains(
            "| docker login contosoprod.azurecr.io --username e2e-token --password-stdin"
        ),
        "{command}"
    );
    // Then the password itself, pasted at the command's hidden prompt.
    s.send("c");
    s.wait_for("copied the password");
    let password = std::fs::read_to_string(&clip).unwrap();
    assert!(!command.contains(&password), "the command holds no secret");
    // Run the copied command with a fake docker: it must receive the 52-character secret on stdin.
    let fake = dir.path().join("docker");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\ncat > '{}'\n",
            dir.path().join("stdin").display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut shell = Command::new("bash")
        .arg("-c")
        .arg(&command)
        .env("PATH", path)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut shell.stdin.take().unwrap(),
        format!("{password}\n").as_bytes(),
    )
    .unwrap();
    assert!(shell.wait().unwrap().success());
    let secret = std::fs::read_to_string(dir.path().join("stdin")).unwrap();
    assert_eq!(secret.len(), 52, "{secret:?}");
    assert!(
        secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
    );
    assert!(
        !s.text().contains(&secret),
        "the secret is masked on screen"
    );
    // Probe it: the registry's own token service, over the emulator's data plane.
    s.send("p");
    s.wait_for("✓ e2e/apps/acrtui-probe: pull,push");
    s.send("\x1b");
    s.wait_for("30d");

    // Disable, then delete (typing the name).
    s.send("t");
    s.wait_for("token e2e-token: disabled");
    s.send("\x04");
    s.wait_for("Type e2e-token to confirm");
    s.send("e2e-token\r");
    s.wait_for("token e2e-token deleted");
    s.send("q");
    assert!(wait_exit(&mut child));
    // What the terminal shows after the console left: no "connecting…" line.
    std::thread::sleep(Duration::from_millis(200));
    let after = s.text();
    assert!(
        !after.contains("connecting"),
        "left on the terminal:\n{after}"
    );
    assert_eq!(
        std::fs::read_to_string(&clip).unwrap(),
        "",
        "the clipboard is cleared on exit"
    );
    // The subscription list was remembered for the next start's warm start: ids and names only.
    let cache = std::fs::read_to_string(dir.path().join("acrtui/subscriptions.json")).unwrap();
    assert!(
        cache.contains("7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70")
            && cache.contains("Contoso Dev/Test"),
        "{cache}"
    );
    assert!(!cache.contains(&secret), "no secret in the cache");

    // The emulator agrees: the scope map exists as built, the token is gone.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = format!(
        "{}/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod",
        emu.url
    );
    let get = |url: String| {
        rt.block_on(async {
            reqwest::Client::new()
                .get(url)
                .bearer_auth("t")
                .send()
                .await
                .unwrap()
        })
    };
    assert_eq!(
        get(format!("{base}/tokens/e2e-token?api-version=2023-07-01"))
            .status()
            .as_u16(),
        404
    );
    let map: serde_json::Value = rt
        .block_on(
            get(format!(
                "{base}/scopeMaps/e2e-wildcard?api-version=2023-07-01"
            ))
            .json(),
        )
        .unwrap();
    assert_eq!(
        map["properties"]["actions"],
        serde_json::json!([
            "repositories/e2e/apps/*/content/read",
            "repositories/e2e/apps/*/content/write"
        ])
    );

    // Logged at the most verbose setting, and still no secret in the log.
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!logged.is_empty(), "the log file was written");
    assert!(!logged.contains(&secret), "the password reached the log");
    assert!(
        !logged.contains("acrtui-emulator"),
        "the bearer token reached the log"
    );
    assert!(
        !logged.contains("eyJ"),
        "a registry token (a JWT) reached the log"
    );
}
