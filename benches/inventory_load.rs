//! Inventory load at operator scale (issue 7), end to end over loopback HTTP.
//!
//! `cargo bench --bench inventory_load` starts `acrtui emulator` (a separate
//! process, so its memory is not counted) with a synthetic tenant of
//! 5 subscriptions × 40 registries × (100 tokens + 50 scope maps), 30 ms added
//! latency per request and 100 items per page. It then runs the load in a
//! fresh child process per run (this file re-executed with `--scenario`), which
//! feeds the events into the console's `App` exactly as the event loop does
//! (update per event, prepare + draw per batch, 200×60) and reports:
//! time to the first registry on screen, time until every token and scope map
//! is loaded, and its peak RSS. The emulator counts requests and the most in
//! flight. Output: one `name: value unit (target: ...)` line per figure.
//!
//! Without `--bench` (`cargo test --benches`, as `.ci/run` does) it runs a
//! small smoke version so the bench keeps compiling and working.

use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use acrtui::arm::AcrApi;
use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::inventory::{DEFAULT_CONCURRENCY, Scope, run};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use acrtui::tui::render::render;
use acrtui::tui::state::Load;
use acrtui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

#[path = "support/emulator_process.rs"]
mod emulator_process;
use emulator_process::{EmulatorProcess, json};

struct Shape {
    subscriptions: usize,
    registries: usize,
    tokens: usize,
    scope_maps: usize,
    latency_ms: u64,
    page_size: usize,
    /// Runs at the default concurrency (the median is reported); the sequential run is one.
    runs: usize,
}

const FULL: Shape = Shape {
    subscriptions: 5,
    registries: 40,
    tokens: 100,
    scope_maps: 50,
    latency_ms: 30,
    page_size: 100,
    runs: 5,
};

const SMOKE: Shape = Shape {
    subscriptions: 2,
    registries: 3,
    tokens: 7,
    scope_maps: 3,
    latency_ms: 5,
    page_size: 4,
    runs: 1,
};

/// What one scenario child reports.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    first_registry_ms: f64,
    total_ms: f64,
    peak_rss_kb: u64,
    tokens: usize,
    scope_maps: usize,
    registries: usize,
    requests: u64,
    max_in_flight: usize,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scenario") {
        return scenario(args.get(i + 1), args.get(i + 2), args.get(i + 3));
    }
    let full = args.iter().any(|a| a == "--bench");
    let shape = if full { FULL } else { SMOKE };
    match measure(&shape) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("inventory_load: {e}");
            ExitCode::FAILURE
        }
    }
}

fn spawn_emulator(shape: &Shape) -> Result<EmulatorProcess, String> {
    let synthetic = format!(
        "{}x{}x{}x{}",
        shape.subscriptions, shape.registries, shape.tokens, shape.scope_maps
    );
    let args = [
        "--retry-after".to_string(),
        "0".into(),
        "--synthetic".into(),
        synthetic,
        "--latency-ms".into(),
        shape.latency_ms.to_string(),
        "--page-size".into(),
        shape.page_size.to_string(),
    ];
    emulator_process::spawn(&args)
}

fn measure(shape: &Shape) -> Result<(), String> {
    let emulator = spawn_emulator(shape)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let http = reqwest::Client::new();
    let latency = shape.latency_ms as f64;
    let expected_tokens = shape.subscriptions * shape.registries * shape.tokens;
    // A warm start knows the subscriptions from the last run (the console's cache).
    let known = rt.block_on(subscription_ids(&http, &emulator.url))?;
    let starts = [
        ("cold", DEFAULT_CONCURRENCY, String::new()),
        ("warm", DEFAULT_CONCURRENCY, known),
        ("cold", 1, String::new()),
    ];
    for (start, concurrency, known) in starts {
        let runs = if concurrency == 1 { 1 } else { shape.runs };
        let mut results = Vec::new();
        for _ in 0..runs {
            rt.block_on(stats(&http, &emulator.url, "/_emulator/stats/reset"))?;
            let mut run = run_child(&emulator.url, concurrency, &known)?;
            let (requests, max_in_flight) =
                rt.block_on(stats(&http, &emulator.url, "/_emulator/stats"))?;
            run.requests = requests;
            run.max_in_flight = max_in_flight;
            // Correctness is checked on every run, smoke runs included; timings are only reported.
            if run.max_in_flight > concurrency {
                return Err(format!(
                    "{} requests in flight at once, over the limit of {concurrency}",
                    run.max_in_flight
                ));
            }
            if run.tokens != expected_tokens {
                return Err(format!(
                    "loaded {} tokens, expected {expected_tokens}",
                    run.tokens
                ));
            }
            results.push(run);
        }
        report(start, concurrency, latency, depth(shape), &results);
    }
    Ok(())
}

