//! The inventory's Resource Graph discovery (`--discovery auto|graph`): one
//! query finds every registry, side by side with the subscription list, so
//! the first registries show after one round trip and a tenant of 1,000
//! mostly empty subscriptions costs one query instead of 1,000 lists.
//! Its rows wait for the subscription list (sent side by side, so the wait
//! is one round trip at most): a subscription the list does not confirm, or
//! `--subscription` leaves out, never shows, and a report never holds one.
//! The console (`Scope::show_unconfirmed`, no `--subscription`) shows them
//! at once instead, and has them retracted if the list disagrees.
//! Subscriptions the query found nothing in are listed as empty. In `auto`,
//! a query that fails (no permission, a cloud without Resource Graph) falls
//! back to one registry list per subscription; in `graph` it is the error.

use std::collections::HashMap;

use tokio::task::JoinSet;

use super::{Discovery, Event, Fanout, Flow};
use crate::arm::{ArmError, RegistryInfo};

#[derive(Debug)]
pub(super) enum GraphState {
    /// Not used (`--discovery arm`), or failed in `auto` (fell back).
    Off,
    /// Asked; the subscriptions confirmed meanwhile wait for its answer.
    Pending(Vec<String>),
    /// Answered before the subscription list: the rows wait for it.
    Held(Vec<RegistryInfo>),
    /// Answered: the subscriptions it found registries in (lower case).
    Done(Vec<String>),
}

impl Fanout {
    /// Beside the subscription list: the Resource Graph query, or (`arm`)
    /// the registry lists of the subscriptions known from last time.
    pub(super) fn start(&mut self, graph: &mut JoinSet<Result<Vec<RegistryInfo>, ArmError>>) {
        if self.scope.discovery == Discovery::Arm {
            let known: Vec<String> = self.scope.known.clone();
            for id in known {
                self.list_registries(id);
            }
        } else {
            self.graph = GraphState::Pending(Vec::new());
            // Under the same limit as every other request: one permit is one
            // request in flight.
            let (api, permits) = (self.api.clone(), self.permits.clone());
            graph.spawn(async move { super::limited(&permits, api.discover_registries()).await });
        }
    }

    /// Confirmed subscriptions to find registries of: by their own lists,
    /// or from Resource Graph's answer (now, or when it comes).
    pub(super) async fn list_or_defer(&mut self, ids: Vec<String>) -> Flow {
        // Rows that came before the subscription list go out now (show()
        // leaves the state Done).
        if let GraphState::Held(rows) = &mut self.graph {
            let rows = std::mem::take(rows);
            if let Flow::Stop = self.show(rows).await {
                return Flow::Stop;
            }
        }
        match &mut self.graph {
            GraphState::Off => {
                for id in ids {
                    self.list_registries(id);
                }
                Flow::Go
            }
            GraphState::Pending(waiting) => {
                waiting.extend(ids);
                Flow::Go
            }
            GraphState::Held(_) => Flow::Go,
            GraphState::Done(found) => {
                let empty: Vec<String> = ids
                    .into_iter()
                    .filter(|id| !found.contains(&id.to_ascii_lowercase()))
                    .collect();
                self.none_found(empty).await
            }
        }
    }

    /// Resource Graph answered.
    pub(super) async fn discovered(&mut self, result: Result<Vec<RegistryInfo>, ArmError>) -> Flow {
        let waiting = match std::mem::replace(&mut self.graph, GraphState::Off) {
            GraphState::Pending(waiting) => waiting,
            _ => Vec::new(),
        };
        let registries = match result {
            Ok(r) => r,
            Err(e) if self.scope.discovery == Discovery::Graph => {
                let _ = self.tx.send(Event::Failed(e)).await;
                return Flow::Stop;
            }
            Err(e) => {
                tracing::info!(error = %e, "Resource Graph did not answer; listing registries per subscription");
                return self.list_or_defer(waiting).await;
            }
        };
        let early = self.scope.show_unconfirmed && self.scope.subscriptions.is_empty();
        if self.confirmed.is_none() && !early {
            self.graph = GraphState::Held(registries);
            return Flow::Go;
        }
        if let Flow::Stop = self.show(registries).await {
            return Flow::Stop;
        }
        self.list_or_defer(waiting).await
    }

    /// The rows, one `Registries` event per subscription; afterwards the
    /// state is `Done` with the subscriptions they were in.
    async fn show(&mut self, registries: Vec<RegistryInfo>) -> Flow {
        let mut by_subscription: HashMap<String, Vec<RegistryInfo>> = HashMap::new();
        for r in registries {
            let key = r.registry.subscription.to_ascii_lowercase();
            by_subscription.entry(key).or_default().push(r);
        }
        let found: Vec<String> = by_subscription.keys().cloned().collect();
        self.graph = GraphState::Done(found);
        let mut groups: Vec<(String, Vec<RegistryInfo>)> = by_subscription.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, group) in groups {
            let Some(subscription) = group.first().map(|r| r.registry.subscription.clone()) else {
                continue;
            };
            if let Flow::Stop = self.registries_listed(subscription, Ok(group)).await {
                return Flow::Stop;
            }
        }
        Flow::Go
    }

    /// Subscriptions Resource Graph found no registry in: listed as empty.
    async fn none_found(&mut self, ids: Vec<String>) -> Flow {
        for id in ids {
            if let Flow::Stop = self.registries_listed(id, Ok(Vec::new())).await {
                return Flow::Stop;
            }
        }
        Flow::Go
    }
}
