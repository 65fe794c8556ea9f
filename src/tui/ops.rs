//! Operations in flight, by id: what each is called, what it changes, and the
//! step that follows it. The follow-up is stored when the operation starts,
//! never read from whatever popup is open when its answer arrives.

use std::collections::BTreeMap;

use super::command::{CommandKind, OpId, Target};
use crate::arm::{RegistryRef, Slot};

/// What to do once an operation succeeds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Then {
    #[default]
    Nothing,
    /// Rotation: once the new password has been shown, ask to delete this slot.
    Retire(RegistryRef, Slot),
    /// The token form's inline scope map: create the token with it once saved.
    CreateToken { name: String, enabled: bool },
}

#[derive(Debug, Clone)]
pub struct InFlight {
    pub label: String,
    pub target: Option<Target>,
    pub then: Then,
}

#[derive(Debug, Default)]
pub struct Ops {
    next: u64,
    running: BTreeMap<OpId, InFlight>,
}

impl Ops {
    /// Starts an operation, or says why not: one change at a time per resource,
    /// so a second key press cannot send the same change twice.
    pub fn start(&mut self, kind: &CommandKind, then: Then) -> Result<OpId, String> {
        let target = kind.target();
        if let Some(busy) = target.as_ref().and_then(|t| {
            self.running
                .values()
                .find(|op| op.target.as_ref() == Some(t))
        }) {
            return Err(format!(
                "{} is still running: wait for its answer",
                busy.label
            ));
        }
        self.next += 1;
        let id = OpId(self.next);
        // The inventory and clipboard copies get an id but no spinner.
        if !matches!(kind, CommandKind::LoadInventory | CommandKind::Copy { .. }) {
            self.running.insert(
                id,
                InFlight {
                    label: kind.label(),
                    target,
                    then,
                },
            );
        }
        Ok(id)
    }

    /// The operation answered: it is no longer in flight.
    pub fn finish(&mut self, id: OpId) -> Option<InFlight> {
        self.running.remove(&id)
    }

    /// The operation started last that is still running.
    pub fn newest(&self) -> Option<OpId> {
        self.running.keys().next_back().copied()
    }

    /// The newest operation running under `label` (reads have no target
    /// to find them by).
    pub fn id_labelled(&self, label: &str) -> Option<OpId> {
        self.running
            .iter()
            .rev()
            .find(|(_, op)| op.label == label)
            .map(|(id, _)| *id)
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    /// Labels of what is running, oldest first.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.running.values().map(|op| op.label.as_str())
    }

    /// What is running on this resource, if anything.
    pub fn pending(&self, target: &Target) -> Option<&InFlight> {
        self.running
            .values()
            .find(|op| op.target.as_ref() == Some(target))
    }

    /// Whether anything runs on this token (its row shows it pending).
    pub fn token_pending(&self, registry: &RegistryRef, token: &str) -> Option<&InFlight> {
        self.pending(&Target::Token(registry.clone(), token.to_ascii_lowercase()))
    }

    pub fn scope_map_pending(&self, registry: &RegistryRef, map: &str) -> Option<&InFlight> {
        self.pending(&Target::ScopeMap(
            registry.clone(),
            map.to_ascii_lowercase(),
        ))
    }

    /// The id of the operation on `target`, if one runs.
    pub fn id_of(&self, target: &Target) -> Option<OpId> {
        self.running
            .iter()
            .find(|(_, op)| op.target.as_ref() == Some(target))
            .map(|(id, _)| *id)
    }

    pub fn registry_pending(&self, registry: &RegistryRef) -> Option<&InFlight> {
        self.pending(&Target::Registry(registry.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> RegistryRef {
        RegistryRef {
            subscription: "s".into(),
            resource_group: "rg".into(),
            name: "r".into(),
        }
    }

    fn read(name: &str) -> CommandKind {
        CommandKind::ReadToken {
            registry: reg(),
            name: name.into(),
        }
    }

    #[test]
    fn one_operation_per_resource_and_each_finishes_by_its_own_id() {
        let mut ops = Ops::default();
        let a = ops.start(&read("token-a"), Then::Nothing).unwrap();
        let b = ops.start(&read("token-b"), Then::Nothing).unwrap();
        let refused = ops.start(&read("TOKEN-A"), Then::Nothing).unwrap_err();
        assert!(
            refused.contains("reading token-a is still running"),
            "{refused}"
        );
        assert_eq!(
            ops.finish(b).map(|op| op.label),
            Some("reading token-b".into())
        );
        assert_eq!(ops.labels().collect::<Vec<_>>(), ["reading token-a"]);
        assert!(ops.finish(b).is_none(), "an unknown id finishes nothing");
        assert!(ops.token_pending(&reg(), "Token-A").is_some());
        ops.finish(a);
        assert!(ops.is_empty());
    }
}
