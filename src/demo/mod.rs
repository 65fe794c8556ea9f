//! `--demo`: the in-process emulator seeded with the demo tenant, and the
//! console filled with it at a fixed clock (tests, screenshots). The only
//! places outside the `emulator` subcommand that depend on the emulator.

pub mod fixture;

use chrono::Utc;

use crate::arm::{ArmError, ArmErrorKind};
use crate::emulator::{Emulator, EmulatorConfig, seed, start};

/// Starts the demo emulator on a free loopback port.
pub async fn start_emulator() -> Result<Emulator, ArmError> {
    // Live-like answers with a short Retry-After so the demo stays brisk.
    let config = EmulatorConfig {
        retry_after_secs: 1,
        ..EmulatorConfig::default()
    };
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    start(loopback, config, seed::demo(Utc::now()))
        .await
        .map_err(|e| {
            ArmError::new(
                ArmErrorKind::Network,
                format!("cannot start the demo emulator: {e}"),
            )
        })
}
