//! Where `--throttle` meets the server: which requests count, and the 429
//! that replaces an answer when a bucket is empty (throttle.rs has the buckets).

use std::time::Instant;

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;

use super::Shared;
use super::delivery::{Delivery, insert, render};
use super::reply::ApiError;
use super::routes::{self, Route};

/// `--throttle`: the remaining-requests headers for the answer, or the 429
/// that replaces it. Requests without a bearer token and the anonymous
/// routes (discovery, sign-in) are not counted: ARM answers those first.
pub fn gate(
    shared: &Shared,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<Vec<(&'static str, String)>, Box<Response>> {
    let Some(config) = &shared.config.throttle else {
        return Ok(Vec::new());
    };
    let route = routes::parse(path).filter(|r| !r.is_anonymous());
    let Some(route) = route.filter(|_| headers.contains_key("authorization")) else {
        return Ok(Vec::new());
    };
    let principal = super::throttle::principal(headers);
    let verdict = if route == Route::ResourceGraph {
        shared
            .throttle
            .admit_graph(config, &principal, Instant::now())
    } else {
        shared
            .throttle
            .admit(config, method, path, &principal, Instant::now())
    };
    let Some(after) = verdict.retry_after else {
        return Ok(verdict.headers);
    };
    shared.traffic.count_throttled();
    let refusal = ApiError::new(StatusCode::TOO_MANY_REQUESTS, verdict.code, verdict.message);
    let mut response = render(Err(refusal), Delivery::Whole, after.as_secs());
    for (name, value) in &verdict.headers {
        insert(response.headers_mut(), name, value);
    }
    Err(Box::new(response))
}
