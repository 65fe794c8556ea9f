//! `--read-only`: every action of every context is walked; none that changes
//! Azure is bound, hinted or listed in the help, and its key does nothing.

mod common;

use acrtui::tui::action::Action;
use acrtui::tui::app::Settings;
use acrtui::tui::keymap::{Context, Keymap};
use acrtui::tui::popups::Popup;
use acrtui::tui::state::View;
use common::console::*;

/// Every action that changes something in Azure, written out by hand so the
/// test does not trust `is_mutating` to list them.
const CHANGES_AZURE: [Action; 12] = [
    Action::ToggleAdmin,
    Action::Delete,
    Action::ToggleEnabled,
    Action::GeneratePassword,
    Action::DeletePassword,
    Action::NewScopeMap,
    Action::EditScopeMap,
    Action::CloneScopeMap,
    Action::NewToken,
    Action::ChangeScopeMap,
    Action::Rotate,
    Action::GrantRole,
];

const CONTEXTS: [(Context, View, &str); 6] = [
    (Context::Registries, View::Registries, "1"),
    (Context::ScopeMaps, View::ScopeMaps, "2"),
    (Context::Tokens, View::Tokens, "3"),
    (Context::Audit, View::Audit, "4"),
    (Context::Repositories, View::Repositories, "5"),
    (Context::Identities, View::Identities, "6"),
];

#[test]
fn is_mutating_names_exactly_the_actions_that_change_azure() {
    let (keymap, _) = Keymap::load(None);
    for b in &keymap.bindings {
        assert_eq!(
            b.action.is_mutating(),
            CHANGES_AZURE.contains(&b.action),
            "{:?} ({})",
            b.action,
            b.label
        );
    }
}

#[tokio::test]
async fn no_change_is_bound_hinted_or_helped_in_read_only_mode() {
    let (keymap, _) = Keymap::load(None);
    let mut app = demo_app(Settings {
        read_only: true,
        ..Settings::default()
    })
    .await;
    open_registry(&mut app, "contosoprod");
    for (context, view, pane_key) in CONTEXTS {
        key(&mut app, pane_key);
        assert_eq!(app.view, view);
        // The Repositories and Identities views read on entry: reads, and
        // not what is checked below.
        app.take_commands();
        let hints = screen(&app, 400, 40);
        let hint_line = hints.lines().next_back().unwrap_or_default().to_string();
        key(&mut app, "?");
        let help = screen(&app, 200, 80);
        key(&mut app, "esc");
        for b in keymap.bindings.iter().filter(|b| b.context == context) {
            if !CHANGES_AZURE.contains(&b.action) {
                continue;
            }
            assert_eq!(
                keymap.action(&b.key, context, true),
                None,
                "{:?} bound",
                b.action
            );
            let shown = format!(" {} {} ", b.label, b.desc);
            assert!(
                !hint_line.contains(&shown),
                "{context:?}: {shown:?} hinted: {hint_line}"
            );
            let help_row = format!("{:<16}{}", b.label, b.desc);
            assert!(
                !help.lines().any(|l| l.contains(&help_row)),
                "{context:?}: {help_row:?} in the help:\n{help}"
            );
            // Its key does nothing that could change Azure.
            key(&mut app, &b.label);
            assert!(
                app.take_commands().is_empty(),
                "{context:?}: {} sent a command",
                b.label
            );
            assert!(
                !matches!(
                    app.popup(),
                    Some(
                        Popup::Confirm(_)
                            | Popup::ScopeEditor(_)
                            | Popup::TokenForm(_)
                            | Popup::Generate(_)
                            | Popup::GrantForm(_)
                    )
                ),
                "{context:?}: {} opened {:?}",
                b.label,
                app.popup()
            );
            key(&mut app, "esc");
            key(&mut app, pane_key);
        }
    }
}
