//! Bearer-token checks and the Entra ID token endpoint
//! (`POST /<tenant>/oauth2/v2.0/token`, client-credentials grant).
//!
//! Strict mode is as strict as ARM and Entra: a token is issued only under
//! the emulator's tenant and only for a `/.default` scope, and ARM accepts
//! it only while it is unexpired and only if it was issued for ARM's
//! audience. Anonymous: the token endpoint, and `/_emulator/stats` unless strict.

use std::time::Duration;

use axum::http::{HeaderMap, Method, StatusCode};
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde_json::json;

use super::reply::{ApiError, ApiResult, Reply};
use super::{Shared, StrictAuth, lock};

/// The audiences public ARM accepts, as its error message lists them. The
/// emulator also accepts its own origin, as a private cloud's ARM accepts
/// the audience its metadata names (which is what `scope_for` asks for).
const ARM_AUDIENCES: [&str; 4] = [
    "https://management.core.windows.net/",
    "https://management.core.windows.net",
    "https://management.azure.com/",
    "https://management.azure.com",
];

/// Tokens kept at most; the oldest go first (expired ones are dropped on every issue).
const MAX_ISSUED: usize = 10_000;

/// A token the emulator's Entra endpoint issued.
pub struct IssuedToken {
    value: String,
    audience: String,
    expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("value", &"[REDACTED]")
            .field("audience", &self.audience)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

fn unauthorized(code: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, message)
}

/// ARM's own date format in its token errors.
fn arm_time(t: DateTime<Utc>) -> String {
    t.format("%m/%d/%Y %H:%M:%S").to_string()
}

/// In strict mode, whether ARM would accept this token.
fn check_issued(shared: &Shared, token: &str) -> Result<(), ApiError> {
    let issued = lock(&shared.issued_tokens);
    let Some(t) = issued.iter().find(|t| t.value == token) else {
        return Err(unauthorized(
            "InvalidAuthenticationToken",
            "The access token is invalid.".into(),
        ));
    };
    let now = Utc::now();
    if t.expires_at <= now {
        return Err(unauthorized(
            "ExpiredAuthenticationToken",
            format!(
                "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                arm_time(t.expires_at),
                arm_time(now)
            ),
        ));
    }
    let allowed: Vec<String> = ARM_AUDIENCES
        .iter()
        .map(|a| a.to_string())
        .chain([format!("{}/", shared.base), shared.base.clone()])
        .collect();
    if !allowed.contains(&t.audience) {
        let allowed: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
        return Err(unauthorized(
            "InvalidAuthenticationToken",
            format!(
                "The access token has been obtained for wrong audience or resource '{}'. It should exactly match with one of the allowed audiences {}.",
                t.audience,
                allowed.join(",")
            ),
        ));
    }
    Ok(())
}

/// In strict mode, whether `token` was issued by the emulator for
/// `audience` (with or without a trailing slash) and is still valid.
pub fn issued_for(shared: &Shared, token: &str, audience: &str) -> Result<(), String> {
    let issued = lock(&shared.issued_tokens);
    let Some(t) = issued.iter().find(|t| t.value == token) else {
        return Err("AKV10032: Invalid issuer: the emulator did not issue this token.".into());
    };
    if t.expires_at <= Utc::now() {
        return Err("AKV10022: Invalid audience or expired token: the token has expired.".into());
    }
    if t.audience.trim_end_matches('/') != audience {
        return Err(format!(
            "AKV10022: Invalid audience. Expected {audience}, found: {}.",
            t.audience
        ));
    }
    Ok(())
}

/// The bearer token of a request's `Authorization` header ("" without one).
pub fn bearer(headers: &HeaderMap) -> &str {
    let header = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .unwrap_or_default()
}

/// Any non-empty bearer token by default; in strict mode only tokens we issued.
pub fn check_bearer(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = bearer(headers);
    if token.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        ));
    }
    if shared.config.strict_auth.is_some() {
        check_issued(shared, token)?;
    }
    Ok(())
}

