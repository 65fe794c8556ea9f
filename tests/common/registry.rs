//! A client of the emulator's data plane: requests go to the emulator's
//! address while naming the login server (reqwest's resolver override, the
//! same mechanism acrtui uses), as a client of `contosoprod.azurecr.io`.

use acrtui::emulator::Emulator;
use base64::Engine;
use reqwest::{Method, Response};
use serde_json::{Value, json};

pub const PROD: &str = "/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod";
pub const PROD_LOGIN: &str = "contosoprod.azurecr.io";

pub struct DataPlane {
    pub origin: String,
    pub http: reqwest::Client,
}

impl DataPlane {
    pub fn new(emu: &Emulator, login_server: &str) -> DataPlane {
        DataPlane {
            origin: format!("http://{login_server}:{}", emu.addr().port()),
            http: reqwest::Client::builder()
                .resolve(login_server, emu.addr())
                .no_proxy()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap(),
        }
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.origin))
    }

    pub async fn get(&self, path: &str, bearer: Option<&str>) -> Response {
        let mut r = self.request(Method::GET, path);
        if let Some(b) = bearer {
            r = r.bearer_auth(b);
        }
        r.send().await.unwrap()
    }

    /// `GET /oauth2/token` with basic auth: (status, access token if any).
    pub async fn basic_token(
        &self,
        user: &str,
        password: &str,
        scopes: &[&str],
    ) -> (u16, Option<String>) {
        let mut query: Vec<(&str, &str)> = vec![("service", PROD_LOGIN)];
        query.extend(scopes.iter().map(|s| ("scope", *s)));
        let r = self
            .request(Method::GET, "/oauth2/token")
            .basic_auth(user, Some(password))
            .query(&query)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        (status, body["access_token"].as_str().map(str::to_string))
    }
}

/// The claims of a JWT, read without checking it (as az CLI reads ACR's).
pub fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// The actions granted on `name` in an access token.
pub fn granted(jwt: &str, kind: &str, name: &str) -> Vec<String> {
    claims(jwt)["access"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["type"] == kind && a["name"] == name)
        .flat_map(|a| a["actions"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect()
}

/// A new password for `token` in the demo's contosoprod, through ARM.
pub async fn new_password(arm: &super::Client, token: &str, body: Value) -> String {
    let mut body = body;
    body["tokenId"] = json!(format!("{PROD}/tokens/{token}"));
    let r = arm
        .send(
            Method::POST,
            &format!("{PROD}/generateCredentials"),
            Some(body),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["passwords"][0]["value"].as_str().unwrap().to_string()
}
