//! `systemData` in seed files: who created and last changed a seeded
//! resource, with defaults for what the seed leaves out.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::store::SystemData;

/// ARM's `systemData` as the service would show it; every field optional.
/// Missing: created by `seed@contoso.com` (User) when the resource was created.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedSystemData {
    pub created_by: Option<String>,
    pub created_by_type: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub last_modified_by: Option<String>,
    pub last_modified_by_type: Option<String>,
    pub last_modified_at: Option<DateTime<Utc>>,
}

/// Who created a seeded resource when the seed does not say.
pub const SEED_CREATOR: &str = "seed@contoso.com";

/// The systemData of a resource seeded at `created`, with nothing said about it.
pub fn seeded(created: DateTime<Utc>) -> SystemData {
    SystemData::created(SEED_CREATOR, "User", created)
}

const IDENTITY_TYPES: [&str; 4] = ["User", "Application", "ManagedIdentity", "Key"];

/// A seed's systemData over the defaults; an identity type outside ARM's four is refused.
pub(super) fn system_data(
    seed: Option<SeedSystemData>,
    created: DateTime<Utc>,
) -> Result<SystemData, String> {
    let s = seed.unwrap_or_default();
    for t in [&s.created_by_type, &s.last_modified_by_type]
        .into_iter()
        .flatten()
    {
        if !IDENTITY_TYPES.contains(&t.as_str()) {
            return Err(format!(
                "systemData type {t:?} must be one of {}",
                IDENTITY_TYPES.join(", ")
            ));
        }
    }
    let created_by = s.created_by.unwrap_or_else(|| SEED_CREATOR.into());
    let created_by_type = s.created_by_type.unwrap_or_else(|| "User".into());
    let created_at = s.created_at.unwrap_or(created);
    Ok(SystemData {
        last_modified_by: s.last_modified_by.unwrap_or_else(|| created_by.clone()),
        last_modified_by_type: s
            .last_modified_by_type
            .unwrap_or_else(|| created_by_type.clone()),
        last_modified_at: s.last_modified_at.unwrap_or(created_at),
        created_by,
        created_by_type,
        created_at,
    })
}
