//! Azure Key Vault's secrets data plane (issue 17), enough for a sink that
//! writes a token's new password as a secret: set a secret (a new version),
//! get the latest or a given version, list versions; `exp`, `nbf`,
//! `contentType` and tags. Served by Host, `<vault>.vault.azure.net`, on the
//! emulator's port, as login servers are. Not emulated: soft delete, backup,
//! keys and certificates, paging of versions (one page), RBAC beyond a
//! vault's seeded `secretOfficers`.
//!
//! Authentication as Key Vault does it: a request without a bearer token
//! gets 401 with the challenge naming the authority (the emulator's own
//! Entra endpoint, so no client is sent elsewhere) and the resource
//! `https://vault.azure.net`; with `--strict-auth` only a token the emulator
//! issued for that audience is accepted. A caller the vault does not list
//! gets 403 `ForbiddenByRbac`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::key_vault_store::{SecretValue, SecretVersion, Vault};
use super::{Shared, lock};

pub const VAULT_AUDIENCE: &str = "https://vault.azure.net";
const MAX_BODY: usize = 1 << 20;

/// The vault a request is for, by its Host (`<vault>.vault.azure.net`).
pub fn vault_for(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let (_, host) = super::host_routes::request_host(headers, uri)?;
    let name = host.strip_suffix(".vault.azure.net")?;
    (!name.is_empty() && !name.contains('.')).then(|| name.to_string())
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({"error": {"code": code, "message": message}});
    (status, axum::Json(body)).into_response()
}

fn challenge(shared: &Shared, message: &str) -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, "Unauthorized", message);
    let tenant = lock(&shared.state).store.tenant_id.clone();
    let value = format!(
        "Bearer authorization=\"{}/{tenant}\", resource=\"{VAULT_AUDIENCE}\"",
        shared.base
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().insert("www-authenticate", v);
    }
    response
}

/// Who is calling (a token's `oid`, None for one naming nobody), or why
/// not (answered with the challenge).
fn caller(shared: &Shared, headers: &HeaderMap) -> Result<Option<String>, String> {
    let token = super::auth::bearer(headers);
    if token.is_empty() {
        return Err("AKV10000: Request is missing a Bearer or PoP token.".into());
    }
    if let Some(strict) = &shared.config.strict_auth {
        return match super::auth::issued_for(shared, token, VAULT_AUDIENCE) {
            Ok(()) => Ok(Some(strict.client_id.clone())),
            Err(why) => Err(why),
        };
    }
    Ok(super::data_plane::entra_access::unverified_oid(token))
}

pub async fn serve(shared: Arc<Shared>, vault: String, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let principal = match caller(&shared, &parts.headers) {
        Ok(p) => p,
        Err(why) => return challenge(&shared, &why),
    };
    if !parts
        .uri
        .query()
        .unwrap_or_default()
        .contains("api-version=")
    {
        return error(
            StatusCode::BAD_REQUEST,
            "BadParameter",
            "The api-version query parameter is missing.",
        );
    }
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BadParameter",
                "The request body is too large.",
            );
        }
    };
    let segments: Vec<&str> = parts.uri.path().trim_matches('/').split('/').collect();
    let mut state = lock(&shared.state);
    let Some(v) = state.store.vaults.get_mut(&vault) else {
        let message = format!("The emulator has no vault {vault} (seed it under keyVaults).");
        return error(StatusCode::NOT_FOUND, "VaultNotFound", &message);
    };
    if !v.allows(principal.as_deref()) {
        let message = format!(
            "Caller is not authorized to perform action on resource.\r\nCaller: oid={}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/*'\r\nVault: {vault}\r\n",
            principal.unwrap_or_default()
        );
        let body = json!({"error": {"code": "Forbidden", "message": message, "innererror": {"code": "ForbiddenByRbac"}}});
        return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    }
    match (parts.method.as_str(), segments.as_slice()) {
        ("PUT", ["secrets", name]) => set(v, name, &body),
        ("GET", ["secrets", name, "versions"]) => versions(v, name),
        ("GET", ["secrets", name]) | ("GET", ["secrets", name, ""]) => get(v, name, None),
        ("GET", ["secrets", name, version]) => get(v, name, Some(version)),
        _ => error(
            StatusCode::NOT_FOUND,
            "NotFound",
            "The emulator serves secrets only: PUT/GET /secrets/NAME[/VERSION], GET /secrets/NAME/versions.",
        ),
    }
}

