//! `--registry NAME` or `RESOURCE_GROUP/NAME` to the one registry it names,
//! within `--subscription` when given.

use crate::arm::{AcrApi, ArmError, RegistryInfo};
use crate::cli::GlobalArgs;

pub enum FindError {
    /// Names nothing, or several: the user must say more.
    Usage(String),
    Azure(ArmError),
}

impl From<ArmError> for FindError {
    fn from(e: ArmError) -> Self {
        FindError::Azure(e)
    }
}

pub async fn find_registry(
    api: &dyn AcrApi,
    global: &GlobalArgs,
    wanted: &str,
) -> Result<RegistryInfo, FindError> {
    let (rg, name) = match wanted.split_once('/') {
        Some((rg, name)) => (Some(rg), name),
        None => (None, wanted),
    };
    let mut found = Vec::new();
    for sub in api.list_subscriptions().await? {
        if !global.subscription.is_empty()
            && !global.subscription.iter().any(|s| {
                s.eq_ignore_ascii_case(&sub.id) || s.eq_ignore_ascii_case(&sub.display_name)
            })
        {
            continue;
        }
        found.extend(api.list_registries(&sub.id).await?.into_iter().filter(|r| {
            r.registry.name.eq_ignore_ascii_case(name)
                && rg.is_none_or(|rg| r.registry.resource_group.eq_ignore_ascii_case(rg))
        }));
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(FindError::Usage(format!(
            "no registry named {wanted:?} is visible; check --registry and --subscription"
        ))),
        _ => Err(FindError::Usage(format!(
            "{wanted:?} matches registries in several resource groups or subscriptions; use RESOURCE_GROUP/NAME and --subscription"
        ))),
    }
}
