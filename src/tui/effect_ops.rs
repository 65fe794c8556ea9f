//! What each Azure operation does off the UI task, and the outcome it
//! reports. One async function per kind of command; `Effects::spawn_op`
//! runs it and answers with the operation's id.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::CommandKind;
use super::msg::{Outcome, TaskError};
use crate::arm::{AcrApi, ArmError, RegistryRef, TokenUpdate};
use crate::password_gen::{GenerateFailure, Request, generate_checked};

/// A failed ARM call, named for the error popup.
fn failed(what: String) -> impl FnOnce(ArmError) -> Outcome {
    move |error| Outcome::Failed {
        what,
        error: error.into(),
    }
}

pub async fn run_arm(api: Arc<dyn AcrApi>, kind: CommandKind) -> Outcome {
    match kind {
        CommandKind::SetAdminUser { registry, enabled } => {
            api.set_admin_user(&registry, enabled).await.map_or_else(
                failed("Changing the admin user".into()),
                Outcome::RegistryChanged,
            )
        }
        CommandKind::GeneratePassword {
            registry,
            login_server,
            token,
            chosen_on,
            slot,
            expiry,
        } => {
            let request = Request {
                registry: &registry,
                chosen_on: &chosen_on,
                slot,
                expiry,
            };
            match generate_checked(api.as_ref(), request).await {
                Ok(creds) => Outcome::Generated {
                    registry,
                    login_server,
                    creds,
                },
                Err(failure) => generate_failed(registry, token, failure),
            }
        }
        CommandKind::SaveScopeMap { .. } | CommandKind::DeleteScopeMap { .. } => {
            scope_map_op(api.as_ref(), kind).await
        }
        CommandKind::ReloadRegistry(registry) => reload(api.as_ref(), registry).await,
        CommandKind::GrantRole { .. } | CommandKind::RemoveRoleAssignment { .. } => {
            role_assignment_op(api.as_ref(), kind).await
        }
        // Not Azure operations: Effects::spawn runs these itself.
        CommandKind::LoadInventory
        | CommandKind::Copy { .. }
        | CommandKind::Export { .. }
        | CommandKind::Cancel(_) => Outcome::Failed {
            what: "Running a command".into(),
            error: TaskError::Internal("not an Azure operation".into()),
        },
        token => token_op(api.as_ref(), token).await,
    }
}

/// Granting a role at a registry, or removing an assignment made there.
async fn role_assignment_op(api: &dyn AcrApi, kind: CommandKind) -> Outcome {
    let (registry, result) = match kind {
        CommandKind::GrantRole { registry, grant } => {
            let result = match api.create_role_assignment(&registry, &grant).await {
                Ok(_) => Ok(format!(
                    "granted {} on {} to {}",
                    grant.role.name(),
                    registry.name,
                    grant.principal_id
                )),
                Err(e) => Err((format!("Granting {}", grant.role.name()), e.into())),
            };
            (registry, result)
        }
        CommandKind::RemoveRoleAssignment { registry, id, what } => {
            let result = match api.delete_role_assignment(&registry, &id).await {
                Ok(()) => Ok(format!("removed {what}")),
                Err(e) => Err((format!("Removing {what}"), e.into())),
            };
            (registry, result)
        }
        other => {
            return Outcome::Failed {
                what: "Running a command".into(),
                error: TaskError::Internal(format!(
                    "not a role-assignment operation: {}",
                    other.label()
                )),
            };
        }
    };
    Outcome::RoleAssignmentChanged { registry, result }
}

/// Reading, creating, changing and deleting a token or one of its passwords.
async fn token_op(api: &dyn AcrApi, kind: CommandKind) -> Outcome {
    match kind {
        CommandKind::UpdateToken {
            registry,
            name,
            update,
            note,
        } => update_token(api, registry, name, update, note).await,
        CommandKind::DeleteToken { registry, name } => {
            match api.delete_token(&registry, &name).await {
                Ok(()) => Outcome::TokenDeleted { registry, name },
                Err(e) => failed(format!("Deleting token {name}"))(e),
            }
        }
        CommandKind::ReadToken { registry, name } => match api.get_token(&registry, &name).await {
            Ok(token) => Outcome::TokenRead { registry, token },
            Err(e) => failed(format!("Reading token {name}"))(e),
        },
        CommandKind::CreateToken {
            registry,
            name,
            scope_map,
            enabled,
        } => match api
            .create_token(&registry, &name, &scope_map, enabled)
            .await
        {
            Ok(token) => Outcome::TokenChanged {
                registry,
                token,
                note: format!("created with scope map {scope_map}"),
            },
            Err(e) => failed(format!("Creating token {name}"))(e),
        },
        CommandKind::DeletePassword {
            registry,
            token,
            slot,
        } => match api.delete_password(&registry, &token, slot).await {
            Ok(t) => Outcome::TokenChanged {
                registry,
                token: t,
                note: format!("{} deleted", slot.as_str()),
            },
            Err(e) => failed(format!("Deleting {} of {token}", slot.as_str()))(e),
        },
        other => Outcome::Failed {
            what: "Running a command".into(),
            error: TaskError::Internal(format!("not a token operation: {}", other.label())),
        },
    }
}

