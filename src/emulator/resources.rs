//! The generic resources list (`Microsoft.Resources`): `GET
//! /subscriptions/{sub}[/resourceGroups/{rg}]/resources?$filter=...`. az
//! uses it to find a registry's resource group from its name. The only
//! resources the emulator holds are registries.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::reply::{ApiError, ApiResult};
use super::server::Ctx;
use super::store::Registry;

/// Microsoft.Resources api-versions with a `resources` spec (azure-rest-api-specs, stable).
pub const RESOURCES_API_VERSIONS: [&str; 22] = [
    "2016-02-01",
    "2017-05-10",
    "2018-02-01",
    "2018-05-01",
    "2019-03-01",
    "2019-05-01",
    "2019-05-10",
    "2019-07-01",
    "2019-08-01",
    "2019-10-01",
    "2020-06-01",
    "2020-08-01",
    "2020-10-01",
    "2021-01-01",
    "2021-04-01",
    "2022-09-01",
    "2023-07-01",
    "2024-03-01",
    "2024-07-01",
    "2024-11-01",
    "2025-03-01",
    "2025-04-01",
];

const REGISTRY_TYPE: &str = "Microsoft.ContainerRegistry/registries";

/// One `field eq 'value'` condition of `$filter`.
struct Condition {
    field: String,
    value: String,
}

/// `resourceType eq 'X' and name eq 'Y'`: the forms az and the SDKs send.
/// Anything else is ARM's 400, naming the filter.
fn parse_filter(filter: &str) -> Result<Vec<Condition>, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "InvalidFilterInQueryString",
            format!(
                "Invalid $filter '{filter}' specified in the query string. The emulator supports resourceType eq '...' and name eq '...', joined by and."
            ),
        )
    };
    let mut out = Vec::new();
    for part in filter
        .split(" and ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (field, value) = part.split_once(" eq ").ok_or_else(bad)?;
        let value = value.trim();
        let value = value
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .ok_or_else(bad)?;
        let field = field.trim().to_ascii_lowercase();
        if field != "resourcetype" && field != "name" {
            return Err(bad());
        }
        out.push(Condition {
            field,
            value: value.to_string(),
        });
    }
    Ok(out)
}

fn keeps(r: &Registry, conditions: &[Condition]) -> bool {
    conditions.iter().all(|c| match c.field.as_str() {
        "resourcetype" => c.value.eq_ignore_ascii_case(REGISTRY_TYPE),
        _ => c.value.eq_ignore_ascii_case(&r.name),
    })
}

/// A registry as a generic resource.
fn generic(r: &Registry) -> Value {
    json!({
        "id": r.id(),
        "name": r.name,
        "type": REGISTRY_TYPE,
        "sku": {"name": r.sku.as_str(), "tier": r.sku.as_str()},
        "location": r.location,
        "tags": r.tags,
    })
}

pub fn list(ctx: &Ctx<'_>, path: &str, sub: &str, rg: Option<&str>) -> ApiResult {
    let store = &ctx.state.store;
    if !store.has_subscription(sub) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "SubscriptionNotFound",
            format!("The subscription '{sub}' could not be found."),
        ));
    }
    if let Some(rg) = rg.filter(|rg| !store.has_resource_group(sub, rg)) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "ResourceGroupNotFound",
            format!("Resource group '{rg}' could not be found."),
        ));
    }
    let conditions = match ctx.query.get("$filter") {
        Some(f) => parse_filter(f)?,
        None => Vec::new(),
    };
    let items = store
        .registries
        .values()
        .filter(|r| r.subscription.eq_ignore_ascii_case(sub))
        .filter(|r| rg.is_none_or(|rg| r.resource_group.eq_ignore_ascii_case(rg)))
        .filter(|r| keeps(r, &conditions))
        .map(generic)
        .collect();
    Ok(ctx.page(path, items))
}
