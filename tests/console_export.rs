//! The audit export never replaces a file without asking: the write is
//! `create_new`, an existing file comes back as a question, and only "yes"
//! overwrites it. Through the real effect, on a real file.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::effect_ops::export;
use acrtui::tui::msg::{Outcome, TaskError};
use acrtui::tui::popups::Popup;
use common::console::*;

/// Runs the one Export command the app sent, through the real effect.
async fn run_export(app: &mut acrtui::tui::app::App) -> Outcome {
    let sent = kinds(app);
    let [
        CommandKind::Export {
            path,
            content,
            rows,
            overwrite,
        },
    ] = sent.as_slice()
    else {
        panic!("{sent:?}");
    };
    export(path.clone(), content.clone(), *rows, *overwrite).await
}

/// From the audit pane: `w`, the path typed over the default, Enter.
fn start_export(app: &mut acrtui::tui::app::App, path: &std::path::Path) {
    key(app, "w");
    key(app, "ctrl-u");
    type_text(app, path.to_str().unwrap());
    key(app, "enter");
}

#[tokio::test]
async fn an_existing_file_is_replaced_only_after_yes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    std::fs::write(&path, "keep me").unwrap();
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    start_export(&mut app, &path);

    let outcome = run_export(&mut app).await;
    assert!(
        matches!(outcome, Outcome::ExportExists { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "keep me",
        "nothing written yet"
    );
    app.update(done(&app, outcome));
    assert!(matches!(app.popup(), Some(Popup::Confirm(_))));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("exists. Replace it"), "{shown}");

    // No: the file stays.
    key(&mut app, "n");
    assert!(kinds(&mut app).is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");

    // Again, and yes: replaced.
    start_export(&mut app, &path);
    let outcome = run_export(&mut app).await;
    app.update(done(&app, outcome));
    key(&mut app, "y");
    let outcome = run_export(&mut app).await;
    assert!(
        matches!(outcome, Outcome::Exported { rows: 11, .. }),
        "{outcome:?}"
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("subscription,"), "{written}");
}

#[tokio::test]
async fn a_new_file_is_written_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.json");
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    start_export(&mut app, &path);
    let outcome = run_export(&mut app).await;
    assert!(matches!(outcome, Outcome::Exported { .. }), "{outcome:?}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["complete"], true);
}

/// The question comes back after the export popup closed: whatever the user
/// opened meanwhile stays beneath it, edits and all (it used to be replaced,
/// and a scope map being written was lost).
#[tokio::test]
async fn the_question_opens_over_the_editor_without_losing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    std::fs::write(&path, "keep me").unwrap();
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    start_export(&mut app, &path);
    let outcome = run_export(&mut app).await;

    key(&mut app, "2");
    key(&mut app, "n");
    type_text(&mut app, "half-written");
    app.update(done(&app, outcome));
    assert!(
        matches!(app.popup(), Some(Popup::Confirm(_))),
        "{:?}",
        app.popup()
    );
    key(&mut app, "n");
    assert!(
        matches!(app.popup(), Some(Popup::ScopeEditor(_))),
        "{:?}",
        app.popup()
    );
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("half-written"), "{shown}");
}

/// A report that cannot be written is a file error, told as one: the path,
/// the system's reason and what to fix, never an Azure error or an Azure hint.
#[tokio::test]
async fn a_failed_write_is_a_file_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-dir").join("report.csv");
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    start_export(&mut app, &path);
    let outcome = run_export(&mut app).await;
    let Outcome::Failed {
        error: TaskError::File { path: named, .. },
        ..
    } = &outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(named, &path.display().to_string());
    app.update(done(&app, outcome));
    assert!(matches!(app.popup(), Some(Popup::Error(_))));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("failed"), "{shown}");
    assert!(shown.contains("check that the directory exists"), "{shown}");
    assert!(!shown.contains("Azure"), "{shown}");
    assert!(!path.exists());
}
