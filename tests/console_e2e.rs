//! The real binary in a pseudo-terminal against an emulator subprocess:
//! preview a repository, generate password1 (30 days), copy the docker login
//! command (read back through the file clipboard), disable the token, delete
//! it, quit; then check the emulator's state and that the clipboard was cleared.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Emulator(Child, String);

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn emulator() -> Emulator {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--quiet", "--retry-after", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    Emulator(
        child,
        line.trim()
            .strip_prefix("listening on ")
            .unwrap()
            .to_string(),
    )
}

struct Screen {
    parser: vt100::Parser,
    rx: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
}

impl Screen {
    fn pump(&mut self) {
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
        }
    }

    fn text(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    /// Waits (bounded) until the screen shows `needle`.
    fn wait_for(&mut self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {needle:?}; screen:\n{}", self.text());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
}

#[test]
fn preview_generate_copy_disable_delete() {
    let emu = emulator();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clipboard");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acrtui"));
    cmd.args(["--arm-endpoint", &emu.1]);
    cmd.env("ACRTUI_CLIPBOARD", format!("file:{}", clip.display()));
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    cmd.env("XDG_CONFIG_HOME", dir.path());
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut s = Screen {
        parser: vt100::Parser::new(
            std::num::NonZero::new(40).unwrap(),
            std::num::NonZero::new(120).unwrap(),
            0,
        ),
        rx,
        writer: pty.master.take_writer().unwrap(),
    };

    s.wait_for("contosoprodus");
    s.wait_for("Registries (6)");
    s.send(":registry contosoprod\r");
    s.wait_for("Tokens · contosoprod");

    // Preview: the docs' wildcard example.
    s.send("2/samples\r");
    s.wait_for("samples-teams");
    s.send("v");
    s.send("sample/teama/projectc");
    s.wait_for("repository:sample/teama/projectc:pull,push");
    s.send("\x1b");
    s.send("\x1b");

    // Generate password1 with the default 30-day expiry, copy the login command.
    s.send("3/github\r");
    s.wait_for("github-actions");
    s.send("p1\r");
    s.wait_for("shown once");
    s.send("l");
    s.wait_for("copied the docker login command");
    let command = std::fs::read_to_string(&clip).unwrap();
    assert!(command.starts_with("printf '%s' "), "{command}");
    assert!(
        command.ends_with(
            "| docker login contosoprod.azurecr.io --username github-actions --password-stdin"
        ),
        "{command}"
    );
    assert!(
        !s.text().contains(&command[12..40]),
        "the secret is masked on screen"
    );
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
    assert!(
        Command::new("sh")
            .arg("-c")
            .arg(&command)
            .env("PATH", path)
            .status()
            .unwrap()
            .success()
    );
    let secret = std::fs::read_to_string(dir.path().join("stdin")).unwrap();
    assert_eq!(secret.len(), 52, "{secret:?}");
    assert!(
        secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
    );
    s.send("\x1b");
    s.wait_for("30d");
    assert!(s.text().contains("github-actions"));

    // Disable, then delete (typing the name).
    s.send("e");
    s.wait_for("token github-actions: disabled");
    s.send("\x04");
    s.wait_for("Type github-actions to confirm");
    s.send("github-actions\r");
    s.wait_for("token github-actions deleted");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the console did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&clip).unwrap(),
        "",
        "the clipboard is cleared on exit"
    );

    // The emulator agrees: the token is gone.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!(
        "{}/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod/tokens/github-actions?api-version=2023-07-01",
        emu.1
    );
    let code = rt.block_on(async {
        reqwest::Client::new()
            .get(url)
            .bearer_auth("t")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(code, 404);
}
