//! The console caches each list's rows between frames (`App::prepare`, as the
//! event loop calls it before drawing). A cache must never show anything a
//! fresh computation would not: two consoles get the same messages, one
//! prepared after every step and one never, and must agree on every screen,
//! list length and selection.

mod common;

use acrtui::tui::app::{App, Settings};

use acrtui::tui::command::OpId;
use acrtui::tui::msg::{Msg, Outcome};
use chrono::Duration;
use common::console::*;
use proptest::prelude::*;

/// Keys that move, switch views, filter and page; none open a mutating popup.
const KEYS: [&str; 22] = [
    "j",
    "k",
    "g",
    "G",
    "1",
    "2",
    "3",
    "4",
    "tab",
    "/",
    "c",
    "o",
    "p",
    "d",
    "e",
    "-",
    "1",
    "backspace",
    "esc",
    "enter",
    "f",
    ":",
];

/// One step of the script.
#[derive(Debug, Clone)]
enum Step {
    Key(usize),
    /// The selected token is deleted (a data change under the caches).
    DeleteSelectedToken,
    /// The clock moves on by this many hours (reclassifies expiries).
    Later(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..KEYS.len()).prop_map(Step::Key),
        1 => Just(Step::DeleteSelectedToken),
        1 => (1i64..200).prop_map(Step::Later),
    ]
}

fn apply(app: &mut App, step: &Step) {
    match step {
        Step::Key(k) => key(app, KEYS[*k]),
        Step::DeleteSelectedToken => {
            let target = app
                .current()
                .zip(app.selected_token().map(|t| t.name.clone()));
            if let Some((registry, name)) = target {
                app.update(Msg::Done(OpId(0), Outcome::TokenDeleted { registry, name }));
            }
        }
        Step::Later(hours) => {
            let now = app.now + Duration::hours(*hours);
            app.update(Msg::Tick(now));
        }
    }
    let _ = app.take_commands();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn cached_lists_always_equal_fresh_ones(steps in prop::collection::vec(step(), 1..60)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let mut cached = rt.block_on(demo_app(Settings::default()));
        let mut fresh = rt.block_on(demo_app(Settings::default()));
        for (i, s) in steps.iter().enumerate() {
            apply(&mut cached, s);
            apply(&mut fresh, s);
            cached.prepare();
            prop_assert_eq!(cached.view, fresh.view);
            prop_assert_eq!(cached.visible_len(), fresh.visible_len(), "step {}: {:?}", i, s);
            prop_assert_eq!(
                cached.selected_token().map(|t| t.name.clone()),
                fresh.selected_token().map(|t| t.name.clone())
            );
            prop_assert_eq!(cached.audit_rows(), fresh.audit_rows());
            prop_assert_eq!(screen(&cached, 120, 40), screen(&fresh, 120, 40), "step {}: {:?}", i, s);
        }
    }
}

#[tokio::test]
async fn a_cache_is_not_used_once_its_inputs_change() {
    // Prepared for one filter, then the filter changes inside `update`: the
    // list must follow at once, before the next prepare.
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    app.prepare();
    assert_eq!(app.audit_entries().len(), 11);
    key(&mut app, "/");
    type_text(&mut app, "fabrikam");
    let rows = app.audit_rows();
    assert!(!rows.is_empty() && rows.len() < 11, "{}", rows.len());
    assert!(rows.iter().all(|r| {
        r.token.contains("fabrikam")
            || r.registry.contains("fabrikam")
            || r.scope_map
                .as_deref()
                .is_some_and(|m| m.contains("fabrikam"))
    }));
}