/// A token's status or scope map changed; the flash says which, in words.
async fn update_token(
    api: &dyn AcrApi,
    registry: RegistryRef,
    name: String,
    update: TokenUpdate,
    note: String,
) -> Outcome {
    let note = update_note(&update).unwrap_or(note);
    match api.update_token(&registry, &name, &update).await {
        Ok(token) => Outcome::TokenChanged {
            registry,
            token,
            note,
        },
        Err(e) => failed(format!("Updating token {name}"))(e),
    }
}

/// Saving (creating or replacing the actions of) and deleting a scope map.
async fn scope_map_op(api: &dyn AcrApi, kind: CommandKind) -> Outcome {
    match kind {
        CommandKind::SaveScopeMap {
            registry,
            name,
            description,
            actions,
            create,
        } => {
            let result = if create {
                api.create_scope_map(&registry, &name, description.as_deref(), &actions)
                    .await
            } else {
                api.update_scope_map(&registry, &name, description.as_deref(), &actions)
                    .await
            };
            match result {
                Ok(map) => Outcome::ScopeMapSaved { registry, map },
                Err(e) => failed(format!("Saving scope map {name}"))(e),
            }
        }
        CommandKind::DeleteScopeMap { registry, name } => {
            match api.delete_scope_map(&registry, &name).await {
                Ok(()) => Outcome::ScopeMapDeleted { registry, name },
                Err(e) => failed(format!("Deleting scope map {name}"))(e),
            }
        }
        other => Outcome::Failed {
            what: "Running a command".into(),
            error: TaskError::Internal(format!("not a scope-map operation: {}", other.label())),
        },
    }
}

/// A registry's role assignments and mode, and the principals' names when
/// Graph gives them (its failure is said in the view, not an error).
pub async fn read_identities(
    api: &dyn AcrApi,
    graph: Option<&crate::arm::graph::GraphDirectory>,
    registry: &RegistryRef,
) -> Result<super::identities_view::Identities, String> {
    let (mode, assignments) = tokio::try_join!(
        api.role_assignment_mode(registry),
        api.list_role_assignments(registry)
    )
    .map_err(|e| e.to_string())?;
    let mut ids: Vec<String> = assignments.iter().map(|a| a.principal_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let names = match graph {
        Some(g) => g.display_names(&ids).await.map_err(|e| e.to_string()),
        None => Err("no Microsoft Graph endpoint configured".into()),
    };
    let tasks = api.list_tasks(registry).await.map_err(|e| e.to_string());
    Ok(super::identities_view::Identities {
        mode,
        assignments,
        names,
        tasks,
    })
}

/// A registry read again, outside the inventory.
async fn reload(api: &dyn AcrApi, registry: crate::arm::RegistryInfo) -> Outcome {
    let permits = tokio::sync::Semaphore::new(2);
    let event = match crate::arm::inventory::load_registry(api, &permits, &registry).await {
        Ok((scope_maps, tokens)) => crate::arm::inventory::Event::RegistryLoaded {
            registry,
            scope_maps,
            tokens,
        },
        Err(error) => crate::arm::inventory::Event::RegistryFailed { registry, error },
    };
    Outcome::Reloaded(event)
}

/// Writes an audit report (JSON or CSV, already rendered).
/// Writes the report. Without `overwrite` the file must not exist yet
/// (`create_new`, atomic: no check-then-write race); if it does, the
/// answer says so and the user is asked.
pub async fn export(path: PathBuf, content: String, rows: usize, overwrite: bool) -> Outcome {
    use tokio::io::AsyncWriteExt;
    let shown = path.display().to_string();
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let written = match options.open(&path).await {
        Ok(mut file) => match file.write_all(content.as_bytes()).await {
            Ok(()) => file.flush().await,
            Err(e) => Err(e),
        },
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Outcome::ExportExists {
                path,
                content,
                rows,
            };
        }
        Err(e) => Err(e),
    };
    match written {
        Ok(()) => Outcome::Exported { path: shown, rows },
        Err(e) => Outcome::Failed {
            what: format!("Writing {shown}"),
            error: TaskError::File {
                path: shown,
                reason: e.to_string(),
            },
        },
    }
}

fn generate_failed(registry: RegistryRef, token: String, failure: GenerateFailure) -> Outcome {
    match failure {
        GenerateFailure::Refused(error) => Outcome::Failed {
            what: format!("Generating a password for {token}"),
            error: error.into(),
        },
        GenerateFailure::Stale { current, message } => Outcome::GenerateStale {
            registry,
            token: current,
            message,
        },
        GenerateFailure::Lost { after, report, .. } => Outcome::GenerateLost {
            registry,
            token,
            after,
            report,
        },
    }
}

fn update_note(update: &TokenUpdate) -> Option<String> {
    match (update.enabled, &update.scope_map) {
        (Some(true), None) => Some("enabled".into()),
        (Some(false), None) => Some("disabled".into()),
        (None, Some(map)) => Some(format!("now uses scope map {map}")),
        _ => None,
    }
}
