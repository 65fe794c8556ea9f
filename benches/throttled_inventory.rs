//! Inventory under ARM's throttling (issue 16), end to end over loopback HTTP.
//!
//! `cargo bench --bench throttled_inventory` starts `acrtui emulator
//! --throttle arm` (reads: 250 tokens refilled at 25 per second per
//! subscription and principal) with one subscription of 500 registries (two
//! tokens and one scope map each), 30 ms latency and 100 items a page, and
//! loads the whole inventory with the real client at its default
//! concurrency. Over a thousand reads cannot fit the bucket: the first 250
//! go at once and the rest at the refill rate, so the bound is
//! `(subscription reads - 250) / 25` seconds. Reported: the wall time against
//! that bound, and the 429s the emulator sent (the client paces itself from
//! the `x-ms-ratelimit-remaining-*` headers, so ideally none).
//!
//! Then, still under `--throttle arm`, a tenant of 1,000 subscriptions of
//! which 20 hold registries (5 each), found with Resource Graph
//! (`--discovery graph`: one query) and without it (`arm`: one registry list
//! per subscription): time to the first registry, time to everything, and
//! requests.
//!
//! Beside it, the peer: Microsoft's Python SDK (from a throwaway venv) reads
//! the same tenant's tokens and scope maps one request after another, as
//! `az acr token list` loops do, its SDK waiting out any 429 (both times and
//! the ratio; skipped with a message without pip).
//!
//! Without `--bench` (`cargo test --benches`) it runs a small smoke version
//! with a 10-token bucket and 50 subscriptions, without the peer.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use acrtui::arm::inventory::{DEFAULT_CONCURRENCY, Discovery, Event, Scope, run};
use tokio::sync::mpsc;

#[path = "support/emulator_process.rs"]
mod emulator_process;
#[path = "support/python_peer.rs"]
mod python_peer;

struct Shape {
    registries: usize,
    /// `--throttle` model and the read bucket's size and refill, for the bound.
    throttle: &'static str,
    bucket: f64,
    refill: f64,
    latency_ms: u64,
}

const FULL: Shape = Shape {
    registries: 500,
    throttle: "arm",
    bucket: 250.0,
    refill: 25.0,
    latency_ms: 30,
};

const SMOKE: Shape = Shape {
    registries: 20,
    throttle: "arm:reads=10/25",
    bucket: 10.0,
    refill: 25.0,
    latency_ms: 5,
};

