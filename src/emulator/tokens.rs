//! Tokens: list, get, create (PUT, 201 + Azure-AsyncOperation, `Creating`),
//! update (PATCH, `Updating`), delete (202 + Location), and generateCredentials.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::lro::{Effect, Kind};
use super::password_hash::PasswordHash;
use super::reply::{ApiError, ApiResult, Reply};
use super::routes::RegistryPath;
use super::server::Ctx;
use super::store::{PasswordMeta, Provisioning, Registry, Store, Token, random_password};
use super::{json as render, registries};
use crate::domain::names::check_token_name;

const TYPE: &str = "Microsoft.ContainerRegistry/registries/tokens";
const SLOTS: [&str; 2] = ["password1", "password2"];

pub fn list(ctx: &Ctx<'_>, path: &str, r: &RegistryPath) -> ApiResult {
    let reg = registries::find(ctx, r)?;
    // In the order they were created, not by name (ties in name order).
    // In creation order (listed.rs keeps it), rendering only the page's own.
    let keys = reg.tokens.in_creation_order();
    Ok(ctx.page_of(path, keys, |k| match reg.tokens.get(k) {
        Some(t) => render::token(reg, t),
        None => Value::Null, // never: the keys are the map's own
    }))
}

pub fn get(ctx: &Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    let reg = registries::find(ctx, r)?;
    let token = reg
        .tokens
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| ApiError::not_found(TYPE, name))?;
    Ok(Reply::ok(render::token(reg, token)))
}

fn status_of(body: &Value) -> Result<Option<bool>, ApiError> {
    match body.pointer("/properties/status") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("enabled") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("disabled") => Ok(Some(false)),
        Some(other) => Err(ApiError::bad_request(
            "InvalidParameter",
            format!("properties.status must be 'enabled' or 'disabled', not {other}."),
        )),
    }
}

/// Resolves `properties.scopeMapId` to a scope map of this registry.
fn scope_map_of(reg: &Registry, body: &Value) -> Result<Option<String>, ApiError> {
    let Some(v) = body
        .pointer("/properties/scopeMapId")
        .filter(|v| !v.is_null())
    else {
        return Ok(None);
    };
    let id = v.as_str().unwrap_or_default();
    let key = reg.scope_map_key_for_id(id).ok_or_else(|| {
        ApiError::bad_request(
            "InvalidScopeMapId",
            format!("The scope map '{id}' does not exist in registry '{}'. Use the id of one of its scope maps.", reg.name),
        )
    })?;
    Ok(Some(reg.scope_map_id(&reg.scope_maps[&key].name)))
}

/// `properties.credentials.passwords`: the slots to keep (a PATCH without a slot deletes it).
fn kept_slots(body: &Value) -> Result<Option<Vec<String>>, ApiError> {
    let Some(list) = body
        .pointer("/properties/credentials/passwords")
        .filter(|v| !v.is_null())
    else {
        return Ok(None);
    };
    let list = list.as_array().ok_or_else(|| {
        ApiError::bad_request(
            "InvalidRequestContent",
            "properties.credentials.passwords must be an array.",
        )
    })?;
    list.iter()
        .map(|p| match p.get("name").and_then(Value::as_str) {
            Some(n) if SLOTS.contains(&n) => Ok(n.to_string()),
            _ => Err(ApiError::bad_request(
                "InvalidParameter",
                "Each password needs a name of 'password1' or 'password2'.",
            )),
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// PUT: create (or replace scope map and status, keeping passwords).
pub fn create(ctx: &mut Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    check_token_name(name).map_err(|e| {
        ApiError::bad_request(
            "InvalidResourceName",
            format!("The resource name '{name}' is invalid: {e}."),
        )
    })?;
    let body = ctx.body()?.clone();
    let status = status_of(&body)?;
    let reg = registries::find(ctx, r)?;
    let scope_map_id = scope_map_of(reg, &body)?.ok_or_else(|| {
        ApiError::bad_request(
            "InvalidRequestContent",
            "properties.scopeMapId is required.",
        )
    })?;
    let key = name.to_ascii_lowercase();
    let exists = reg.tokens.contains_key(&key);
    if !exists && reg.tokens.len() >= reg.sku.limit() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "QuotaExceeded",
            format!(
                "The registry '{}' ({} tier) already has {} tokens, the tier's limit. Delete unused tokens or move to a higher tier.",
                reg.name,
                reg.sku.as_str(),
                reg.sku.limit()
            ),
        ));
    }
    let before = reg.tokens.get(&key).and_then(|t| t.system_data.clone());
    let system_data = ctx.system_data(before.as_ref());
    let reg = registries::find_mut(ctx, r)?;
    let token = reg.tokens.get_or_insert_with(key.clone(), || Token {
        name: name.to_string(),
        scope_map_id: String::new(),
        enabled: true,
        created: Utc::now(),
        passwords: Vec::new(),
        state: Provisioning::Creating,
        system_data: None,
    });
    token.system_data = Some(system_data);
    token.scope_map_id = scope_map_id;
    token.enabled = status.unwrap_or(if exists { token.enabled } else { true });
    token.state = if exists {
        Provisioning::Updating
    } else {
        Provisioning::Creating
    };
    finish_async(ctx, r, key)
}

