//! What happened: terminal input, the clock, inventory results, and the
//! outcomes of commands run off the UI task.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::command::OpId;
use crate::arm::inventory::Event;
use crate::arm::{GeneratedCredentials, RegistryInfo, RegistryRef, ScopeMapInfo, TokenInfo};
use crate::domain::rotation_report::LostAnswer;

pub use super::task_error::TaskError;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(crossterm::event::MouseEvent),
    Resize(u16, u16),
    /// The clock, passed in so `update` never reads it.
    Tick(DateTime<Utc>),
    Inventory(Event),
    /// The answer to the operation with this id.
    Done(OpId, Outcome),
    /// ARM answered 429: requests wait until then (they resume by themselves).
    Throttled(DateTime<Utc>),
}

#[derive(Debug)]
pub enum Outcome {
    RegistryChanged(RegistryInfo),
    TokenChanged {
        registry: RegistryRef,
        token: TokenInfo,
        note: String,
    },
    TokenDeleted {
        registry: RegistryRef,
        name: String,
    },
    ScopeMapDeleted {
        registry: RegistryRef,
        name: String,
    },
    ScopeMapSaved {
        registry: RegistryRef,
        map: ScopeMapInfo,
    },
    Exported {
        path: String,
        rows: usize,
    },
    /// A registry read again (`RegistryLoaded` or `RegistryFailed`).
    Reloaded(Event),
    /// Nothing was written: the file exists (the report comes back, to be
    /// written if the user says to overwrite).
    ExportExists {
        path: std::path::PathBuf,
        content: String,
        rows: usize,
    },
    Generated {
        registry: RegistryRef,
        login_server: String,
        creds: GeneratedCredentials,
    },
    /// A token as just re-read.
    TokenRead {
        registry: RegistryRef,
        token: TokenInfo,
    },
    /// The token changed since the slot was chosen; nothing was sent.
    GenerateStale {
        registry: RegistryRef,
        token: TokenInfo,
        message: String,
    },
    /// The answer to generateCredentials was lost; `after` is the token re-read.
    GenerateLost {
        registry: RegistryRef,
        token: String,
        after: Option<TokenInfo>,
        report: LostAnswer,
    },
    Copied {
        what: String,
        via: String,
        /// When the clipboard is cleared (secrets only).
        clear_after_secs: Option<u64>,
    },
    ClipboardCleared,
    /// A registry's repositories (or why they could not be read).
    CatalogRead {
        registry: RegistryRef,
        result: Result<Vec<String>, crate::registry::RegistryError>,
    },
    /// A grant or removal done (said in the footer), or why not; either way
    /// the registry's assignments are read again.
    RoleAssignmentChanged {
        registry: RegistryRef,
        result: Result<String, (String, TaskError)>,
    },
    /// A registry's role assignments, mode and principals' names (or why
    /// the assignments could not be read).
    IdentitiesRead {
        registry: RegistryRef,
        result: Result<super::identities_view::Identities, String>,
    },
    /// A registry's repositories with tag counts (or why they could not be read).
    RepositoriesRead {
        registry: RegistryRef,
        result: Result<
            Vec<crate::registry::tag_counts::RepositorySummary>,
            crate::registry::RegistryError,
        >,
    },
    /// What the token service granted a new password (or why it could not say).
    Probed {
        login_server: String,
        user: String,
        result: Result<Vec<crate::registry::probe::ProbeRow>, crate::registry::RegistryError>,
    },
    /// One token of the audit's bulk rotation.
    RotatedToVault {
        registry: RegistryRef,
        login_server: String,
        token: String,
        result: VaultRotation,
    },
    /// A new password written to a vault (the version's id), or why not.
    Delivered {
        login_server: String,
        user: String,
        sink: String,
        result: Result<String, String>,
    },
    Failed {
        what: String,
        error: TaskError,
    },
    ClipboardFailed(String),
}

/// How one token of a bulk rotation went.
#[derive(Debug)]
pub enum VaultRotation {
    /// Rotated and written: the secret version's id.
    Written {
        creds: crate::arm::GeneratedCredentials,
        id: String,
    },
    /// Rotated, but the vault did not take it: the password must be shown.
    NotWritten {
        creds: crate::arm::GeneratedCredentials,
        sink: String,
        why: String,
    },
    /// Nothing was created (the token changed, a refusal…).
    NotRotated(String),
    /// The answer was lost: what exists now, as `acrtui rotate` says it.
    Lost(String),
}
