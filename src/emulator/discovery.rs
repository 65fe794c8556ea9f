//! Anonymous discovery, as the public cloud serves it, with the emulator's
//! own URLs: the ARM cloud metadata document (`az cloud register
//! --endpoint-resource-manager`) and Entra's OpenID discovery, instance
//! discovery and signing keys (MSAL, for `az login --service-principal`).
//! Every URL points back at the emulator, so nothing reaches another host.

use serde_json::{Value, json};

use super::Shared;
use super::reply::Reply;

/// The cloud's name in the metadata document (and so in `az cloud list`).
pub const CLOUD_NAME: &str = "AcrtuiEmulator";

/// `GET /metadata/endpoints`: one cloud object for api-version 2022-09-01
/// and later, as az reads it; a one-element array for older versions, as
/// `ARM_CLOUD_METADATA_URL` consumers read them.
pub fn cloud_metadata(shared: &Shared, api_version: Option<&str>) -> Reply {
    let base = &shared.base;
    let host = host_of(base);
    let cloud = json!({
        "name": CLOUD_NAME,
        "portal": base,
        "resourceManager": format!("{base}/"),
        "authentication": {
            "loginEndpoint": base,
            "audiences": [format!("{base}/"), base],
            "tenant": "common",
            "identityProvider": "AAD",
        },
        // Services the emulator does not serve still point at it, so a
        // client that follows them gets an answer from here, never the internet.
        "graph": format!("{base}/"),
        "graphAudience": format!("{base}/"),
        "microsoftGraphResourceId": format!("{base}/"),
        "gallery": format!("{base}/"),
        "batch": format!("{base}/"),
        "media": format!("{base}/"),
        "sqlManagement": format!("{base}/"),
        "activeDirectoryDataLake": format!("{base}/"),
        "vmImageAliasDoc": format!("{base}/"),
        "suffixes": {
            "acrLoginServer": "azurecr.io",
            "keyVaultDns": format!("vault.{host}"),
            "storage": host,
            "sqlServerHostname": host,
        },
    });
    let legacy = api_version.is_some_and(|v| v < "2022-09-01");
    Reply::ok(if legacy {
        Value::Array(vec![cloud])
    } else {
        cloud
    })
}

/// `GET /<tenant>/v2.0/.well-known/openid-configuration` (and the v1 path).
pub fn openid_configuration(shared: &Shared, tenant: &str, v2: bool) -> Reply {
    let base = &shared.base;
    let (oauth, issuer) = if v2 {
        (
            format!("{base}/{tenant}/oauth2/v2.0"),
            format!("{base}/{tenant}/v2.0"),
        )
    } else {
        (
            format!("{base}/{tenant}/oauth2"),
            format!("{base}/{tenant}/"),
        )
    };
    Reply::ok(json!({
        "token_endpoint": format!("{oauth}/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/{tenant}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": false,
        "authorization_endpoint": format!("{oauth}/authorize"),
        "device_authorization_endpoint": format!("{oauth}/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{oauth}/logout"),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"],
        "tenant_region_scope": null,
        "cloud_instance_name": host_of(base),
        "cloud_graph_host_name": host_of(base),
        "msgraph_host": host_of(base),
    }))
}

/// `GET /<tenant>/discovery/instance`: MSAL's instance discovery.
pub fn instance_discovery(shared: &Shared, tenant: &str) -> Reply {
    let base = &shared.base;
    let host = host_of(base);
    Reply::ok(json!({
        "tenant_discovery_endpoint": format!("{base}/{tenant}/v2.0/.well-known/openid-configuration"),
        "api-version": "1.1",
        "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
    }))
}

/// `GET /<tenant>/discovery/v2.0/keys`: the emulator's tokens are opaque, so no keys.
pub fn signing_keys() -> Reply {
    Reply::ok(json!({ "keys": [] }))
}

/// `host:port` of an origin.
fn host_of(base: &str) -> String {
    base.split_once("://").map_or(base, |(_, h)| h).to_string()
}
