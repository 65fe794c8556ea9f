//! Shared helpers for tests that talk to the emulator over loopback HTTP.
#![allow(dead_code)]

pub mod arm;
pub mod console;
pub mod process;
pub mod pty;
pub mod registry;

use std::net::SocketAddr;

use acrtui::emulator::store::{Registry, Sku, Store, Subscription};
use acrtui::emulator::{Emulator, EmulatorConfig, seed, start};
use chrono::Utc;
use reqwest::{Method, Response};
use serde_json::Value;

pub const API: &str = "api-version=2023-07-01";
pub const LOOPBACK: &str = "127.0.0.1:0";

pub fn loopback() -> SocketAddr {
    LOOPBACK.parse().unwrap()
}

pub async fn demo(config: EmulatorConfig) -> Emulator {
    start(loopback(), config, seed::demo(Utc::now()))
        .await
        .unwrap()
}

pub async fn with_store(config: EmulatorConfig, store: Store) -> Emulator {
    start(loopback(), config, store).await.unwrap()
}

/// One subscription `sub1`, resource group `rg`, registry `myregistry` of the given tier.
pub fn one_registry(sku: Sku) -> Store {
    let mut store = Store {
        tenant_id: "tenant1".into(),
        subscriptions: vec![Subscription {
            id: "sub1".into(),
            display_name: "Sub One".into(),
        }],
        ..Default::default()
    };
    store.add_registry(Registry::new(
        "sub1",
        "rg",
        "myregistry",
        "westeurope",
        sku,
        Utc::now(),
    ));
    store
}

pub const REG: &str = "/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry";

pub struct Client {
    pub base: String,
    http: reqwest::Client,
}

impl Client {
    pub fn new(emulator: &Emulator) -> Client {
        Client {
            base: emulator.url(),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap(),
        }
    }

    /// A request with a bearer token; `path` may already hold a query.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let url = if url.contains("api-version=") {
            url
        } else if url.contains('?') {
            format!("{url}&{API}")
        } else {
            format!("{url}?{API}")
        };
        let mut req = self.http.request(method, url).bearer_auth("test-token");
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    pub async fn json(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let r = self.send(method, path, body).await;
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap()
            },
        )
    }

    pub fn raw(&self) -> &reqwest::Client {
        &self.http
    }
}

pub fn header(r: &Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

/// Serves `app` on `listener` (bound to 127.0.0.1 by the caller) for at
/// most `secs` seconds: a fake server that stops by itself.
pub fn serve_for(listener: tokio::net::TcpListener, app: axum::Router, secs: u64) {
    tokio::spawn(async move {
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(secs),
            axum::serve(listener, app),
        )
        .await;
    });
}
