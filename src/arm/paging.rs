//! Collecting the pages of an ARM list (`{"value": [...], "nextLink"}`),
//! strictly: a page without `value`, a repeated `nextLink`, or a list that
//! runs past the limits is an error naming the list, never a short or guessed
//! result. Links are fetched by `RawClient`, whose transport refuses any
//! origin but the ARM endpoint's.

use std::collections::HashSet;

use serde_json::Value;

use super::error::{ArmError, ArmErrorKind};
use super::raw::RawClient;

/// Far above the service's limits (a Premium registry holds 50,000 tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    pub max_pages: usize,
    pub max_items: usize,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits {
            max_pages: 5_000,
            max_items: 200_000,
        }
    }
}

fn incomplete(what: &str, why: String) -> ArmError {
    ArmError::new(
        ArmErrorKind::Decode,
        format!("the {what}: {why}; the list is incomplete"),
    )
}

/// Every item of the list at `first_url`. `what` names it in errors
/// ("tokens list of rg/reg").
pub async fn collect_raw(
    raw: &RawClient,
    first_url: &str,
    what: &str,
    limits: PageLimits,
) -> Result<Vec<Value>, ArmError> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut url = Some(first_url.to_string());
    while let Some(u) = url.take() {
        if !seen.insert(u.clone()) {
            return Err(incomplete(
                what,
                format!(
                    "the service repeated a nextLink after {} items",
                    items.len()
                ),
            ));
        }
        if seen.len() > limits.max_pages {
            return Err(incomplete(
                what,
                format!(
                    "it ran past {} pages ({} items) without ending",
                    limits.max_pages,
                    items.len()
                ),
            ));
        }
        let answer = raw.get(&u).await?;
        if answer.status != 200 {
            return Err(answer.error());
        }
        let page: Value = answer.json()?;
        let Some(values) = page.get("value").and_then(Value::as_array) else {
            return Err(incomplete(
                what,
                format!("page {} came without a `value` array", seen.len()),
            ));
        };
        if items.len() + values.len() > limits.max_items {
            return Err(incomplete(
                what,
                format!("it holds more than {} items", limits.max_items),
            ));
        }
        items.extend(values.iter().cloned());
        url = match page.get("nextLink") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                return Err(incomplete(what, "its nextLink is not a string".into()));
            }
        };
    }
    Ok(items)
}
