//! Secrets (the bearer token, generated passwords) never reach the log, even
//! with the most verbose filter the product allows, nor any `Debug` output.
//! A control run without the product's filter shows the leak it prevents.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::{AcrApi, RegistryRef};
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use common::*;
use secrecy::ExposeSecret;
use tracing_subscriber::EnvFilter;

const BEARER: &str = "BEARER-SENTINEL-7f3a9c";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs create → generate → list with logging through `filter`; returns (log, secrets, debug dumps).
async fn run_with(filter: EnvFilter) -> (String, Vec<String>, String) {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = AzureAcr::new(
        emu.url().parse().unwrap(),
        "https://management.azure.com/.default",
        StaticToken::new(BEARER),
        ClientConfig::default(),
    );
    let reg = RegistryRef {
        subscription: "sub1".into(),
        resource_group: "rg".into(),
        name: "myregistry".into(),
    };
    api.create_token(&reg, "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    let creds = api
        .generate_credentials(&reg, "ci-token", None, None)
        .await
        .unwrap();
    let secrets: Vec<String> = creds
        .passwords
        .iter()
        .map(|p| p.value.expose_secret().to_string())
        .collect();
    let tokens = api.list_tokens(&reg).await.unwrap();
    let err = api.get_token(&reg, "missing-token").await.unwrap_err();
    let debug = format!(
        "{creds:?} {tokens:?} {err:?} {api:?} {:?}",
        creds.passwords[0]
    );
    (buffer.text(), secrets, debug)
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_the_log_at_the_most_verbose_setting() {
    let (log, secrets, debug) = run_with(acrtui::logging::filter(Some("trace"))).await;
    assert!(
        log.lines().count() > 5,
        "the filter must actually log: {log}"
    );
    assert!(!log.contains(BEARER), "bearer token leaked into the log");
    for s in &secrets {
        assert_eq!(s.len(), 52);
        assert!(!log.contains(s.as_str()), "a password leaked into the log");
        assert!(
            !debug.contains(s.as_str()),
            "a password leaked into Debug output"
        );
    }
    assert!(!debug.contains(BEARER));
    assert!(debug.contains("[REDACTED]"), "{debug}");
}

#[tokio::test(flavor = "current_thread")]
async fn control_without_the_cap_azure_core_logs_the_bearer_token() {
    let (log, _, _) = run_with(EnvFilter::new("trace")).await;
    assert!(
        log.contains(BEARER),
        "azure_core 0.21 no longer leaks at debug; the cap may be relaxed"
    );
}

/// The data plane's secrets: a probe command's password, the emulator's
/// signing key and password hashes, never in `Debug` output.
#[test]
fn data_plane_secrets_stay_out_of_debug_output() {
    use acrtui::emulator::password_hash::PasswordHash;
    use acrtui::tui::command::CommandKind;
    let probe = CommandKind::Probe {
        login_server: "r.azurecr.io".into(),
        user: "t".into(),
        password: secrecy::SecretString::from("PROBE-SECRET-VALUE".to_string()),
        actions: vec!["repositories/a/content/read".into()],
        repositories: Vec::new(),
    };
    let shown = format!("{probe:?}");
    assert!(!shown.contains("PROBE-SECRET-VALUE"), "{shown}");
    let hash = PasswordHash::of("HASHED-SECRET");
    assert!(!format!("{hash:?}").contains("HASHED"));
    let keys = acrtui::emulator::data_plane::jwt::Keys::random();
    assert_eq!(format!("{keys:?}"), "Keys([REDACTED])");
}