/// Issues an access token for the client-credentials grant. In strict mode the
/// client id and secret must match the configured ones.
pub fn token_endpoint(shared: &Shared, tenant: &str, method: &Method, body: &[u8]) -> ApiResult {
    if method != Method::POST {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "Use POST.",
        ));
    }
    let form: std::collections::HashMap<String, String> = url_form(body);
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    if field("grant_type") != "client_credentials" {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "AADSTS70003: only client_credentials is supported by the emulator.",
        ));
    }
    let Some(strict) = &shared.config.strict_auth else {
        return Ok(token_reply(
            shared,
            "https://management.azure.com/".into(),
            Duration::from_secs(3599),
        ));
    };
    if let Some(refusal) = strict_refusal(
        shared,
        strict,
        tenant,
        field("client_id"),
        field("client_secret"),
    ) {
        return Ok(refusal);
    }
    match requested_audience(field("scope")) {
        Ok(audience) => Ok(token_reply(shared, audience, strict.token_lifetime)),
        Err(refusal) => Ok(refusal),
    }
}

/// Entra's answer when the client's secret or the tenant is wrong.
fn strict_refusal(
    shared: &Shared,
    strict: &StrictAuth,
    tenant: &str,
    client_id: &str,
    client_secret: &str,
) -> Option<Reply> {
    if client_id != strict.client_id || client_secret != strict.client_secret.expose_secret() {
        return Some(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            &format!(
                "AADSTS7000215: Invalid client secret provided for client '{client_id}' in tenant '{tenant}'."
            ),
        ));
    }
    let own_tenant = lock(&shared.state).store.tenant_id.clone();
    (!tenant.eq_ignore_ascii_case(&own_tenant)).then(|| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!(
                "AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
            ),
        )
    })
}

/// The audience a client-credentials `scope` names (`RESOURCE/.default`).
fn requested_audience(scope: &str) -> Result<String, Reply> {
    let Some(resource) = scope
        .split_whitespace()
        .find_map(|s| s.strip_suffix(".default"))
    else {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
        ));
    };
    // "https://management.azure.com//.default" names the audience with its slash.
    Ok(match resource.strip_suffix('/') {
        Some(r) if r.ends_with('/') => r.to_string(),
        Some(r) => format!("{r}/"),
        None => resource.to_string(),
    })
}

/// Issues and remembers a token for `audience`, valid for `lifetime`.
fn token_reply(shared: &Shared, audience: String, lifetime: Duration) -> Reply {
    let value = format!("emu.{}", uuid::Uuid::new_v4().simple());
    let now = Utc::now();
    let expires_at =
        now + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::hours(1));
    {
        let mut issued = lock(&shared.issued_tokens);
        issued.retain(|t| t.expires_at > now);
        if issued.len() >= MAX_ISSUED {
            issued.remove(0);
        }
        issued.push(IssuedToken {
            value: value.clone(),
            audience,
            expires_at,
        });
    }
    Reply::ok(json!({
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
        "ext_expires_in": lifetime.as_secs(),
        "access_token": value,
    }))
}

/// Entra's error body; the code is the number after "AADSTS".
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Reply {
    let code: u64 = description
        .strip_prefix("AADSTS")
        .and_then(|d| d.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Reply::with(
        status,
        Some(json!({"error": error, "error_description": description, "error_codes": [code]})),
    )
}

fn url_form(body: &[u8]) -> std::collections::HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// The audiences an Entra token may have for `/oauth2/exchange`: the
/// registry's own (what az CLI asks for) and, as the registry's default
/// `azureADAuthenticationAsArmPolicy` allows, ARM's.
const REGISTRY_AUDIENCES: [&str; 2] = [
    "https://containerregistry.azure.net",
    "https://containerregistry.azure.net/",
];

/// The subject of an Entra token a registry accepts in exchange for a
/// refresh token; None when it would refuse it. Without strict mode any
/// token is accepted, as ARM accepts any bearer then.
pub fn entra_subject_for_registry(shared: &Shared, token: &str) -> Option<String> {
    let Some(strict) = &shared.config.strict_auth else {
        // Any bearer is accepted; one that names a principal (`oid`, as
        // Entra's do) is that principal, whose role assignments then apply.
        return Some(
            super::data_plane::entra_access::unverified_oid(token)
                .unwrap_or_else(|| "emulator-user".to_string()),
        );
    };
    let issued = lock(&shared.issued_tokens);
    let t = issued.iter().find(|t| t.value == token)?;
    let audience_ok = REGISTRY_AUDIENCES.contains(&t.audience.as_str())
        || ARM_AUDIENCES.contains(&t.audience.as_str());
    (t.expires_at > Utc::now() && audience_ok).then(|| strict.client_id.clone())
}
