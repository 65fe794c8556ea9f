//! Effective permissions, contributing rules and the reverse lookup.
use super::*;

/// The table from the Microsoft doc.
const DOC_MAP: [&str; 3] = [
    "repositories/sample/*/content/read",
    "repositories/sample/teama/*/content/write",
    "repositories/sample/teama/projectb/content/delete",
];

fn names(e: &Effective) -> Vec<&'static str> {
    e.grants.keys().map(|p| p.as_str()).collect()
}

#[test]
fn by_pattern_groups_the_rules_of_each_pattern_in_order() {
    let map = CompiledScopeMap::new(&[
        "repositories/sample/*/content/read",
        "repositories/hello/content/write",
        "repositories/sample/*/metadata/read",
    ]);
    let grouped: Vec<(String, Vec<&str>)> = map
        .by_pattern()
        .into_iter()
        .map(|(p, set)| (p, set.iter().map(|x| x.as_str()).collect()))
        .collect();
    assert_eq!(
        grouped,
        [
            (
                "sample/*".to_string(),
                vec!["content/read", "metadata/read"]
            ),
            ("hello".to_string(), vec!["content/write"]),
        ]
    );
}

#[test]
fn doc_example_project_b_gets_all_three() {
    let map = CompiledScopeMap::new(&DOC_MAP);
    let e = map.effective("sample/teama/projectb");
    assert_eq!(
        names(&e),
        ["content/read", "content/write", "content/delete"]
    );
    assert_eq!(
        e.grants[&RepoPermission::ContentDelete],
        ["repositories/sample/teama/projectb/content/delete"]
    );
}

#[test]
fn doc_example_project_c_gets_read_and_write() {
    let map = CompiledScopeMap::new(&DOC_MAP);
    let e = map.effective("sample/teama/projectc");
    assert_eq!(names(&e), ["content/read", "content/write"]);
    assert_eq!(
        e.docker_scope(),
        "repository:sample/teama/projectc:pull,push"
    );
}

#[test]
fn wildcard_covers_repositories_that_do_not_exist_yet_at_any_depth() {
    let map = CompiledScopeMap::new(&["repositories/sample/*/content/write"]);
    assert!(
        map.granted("sample/teamc/teamcimage")
            .contains(RepoPermission::ContentWrite)
    );
    assert!(map.granted("sample").is_empty());
    assert!(map.granted("samples/x").is_empty());
}

#[test]
fn root_wildcard_is_registry_wide() {
    let map = CompiledScopeMap::new(&["repositories/*/content/read"]);
    assert!(
        map.granted("anything/at/all")
            .contains(RepoPermission::ContentRead)
    );
}

#[test]
fn operations_follow_permissions() {
    let set: PermissionSet = [RepoPermission::ContentWrite].into_iter().collect();
    let ops = operations(set);
    let push = ops.iter().find(|o| o.operation.name == "push").unwrap();
    assert!(!push.allowed);
    assert_eq!(push.missing, [RepoPermission::ContentRead]);
    let catalog = ops
        .iter()
        .find(|o| o.operation.name == "list the catalog")
        .unwrap();
    assert!(!catalog.allowed);
}

#[test]
fn reverse_lookup_finds_tokens_through_their_scope_maps() {
    let mut maps = BTreeMap::new();
    maps.insert("doc", CompiledScopeMap::new(&DOC_MAP));
    maps.insert(
        "other",
        CompiledScopeMap::new(&["repositories/other/content/read"]),
    );
    let tokens = [
        TokenRef {
            name: "ci",
            scope_map: "doc",
            enabled: true,
        },
        TokenRef {
            name: "partner",
            scope_map: "other",
            enabled: true,
        },
        TokenRef {
            name: "ghost",
            scope_map: "missing",
            enabled: false,
        },
    ];
    let reach = tokens_reaching("sample/teama/x", &maps, &tokens);
    assert_eq!(reach.len(), 1);
    assert_eq!(reach[0].token, "ci");
}
