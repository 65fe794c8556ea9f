//! Registry create (PUT) and delete, as users' scripts run them first and
//! last. Both are long-running, as the spec describes them: PUT answers 201
//! with `Azure-AsyncOperation`, DELETE 202 with `Location`. The emulator has
//! no resource-group resources: a PUT into any group creates it implicitly.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::Utc;
use serde_json::Value;

use super::json as render;
use super::lro::Effect;
use super::reply::{ApiError, ApiResult, Reply};
use super::routes::RegistryPath;
use super::server::Ctx;
use super::shapes::registry_shape;
use super::store::{Registry, RoleAssignmentMode, Sku};

fn bad(message: String) -> ApiError {
    ApiError::bad_request("InvalidRequestContent", message)
}

/// `properties.roleAssignmentMode` of a PUT or PATCH body, read only at the
/// api-versions whose model has it: at older ones the service's model has no
/// such member and the value is dropped, as it drops any unknown property.
pub fn role_assignment_mode_of(
    body: &Value,
    api_version: &str,
) -> Result<Option<RoleAssignmentMode>, ApiError> {
    if !registry_shape(api_version).role_assignment_mode {
        return Ok(None);
    }
    match body.pointer("/properties/roleAssignmentMode") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => RoleAssignmentMode::parse(s).map(Some).ok_or_else(|| {
            bad(format!(
                "The value '{s}' is not valid for roleAssignmentMode: use AbacRepositoryPermissions or LegacyRegistryPermissions."
            ))
        }),
        Some(other) => Err(bad(format!(
            "roleAssignmentMode must be a string, not {other}."
        ))),
    }
}

/// PUT on a registry: create it (201 + Azure-AsyncOperation), or, for one
/// that exists at that id, update its SKU, tags and admin user (200).
/// What a registry PUT asks for, checked as ARM checks it.
struct Wanted {
    location: String,
    sku: Sku,
    admin: Option<bool>,
    tags: Option<BTreeMap<String, String>>,
}

fn wanted(body: &Value, r: &RegistryPath) -> Result<Wanted, ApiError> {
    let location = body
        .get("location")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("location is required, e.g. \"westeurope\".".into()))?;
    let sku_name = body
        .pointer("/sku/name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let sku = Sku::parse(sku_name).ok_or_else(|| {
        ApiError::bad_request(
            "InvalidSkuName",
            format!("The SKU '{sku_name}' is not valid. Use Basic, Standard or Premium."),
        )
    })?;
    if !(5..=50).contains(&r.name.len()) || !r.name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request(
            "InvalidResourceName",
            format!(
                "The resource name '{}' is invalid: a registry name has 5 to 50 letters and digits.",
                r.name
            ),
        ));
    }
    Ok(Wanted {
        location: location.to_string(),
        sku,
        admin: body
            .pointer("/properties/adminUserEnabled")
            .and_then(Value::as_bool),
        tags: body.get("tags").and_then(Value::as_object).map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        }),
    })
}

/// Login servers are global: a new registry's name may not be in use
/// anywhere.
fn name_free(ctx: &Ctx<'_>, name: &str) -> Result<(), ApiError> {
    if ctx
        .state
        .store
        .registries
        .values()
        .any(|x| x.name.eq_ignore_ascii_case(name))
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "AlreadyInUse",
            format!(
                "The registry DNS name {}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability",
                name.to_ascii_lowercase()
            ),
        ));
    }
    Ok(())
}

pub fn put(ctx: &mut Ctx<'_>, r: &RegistryPath) -> ApiResult {
    let body = ctx.body()?.clone();
    let api_version = ctx.api_version.clone();
    let w = wanted(&body, r)?;
    if !ctx.state.store.has_subscription(&r.sub) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "SubscriptionNotFound",
            format!("The subscription '{}' could not be found.", r.sub),
        ));
    }
    let mode = role_assignment_mode_of(&body, &api_version)?;
    let before = ctx
        .state
        .store
        .registry(&r.sub, &r.rg, &r.name)
        .map(|x| x.system_data.clone());
    let system_data = Some(ctx.system_data(before.flatten().as_ref()));
    if let Some(existing) = ctx.state.store.registry_mut(&r.sub, &r.rg, &r.name) {
        existing.system_data = system_data;
        if let Some(m) = mode {
            existing.role_assignment_mode = m;
        }
        existing.sku = w.sku;
        if let Some(a) = w.admin {
            existing.admin_user_enabled = a;
        }
        if let Some(t) = w.tags {
            existing.tags = t;
        }
        return Ok(Reply::ok(render::registry(existing, &api_version)));
    }
    name_free(ctx, &r.name)?;
    let mut registry = Registry::new(&r.sub, &r.rg, &r.name, &w.location, w.sku, Utc::now());
    registry.admin_user_enabled = w.admin.unwrap_or(false);
    registry.role_assignment_mode = mode.unwrap_or_default();
    registry.system_data = system_data;
    if let Some(t) = w.tags {
        registry.tags = t;
    }
    let answer = render::registry(&registry, &api_version);
    let id = registry.id();
    ctx.state.store.add_registry(registry);
    let op = start(ctx, Effect::Result);
    let reply = Reply::with(StatusCode::CREATED, Some(answer));
    Ok(ctx.async_headers(reply, &id, &op))
}

/// DELETE on a registry: 202 + Location; gone when the operation completes.
/// A registry that does not exist is 204, as ARM answers deletes.
pub fn delete(ctx: &mut Ctx<'_>, r: &RegistryPath) -> ApiResult {
    let Some(registry) = ctx.state.store.registry(&r.sub, &r.rg, &r.name) else {
        return Ok(Reply::with(StatusCode::NO_CONTENT, None));
    };
    let (key, region) = (
        registry.id().to_ascii_lowercase(),
        registry.location.clone(),
    );
    let op = start(ctx, Effect::RemoveRegistry { registry_key: key });
    let reply = Reply::with(StatusCode::ACCEPTED, None);
    Ok(ctx.location_header(reply, &r.sub, &region, &op))
}

fn start(ctx: &mut Ctx<'_>, effect: Effect) -> String {
    let config = &ctx.shared.config;
    ctx.state
        .ops
        .start(effect, config.lro_polls, config.lro_max_duration, None)
}
