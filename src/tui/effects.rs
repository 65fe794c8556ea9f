//! Runs commands off the UI task and reports back as messages. Inventory
//! results from a superseded load are dropped.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use secrecy::SecretString;
use tokio::sync::mpsc;

use super::clipboard::Clipboard;
use super::command::{Command, CommandKind, OpId};
use super::effect_ops::{export, run_arm};
use super::msg::{Msg, Outcome};
use crate::arm::AcrApi;
use crate::arm::inventory::{self, Event, Scope};
use crate::subscription_cache::SubscriptionCache;

/// The reads beside ARM's lists (login servers, role assignments) and the
/// probe: a child module, so it reaches the fields it needs.
#[path = "effect_reads.rs"]
mod reads;

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
    /// Operations running, to abort on `Cancel`.
    running: Arc<std::sync::Mutex<HashMap<OpId, tokio::task::AbortHandle>>>,
    /// How login servers are reached (the probe), and how long one may take.
    login_servers: crate::registry::Route,
    registry_timeout: Duration,
    /// The operator's ARM credential, exchanged for the registry's catalog.
    arm: Option<crate::connect::ArmCredential>,
    /// Microsoft Graph, for principals' display names (None: ids only).
    graph: Option<crate::arm::graph::GraphDirectory>,
    /// Key Vaults, for the show-once popup's delivery (None: not offered).
    key_vaults: Option<crate::key_vault::KeyVaults>,
    /// Bulk rotations in flight at once (as `rotate --expiring-within`):
    /// ARM's write bucket is the tighter one.
    bulk_permits: Arc<tokio::sync::Semaphore>,
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
            running: Default::default(),
            login_servers: crate::registry::Route::default(),
            registry_timeout: Duration::from_secs(60),
            arm: None,
            graph: None,
            key_vaults: None,
            bulk_permits: Arc::new(tokio::sync::Semaphore::new(4)),
        }
    }

    /// Forwards ARM's throttling pauses to the console (`Msg::Throttled`),
    /// until the client or the console goes away.
    pub fn watch_throttling(&self) {
        let Some(mut resume) = self.api.throttle_watch() else {
            return;
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            while resume.changed().await.is_ok() {
                let Some(until) = *resume.borrow_and_update() else {
                    continue;
                };
                let left = until.saturating_duration_since(std::time::Instant::now());
                let left = chrono::Duration::from_std(left).unwrap_or_default();
                if tx.send(Msg::Throttled(chrono::Utc::now() + left)).is_err() {
                    return;
                }
            }
        });
    }

    /// The operator's ARM credential, for reading registries' catalogs.
    pub fn with_arm_credential(mut self, arm: crate::connect::ArmCredential) -> Effects {
        self.arm = Some(arm);
        self
    }

    /// Key Vaults, where the show-once popup writes a new password.
    pub fn with_key_vaults(mut self, vaults: crate::key_vault::KeyVaults) -> Effects {
        self.key_vaults = Some(vaults);
        self
    }

    /// Microsoft Graph, for the Identities view's display names.
    pub fn with_graph(mut self, graph: crate::arm::graph::GraphDirectory) -> Effects {
        self.graph = Some(graph);
        self
    }

    /// Where login servers are (an emulator's address, or DNS) for the probe.
    pub fn with_login_servers(
        mut self,
        route: crate::registry::Route,
        timeout: Duration,
    ) -> Effects {
        self.login_servers = route;
        self.registry_timeout = timeout;
        self
    }

    pub fn with_subscription_cache(mut self, cache: Option<SubscriptionCache>) -> Effects {
        self.subscription_cache = cache;
        self
    }

    pub fn spawn(&self, command: Command) {
        let Command { id, kind } = command;
        match kind {
            CommandKind::LoadInventory => self.load_inventory(),
            CommandKind::Cancel(op) => self.cancel(op),
            CommandKind::Copy { text, what, clear } => self.copy(id, text, what, clear),
            CommandKind::Export {
                path,
                content,
                rows,
                overwrite,
            } => self.spawn_op(id, export(path, content, rows, overwrite)),
            read @ (CommandKind::ReadCatalog { .. }
            | CommandKind::ReadRepositories { .. }
            | CommandKind::ReadIdentities { .. }
            | CommandKind::Probe { .. }) => self.spawn_read(id, read),
            CommandKind::Deliver { delivery, password } => {
                let vaults = self.key_vaults.clone();
                self.spawn_op(
                    id,
                    super::effect_deliver::deliver(vaults, delivery, password),
                );
            }
            CommandKind::RotateToVault(job) => {
                let (api, vaults) = (self.api.clone(), self.key_vaults.clone());
                let permits = self.bulk_permits.clone();
                self.spawn_op(
                    id,
                    super::effect_deliver::rotate_to_vault(api, vaults, permits, job),
                );
            }
            arm => self.spawn_op(id, run_arm(self.api.clone(), arm)),
        }
    }

    /// Runs one operation off the UI task and answers with its id.
    fn spawn_op(&self, id: OpId, work: impl Future<Output = Outcome> + Send + 'static) {
        let (tx, running) = (self.tx.clone(), self.running.clone());
        let task = tokio::spawn(async move {
            let outcome = work.await;
            if let Ok(mut r) = running.lock() {
                r.remove(&id);
            }
            let _ = tx.send(Msg::Done(id, outcome));
        });
        if let Ok(mut r) = self.running.lock()
            && !task.is_finished()
        {
            r.insert(id, task.abort_handle());
        }
    }

    /// Aborts operation `id` if it still runs; its answer never comes.
    fn cancel(&self, id: OpId) {
        let handle = self.running.lock().ok().and_then(|mut r| r.remove(&id));
        if let Some(handle) = handle {
            handle.abort();
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

    /// Copies `text`; a secret (`clear`) is cleared again after the delay,
    /// if the clipboard still holds it, and on exit.
    fn copy(&self, id: OpId, text: SecretString, what: String, clear: bool) {
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
                Ok(via) if !clear => {
                    let _ = tx.send(Msg::Done(
                        id,
                        Outcome::Copied {
                            what,
                            via,
                            clear_after_secs: None,
                        },
                    ));
                }
                Ok(via) => {
                    if let Ok(mut l) = last.lock() {
                        *l = Some(SecretString::from(
                            secrecy::ExposeSecret::expose_secret(text.as_ref()).to_string(),
                        ));
                    }
                    let _ = tx.send(Msg::Done(
                        id,
                        Outcome::Copied {
                            what,
                            via,
                            clear_after_secs: Some(secs),
                        },
                    ));
                    tokio::time::sleep(Duration::from_secs(secs)).await;
                    let cleared =
                        tokio::task::spawn_blocking(move || clipboard.clear_if_unchanged(&text))
                            .await
                            .unwrap_or(false);
                    if cleared {
                        let _ = tx.send(Msg::Done(id, Outcome::ClipboardCleared));
                    }
                }
                Err(why) => {
                    let _ = tx.send(Msg::Done(id, Outcome::ClipboardFailed(why)));
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
