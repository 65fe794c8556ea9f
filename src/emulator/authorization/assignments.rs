//! `roleAssignments`: list (`$filter=atScope()`, `principalId eq '…'`),
//! get, create (PUT) and delete, at subscription, resource-group and
//! registry scope, with ARM's error codes for what it refuses.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Directory, LENIENT_CALLER_ID, RoleAssignment, assignment_id, at_or_above};
use crate::domain::abac::roles::Role;
use crate::emulator::ctx::Ctx;
use crate::emulator::reply::{ApiError, ApiResult, Reply};

const TYPE: &str = "Microsoft.Authorization/roleAssignments";

/// An assignment as ARM returns it; absent optional fields are null, as
/// recorded traffic shows them.
pub fn render(a: &RoleAssignment) -> Value {
    let sub = a
        .scope
        .split('/')
        .nth(2)
        .map(|s| format!("/subscriptions/{s}"))
        .unwrap_or_default();
    json!({
        "properties": {
            "roleDefinitionId": format!("{sub}/providers/Microsoft.Authorization/roleDefinitions/{}", a.role),
            "principalId": a.principal_id,
            "principalType": a.principal_type,
            "scope": a.scope,
            "condition": a.condition,
            "conditionVersion": a.condition_version,
            "description": a.description,
            "createdOn": crate::emulator::json::timestamp(a.created_on),
            "updatedOn": crate::emulator::json::timestamp(a.updated_on),
            "createdBy": a.created_by,
            "updatedBy": a.created_by,
            "delegatedManagedIdentityResourceId": null,
        },
        "id": a.id(),
        "type": TYPE,
        "name": a.name,
    })
}

/// What `$filter` keeps: `atScope()` (at or above), `principalId eq '…'`,
/// both joined with `and`; none keeps those at, above and below.
struct Filter {
    at_scope: bool,
    principal: Option<String>,
}

fn filter(text: Option<&String>) -> Result<Filter, ApiError> {
    let mut f = Filter {
        at_scope: false,
        principal: None,
    };
    let Some(text) = text.map(|t| t.trim()).filter(|t| !t.is_empty()) else {
        return Ok(f);
    };
    for part in text.split(" and ") {
        let part = part.trim();
        if part.eq_ignore_ascii_case("atScope()") {
            f.at_scope = true;
        } else if let Some(id) = part
            .strip_prefix("principalId eq '")
            .and_then(|r| r.strip_suffix('\''))
        {
            f.principal = Some(id.to_string());
        } else {
            return Err(ApiError::bad_request(
                "UnsupportedQuery",
                format!(
                    "The filter '{text}' is not supported. Supported filters are atScope() and principalId eq '{{value}}'."
                ),
            ));
        }
    }
    Ok(f)
}

pub fn list(ctx: &Ctx<'_>, path: &str, scope: &str) -> ApiResult {
    check_scope(ctx, scope)?;
    let f = filter(ctx.query.get("$filter"))?;
    let items = ctx
        .state
        .store
        .directory
        .assignments
        .values()
        .filter(|a| {
            let above = at_or_above(&a.scope, scope);
            above || (!f.at_scope && at_or_above(scope, &a.scope))
        })
        .filter(|a| {
            f.principal
                .as_ref()
                .is_none_or(|p| a.principal_id.eq_ignore_ascii_case(p))
        })
        .map(render)
        .collect();
    Ok(ctx.page(path, items))
}

pub fn get(ctx: &Ctx<'_>, scope: &str, name: &str) -> ApiResult {
    let key = assignment_id(scope, name).to_ascii_lowercase();
    match ctx.state.store.directory.assignments.get(&key) {
        Some(a) => Ok(Reply::ok(render(a))),
        None => Err(not_found()),
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "RoleAssignmentNotFound",
        "The role assignment does not exist.",
    )
}

pub fn delete(ctx: &mut Ctx<'_>, scope: &str, name: &str) -> ApiResult {
    let key = assignment_id(scope, name).to_ascii_lowercase();
    match ctx.state.store.directory.assignments.remove(&key) {
        Some(a) => Ok(Reply::ok(render(&a))),
        None => Ok(Reply::with(StatusCode::NO_CONTENT, None)),
    }
}

