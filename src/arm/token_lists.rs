//! A registry's tokens list, read whole or page by page (a 50,000-token
//! registry is 500 pages, which the console shows as they arrive). Raw JSON
//! through `paging.rs`, each item parsed by `answers::token_item`.

use tokio::sync::mpsc;

use super::answers::token_item;
use super::azure_client::AzureAcr;
use super::paging::{Pages, collect_raw};
use super::{ArmResult, RegistryRef, TokenInfo};

impl AzureAcr {
    pub(super) async fn read_tokens(&self, r: &RegistryRef) -> ArmResult<Vec<TokenInfo>> {
        let url = self.registry_url(r, &["tokens"]);
        let what = format!("tokens list of {r}");
        let values = collect_raw(&self.raw, url.as_str(), &what, self.pages).await?;
        values.into_iter().map(|v| token_item(v, &what)).collect()
    }

    /// Each page to `pages` as it arrives; how many tokens were read. Stops
    /// early, with Ok, when `pages` is closed.
    pub(super) async fn send_token_pages(
        &self,
        r: &RegistryRef,
        pages: &mpsc::Sender<Vec<TokenInfo>>,
    ) -> ArmResult<usize> {
        let url = self.registry_url(r, &["tokens"]);
        let what = format!("tokens list of {r}");
        let mut list = Pages::new(url.as_str(), &what, self.pages);
        while let Some(values) = list.next(&self.raw).await? {
            let page = values
                .into_iter()
                .map(|v| token_item(v, &what))
                .collect::<ArmResult<Vec<_>>>()?;
            if pages.send(page).await.is_err() {
                break;
            }
        }
        Ok(list.items())
    }
}
