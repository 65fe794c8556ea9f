//! The audit report: one row per token with its passwords' expiry classes,
//! worst first, rendered as a table, JSON or CSV. Pure: inventory in, text out.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::arm::{RegistryInfo, ScopeMapInfo, Slot, TokenInfo};
use crate::domain::expiry::{PasswordState, Thresholds, TokenState, classify_password};

pub mod collect;
mod format;

pub use format::{CSV_HEADER, to_csv, to_json, to_json_report, to_table};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PasswordRow {
    pub name: &'static str,
    pub created: Option<String>,
    pub expiry: Option<String>,
    pub state: PasswordState,
    #[serde(skip)]
    pub expiry_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    pub subscription: String,
    pub resource_group: String,
    pub registry: String,
    pub login_server: String,
    pub token: String,
    pub status: &'static str,
    pub scope_map: Option<String>,
    pub created: Option<String>,
    pub passwords: Vec<PasswordRow>,
    pub state: TokenState,
    /// Problems beside the expiry state: `dangling-scope-map` (its scope
    /// map was deleted: the token grants nothing until it gets another).
    pub findings: Vec<&'static str>,
}

/// The finding of a token whose scope map no longer exists.
pub const DANGLING_SCOPE_MAP: &str = "dangling-scope-map";

/// True when the token names a scope map the registry does not have
/// (`exists` answers for a name, any case).
pub fn scope_map_missing(token: &TokenInfo, exists: impl Fn(&str) -> bool) -> bool {
    token.scope_map.as_deref().is_some_and(|name| !exists(name))
}

/// A registry's scope-map names, for `exists` above: one lookup per token
/// however many maps there are (a Premium registry may have 50,000).
pub fn scope_map_names(scope_maps: &[ScopeMapInfo]) -> HashSet<String> {
    scope_maps
        .iter()
        .map(|m| m.name.to_ascii_lowercase())
        .collect()
}

/// A registry-level finding (`--with-registries`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistryWarning {
    pub subscription: String,
    pub resource_group: String,
    pub registry: String,
    pub login_server: String,
    pub warning: &'static str,
    pub message: String,
}

