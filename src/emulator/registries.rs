//! Subscriptions list; registry list, get, update (admin user); admin credentials.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::json as render;
use super::reply::{ApiError, ApiResult, Reply};
use super::routes::RegistryPath;
use super::server::Ctx;
use super::store::{Registry, Sku};

pub fn list_subscriptions(ctx: &Ctx<'_>, path: &str) -> Reply {
    let store = &ctx.state.store;
    let items = store
        .subscriptions
        .iter()
        .map(|s| render::subscription(s, &store.tenant_id))
        .collect();
    ctx.page(path, items)
}

fn subscription_not_found(sub: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "SubscriptionNotFound",
        format!("The subscription '{sub}' could not be found."),
    )
}

pub fn list(ctx: &Ctx<'_>, path: &str, sub: &str, rg: Option<&str>) -> ApiResult {
    let store = &ctx.state.store;
    if !store.has_subscription(sub) {
        return Err(subscription_not_found(sub));
    }
    if let Some(rg) = rg.filter(|rg| !store.has_resource_group(sub, rg)) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "ResourceGroupNotFound",
            format!("Resource group '{rg}' could not be found."),
        ));
    }
    let registries: Vec<&Registry> = store
        .registries
        .values()
        .filter(|r| r.subscription.eq_ignore_ascii_case(sub))
        .filter(|r| rg.is_none_or(|rg| r.resource_group.eq_ignore_ascii_case(rg)))
        .collect();
    Ok(ctx.page_of(path, &registries, |r| render::registry(r, &ctx.api_version)))
}

/// The registry, or the 404 the service gives.
pub fn find<'s>(ctx: &'s Ctx<'_>, r: &RegistryPath) -> Result<&'s Registry, ApiError> {
    ctx.state
        .store
        .registry(&r.sub, &r.rg, &r.name)
        .ok_or_else(|| registry_not_found(ctx, r))
}

pub fn find_mut<'s>(ctx: &'s mut Ctx<'_>, r: &RegistryPath) -> Result<&'s mut Registry, ApiError> {
    if ctx.state.store.registry(&r.sub, &r.rg, &r.name).is_none() {
        return Err(registry_not_found(ctx, r));
    }
    ctx.state
        .store
        .registry_mut(&r.sub, &r.rg, &r.name)
        .ok_or_else(|| ApiError::not_found("Microsoft.ContainerRegistry/registries", &r.name))
}

fn registry_not_found(ctx: &Ctx<'_>, r: &RegistryPath) -> ApiError {
    if !ctx.state.store.has_subscription(&r.sub) {
        return subscription_not_found(&r.sub);
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        format!(
            "The Resource 'Microsoft.ContainerRegistry/registries/{}' under resource group '{}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
            r.name, r.rg
        ),
    )
}

pub fn get(ctx: &Ctx<'_>, r: &RegistryPath) -> ApiResult {
    Ok(Reply::ok(render::registry(find(ctx, r)?, &ctx.api_version)))
}

/// PATCH: `properties.adminUserEnabled`, `properties.roleAssignmentMode`
/// (where the api-version has it), `tags`, `sku.name`; answered synchronously
/// with 200, which the spec allows for this long-running operation.
pub fn update(ctx: &mut Ctx<'_>, r: &RegistryPath) -> ApiResult {
    let body = ctx.body()?.clone();
    let admin = match body.pointer("/properties/adminUserEnabled") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            return Err(ApiError::bad_request(
                "InvalidRequestContent",
                format!("properties.adminUserEnabled must be true or false, not {other}."),
            ));
        }
    };
    let sku = match body.pointer("/sku/name").and_then(Value::as_str) {
        None => None,
        Some(s) => Some(Sku::parse(s).ok_or_else(|| {
            ApiError::bad_request(
                "InvalidSkuName",
                format!("The SKU '{s}' is not valid. Use Basic, Standard or Premium."),
            )
        })?),
    };
    let tags = match body.get("tags") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(
            map.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect(),
        ),
        Some(_) => {
            return Err(ApiError::bad_request(
                "InvalidRequestContent",
                "tags must be an object of strings.",
            ));
        }
    };
    let api_version = ctx.api_version.clone();
    let mode = super::registry_lifecycle::role_assignment_mode_of(&body, &api_version)?;
    let system_data = Some(ctx.system_data(find(ctx, r)?.system_data.as_ref()));
    let registry = find_mut(ctx, r)?;
    registry.system_data = system_data;
    if let Some(mode) = mode {
        registry.role_assignment_mode = mode;
    }
    if let Some(admin) = admin {
        registry.admin_user_enabled = admin;
    }
    if let Some(sku) = sku {
        registry.sku = sku;
    }
    if let Some(tags) = tags {
        registry.tags = tags;
    }
    Ok(Reply::ok(render::registry(registry, &api_version)))
}