/// Registers the operation that moves the token to `Succeeded`; 201 + headers.
fn finish_async(ctx: &mut Ctx<'_>, r: &RegistryPath, key: String) -> ApiResult {
    let polls = ctx.shared.config.lro_polls;
    let max = ctx.shared.config.lro_max_duration;
    let reg = registries::find(ctx, r)?;
    let token = &reg.tokens[&key];
    let id = reg.token_id(&token.name);
    let rendered = render::token(reg, token);
    let registry_key = Store::registry_key(&reg.subscription, &reg.resource_group, &reg.name);
    let effect = Effect::Succeed {
        registry_key,
        kind: Kind::Token,
        key,
    };
    let op = ctx.state.ops.start(effect, polls, max, None);
    Ok(ctx.async_headers(Reply::with(StatusCode::CREATED, Some(rendered)), &id, &op))
}

/// PATCH: status, scope map, and the password slots to keep.
pub fn update(ctx: &mut Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    let body = ctx.body()?.clone();
    let status = status_of(&body)?;
    let keep = kept_slots(&body)?;
    let reg = registries::find(ctx, r)?;
    let key = name.to_ascii_lowercase();
    if !reg.tokens.contains_key(&key) {
        return Err(ApiError::not_found(TYPE, name));
    }
    let scope_map_id = scope_map_of(reg, &body)?;
    let system_data = ctx.system_data(reg.tokens[&key].system_data.as_ref());
    let reg = registries::find_mut(ctx, r)?;
    let token = reg
        .tokens
        .get_mut(&key)
        .ok_or_else(|| ApiError::not_found(TYPE, name))?;
    if let Some(id) = scope_map_id {
        token.scope_map_id = id;
    }
    if let Some(enabled) = status {
        token.enabled = enabled;
    }
    if let Some(keep) = keep {
        token.passwords.retain(|p| keep.contains(&p.name));
    }
    token.system_data = Some(system_data);
    token.state = Provisioning::Updating;
    finish_async(ctx, r, key)
}

/// DELETE: 202 + Location; 404 afterwards. Missing: 204.
pub fn delete(ctx: &mut Ctx<'_>, r: &RegistryPath, name: &str) -> ApiResult {
    let polls = ctx.shared.config.lro_polls;
    let max = ctx.shared.config.lro_max_duration;
    let reg = registries::find_mut(ctx, r)?;
    let (sub, region) = (reg.subscription.clone(), reg.location.clone());
    let registry_key = Store::registry_key(&reg.subscription, &reg.resource_group, &reg.name);
    let key = name.to_ascii_lowercase();
    let Some(token) = reg.tokens.get_mut(&key) else {
        return Ok(Reply::with(StatusCode::NO_CONTENT, None));
    };
    token.state = Provisioning::Deleting;
    let effect = Effect::Remove {
        registry_key,
        kind: Kind::Token,
        key,
    };
    let op = ctx.state.ops.start(effect, polls, max, None);
    Ok(ctx.location_header(Reply::with(StatusCode::ACCEPTED, None), &sub, &region, &op))
}

