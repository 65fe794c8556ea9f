//! Properties of the domain core, checked against an independently written oracle.

use std::collections::{BTreeMap, BTreeSet};

use acrtui::domain::actions::parse_action;
use acrtui::domain::permissions::CompiledScopeMap;
use acrtui::domain::rules::validate_action;
use proptest::prelude::*;
use regex::Regex;

/// The oracle: validity straight from the grammar in the docs, as regular
/// expressions. Upper case in a repository name is valid (a warning): the
/// docs' own examples use it; the prefix and permission stay lower case.
fn oracle_valid(action: &str) -> bool {
    const COMPONENT: &str = r"[a-zA-Z0-9]+(?:(?:[._]|__|-+)[a-zA-Z0-9]+)*";
    let name = format!("{COMPONENT}(?:/{COMPONENT})*");
    let repo = Regex::new(&format!(
        r"^repositories/(\*|(?P<below>{name})/\*|(?P<exact>{name}))/(content/(read|write|delete)|metadata/(read|write))$"
    ))
    .unwrap();
    let gateway = Regex::new(r"^gateway/[a-zA-Z0-9]{5,50}/(config|message)/(read|write)$").unwrap();
    if let Some(c) = repo.captures(action) {
        let n = c.name("below").or(c.name("exact")).map_or(0, |m| m.len());
        return n <= 255;
    }
    gateway.is_match(action)
}

fn is_valid(action: &str) -> bool {
    !validate_action(action).iter().any(|d| d.is_error())
}

/// A repository part built from components and separators, mostly valid.
fn structured_repo() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        8 => prop::sample::select(vec!["a", "b7", "x0"]),
        1 => prop::sample::select(vec!["A", "", "*"]),
    ];
    let sep = prop_oneof![
        10 => prop::sample::select(vec![".", "_", "__", "-", "---", "/", "/", "/"]),
        1 => prop::sample::select(vec!["___", "..", "-_", "_.", "//", "/*", "*", "/-"]),
    ];
    (word.clone(), prop::collection::vec((sep, word), 0..5)).prop_map(|(first, rest)| {
        rest.into_iter()
            .fold(first.to_string(), |acc, (s, w)| acc + s + w)
    })
}

/// Near-miss actions: mostly well-formed pieces with mistakes mixed in.
fn action_strategy() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        6 => Just("repositories/"),
        1 => prop::sample::select(vec!["gateway/", "Repositories/", "repo/", ""]),
    ];
    let repo = prop_oneof![
        1 => "[a-zA-Z0-9._*/-]{0,14}".boxed(),
        4 => structured_repo().boxed(),
        1 => structured_repo().prop_map(|r| format!("{r}/*")).boxed(),
        1 => "[a-zA-Z0-9]{4,6}".boxed(),
    ];
    let perm = prop_oneof![
        4 => prop::sample::select(vec![
            "/content/read", "/content/write", "/content/delete", "/metadata/read",
            "/metadata/write", "/config/read", "/message/write",
        ]),
        1 => prop::sample::select(vec!["/content/Read", "/contentWrite", "/delete", "/content/list", "", "/"]),
    ];
    (prefix, repo, perm).prop_map(|(p, r, a)| format!("{p}{r}{a}"))
}

fn repo_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "b", "ab", "a-b", "a.b"]),
        1..5,
    )
    .prop_map(|parts| parts.join("/"))
}

fn rule() -> impl Strategy<Value = String> {
    let pattern = prop_oneof![
        1 => Just("*".to_string()),
        4 => repo_name().prop_map(|r| format!("{r}/*")),
        4 => repo_name(),
    ];
    let perm = prop::sample::select(vec![
        "content/read",
        "content/write",
        "content/delete",
        "metadata/read",
        "metadata/write",
    ]);
    (pattern, perm).prop_map(|(p, a)| format!("repositories/{p}/{a}"))
}

fn granted(actions: &[String], repo: &str) -> BTreeSet<&'static str> {
    CompiledScopeMap::new(actions)
        .granted(repo)
        .iter()
        .map(|p| p.as_str())
        .collect()
}

