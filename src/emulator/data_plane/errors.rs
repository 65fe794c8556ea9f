//! The registry's answers on failure: the distribution error envelope
//! `{"errors":[{"code","message","detail"}]}` and, on 401, the
//! `Www-Authenticate` challenge that tells a client where to get a token.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Where a client asks for tokens, and for which service.
#[derive(Debug, Clone)]
pub struct Realm {
    /// `http://contosoprod.azurecr.io[:port]`, as the client addressed it.
    pub origin: String,
    /// The login server, the token's audience.
    pub service: String,
}

impl Realm {
    /// `Bearer realm="…/oauth2/token",service="…"[,scope="…"]`.
    pub fn challenge(&self, scope: Option<&str>) -> String {
        let mut c = format!(
            "Bearer realm=\"{}/oauth2/token\",service=\"{}\"",
            self.origin, self.service
        );
        if let Some(s) = scope {
            c.push_str(&format!(",scope=\"{s}\""));
        }
        c
    }
}

pub fn envelope(status: StatusCode, code: &str, message: &str, detail: Option<Value>) -> Response {
    let mut error = json!({"code": code, "message": message});
    if let Some(d) = detail {
        error["detail"] = d;
    }
    let mut r = (status, axum::Json(json!({ "errors": [error] }))).into_response();
    r.headers_mut().insert(
        "Docker-Distribution-API-Version",
        HeaderValue::from_static("registry/2.0"),
    );
    r
}

/// 401 with the challenge for `scope` (`repository:name:action`).
pub fn unauthorized(realm: &Realm, scope: Option<&str>, why: &str) -> Response {
    let detail = scope
        .and_then(crate::domain::token_scope::parse_scope)
        .map(|a| {
            json!(
                a.actions
                    .iter()
                    .map(|action| json!({"Type": a.kind, "Name": a.name, "Action": action}))
                    .collect::<Vec<_>>()
            )
        });
    let mut r = envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", why, detail);
    if let Ok(v) = HeaderValue::from_str(&realm.challenge(scope)) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

/// A valid token that does not allow the action: 403 DENIED (clients show
/// "requested access to the resource is denied"), with a challenge naming
/// the scope needed (`error="insufficient_scope"`), so a client that asked
/// for too little gets a new token and retries: oras-py asks for `pull`
/// first, then re-asks on a 403 with the challenge's scope. ACR's exact
/// status here is not documented (shared/reference B5).
pub fn denied(realm: &Realm, scope: &str) -> Response {
    let mut r = envelope(
        StatusCode::FORBIDDEN,
        "DENIED",
        &format!("requested access to the resource is denied ({scope})"),
        None,
    );
    let challenge = format!(
        "{},error=\"insufficient_scope\"",
        realm.challenge(Some(scope))
    );
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

pub fn not_found(code: &str, message: &str) -> Response {
    envelope(StatusCode::NOT_FOUND, code, message, None)
}

pub fn bad_request(code: &str, message: &str) -> Response {
    envelope(StatusCode::BAD_REQUEST, code, message, None)
}
