//! The HTTP front: request ids, logging, faults, auth and api-version checks,
//! then dispatch to the resource handlers.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State as AxState};
use axum::http::{Method, StatusCode};
use axum::response::Response;

use super::authorization;
pub use super::ctx::Ctx;
use super::delivery::{Delivery, HANG, Rewrite, insert, render, replacement, rewrite};
use super::faults::Fault;
use super::reply::{ApiError, ApiResult, Reply};
use super::routes::{self, Route};
use super::traffic::{STATS_PATH, STATS_RESET_PATH};
use super::{
    API_VERSIONS, SUBSCRIPTION_API_VERSIONS, Shared, auth, discovery, lock, polls, registries,
    registry_lifecycle, resources, scope_maps, tokens,
};

const MAX_BODY: usize = 1 << 20;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(dispatch).with_state(shared)
}

async fn dispatch(AxState(shared): AxState<Arc<Shared>>, req: Request) -> Response {
    let req = match super::host_routes::by_host(&shared, req).await {
        super::host_routes::Routed::Answered(response) => return response,
        super::host_routes::Routed::Arm(req) => req,
    };
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    if let Some(response) = traffic_route(&shared, &method, &path, req.headers()) {
        return response;
    }
    let _in_flight = shared.traffic.enter();
    let correlation = req
        .headers()
        .get("x-ms-correlation-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let decision = lock(&shared.faults).decide(method.as_str(), &path);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let limits = match super::throttle_gate::gate(&shared, &method, &path, req.headers()) {
        Ok(limits) => limits,
        Err(refused) => return finish(*refused, &correlation),
    };
    let query = req.uri().query().map(str::to_string);
    let reply = match (decision.fault, replacement(decision.fault)) {
        (Some(Fault::Status(code)), _) => Err(injected(code)),
        (_, Some(stand_in)) => Ok(stand_in),
        (fault, None) => {
            let served = handle(&shared, req).await;
            let at = Rewrite {
                base: &shared.base,
                foreign_origin: &shared.config.foreign_origin,
                path: &path,
                query: query.as_deref(),
            };
            rewrite(served, fault, &at)
        }
    };
    if decision.fault == Some(Fault::Hang) {
        // Served, and the answer never comes (bounded, so the server can stop).
        tokio::time::sleep(HANG).await;
    }
    let retry_after = shared.config.faults.retry_after_secs;
    let mut response = render(reply, Delivery::for_fault(decision.fault), retry_after);
    for (name, value) in &limits {
        insert(response.headers_mut(), name, value);
    }
    let response = finish(response, &correlation);
    if shared.config.log_requests {
        eprintln!(
            "{method} {path} -> {} ({} ms)",
            response.status().as_u16(),
            started.elapsed().as_millis()
        );
    }
    response
}

/// Every ARM answer names its request and the caller's correlation id.
fn finish(mut response: Response, correlation: &str) -> Response {
    let headers = response.headers_mut();
    insert(
        headers,
        "x-ms-request-id",
        &uuid::Uuid::new_v4().to_string(),
    );
    insert(headers, "x-ms-correlation-request-id", correlation);
    response
}

/// The data plane under the same targeted fault rules as ARM (matched on
/// the path, e.g. `503:oauth2/token`): a status comes in the registry's
/// error envelope, `hang` answers after the client gave up, latency delays.
/// Faults that spoil an ARM body do not apply to registry answers.
pub(super) async fn data_plane_with_faults(
    shared: Arc<Shared>,
    target: super::data_plane::Target,
    req: Request,
) -> Response {
    let path = req.uri().path().to_string();
    let decision = lock(&shared.faults).decide(req.method().as_str(), &path);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    match decision.fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            super::data_plane::errors::envelope(status, "UNKNOWN", "an injected fault", None)
        }
        Some(Fault::Hang) => {
            tokio::time::sleep(HANG).await;
            super::data_plane::serve(shared, target, req).await
        }
        _ => super::data_plane::serve(shared, target, req).await,
    }
}

/// The emulator's own counters (see `traffic.rs`); None for every other path.
/// `/_emulator/stats[/reset]`: anonymous by default, authenticated in strict mode.
fn traffic_route(
    shared: &Shared,
    method: &Method,
    path: &str,
    headers: &axum::http::HeaderMap,
) -> Option<Response> {
    if path != STATS_PATH && path != STATS_RESET_PATH {
        return None;
    }
    if shared.config.strict_auth.is_some()
        && let Err(e) = auth::check_bearer(shared, headers)
    {
        return Some(render(Err(e), Delivery::Whole, 0));
    }
    let body = match (method, path) {
        (&Method::GET, STATS_PATH) => serde_json::to_value(shared.traffic.stats()).ok()?,
        (&Method::POST, STATS_RESET_PATH) => {
            shared.traffic.reset();
            serde_json::to_value(shared.traffic.stats()).ok()?
        }
        _ => return None,
    };
    Some(render(Ok(Reply::ok(body)), Delivery::Whole, 0))
}

