//! Collecting pages. The mgmt crate's pager follows `nextLink` forever, even
//! when the service repeats one; this stops at the first repeat. Errors keep
//! the service's code, message and ids.

use std::collections::HashSet;

use futures_util::StreamExt;

use super::error::{ArmError, from_azure};
use super::raw::RawClient;

/// Drains a generated `Pageable`, mapping each page to (items, nextLink).
pub async fn collect<P, T>(
    pageable: azure_core::Pageable<P, azure_core::Error>,
    split: impl Fn(P) -> (Vec<T>, Option<String>),
) -> Result<Vec<T>, ArmError>
where
    P: Send + 'static,
{
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut pages = Box::pin(pageable);
    while let Some(page) = pages.next().await {
        let (mut page_items, next) = split(page.map_err(|e| from_azure(&e))?);
        items.append(&mut page_items);
        match next.filter(|n| !n.is_empty()) {
            Some(link) if !seen.insert(link.clone()) => {
                tracing::warn!(
                    "the service repeated a nextLink; stopping after {} items",
                    items.len()
                );
                break;
            }
            Some(_) => {}
            None => break,
        }
    }
    Ok(items)
}

/// Pages of a raw JSON list (`{"value": [...], "nextLink"}`), same rules.
pub async fn collect_raw(
    raw: &RawClient,
    first_url: &str,
) -> Result<Vec<serde_json::Value>, ArmError> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut url = Some(first_url.to_string());
    while let Some(u) = url.take() {
        if !seen.insert(u.clone()) {
            tracing::warn!(
                "the service repeated a nextLink; stopping after {} items",
                items.len()
            );
            break;
        }
        let answer = raw.get(&u).await?;
        if answer.status != 200 {
            return Err(answer.error());
        }
        let page: serde_json::Value = answer.json()?;
        if let Some(values) = page.get("value").and_then(|v| v.as_array()) {
            items.extend(values.iter().cloned());
        }
        url = page
            .get("nextLink")
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
    }
    Ok(items)
}
