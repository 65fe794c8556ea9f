//! One registry's contents (scope maps and tokens), read whole or with its
//! tokens streamed page by page.

use tokio::sync::{Semaphore, mpsc};

use super::inventory::Event;
use super::{AcrApi, ArmError, RegistryInfo, ScopeMapInfo, TokenInfo};

pub type Contents = Result<(Vec<ScopeMapInfo>, Vec<TokenInfo>), ArmError>;

/// Scope maps and tokens side by side, each list holding its own permit: the
/// limit counts requests in flight, not registries (one registry is two lists).
pub async fn load_registry(
    api: &dyn AcrApi,
    permits: &Semaphore,
    registry: &RegistryInfo,
) -> Contents {
    api.quota_ready(&registry.registry.subscription).await;
    let (maps, tokens) = tokio::join!(
        limited(permits, api.list_scope_maps(&registry.registry)),
        limited(permits, api.list_tokens(&registry.registry))
    );
    Ok((maps?, tokens?))
}

/// As `load_registry`, but each page of tokens also goes to `events` as a
/// `TokensPage` the moment it arrives. The whole list is still returned: the
/// pages are a preview, the list the answer.
pub async fn load_streaming(
    api: &dyn AcrApi,
    permits: &Semaphore,
    registry: &RegistryInfo,
    events: &mpsc::Sender<Event>,
) -> Contents {
    api.quota_ready(&registry.registry.subscription).await;
    // A few pages of slack: the pages are read one after another anyway.
    let (page_tx, mut page_rx) = mpsc::channel::<Vec<TokenInfo>>(4);
    let read = async move {
        let result = limited(permits, api.stream_tokens(&registry.registry, &page_tx)).await;
        drop(page_tx);
        result
    };
    let forward = async {
        let mut all = Vec::new();
        while let Some(page) = page_rx.recv().await {
            all.extend(page.iter().cloned());
            let event = Event::TokensPage {
                registry: registry.registry.clone(),
                tokens: page,
            };
            // The receiver gone: the run is being dropped, and this with it.
            let _ = events.send(event).await;
        }
        all
    };
    // Tokens first: before a subscription's first answer the pacer lets one
    // request go at a time, and the first page of tokens is what shows.
    let ((read, tokens), maps) = tokio::join!(
        async { tokio::join!(read, forward) },
        limited(permits, api.list_scope_maps(&registry.registry))
    );
    read?;
    Ok((maps?, tokens))
}

/// Runs `request` once a permit is free. A list follows its nextLinks one
/// page at a time under the same permit, so one permit is one request in flight.
pub(super) async fn limited<T>(permits: &Semaphore, request: impl Future<Output = T>) -> T {
    // The semaphore is never closed; were it, running unlimited beats stalling.
    let _permit = permits.acquire().await.ok();
    request.await
}
