//! Generated models → domain types.

use azure_mgmt_containerregistry::package_2023_07::models;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{PasswordInfo, RegistryInfo, RegistryRef, ScopeMapInfo, Slot, TokenInfo};

pub fn time(t: Option<time::OffsetDateTime>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()))
}

/// A generated string enum as the string the service sent.
pub fn enum_str<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_value(v).ok()?.as_str().map(str::to_string)
}

fn last_segment(id: &str) -> String {
    id.rsplit('/').next().unwrap_or_default().to_string()
}

/// A registry, or why it cannot be identified.
pub fn registry(r: models::Registry) -> Result<RegistryInfo, String> {
    let id = r.resource.id.as_deref().ok_or("it has no id")?;
    let reference = RegistryRef::from_id(id).ok_or_else(|| {
        format!(
            "its id {:?} is not a registry's resource id",
            crate::domain::safe_text::escaped(id)
        )
    })?;
    let props = r.properties.unwrap_or_default();
    Ok(RegistryInfo {
        login_server: props
            .login_server
            .unwrap_or_else(|| format!("{}.azurecr.io", reference.name.to_ascii_lowercase())),
        registry: reference,
        location: r.resource.location,
        sku: enum_str(&r.sku.name).unwrap_or_default(),
        admin_user_enabled: props.admin_user_enabled.unwrap_or(false),
        created: time(props.creation_date),
        // The 2023-07-01 model has no such field: the caller reads it raw.
        role_assignment_mode: None,
    })
}

pub fn scope_map(s: models::ScopeMap) -> ScopeMapInfo {
    let props = s
        .properties
        .unwrap_or_else(|| models::ScopeMapProperties::new(Vec::new()));
    let name = s.proxy_resource.name.unwrap_or_default();
    ScopeMapInfo {
        system: props.type_.as_deref() == Some("SystemDefined")
            || crate::domain::names::is_system_scope_map(&name),
        name,
        description: props.description,
        actions: props.actions,
        created: time(props.creation_date),
        provisioning_state: props.provisioning_state.as_ref().and_then(enum_str),
    }
}

/// A token as the domain sees it, or what makes it unreadable. Nothing is
/// guessed: a token without properties or status, or with a password slot
/// that is not `password1`/`password2`, would otherwise read as an enabled
/// token with fewer passwords than it has, and rotate could pick a slot in use.
pub fn token(t: models::Token) -> Result<TokenInfo, String> {
    let name = t.proxy_resource.name.ok_or("it has no name")?;
    let props = t.properties.ok_or("it has no properties")?;
    let status = props
        .status
        .as_ref()
        .and_then(enum_str)
        .ok_or("it has no status")?;
    let enabled = match status.to_ascii_lowercase().as_str() {
        "enabled" => true,
        "disabled" => false,
        _ => {
            return Err(format!(
                "its status {:?} is neither enabled nor disabled",
                crate::domain::safe_text::escaped(&status)
            ));
        }
    };
    let mut passwords = Vec::new();
    for (i, p) in props
        .credentials
        .map(|c| c.passwords)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let slot_name = p.name.as_ref().and_then(enum_str).unwrap_or_default();
        let slot = Slot::parse(&slot_name).ok_or_else(|| {
            format!(
                "field properties.credentials.passwords[{i}].name {:?} is not password1 or password2",
                crate::domain::safe_text::escaped(&slot_name)
            )
        })?;
        passwords.push(PasswordInfo {
            slot,
            created: time(p.creation_time),
            expiry: time(p.expiry),
        });
    }
    Ok(TokenInfo {
        name,
        enabled,
        scope_map: props.scope_map_id.as_deref().map(last_segment),
        scope_map_id: props.scope_map_id,
        created: time(props.creation_date),
        passwords,
        provisioning_state: props.provisioning_state.as_ref().and_then(enum_str),
        problem: None,
    })
}
