//! How the app absorbs inventory results and the outcomes of its commands.

use chrono::Duration;

use super::app::App;
use super::command::{CommandKind, OpId, Target};
use super::msg::Outcome;
use super::ops::Then;
use super::popups::Popup;
use super::popups::confirm::Confirm;
use super::popups::error::ErrorPopup;
use super::popups::password::ShowOnce;
use super::state::{Contents, Load, View};
use crate::arm::inventory::Event;

impl App {
    pub(super) fn on_inventory(&mut self, event: Event) {
        let selected = self.current();
        let streaming = matches!(
            event,
            Event::Registries { .. } | Event::SubscriptionGone { .. }
        );
        if let Event::SubscriptionFailed {
            subscription,
            error,
        } = &event
        {
            self.flash(
                format!(
                    "subscription {}: {}",
                    crate::domain::safe_text::escaped(subscription),
                    crate::domain::safe_text::escaped(&error.to_string())
                ),
                true,
            );
        }
        let gone = matches!(event, Event::SubscriptionGone { .. });
        self.store.absorb(event);
        if !streaming {
            return;
        }
        // The registry the user chose stays selected while others stream in
        // or go; otherwise the first row, whatever answered first.
        match (gone, selected, self.chosen_registry.clone()) {
            (true, Some(r), _) | (false, _, Some(r)) => self.select_registry(&r),
            (false, _, None) => self.lists[View::Registries as usize].selected = 0,
            (true, None, _) => {}
        }
        let len = self.store.registries().len();
        self.lists[View::Registries as usize].clamp(len);
    }

    /// The answer to operation `id`: its spinner goes, and its own follow-up
    /// (stored when it started) runs.
    pub(super) fn on_outcome(&mut self, id: OpId, outcome: Outcome) {
        let op = self.ops.finish(id);
        let then = op.as_ref().map(|o| o.then.clone()).unwrap_or_default();
        match outcome {
            Outcome::RegistryChanged(info) => {
                let text = format!(
                    "{}: admin user {}",
                    info.registry.name,
                    if info.admin_user_enabled {
                        "enabled"
                    } else {
                        "disabled"
                    }
                );
                self.store.set_info(info);
                self.flash(text, false);
            }
            Outcome::TokenChanged {
                registry,
                token,
                note,
            } => {
                self.flash(format!("token {}: {note}", token.name), false);
                self.rotation_progress(&registry, &token);
                self.put_token(&registry, token);
            }
            Outcome::TokenDeleted { registry, name } => {
                self.store
                    .change(&registry, |c| c.tokens.retain(|t| t.name != name));
                self.flash(format!("token {name} deleted"), false);
                self.rotation_dropped(&registry, &name);
                let len = self.visible_len();
                self.list_mut().clamp(len);
            }
            Outcome::ScopeMapDeleted { registry, name } => {
                self.store
                    .change(&registry, |c| c.scope_maps.retain(|m| m.name != name));
                self.flash(format!("scope map {name} deleted"), false);
                let len = self.visible_len();
                self.list_mut().clamp(len);
            }
            Outcome::Generated {
                registry,
                login_server,
                creds,
            } => {
                self.store.change(&registry, |c| c.record_generated(&creds));
                let retire = match then {
                    Then::Retire(registry, slot) => Some((registry, slot)),
                    _ => None,
                };
                // Whatever else is open, the secret must be shown now or it is lost.
                let mut shown =
                    ShowOnce::new(login_server, creds, self.settings.login_tool, self.now);
                shown.then_retire = retire;
                // It takes the place of the popup that asked for it (the
                // generate popup of this token); any other stays beneath.
                self.popups.retain(|p| {
                    !matches!(p, Popup::Generate(g) if g.registry == registry && g.token.name.eq_ignore_ascii_case(&shown.creds.username))
                });
                self.open(Popup::Password(shown));
            }
            Outcome::TokenRead { registry, token } => self.on_token_read(registry, token),
            Outcome::GenerateStale {
                registry,
                token,
                message,
            } => self.on_generate_stale(registry, token, message),
            Outcome::GenerateLost {
                registry,
                token,
                after,
                report,
            } => self.on_generate_lost(registry, token, after, report),
            Outcome::Copied {
                what,
                via,
                clear_after_secs,
            } => {
                let text = match clear_after_secs {
                    Some(secs) => {
                        self.clipboard_clears_at = Some(self.now + Duration::seconds(secs as i64));
                        format!("copied {what} via {via}; the clipboard is cleared in {secs} s")
                    }
                    None => format!("copied {what} via {via}"),
                };
                self.flash(text, false);
            }
            Outcome::ClipboardCleared => {
                self.clipboard_clears_at = None;
                self.flash("clipboard cleared", false);
            }
            Outcome::ClipboardFailed(why) => self.flash(format!("clipboard: {why}"), true),
            Outcome::Failed { what, error } => {
                let saving = matches!(op.and_then(|o| o.target), Some(Target::ScopeMap(..)));
                match self.popups.last_mut() {
                    // A failed save keeps the edits: the editor shows the error.
                    Some(Popup::ScopeEditor(editor)) if saving => editor.saved_failed(error),
                    None => self.open(Popup::Error(ErrorPopup { what, error })),
                    // Another operation's failure never takes over (or closes) the
                    // popup the user is working in: it is said in the footer.
                    Some(_) => self.flash(format!("{what} failed: {error}"), true),
                }
            }
            Outcome::ScopeMapSaved { registry, map } => {
                // Close the editor (only the editor), then create the token it was opened for.
                self.popups.retain(
                    |p| !matches!(p, Popup::ScopeEditor(e) if e.name.eq_ignore_ascii_case(&map.name)),
                );
                if let Then::CreateToken { name, enabled } = then {
                    self.run(CommandKind::CreateToken {
                        registry: registry.clone(),
                        name,
                        scope_map: map.name.clone(),
                        enabled,
                    });
                }
                self.flash(
                    format!(
                        "scope map {} saved ({} actions)",
                        map.name,
                        map.actions.len()
                    ),
                    false,
                );
                self.store.change(&registry, |c| c.put_scope_map(map));
            }
            Outcome::Exported { path, rows } => {
                let text = match self.audit_gap_summary() {
                    Some(gaps) => format!("wrote {rows} tokens to {path}; incomplete: {gaps}"),
                    None => format!("wrote {rows} tokens to {path}"),
                };
                self.flash(text, false);
            }
            Outcome::Reloaded(event) => self.on_reloaded(event),
            Outcome::ExportExists {
                path,
                content,
                rows,
            } => {
                let shown =
                    crate::domain::safe_text::escaped(&path.display().to_string()).into_owned();
                self.open(Popup::Confirm(Confirm::new(
                    "Replace file",
                    format!("{shown} exists. Replace it with this report ({rows} tokens)?"),
                    None,
                    CommandKind::Export {
                        path,
                        content,
                        rows,
                        overwrite: true,
                    },
                )));
            }
        }
    }

    /// A registry read again (not part of the inventory's progress).
    fn on_reloaded(&mut self, event: Event) {
        let (reference, contents) = match event {
            Event::RegistryLoaded {
                registry,
                scope_maps,
                tokens,
            } => (
                registry.registry,
                Load::Loaded(Contents::by_name(scope_maps, tokens)),
            ),
            Event::RegistryFailed { registry, error } => (registry.registry, Load::Failed(error)),
            _ => return,
        };
        if self.store.reload(&reference, contents) {
            self.flash(format!("{} re-read", reference.name), false);
        }
    }
}
