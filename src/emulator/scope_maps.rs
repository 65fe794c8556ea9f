//! Scope maps: list, get, create (PUT, synchronous 200), update (PATCH, 201 +
//! Azure-AsyncOperation), delete (202 + Location). System maps are read-only.

use axum::http::StatusCode;
use serde_json::Value;

use super::lro::{Effect, Kind};
use super::reply::{ApiError, ApiResult, Reply};
use super::routes::RegistryPath;
use super::server::Ctx;
use super::store::{Provisioning, Registry, ScopeMap, Store};
use super::{json as render, registries};
use crate::domain::names::{check_scope_map_name, is_system_scope_map};
use crate::domain::rules::validate;

const TYPE: &str = "Microsoft.ContainerRegistry/registries/scopeMaps";
const MAX_DESCRIPTION: usize = 256;

pub fn list(ctx: &Ctx<'_>, path: &str, r: &RegistryPath) -> ApiResult {
    let reg = registries::find(ctx, r)?;
    // In the order they were created (the system maps, made with the registry,
    // first), not by name; ties in name order.
    // In creation order (listed.rs keeps it), rendering only the page's own.
    let keys = reg.scope_maps.in_creation_order();
    Ok(ctx.page_of(path, keys, |k| match reg.scope_maps.get(k) {
        Some(t) => render::scope_map(reg, t),
        None => Value::Null, // never: the keys are the map's own
    }))
}

pub fn get(ctx: &Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    let reg = registries::find(ctx, r)?;
    let map = reg
        .scope_maps
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| ApiError::not_found(TYPE, name))?;
    Ok(Reply::ok(render::scope_map(reg, map)))
}

fn read_only(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "OperationNotAllowed",
        format!(
            "The scope map '{name}' is system defined and cannot be changed or deleted. Create a user-defined scope map instead."
        ),
    )
}

/// `properties.actions` (validated by the service's rules) if present.
fn actions_of(body: &Value) -> Result<Option<Vec<String>>, ApiError> {
    let Some(v) = body.pointer("/properties/actions").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let actions: Vec<String> = serde_json::from_value(v.clone()).map_err(|_| {
        ApiError::bad_request(
            "InvalidRequestContent",
            "properties.actions must be an array of strings.",
        )
    })?;
    if let Some(d) = validate(&actions).into_iter().find(|d| d.is_error()) {
        let which = d.action.map(|a| format!("'{a}': ")).unwrap_or_default();
        return Err(ApiError::bad_request(
            "InvalidScopeMapAction",
            format!("{which}{}", d.message),
        ));
    }
    Ok(Some(actions))
}

fn description_of(body: &Value) -> Result<Option<String>, ApiError> {
    match body.pointer("/properties/description") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= MAX_DESCRIPTION => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(ApiError::bad_request(
            "InvalidParameter",
            format!("The scope map description is longer than {MAX_DESCRIPTION} characters."),
        )),
        Some(_) => Err(ApiError::bad_request(
            "InvalidRequestContent",
            "properties.description must be a string.",
        )),
    }
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if is_system_scope_map(&name.to_ascii_lowercase()) {
        return Err(read_only(name));
    }
    check_scope_map_name(name).map_err(|e| {
        ApiError::bad_request(
            "InvalidResourceName",
            format!("The resource name '{name}' is invalid: {e}."),
        )
    })
}

