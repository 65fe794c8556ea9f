//! Start-up of the real binary (issue 7): `acrtui --demo` launched in a
//! pseudo-terminal (120×40), timed from spawn to the first frame drawn (the
//! registries pane's title on screen) and to the first frame with data (a
//! demo registry's name), as a terminal would see them. Then `q` quits.
//!
//! `cargo bench --bench startup` runs 20 launches and prints median, p90 and worst
//! as `name: value unit (target: ...)` lines; without `--bench`
//! (`cargo test --benches`, as `.ci/run` does) it launches twice as a smoke test.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const FIRST_FRAME: &str = "Registries (";
const FIRST_DATA: &str = "contosoprodus";
const ROWS: u16 = 40;
const COLS: u16 = 120;

struct Launch {
    first_frame: Duration,
    first_data: Duration,
}

fn main() -> ExitCode {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 20 } else { 2 };
    let mut launches = Vec::new();
    for _ in 0..runs {
        match launch() {
            Ok(l) => launches.push(l),
            Err(e) => {
                eprintln!("startup: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    report(
        "startup.first_frame",
        launches.iter().map(|l| l.first_frame).collect(),
        50,
    );
    report(
        "startup.first_data",
        launches.iter().map(|l| l.first_data).collect(),
        150,
    );
    ExitCode::SUCCESS
}

fn report(name: &str, mut times: Vec<Duration>, target_ms: u64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p90 = times[(times.len() * 9 / 10).min(times.len() - 1)];
    let worst = times[times.len() - 1];
    println!(
        "{name}: {:.1} ms median, {:.1} ms p90, {:.1} ms worst of {} launches (target: ≤ {target_ms} ms)",
        ms(median),
        ms(p90),
        ms(worst),
        times.len()
    );
}

fn launch() -> Result<Launch, String> {
    let dir = std::env::temp_dir().join(format!("acrtui-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acrtui"));
    cmd.arg("--demo");
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    // No user config, no system clipboard: the same start on every machine.
    cmd.env("XDG_CONFIG_HOME", &dir);
    cmd.env(
        "ACRTUI_CLIPBOARD",
        format!("file:{}", dir.join("clipboard").display()),
    );
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZero::new(ROWS).ok_or("rows")?,
        std::num::NonZero::new(COLS).ok_or("cols")?,
        0,
    );
    let (mut first_frame, mut first_data) = (None, None);
    let deadline = started + Duration::from_secs(20);
    while first_data.is_none() && Instant::now() < deadline {
        let Ok((at, bytes)) = rx.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        parser.process(&bytes);
        let screen = parser.screen().contents();
        if first_frame.is_none() && screen.contains(FIRST_FRAME) {
            first_frame = Some(at - started);
        }
        if screen.contains(FIRST_DATA) {
            first_data = Some(at - started);
        }
    }
    let mut writer = pty.master.take_writer().map_err(|e| e.to_string())?;
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    // Bounded wait for the exit; killed if it hangs.
    let quit_by = Instant::now() + Duration::from_secs(5);
    while Instant::now() < quit_by {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = std::fs::remove_dir_all(&dir);
    match (first_frame, first_data) {
        (Some(first_frame), Some(first_data)) => Ok(Launch {
            first_frame,
            first_data,
        }),
        _ => Err(format!(
            "no {FIRST_DATA:?} on screen within 20 s:\n{}",
            parser.screen().contents()
        )),
    }
}
