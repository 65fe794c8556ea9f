//! Generated models → domain types.

use azure_mgmt_containerregistry::package_2023_07::models;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{PasswordInfo, RegistryInfo, RegistryRef, ScopeMapInfo, Slot, TokenInfo};

pub fn time(t: Option<time::OffsetDateTime>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()))
}

pub fn to_offset(t: DateTime<Utc>) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp_nanos(t.timestamp_nanos_opt()? as i128).ok()
}

/// A generated string enum as the string the service sent.
pub fn enum_str<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_value(v).ok()?.as_str().map(str::to_string)
}

fn last_segment(id: &str) -> String {
    id.rsplit('/').next().unwrap_or_default().to_string()
}

pub fn registry(r: models::Registry) -> Option<RegistryInfo> {
    let id = r.resource.id.as_deref()?;
    let reference = RegistryRef::from_id(id)?;
    let props = r.properties.unwrap_or_default();
    Some(RegistryInfo {
        login_server: props
            .login_server
            .unwrap_or_else(|| format!("{}.azurecr.io", reference.name.to_ascii_lowercase())),
        registry: reference,
        location: r.resource.location,
        sku: enum_str(&r.sku.name).unwrap_or_default(),
        admin_user_enabled: props.admin_user_enabled.unwrap_or(false),
        created: time(props.creation_date),
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

pub fn token(t: models::Token) -> TokenInfo {
    let props = t.properties.unwrap_or_default();
    let passwords = props
        .credentials
        .map(|c| c.passwords)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            Some(PasswordInfo {
                slot: Slot::parse(&enum_str(p.name.as_ref()?)?)?,
                created: time(p.creation_time),
                expiry: time(p.expiry),
            })
        })
        .collect();
    TokenInfo {
        name: t.proxy_resource.name.unwrap_or_default(),
        enabled: props
            .status
            .as_ref()
            .and_then(enum_str)
            .is_none_or(|s| s.eq_ignore_ascii_case("enabled")),
        scope_map: props.scope_map_id.as_deref().map(last_segment),
        scope_map_id: props.scope_map_id,
        created: time(props.creation_date),
        passwords,
        provisioning_state: props.provisioning_state.as_ref().and_then(enum_str),
    }
}