/// The median run by total time, with the worst peak memory and in-flight count of all runs.
fn report(start: &str, concurrency: usize, latency: f64, depth: f64, results: &[Run]) {
    let mut sorted = results.to_vec();
    sorted.sort_by(|a, b| a.total_ms.total_cmp(&b.total_ms));
    let median = sorted[sorted.len() / 2];
    let mut firsts: Vec<f64> = results.iter().map(|r| r.first_registry_ms).collect();
    firsts.sort_by(f64::total_cmp);
    let first = firsts[firsts.len() / 2];
    let peak_rss = results.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0);
    let max_in_flight = results.iter().map(|r| r.max_in_flight).max().unwrap_or(0);
    // Lower bounds. Nothing starts before the subscription list; the other
    // requests each take at least one latency, at most `concurrency` at a
    // time, and a registry's lists wait for its subscription's registry list.
    let n = median.requests as f64;
    let critical = depth * latency;
    let bound = latency * (1.0 + f64::max(depth - 1.0, ((n - 1.0) / concurrency as f64).ceil()));
    let c = format!("{start}.c{concurrency}");
    println!(
        "inventory.{c}.requests: {} requests ({} registries, {} tokens, {} scope maps, {} runs)",
        median.requests,
        median.registries,
        median.tokens,
        median.scope_maps,
        results.len()
    );
    println!(
        "inventory.{c}.total: {:.0} ms (target: ≤ 1.5 × lower bound {bound:.0} ms = {:.0} ms; ratio {:.2}; critical path alone {critical:.0} ms)",
        median.total_ms,
        1.5 * bound,
        median.total_ms / bound
    );
    println!(
        "inventory.{c}.first_registry: {first:.0} ms (target: ≤ 2 × latency = {:.0} ms)",
        2.0 * latency
    );
    println!("inventory.{c}.max_in_flight: {max_in_flight} requests (target: ≤ {concurrency})");
    println!(
        "inventory.{c}.peak_rss: {:.1} MB (target: ≤ 100 MB; client and console state, emulator excluded)",
        peak_rss as f64 / 1024.0
    );
}

/// Requests on the longest dependent chain: the subscription list, one
/// subscription's registry pages, then the longest of a registry's token or
/// scope-map pages (every registry has the five system scope maps too).
fn depth(shape: &Shape) -> f64 {
    let pages = |items: usize| items.div_ceil(shape.page_size).max(1);
    (1 + pages(shape.registries) + pages(shape.tokens).max(pages(shape.scope_maps + 5))) as f64
}

async fn stats(http: &reqwest::Client, base: &str, path: &str) -> Result<(u64, usize), String> {
    let v = emulator_process::stats(http, base, path.ends_with("reset")).await?;
    Ok((
        v["requests"].as_u64().unwrap_or(0),
        v["maxInFlight"].as_u64().unwrap_or(0) as usize,
    ))
}

/// The emulator's subscription ids, comma-separated (counters are reset after).
async fn subscription_ids(http: &reqwest::Client, base: &str) -> Result<String, String> {
    let v = json(
        http.get(format!("{base}/subscriptions?api-version=2022-12-01"))
            .bearer_auth("bench"),
    )
    .await?;
    let ids: Vec<&str> = v["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["subscriptionId"].as_str())
                .collect()
        })
        .unwrap_or_default();
    Ok(ids.join(","))
}

