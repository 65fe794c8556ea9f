//! The real client (`AzureAcr`) against an in-process emulator, with fast timings.
#![allow(dead_code)]

use std::time::Duration;

use acrtui::arm::RegistryRef;
use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::lro::LroOptions;
use acrtui::arm::retry::RetryConfig;
use acrtui::emulator::Emulator;

pub const SCOPE: &str = "https://management.azure.com/.default";

pub fn fast_config() -> ClientConfig {
    ClientConfig {
        retry: RetryConfig {
            max_retries: 3,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(5),
        },
        attempt_timeout: Duration::from_secs(10),
        lro: LroOptions {
            default_interval: Duration::from_millis(50),
            min_interval: Duration::from_millis(20),
            max_interval: Duration::from_secs(2),
            deadline: Duration::from_secs(20),
        },
        pages: acrtui::arm::paging::PageLimits::default(),
    }
}

pub fn client(emu: &Emulator) -> AzureAcr {
    AzureAcr::new(
        emu.url().parse().unwrap(),
        SCOPE,
        StaticToken::new("test-token"),
        fast_config(),
    )
}

pub fn reg() -> RegistryRef {
    RegistryRef {
        subscription: "sub1".into(),
        resource_group: "rg".into(),
        name: "myregistry".into(),
    }
}
