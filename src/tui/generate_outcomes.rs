//! How the answers around generating a password reach the popup that asked:
//! the token re-read before choosing, a choice gone stale, a lost answer.

use super::app::App;
use super::popups::Popup;
use super::popups::error::ErrorPopup;
use super::popups::generate::{Generate, Stage};
use crate::arm::{ArmError, ArmErrorKind, RegistryRef, TokenInfo};
use crate::domain::rotation_report::LostAnswer;

impl App {
    /// The cached copy of a token, replaced (or added) with what the service said.
    pub(super) fn put_token(&mut self, registry: &RegistryRef, token: TokenInfo) {
        self.store.change(registry, |c| c.put_token(token));
    }

    /// The open generate popup for this token, if any (wherever it is in
    /// the stack: its answer finds it even under another popup).
    fn generate_popup(&mut self, registry: &RegistryRef, token: &str) -> Option<&mut Generate> {
        self.popups.iter_mut().rev().find_map(|p| match p {
            Popup::Generate(g)
                if g.registry == *registry && g.token.name.eq_ignore_ascii_case(token) =>
            {
                Some(g)
            }
            _ => None,
        })
    }

    pub(super) fn on_token_read(&mut self, registry: RegistryRef, token: TokenInfo) {
        self.put_token(&registry, token.clone());
        let now = self.now;
        if let Some(g) = self
            .generate_popup(&registry, &token.name)
            .filter(|g| g.stage == Stage::Reading)
        {
            g.fresh(token, now);
        }
    }

    pub(super) fn on_generate_stale(
        &mut self,
        registry: RegistryRef,
        token: TokenInfo,
        message: String,
    ) {
        self.put_token(&registry, token.clone());
        let now = self.now;
        match self.generate_popup(&registry, &token.name) {
            Some(g) => g.stale(token, message, now),
            None => self.flash(message, true),
        }
    }

    pub(super) fn on_generate_lost(
        &mut self,
        registry: RegistryRef,
        token: String,
        after: Option<TokenInfo>,
        report: LostAnswer,
    ) {
        if let Some(t) = &after {
            self.put_token(&registry, t.clone());
        }
        match self.generate_popup(&registry, &token) {
            Some(g) => g.lost(after, report.text, report.created),
            None => self.open(Popup::Error(ErrorPopup {
                what: format!("Generating a password for {token}"),
                error: ArmError::new(ArmErrorKind::Operation, report.text).into(),
            })),
        }
    }
}
