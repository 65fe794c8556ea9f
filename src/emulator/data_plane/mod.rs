//! Each registry's data plane, served on the emulator's port to requests
//! whose `Host` is the registry's login server (`contosoprod.azurecr.io`):
//! the challenge on `/v2/`, the token service, catalog and tag listings, and
//! enough of manifests and blobs for an OCI client to push and pull.
//!
//! ARM keeps answering `loginServer: <name>.azurecr.io`, as Azure does. A
//! client reaches the emulator for that name in one of three ways, all of
//! which keep the `Host` header the login server: a resolver override
//! (`curl --resolve`, reqwest's `resolve`, as the tests do), an HTTP proxy setting
//! (`HTTP_PROXY=http://127.0.0.1:PORT` with a plain-http client: the
//! emulator answers absolute-form requests), or an `/etc/hosts` entry.

mod catalog;
mod content_api;
pub mod entra_access;
pub mod errors;
pub mod identity;
pub mod jwt;
pub mod token_service;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use self::errors::{Realm, denied, unauthorized};
use super::store::Registry;
use super::{Shared, lock};

/// The registry a request is for, and how the client addressed it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The registry's key in the store.
    pub key: String,
    pub realm: Realm,
}

/// The registry whose login server the request names (`Host`, or the
/// authority of an absolute-form request through a proxy); None for ARM.
pub fn target_for(shared: &Shared, headers: &HeaderMap, uri: &Uri) -> Option<Target> {
    let (given, host) = super::host_routes::request_host(headers, uri)?;
    if !host.ends_with(".azurecr.io") {
        return None;
    }
    let state = lock(&shared.state);
    let (key, reg) = state
        .store
        .registries
        .iter()
        .find(|(_, r)| r.login_server() == host)?;
    let scheme = if shared.config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    Some(Target {
        key: key.clone(),
        realm: Realm {
            origin: format!("{scheme}://{}", given.to_ascii_lowercase()),
            service: reg.login_server(),
        },
    })
}

/// Runs `f` on the target registry, if it still exists.
pub fn with_registry<R>(shared: &Shared, key: &str, f: impl FnOnce(&Registry) -> R) -> Option<R> {
    lock(&shared.state).store.registries.get(key).map(f)
}

pub fn with_registry_mut<R>(
    shared: &Shared,
    key: &str,
    f: impl FnOnce(&mut Registry) -> R,
) -> Option<R> {
    lock(&shared.state).store.registries.get_mut(key).map(f)
}

pub fn method_not_allowed() -> Response {
    errors::envelope(
        StatusCode::METHOD_NOT_ALLOWED,
        "UNSUPPORTED",
        "the method is not allowed here",
        None,
    )
}

/// What a path asks for.
#[derive(Debug, PartialEq, Eq)]
enum Call {
    Base,
    Token,
    Exchange,
    Catalog,
    Tags(String),
    /// `/acr/v1/<name>/_tags`: tags with their digests and times (az CLI's listing).
    AcrTags(String),
    /// `/acr/v1/<name>`: the repository's attributes (tag and manifest counts).
    Repository(String),
    Manifest(String, String),
    Blob(String, String),
    Uploads(String),
    Upload(String, String),
}

fn parse(path: &str) -> Option<Call> {
    match path {
        "/v2" | "/v2/" => return Some(Call::Base),
        "/oauth2/token" => return Some(Call::Token),
        "/oauth2/exchange" => return Some(Call::Exchange),
        "/v2/_catalog" | "/acr/v1/_catalog" => return Some(Call::Catalog),
        _ => {}
    }
    if let Some(name) = path
        .strip_prefix("/acr/v1/")
        .and_then(|rest| rest.strip_suffix("/_tags"))
    {
        return Some(Call::AcrTags(name.to_string()));
    }
    if let Some(name) = path.strip_prefix("/acr/v1/").filter(|n| !n.is_empty()) {
        return Some(Call::Repository(name.to_string()));
    }
    let rest = path.strip_prefix("/v2/")?;
    if let Some(name) = rest.strip_suffix("/tags/list") {
        return Some(Call::Tags(name.to_string()));
    }
    if let Some(name) = rest
        .strip_suffix("/blobs/uploads/")
        .or_else(|| rest.strip_suffix("/blobs/uploads"))
    {
        return Some(Call::Uploads(name.to_string()));
    }
    if let Some((name, id)) = rest.rsplit_once("/blobs/uploads/") {
        return Some(Call::Upload(name.to_string(), id.to_string()));
    }
    if let Some((name, reference)) = rest.rsplit_once("/manifests/") {
        return Some(Call::Manifest(name.to_string(), reference.to_string()));
    }
    let (name, digest) = rest.rsplit_once("/blobs/")?;
    Some(Call::Blob(name.to_string(), digest.to_string()))
}

