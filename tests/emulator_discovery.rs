//! Anonymous discovery as the public cloud serves it, with the emulator's
//! own URLs, and authentication checked after routing: discovery needs no
//! token, unknown paths get ARM's 404 either way, known ones need a token.

mod common;

use acrtui::emulator::store::Sku;
use acrtui::emulator::{EmulatorConfig, StrictAuth};
use common::*;
use serde_json::Value;

async fn anonymous_get(c: &Client, path: &str) -> (u16, Value) {
    let r = c
        .raw()
        .get(format!("{}{path}", c.base))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

fn strict() -> EmulatorConfig {
    EmulatorConfig {
        strict_auth: Some(StrictAuth {
            client_id: "app".into(),
            client_secret: "s".to_string().into(),
            token_lifetime: std::time::Duration::from_secs(600),
        }),
        ..EmulatorConfig::fast()
    }
}

#[tokio::test]
async fn the_cloud_metadata_document_names_the_emulator_itself() {
    let emu = with_store(strict(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let (status, cloud) = anonymous_get(&c, "/metadata/endpoints?api-version=2022-09-01").await;
    assert_eq!(status, 200, "{cloud}");
    assert_eq!(cloud["resourceManager"], format!("{}/", c.base));
    assert_eq!(cloud["authentication"]["loginEndpoint"], c.base);
    assert_eq!(
        cloud["authentication"]["audiences"][0],
        format!("{}/", c.base)
    );
    assert!(
        cloud["suffixes"].is_object() && cloud["name"].is_string(),
        "{cloud}"
    );
    // Every URL in it points back here.
    let text = cloud.to_string();
    for url in text.split('"').filter(|s| s.starts_with("http")) {
        assert!(url.starts_with(&c.base), "{url} leaves the emulator");
    }
    let (_, legacy) = anonymous_get(&c, "/metadata/endpoints?api-version=2019-05-01").await;
    assert_eq!(legacy.as_array().map(Vec::len), Some(1), "{legacy}");
}

#[tokio::test]
async fn openid_and_instance_discovery_lead_msal_to_the_token_endpoint() {
    let emu = with_store(strict(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let (status, oidc) = anonymous_get(&c, "/tenant1/v2.0/.well-known/openid-configuration").await;
    assert_eq!(status, 200);
    assert_eq!(
        oidc["token_endpoint"],
        format!("{}/tenant1/oauth2/v2.0/token", c.base)
    );
    assert_eq!(oidc["issuer"], format!("{}/tenant1/v2.0", c.base));
    assert!(oidc["authorization_endpoint"].is_string());
    let (status, v1) = anonymous_get(&c, "/tenant1/.well-known/openid-configuration").await;
    assert_eq!(status, 200);
    assert_eq!(
        v1["token_endpoint"],
        format!("{}/tenant1/oauth2/token", c.base)
    );
    let (status, instance) = anonymous_get(&c, "/common/discovery/instance?api-version=1.1").await;
    assert_eq!(status, 200);
    assert_eq!(
        instance["tenant_discovery_endpoint"],
        format!("{}/common/v2.0/.well-known/openid-configuration", c.base)
    );
    let (status, keys) = anonymous_get(&c, "/tenant1/discovery/v2.0/keys").await;
    assert_eq!((status, keys["keys"].is_array()), (200, true));
}

#[tokio::test]
async fn authentication_comes_after_routing() {
    let emu = with_store(strict(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let (status, body) = anonymous_get(&c, "/nothing/here?api-version=2023-07-01").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "InvalidResourceType");
    let (status, body) = anonymous_get(&c, &format!("{REG}?{API}")).await;
    assert_eq!(status, 401, "{body}");
}
