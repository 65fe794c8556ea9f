//! The inventory: subscriptions → registries → (scope maps, tokens), fanned
//! out with bounded concurrency. Every result is sent as soon as it arrives so
//! the console fills progressively; a slow or failing registry never holds up
//! the others and is reported on its own.

use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::{AcrApi, ArmError, RegistryInfo, ScopeMapInfo, SubscriptionInfo, TokenInfo};

pub const DEFAULT_CONCURRENCY: usize = 16;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Only these subscriptions (ids or display names); all when empty.
    pub subscriptions: Vec<String>,
    /// Only these registries (`name` or `resource-group/name`); all when empty.
    pub registries: Vec<String>,
}

impl Scope {
    fn wants_subscription(&self, s: &SubscriptionInfo) -> bool {
        self.subscriptions.is_empty()
            || self
                .subscriptions
                .iter()
                .any(|w| w.eq_ignore_ascii_case(&s.id) || w.eq_ignore_ascii_case(&s.display_name))
    }

    fn wants_registry(&self, r: &RegistryInfo) -> bool {
        self.registries.is_empty()
            || self.registries.iter().any(|w| match w.split_once('/') {
                Some((rg, name)) => {
                    rg.eq_ignore_ascii_case(&r.registry.resource_group)
                        && name.eq_ignore_ascii_case(&r.registry.name)
                }
                None => w.eq_ignore_ascii_case(&r.registry.name),
            })
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
    },
    SubscriptionFailed {
        subscription: String,
        error: ArmError,
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
    /// Everything answered (or failed). Counts of registries loaded and failed.
    Done {
        loaded: usize,
        failed: usize,
    },
    /// The subscription list itself could not be read.
    Failed(ArmError),
}

/// Runs the inventory, sending events to `tx`. Returns when done or when the receiver is gone.
pub async fn run(api: Arc<dyn AcrApi>, scope: Scope, concurrency: usize, tx: mpsc::Sender<Event>) {
    let subscriptions = match api.list_subscriptions().await {
        Ok(s) => s
            .into_iter()
            .filter(|s| scope.wants_subscription(s))
            .collect::<Vec<_>>(),
        Err(e) => {
            let _ = tx.send(Event::Failed(e)).await;
            return;
        }
    };
    if tx
        .send(Event::Subscriptions(subscriptions.clone()))
        .await
        .is_err()
    {
        return;
    }
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut registry_tasks = JoinSet::new();
    let mut sub_tasks = JoinSet::new();
    for sub in subscriptions {
        let (api, permits) = (api.clone(), permits.clone());
        sub_tasks.spawn(async move {
            let registries = limited(&permits, api.list_registries(&sub.id)).await;
            (sub.id, registries)
        });
    }
    let (mut loaded, mut failed) = (0, 0);
    while let Some(joined) = sub_tasks.join_next().await {
        let Ok((subscription, result)) = joined else {
            continue;
        };
        let registries = match result {
            Ok(r) => r
                .into_iter()
                .filter(|r| scope.wants_registry(r))
                .collect::<Vec<_>>(),
            Err(error) => {
                if tx
                    .send(Event::SubscriptionFailed {
                        subscription,
                        error,
                    })
                    .await
                    .is_err()
                {
                    return;
                }
                continue;
            }
        };
        for registry in &registries {
            let (api, permits, registry) = (api.clone(), permits.clone(), registry.clone());
            registry_tasks.spawn(async move {
                let contents = load_registry(api.as_ref(), &permits, &registry).await;
                (registry, contents)
            });
        }
        if tx
            .send(Event::Registries {
                subscription,
                registries,
            })
            .await
            .is_err()
        {
            return;
        }
        // Forward registries that finished meanwhile, without waiting for the rest.
        while let Some(Ok((registry, contents))) = registry_tasks.try_join_next() {
            if !forward(&tx, registry, contents, &mut loaded, &mut failed).await {
                return;
            }
        }
    }
    while let Some(joined) = registry_tasks.join_next().await {
        let Ok((registry, contents)) = joined else {
            continue;
        };
        if !forward(&tx, registry, contents, &mut loaded, &mut failed).await {
            return;
        }
    }
    let _ = tx.send(Event::Done { loaded, failed }).await;
}

type Contents = Result<(Vec<ScopeMapInfo>, Vec<TokenInfo>), ArmError>;

/// Scope maps and tokens side by side, each list holding its own permit: the
/// limit counts requests in flight, not registries (one registry is two lists).
async fn load_registry(api: &dyn AcrApi, permits: &Semaphore, registry: &RegistryInfo) -> Contents {
    let (maps, tokens) = tokio::join!(
        limited(permits, api.list_scope_maps(&registry.registry)),
        limited(permits, api.list_tokens(&registry.registry))
    );
    Ok((maps?, tokens?))
}

/// Runs `request` once a permit is free. A list follows its nextLinks one
/// page at a time under the same permit, so one permit is one request in flight.
async fn limited<T>(permits: &Semaphore, request: impl Future<Output = T>) -> T {
    // The semaphore is never closed; were it, running unlimited beats stalling.
    let _permit = permits.acquire().await.ok();
    request.await
}

async fn forward(
    tx: &mpsc::Sender<Event>,
    registry: RegistryInfo,
    contents: Contents,
    loaded: &mut usize,
    failed: &mut usize,
) -> bool {
    let event = match contents {
        Ok((scope_maps, tokens)) => {
            *loaded += 1;
            Event::RegistryLoaded {
                registry,
                scope_maps,
                tokens,
            }
        }
        Err(error) => {
            *failed += 1;
            Event::RegistryFailed { registry, error }
        }
    };
    tx.send(event).await.is_ok()
}
