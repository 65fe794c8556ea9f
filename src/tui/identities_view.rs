//! The Identities view's reads: a registry's Entra role assignments (at the
//! registry and above it) and its role-assignment mode, from ARM, with the
//! principals' display names from Microsoft Graph when it answers. Read on
//! demand, like the repositories: the first time the view shows a registry,
//! and again on `r`.

use std::collections::HashMap;

use super::app::App;
use super::command::CommandKind;
use super::state::View;
use crate::domain::abac::assignment::RoleAssignment;

/// A registry's identities as read.
#[derive(Debug, Clone)]
pub struct Identities {
    /// `roleAssignmentMode` as ARM gave it (None: not said, so legacy).
    pub mode: Option<String>,
    pub assignments: Vec<RoleAssignment>,
    /// Display names by principal id, or why Graph could not give them:
    /// the view then shows ids, which is all ARM knows.
    pub names: Result<HashMap<String, String>, String>,
}

impl Identities {
    /// A principal's display name, when Graph gave one.
    pub fn name_of(&self, principal_id: &str) -> Option<&str> {
        self.names
            .as_ref()
            .ok()?
            .get(principal_id)
            .map(String::as_str)
    }
}

/// Reading, read, or why not (the ARM error, said in the pane).
#[derive(Debug, Clone)]
pub enum IdentitiesLoad {
    Reading,
    Read(Identities),
    Failed(String),
}

impl App {
    /// Reads the current registry's identities when the Identities view
    /// shows a registry not read yet (called after every message).
    pub(super) fn read_identities_when_shown(&mut self) {
        // The Repositories view lists who reaches a repository, Entra
        // principals included.
        if !matches!(self.view, View::Identities | View::Repositories) {
            return;
        }
        let Some(entry) = self.current_entry() else {
            return;
        };
        if self.store.identities(entry.reference()).is_none() {
            self.read_identities();
        }
    }

    /// Reads the current registry's identities (again).
    pub(super) fn read_identities(&mut self) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let registry = entry.reference().clone();
        self.store
            .set_identities(registry.clone(), IdentitiesLoad::Reading);
        self.run(CommandKind::ReadIdentities { registry });
    }
}
