//! The inventory: subscriptions → registries → (scope maps, tokens), fanned
//! out with bounded concurrency. Every result is sent as soon as it arrives so
//! the console fills progressively; a slow or failing registry never holds up
//! the others and is reported on its own.

use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::{
    AcrApi, ArmError, RegistryInfo, RegistryRef, ScopeMapInfo, SubscriptionInfo, TokenInfo,
};

pub const DEFAULT_CONCURRENCY: usize = 16;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Only these subscriptions (ids or display names); all when empty.
    pub subscriptions: Vec<String>,
    /// Only these registries (`name` or `resource-group/name`); all when empty.
    pub registries: Vec<String>,
    /// Subscription ids to list registries of right away, before the
    /// subscription list confirms them (the console's warm start; not used
    /// when Resource Graph finds the registries, which is as fast).
    pub known: Vec<String>,
    pub discovery: Discovery,
    /// Send each page of tokens as it arrives (`Event::TokensPage`): the
    /// console shows a 50,000-token registry's first rows after one round
    /// trip. The audit waits for whole lists and leaves it off.
    pub stream_tokens: bool,
    /// Show Resource Graph's rows as soon as it answers, before the
    /// subscription list confirms their subscriptions (retracted with
    /// `SubscriptionGone` if it does not, as a warm start's are). The
    /// console's, without `--subscription`; a report never shows one.
    pub show_unconfirmed: bool,
}

/// How registries are found (`--discovery`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Discovery {
    /// Resource Graph when it answers, else one list per subscription.
    #[default]
    Auto,
    /// Resource Graph only: its failure is the inventory's.
    Graph,
    /// One registry list per subscription (what az does).
    Arm,
}

impl Scope {
    pub fn wants_subscription(&self, s: &SubscriptionInfo) -> bool {
        self.subscriptions.is_empty() || self.subscriptions.iter().any(|w| names_subscription(w, s))
    }

    fn wants_registry(&self, r: &RegistryInfo) -> bool {
        self.registries.is_empty() || self.registries.iter().any(|w| names_registry(w, r))
    }
}

/// Whether a `--subscription` value (id or display name) names `s`.
pub fn names_subscription(filter: &str, s: &SubscriptionInfo) -> bool {
    filter.eq_ignore_ascii_case(&s.id) || filter.eq_ignore_ascii_case(&s.display_name)
}

/// Whether a `--registry` value (`name` or `resource-group/name`) names `r`.
pub fn names_registry(filter: &str, r: &RegistryInfo) -> bool {
    match filter.split_once('/') {
        Some((rg, name)) => {
            rg.eq_ignore_ascii_case(&r.registry.resource_group)
                && name.eq_ignore_ascii_case(&r.registry.name)
        }
        None => filter.eq_ignore_ascii_case(&r.registry.name),
    }
}

/// One piece of the inventory, in arrival order.
#[derive(Debug)]
pub enum Event {
    Subscriptions(Vec<SubscriptionInfo>),
    /// Registries of one subscription; their contents follow as `Registry*` events.
    Registries {
        subscription: String,
        registries: Vec<RegistryInfo>,
        /// Registries `--registry` left out, so a filter that names nothing
        /// can say what does exist.
        filtered_out: Vec<RegistryRef>,
    },
    SubscriptionFailed {
        subscription: String,
        error: ArmError,
    },
    /// A known subscription the subscription list no longer returns: drop
    /// its registries (only after a warm start sent them early).
    SubscriptionGone {
        subscription: String,
    },
    RegistryLoaded {
        registry: RegistryInfo,
        scope_maps: Vec<ScopeMapInfo>,
        tokens: Vec<TokenInfo>,
    },
    RegistryFailed {
        registry: RegistryInfo,
        error: ArmError,
    },
    /// One page of a registry's tokens as it arrives (only with
    /// `Scope::stream_tokens`); `RegistryLoaded` follows with the whole list.
    TokensPage {
        registry: RegistryRef,
        tokens: Vec<TokenInfo>,
    },
    /// Everything answered (or failed). Counts of registries loaded and failed.
    Done {
        loaded: usize,
        failed: usize,
    },
    /// The subscription list itself could not be read.
    Failed(ArmError),
}

