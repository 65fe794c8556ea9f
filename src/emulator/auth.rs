//! Bearer-token checks and the Entra ID token endpoint
//! (`POST /<tenant>/oauth2/v2.0/token`, client-credentials grant).

use axum::http::{HeaderMap, Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::json;

use super::reply::{ApiError, ApiResult, Reply};
use super::{Shared, lock};

/// Any non-empty bearer token by default; in strict mode only tokens we issued.
pub fn check_bearer(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let header = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .unwrap_or_default();
    if token.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        ));
    }
    if shared.config.strict_auth.is_some()
        && !lock(&shared.issued_tokens).iter().any(|t| t == token)
    {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "The access token is invalid.",
        ));
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
            "unsupported_grant_type",
            "AADSTS70003: only client_credentials is supported by the emulator.",
        ));
    }
    if let Some(strict) = &shared.config.strict_auth {
        let ok = field("client_id") == strict.client_id
            && field("client_secret") == strict.client_secret.expose_secret();
        if !ok {
            return Ok(oauth_error(
                "invalid_client",
                &format!(
                    "AADSTS7000215: Invalid client secret provided for client '{}' in tenant '{tenant}'.",
                    field("client_id")
                ),
            ));
        }
    }
    let token = format!("emu.{}", uuid::Uuid::new_v4().simple());
    lock(&shared.issued_tokens).push(token.clone());
    Ok(Reply::ok(json!({
        "token_type": "Bearer",
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": token,
    })))
}

fn oauth_error(error: &str, description: &str) -> Reply {
    Reply::with(
        StatusCode::UNAUTHORIZED,
        Some(json!({"error": error, "error_description": description, "error_codes": [7000215]})),
    )
}

fn url_form(body: &[u8]) -> std::collections::HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}
