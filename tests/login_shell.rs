//! The login commands survive a real POSIX shell: whatever the secret, the
//! command pipes exactly that secret into the tool's stdin.

use std::process::Command;

use acrtui::domain::login::{LoginTool, login_command, prompt_login_command, shell_quote};
use proptest::prelude::*;
use secrecy::{ExposeSecret, SecretString};

/// Runs the login command in `sh` with a fake `docker` that records its
/// arguments and stdin, and returns (args, stdin).
fn run_with_fake_tool(tool: LoginTool, secret: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join(tool.as_str());
    let record = dir.path().join("record");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" > '{0}.args'\ncat > '{0}.stdin'\n",
            record.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&fake)
        .status()
        .unwrap();
    let cmd = login_command(
        tool,
        "myregistry.azurecr.io",
        "ci-token",
        &SecretString::from(secret),
    );
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("sh")
        .arg("-c")
        .arg(cmd.expose_secret())
        .env("PATH", path)
        .status()
        .unwrap();
    assert!(status.success());
    let args = std::fs::read_to_string(record.with_extension("args")).unwrap();
    let stdin = std::fs::read_to_string(record.with_extension("stdin")).unwrap();
    (args, stdin)
}

#[test]
fn awkward_secrets_reach_stdin_unchanged() {
    for secret in [
        "uH54Bx+K7KO/Rbr26dAs8JX==",
        "it's",
        "$HOME `id` $(id)",
        "back\\slash",
        "bang!bang!!",
        "with space and\ttab",
        "line1\nline2\n",
        "-n",
        "%s%d",
    ] {
        let (args, stdin) = run_with_fake_tool(LoginTool::Docker, secret);
        assert_eq!(stdin, secret, "secret {secret:?}");
        assert_eq!(
            args.trim_end(),
            "login myregistry.azurecr.io --username ci-token --password-stdin"
        );
        assert!(!args.contains(secret));
    }
}

#[test]
fn every_tool_gets_the_secret_on_stdin() {
    for tool in LoginTool::ALL {
        let (args, stdin) = run_with_fake_tool(tool, "p@ss/+=");
        assert_eq!(stdin, "p@ss/+=", "{tool:?}");
        assert!(args.contains("--password-stdin"), "{tool:?}: {args}");
        assert!(args.contains("--username ci-token"), "{tool:?}: {args}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shell_quote_round_trips_through_sh(s in "[^\\x00]{0,24}") {
        let out = Command::new("sh").arg("-c").arg(format!("printf '%s' {}", shell_quote(&s))).output().unwrap();
        prop_assert_eq!(String::from_utf8(out.stdout).unwrap(), s);
    }
}

/// The default (prompting) command in bash with the secret typed on stdin:
/// the tool gets exactly the secret, and the command line holds none of it.
fn run_prompt_form(shell: &str, secret: &str) -> Option<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("docker");
    let record = dir.path().join("record");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" > '{0}.args'\ncat > '{0}.stdin'\n",
            record.display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let cmd = prompt_login_command(LoginTool::Docker, "myregistry.azurecr.io", "ci-token");
    assert!(!cmd.contains(secret));
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = match Command::new(shell)
        .arg("-c")
        .arg(&cmd)
        .env("PATH", path)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            eprintln!("{shell} is not installed: the prompt form is not tried with it");
            return None;
        }
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{secret}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let prompt = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        prompt.starts_with("Password for ci-token (input hidden): "),
        "{prompt}"
    );
    let args = std::fs::read_to_string(record.with_extension("args")).unwrap();
    let stdin = std::fs::read_to_string(record.with_extension("stdin")).unwrap();
    Some((args, stdin))
}

#[test]
fn the_prompt_form_pipes_what_is_typed_in_bash_and_zsh() {
    let mut tried = 0;
    for shell in ["bash", "zsh"] {
        for secret in [
            "uH54Bx+K7KO/Rbr26dAs8JX==",
            "it's",
            "$HOME `id` $(id)",
            "back\\slash",
            "%s%d",
            "-n",
        ] {
            let Some((args, stdin)) = run_prompt_form(shell, secret) else {
                break;
            };
            tried += 1;
            assert_eq!(stdin, secret, "{shell}: secret {secret:?}");
            assert_eq!(
                args.trim_end(),
                "login myregistry.azurecr.io --username ci-token --password-stdin"
            );
        }
    }
    assert!(tried > 0, "bash must be installed for this test");
}

#[test]
fn the_prompt_form_runs_nothing_in_a_shell_without_read_s() {
    // dash (Debian's sh) has no `read -s`: the chain stops before the tool.
    let Ok(out) = Command::new("dash")
        .arg("-c")
        .arg(prompt_login_command(LoginTool::Docker, "r.azurecr.io", "t"))
        .env("PATH", "/nonexistent")
        .stdin(std::process::Stdio::null())
        .output()
    else {
        eprintln!("dash is not installed: nothing to check");
        return;
    };
    assert!(!out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("docker"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
