//! Hot paths of the console and the audit:
//! - the whole inventory of a large synthetic tenant (5 subscriptions × 40
//!   registries × 100 tokens and 50 scope maps) through the real client from
//!   the in-process emulator, 16 registries at a time;
//! - one console frame (120×40) drawn from the demo tenant;
//! - audit rows for the synthetic tenant (20,000 tokens), classified and sorted.

use std::hint::black_box;
use std::sync::Arc;

use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::inventory::{Event, Scope, run};
use acrtui::arm::{AcrApi, RegistryInfo, TokenInfo};
use acrtui::audit::{rows, sort};
use acrtui::domain::expiry::Thresholds;
use acrtui::emulator::{EmulatorConfig, seed, start};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::fixture::{demo_app, fixed_now};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use acrtui::tui::render::render;
use acrtui::tui::theme::Theme;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

async fn inventory(api: Arc<dyn AcrApi>) -> Vec<(RegistryInfo, Vec<TokenInfo>)> {
    let (tx, mut rx) = mpsc::channel(256);
    tokio::spawn(run(api, Scope::default(), 16, tx));
    let mut out = Vec::new();
    while let Some(event) = rx.recv().await {
        if let Event::RegistryLoaded {
            registry, tokens, ..
        } = event
        {
            out.push((registry, tokens));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let emu = rt
        .block_on(start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorConfig::fast(),
            seed::synthetic(5, 40, 50, 100, fixed_now()),
        ))
        .unwrap();
    let api: Arc<dyn AcrApi> = Arc::new(AzureAcr::new(
        emu.url().parse().unwrap(),
        "https://management.azure.com/.default",
        StaticToken::new("t"),
        ClientConfig::default(),
    ));
    let loaded = rt.block_on(inventory(api.clone()));
    assert_eq!(loaded.len(), 200);

    let mut group = c.benchmark_group("inventory");
    group.sample_size(10);
    group.bench_function(
        "synthetic 5x40 registries, 20k tokens, 10k scope maps",
        |b| b.iter(|| rt.block_on(inventory(api.clone())).len()),
    );
    group.finish();

    c.bench_function("audit rows: 20k tokens classified and sorted", |b| {
        b.iter(|| {
            let mut all: Vec<_> = loaded
                .iter()
                .flat_map(|(r, t)| rows(r, t, fixed_now(), Thresholds::default()))
                .collect();
            sort(&mut all);
            black_box(all.len())
        })
    });

    // The audit view over the whole synthetic tenant: rows are cached, not rebuilt per frame.
    let mut big = App::new(
        Keymap::load(None).0,
        Settings::default(),
        "bench".into(),
        fixed_now(),
    );
    let registries: Vec<RegistryInfo> = loaded.iter().map(|(r, _)| r.clone()).collect();
    big.update(Msg::Inventory(Event::Registries {
        subscription: "s".into(),
        registries,
    }));
    for (registry, tokens) in &loaded {
        big.update(Msg::Inventory(Event::RegistryLoaded {
            registry: registry.clone(),
            scope_maps: Vec::new(),
            tokens: tokens.clone(),
        }));
    }
    big.update(Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('4'),
        crossterm::event::KeyModifiers::NONE,
    )));
    assert_eq!(big.audit_rows().len(), 20_000);
    let mut big_terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("console frame 120x40, audit view of 20k tokens", |b| {
        b.iter(|| {
            big_terminal
                .draw(|f| render(&big, f, &Theme::new(true)))
                .unwrap();
        })
    });

    let app = rt.block_on(demo_app(Settings::default())).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme::new(true);
    c.bench_function("console frame 120x40 (demo tenant)", |b| {
        b.iter(|| {
            terminal.draw(|f| render(&app, f, &theme)).unwrap();
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
