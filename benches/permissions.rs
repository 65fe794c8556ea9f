//! Effective permissions of a 500-action scope map for 10,000 repository
//! names, and the same map over a 10,000-repository catalog.

use std::hint::black_box;

use acrtui::domain::catalog_reach::{Catalog, rule_reach, unreached};
use acrtui::domain::permissions::CompiledScopeMap;
use acrtui::domain::rules::validate;
use criterion::{Criterion, criterion_group, criterion_main};

const PERMS: [&str; 5] = [
    "content/read",
    "content/write",
    "content/delete",
    "metadata/read",
    "metadata/write",
];

/// 500 actions: a mix of team wildcards, nested wildcards and exact rules.
fn scope_map() -> Vec<String> {
    (0..500)
        .map(|i| {
            let perm = PERMS[i % 5];
            match i % 3 {
                0 => format!("repositories/team{}/*/{perm}", i % 40),
                1 => format!("repositories/team{}/svc{}/*/{perm}", i % 40, i % 25),
                _ => format!("repositories/team{}/svc{}/app{i}/{perm}", i % 40, i % 25),
            }
        })
        .collect()
}

fn repositories() -> Vec<String> {
    (0..10_000)
        .map(|i| format!("team{}/svc{}/app{}", i % 50, i % 30, i))
        .collect()
}

fn bench(c: &mut Criterion) {
    let actions = scope_map();
    let repos = repositories();
    let map = CompiledScopeMap::new(&actions);
    c.bench_function("granted: 500 actions x 10k repos", |b| {
        b.iter(|| {
            repos
                .iter()
                .map(|r| map.granted(black_box(r)))
                .filter(|s| !s.is_empty())
                .count()
        })
    });
    c.bench_function("effective (with rules): 500 actions x 10k repos", |b| {
        b.iter(|| {
            repos
                .iter()
                .map(|r| map.effective(black_box(r)).grants.len())
                .sum::<usize>()
        })
    });
    // The previewer over a real catalog, redone on every keystroke in the
    // editor: compile the edited actions, then what each rule reaches and
    // what nothing reaches (the catalog is read and sorted once).
    let catalog = Catalog::new(repos.clone());
    c.bench_function(
        "catalog reach (compile + rules + unreached): 500 actions x 10k repos",
        |b| {
            b.iter(|| {
                let map = CompiledScopeMap::new(black_box(&actions));
                let reach = rule_reach(&map, &catalog);
                let missed = unreached([&map], &catalog);
                reach.iter().map(|r| r.repositories.len()).sum::<usize>() + missed.len()
            })
        },
    );
    c.bench_function("catalog sort 10k names", |b| {
        b.iter(|| Catalog::new(black_box(repos.clone())))
    });
    c.bench_function("compile 500 actions", |b| {
        b.iter(|| CompiledScopeMap::new(black_box(&actions)))
    });
    c.bench_function("validate 500 actions", |b| {
        b.iter(|| validate(black_box(&actions)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
