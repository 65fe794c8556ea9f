//! The real binary in a pseudo-terminal, read through a VT100 parser.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// Between typed keys: three keys in one read would take a 60 ms stall.
const KEY_GAP_MS: u64 = 30;

/// `keys` cut into key presses: a character, or a whole CSI/SS3 sequence.
fn split_keys(keys: &str) -> Vec<String> {
    let chars: Vec<char> = keys.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut end = i + 1;
        if chars[i] == '\x1b' && matches!(chars.get(i + 1), Some('[' | 'O')) {
            end = i + 2;
            while end < chars.len() && !('@'..='~').contains(&chars[end]) {
                end += 1;
            }
            end = (end + 1).min(chars.len());
        }
        out.push(chars[i..end].iter().collect());
        i = end;
    }
    out
}

pub struct Screen {
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

    pub fn text(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    /// Whether the program asked the terminal to report the mouse.
    #[allow(dead_code)]
    pub fn mouse_reported(&mut self) -> bool {
        self.pump();
        self.parser.screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// Waits (bounded) until the screen shows `needle`.
    pub fn wait_for(&mut self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {needle:?}; screen:\n{}", self.text());
    }

    /// Waits (bounded) until the screen no longer shows `needle`; `why`
    /// says what that proves when it never goes.
    #[allow(dead_code)]
    pub fn wait_gone(&mut self, needle: &str, why: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{why}: {needle:?} still shown; screen:\n{}", self.text());
    }

    /// Types `keys` as a person would: one key per write, apart (keys
    /// that arrive together are a paste to the console, see burst.rs). An
    /// escape sequence (`\x1b[B`) is one key.
    pub fn send(&mut self, keys: &str) {
        for key in split_keys(keys) {
            self.writer.write_all(key.as_bytes()).unwrap();
            self.writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(KEY_GAP_MS));
        }
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Writes `bytes` in one write: how a terminal without bracketed paste
    /// delivers a paste.
    pub fn send_raw(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Starts `acrtui ARGS` in a 120×40 pseudo-terminal with `env`, config and
/// cache under `dir`, colour off.
pub fn spawn_console(
    args: &[&str],
    env: &[(&str, String)],
    dir: &Path,
) -> (Screen, Box<dyn Child + Send + Sync>) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acrtui"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    cmd.env("XDG_CONFIG_HOME", dir);
    cmd.env("XDG_CACHE_HOME", dir);
    let child = pty.slave.spawn_command(cmd).unwrap();
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
    let screen = Screen {
        parser: vt100::Parser::new(
            std::num::NonZero::new(40).unwrap(),
            std::num::NonZero::new(120).unwrap(),
            0,
        ),
        rx,
        writer: pty.master.take_writer().unwrap(),
    };
    (screen, child)
}

/// Waits (bounded) for the console to exit; true when it exited cleanly.
pub fn wait_exit(child: &mut Box<dyn Child + Send + Sync>) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        assert!(Instant::now() < deadline, "the console did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}