/// Runs the inventory, sending events to `tx`. Returns when done or when the receiver is gone.
///
/// With `scope.known` (the subscriptions seen last time) their registries are
/// listed at once, side by side with the subscription list, so the first
/// registry shows after one round trip instead of two. Until the list
/// confirms a subscription, its failures are held back; a subscription the
/// list no longer has is retracted (`SubscriptionGone`) and its late results dropped.
pub async fn run(api: Arc<dyn AcrApi>, scope: Scope, concurrency: usize, tx: mpsc::Sender<Event>) {
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    // A JoinSet, not a bare spawn, so that dropping this future (the console
    // superseding a load) aborts the request too.
    let mut list = JoinSet::new();
    {
        let (api, permits) = (api.clone(), permits.clone());
        list.spawn(async move { limited(&permits, api.list_subscriptions()).await });
    }
    let mut fan = Fanout::new(api, permits, scope, tx);
    let mut graph = JoinSet::new();
    fan.start(&mut graph);
    loop {
        let step = tokio::select! {
            Some(joined) = list.join_next(), if !list.is_empty() => {
                match joined {
                    Ok(Ok(subs)) => fan.confirm(subs).await,
                    Ok(Err(e)) => {
                        let _ = fan.tx.send(Event::Failed(e)).await;
                        Flow::Stop
                    }
                    Err(_) => Flow::Stop,
                }
            }
            Some(joined) = graph.join_next(), if !graph.is_empty() => {
                match joined {
                    Ok(result) => fan.discovered(result).await,
                    Err(_) => Flow::Stop,
                }
            }
            Some(joined) = fan.subscriptions.join_next(), if !fan.subscriptions.is_empty() => {
                match joined {
                    Ok((id, result)) => fan.registries_listed(id, result).await,
                    Err(_) => Flow::Go,
                }
            }
            Some(joined) = fan.registries.join_next(), if !fan.registries.is_empty() => {
                match joined {
                    Ok((registry, contents)) => fan.registry_loaded(registry, contents).await,
                    Err(_) => Flow::Go,
                }
            }
            else => break,
        };
        if let Flow::Stop = step {
            return;
        }
    }
    let done = Event::Done {
        loaded: fan.loaded,
        failed: fan.failed,
    };
    let _ = fan.tx.send(done).await;
}

enum Flow {
    Go,
    /// The receiver is gone or the run cannot go on.
    Stop,
}

/// The state of one inventory run.
struct Fanout {
    api: Arc<dyn AcrApi>,
    permits: Arc<Semaphore>,
    scope: Scope,
    tx: mpsc::Sender<Event>,
    subscriptions: JoinSet<(String, Result<Vec<RegistryInfo>, ArmError>)>,
    registries: JoinSet<(RegistryInfo, Contents)>,
    /// Ids the subscription list returned (and the scope wants); None until it answers.
    confirmed: Option<Vec<String>>,
    /// Known subscriptions whose registries were sent before the list confirmed them.
    shown_early: Vec<String>,
    /// Failures of known subscriptions, reported only if the list confirms them.
    held_failures: Vec<(String, ArmError)>,
    loaded: usize,
    failed: usize,
    /// Resource Graph discovery (inventory_graph.rs).
    graph: GraphState,
}

impl Fanout {
    fn new(
        api: Arc<dyn AcrApi>,
        permits: Arc<Semaphore>,
        scope: Scope,
        tx: mpsc::Sender<Event>,
    ) -> Self {
        Fanout {
            api,
            permits,
            scope,
            tx,
            subscriptions: JoinSet::new(),
            registries: JoinSet::new(),
            confirmed: None,
            shown_early: Vec::new(),
            held_failures: Vec::new(),
            loaded: 0,
            failed: 0,
            graph: GraphState::Off,
        }
    }

    fn list_registries(&mut self, id: String) {
        let (api, permits) = (self.api.clone(), self.permits.clone());
        self.subscriptions.spawn(async move {
            api.quota_ready(&id).await;
            let registries = limited(&permits, api.list_registries(&id)).await;
            (id, registries)
        });
    }

