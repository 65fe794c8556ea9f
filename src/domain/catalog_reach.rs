//! A scope map over a registry's real repositories: which existing
//! repositories each rule reaches, which rules reach none (flagged, not
//! errors: wildcards also cover repositories created later), and which
//! repositories no map reaches.
//!
//! The catalog is sorted once; an exact rule is a binary search and a
//! wildcard `a/b/*` a contiguous range of the sorted names, so 10,000
//! repositories × 500 rules costs what the output costs.

use serde::Serialize;

use super::permissions::{CompiledScopeMap, PermissionSet};
use super::token_scope::token_actions;

/// A registry's repository names, sorted and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog(Vec<String>);

impl Catalog {
    pub fn new(mut names: Vec<String>) -> Catalog {
        names.sort();
        names.dedup();
        Catalog(names)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// How many existing repositories a pattern reaches.
    pub fn count(&self, pattern: &str) -> usize {
        self.reached(pattern).len()
    }

    /// Indices of the names a pattern (`*`, `a/b/*`, `a/b`) reaches.
    fn reached(&self, pattern: &str) -> std::ops::Range<usize> {
        let names = &self.0;
        if pattern == "*" {
            return 0..names.len();
        }
        match pattern.strip_suffix("/*") {
            Some(prefix) => {
                let below = format!("{prefix}/");
                let start = names.partition_point(|n| n.as_str() < below.as_str());
                let len = names[start..]
                    .iter()
                    .take_while(|n| n.starts_with(&below) && n.len() > below.len())
                    .count();
                start..start + len
            }
            None => match names.binary_search_by(|n| n.as_str().cmp(pattern)) {
                Ok(i) => i..i + 1,
                Err(_) => 0..0,
            },
        }
    }
}

/// One repository pattern of a scope map over the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleReach {
    pub pattern: String,
    /// What the pattern's rules grant, as token actions.
    pub grants: Vec<String>,
    pub repositories: Vec<String>,
    /// No existing repository: not an error for a wildcard (future ones).
    pub dead: bool,
}

/// Each repository pattern of `map` with the existing repositories it reaches.
pub fn rule_reach(map: &CompiledScopeMap, catalog: &Catalog) -> Vec<RuleReach> {
    map.by_pattern()
        .into_iter()
        .map(|(pattern, set): (String, PermissionSet)| {
            let range = catalog.reached(&pattern);
            RuleReach {
                grants: token_actions(set),
                dead: range.is_empty(),
                repositories: catalog.names()[range].to_vec(),
                pattern,
            }
        })
        .collect()
}

/// The repositories none of `maps` reaches.
pub fn unreached<'a>(
    maps: impl IntoIterator<Item = &'a CompiledScopeMap>,
    catalog: &Catalog,
) -> Vec<String> {
    let mut reached = vec![false; catalog.names().len()];
    for map in maps {
        for (pattern, _) in map.by_pattern() {
            for i in catalog.reached(&pattern) {
                reached[i] = true;
            }
        }
    }
    catalog
        .names()
        .iter()
        .zip(reached)
        .filter(|(_, r)| !r)
        .map(|(n, _)| n.clone())
        .collect()
}

/// What reaches one existing repository: how many (enabled) tokens, and
/// the union of what they may do there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RepositoryReach {
    pub tokens: usize,
    pub granted: PermissionSet,
}

/// For each repository of `catalog` (in its order), the tokens reaching it:
/// `maps` pairs each scope map with how many enabled tokens use it. Each
/// map's patterns are ranges of the sorted catalog, so the cost is what the
/// reached repositories cost, not catalog × maps.
pub fn repository_reach(
    maps: &[(&CompiledScopeMap, usize)],
    catalog: &Catalog,
) -> Vec<RepositoryReach> {
    let names = catalog.names();
    let mut out = vec![RepositoryReach::default(); names.len()];
    let mut seen = vec![false; names.len()];
    for (map, users) in maps.iter().filter(|(_, users)| *users > 0) {
        let mut reached: Vec<usize> = Vec::new();
        for (pattern, _) in map.by_pattern() {
            for i in catalog.reached(&pattern) {
                // A repository reached by two patterns of one map counts once.
                if !std::mem::replace(&mut seen[i], true) {
                    reached.push(i);
                }
            }
        }
        for i in reached {
            seen[i] = false;
            out[i].tokens += users;
            for p in map.granted(&names[i]).iter() {
                out[i].granted.insert(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::new(
            [
                "apps/web",
                "apps/api",
                "apps",
                "appsx/tool",
                "sample/teama/projectb",
                "other",
                "apps/web/sub",
            ]
            .map(String::from)
            .to_vec(),
        )
    }

    #[test]
    fn wildcards_reach_strictly_below_and_exact_rules_one_name() {
        let map = CompiledScopeMap::new(&[
            "repositories/apps/*/content/read",
            "repositories/other/content/read",
            "repositories/gone/*/content/write",
            "repositories/missing/content/read",
        ]);
        let reach = rule_reach(&map, &catalog());
        assert_eq!(reach[0].pattern, "apps/*");
        assert_eq!(
            reach[0].repositories,
            ["apps/api", "apps/web", "apps/web/sub"]
        );
        assert_eq!(reach[0].grants, ["pull"]);
        assert_eq!(reach[1].repositories, ["other"]);
        assert!(reach[2].dead && reach[3].dead);
        assert_eq!(
            unreached([&map], &catalog()),
            ["apps", "appsx/tool", "sample/teama/projectb"]
        );
        let all = CompiledScopeMap::new(&["repositories/*/content/read"]);
        assert!(unreached([&all], &catalog()).is_empty());
    }

    #[test]
    fn reach_agrees_with_the_pattern_matcher() {
        // The range search must give exactly what RepoPattern::matches gives.
        let c = catalog();
        for pattern in ["apps/*", "apps/web/*", "*", "apps", "sample/*", "zzz/*"] {
            let map = CompiledScopeMap::new(&[format!("repositories/{pattern}/content/read")]);
            let by_range = rule_reach(&map, &c)[0].repositories.clone();
            let by_match: Vec<String> = c
                .names()
                .iter()
                .filter(|n| !map.granted(n).is_empty())
                .cloned()
                .collect();
            assert_eq!(by_range, by_match, "{pattern}");
        }
    }

    #[test]
    fn repository_reach_counts_tokens_once_per_map_and_unites_grants() {
        let pull = CompiledScopeMap::new(&[
            "repositories/apps/*/content/read",
            "repositories/apps/web/content/read",
        ]);
        let push = CompiledScopeMap::new(&["repositories/apps/web/content/write"]);
        let unused = CompiledScopeMap::new(&["repositories/other/content/delete"]);
        let c = catalog();
        let reach = repository_reach(&[(&pull, 2), (&push, 1), (&unused, 0)], &c);
        let at = |name: &str| reach[c.names().iter().position(|n| n == name).unwrap()];
        // Two tokens on `pull` (matched twice, counted once), one on `push`.
        assert_eq!(at("apps/web").tokens, 3);
        let words: Vec<&str> = at("apps/web").granted.iter().map(|p| p.as_str()).collect();
        assert_eq!(words, ["content/read", "content/write"]);
        assert_eq!(at("apps/api").tokens, 2);
        // A map no token uses reaches nothing.
        assert_eq!(at("other"), RepositoryReach::default());
        assert_eq!(at("apps").tokens, 0, "apps/* is strictly below apps");
    }
}
