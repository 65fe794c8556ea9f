//! Microsoft.Authorization role assignments and role definitions at
//! registry, resource-group and subscription scope (api-version 2022-04-01
//! and its neighbours), and Microsoft Graph's `directoryObjects/getByIds`
//! for the principals they name. Conditions are stored verbatim.

pub mod assignments;
pub mod definitions;
pub mod graph;
pub mod seed;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::reply::ApiResult;
use super::routes::Route;
use super::server::Ctx;

/// The api-versions of `roleAssignments` and `roleDefinitions` served.
pub const API_VERSIONS: [&str; 8] = [
    "2015-07-01",
    "2018-01-01-preview",
    "2018-09-01-preview",
    "2020-04-01-preview",
    "2020-10-01-preview",
    "2022-01-01-preview",
    "2022-04-01",
    "2022-05-01-preview",
];

/// The object id `createdBy` names without `--strict-auth` (tokens are opaque).
pub const LENIENT_CALLER_ID: &str = "5c1b8f0e-6d2a-4f3b-9e8c-0a1d2b3c4d5e";

#[derive(Debug, Clone)]
pub struct RoleAssignment {
    /// A GUID.
    pub name: String,
    /// `/subscriptions/…[/resourceGroups/…[/providers/…/registries/…]]`.
    pub scope: String,
    /// The role definition's GUID, lower case.
    pub role: String,
    pub principal_id: String,
    pub principal_type: String,
    pub condition: Option<String>,
    pub condition_version: Option<String>,
    pub description: Option<String>,
    pub created_on: DateTime<Utc>,
    pub updated_on: DateTime<Utc>,
    pub created_by: String,
}

impl RoleAssignment {
    pub fn id(&self) -> String {
        assignment_id(&self.scope, &self.name)
    }
}

pub fn assignment_id(scope: &str, name: &str) -> String {
    format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}")
}

/// A directory object that role assignments name.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: String,
    /// `User`, `Group` or `ServicePrincipal`.
    pub kind: String,
    pub display_name: String,
}

/// The tenant's role assignments and principals.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Keyed by lower-cased assignment id.
    pub assignments: BTreeMap<String, RoleAssignment>,
    /// Keyed by lower-cased object id.
    pub principals: BTreeMap<String, Principal>,
}

/// Whether an assignment at `assigned` applies at `scope`: at it or above it.
pub fn at_or_above(assigned: &str, scope: &str) -> bool {
    let (a, s) = (
        assigned.trim_end_matches('/').to_ascii_lowercase(),
        scope.trim_end_matches('/').to_ascii_lowercase(),
    );
    a.is_empty() || s == a || s.starts_with(&format!("{a}/"))
}

/// Role assignments, role definitions and Graph's getByIds; None when the
/// method is not one the route takes.
pub fn route(ctx: &mut Ctx<'_>, method: &str, route: Route, path: &str) -> Option<ApiResult> {
    Some(match (method, route) {
        ("GET", Route::RoleAssignments { scope }) => assignments::list(ctx, path, &scope),
        ("GET", Route::RoleAssignment { scope, name }) => assignments::get(ctx, &scope, &name),
        ("PUT", Route::RoleAssignment { scope, name }) => assignments::put(ctx, &scope, &name),
        ("DELETE", Route::RoleAssignment { scope, name }) => {
            assignments::delete(ctx, &scope, &name)
        }
        ("GET", Route::RoleDefinitions { scope }) => definitions::list(ctx, path, &scope),
        ("GET", Route::RoleDefinition { scope, id }) => definitions::get(&scope, &id),
        ("POST", Route::GraphGetByIds) => graph::get_by_ids(ctx),
        _ => return None,
    })
}

/// The route of a path with `/providers/Microsoft.Authorization/` in it
/// (segments already split and decoded), or of Graph's getByIds.
pub fn parse_route(seg: &[&str]) -> Option<Route> {
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if let [v, d, g] = seg
        && eq(v, "v1.0")
        && eq(d, "directoryObjects")
        && eq(g, "getByIds")
    {
        return Some(Route::GraphGetByIds);
    }
    let i = seg
        .windows(2)
        .position(|w| eq(w[0], "providers") && eq(w[1], "Microsoft.Authorization"))?;
    let scope = if i == 0 {
        String::new()
    } else {
        format!("/{}", seg[..i].join("/"))
    };
    match &seg[i + 2..] {
        [r] if eq(r, "roleAssignments") => Some(Route::RoleAssignments { scope }),
        [r, name] if eq(r, "roleAssignments") => Some(Route::RoleAssignment {
            scope,
            name: name.to_string(),
        }),
        [r] if eq(r, "roleDefinitions") => Some(Route::RoleDefinitions { scope }),
        [r, id] if eq(r, "roleDefinitions") => Some(Route::RoleDefinition {
            scope,
            id: id.to_string(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_apply_at_and_below_only() {
        let reg =
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r";
        assert!(at_or_above("/subscriptions/s", reg));
        assert!(at_or_above("/subscriptions/S/resourcegroups/RG", reg));
        assert!(at_or_above(reg, reg));
        assert!(!at_or_above("/subscriptions/s/resourceGroups/rg2", reg));
        assert!(!at_or_above("/subscriptions/s2", "/subscriptions/s20"));
        assert!(!at_or_above(reg, "/subscriptions/s"), "below is not above");
    }

    #[test]
    fn authorization_paths_route_with_their_scope() {
        let seg = [
            "subscriptions",
            "s",
            "providers",
            "Microsoft.Authorization",
            "roleAssignments",
            "g",
        ];
        assert_eq!(
            parse_route(&seg),
            Some(Route::RoleAssignment {
                scope: "/subscriptions/s".into(),
                name: "g".into()
            })
        );
        let root = [
            "providers",
            "Microsoft.Authorization",
            "roleDefinitions",
            "x",
        ];
        assert_eq!(
            parse_route(&root),
            Some(Route::RoleDefinition {
                scope: String::new(),
                id: "x".into()
            })
        );
        assert_eq!(
            parse_route(&["v1.0", "directoryObjects", "getByIds"]),
            Some(Route::GraphGetByIds)
        );
        assert_eq!(parse_route(&["subscriptions", "s"]), None);
    }
}