fn main() -> ExitCode {
    let full = std::env::args().any(|a| a == "--bench");
    let shape = if full { FULL } else { SMOKE };
    let empty = if full { 980 } else { 45 };
    let peer = |(args, ours): (Vec<String>, Duration)| {
        if !full {
            println!("throttled.peer: skipped in the smoke run (cargo bench runs it)");
            return Ok(());
        }
        let peer = python_peer::Peer {
            name: &format!("throttled.1x{}", shape.registries),
            mode: "tenant",
            ours_did: "every registry's tokens and scope maps, paced",
        };
        python_peer::compare(&peer, &args, ours)
    };
    let result = measure(&shape)
        .and_then(peer)
        .and_then(|()| measure_discovery(empty, shape.latency_ms));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("throttled_inventory: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The throttled load; returns the emulator's arguments and the wall time,
/// for the peer to read the same tenant.
fn measure(shape: &Shape) -> Result<(Vec<String>, Duration), String> {
    let args = vec![
        "--retry-after".to_string(),
        "0".into(),
        "--synthetic".into(),
        format!("1x{}x2x1", shape.registries),
        "--latency-ms".into(),
        shape.latency_ms.to_string(),
        "--page-size".into(),
        "100".into(),
        "--throttle".into(),
        shape.throttle.into(),
    ];
    let emulator = emulator_process::spawn(&args)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let (loaded, failed, _) = rt.block_on(load(&emulator.url, Discovery::Auto))?;
    let elapsed = started.elapsed();
    let wall = elapsed.as_secs_f64();
    let http = reqwest::Client::new();
    let stats = rt.block_on(emulator_process::stats(&http, &emulator.url, false))?;
    let requests = stats["requests"].as_u64().unwrap_or(0) as f64;
    let throttled = stats["throttled"].as_u64().unwrap_or(0);
    if loaded != shape.registries || failed != 0 {
        return Err(format!(
            "loaded {loaded} of {} registries, {failed} failed",
            shape.registries
        ));
    }
    // The subscription list is tenant-level; every other read counts against
    // the subscription's bucket.
    let subscription_reads = requests - 1.0;
    let bucket_bound = ((subscription_reads - shape.bucket) / shape.refill).max(0.0);
    let latency_bound = shape.latency_ms as f64 / 1000.0 * 3.0;
    let bound = bucket_bound.max(latency_bound);
    println!(
        "throttled.1x{}.total: {:.2} s (target: ≤ 1.1 × bound {bound:.2} s = {:.2} s; ratio {:.3}; {requests:.0} requests)",
        shape.registries,
        wall,
        1.1 * bound,
        wall / bound
    );
    println!(
        "throttled.1x{}.429s: {throttled} (target: a handful at most, ideally 0)",
        shape.registries
    );
    Ok((args, elapsed))
}

/// 20 subscriptions of 5 registries and `empty` subscriptions with none,
/// found with Resource Graph and without it.
fn measure_discovery(empty: u32, latency_ms: u64) -> Result<(), String> {
    let args = [
        "--retry-after".to_string(),
        "0".into(),
        "--synthetic".into(),
        "20x5x2x1".into(),
        "--empty-subscriptions".into(),
        empty.to_string(),
        "--latency-ms".into(),
        latency_ms.to_string(),
        "--throttle".into(),
        "arm".into(),
    ];
    let emulator = emulator_process::spawn(&args)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let http = reqwest::Client::new();
    let subs = 20 + empty;
    for (name, discovery) in [("graph", Discovery::Graph), ("arm", Discovery::Arm)] {
        rt.block_on(emulator_process::stats(&http, &emulator.url, true))?;
        let started = Instant::now();
        let (loaded, failed, first) = rt.block_on(load(&emulator.url, discovery))?;
        let total = started.elapsed().as_secs_f64() * 1000.0;
        let stats = rt.block_on(emulator_process::stats(&http, &emulator.url, false))?;
        if loaded != 100 || failed != 0 {
            return Err(format!(
                "{name}: loaded {loaded} of 100 registries, {failed} failed"
            ));
        }
        let first = first.map_or(f64::NAN, |f| f.as_secs_f64() * 1000.0);
        println!(
            "discovery.{subs}subs.{name}: first registry {first:.0} ms (target: ≤ 2 × latency = {} ms), all {total:.0} ms, {} requests, {} 429s",
            2 * latency_ms,
            stats["requests"],
            stats["throttled"]
        );
    }
    Ok(())
}

/// The whole inventory through the real client: registries loaded, failed,
/// and when the first registry arrived.
async fn load(
    url: &str,
    discovery: Discovery,
) -> Result<(usize, usize, Option<std::time::Duration>), String> {
    let api = Arc::new(emulator_process::arm_client(url)?);
    let (tx, mut rx) = mpsc::channel(1024);
    // As the console runs it: Resource Graph's rows show before the
    // subscription list confirms them (the audit waits; see arm_discovery).
    let scope = Scope {
        discovery,
        show_unconfirmed: true,
        ..Scope::default()
    };
    let started = Instant::now();
    let task = tokio::spawn(run(api, scope, DEFAULT_CONCURRENCY, tx));
    let (mut loaded, mut failed, mut first) = (0, 0, None);
    while let Some(event) = rx.recv().await {
        match event {
            Event::Registries { registries, .. } if !registries.is_empty() => {
                first.get_or_insert(started.elapsed());
            }
            Event::RegistryLoaded { .. } => loaded += 1,
            Event::RegistryFailed { .. } | Event::SubscriptionFailed { .. } | Event::Failed(_) => {
                failed += 1
            }
            _ => {}
        }
    }
    task.await.map_err(|e| e.to_string())?;
    Ok((loaded, failed, first))
}
