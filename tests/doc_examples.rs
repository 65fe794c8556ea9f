//! The examples of ms-docs-repository-scoped-permissions.txt, as tests.

use acrtui::domain::permissions::CompiledScopeMap;
use acrtui::domain::rules::{Code, MAX_ACTIONS, Severity, validate};

fn codes(actions: &[&str]) -> Vec<&'static str> {
    validate(actions).iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn the_three_invalid_wildcards_of_the_docs() {
    assert_eq!(
        codes(&["repositories/sample/*/teama/content/read"]),
        ["wildcard-not-last"]
    );
    assert_eq!(
        codes(&["repositories/sample/teama*/content/read"]),
        ["wildcard-not-component"]
    );
    assert_eq!(
        codes(&["repositories/sample/teama/*/projectb/*/content/read"]),
        ["multiple-wildcards"]
    );
}

#[test]
fn the_docs_mixed_case_examples_warn_with_the_lower_case_fix() {
    let d = validate(&["repositories/sample/teamA/projectB/content/delete"]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::UpperCase);
    // The doc uses it, the service's handling is undocumented: a warning, so it can be saved.
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(
        d[0].suggestion.as_deref(),
        Some("repositories/sample/teama/projectb/content/delete")
    );
    assert!(
        d[0].message
            .contains("repositories/sample/teama/projectb/content/delete")
    );
}

#[test]
fn the_docs_table_grants_what_the_docs_say() {
    let map = CompiledScopeMap::new(&[
        "repositories/sample/*/content/read",
        "repositories/sample/teama/*/content/write",
        "repositories/sample/teama/projectb/content/delete",
    ]);
    let b: Vec<_> = map
        .granted("sample/teama/projectb")
        .iter()
        .map(|p| p.as_str())
        .collect();
    assert_eq!(b, ["content/read", "content/write", "content/delete"]);
    let c: Vec<_> = map
        .granted("sample/teama/projectc")
        .iter()
        .map(|p| p.as_str())
        .collect();
    assert_eq!(c, ["content/read", "content/write"]);
}

#[test]
fn root_wildcard_is_valid_but_registry_wide_write_is_a_warning() {
    assert!(validate(&["repositories/*/content/read"]).is_empty());
    let d = validate(&[
        "repositories/*/content/write",
        "repositories/*/content/read",
    ]);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].severity, d[0].code),
        (Severity::Warning, Code::RegistryWideWrite)
    );
    assert_eq!(d[0].index, Some(0));
}

#[test]
fn the_spec_examples_old_style_suggests_the_modern_action() {
    let d = validate(&[
        "repositories/myrepository/contentWrite",
        "repositories/myrepository/contentRead",
        "repositories/myrepository/delete",
    ]);
    let fixes: Vec<_> = d.iter().map(|d| d.suggestion.clone().unwrap()).collect();
    assert_eq!(
        fixes,
        [
            "repositories/myrepository/content/write",
            "repositories/myrepository/content/read",
            "repositories/myrepository/content/delete"
        ]
    );
    assert!(d.iter().all(|d| d.code == Code::LegacyAction));
}

#[test]
fn duplicates_warn_and_point_at_the_first() {
    let d = validate(&["repositories/a/content/read", "repositories/a/content/read"]);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].severity, d[0].code, d[0].index),
        (Severity::Warning, Code::Duplicate, Some(1))
    );
    assert!(d[0].message.contains("#1"));
}

#[test]
fn the_500_action_limit() {
    let actions: Vec<String> = (0..=MAX_ACTIONS)
        .map(|i| format!("repositories/r{i}/content/read"))
        .collect();
    let d = validate(&actions);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].code, d[0].action.as_deref()),
        (Code::TooManyActions, None)
    );
    assert!(validate(&actions[..MAX_ACTIONS]).is_empty());
}

#[test]
fn other_mistakes_have_their_own_codes() {
    assert_eq!(codes(&[""]), ["empty-action"]);
    assert_eq!(codes(&[" repositories/a/content/read"]), ["whitespace"]);
    assert_eq!(codes(&["registry/a/content/read"]), ["unknown-prefix"]);
    assert_eq!(codes(&["repositories/a"]), ["missing-permission"]);
    assert_eq!(
        codes(&["repositories/content/read"]),
        ["missing-repository"]
    );
    assert_eq!(codes(&["repositories/a/content/list"]), ["unknown-action"]);
    assert_eq!(
        codes(&["repositories/a..b/content/read"]),
        ["bad-repository-name"]
    );
    assert_eq!(
        codes(&["gateway/conn1/config/delete"]),
        ["bad-gateway-action"]
    );
    assert_eq!(codes(&[] as &[&str]), ["no-actions"]);
    let long = format!("repositories/{}/content/read", "a".repeat(256));
    assert_eq!(codes(&[long.as_str()]), ["bad-repository-name"]);
    assert!(codes(&["gateway/MyConnected1/message/write"]).is_empty());
}

#[test]
fn upper_case_in_the_permission_is_still_an_error_and_a_name_plus_a_real_error_keeps_both() {
    let d = validate(&["repositories/sample/Content/Read"]);
    assert_eq!(d[0].code, Code::UpperCase);
    assert_eq!(d[0].severity, Severity::Error);
    let d = validate(&["repositories/sample/teamA*/content/read"]);
    let codes: Vec<_> = d.iter().map(|d| (d.code.as_str(), d.severity)).collect();
    assert!(
        codes.contains(&("upper-case", Severity::Warning)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("wildcard-not-component", Severity::Error)),
        "{codes:?}"
    );
    let preview = CompiledScopeMap::new(&["repositories/sample/teamA/*/content/read"]);
    assert!(!preview.effective("sample/teamA/projectB").grants.is_empty());
}