    /// Whether results of this subscription may be sent: confirmed, or not yet refuted.
    fn wanted(&self, id: &str) -> bool {
        self.confirmed
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|c| c.eq_ignore_ascii_case(id)))
    }

    async fn send(&self, event: Event) -> Flow {
        match self.tx.send(event).await {
            Ok(()) => Flow::Go,
            Err(_) => Flow::Stop,
        }
    }

    /// The subscription list answered: start what was not started, retract what it lacks.
    async fn confirm(&mut self, subs: Vec<SubscriptionInfo>) -> Flow {
        let subs: Vec<SubscriptionInfo> = subs
            .into_iter()
            .filter(|s| self.scope.wants_subscription(s))
            .collect();
        let ids: Vec<String> = subs.iter().map(|s| s.id.clone()).collect();
        if let Flow::Stop = self.send(Event::Subscriptions(subs)).await {
            return Flow::Stop;
        }
        let early = self.scope.discovery == Discovery::Arm;
        let started =
            |id: &String| early && self.scope.known.iter().any(|k| k.eq_ignore_ascii_case(id));
        let fresh: Vec<String> = ids.iter().filter(|id| !started(id)).cloned().collect();
        self.confirmed = Some(ids);
        if let Flow::Stop = self.list_or_defer(fresh).await {
            return Flow::Stop;
        }
        for id in std::mem::take(&mut self.shown_early) {
            if !self.wanted(&id) {
                let flow = self
                    .send(Event::SubscriptionGone { subscription: id })
                    .await;
                if let Flow::Stop = flow {
                    return Flow::Stop;
                }
            }
        }
        for (subscription, error) in std::mem::take(&mut self.held_failures) {
            if self.wanted(&subscription) {
                let flow = self
                    .send(Event::SubscriptionFailed {
                        subscription,
                        error,
                    })
                    .await;
                if let Flow::Stop = flow {
                    return Flow::Stop;
                }
            }
        }
        Flow::Go
    }

    async fn registries_listed(
        &mut self,
        subscription: String,
        result: Result<Vec<RegistryInfo>, ArmError>,
    ) -> Flow {
        if !self.wanted(&subscription) {
            return Flow::Go;
        }
        let (registries, filtered_out) = match result {
            Ok(r) => {
                let (wanted, other): (Vec<_>, Vec<_>) =
                    r.into_iter().partition(|r| self.scope.wants_registry(r));
                (wanted, other.into_iter().map(|r| r.registry).collect())
            }
            Err(error) if self.confirmed.is_none() => {
                self.held_failures.push((subscription, error));
                return Flow::Go;
            }
            Err(error) => {
                return self
                    .send(Event::SubscriptionFailed {
                        subscription,
                        error,
                    })
                    .await;
            }
        };
        if self.confirmed.is_none() {
            self.shown_early.push(subscription.clone());
        }
        for registry in &registries {
            let (api, permits, registry) =
                (self.api.clone(), self.permits.clone(), registry.clone());
            let pages = self.scope.stream_tokens.then(|| self.tx.clone());
            self.registries.spawn(async move {
                let contents = match pages {
                    Some(tx) => load_streaming(api.as_ref(), &permits, &registry, &tx).await,
                    None => load_registry(api.as_ref(), &permits, &registry).await,
                };
                (registry, contents)
            });
        }
        self.send(Event::Registries {
            subscription,
            registries,
            filtered_out,
        })
        .await
    }

    async fn registry_loaded(&mut self, registry: RegistryInfo, contents: Contents) -> Flow {
        if !self.wanted(&registry.registry.subscription) {
            return Flow::Go;
        }
        let event = match contents {
            Ok((scope_maps, tokens)) => {
                self.loaded += 1;
                Event::RegistryLoaded {
                    registry,
                    scope_maps,
                    tokens,
                }
            }
            Err(error) => {
                self.failed += 1;
                Event::RegistryFailed { registry, error }
            }
        };
        self.send(event).await
    }
}

#[path = "inventory_graph.rs"]
mod graph;
use graph::GraphState;

pub use super::registry_load::{Contents, load_registry};
use super::registry_load::{limited, load_streaming};
