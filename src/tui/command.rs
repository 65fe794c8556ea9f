//! Effects the app asks for; run in spawned tasks, answered with
//! `Msg::Done(id, outcome)`. Every command carries the id of its operation, so
//! its answer finds its own spinner and follow-up, whatever else is running.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::arm::{RegistryRef, Slot, TokenInfo, TokenUpdate};

/// One operation, from the key that started it to its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u64);

#[derive(Debug)]
pub struct Command {
    pub id: OpId,
    pub kind: CommandKind,
}

/// The resource an operation changes: its row shows it pending, and a second
/// change to it is refused while the first is in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Registry(RegistryRef),
    /// Registry and lower-cased token name (ARM names are case-insensitive).
    Token(RegistryRef, String),
    ScopeMap(RegistryRef, String),
    /// A registry's role assignments.
    RoleAssignments(RegistryRef),
    File(std::path::PathBuf),
}

#[derive(Debug)]
pub enum CommandKind {
    LoadInventory,
    /// Stop waiting for operation `OpId` (its task is aborted). What it
    /// sent may still take effect on the service: the app re-reads.
    Cancel(OpId),
    /// Read one registry's scope maps and tokens again (after a cancelled
    /// change, whose effect is unknown).
    ReloadRegistry(crate::arm::RegistryInfo),
    SetAdminUser {
        registry: RegistryRef,
        enabled: bool,
    },
    UpdateToken {
        registry: RegistryRef,
        name: String,
        update: TokenUpdate,
        note: String,
    },
    DeleteToken {
        registry: RegistryRef,
        name: String,
    },
    DeleteScopeMap {
        registry: RegistryRef,
        name: String,
    },
    /// Re-read one token (before a slot is chosen for a new password).
    ReadToken {
        registry: RegistryRef,
        name: String,
    },
    GeneratePassword {
        registry: RegistryRef,
        login_server: String,
        token: String,
        /// The token as it was when the slot was chosen: if the service's
        /// copy differs right before sending, nothing is sent.
        chosen_on: TokenInfo,
        slot: Option<Slot>,
        expiry: Option<DateTime<Utc>>,
    },
    DeletePassword {
        registry: RegistryRef,
        token: String,
        slot: Slot,
    },
    SaveScopeMap {
        registry: RegistryRef,
        name: String,
        description: Option<String>,
        actions: Vec<String>,
        create: bool,
    },
    CreateToken {
        registry: RegistryRef,
        name: String,
        scope_map: String,
        enabled: bool,
    },
    /// Write an audit report (JSON when the path ends in .json, CSV otherwise).
    /// An existing file is replaced only with `overwrite` (asked first).
    Export {
        path: std::path::PathBuf,
        content: String,
        rows: usize,
        overwrite: bool,
    },
    /// Ask the registry's token service what a new password gets, per
    /// repository of its scope map. Reads only.
    Probe {
        login_server: String,
        user: String,
        password: SecretString,
        actions: Vec<String>,
        /// Repositories to probe; empty: one per pattern of the scope map.
        repositories: Vec<String>,
    },
    /// Write a new password (or a docker config with it) as a new version
    /// of a Key Vault secret; the sink is filled in for this token.
    Deliver {
        delivery: crate::tui::effect_deliver::Delivery,
        password: SecretString,
    },
    /// The audit's bulk rotation, one token: a new password into its slot
    /// (the token re-read first, never re-sent after a lost answer), then
    /// written to the vault secret (filled in for this token).
    RotateToVault(crate::tui::effect_deliver::VaultJob),
    /// List the registry's repositories with the operator's Entra identity
    /// (ARM token → /oauth2/exchange → catalog). Reads only.
    ReadCatalog {
        registry: RegistryRef,
        login_server: String,
    },
    /// List the registry's repositories with their tag counts (the
    /// Repositories view), with the operator's Entra identity. Reads only.
    ReadRepositories {
        registry: RegistryRef,
        login_server: String,
    },
    /// The registry's role assignments and mode from ARM, with display
    /// names from Graph (the Identities view). Reads only.
    ReadIdentities {
        registry: RegistryRef,
    },
    /// Grant a Repository role at the registry (a new role assignment).
    GrantRole {
        registry: RegistryRef,
        grant: crate::domain::abac::grant::RoleGrant,
    },
    /// Remove a role assignment made at the registry; `what` names it.
    RemoveRoleAssignment {
        registry: RegistryRef,
        id: String,
        what: String,
    },
    /// Copy to the clipboard. `what` is shown, never the text. A secret
    /// (`clear`) is cleared again after the configured delay, if unchanged.
    Copy {
        text: SecretString,
        what: String,
        clear: bool,
    },
}