fn rfc3339(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The rows of `tokens`, checked for dangling references against the
/// registry's scope maps as listed with them (`map_exists`, any case).
pub fn rows(
    registry: &RegistryInfo,
    tokens: &[TokenInfo],
    map_exists: impl Fn(&str) -> bool,
    now: DateTime<Utc>,
    thresholds: Thresholds,
) -> Vec<AuditRow> {
    tokens
        .iter()
        .map(|t| {
            let passwords: Vec<PasswordRow> = Slot::BOTH
                .iter()
                .filter_map(|slot| t.password(*slot))
                .map(|p| PasswordRow {
                    name: p.slot.as_str(),
                    created: rfc3339(p.created),
                    expiry: rfc3339(
                        p.expiry
                            .filter(|_| !crate::domain::expiry::is_never(p.expiry)),
                    ),
                    state: classify_password(p.expiry, now, thresholds),
                    expiry_at: p.expiry,
                })
                .collect();
            AuditRow {
                subscription: registry.registry.subscription.clone(),
                resource_group: registry.registry.resource_group.clone(),
                registry: registry.registry.name.clone(),
                login_server: registry.login_server.clone(),
                token: t.name.clone(),
                status: if t.enabled { "enabled" } else { "disabled" },
                scope_map: t.scope_map.clone(),
                created: rfc3339(t.created),
                passwords,
                state: t.state(now, thresholds),
                findings: if scope_map_missing(t, &map_exists) {
                    vec![DANGLING_SCOPE_MAP]
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// Admin-user warnings for the registries given.
pub fn registry_warnings(registries: &[RegistryInfo]) -> Vec<RegistryWarning> {
    registries
        .iter()
        .filter(|r| r.admin_user_enabled)
        .map(|r| RegistryWarning {
            subscription: r.registry.subscription.clone(),
            resource_group: r.registry.resource_group.clone(),
            registry: r.registry.name.clone(),
            login_server: r.login_server.clone(),
            warning: "admin-user-enabled",
            message: "the admin user has full push/pull/delete rights and one shared password; disable it and use tokens".into(),
        })
        .collect()
}

/// Worst state first, then the soonest expiry (none last), then registry and token name.
pub fn sort(rows: &mut [AuditRow]) {
    rows.sort_by_cached_key(|r| {
        let soonest = r.passwords.iter().filter_map(|p| p.expiry_at).min();
        (
            r.state,
            soonest.is_none(),
            soonest,
            r.registry.clone(),
            r.token.clone(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::{PasswordInfo, RegistryRef};
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn registry() -> RegistryInfo {
        RegistryInfo {
            registry: RegistryRef {
                subscription: "s".into(),
                resource_group: "rg".into(),
                name: "reg".into(),
            },
            location: "westeurope".into(),
            sku: "Standard".into(),
            login_server: "reg.azurecr.io".into(),
            admin_user_enabled: true,
            created: None,
            role_assignment_mode: None,
        }
    }

    fn maps() -> impl Fn(&str) -> bool {
        let names = scope_map_names(&[ScopeMapInfo {
            name: "Map".into(),
            description: None,
            system: false,
            actions: vec!["repositories/a/content/read".into()],
            created: None,
            provisioning_state: None,
        }]);
        move |n: &str| names.contains(&n.to_ascii_lowercase())
    }

    fn token(name: &str, enabled: bool, expiries: &[Option<i64>]) -> TokenInfo {
        TokenInfo {
            name: name.into(),
            enabled,
            scope_map: Some("map".into()),
            scope_map_id: None,
            created: Some(now() - Duration::days(100)),
            passwords: expiries
                .iter()
                .zip(Slot::BOTH)
                .map(|(e, slot)| PasswordInfo {
                    slot,
                    created: Some(now() - Duration::days(10)),
                    expiry: e.map(|d| now() + Duration::days(d)),
                })
                .collect(),
            provisioning_state: None,
            problem: None,
        }
    }

    #[test]
    fn rows_sort_worst_first_then_soonest() {
        let tokens = [
            token("ok-one", true, &[Some(200)]),
            token("warn-late", true, &[Some(25)]),
            token("warn-soon", true, &[Some(10)]),
            token("expired", true, &[Some(-1), Some(100)]),
            token("off", false, &[Some(-9)]),
            token("never", true, &[None]),
            token("empty", true, &[]),
        ];
        let mut r = rows(&registry(), &tokens, maps(), now(), Thresholds::default());
        sort(&mut r);
        let order: Vec<_> = r.iter().map(|r| r.token.as_str()).collect();
        assert_eq!(
            order,
            [
                "expired",
                "warn-soon",
                "warn-late",
                "never",
                "empty",
                "ok-one",
                "off"
            ]
        );
    }

    #[test]
    fn csv_has_both_password_columns_and_quotes() {
        let r = rows(
            &registry(),
            &[token("a,b", true, &[Some(3)])],
            maps(),
            now(),
            Thresholds::default(),
        );
        let csv = to_csv(&r).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), CSV_HEADER.join(","));
        let row = lines.next().unwrap();
        assert!(row.contains("\"a,b\""), "{row}");
        assert!(row.ends_with(",critical,,,,"), "{row}");
    }

    #[test]
    fn table_is_plain_without_colour_and_lists_admin_registries() {
        let r = rows(
            &registry(),
            &[token("tok-1", true, &[Some(-2)])],
            maps(),
            now(),
            Thresholds::default(),
        );
        let t = to_table(&r, &registry_warnings(&[registry()]), now(), false);
        assert!(!t.contains('\x1b'));
        assert!(t.contains("expired 2d ago"), "{t}");
        assert!(t.contains("admin user enabled"), "{t}");
        assert!(to_table(&r, &[], now(), true).contains("\x1b[1;31m"));
    }

    #[test]
    fn a_token_whose_scope_map_is_gone_is_a_finding_in_every_format() {
        let mut gone = token("orphan", true, &[Some(100)]);
        gone.scope_map = Some("deleted-map".into());
        let tokens = [token("fine", true, &[Some(100)]), gone];
        let r = rows(&registry(), &tokens, maps(), now(), Thresholds::default());
        assert!(r[0].findings.is_empty());
        assert_eq!(r[1].findings, [DANGLING_SCOPE_MAP]);
        let json = to_json(&r);
        assert!(
            json.contains("\"findings\": [\n      \"dangling-scope-map\""),
            "{json}"
        );
        let csv = to_csv(&r).unwrap();
        assert!(
            csv.lines().nth(2).unwrap().ends_with(",dangling-scope-map"),
            "{csv}"
        );
        let table = to_table(&r, &[], now(), false);
        assert!(table.contains("deleted-map (deleted)"), "{table}");
    }
}
