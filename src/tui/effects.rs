//! Runs commands off the UI task and reports back as messages. Inventory
//! results from a superseded load are dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use secrecy::SecretString;
use tokio::sync::mpsc;

use super::clipboard::Clipboard;
use super::command::Command;
use super::msg::{Msg, Outcome};
use crate::arm::inventory::{self, Event, Scope};
use crate::arm::{AcrApi, TokenUpdate};
use crate::password_gen::{GenerateFailure, Request, generate_checked};
use crate::subscription_cache::SubscriptionCache;

fn generate_failed(
    registry: crate::arm::RegistryRef,
    token: String,
    failure: GenerateFailure,
) -> Outcome {
    match failure {
        GenerateFailure::Refused(error) => Outcome::Failed {
            what: format!("Generating a password for {token}"),
            error,
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

pub struct Effects {
    pub api: Arc<dyn AcrApi>,
    pub tx: mpsc::UnboundedSender<Msg>,
    pub clipboard: Arc<Clipboard>,
    pub clear_after_secs: u64,
    pub scope: Scope,
    pub concurrency: usize,
    generation: Arc<AtomicU64>,
    /// Where the subscription list is remembered for the next start's warm start.
    subscription_cache: Option<SubscriptionCache>,
    /// The last text copied, to clear on exit.
    pub last_copied: Arc<std::sync::Mutex<Option<SecretString>>>,
}

impl Effects {
    pub fn new(
        api: Arc<dyn AcrApi>,
        tx: mpsc::UnboundedSender<Msg>,
        clipboard: Arc<Clipboard>,
        clear_after_secs: u64,
        scope: Scope,
        concurrency: usize,
    ) -> Effects {
        Effects {
            api,
            tx,
            clipboard,
            clear_after_secs,
            scope,
            concurrency,
            generation: Arc::new(AtomicU64::new(0)),
            subscription_cache: None,
            last_copied: Default::default(),
        }
    }

    pub fn with_subscription_cache(mut self, cache: Option<SubscriptionCache>) -> Effects {
        self.subscription_cache = cache;
        self
    }

    pub fn spawn(&self, command: Command) {
        let (api, tx) = (self.api.clone(), self.tx.clone());
        match command {
            Command::LoadInventory => self.load_inventory(),
            Command::Copy { text, what } => self.copy(text, what),
            Command::SetAdminUser { registry, enabled } => {
                tokio::spawn(async move {
                    let what = "Changing the admin user".to_string();
                    let _ = tx.send(Msg::Done(
                        match api.set_admin_user(&registry, enabled).await {
                            Ok(info) => Outcome::RegistryChanged(info),
                            Err(error) => Outcome::Failed { what, error },
                        },
                    ));
                });
            }
            Command::UpdateToken {
                registry,
                name,
                update,
                note,
            } => {
                tokio::spawn(async move {
                    let done = match update_note(&update) {
                        Some(n) => n,
                        None => note.clone(),
                    };
                    let _ = tx.send(Msg::Done(
                        match api.update_token(&registry, &name, &update).await {
                            Ok(token) => Outcome::TokenChanged {
                                registry,
                                token,
                                note: done,
                            },
                            Err(error) => Outcome::Failed {
                                what: format!("Updating token {name}"),
                                error,
                            },
                        },
                    ));
                });
            }
            Command::DeleteToken { registry, name } => {
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Done(match api.delete_token(&registry, &name).await {
                        Ok(()) => Outcome::TokenDeleted { registry, name },
                        Err(error) => Outcome::Failed {
                            what: format!("Deleting token {name}"),
                            error,
                        },
                    }));
                });
            }
            Command::DeleteScopeMap { registry, name } => {
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Done(
                        match api.delete_scope_map(&registry, &name).await {
                            Ok(()) => Outcome::ScopeMapDeleted { registry, name },
                            Err(error) => Outcome::Failed {
                                what: format!("Deleting scope map {name}"),
                                error,
                            },
                        },
                    ));
                });
            }
            Command::ReadToken { registry, name } => {
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Done(match api.get_token(&registry, &name).await {
                        Ok(token) => Outcome::TokenRead { registry, token },
                        Err(error) => Outcome::Failed {
                            what: format!("Reading token {name}"),
                            error,
                        },
                    }));
                });
            }
            Command::GeneratePassword {
                registry,
                login_server,
                token,
                chosen_on,
                slot,
                expiry,
            } => {
                tokio::spawn(async move {
                    let request = Request {
                        registry: &registry,
                        chosen_on: &chosen_on,
                        slot,
                        expiry,
                    };
                    let outcome = match generate_checked(api.as_ref(), request).await {
                        Ok(creds) => Outcome::Generated {
                            registry,
                            login_server,
                            creds,
                        },
                        Err(failure) => generate_failed(registry, token, failure),
                    };
                    let _ = tx.send(Msg::Done(outcome));
                });
            }
            Command::SaveScopeMap {
                registry,
                name,
                description,
                actions,
                create,
            } => {
                tokio::spawn(async move {
                    let result = if create {
                        api.create_scope_map(&registry, &name, description.as_deref(), &actions)
                            .await
                    } else {
                        api.update_scope_map(&registry, &name, description.as_deref(), &actions)
                            .await
                    };
                    let _ = tx.send(Msg::Done(match result {
                        Ok(map) => Outcome::ScopeMapSaved { registry, map },
                        Err(error) => Outcome::Failed {
                            what: format!("Saving scope map {name}"),
                            error,
                        },
                    }));
                });
            }
            Command::CreateToken {
                registry,
                name,
                scope_map,
                enabled,
            } => {
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Done(
                        match api
                            .create_token(&registry, &name, &scope_map, enabled)
                            .await
                        {
                            Ok(token) => Outcome::TokenChanged {
                                registry,
                                token,
                                note: format!("created with scope map {scope_map}"),
                            },
                            Err(error) => Outcome::Failed {
                                what: format!("Creating token {name}"),
                                error,
                            },
                        },
                    ));
                });
            }
            Command::Export {
                path,
                content,
                rows,
            } => {
                tokio::spawn(async move {
                    let shown = path.display().to_string();
                    let _ = tx.send(Msg::Done(match tokio::fs::write(&path, content).await {
                        Ok(()) => Outcome::Exported { path: shown, rows },
                        Err(e) => Outcome::Failed {
                            what: format!("Writing {shown}"),
                            error: crate::arm::ArmError::new(
                                crate::arm::ArmErrorKind::Invalid,
                                format!("{e}: check the directory exists and is writable"),
                            ),
                        },
                    }));
                });
            }
            Command::DeletePassword {
                registry,
                token,
                slot,
            } => {
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Done(
                        match api.delete_password(&registry, &token, slot).await {
                            Ok(t) => Outcome::TokenChanged {
                                registry,
                                token: t,
                                note: format!("{} deleted", slot.as_str()),
                            },
                            Err(error) => Outcome::Failed {
                                what: format!("Deleting {} of {token}", slot.as_str()),
                                error,
                            },
                        },
                    ));
                });
            }
        }
    }

    fn load_inventory(&self) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (api, tx, scope, concurrency, current, cache) = (
            self.api.clone(),
            self.tx.clone(),
            self.scope.clone(),
            self.concurrency,
            self.generation.clone(),
            self.subscription_cache.clone(),
        );
        tokio::spawn(async move {
            let (itx, mut irx) = mpsc::channel(64);
            let task = tokio::spawn(inventory::run(api, scope, concurrency, itx));
            while let Some(event) = irx.recv().await {
                if current.load(Ordering::SeqCst) != generation {
                    task.abort();
                    return;
                }
                if let (Event::Subscriptions(subs), Some(cache)) = (&event, &cache) {
                    let (cache, subs) = (cache.clone(), subs.clone());
                    // A failed write only costs the next start its head start.
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = cache.save(&subs) {
                            tracing::debug!("subscription cache not saved: {e}");
                        }
                    });
                }
                if tx.send(Msg::Inventory(event)).is_err() {
                    task.abort();
                    return;
                }
            }
        });
    }

    fn copy(&self, text: SecretString, what: String) {
        let (clipboard, tx, secs, last) = (
            self.clipboard.clone(),
            self.tx.clone(),
            self.clear_after_secs,
            self.last_copied.clone(),
        );
        tokio::spawn(async move {
            let copy_cb = clipboard.clone();
            let text = Arc::new(text);
            let to_copy = text.clone();
            let result = tokio::task::spawn_blocking(move || copy_cb.copy(&to_copy))
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
            match result {
                Ok(via) => {
                    if let Ok(mut l) = last.lock() {
                        *l = Some(SecretString::from(
                            secrecy::ExposeSecret::expose_secret(text.as_ref()).to_string(),
                        ));
                    }
                    let _ = tx.send(Msg::Done(Outcome::Copied {
                        what,
                        via,
                        clear_after_secs: secs,
                    }));
                    tokio::time::sleep(Duration::from_secs(secs)).await;
                    let cleared =
                        tokio::task::spawn_blocking(move || clipboard.clear_if_unchanged(&text))
                            .await
                            .unwrap_or(false);
                    if cleared {
                        let _ = tx.send(Msg::Done(Outcome::ClipboardCleared));
                    }
                }
                Err(why) => {
                    let _ = tx.send(Msg::Done(Outcome::ClipboardFailed(why)));
                }
            }
        });
    }

    /// On exit: clear what we copied, if it is still there.
    pub fn clear_on_exit(&self) {
        let last = self.last_copied.lock().ok().and_then(|mut l| l.take());
        if let Some(text) = last {
            self.clipboard.clear_if_unchanged(&text);
        }
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
