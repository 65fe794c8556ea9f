//! The 50,000-token registry (issue 16), end to end over loopback HTTP.
//!
//! `cargo bench --bench large_registry` starts `acrtui emulator` (a separate
//! process: its memory is not counted) with one Premium registry of 50,000
//! tokens and 20,000 scope maps, 30 ms per request and 100 items a page, and
//! loads it into the console's `App` as the event loop does (update per
//! event, prepare + draw per batch, 200×60), with the tokens pane showing.
//! While the pages arrive it presses `j` every fifth batch, and halfway types
//! a filter (`/token-1`), timing each keystroke (update + prepare + draw) and
//! each frame. Reported: time to the first token row, time to the whole
//! list, frame and keystroke times during the load, peak RSS, and bytes per
//! token (the store's own count, and the growth of the resident set).
//!
//! Then the peer: Microsoft's Python SDK (azure-mgmt-containerregistry 10.3.0,
//! installed into a throwaway venv) lists the same registry's tokens page by
//! page, against the same tenant served over TLS (azure-core sends a bearer
//! token over https only); both wall times and the ratio. Without pip it says
//! so and skips the peer.
//!
//! Without `--bench` (`cargo test --benches`) a small smoke version runs,
//! without the peer.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use acrtui::arm::inventory::{DEFAULT_CONCURRENCY, Discovery, Event, Scope, run};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use acrtui::tui::render::render;
use acrtui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

#[path = "support/emulator_process.rs"]
mod emulator_process;
#[path = "support/python_peer.rs"]
mod python_peer;

struct Shape {
    tokens: usize,
    scope_maps: usize,
    latency_ms: u64,
}

const FULL: Shape = Shape {
    tokens: 50_000,
    scope_maps: 20_000,
    latency_ms: 30,
};

const SMOKE: Shape = Shape {
    tokens: 2_000,
    scope_maps: 300,
    latency_ms: 2,
};

const PAGE: usize = 100;

fn main() -> ExitCode {
    let full = std::env::args().any(|a| a == "--bench");
    let shape = if full { FULL } else { SMOKE };
    let result = measure(&shape).and_then(|all_rows| {
        if full {
            let peer = python_peer::Peer {
                name: "large_registry",
                mode: "registry",
                ours_did: "tokens and scope maps into the console",
            };
            python_peer::compare(&peer, &emulator_args(&shape), all_rows)
        } else {
            println!("large_registry.peer: skipped in the smoke run (cargo bench runs it)");
            Ok(())
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("large_registry: {e}");
            ExitCode::FAILURE
        }
    }
}

fn emulator_args(shape: &Shape) -> Vec<String> {
    vec![
        "--retry-after".into(),
        "0".into(),
        "--synthetic".into(),
        format!("1x1x{}x{}", shape.tokens, shape.scope_maps),
        "--latency-ms".into(),
        shape.latency_ms.to_string(),
        "--page-size".into(),
        PAGE.to_string(),
    ]
}

/// What the load looked like from the console.
#[derive(Default)]
struct Timings {
    first_row: Option<Duration>,
    all_rows: Option<Duration>,
    frames: Vec<Duration>,
    keys: Vec<Duration>,
}

/// Loads the registry into the console; returns the time to the whole list.
fn measure(shape: &Shape) -> Result<Duration, String> {
    let emulator = emulator_process::spawn(&emulator_args(shape))?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let before = rss_kb("VmRSS:");
    let (app, t) = rt.block_on(load(&emulator.url, shape))?;
    let after = rss_kb("VmRSS:");
    let entry = app.store().registries().first().ok_or("no registry")?;
    let contents = entry.contents().ok_or("the registry did not load")?;
    if contents.tokens.len() != shape.tokens {
        return Err(format!(
            "{} of {} tokens loaded",
            contents.tokens.len(),
            shape.tokens
        ));
    }
    report(shape, &t, &app, before, after);
    t.all_rows.ok_or_else(|| "never complete".into())
}

fn report(shape: &Shape, t: &Timings, app: &App, before: u64, after: u64) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let name = format!("large_registry.{}", shape.tokens);
    let bound = (shape.tokens.div_ceil(PAGE) as u64 * shape.latency_ms) as f64;
    println!(
        "{name}.first_row: {:.0} ms (target: ≤ 2 × latency = {} ms)",
        t.first_row.map_or(f64::NAN, ms),
        2 * shape.latency_ms
    );
    println!(
        "{name}.all_rows: {:.2} s (bound: {} pages one after another × {} ms = {:.2} s)",
        t.all_rows.map_or(f64::NAN, |d| d.as_secs_f64()),
        shape.tokens.div_ceil(PAGE),
        shape.latency_ms,
        bound / 1000.0
    );
    for (what, list, target) in [("frame", &t.frames, 2.0), ("keystroke", &t.keys, 5.0)] {
        let (p50, p99, max) = percentiles(list);
        println!(
            "{name}.{what}_during_load: median {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms over {} (target: ≤ {target} ms)",
            list.len()
        );
    }
    println!(
        "{name}.peak_rss: {:.1} MB (target: ≤ 150 MB at 50,000 tokens + 20,000 scope maps; client and console, emulator excluded)",
        rss_kb("VmHWM:") as f64 / 1024.0
    );
    let items = (shape.tokens + shape.scope_maps) as f64;
    println!(
        "{name}.bytes_per_token: {:.0} B in the store (struct + heap), {:.0} B of resident set per item loaded",
        store_bytes_per_token(app),
        after.saturating_sub(before) as f64 * 1024.0 / items
    );
}