/// POST generateCredentials `{tokenId, name?, expiry?}`: new values for one slot
/// (or both), shown only in this answer. 200 with the body, or 202 + Location.
pub fn generate_credentials(ctx: &mut Ctx<'_>, r: &RegistryPath) -> ApiResult {
    let body = ctx.body()?.clone();
    let token_id = body
        .get("tokenId")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("InvalidRequestContent", "tokenId is required."))?;
    let slots = requested_slots(body.get("name"))?;
    let expiry = parse_expiry(body.get("expiry"))?;
    let reg = registries::find_mut(ctx, r)?;
    let key = token_key(reg, token_id)?;
    let token = reg
        .tokens
        .get_mut(&key)
        .ok_or_else(|| ApiError::not_found(TYPE, &key))?;
    let passwords = new_passwords(token, &slots, expiry);
    let result = json!({"username": token.name, "passwords": passwords});
    if !ctx.generate_async() {
        return Ok(Reply::ok(result));
    }
    generated_later(ctx, r, result)
}

/// `name` absent or null: both slots; otherwise exactly one of them.
fn requested_slots(name: Option<&Value>) -> Result<Vec<&'static str>, ApiError> {
    match name {
        None | Some(Value::Null) => Ok(SLOTS.to_vec()),
        Some(Value::String(n)) if SLOTS.contains(&n.as_str()) => {
            Ok(vec![SLOTS[usize::from(n == "password2")]])
        }
        Some(other) => Err(ApiError::bad_request(
            "InvalidParameter",
            format!("name must be 'password1' or 'password2', not {other}."),
        )),
    }
}

/// The token `tokenId` names, which must be one of this registry's.
fn token_key(reg: &Registry, token_id: &str) -> Result<String, ApiError> {
    let prefix = format!("{}/tokens/", reg.id().to_ascii_lowercase());
    token_id
        .to_ascii_lowercase()
        .strip_prefix(&prefix)
        .map(str::to_string)
        .filter(|k| reg.tokens.contains_key(k))
        .ok_or_else(|| ApiError::not_found(TYPE, token_id.rsplit('/').next().unwrap_or(token_id)))
}

fn new_passwords(token: &mut Token, slots: &[&str], expiry: Option<DateTime<Utc>>) -> Vec<Value> {
    let now = Utc::now();
    slots
        .iter()
        .map(|slot| {
            // The value is shown once; only its salted hash stays, for the
            // token service to check logins against.
            let value = zeroize::Zeroizing::new(random_password());
            let meta = PasswordMeta {
                hash: Some(PasswordHash::of(&value)),
                name: slot.to_string(),
                created: now,
                expiry,
            };
            token.set_password(meta.clone());
            let mut shown: Map<String, Value> = match render::password_meta(&meta) {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            shown.insert("value".into(), json!(value.as_str()));
            Value::Object(shown)
        })
        .collect()
}

/// The asynchronous form: 202 + Location; the result comes with the operation.
fn generated_later(ctx: &mut Ctx<'_>, r: &RegistryPath, result: Value) -> ApiResult {
    let location = format!(
        "{}{}/operationStatuses/",
        ctx.base,
        registries::find(ctx, r)?.id()
    );
    let polls = ctx.shared.config.lro_polls;
    let op = ctx.state.ops.start(
        Effect::Result,
        polls,
        ctx.shared.config.lro_max_duration,
        Some(result),
    );
    Ok(Reply::with(StatusCode::ACCEPTED, None)
        .header(
            "Location",
            format!("{location}{op}?api-version={}", ctx.api_version),
        )
        .header(
            "Retry-After",
            ctx.shared.config.retry_after_secs.to_string(),
        ))
}

fn parse_expiry(v: Option<&Value>) -> Result<Option<DateTime<Utc>>, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(|_| {
                ApiError::bad_request(
                    "InvalidParameter",
                    format!(
                        "expiry '{s}' is not an RFC 3339 date-time such as 2026-12-31T00:00:00Z."
                    ),
                )
            }),
        Some(other) => Err(ApiError::bad_request(
            "InvalidParameter",
            format!("expiry must be a string, not {other}."),
        )),
    }
}
