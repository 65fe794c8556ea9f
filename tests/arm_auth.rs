//! The real azure_identity credential code against the emulator's Entra ID
//! token endpoint (strict mode): `--auth sp` end to end.

mod common;

use std::time::Duration;

use acrtui::arm::auth::{AuthMethod, Cloud, CredentialSpec, resolve, scope_for};
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::{AcrApi, ArmErrorKind, RegistryRef};
use acrtui::emulator::store::Sku;
use acrtui::emulator::{EmulatorConfig, StrictAuth};
use common::*;

fn env_with(secret: &'static str) -> impl Fn(&str) -> Option<String> + Sync {
    move |k: &str| {
        match k {
            "AZURE_TENANT_ID" => Some("tenant1"),
            "AZURE_CLIENT_ID" => Some("app-id"),
            "AZURE_CLIENT_SECRET" => Some(secret),
            _ => None,
        }
        .map(str::to_string)
    }
}

#[tokio::test]
async fn service_principal_gets_a_token_from_the_emulator_and_uses_it() {
    let config = EmulatorConfig {
        strict_auth: Some(StrictAuth {
            client_id: "app-id".into(),
            client_secret: "s3cret".to_string().into(),
            token_lifetime: std::time::Duration::from_secs(3599),
        }),
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let url = emu.url();
    let scope = scope_for(&url);
    let env = env_with("s3cret");
    let spec = CredentialSpec {
        method: AuthMethod::Sp,
        cloud: Cloud::Public,
        authority_host: Some(&url),
        scope: &scope,
        env: &env,
    };
    let resolved = resolve(&spec).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resolved.description, "environment service principal");
    assert!(!format!("{:?}", resolved.credential).contains("s3cret"));
    let api = AzureAcr::new(
        url.parse().unwrap(),
        &scope,
        resolved.credential,
        ClientConfig::default(),
    );
    let reg = RegistryRef {
        subscription: "sub1".into(),
        resource_group: "rg".into(),
        name: "myregistry".into(),
    };
    let info = tokio::time::timeout(Duration::from_secs(20), api.get_registry(&reg))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(info.registry.name, "myregistry");
    assert!(emu.calls("POST", "/oauth2/v2.0/token") >= 1);

    let wrong = env_with("nope");
    let spec = CredentialSpec {
        env: &wrong,
        ..spec
    };
    let err = resolve(&spec).await.err().unwrap();
    assert_eq!(err.kind, ArmErrorKind::Auth);
    assert!(
        err.message.contains("environment service principal"),
        "{}",
        err.message
    );
    assert!(
        !err.message.contains("nope"),
        "the secret must not appear in the error"
    );
}
