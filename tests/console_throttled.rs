//! ARM throttling in the console: a 429 the client could not avoid shows as
//! "throttled by ARM, resuming in N s" in the header (not as an error), and
//! the state goes away by itself when the pause is over.

mod common;

use std::time::Duration;

use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use acrtui::emulator::throttle::ThrottleConfig;
use acrtui::tui::app::Settings;
use acrtui::tui::msg::Msg;
use common::console::*;
use common::{one_registry, with_store};

#[tokio::test]
async fn the_header_counts_down_the_pause_and_then_drops_it() {
    let mut app = demo_app(Settings::default()).await;
    let now = app.now;
    app.update(Msg::Throttled(now + chrono::Duration::milliseconds(6500)));
    let header = |app: &acrtui::tui::app::App| {
        screen(app, 160, 20)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let shown = header(&app);
    assert!(
        shown.contains("⏸ throttled by ARM, resuming in 7 s"),
        "{shown}"
    );
    assert!(app.animating(), "the countdown ticks");
    insta::assert_snapshot!(shown);
    app.update(Msg::Tick(now + chrono::Duration::seconds(6)));
    assert!(header(&app).contains("resuming in 1 s"));
    app.update(Msg::Tick(now + chrono::Duration::seconds(7)));
    assert!(!header(&app).contains("throttled"), "{}", header(&app));
}

#[tokio::test]
async fn a_429_reaches_the_console_as_a_pause() {
    let config = EmulatorConfig {
        throttle: Some(ThrottleConfig::parse("arm:reads=1/1").unwrap()),
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Premium)).await;
    let (effects, mut rx) = effects_for(&emu);
    effects.watch_throttling();
    // One token refilled at 1/s: the pacer's estimate (ARM's documented 25/s)
    // lets the second read go too soon, and ARM answers 429.
    for _ in 0..2 {
        effects.api.list_tokens(&common::arm::reg()).await.unwrap();
    }
    let msg = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match rx.recv().await {
                Some(Msg::Throttled(until)) => return Some(until),
                Some(_) => continue,
                None => return None,
            }
        }
    })
    .await
    .expect("a Throttled message within 5 s")
    .expect("the channel stays open");
    let left = msg - chrono::Utc::now();
    assert!(left <= chrono::Duration::seconds(1), "{left:?}");
    assert!(emu.traffic().throttled >= 1);
}
