//! Microsoft Graph's `POST /v1.0/directoryObjects/getByIds`: the seeded
//! principals' display names. Unknown ids are left out, as Graph does.

use serde_json::{Value, json};

use crate::emulator::ctx::Ctx;
use crate::emulator::reply::{ApiError, ApiResult, Reply};

/// Graph takes at most this many ids per call.
const MAX_IDS: usize = 1000;

pub fn get_by_ids(ctx: &Ctx<'_>) -> ApiResult {
    let body = ctx.body()?;
    let ids: Vec<&str> = body
        .get("ids")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .ok_or_else(|| ApiError::bad_request("Request_BadRequest", "ids is required."))?;
    if ids.len() > MAX_IDS {
        return Err(ApiError::bad_request(
            "Request_BadRequest",
            format!("At most {MAX_IDS} ids may be requested at once."),
        ));
    }
    let types: Vec<String> = body
        .get("types")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let principals = &ctx.state.store.directory.principals;
    let value: Vec<Value> = ids
        .iter()
        .filter_map(|id| principals.get(&id.to_ascii_lowercase()))
        .filter(|p| types.is_empty() || types.contains(&odata_kind(&p.kind).to_ascii_lowercase()))
        .map(|p| {
            json!({
                "@odata.type": format!("#microsoft.graph.{}", odata_kind(&p.kind)),
                "id": p.id,
                "displayName": p.display_name,
            })
        })
        .collect();
    Ok(Reply::ok(json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
        "value": value,
    })))
}

/// ARM's principal type as Graph's type name.
fn odata_kind(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "user" => "user",
        "group" => "group",
        _ => "servicePrincipal",
    }
}
