//! Effects the app asks for; run in spawned tasks, answered with `Msg::Done`.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::arm::{RegistryRef, Slot, TokenInfo, TokenUpdate};

#[derive(Debug)]
pub enum Command {
    LoadInventory,
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
    Export {
        path: std::path::PathBuf,
        content: String,
        rows: usize,
    },
    /// Copy to the clipboard (cleared again later). `what` is shown, never the text.
    Copy {
        text: SecretString,
        what: String,
    },
}

impl Command {
    /// What the header says while this runs.
    pub fn label(&self) -> String {
        match self {
            Command::LoadInventory => "loading".into(),
            Command::SetAdminUser { registry, enabled } => format!(
                "{} admin user on {}",
                if *enabled { "enabling" } else { "disabling" },
                registry.name
            ),
            Command::UpdateToken { name, note, .. } => format!("{note} {name}"),
            Command::DeleteToken { name, .. } => format!("deleting token {name}"),
            Command::DeleteScopeMap { name, .. } => format!("deleting scope map {name}"),
            Command::ReadToken { name, .. } => format!("reading {name}"),
            Command::GeneratePassword { token, .. } => format!("generating a password for {token}"),
            Command::DeletePassword { token, slot, .. } => {
                format!("deleting {} of {token}", slot.as_str())
            }
            Command::Copy { what, .. } => format!("copying {what}"),
            Command::SaveScopeMap { name, .. } => format!("saving scope map {name}"),
            Command::CreateToken { name, .. } => format!("creating token {name}"),
            Command::Export { path, .. } => format!("writing {}", path.display()),
        }
    }
}
