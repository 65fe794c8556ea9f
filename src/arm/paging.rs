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
    let mut pages = Pages::new(first_url, what, limits);
    let mut items = Vec::new();
    while let Some(page) = pages.next(raw).await? {
        items.extend(page);
    }
    Ok(items)
}

/// A list read one page at a time, for callers that show each page as it
/// arrives (a 50,000-token registry is 500 pages). Same checks as
/// `collect_raw`, which is built on it.
pub struct Pages {
    url: Option<String>,
    seen: HashSet<String>,
    items: usize,
    what: String,
    limits: PageLimits,
}

impl Pages {
    pub fn new(first_url: &str, what: &str, limits: PageLimits) -> Pages {
        Pages {
            url: Some(first_url.to_string()),
            seen: HashSet::new(),
            items: 0,
            what: what.to_string(),
            limits,
        }
    }

    /// Items read so far.
    pub fn items(&self) -> usize {
        self.items
    }

    /// The next page's items; None after the last page.
    pub async fn next(&mut self, raw: &RawClient) -> Result<Option<Vec<Value>>, ArmError> {
        let Some(u) = self.url.take() else {
            return Ok(None);
        };
        self.check_link(&u)?;
        let answer = raw.get(&u).await?;
        if answer.status != 200 {
            return Err(answer.error());
        }
        let mut page: Value = answer.json()?;
        let next = match page.get("nextLink") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                return Err(incomplete(
                    &self.what,
                    "its nextLink is not a string".into(),
                ));
            }
        };
        let Some(Value::Array(values)) = page.get_mut("value").map(Value::take) else {
            let why = format!("page {} came without a `value` array", self.seen.len());
            return Err(incomplete(&self.what, why));
        };
        if self.items + values.len() > self.limits.max_items {
            let why = format!("it holds more than {} items", self.limits.max_items);
            return Err(incomplete(&self.what, why));
        }
        self.items += values.len();
        self.url = next;
        Ok(Some(values))
    }

    /// A repeated link or one page too many is an error, never a loop.
    fn check_link(&mut self, url: &str) -> Result<(), ArmError> {
        if !self.seen.insert(url.to_string()) {
            let why = format!("the service repeated a nextLink after {} items", self.items);
            return Err(incomplete(&self.what, why));
        }
        if self.seen.len() > self.limits.max_pages {
            let why = format!(
                "it ran past {} pages ({} items) without ending",
                self.limits.max_pages, self.items
            );
            return Err(incomplete(&self.what, why));
        }
        Ok(())
    }
}