/// The scope a call needs: (type, name, action).
fn needs(method: &Method, call: &Call) -> Option<(&'static str, String, &'static str)> {
    let repo = |name: &String, action| Some(("repository", name.clone(), action));
    match call {
        Call::Base | Call::Token | Call::Exchange => None,
        Call::Catalog => Some(("registry", "catalog".to_string(), "*")),
        Call::Tags(n) | Call::AcrTags(n) | Call::Repository(n) => repo(n, "metadata_read"),
        Call::Manifest(n, _) | Call::Blob(n, _) => match *method {
            Method::PUT => repo(n, "push"),
            Method::DELETE => repo(n, "delete"),
            _ => repo(n, "pull"),
        },
        Call::Uploads(n) | Call::Upload(n, _) => repo(n, "push"),
    }
}

pub async fn serve(shared: Arc<Shared>, target: Target, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let query = token_service::parse_form(parts.uri.query().unwrap_or_default().as_bytes());
    let Some(call) = parse(parts.uri.path()) else {
        return errors::not_found("NAME_UNKNOWN", "no such registry endpoint");
    };
    let bytes = match axum::body::to_bytes(body, super::content::MAX_BLOB).await {
        Ok(b) => b,
        Err(_) => {
            return errors::envelope(
                StatusCode::PAYLOAD_TOO_LARGE,
                "SIZE_INVALID",
                "the emulator takes bodies of at most 16 MiB",
                None,
            );
        }
    };
    let mut response = match &call {
        Call::Token => {
            let raw_query = parts.uri.query().unwrap_or_default().as_bytes();
            token_service::token(
                &shared,
                &target,
                &parts.method,
                raw_query,
                &parts.headers,
                &bytes,
            )
        }
        Call::Exchange => token_service::exchange(&shared, &target, &parts.method, &bytes),
        _ => match refusal(
            &shared,
            &target,
            &parts.headers,
            needs(&parts.method, &call),
        ) {
            Some(refused) => refused,
            None => content_api::answer(
                &shared,
                &target,
                &parts.method,
                call,
                &query,
                &parts.headers,
                bytes,
            ),
        },
    };
    response.headers_mut().insert(
        "Docker-Distribution-API-Version",
        HeaderValue::from_static("registry/2.0"),
    );
    response
}

/// Why the call is refused, unless it brings a valid access token for this
/// login server that allows what the call needs.
fn refusal(
    shared: &Shared,
    target: &Target,
    headers: &HeaderMap,
    need: Option<(&'static str, String, &'static str)>,
) -> Option<Response> {
    // A push is challenged for pull and push, as Docker's registry does: an
    // upload HEADs and GETs too.
    let scope = need.as_ref().map(|(k, n, a)| match *a {
        "push" => format!("{k}:{n}:pull,push"),
        _ => format!("{k}:{n}:{a}"),
    });
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        });
    let Some(bearer) = bearer else {
        return Some(unauthorized(
            &target.realm,
            scope.as_deref(),
            "authentication required",
        ));
    };
    let claims =
        match shared
            .registry_keys
            .verify(bearer.trim(), &target.realm.service, "access_token")
        {
            Ok(c) => c,
            Err(why) => return Some(unauthorized(&target.realm, scope.as_deref(), &why)),
        };
    match (need, scope) {
        (Some((kind, name, action)), Some(scope)) if !claims.allows(kind, &name, action) => {
            Some(denied(&target.realm, &scope))
        }
        _ => None,
    }
}

/// `{}` for `GET /v2/` with a valid token.
fn base() -> Response {
    (StatusCode::OK, axum::Json(serde_json::json!({}))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_repository_whole() {
        assert_eq!(parse("/v2/"), Some(Call::Base));
        assert_eq!(
            parse("/v2/samples/team/app/tags/list"),
            Some(Call::Tags("samples/team/app".into()))
        );
        assert_eq!(
            parse("/v2/a/b/manifests/v1"),
            Some(Call::Manifest("a/b".into(), "v1".into()))
        );
        assert_eq!(
            parse("/v2/a/blobs/sha256:00"),
            Some(Call::Blob("a".into(), "sha256:00".into()))
        );
        assert_eq!(
            parse("/v2/a/b/blobs/uploads/"),
            Some(Call::Uploads("a/b".into()))
        );
        assert_eq!(
            parse("/v2/a/blobs/uploads/123"),
            Some(Call::Upload("a".into(), "123".into()))
        );
        assert_eq!(parse("/subscriptions"), None);
    }
}