fn grants_as_sets(actions: &[String], repo: &str) -> BTreeMap<&'static str, BTreeSet<String>> {
    CompiledScopeMap::new(actions)
        .effective(repo)
        .grants
        .into_iter()
        .map(|(p, rules)| (p.as_str(), rules.into_iter().collect()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn validator_agrees_with_the_oracle(action in action_strategy()) {
        prop_assert_eq!(is_valid(&action), oracle_valid(&action), "action: {:?}", action);
    }

    #[test]
    fn validator_agrees_with_the_oracle_on_arbitrary_text(action in "\\PC{0,40}") {
        prop_assert_eq!(is_valid(&action), oracle_valid(&action), "action: {:?}", action);
    }

    #[test]
    fn parse_print_parse_is_identity(action in rule()) {
        let parsed = parse_action(&action).unwrap();
        let printed = parsed.to_string();
        prop_assert_eq!(&printed, &action);
        prop_assert_eq!(parse_action(&printed).unwrap(), parsed);
    }

    #[test]
    fn adding_a_rule_never_removes_a_grant(
        map in prop::collection::vec(rule(), 0..12), extra in rule(), repo in repo_name()
    ) {
        let before = granted(&map, &repo);
        let mut more = map.clone();
        more.push(extra);
        let after = granted(&more, &repo);
        prop_assert!(after.is_superset(&before), "{:?} ⊄ {:?}", before, after);
    }

    #[test]
    fn order_and_duplicates_do_not_matter(
        map in prop::collection::vec(rule(), 1..12), seed in any::<u64>(), repo in repo_name()
    ) {
        let mut shuffled = map.clone();
        shuffled.extend(map.iter().take((seed % 4) as usize).cloned());
        // Deterministic shuffle from the seed.
        let n = shuffled.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(grants_as_sets(&map, &repo), grants_as_sets(&shuffled, &repo));
    }

    #[test]
    fn a_prefix_wildcard_covers_every_rule_below_it(
        prefix in repo_name(), inner in rule(), repo in repo_name()
    ) {
        // Put the inner rule under `prefix/`, and the repository too.
        let inner = inner.replacen("repositories/", &format!("repositories/{prefix}/"), 1);
        let repo = format!("{prefix}/{repo}");
        let perm = inner.rsplitn(3, '/').take(2).collect::<Vec<_>>();
        let wildcard = format!("repositories/{prefix}/*/{}/{}", perm[1], perm[0]);
        let by_inner = granted(std::slice::from_ref(&inner), &repo);
        let by_wildcard = granted(&[wildcard], &repo);
        prop_assert!(by_wildcard.is_superset(&by_inner), "{} vs {}", inner, repo);
    }
}

#[test]
fn a_half_permission_is_completed_not_doubled() {
    use acrtui::domain::rules::{Code, validate};
    let message = |action: &str| {
        let d = validate(&[action.to_string()]);
        assert_eq!(d[0].code, Code::MissingPermission, "{action}");
        d[0].message.clone()
    };
    let m = message("repositories/x/content");
    assert!(m.contains("`repositories/x/content/read`"), "{m}");
    assert!(
        !m.contains("e.g. `repositories/x/content/content/read`"),
        "{m}"
    );
    let m = message("repositories/x/metadata");
    assert!(m.contains("`repositories/x/metadata/read`"), "{m}");
    let m = message("repositories/x");
    assert!(m.contains("`repositories/x/content/read`"), "{m}");
}

/// Repository names over a small alphabet, so names share prefixes often
/// (`a`, `a/b`, `a-b`, `ab/c`): the cases a prefix-range search gets wrong.
fn catalog_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "b", "a-b", "ab", "a.b"]),
        1..4,
    )
    .prop_map(|parts| parts.join("/"))
}

proptest! {
    /// The catalog previewer's range search reaches exactly the
    /// repositories the rule matcher grants on, for every pattern.
    #[test]
    fn catalog_reach_agrees_with_the_matcher(
        names in prop::collection::vec(catalog_name(), 0..40),
        prefix in catalog_name(),
        wildcard in any::<bool>(),
    ) {
        use acrtui::domain::catalog_reach::{Catalog, rule_reach, unreached};
        let pattern = if wildcard { format!("{prefix}/*") } else { prefix };
        let map = CompiledScopeMap::new(&[format!("repositories/{pattern}/content/read")]);
        let catalog = Catalog::new(names);
        let by_range = rule_reach(&map, &catalog)
            .into_iter()
            .next()
            .map(|r| r.repositories)
            .unwrap_or_default();
        let by_matcher: Vec<String> = catalog
            .names()
            .iter()
            .filter(|n| !map.granted(n).is_empty())
            .cloned()
            .collect();
        prop_assert_eq!(&by_range, &by_matcher);
        let missed = unreached([&map], &catalog);
        prop_assert_eq!(missed.len() + by_matcher.len(), catalog.names().len());
    }
}
