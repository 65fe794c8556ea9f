//! The emulator's Key Vault secrets data plane (issue 17) over real HTTP, at
//! `kv-ci.vault.azure.net` resolved to the emulator: the challenge, set (a
//! new version each time) with exp, contentType and tags, get latest and by
//! version, list versions without values, 404s, 403 for a caller the vault
//! does not list, and strict mode's audience.

mod common;

use acrtui::emulator::{EmulatorConfig, StrictAuth};
use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};

const VAULT: &str = "kv-ci.vault.azure.net";
const API: &str = "api-version=7.4";
const OFFICER: &str = "11111111-1111-1111-1111-111111111111";

fn seed() -> acrtui::emulator::store::Store {
    let text = format!(
        r#"{{"subscriptions": [], "keyVaults": [{{"name": "kv-ci"}}, {{"name": "kv-locked", "secretOfficers": ["{OFFICER}"]}}]}}"#
    );
    acrtui::emulator::seed::from_json(&text, chrono::Utc::now()).unwrap()
}

/// An Entra-shaped token naming `oid` (the lenient emulator reads it unverified).
fn token_of(oid: &str) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.sig",
        b64(r#"{"alg":"none"}"#),
        b64(&format!(
            r#"{{"oid":"{oid}","aud":"https://vault.azure.net"}}"#
        ))
    )
}

struct Vault {
    http: reqwest::Client,
    origin: String,
}