/// PUT: create or replace, answered synchronously with 200 (as the live service does).
pub fn create(ctx: &mut Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    check_name(name)?;
    let body = ctx.body()?.clone();
    let actions = actions_of(&body)?.ok_or_else(|| {
        ApiError::bad_request("InvalidRequestContent", "properties.actions is required.")
    })?;
    let description = description_of(&body)?;
    let key = name.to_ascii_lowercase();
    let before = registries::find(ctx, r)?
        .scope_maps
        .get(&key)
        .and_then(|s| s.system_data.clone());
    let system_data = Some(ctx.system_data(before.as_ref()));
    let reg = registries::find_mut(ctx, r)?;
    let created = match reg.scope_maps.get(&key) {
        Some(existing) => existing.created,
        None => {
            check_quota(reg)?;
            chrono::Utc::now()
        }
    };
    let display_name = reg
        .scope_maps
        .get(&key)
        .map_or(name.to_string(), |s| s.name.clone());
    reg.scope_maps.insert(
        key.clone(),
        ScopeMap {
            name: display_name,
            description,
            actions,
            system: false,
            created,
            state: Provisioning::Succeeded,
            system_data,
        },
    );
    Ok(Reply::ok(render::scope_map(reg, &reg.scope_maps[&key])))
}

fn check_quota(reg: &Registry) -> Result<(), ApiError> {
    if reg.user_scope_map_count() >= reg.sku.limit() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "QuotaExceeded",
            format!(
                "The registry '{}' ({} tier) already has {} scope maps, the tier's limit. Delete unused scope maps or move to a higher tier.",
                reg.name,
                reg.sku.as_str(),
                reg.sku.limit()
            ),
        ));
    }
    Ok(())
}

/// PATCH: 201 + Azure-AsyncOperation; the body already shows the new values, `Updating`.
pub fn update(ctx: &mut Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    let key = name.to_ascii_lowercase();
    if is_system_scope_map(&key) {
        registries::find(ctx, r)?;
        return Err(read_only(name));
    }
    let body = ctx.body()?.clone();
    let actions = actions_of(&body)?;
    let description = description_of(&body)?;
    let polls = ctx.shared.config.lro_polls;
    let max = ctx.shared.config.lro_max_duration;
    let before = registries::find(ctx, r)?
        .scope_maps
        .get(&key)
        .and_then(|s| s.system_data.clone());
    let system_data = ctx.system_data(before.as_ref());
    let reg = registries::find_mut(ctx, r)?;
    let registry_key = Store::registry_key(&reg.subscription, &reg.resource_group, &reg.name);
    let map = reg
        .scope_maps
        .get_mut(&key)
        .ok_or_else(|| ApiError::not_found(TYPE, name))?;
    map.system_data = Some(system_data);
    if let Some(actions) = actions {
        map.actions = actions;
    }
    if description.is_some() {
        map.description = description;
    }
    map.state = Provisioning::Updating;
    let map_name = map.name.clone();
    let id = reg.scope_map_id(&map_name);
    let rendered = render::scope_map(reg, &reg.scope_maps[&key]);
    let effect = Effect::Succeed {
        registry_key,
        kind: Kind::ScopeMap,
        key,
    };
    let op = ctx.state.ops.start(effect, polls, max, None);
    Ok(ctx.async_headers(Reply::with(StatusCode::CREATED, Some(rendered)), &id, &op))
}

/// DELETE: 202 + Location; gone once the operation completes. Missing: 204.
pub fn delete(ctx: &mut Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    let key = name.to_ascii_lowercase();
    if is_system_scope_map(&key) {
        registries::find(ctx, r)?;
        return Err(read_only(name));
    }
    let polls = ctx.shared.config.lro_polls;
    let max = ctx.shared.config.lro_max_duration;
    let reg = registries::find_mut(ctx, r)?;
    let (sub, region) = (reg.subscription.clone(), reg.location.clone());
    let registry_key = Store::registry_key(&reg.subscription, &reg.resource_group, &reg.name);
    let Some(map) = reg.scope_maps.get_mut(&key) else {
        return Ok(Reply::with(StatusCode::NO_CONTENT, None));
    };
    map.state = Provisioning::Deleting;
    let effect = Effect::Remove {
        registry_key,
        kind: Kind::ScopeMap,
        key,
    };
    let op = ctx.state.ops.start(effect, polls, max, None);
    Ok(ctx.location_header(Reply::with(StatusCode::ACCEPTED, None), &sub, &region, &op))
}
