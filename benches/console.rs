//! The console at operator scale (issue 7): one frame of each view and one
//! filter keystroke with 20,000 tokens loaded, drawn at 200×60 through
//! `TestBackend`; plus the headless audit's rows for the same tenant.
//!
//! Two tenants, both loaded through the real client from the in-process emulator:
//! - "tenant": 5 subscriptions × 40 registries × (100 tokens + 50 scope maps);
//! - "registry": one Premium registry holding 20,000 tokens (the tokens pane
//!   lists one registry, so this is its worst case).
//!
//! Run: `cargo bench --bench console`. Targets: frame ≤ 2 ms, keystroke ≤ 5 ms (median).

use std::hint::black_box;

use acrtui::demo::fixture::{demo_app, fixed_now, synthetic_app};
use acrtui::domain::audit::{rows, sort};
use acrtui::domain::expiry::Thresholds;
use acrtui::tui::app::App;
use acrtui::tui::msg::Msg;
use acrtui::tui::render::render;
use acrtui::tui::state::Load;
use acrtui::tui::theme::Theme;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// A key press the way the event loop handles one: update, then derive the lists.
fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    app.prepare();
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn tokens_loaded(app: &App) -> usize {
    app.store()
        .registries()
        .iter()
        .map(|e| match &e.contents {
            Load::Loaded(c) => c.tokens.len(),
            _ => 0,
        })
        .sum()
}

/// A frame the way the event loop draws one after an update.
fn frame(app: &App, terminal: &mut Terminal<TestBackend>, theme: &Theme) {
    terminal
        .draw(|f| render(app, f, theme))
        .expect("TestBackend draws");
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let theme = Theme::new(true);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");

    let mut tenant = rt.block_on(synthetic_app(5, 40, 50, 100)).expect("tenant");
    let mut registry = rt
        .block_on(synthetic_app(1, 1, 50, 20_000))
        .expect("registry");
    assert_eq!(tokens_loaded(&tenant), 20_000);
    assert_eq!(tokens_loaded(&registry), 20_000);
    tenant.update(Msg::Resize(WIDTH, HEIGHT));
    registry.update(Msg::Resize(WIDTH, HEIGHT));

    let mut group = c.benchmark_group("frame 200x60, 20k tokens");
    group.bench_function("registries view (tenant)", |b| {
        b.iter(|| frame(&tenant, &mut terminal, &theme))
    });
    key(&mut registry, KeyCode::Char('3'));
    assert_eq!(registry.visible_len(), 20_000);
    group.bench_function("tokens view (registry)", |b| {
        b.iter(|| frame(&registry, &mut terminal, &theme))
    });
    key(&mut tenant, KeyCode::Char('4'));
    assert_eq!(tenant.visible_len(), 20_000);
    group.bench_function("audit view (tenant)", |b| {
        b.iter(|| frame(&tenant, &mut terminal, &theme))
    });
    group.finish();

    // One keystroke = update + the frame that shows the new list. Each
    // iteration types one character and erases it: two keystrokes.
    let mut group = c.benchmark_group("filter keystroke, 20k tokens (2 keystrokes per iteration)");
    let mut keystrokes = |name: &str, app: &mut App, filter: &str| {
        key(app, KeyCode::Char('/'));
        typed(app, filter);
        let narrowed = app.visible_len();
        assert!(narrowed > 0 && narrowed < 20_000, "{narrowed}");
        group.bench_function(name, |b| {
            b.iter(|| {
                key(app, KeyCode::Char('9'));
                frame(app, &mut terminal, &theme);
                key(app, KeyCode::Backspace);
                frame(app, &mut terminal, &theme);
            })
        });
        assert_eq!(app.visible_len(), narrowed);
    };
    keystrokes("tokens view (registry)", &mut registry, "token-1");
    keystrokes("audit view (tenant)", &mut tenant, "reg01");
    group.finish();

    // The headless audit (`acrtui audit`) builds full rows for every token.
    let loaded: Vec<_> = tenant
        .store()
        .registries()
        .iter()
        .filter_map(|e| match &e.contents {
            Load::Loaded(c) => Some((
                e.info.clone(),
                c.tokens.clone(),
                acrtui::domain::audit::scope_map_names(&c.scope_maps),
            )),
            _ => None,
        })
        .collect();
    c.bench_function("audit rows: 20k tokens classified and sorted", |b| {
        b.iter(|| {
            let mut all: Vec<_> = loaded
                .iter()
                .flat_map(|(r, t, names)| {
                    let exists = |n: &str| names.contains(&n.to_ascii_lowercase());
                    rows(r, t, exists, fixed_now(), Thresholds::default())
                })
                .collect();
            sort(&mut all);
            black_box(all.len())
        })
    });

    let demo = rt
        .block_on(demo_app(Default::default()))
        .expect("demo tenant");
    let mut small = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("frame 120x40, demo tenant", |b| {
        b.iter(|| frame(&demo, &mut small, &theme))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
