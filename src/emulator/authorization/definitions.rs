//! `roleDefinitions`: the built-in roles that touch a registry, with their
//! real ids and (data) actions; list (`$filter=roleName eq '…'`) and get.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::domain::abac::roles::{Role, definition};
use crate::emulator::ctx::Ctx;
use crate::emulator::reply::{ApiError, ApiResult, Reply};

/// The subscription part of a scope (`/subscriptions/<id>`), or nothing.
fn subscription(scope: &str) -> String {
    let seg: Vec<&str> = scope.trim_matches('/').split('/').collect();
    match seg.as_slice() {
        [s, id, ..] if s.eq_ignore_ascii_case("subscriptions") => format!("/subscriptions/{id}"),
        _ => String::new(),
    }
}

pub fn render(role: Role, scope: &str) -> Value {
    let (actions, not_actions, data_actions) = definition(role);
    json!({
        "properties": {
            "roleName": role.name(),
            "type": "BuiltInRole",
            "description": format!("{} (built-in role)", role.name()),
            "assignableScopes": ["/"],
            "permissions": [{
                "actions": actions,
                "notActions": not_actions,
                "dataActions": data_actions,
                "notDataActions": [],
            }],
        },
        "id": format!("{}/providers/Microsoft.Authorization/roleDefinitions/{}", subscription(scope), role.guid()),
        "type": "Microsoft.Authorization/roleDefinitions",
        "name": role.guid(),
    })
}

pub fn list(ctx: &Ctx<'_>, path: &str, scope: &str) -> ApiResult {
    let name = match ctx.query.get("$filter").map(|f| f.trim()) {
        None | Some("") => None,
        Some(f) => Some(
            f.strip_prefix("roleName eq '")
                .and_then(|r| r.strip_suffix('\''))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "UnsupportedQuery",
                        format!("The filter '{f}' is not supported. Use roleName eq '{{value}}'."),
                    )
                })?,
        ),
    };
    let items = Role::all()
        .filter(|r| name.is_none_or(|n| r.name().eq_ignore_ascii_case(n)))
        .map(|r| render(r, scope))
        .collect();
    Ok(ctx.page(path, items))
}

pub fn get(scope: &str, id: &str) -> ApiResult {
    match Role::from_definition_id(id) {
        Some(role) => Ok(Reply::ok(render(role, scope))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "RoleDefinitionDoesNotExist",
            format!("The specified role definition with ID '{id}' does not exist."),
        )),
    }
}
