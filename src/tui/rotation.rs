//! A rotation in progress: the new password is in place, the old one still
//! works until every consumer has switched. Closing the show-once popup
//! parks it here instead of asking at once (the new password may not even
//! have replicated yet); `R` on the token comes back to it, and deleting
//! the old password (or the token) ends it.

use chrono::{DateTime, Duration, Utc};

use super::app::App;
use super::command::CommandKind;
use super::popups::Popup;
use super::popups::confirm::Confirm;
use super::popups::password::REPLICATION_SECS;
use crate::arm::{RegistryRef, Slot, TokenInfo};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRotation {
    pub registry: RegistryRef,
    pub token: String,
    /// The slot to retire once consumers use the new password.
    pub old: Slot,
    /// When the new password was shown: it works everywhere a minute later.
    pub since: DateTime<Utc>,
}

impl App {
    /// The show-once popup of a rotation closed: remember it, and ask now
    /// only if the new password has had time to replicate.
    pub(super) fn park_rotation(&mut self, rotation: PendingRotation) {
        self.track_rotation(rotation.clone());
        self.resume_rotation(&rotation);
    }

    /// A rotation in progress, in place of any earlier one of that token.
    pub(super) fn track_rotation(&mut self, rotation: PendingRotation) {
        self.rotations
            .retain(|p| !(p.registry == rotation.registry && p.token == rotation.token));
        self.rotations.push(rotation);
    }

    /// The rotation of the selected token, if one is in progress.
    pub(super) fn rotation_of(
        &self,
        registry: &RegistryRef,
        token: &str,
    ) -> Option<PendingRotation> {
        self.rotations
            .iter()
            .find(|p| &p.registry == registry && p.token == token)
            .cloned()
    }

    /// `R` on a token whose rotation is in progress: wait out the
    /// replication, then ask whether the old password can go.
    pub(super) fn resume_rotation(&mut self, p: &PendingRotation) {
        let ready = p.since + Duration::seconds(REPLICATION_SECS);
        if self.now < ready {
            let left = (ready - self.now).num_seconds().max(1);
            return self.flash(
                format!(
                    "rotation of {}: the new password may take {left} s more to work everywhere; then press R on {} to retire the old {}",
                    p.token,
                    p.token,
                    p.old.as_str()
                ),
                false,
            );
        }
        let msg = format!(
            "Rotation of {}: have all consumers switched to the new password? y deletes the old {}; Esc keeps both (R on the token asks again).",
            p.token,
            p.old.as_str()
        );
        let cmd = CommandKind::DeletePassword {
            registry: p.registry.clone(),
            token: p.token.clone(),
            slot: p.old,
        };
        self.open(Popup::Confirm(Confirm::new(
            "Finish rotation",
            msg,
            None,
            cmd,
        )));
    }

    /// A token as the service now has it: a rotation whose old password is
    /// gone is over.
    pub(super) fn rotation_progress(&mut self, registry: &RegistryRef, token: &TokenInfo) {
        self.rotations.retain(|p| {
            !(&p.registry == registry && p.token == token.name && token.password(p.old).is_none())
        });
    }

    /// The token was deleted: its rotation is over too.
    pub(super) fn rotation_dropped(&mut self, registry: &RegistryRef, token: &str) {
        self.rotations
            .retain(|p| !(&p.registry == registry && p.token == token));
    }
}