fn run_child(url: &str, concurrency: usize, known: &str) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["--scenario", url, &concurrency.to_string(), known])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("scenario failed: {text}"));
    }
    let mut run = Run::default();
    for pair in text.split_whitespace() {
        let Some((k, v)) = pair.split_once('=') else {
            continue;
        };
        match k {
            "first_registry_ms" => run.first_registry_ms = v.parse().unwrap_or(f64::NAN),
            "total_ms" => run.total_ms = v.parse().unwrap_or(f64::NAN),
            "peak_rss_kb" => run.peak_rss_kb = v.parse().unwrap_or(0),
            "tokens" => run.tokens = v.parse().unwrap_or(0),
            "scope_maps" => run.scope_maps = v.parse().unwrap_or(0),
            "registries" => run.registries = v.parse().unwrap_or(0),
            _ => {}
        }
    }
    Ok(run)
}

/// One load, in this (fresh) process, printed as `key=value` pairs.
fn scenario(
    url: Option<&String>,
    concurrency: Option<&String>,
    known: Option<&String>,
) -> ExitCode {
    let (Some(url), Some(concurrency)) = (url, concurrency.and_then(|c| c.parse().ok())) else {
        eprintln!("usage: --scenario URL CONCURRENCY");
        return ExitCode::from(2);
    };
    let Ok(endpoint) = url.parse() else {
        eprintln!("bad url {url}");
        return ExitCode::from(2);
    };
    acrtui::runtime::block_on(async move {
        let api: Arc<dyn AcrApi> = Arc::new(AzureAcr::new(
            endpoint,
            "https://management.azure.com/.default",
            StaticToken::new("bench"),
            ClientConfig::default(),
        ));
        let mut app = App::new(
            Keymap::load(None).0,
            Settings::default(),
            "bench".into(),
            chrono::Utc::now(),
        );
        let _ = app.take_commands();
        let Ok(mut terminal) = Terminal::new(TestBackend::new(200, 60));
        app.update(Msg::Resize(200, 60));
        let theme = Theme::new(true);
        let (tx, mut rx) = mpsc::channel(64);
        let started = Instant::now();
        let scope = Scope {
            known: known
                .map(|k| {
                    k.split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            ..Scope::default()
        };
        tokio::spawn(run(api, scope, concurrency, tx));
        let mut first_registry = None;
        // The console's loop: absorb what arrived, then derive and draw once.
        while let Some(event) = rx.recv().await {
            app.update(Msg::Inventory(event));
            while let Ok(more) = rx.try_recv() {
                app.update(Msg::Inventory(more));
            }
            app.prepare();
            let _ = terminal.draw(|f| render(&app, f, &theme));
            if first_registry.is_none() && !app.store().registries().is_empty() {
                first_registry = Some(started.elapsed());
            }
        }
        let total = started.elapsed();
        // The audit view over everything, so its index counts toward memory.
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('4'),
            KeyModifiers::NONE,
        )));
        app.prepare();
        let _ = terminal.draw(|f| render(&app, f, &theme));
        let (mut tokens, mut scope_maps) = (0, 0);
        for e in app.store().registries() {
            if let Load::Loaded(c) = &e.contents {
                tokens += c.tokens.len();
                scope_maps += c.scope_maps.iter().filter(|m| !m.system).count();
            }
        }
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "first_registry_ms={:.1} total_ms={:.1} peak_rss_kb={} tokens={tokens} scope_maps={scope_maps} registries={}",
            ms(first_registry.unwrap_or(total)),
            ms(total),
            peak_rss_kb(),
            app.store().registries().len()
        );
        ExitCode::SUCCESS
    })
}

/// The process's peak resident set (VmHWM), in KiB; 0 where /proc is missing.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