fn injected(code: u16) -> ApiError {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (c, m) = match code {
        429 => (
            "TooManyRequests",
            "The request is being throttled. Retry after the time given in Retry-After.",
        ),
        503 => (
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please retry.",
        ),
        _ => (
            "InternalServerError",
            "An internal error occurred (injected fault).",
        ),
    };
    ApiError::new(status, c, m)
}

async fn handle(shared: &Shared, req: Request) -> ApiResult {
    let (parts, body) = req.into_parts();
    let route = routes::parse(parts.uri.path());
    let query: HashMap<String, String> = parts
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    // Routing first: discovery stays anonymous, and an unknown path gets
    // ARM's 404 whether or not a token came with it.
    let Some(route) = route else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "InvalidResourceType",
            format!(
                "The resource type could not be found for the path '{}'.",
                parts.uri.path()
            ),
        ));
    };
    if route.is_anonymous() {
        return anonymous(shared, route, &parts.method, &query, body).await;
    }
    auth::check_bearer(shared, &parts.headers)?;
    let api_version = check_api_version(&route, query.get("api-version"))?;
    let body = json_body(body).await?;
    if let Some(b) = &body {
        shared.record_body(parts.method.as_str(), parts.uri.path(), b);
    }
    let mut state = lock(&shared.state);
    polls::settle_due(&mut state);
    let client_request_id = parts
        .headers
        .get("x-ms-client-request-id")
        .and_then(|v| v.to_str().ok());
    state.ops.set_request_id(client_request_id);
    let mut ctx = Ctx {
        state: &mut state,
        shared,
        base: shared.base.clone(),
        api_version,
        query,
        body,
    };
    let supported = supported_versions(&route).join(", ");
    route_request(&mut ctx, &parts.method, route, parts.uri.path())
        .map(|reply| reply.header("api-supported-versions", supported))
}

/// The request's JSON body (None when empty), at most 1 MiB.
async fn json_body(body: axum::body::Body) -> Result<Option<serde_json::Value>, ApiError> {
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::bad_request(
            "InvalidRequestContent",
            "The request body is larger than 1 MiB.",
        )
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        ApiError::bad_request(
            "InvalidRequestContent",
            format!("The request content was invalid and could not be deserialized: {e}."),
        )
    })
}

/// Discovery and sign-in, served without a bearer token.
async fn anonymous(
    shared: &Shared,
    route: Route,
    method: &Method,
    query: &HashMap<String, String>,
    body: axum::body::Body,
) -> ApiResult {
    if let Route::EntraToken { tenant } = &route {
        let bytes = axum::body::to_bytes(body, MAX_BODY)
            .await
            .unwrap_or_default();
        return auth::token_endpoint(shared, tenant, method, &bytes);
    }
    if method != Method::GET {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "Use GET.",
        ));
    }
    Ok(match route {
        Route::CloudMetadata => {
            discovery::cloud_metadata(shared, query.get("api-version").map(String::as_str))
        }
        Route::OpenIdConfiguration { tenant, v2 } => {
            discovery::openid_configuration(shared, &tenant, v2)
        }
        Route::InstanceDiscovery { tenant } => discovery::instance_discovery(shared, &tenant),
        _ => discovery::signing_keys(),
    })
}

/// Scope maps, tokens and generateCredentials at an api-version that lacks them.
fn without_tokens(route: &Route, version: &str) -> Option<ApiError> {
    let kind = match route {
        Route::ScopeMaps(_) | Route::ScopeMap(..) => "registries/scopeMaps",
        Route::Tokens(_) | Route::Token(..) => "registries/tokens",
        Route::GenerateCredentials(_) => "registries/generateCredentials",
        _ => return None,
    };
    if !super::WITHOUT_TOKENS.contains(&version) {
        return None;
    }
    let supported: Vec<&str> = API_VERSIONS
        .iter()
        .copied()
        .filter(|v| !super::WITHOUT_TOKENS.contains(v))
        .collect();
    Some(ApiError::bad_request(
        "NoRegisteredProviderFound",
        format!(
            "No registered resource provider found for API version '{version}' and type '{kind}'. The supported api-versions are '{}'.",
            supported.join(", ")
        ),
    ))
}

