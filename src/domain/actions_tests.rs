//! Tests of `actions.rs`.

use super::*;

fn repo(pattern: RepoPattern, permission: RepoPermission) -> Action {
    Action::Repository {
        pattern,
        permission,
    }
}

#[test]
fn parses_the_five_permissions() {
    for p in RepoPermission::ALL {
        let s = format!("repositories/samples/hello-world/{p}");
        assert_eq!(
            parse_action(&s),
            Ok(repo(RepoPattern::Exact("samples/hello-world".into()), p))
        );
    }
}

#[test]
fn parses_wildcards() {
    assert_eq!(
        parse_action("repositories/*/content/read"),
        Ok(repo(RepoPattern::All, RepoPermission::ContentRead))
    );
    assert_eq!(
        parse_action("repositories/sample/teama/*/content/write"),
        Ok(repo(
            RepoPattern::Below("sample/teama".into()),
            RepoPermission::ContentWrite
        ))
    );
}

#[test]
fn rejects_the_docs_invalid_wildcards() {
    assert_eq!(
        parse_action("repositories/sample/*/teama/content/read"),
        Err(ParseError::WildcardNotLast)
    );
    assert_eq!(
        parse_action("repositories/sample/teama*/content/read"),
        Err(ParseError::WildcardNotComponent)
    );
    assert_eq!(
        parse_action("repositories/sample/teama/*/projectb/*/content/read"),
        Err(ParseError::MultipleWildcards)
    );
}

#[test]
fn legacy_style_is_recognised() {
    assert_eq!(
        parse_action("repositories/myrepository/contentWrite"),
        Err(ParseError::Legacy(RepoPermission::ContentWrite))
    );
    assert_eq!(
        parse_action("repositories/myrepository/delete"),
        Err(ParseError::Legacy(RepoPermission::ContentDelete))
    );
    // `content/delete` is modern even though its last word is `delete`.
    assert!(parse_action("repositories/myrepository/content/delete").is_ok());
}

#[test]
fn gateway_actions() {
    let a = parse_action("gateway/myconnreg/config/read").unwrap();
    assert_eq!(a.to_string(), "gateway/myconnreg/config/read");
    assert!(matches!(
        parse_action("gateway/myconnreg/config/delete"),
        Err(ParseError::BadGateway(_))
    ));
    assert!(matches!(
        parse_action("gateway/x/config/read"),
        Err(ParseError::BadGateway(_))
    ));
}

#[test]
fn repository_names_follow_the_docker_grammar() {
    for ok in ["a", "a.b", "a_b", "a__b", "a---b", "a/b/c", "0x/1-2"] {
        assert_eq!(check_repository_name(ok), Ok(()), "{ok}");
    }
    for bad in [
        "", "a//b", "/a", "a/", "a..b", "a___b", "-a", "a-", "a-_b", "a b",
    ] {
        assert!(check_repository_name(bad).is_err(), "{bad}");
    }
    assert_eq!(
        check_repository_name("sample/teamA/projectB"),
        Ok(()),
        "mixed case is the warning's job"
    );
}

#[test]
fn below_matches_any_depth_but_not_itself() {
    let p = RepoPattern::Below("sample".into());
    assert!(p.matches("sample/x"));
    assert!(p.matches("sample/x/y/z"));
    assert!(!p.matches("sample"));
    assert!(!p.matches("samplex/y"));
    assert!(!p.matches("other/sample/x"));
}
