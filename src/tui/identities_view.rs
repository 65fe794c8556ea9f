//! The Identities view's reads: a registry's Entra role assignments (at the
//! registry and above it) and its role-assignment mode, from ARM, with the
//! principals' display names from Microsoft Graph when it answers. Read on
//! demand, like the repositories: the first time the view shows a registry,
//! and again on `r`.

use std::collections::HashMap;

use super::app::App;
use super::command::CommandKind;
use super::popups::Popup;
use super::popups::confirm::Confirm;
use super::popups::grant_form::GrantForm;
use super::popups::notice::Notice;
use super::state::View;
use crate::arm::RegistryRef;
use crate::domain::abac::assignment::RoleAssignment;
use crate::domain::abac::readiness::{NOT_CHECKED, TaskInfo, readiness, task_findings};
use crate::domain::abac::roles::Mode;

/// A registry's identities as read.
#[derive(Debug, Clone)]
pub struct Identities {
    /// `roleAssignmentMode` as ARM gave it (None: not said, so legacy).
    pub mode: Option<String>,
    pub assignments: Vec<RoleAssignment>,
    /// Display names by principal id, or why Graph could not give them:
    /// the view then shows ids, which is all ARM knows.
    pub names: Result<HashMap<String, String>, String>,
    /// The registry's ACR Tasks, for readiness, or why they were not read.
    pub tasks: Result<Vec<TaskInfo>, String>,
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
        self.read_identities_of(registry);
    }

    /// Reads `registry`'s identities (again), keeping what is shown until
    /// the answer comes when they were read before.
    pub(super) fn read_identities_of(&mut self, registry: RegistryRef) {
        if !matches!(
            self.store.identities(&registry),
            Some(IdentitiesLoad::Read(_))
        ) {
            self.store
                .set_identities(registry.clone(), IdentitiesLoad::Reading);
        }
        self.run(CommandKind::ReadIdentities { registry });
    }

    /// `n` in the Identities view: the grant form, knowing the principals
    /// the registry's assignments name.
    pub(super) fn open_grant_form(&mut self) {
        if self.view != View::Identities {
            return;
        }
        let Some(entry) = self.current_entry() else {
            return;
        };
        let registry = entry.reference().clone();
        let mut known = HashMap::new();
        if let Some(IdentitiesLoad::Read(read)) = self.store.identities(&registry) {
            for a in &read.assignments {
                let id = a.principal_id.to_ascii_lowercase();
                let name = read
                    .name_of(&a.principal_id)
                    .unwrap_or_default()
                    .to_string();
                known.insert(id, (name, a.principal_type.clone()));
            }
        }
        self.open(Popup::GrantForm(GrantForm::new(registry, known)));
    }

    /// `i` in the Identities view: what the assignments read mean for a
    /// mode switch (legacy) or what the mode ignores (ABAC), as `acrtui
    /// audit --abac` says it for this registry.
    pub(super) fn open_readiness(&mut self) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let name = entry.info.registry.name.clone();
        let Some(IdentitiesLoad::Read(read)) = self.store.identities(entry.reference()) else {
            return self.flash("the role assignments are not read yet", true);
        };
        let Some(mode) = Mode::parse(read.mode.as_deref()) else {
            return self.flash(
                "the registry's role-assignment mode is unknown to acrtui: no claim made",
                true,
            );
        };
        let mut findings = readiness(mode, &read.assignments);
        if let Ok(tasks) = &read.tasks {
            findings.extend(task_findings(mode, tasks, &read.assignments));
        }
        let mut items: Vec<String> = findings
            .iter()
            .map(|f| {
                let who = f.who(read.name_of(&f.principal_id));
                format!("{} · {who}\n{}", f.kind.as_str(), f.detail)
            })
            .collect();
        if items.is_empty() {
            items.push(match mode {
                Mode::Legacy => "Ready: a switch to ABAC mode changes no one's access.".into(),
                Mode::Abac => "Nothing ignored, no condition to fix.".into(),
            });
        }
        if let Err(why) = &read.tasks {
            items.push(format!(
                "Tasks not read ({why}): a task without an identity would not be listed here."
            ));
        }
        items.push(format!("Not checked: {NOT_CHECKED}."));
        let title = match mode {
            Mode::Legacy => format!(
                "Switching {name} to ABAC mode: {} finding(s)",
                findings.len()
            ),
            Mode::Abac => format!("{name} in ABAC mode: {} finding(s)", findings.len()),
        };
        self.open(Popup::Notice(Notice {
            title,
            items,
            scroll: 0,
        }));
    }

    /// `ctrl-d` in the Identities view: remove the selected assignment,
    /// when it is made at this registry, after confirmation.
    pub(super) fn remove_selected_assignment(&mut self) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let registry = entry.reference().clone();
        let Some(a) = self.panes.identities.selected(&self.pane_data()).cloned() else {
            return;
        };
        if let Some(scope) = a.inherited_from(&registry.id()) {
            return self.flash(
                format!(
                    "inherited from {scope}: remove it there (az role assignment delete --ids {})",
                    a.id
                ),
                true,
            );
        }
        let who = match self.store.identities(&registry) {
            Some(IdentitiesLoad::Read(read)) => read
                .name_of(&a.principal_id)
                .map_or(a.principal_id.clone(), str::to_string),
            _ => a.principal_id.clone(),
        };
        let what = format!("{who}'s {}", a.role_name());
        let message = format!(
            "Remove {what} on {}? It covers {}; what it gives stops at once.",
            registry.name,
            a.describe_condition()
        );
        self.open(Popup::Confirm(Confirm::new(
            "Remove role assignment",
            message,
            None,
            CommandKind::RemoveRoleAssignment {
                registry,
                id: a.id.clone(),
                what,
            },
        )));
    }
}
