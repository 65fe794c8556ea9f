//! Azure Resource Graph, as far as acrtui's discovery needs it:
//! `POST /providers/Microsoft.ResourceGraph/resources` with the one query
//! acrtui sends, `resources | where type =~ 'microsoft.containerregistry/registries'`
//! (whitespace and letter case aside), over every subscription the caller
//! sees or the `subscriptions` the request names, `objectArray` rows, paged
//! with `options.$top` (at most 1,000) and `$skipToken`. It is not a KQL
//! engine: any other query gets a 400 that says so. Rows are the registry as
//! ARM writes it at 2025-11-01 plus Resource Graph's `subscriptionId`,
//! `resourceGroup` and `tenantId` columns.

use serde_json::{Value, json};

use super::json as render;
use super::reply::{ApiError, ApiResult, Reply};
use super::server::Ctx;

pub const API_VERSIONS: [&str; 3] = ["2021-03-01", "2022-10-01", "2024-04-01"];

/// The query acrtui's discovery sends.
pub const REGISTRIES_QUERY: &str =
    "resources | where type =~ 'microsoft.containerregistry/registries'";

/// The registry shape the rows take (the newest stable model).
const ROW_API_VERSION: &str = "2025-11-01";
const DEFAULT_TOP: usize = 100;
const MAX_TOP: usize = 1000;

/// Lower case, with runs of whitespace as one space: the same query written
/// with other spacing or case is the same query.
fn normalised(query: &str) -> String {
    query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

fn invalid_query(message: String) -> ApiError {
    ApiError::bad_request("BadRequest", message)
}

/// POST …/resources: one page of registries.
pub fn query(ctx: &Ctx<'_>) -> ApiResult {
    let body = ctx.body()?.clone();
    let query = body
        .get("query")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("InvalidRequestContent", "The query is required."))?;
    if normalised(query) != normalised(REGISTRIES_QUERY) {
        return Err(invalid_query(format!(
            "Query is invalid. The emulator's Resource Graph is not a KQL engine: it answers only \"{REGISTRIES_QUERY}\"."
        )));
    }
    let options = body.get("options").cloned().unwrap_or(Value::Null);
    let format = options.get("resultFormat").and_then(Value::as_str);
    if format.is_some_and(|f| !f.eq_ignore_ascii_case("objectArray")) {
        return Err(invalid_query(
            "The emulator's Resource Graph writes resultFormat objectArray only.".into(),
        ));
    }
    let (skip, top) = window(&options)?;
    let wanted = subscriptions(&body)?;
    let store = &ctx.state.store;
    let rows: Vec<Value> = store
        .registries
        .values()
        .filter(|r| store.has_subscription(&r.subscription))
        .filter(|r| {
            wanted
                .as_ref()
                .is_none_or(|w| w.iter().any(|s| s.eq_ignore_ascii_case(&r.subscription)))
        })
        .map(|r| row(r, &store.tenant_id))
        .collect();
    let total = rows.len();
    let end = skip.saturating_add(top).min(total);
    let page: Vec<Value> = rows
        .get(skip..end)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let mut answer = json!({
        "totalRecords": total,
        "count": page.len(),
        "data": page,
        "facets": [],
        "resultTruncated": "false",
    });
    if end < total {
        answer["$skipToken"] = json!(end.to_string());
    }
    Ok(Reply::ok(answer))
}

/// Where the page starts (`$skipToken`, else `$skip`) and how many rows it holds.
fn window(options: &Value) -> Result<(usize, usize), ApiError> {
    let number = |k: &str| options.get(k).and_then(Value::as_u64).map(|n| n as usize);
    let top = number("$top").unwrap_or(DEFAULT_TOP);
    if top == 0 || top > MAX_TOP {
        return Err(invalid_query(format!(
            "$top must be from 1 to {MAX_TOP}, not {top}."
        )));
    }
    let skip = match options.get("$skipToken").and_then(Value::as_str) {
        Some(token) => token.parse::<usize>().map_err(|_| {
            invalid_query(format!(
                "$skipToken {token:?} is not one this service gave."
            ))
        })?,
        None => number("$skip").unwrap_or(0),
    };
    Ok((skip, top))
}

/// The request's `subscriptions`, if it narrows the query to some.
fn subscriptions(body: &Value) -> Result<Option<Vec<String>>, ApiError> {
    match body.get("subscriptions") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(ids)) => Ok(Some(
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        )),
        Some(_) => Err(ApiError::bad_request(
            "InvalidRequestContent",
            "subscriptions must be an array of subscription ids.",
        )),
    }
}

fn row(r: &super::store::Registry, tenant: &str) -> Value {
    let mut v = render::registry(r, ROW_API_VERSION);
    v["subscriptionId"] = json!(r.subscription);
    v["resourceGroup"] = json!(r.resource_group.to_ascii_lowercase());
    v["tenantId"] = json!(tenant);
    v
}