impl Vault {
    fn new(emu: &acrtui::emulator::Emulator, host: &str) -> Vault {
        Vault {
            http: reqwest::Client::builder()
                .resolve(host, emu.addr())
                .no_proxy()
                .build()
                .unwrap(),
            origin: format!("http://{host}:{}", emu.addr().port()),
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Value>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.origin));
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        let (status, headers) = (r.status().as_u16(), r.headers().clone());
        (status, headers, r.json().await.unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn a_request_without_a_token_gets_key_vaults_challenge() {
    let emu = common::with_store(EmulatorConfig::fast(), seed()).await;
    let kv = Vault::new(&emu, VAULT);
    let (status, headers, body) = kv
        .send(Method::GET, &format!("/secrets/x?{API}"), None, None)
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "Unauthorized");
    let challenge = headers["www-authenticate"].to_str().unwrap();
    assert!(
        challenge.contains("resource=\"https://vault.azure.net\""),
        "{challenge}"
    );
    assert!(
        challenge.starts_with(&format!("Bearer authorization=\"{}/", emu.url())),
        "the authority is the emulator's own Entra endpoint: {challenge}"
    );
}

#[tokio::test]
async fn each_set_is_a_new_version_with_its_attributes() {
    let emu = common::with_store(EmulatorConfig::fast(), seed()).await;
    let kv = Vault::new(&emu, VAULT);
    let t = token_of("someone");
    let put = |value: &str| {
        json!({"value": value, "contentType": "application/vnd.docker.config+json",
               "tags": {"registry": "contosoprod", "token": "ci-push", "slot": "password2"},
               "attributes": {"exp": 1_900_000_000}})
    };
    let (status, _, first) = kv
        .send(
            Method::PUT,
            &format!("/secrets/contosoprod-ci-push?{API}"),
            Some(&t),
            Some(put("one")),
        )
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["value"], "one");
    assert_eq!(first["attributes"]["exp"], 1_900_000_000);
    assert_eq!(first["contentType"], "application/vnd.docker.config+json");
    assert_eq!(first["tags"]["slot"], "password2");
    let id = first["id"].as_str().unwrap();
    assert!(
        id.starts_with("https://kv-ci.vault.azure.net/secrets/contosoprod-ci-push/"),
        "{id}"
    );
    let version = id.rsplit('/').next().unwrap().to_string();
    assert_eq!(version.len(), 32);
    let (_, _, second) = kv
        .send(
            Method::PUT,
            &format!("/secrets/contosoprod-ci-push?{API}"),
            Some(&t),
            Some(put("two")),
        )
        .await;
    assert_ne!(second["id"], first["id"]);
    let (_, _, latest) = kv
        .send(
            Method::GET,
            &format!("/secrets/contosoprod-ci-push?{API}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(latest["value"], "two");
    let (_, _, old) = kv
        .send(
            Method::GET,
            &format!("/secrets/contosoprod-ci-push/{version}?{API}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(old["value"], "one");
    let (status, _, list) = kv
        .send(
            Method::GET,
            &format!("/secrets/contosoprod-ci-push/versions?{API}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let items = list["value"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        items.iter().all(|i| i.get("value").is_none()),
        "a list never holds values"
    );
}

#[tokio::test]
async fn what_is_not_there_and_what_is_refused() {
    let emu = common::with_store(EmulatorConfig::fast(), seed()).await;
    let t = token_of("someone");
    let kv = Vault::new(&emu, VAULT);
    let (status, _, body) = kv
        .send(
            Method::GET,
            &format!("/secrets/missing?{API}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("SecretNotFound"))
    );
    let (status, _, body) = kv
        .send(
            Method::PUT,
            &format!("/secrets/bad_name?{API}"),
            Some(&t),
            Some(json!({"value": "x"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("BadParameter"))
    );
    let bad_exp = json!({"value": "x", "attributes": {"exp": "tomorrow"}});
    let (status, _, body) = kv
        .send(
            Method::PUT,
            &format!("/secrets/s?{API}"),
            Some(&t),
            Some(bad_exp),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("BadParameter"))
    );
    let (status, _, _) = kv
        .send(Method::GET, "/secrets/missing", Some(&t), None)
        .await;
    assert_eq!(status, 400, "no api-version");
    let other = Vault::new(&emu, "nowhere.vault.azure.net");
    let (status, _, body) = other
        .send(Method::GET, &format!("/secrets/x?{API}"), Some(&t), None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("VaultNotFound"))
    );
    let locked = Vault::new(&emu, "kv-locked.vault.azure.net");
    let (status, _, body) = locked
        .send(
            Method::PUT,
            &format!("/secrets/s?{API}"),
            Some(&t),
            Some(json!({"value": "x"})),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["innererror"]["code"], "ForbiddenByRbac");
    let officer = token_of(OFFICER);
    let (status, _, _) = locked
        .send(
            Method::PUT,
            &format!("/secrets/s?{API}"),
            Some(&officer),
            Some(json!({"value": "x"})),
        )
        .await;
    assert_eq!(status, 200, "the vault's officer may");
}

#[tokio::test]
async fn strict_mode_takes_only_a_token_for_key_vaults_audience() {
    let config = EmulatorConfig {
        strict_auth: Some(StrictAuth {
            client_id: "app-id".into(),
            client_secret: "s3cret".to_string().into(),
            token_lifetime: std::time::Duration::from_secs(3600),
        }),
        ..EmulatorConfig::fast()
    };
    let store = seed();
    let tenant = store.tenant_id.clone();
    let emu = common::with_store(config, store).await;
    let issue = |scope: &'static str| {
        let url = format!("{}/{tenant}/oauth2/v2.0/token", emu.url());
        async move {
            let form = [
                ("grant_type", "client_credentials"),
                ("client_id", "app-id"),
                ("client_secret", "s3cret"),
                ("scope", scope),
            ];
            let body: Value = reqwest::Client::new()
                .post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body["access_token"].as_str().unwrap().to_string()
        }
    };
    let kv = Vault::new(&emu, VAULT);
    let arm = issue("https://management.azure.com/.default").await;
    let (status, _, body) = kv
        .send(Method::GET, &format!("/secrets/x?{API}"), Some(&arm), None)
        .await;
    assert_eq!(status, 401, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Invalid audience")
    );
    let vault = issue("https://vault.azure.net/.default").await;
    let (status, _, _) = kv
        .send(
            Method::GET,
            &format!("/secrets/x?{API}"),
            Some(&vault),
            None,
        )
        .await;
    assert_eq!(status, 404, "accepted, and the secret does not exist");
}