/// The admin user's credentials; refused while the admin user is disabled.
pub fn list_credentials(ctx: &Ctx<'_>, r: &RegistryPath) -> ApiResult {
    let registry = find(ctx, r)?;
    if !registry.admin_user_enabled {
        return Err(ApiError::bad_request(
            "AdminUserDisabled",
            format!(
                "The admin user is disabled for registry '{}'. Enable it (PATCH properties.adminUserEnabled=true) to list its credentials.",
                registry.name
            ),
        ));
    }
    Ok(Reply::ok(json!({
        "username": registry.name,
        "passwords": [
            {"name": "password", "value": registry.admin_passwords.0[0]},
            {"name": "password2", "value": registry.admin_passwords.0[1]},
        ]
    })))
}

/// `POST .../regenerateCredential {"name": "password"|"password2"}`: a new
/// admin password in that slot; the answer lists both, as listCredentials.
pub fn regenerate_credential(ctx: &mut Ctx<'_>, r: &RegistryPath) -> ApiResult {
    let slot = match ctx.body()?.get("name").and_then(Value::as_str) {
        Some(n) if n.eq_ignore_ascii_case("password") => 0,
        Some(n) if n.eq_ignore_ascii_case("password2") => 1,
        other => {
            return Err(ApiError::bad_request(
                "InvalidRequestContent",
                format!(
                    "name must be password or password2, not {}.",
                    other.map_or("missing".to_string(), |o| format!("'{o}'"))
                ),
            ));
        }
    };
    // Refused like listCredentials while the admin user is off, before anything changes.
    list_credentials(ctx, r)?;
    let registry = find_mut(ctx, r)?;
    registry.admin_passwords.0[slot] = super::store::random_password();
    list_credentials(ctx, r)
}

/// `POST /subscriptions/{sub}/providers/Microsoft.ContainerRegistry/checkNameAvailability`.
/// Registry names are global (they become `<name>.azurecr.io`): a name any
/// registry of the emulator holds is taken.
pub fn check_name_availability(ctx: &Ctx<'_>, sub: &str) -> ApiResult {
    if !ctx.state.store.has_subscription(sub) {
        return Err(subscription_not_found(sub));
    }
    let body = ctx.body()?;
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    let kind = body.get("type").and_then(Value::as_str).unwrap_or_default();
    if !kind.eq_ignore_ascii_case("Microsoft.ContainerRegistry/registries") {
        return Err(ApiError::bad_request(
            "InvalidRequestContent",
            format!("type must be Microsoft.ContainerRegistry/registries, not '{kind}'."),
        ));
    }
    let valid = (5..=50).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric());
    let taken = ctx
        .state
        .store
        .registries
        .values()
        .any(|r| r.name.eq_ignore_ascii_case(name));
    Ok(Reply::ok(if !valid {
        json!({"nameAvailable": false, "reason": "Invalid", "message": "The specified resource name must be between 5 and 50 characters and may contain only alphanumeric characters."})
    } else if taken {
        json!({"nameAvailable": false, "reason": "AlreadyExists", "message": format!("The registry {name} is already in use.")})
    } else {
        json!({"nameAvailable": true})
    }))
}