/// The scope must name something that exists: the subscription, and the
/// registry when it is a registry's id.
fn check_scope(ctx: &Ctx<'_>, scope: &str) -> Result<(), ApiError> {
    let seg: Vec<&str> = scope.trim_matches('/').split('/').collect();
    let sub = match seg.as_slice() {
        [s, sub, ..] if s.eq_ignore_ascii_case("subscriptions") => *sub,
        _ => {
            return Err(ApiError::bad_request(
                "InvalidScope",
                format!("The scope '{scope}' is not valid for role assignments."),
            ));
        }
    };
    if !ctx.state.store.has_subscription(sub) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "SubscriptionNotFound",
            format!("The subscription '{sub}' could not be found."),
        ));
    }
    if let [_, _, _, rg, _, _, _, name, ..] = seg.as_slice()
        && ctx.state.store.registry(sub, rg, name).is_none()
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            format!(
                "The Resource 'Microsoft.ContainerRegistry/registries/{name}' under resource group '{rg}' was not found."
            ),
        ));
    }
    Ok(())
}

pub fn put(ctx: &mut Ctx<'_>, scope: &str, name: &str) -> ApiResult {
    check_scope(ctx, scope)?;
    if uuid::Uuid::parse_str(name).is_err() {
        return Err(ApiError::bad_request(
            "InvalidRoleAssignmentId",
            format!(
                "The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID."
            ),
        ));
    }
    let wanted = requested(ctx.body()?, scope, name, &ctx.state.store.directory)?;
    let key = wanted.id().to_ascii_lowercase();
    let directory = &mut ctx.state.store.directory;
    let existing = directory.assignments.get(&key);
    if let Some(old) = existing {
        if !old.principal_id.eq_ignore_ascii_case(&wanted.principal_id) || old.role != wanted.role {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "RoleAssignmentUpdateNotPermitted",
                "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
            ));
        }
    } else if directory.assignments.values().any(|a| {
        a.role == wanted.role
            && a.principal_id.eq_ignore_ascii_case(&wanted.principal_id)
            && a.scope.eq_ignore_ascii_case(&wanted.scope)
    }) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "RoleAssignmentExists",
            "The role assignment already exists.",
        ));
    }
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let mut stored = wanted;
    if let Some(old) = existing {
        stored.created_on = old.created_on;
    }
    let body = render(&stored);
    directory.assignments.insert(key, stored);
    Ok(Reply::with(status, Some(body)))
}

/// The assignment a PUT body asks for, checked as ARM checks it.
fn requested(
    body: &Value,
    scope: &str,
    name: &str,
    directory: &Directory,
) -> Result<RoleAssignment, ApiError> {
    let p = body.get("properties").unwrap_or(&Value::Null);
    let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
    let definition = text("roleDefinitionId").ok_or_else(|| {
        ApiError::bad_request(
            "InvalidRequestContent",
            "properties.roleDefinitionId is required.",
        )
    })?;
    let role = Role::from_definition_id(&definition).ok_or_else(|| {
        ApiError::bad_request(
            "RoleDefinitionDoesNotExist",
            format!("The specified role definition with ID '{definition}' does not exist."),
        )
    })?;
    let principal_id = text("principalId").ok_or_else(|| {
        ApiError::bad_request(
            "InvalidRequestContent",
            "properties.principalId is required.",
        )
    })?;
    let principal = directory
        .principals
        .get(&principal_id.to_ascii_lowercase())
        .ok_or_else(|| {
            ApiError::bad_request(
                "PrincipalNotFound",
                format!("Principal {principal_id} does not exist in the directory."),
            )
        })?;
    let condition = text("condition").filter(|c| !c.trim().is_empty());
    let condition_version = checked_condition(condition.as_deref(), text("conditionVersion"))?;
    let now = chrono::Utc::now();
    Ok(RoleAssignment {
        name: name.to_ascii_lowercase(),
        scope: scope.to_string(),
        role: role.guid().to_string(),
        principal_type: text("principalType").unwrap_or_else(|| principal.kind.clone()),
        principal_id,
        condition,
        condition_version,
        description: text("description"),
        created_on: now,
        updated_on: now,
        created_by: LENIENT_CALLER_ID.to_string(),
    })
}

/// The condition's version (2.0, or none without a condition), after checking
/// that the condition parses.
fn checked_condition(
    condition: Option<&str>,
    version: Option<String>,
) -> Result<Option<String>, ApiError> {
    let Some(c) = condition else {
        return Ok(None);
    };
    // az CLI always sends 2.0; a condition without a version is taken as 2.0.
    if let Some(v) = version.filter(|v| v != "2.0") {
        return Err(ApiError::bad_request(
            "InvalidConditionVersion",
            format!("The condition version '{v}' is not supported. Supported versions: 2.0."),
        ));
    }
    crate::domain::abac::condition::parse(c).map_err(|e| {
        ApiError::bad_request(
            "InvalidRoleAssignmentCondition",
            format!("The condition is not valid: {e}."),
        )
    })?;
    Ok(Some("2.0".to_string()))
}
