//! A large synthetic tenant for benchmarks and scale tests: deterministic,
//! sized by its arguments.

use chrono::{DateTime, Duration, Utc};

use super::seed::{default_tenant, seeded};
use super::store::{
    PasswordMeta, Provisioning, Registry, ScopeMap, Sku, Store, Subscription, Token,
};

/// Repositories seeded per registry at most (one per scope map's team).
const SYNTHETIC_REPOSITORIES: usize = 10;

/// A large synthetic tenant: `subs` subscriptions × `registries` registries,
/// each with `scope_maps` scope maps and `tokens` tokens. Deterministic.
pub fn synthetic(
    subs: usize,
    registries: usize,
    scope_maps: usize,
    tokens: usize,
    now: DateTime<Utc>,
) -> Store {
    let mut store = Store {
        tenant_id: default_tenant(),
        ..Default::default()
    };
    let regions = ["westeurope", "eastus", "southeastasia"];
    for s in 0..subs {
        let sub = format!("00000000-0000-0000-0000-{s:012}");
        store.subscriptions.push(Subscription {
            id: sub.clone(),
            display_name: format!("Synthetic {s}"),
        });
        for r in 0..registries {
            // A tier that can hold what the registry is given, as the service would require.
            let sku = [Sku::Basic, Sku::Standard, Sku::Premium][r % 3..]
                .iter()
                .copied()
                .find(|sku| sku.limit() >= tokens.max(scope_maps))
                .unwrap_or(Sku::Premium);
            let name = format!("synth{s:02}reg{r:03}");
            let mut reg = Registry::new(
                &sub,
                &format!("rg-{}", r % 4),
                &name,
                regions[r % 3],
                sku,
                now - Duration::days(365),
            );
            reg.admin_user_enabled = r % 7 == 0;
            fill_registry(&mut reg, scope_maps, tokens, now);
            store.add_registry(reg);
        }
    }
    store
}

/// A synthetic registry's scope maps, tokens and repositories.
fn fill_registry(reg: &mut Registry, scope_maps: usize, tokens: usize, now: DateTime<Utc>) {
    for m in 0..scope_maps {
        let sm_name = format!("map-{m:03}");
        reg.scope_maps.insert(
            sm_name.clone(),
            ScopeMap {
                name: sm_name,
                description: Some(format!("synthetic map {m}")),
                actions: vec![
                    format!("repositories/team{m}/*/content/read"),
                    format!("repositories/team{m}/app/content/write"),
                ],
                system: false,
                created: now - Duration::days(100),
                state: Provisioning::Succeeded,
                system_data: Some(seeded(now - Duration::days(100))),
            },
        );
    }
    for t in 0..tokens {
        let map = if scope_maps == 0 {
            "_repositories_pull".to_string()
        } else {
            format!("map-{:03}", t % scope_maps)
        };
        let passwords = synthetic_passwords(t, now);
        let name = format!("token-{t:04}");
        reg.tokens.insert(
            name.clone(),
            Token {
                name,
                scope_map_id: reg.scope_map_id(&map),
                enabled: t % 11 != 0,
                created: now - Duration::days(60),
                passwords,
                state: Provisioning::Succeeded,
                system_data: Some(seeded(now - Duration::days(60))),
            },
        );
    }
    // Repositories the maps' rules reach (and one nothing reaches),
    // a few per registry so the data plane has a catalog to page.
    for m in 0..scope_maps.min(SYNTHETIC_REPOSITORIES) {
        reg.content.seed_image(&format!("team{m}/app"), "1.0");
    }
    reg.content.seed_image("unowned/legacy", "2019");
}

/// Token `t`'s passwords: none, one that never expires, or one expiring
/// from 3 days ago to 400 days ahead, in a fixed rotation.
fn synthetic_passwords(t: usize, now: DateTime<Utc>) -> Vec<PasswordMeta> {
    let days = [-3_i64, 2, 20, 120, 400][t % 5];
    let expiry = match t % 6 {
        0 => return Vec::new(),
        1 => None,
        _ => Some(now + Duration::days(days)),
    };
    vec![PasswordMeta {
        hash: None,
        name: "password1".into(),
        created: now - Duration::days(30),
        expiry,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog_reach::{Catalog, rule_reach, unreached};
    use crate::domain::permissions::CompiledScopeMap;

    #[test]
    fn each_registry_has_repositories_its_maps_reach_and_one_none_reaches() {
        let store = synthetic(1, 2, 3, 4, Utc::now());
        for reg in store.registries.values() {
            let catalog = Catalog::new(reg.content.repositories.keys().cloned().collect());
            assert_eq!(
                catalog.names().len(),
                4,
                "three team repositories and an unowned one"
            );
            let maps: Vec<CompiledScopeMap> = reg
                .scope_maps
                .values()
                .filter(|m| !m.system)
                .map(|m| CompiledScopeMap::new(&m.actions))
                .collect();
            assert!(rule_reach(&maps[0], &catalog).iter().all(|r| !r.dead));
            assert_eq!(unreached(&maps, &catalog), ["unowned/legacy"]);
        }
    }
}