/// `attributes.exp`/`nbf`: seconds since 1970; Err(()) when not that.
fn time(value: Option<&Value>) -> Result<Option<DateTime<Utc>>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(Some)
            .ok_or(()),
    }
}

fn set(vault: &mut Vault, name: &str, body: &[u8]) -> Response {
    // Key Vault's rule, the one the kv:// sink checks before sending.
    if crate::key_vault::check_secret_name(name).is_err() {
        let message = format!("The request URI contains an invalid name: {name}");
        return error(StatusCode::BAD_REQUEST, "BadParameter", &message);
    }
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "BadParameter",
            "The request body is not JSON.",
        );
    };
    let Some(value) = body.get("value").and_then(Value::as_str) else {
        return error(
            StatusCode::BAD_REQUEST,
            "BadParameter",
            "Property 'value' is required.",
        );
    };
    let attributes = body.get("attributes").cloned().unwrap_or(Value::Null);
    let (Ok(not_before), Ok(expires)) = (time(attributes.get("nbf")), time(attributes.get("exp")))
    else {
        let message = "attributes.exp and attributes.nbf are seconds since 1970 (integers).";
        return error(StatusCode::BAD_REQUEST, "BadParameter", message);
    };
    let tags: BTreeMap<String, String> = body
        .get("tags")
        .and_then(Value::as_object)
        .map(|t| {
            t.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let version = SecretVersion {
        version: uuid::Uuid::new_v4().simple().to_string(),
        value: SecretValue(Zeroizing::new(value.to_string())),
        content_type: body
            .get("contentType")
            .and_then(Value::as_str)
            .map(str::to_string),
        tags,
        enabled: attributes
            .get("enabled")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        not_before,
        expires,
        created: Utc::now(),
    };
    let answer = bundle(&vault.name, name, &version, true);
    vault
        .secrets
        .entry(name.to_ascii_lowercase())
        .or_default()
        .push(version);
    (StatusCode::OK, axum::Json(answer)).into_response()
}

fn not_found(name: &str) -> Response {
    let message = format!("A secret with (name/id) {name} was not found in this key vault.");
    error(StatusCode::NOT_FOUND, "SecretNotFound", &message)
}

fn get(vault: &Vault, name: &str, version: Option<&str>) -> Response {
    let Some(versions) = vault.secrets.get(&name.to_ascii_lowercase()) else {
        return not_found(name);
    };
    let found = match version {
        None => versions.last(),
        Some(v) => versions.iter().find(|s| s.version.eq_ignore_ascii_case(v)),
    };
    match found {
        Some(s) => (
            StatusCode::OK,
            axum::Json(bundle(&vault.name, name, s, true)),
        )
            .into_response(),
        None => not_found(&format!("{name}/{}", version.unwrap_or_default())),
    }
}

fn versions(vault: &Vault, name: &str) -> Response {
    let Some(versions) = vault.secrets.get(&name.to_ascii_lowercase()) else {
        return not_found(name);
    };
    let items: Vec<Value> = versions
        .iter()
        .map(|s| bundle(&vault.name, name, s, false))
        .collect();
    (
        StatusCode::OK,
        axum::Json(json!({"value": items, "nextLink": null})),
    )
        .into_response()
}

/// A SecretBundle (with `value`) or a SecretItem (without).
fn bundle(vault: &str, name: &str, s: &SecretVersion, with_value: bool) -> Value {
    let mut attributes = Map::new();
    attributes.insert("enabled".into(), json!(s.enabled));
    attributes.insert("created".into(), json!(s.created.timestamp()));
    attributes.insert("updated".into(), json!(s.created.timestamp()));
    attributes.insert("recoveryLevel".into(), json!("Recoverable+Purgeable"));
    attributes.insert("recoverableDays".into(), json!(90));
    if let Some(e) = s.expires {
        attributes.insert("exp".into(), json!(e.timestamp()));
    }
    if let Some(n) = s.not_before {
        attributes.insert("nbf".into(), json!(n.timestamp()));
    }
    let mut out = Map::new();
    if with_value {
        out.insert("value".into(), json!(s.value.0.as_str()));
    }
    out.insert(
        "id".into(),
        json!(format!(
            "https://{vault}.vault.azure.net/secrets/{name}/{}",
            s.version
        )),
    );
    out.insert("attributes".into(), Value::Object(attributes));
    if let Some(ct) = &s.content_type {
        out.insert("contentType".into(), json!(ct));
    }
    if !s.tags.is_empty() {
        out.insert("tags".into(), json!(s.tags));
    }
    Value::Object(out)
}
