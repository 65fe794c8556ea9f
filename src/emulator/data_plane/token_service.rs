//! The token service of a login server: `GET /oauth2/token` (basic auth),
//! `POST /oauth2/token` (`password` and `refresh_token` grants) and
//! `POST /oauth2/exchange` (an Entra token for an ACR refresh token).

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::Utc;
use serde_json::json;
use zeroize::Zeroizing;

use super::errors::{Realm, bad_request, envelope};
use super::identity::{Identity, LOGIN_REFUSED, REFRESH_TOKEN_USER, grant, login};
use super::jwt::Claims;
use super::{Target, with_registry};
use crate::domain::token_scope::{Access, parse_scopes};
use crate::emulator::{Shared, auth, lock};

pub type Form = Vec<(String, Zeroizing<String>)>;

fn field<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn all<'a>(form: &'a Form, name: &str) -> Vec<&'a str> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A query or form body; values that may be secrets are zeroized when dropped.
pub fn parse_form(bytes: &[u8]) -> Form {
    form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), Zeroizing::new(v.into_owned())))
        .collect()
}

fn refused(why: &str) -> Response {
    envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", why, None)
}

/// `/oauth2/token`.
pub fn token(
    shared: &Shared,
    target: &Target,
    method: &Method,
    query: &[u8],
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let form = match *method {
        Method::GET => parse_form(query),
        Method::POST => parse_form(body),
        _ => return super::method_not_allowed(),
    };
    if let Some(problem) = wrong_service(&form, &target.realm) {
        return problem;
    }
    let identity = match grant_identity(shared, target, method, &form, headers) {
        Ok(Some(identity)) => identity,
        Ok(None) => return refused(LOGIN_REFUSED),
        Err(why) => return bad_request("UNSUPPORTED", &why),
    };
    let requested = parse_scopes(all(&form, "scope"));
    match signed_access_token(shared, target, &identity, &requested) {
        Some(token) => {
            (StatusCode::OK, axum::Json(json!({ "access_token": token }))).into_response()
        }
        None => refused(LOGIN_REFUSED),
    }
}

/// Who the request authenticates as (None: refused), by its grant: basic auth
/// on GET, `password` or `refresh_token` on POST.
fn grant_identity(
    shared: &Shared,
    target: &Target,
    method: &Method,
    form: &Form,
    headers: &HeaderMap,
) -> Result<Option<Identity>, String> {
    match (method, field(form, "grant_type")) {
        (&Method::GET, _) => Ok(basic_identity(shared, target, headers)),
        (_, Some("password")) => match (field(form, "username"), field(form, "password")) {
            (Some(u), Some(p)) => Ok(identify(shared, target, u, p)),
            _ => Err("the password grant needs username and password".to_string()),
        },
        (_, Some("refresh_token")) => match field(form, "refresh_token") {
            Some(t) => Ok(refresh_identity(shared, target, t)),
            None => Err("the refresh_token grant needs refresh_token".to_string()),
        },
        (_, other) => Err(format!(
            "grant_type {:?} is not supported here: use password or refresh_token",
            other.unwrap_or("")
        )),
    }
}

/// The access token for what `identity` may do of `requested` on the target registry.
fn signed_access_token(
    shared: &Shared,
    target: &Target,
    identity: &Identity,
    requested: &[Access],
) -> Option<String> {
    let now = Utc::now().timestamp();
    let claims = {
        let state = lock(&shared.state);
        let entra = match identity {
            Identity::Entra(sub) => {
                super::entra_access::entra_grants(&state.store, &target.key, sub)
            }
            _ => None,
        };
        state.store.registries.get(&target.key).map(|reg| {
            let access = grant(reg, identity, requested, entra.as_ref());
            Claims::access_token(&identity.subject(reg), &target.realm.service, access, now)
        })
    };
    claims.and_then(|c| shared.registry_keys.sign(&c))
}

/// `/oauth2/exchange`: POST only (GET is a 404 there).
pub fn exchange(shared: &Shared, target: &Target, method: &Method, body: &[u8]) -> Response {
    if method != Method::POST {
        return super::errors::not_found("NOT_FOUND", "use POST for /oauth2/exchange");
    }
    let form = parse_form(body);
    if let Some(problem) = wrong_service(&form, &target.realm) {
        return problem;
    }
    if field(&form, "grant_type") != Some("access_token") {
        return bad_request(
            "UNSUPPORTED",
            "grant_type must be access_token (access_token_refresh_token and refresh_token are deprecated)",
        );
    }
    let Some(entra) = field(&form, "access_token").filter(|t| !t.is_empty()) else {
        return bad_request("UNSUPPORTED", "access_token (an Entra token) is required");
    };
    let Some(subject) = auth::entra_subject_for_registry(shared, entra) else {
        return refused(
            "the Entra access token is not valid (expired, or issued for another audience)",
        );
    };
    let tenant = lock(&shared.state).store.tenant_id.clone();
    let now = Utc::now().timestamp();
    let claims = Claims::refresh_token(&subject, &target.realm.service, &tenant, now);
    match shared.registry_keys.sign(&claims) {
        Some(t) => (StatusCode::OK, axum::Json(json!({ "refresh_token": t }))).into_response(),
        None => refused("the refresh token could not be issued"),
    }
}

/// A `service` other than this login server is refused (a token is only
/// ever good for the service it names).
fn wrong_service(form: &Form, realm: &Realm) -> Option<Response> {
    let service = field(form, "service")?;
    (!service.eq_ignore_ascii_case(&realm.service)).then(|| {
        bad_request(
            "UNSUPPORTED",
            &format!(
                "service {service:?} is not this registry: use {}",
                realm.service
            ),
        )
    })
}

fn basic_identity(shared: &Shared, target: &Target, headers: &HeaderMap) -> Option<Identity> {
    let header = headers.get("authorization")?.to_str().ok()?;
    let encoded = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))?;
    let decoded = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()?,
    );
    let text = std::str::from_utf8(&decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    identify(shared, target, user, password)
}

fn identify(shared: &Shared, target: &Target, user: &str, password: &str) -> Option<Identity> {
    if user == REFRESH_TOKEN_USER {
        return refresh_identity(shared, target, password);
    }
    let now = Utc::now();
    let delay = chrono::Duration::from_std(shared.config.replication_delay).unwrap_or_default();
    with_registry(shared, &target.key, |reg| {
        login(reg, user, password, now, delay)
    })
    .flatten()
}

fn refresh_identity(shared: &Shared, target: &Target, token: &str) -> Option<Identity> {
    let claims = shared
        .registry_keys
        .verify(token, &target.realm.service, "refresh_token")
        .ok()?;
    Some(Identity::Entra(claims.sub))
}