/// The inventory into a console showing the tokens pane, timing frames and keys.
async fn load(url: &str, shape: &Shape) -> Result<(App, Timings), String> {
    let api = Arc::new(emulator_process::arm_client(url)?);
    let mut console = Console::new()?;
    let (tx, mut rx) = mpsc::channel(64);
    // The console's own: Resource Graph finds the registry beside the
    // subscription list, so its first page is the second round trip.
    let scope = Scope {
        discovery: Discovery::Auto,
        stream_tokens: true,
        show_unconfirmed: true,
        ..Scope::default()
    };
    let started = Instant::now();
    tokio::spawn(run(api, scope, DEFAULT_CONCURRENCY, tx));
    while let Some(event) = rx.recv().await {
        let mut whole = matches!(event, Event::RegistryLoaded { .. });
        console.app.update(Msg::Inventory(event));
        while let Ok(more) = rx.try_recv() {
            whole |= matches!(more, Event::RegistryLoaded { .. });
            console.app.update(Msg::Inventory(more));
        }
        console.frame(started, whole);
        console.keys_between_pages(shape);
    }
    Ok((console.app, console.t))
}

/// The console as the event loop drives it, and what it measured.
struct Console {
    app: App,
    terminal: Terminal<TestBackend>,
    theme: Theme,
    t: Timings,
    batches: usize,
    filtering: bool,
}

impl Console {
    fn new() -> Result<Console, String> {
        let mut app = App::new(
            Keymap::load(None).0,
            Settings::default(),
            "bench".into(),
            chrono::Utc::now(),
        );
        let _ = app.take_commands();
        let terminal = Terminal::new(TestBackend::new(200, 60)).map_err(|e| e.to_string())?;
        app.update(Msg::Resize(200, 60));
        press(&mut app, KeyCode::Char('3'));
        Ok(Console {
            app,
            terminal,
            theme: Theme::new(true),
            t: Timings::default(),
            batches: 0,
            filtering: false,
        })
    }

    /// Derive and draw what arrived, as one frame.
    fn frame(&mut self, started: Instant, whole: bool) {
        let frame = Instant::now();
        self.app.prepare();
        let _ = self.terminal.draw(|f| render(&self.app, f, &self.theme));
        if self.t.all_rows.is_none() {
            self.t.frames.push(frame.elapsed());
        }
        if self.t.first_row.is_none() && self.app.visible_len() > 0 {
            self.t.first_row = Some(started.elapsed());
        }
        if whole {
            self.t.all_rows = Some(started.elapsed());
        }
        self.batches += 1;
    }

    /// `j` every fifth batch while loading; the filter typed once halfway.
    fn keys_between_pages(&mut self, shape: &Shape) {
        let so_far = self
            .app
            .store()
            .registries()
            .first()
            .map_or(0, |e| e.streamed.len());
        if self.t.all_rows.is_none() && self.batches.is_multiple_of(5) {
            self.key(KeyCode::Char('j'));
        }
        if !self.filtering && so_far > shape.tokens / 2 {
            self.filtering = true;
            for c in "/token-1".chars() {
                self.key(KeyCode::Char(c));
            }
            self.key(KeyCode::Enter);
        }
    }

    /// One key as the event loop handles it: update, derive, draw.
    fn key(&mut self, code: KeyCode) {
        let started = Instant::now();
        press(&mut self.app, code);
        self.app.prepare();
        let _ = self.terminal.draw(|f| render(&self.app, f, &self.theme));
        self.t.keys.push(started.elapsed());
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn percentiles(list: &[Duration]) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = list.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        ms.get(((ms.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    (at(0.5), at(0.99), ms.last().copied().unwrap_or(f64::NAN))
}

/// What the store holds per token: the struct and the heap it points to.
fn store_bytes_per_token(app: &App) -> f64 {
    let tokens = app
        .store()
        .registries()
        .iter()
        .filter_map(|e| e.contents())
        .flat_map(|c| c.tokens.iter());
    let (mut count, mut bytes) = (0usize, 0usize);
    for t in tokens {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
        count += 1;
        bytes += std::mem::size_of_val(t)
            + t.name.capacity()
            + text(&t.scope_map)
            + text(&t.scope_map_id)
            + text(&t.provisioning_state)
            + text(&t.problem)
            + t.passwords.capacity() * std::mem::size_of::<acrtui::arm::PasswordInfo>();
    }
    bytes as f64 / count.max(1) as f64
}

/// A line of /proc/self/status in KiB (VmRSS:, VmHWM:); 0 without /proc.
fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