/// The api-versions a route's resource type accepts.
fn supported_versions(route: &Route) -> &'static [&'static str] {
    match route {
        Route::Subscriptions => &SUBSCRIPTION_API_VERSIONS,
        Route::Resources { .. } => &resources::RESOURCES_API_VERSIONS,
        Route::RoleAssignments { .. }
        | Route::RoleAssignment { .. }
        | Route::RoleDefinitions { .. }
        | Route::RoleDefinition { .. } => &super::authorization::API_VERSIONS,
        Route::Tasks(_) => &super::tasks::TASK_API_VERSIONS,
        Route::ResourceGraph => &super::resource_graph::API_VERSIONS,
        _ => &API_VERSIONS,
    }
}

fn check_api_version(route: &Route, given: Option<&String>) -> Result<String, ApiError> {
    // Microsoft Graph versions its paths (/v1.0), not a query parameter.
    if *route == Route::GraphGetByIds {
        return Ok(String::new());
    }
    let supported = supported_versions(route);
    let Some(v) = given else {
        return Err(ApiError::bad_request(
            "MissingApiVersionParameter",
            format!(
                "The api-version query parameter (?api-version=) is required for all requests. Supported versions: '{}'.",
                supported.join(", ")
            ),
        ));
    };
    if !supported.contains(&v.as_str()) {
        return Err(ApiError::bad_request(
            "InvalidApiVersionParameter",
            format!(
                "The api-version '{v}' is invalid. The supported versions are '{}'.",
                supported.join(", ")
            ),
        ));
    }
    if let Some(e) = without_tokens(route, v) {
        return Err(e);
    }
    Ok(v.clone())
}

fn route_request(ctx: &mut Ctx<'_>, method: &Method, route: Route, path: &str) -> ApiResult {
    let not_allowed = || {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("The method '{method}' is not allowed on '{path}'."),
        )
    };
    match (method.as_str(), route) {
        ("GET", Route::Subscriptions) => Ok(registries::list_subscriptions(ctx, path)),
        ("GET", Route::Resources { sub, rg }) => resources::list(ctx, path, &sub, rg.as_deref()),
        ("GET", Route::RegistriesBySubscription { sub }) => registries::list(ctx, path, &sub, None),
        ("GET", Route::RegistriesByGroup { sub, rg }) => {
            registries::list(ctx, path, &sub, Some(&rg))
        }
        ("GET", Route::Registry(r)) => registries::get(ctx, &r),
        ("POST", Route::RegenerateCredential(r)) => registries::regenerate_credential(ctx, &r),
        ("POST", Route::CheckNameAvailability { sub }) => {
            registries::check_name_availability(ctx, &sub)
        }
        ("PATCH", Route::Registry(r)) => registries::update(ctx, &r),
        ("PUT", Route::Registry(r)) => registry_lifecycle::put(ctx, &r),
        ("DELETE", Route::Registry(r)) => registry_lifecycle::delete(ctx, &r),
        ("POST", Route::ListCredentials(r)) => registries::list_credentials(ctx, &r),
        ("POST", Route::GenerateCredentials(r)) => tokens::generate_credentials(ctx, &r),
        ("GET", Route::ScopeMaps(r)) => scope_maps::list(ctx, path, &r),
        ("GET", Route::Tasks(r)) => super::tasks::list(ctx, path, &r),
        ("GET", Route::ScopeMap(r, n)) => scope_maps::get(ctx, &r, &n),
        ("PUT", Route::ScopeMap(r, n)) => scope_maps::create(ctx, &r, &n),
        ("PATCH", Route::ScopeMap(r, n)) => scope_maps::update(ctx, &r, &n),
        ("DELETE", Route::ScopeMap(r, n)) => scope_maps::delete(ctx, &r, &n),
        ("GET", Route::Tokens(r)) => tokens::list(ctx, path, &r),
        ("GET", Route::Token(r, n)) => tokens::get(ctx, &r, &n),
        ("PUT", Route::Token(r, n)) => tokens::create(ctx, &r, &n),
        ("PATCH", Route::Token(r, n)) => tokens::update(ctx, &r, &n),
        ("DELETE", Route::Token(r, n)) => tokens::delete(ctx, &r, &n),
        (
            m,
            r @ (Route::RoleAssignments { .. }
            | Route::RoleAssignment { .. }
            | Route::RoleDefinitions { .. }
            | Route::RoleDefinition { .. }
            | Route::GraphGetByIds),
        ) => authorization::route(ctx, m, r, path).unwrap_or_else(|| Err(not_allowed())),
        ("POST", Route::ResourceGraph) => super::resource_graph::query(ctx),
        ("GET", Route::OperationStatus { id, .. }) => polls::poll_status(ctx, &id, path),
        ("GET", Route::OperationResult { id }) => polls::poll_result(ctx, &id, path),
        _ => Err(not_allowed()),
    }
}