impl CommandKind {
    /// What this changes or reads; `None` for the inventory and the clipboard.
    pub fn target(&self) -> Option<Target> {
        let token =
            |r: &RegistryRef, n: &str| Some(Target::Token(r.clone(), n.to_ascii_lowercase()));
        match self {
            CommandKind::LoadInventory
            | CommandKind::Copy { .. }
            | CommandKind::Cancel(_)
            | CommandKind::Probe { .. }
            | CommandKind::Deliver { .. }
            | CommandKind::ReadCatalog { .. }
            | CommandKind::ReadRepositories { .. }
            | CommandKind::ReadIdentities { .. } => None,
            CommandKind::ReloadRegistry(info) => Some(Target::Registry(info.registry.clone())),
            CommandKind::SetAdminUser { registry, .. } => Some(Target::Registry(registry.clone())),
            // One change to a registry's assignments at a time: a second
            // grant or removal waits for the first (and its re-read).
            CommandKind::GrantRole { registry, .. }
            | CommandKind::RemoveRoleAssignment { registry, .. } => {
                Some(Target::RoleAssignments(registry.clone()))
            }
            CommandKind::UpdateToken { registry, name, .. }
            | CommandKind::DeleteToken { registry, name }
            | CommandKind::ReadToken { registry, name }
            | CommandKind::CreateToken { registry, name, .. } => token(registry, name),
            CommandKind::RotateToVault(job) => token(&job.registry.registry, &job.token.name),
            CommandKind::GeneratePassword {
                registry, token: t, ..
            }
            | CommandKind::DeletePassword {
                registry, token: t, ..
            } => token(registry, t),
            CommandKind::DeleteScopeMap { registry, name }
            | CommandKind::SaveScopeMap { registry, name, .. } => Some(Target::ScopeMap(
                registry.clone(),
                name.to_ascii_lowercase(),
            )),
            CommandKind::Export { path, .. } => Some(Target::File(path.clone())),
        }
    }

    /// What the header says while this runs.
    pub fn label(&self) -> String {
        match self {
            CommandKind::LoadInventory => "loading".into(),
            CommandKind::Cancel(_) => "cancelling".into(),
            CommandKind::ReloadRegistry(info) => format!("re-reading {}", info.registry.name),
            CommandKind::SetAdminUser { registry, enabled } => format!(
                "{} admin user on {}",
                if *enabled { "enabling" } else { "disabling" },
                registry.name
            ),
            CommandKind::UpdateToken { name, note, .. } => format!("{note} {name}"),
            CommandKind::DeleteToken { name, .. } => format!("deleting token {name}"),
            CommandKind::DeleteScopeMap { name, .. } => format!("deleting scope map {name}"),
            CommandKind::ReadToken { name, .. } => format!("reading {name}"),
            CommandKind::GeneratePassword { token, .. } => {
                format!("generating a password for {token}")
            }
            CommandKind::DeletePassword { token, slot, .. } => {
                format!("deleting {} of {token}", slot.as_str())
            }
            CommandKind::Copy { what, .. } => format!("copying {what}"),
            CommandKind::Probe { user, .. } => format!("probing {user}"),
            CommandKind::Deliver { delivery, .. } => {
                format!("writing to {}", delivery.sink.describe())
            }
            CommandKind::RotateToVault(job) => {
                format!("rotating {} into Key Vault", job.token.name)
            }
            CommandKind::ReadCatalog { registry, .. }
            | CommandKind::ReadRepositories { registry, .. } => {
                format!("reading {}'s repositories", registry.name)
            }
            CommandKind::ReadIdentities { registry } => {
                format!("reading {}'s role assignments", registry.name)
            }
            CommandKind::GrantRole { registry, grant } => {
                format!("granting {} on {}", grant.role.name(), registry.name)
            }
            CommandKind::RemoveRoleAssignment { what, .. } => format!("removing {what}"),
            CommandKind::SaveScopeMap { name, .. } => format!("saving scope map {name}"),
            CommandKind::CreateToken { name, .. } => format!("creating token {name}"),
            CommandKind::Export { path, .. } => format!("writing {}", path.display()),
        }
    }
}
