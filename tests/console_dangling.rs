//! Deleting a scope map that tokens use: the confirmation names them, and
//! afterwards they are flagged in the tokens pane, the audit pane and the
//! audit export (`dangling-scope-map`).

mod common;

use acrtui::domain::audit::DANGLING_SCOPE_MAP;
use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::msg::Outcome;
use common::console::*;

#[tokio::test]
async fn the_tokens_of_a_deleted_scope_map_are_named_then_flagged() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "ci-push"));
    key(&mut app, "ctrl-d");
    let confirm = screen(&app, 120, 40);
    assert!(
        confirm.contains("github-actions") && confirm.contains("old-jenkins"),
        "the confirmation names the tokens on the map:\n{confirm}"
    );
    insta::assert_snapshot!(confirm);
    type_text(&mut app, "ci-push");
    key(&mut app, "enter");
    let sent = kinds(&mut app);
    let [CommandKind::DeleteScopeMap { registry, name }] = sent.as_slice() else {
        panic!("{sent:?}");
    };
    let outcome = Outcome::ScopeMapDeleted {
        registry: registry.clone(),
        name: name.clone(),
    };
    let msg = done(&app, outcome);
    app.update(msg);

    key(&mut app, "3");
    let tokens = screen(&app, 120, 40);
    let row = tokens
        .lines()
        .find(|l| l.contains("github-actions"))
        .unwrap();
    assert!(row.contains("⚠ ci-push (deleted)"), "{row}");

    key(&mut app, "4");
    let audit = screen(&app, 160, 40);
    let row = audit.lines().find(|l| l.contains("old-jenkins")).unwrap();
    assert!(row.contains("ci-push (deleted)"), "{row}");
    let rows = app.audit_rows();
    let flagged: Vec<&str> = rows
        .iter()
        .filter(|r| r.findings.contains(&DANGLING_SCOPE_MAP))
        .map(|r| r.token.as_str())
        .collect();
    assert_eq!(flagged.len(), 2, "{flagged:?}");
    assert!(flagged.contains(&"github-actions") && flagged.contains(&"old-jenkins"));
}
