//! Resources rendered as the service renders them (keys, casing, date format).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::store::{PasswordMeta, Registry, ScopeMap, Subscription, Token};

/// Dates as the service writes them: `2020-01-18T00:15:34.066221+00:00`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, false)
}

/// Expiry echoed as sent, normalised to UTC with `+00:00`.
pub fn expiry(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

pub fn subscription(s: &Subscription, tenant: &str) -> Value {
    json!({
        "id": format!("/subscriptions/{}", s.id),
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "subscriptionId": s.id,
        "tenantId": tenant,
        "displayName": s.display_name,
        "state": "Enabled",
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "PayAsYouGo_2014-09-01",
            "spendingLimit": "Off"
        }
    })
}

/// A registry as rendered for `api_version`: 2025-04-01 and later add
/// `networkRuleBypassAllowedForTasks` and `roleAssignmentMode`.
pub fn registry(r: &Registry, api_version: &str) -> Value {
    let mut v = registry_base(r);
    if api_version >= "2025-04-01" {
        v["properties"]["networkRuleBypassAllowedForTasks"] = json!(false);
        v["properties"]["roleAssignmentMode"] = json!("LegacyRegistryPermissions");
    }
    v
}

fn registry_base(r: &Registry) -> Value {
    json!({
        "sku": {"name": r.sku.as_str(), "tier": r.sku.as_str()},
        "type": "Microsoft.ContainerRegistry/registries",
        "id": r.id(),
        "name": r.name,
        "location": r.location,
        "tags": r.tags,
        "properties": {
            "loginServer": r.login_server(),
            "creationDate": timestamp(r.created),
            "provisioningState": "Succeeded",
            "adminUserEnabled": r.admin_user_enabled,
            "networkRuleSet": {"defaultAction": "Allow", "ipRules": []},
            "policies": {
                "quarantinePolicy": {"status": "disabled"},
                "trustPolicy": {"type": "Notary", "status": "disabled"},
                "retentionPolicy": {"days": 7, "lastUpdatedTime": timestamp(r.created), "status": "disabled"},
                "exportPolicy": {"status": "enabled"},
                "azureADAuthenticationAsArmPolicy": {"status": "enabled"},
                "softDeletePolicy": {"retentionDays": 7, "lastUpdatedTime": timestamp(r.created), "status": "disabled"}
            },
            "encryption": {"status": "disabled"},
            "dataEndpointEnabled": false,
            "dataEndpointHostNames": [],
            "privateEndpointConnections": [],
            "publicNetworkAccess": "Enabled",
            "networkRuleBypassOptions": "AzureServices",
            "zoneRedundancy": "Disabled",
            "anonymousPullEnabled": false
        }
    })
}

pub fn scope_map(r: &Registry, s: &ScopeMap) -> Value {
    let mut props = Map::new();
    if let Some(d) = &s.description {
        props.insert("description".into(), json!(d));
    }
    props.insert(
        "type".into(),
        json!(if s.system {
            "SystemDefined"
        } else {
            "UserDefined"
        }),
    );
    props.insert("creationDate".into(), json!(timestamp(s.created)));
    props.insert("provisioningState".into(), json!(s.state.as_str()));
    props.insert("actions".into(), json!(s.actions));
    json!({
        "id": r.scope_map_id(&s.name),
        "name": s.name,
        "type": "Microsoft.ContainerRegistry/registries/scopeMaps",
        "properties": props,
    })
}

/// Password metadata only: a token never shows password values after creation.
pub fn password_meta(p: &PasswordMeta) -> Value {
    let mut m = Map::new();
    m.insert("creationTime".into(), json!(timestamp(p.created)));
    if let Some(e) = p.expiry {
        m.insert("expiry".into(), json!(expiry(e)));
    }
    m.insert("name".into(), json!(p.name));
    Value::Object(m)
}

pub fn token(r: &Registry, t: &Token) -> Value {
    let passwords: Vec<Value> = t.passwords.iter().map(password_meta).collect();
    json!({
        "id": r.token_id(&t.name),
        "name": t.name,
        "type": "Microsoft.ContainerRegistry/registries/tokens",
        "properties": {
            "creationDate": timestamp(t.created),
            "scopeMapId": t.scope_map_id,
            "credentials": {"passwords": passwords},
            "status": if t.enabled { "enabled" } else { "disabled" },
            "provisioningState": t.state.as_str(),
        }
    })
}

pub fn error(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}
