//! Long-running operations seen from the wire: polls of
//! `Azure-AsyncOperation` and `Location` URLs, answered as live answers
//! them, and the effects that land when an operation completes.

use axum::http::StatusCode;
use serde_json::Value;

use super::State;
use super::lro::{Effect, Kind};
use super::reply::{ApiError, ApiResult, Reply};
use super::server::Ctx;

/// Applies operations whose deadline passed, so state converges without polls.
pub fn settle_due(state: &mut State) {
    for effect in state.ops.take_due() {
        apply(state, &effect);
    }
}

/// Applies a finished operation's effect; idempotent.
pub fn apply(state: &mut State, effect: &Effect) {
    use super::store::Provisioning::*;
    let (registry_key, kind, key, remove) = match effect {
        Effect::Succeed {
            registry_key,
            kind,
            key,
        } => (registry_key, kind, key, false),
        Effect::Remove {
            registry_key,
            kind,
            key,
        } => (registry_key, kind, key, true),
        Effect::RemoveRegistry { registry_key } => {
            state.store.registries.remove(registry_key);
            return;
        }
        Effect::Result => return,
    };
    let Some(reg) = state.store.registries.get_mut(registry_key) else {
        return;
    };
    match (kind, remove) {
        (Kind::Token, true) => {
            if reg.tokens.get(key).is_some_and(|t| t.state == Deleting) {
                reg.tokens.remove(key);
            }
        }
        (Kind::ScopeMap, true) => {
            if reg.scope_maps.get(key).is_some_and(|s| s.state == Deleting) {
                reg.scope_maps.remove(key);
            }
        }
        (Kind::Token, false) => {
            if let Some(t) = reg
                .tokens
                .get_mut(key)
                .filter(|t| matches!(t.state, Creating | Updating))
            {
                t.state = Succeeded;
            }
        }
        (Kind::ScopeMap, false) => {
            if let Some(s) = reg
                .scope_maps
                .get_mut(key)
                .filter(|s| matches!(s.state, Creating | Updating))
            {
                s.state = Succeeded;
            }
        }
    }
}

fn unknown_operation(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "OperationNotFound",
        format!("The operation '{id}' was not found."),
    )
}

/// This poll's own URL, which live repeats in its answers.
fn own_url(ctx: &Ctx<'_>, path: &str) -> String {
    format!("{}{path}?api-version={}", ctx.base, ctx.api_version)
}

/// `Azure-AsyncOperation` polls (and generateCredentials' 202 `Location`).
pub fn poll_status(ctx: &mut Ctx<'_>, id: &str, path: &str) -> ApiResult {
    use super::lro::PollState;
    let state = ctx.state.ops.poll(id);
    let result = ctx.state.ops.result(id).cloned();
    match state {
        PollState::Unknown => Err(unknown_operation(id)),
        // A Location-style operation (it carries a result) answers 202 / 200 + result.
        PollState::Running if result.is_some() => Ok(Reply::with(StatusCode::ACCEPTED, None)
            .header(
                "Retry-After",
                ctx.shared.config.retry_after_secs.to_string(),
            )),
        PollState::Running => Ok(
            Reply::ok(serde_json::json!({"status": "InProgress"})).header(
                "Retry-After",
                ctx.shared.config.retry_after_secs.to_string(),
            ),
        ),
        // Live's final status answer repeats Azure-AsyncOperation and Retry-After.
        PollState::Done(effect) => {
            apply(ctx.state, &effect);
            let retry = ctx.shared.config.retry_after_secs.to_string();
            let reply =
                Reply::ok(result.unwrap_or_else(|| serde_json::json!({"status": "Succeeded"})));
            Ok(reply
                .header("Azure-AsyncOperation", own_url(ctx, path))
                .header("Retry-After", retry))
        }
    }
}

/// `Location` polls of deletes: while running, live answers 202 with the
/// body `null` and repeats `Location` and `Retry-After`; then 200, empty.
pub fn poll_result(ctx: &mut Ctx<'_>, id: &str, path: &str) -> ApiResult {
    use super::lro::PollState;
    match ctx.state.ops.poll(id) {
        PollState::Unknown => Err(unknown_operation(id)),
        PollState::Running => Ok(Reply::with(StatusCode::ACCEPTED, Some(Value::Null))
            .header("Location", own_url(ctx, path))
            .header(
                "Retry-After",
                ctx.shared.config.retry_after_secs.to_string(),
            )),
        PollState::Done(effect) => {
            apply(ctx.state, &effect);
            Ok(Reply::with(StatusCode::OK, None))
        }
    }
}
