//! `acrtui emulator`: run the ARM emulator until Ctrl-C.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;

use crate::cli::{EmulatorArgs, SeedName};
use crate::emulator::faults::{FaultConfig, parse_fault_arg};
use crate::emulator::store::Store;
use crate::emulator::throttle::ThrottleConfig;
use crate::emulator::tls::TlsIdentity;
use crate::emulator::{EmulatorConfig, StrictAuth, seed, start};

pub fn run(args: &EmulatorArgs) -> ExitCode {
    let (config, store) = match build(args) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    crate::runtime::block_on(serve(args, config, store))
}

async fn serve(args: &EmulatorArgs, config: EmulatorConfig, store: Store) -> ExitCode {
    let emulator = match start(args.listen, config, store).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", emulator.url());
    let _ = std::io::stdout().flush();
    if !emulator.addr().ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, reachable from other hosts",
            emulator.addr()
        );
    }
    eprintln!(
        "Ctrl-C stops the emulator. Try: curl -H 'Authorization: Bearer x' '{}/subscriptions?api-version=2022-12-01'",
        emulator.url()
    );
    let _ = tokio::signal::ctrl_c().await;
    eprintln!("stopping");
    emulator.stop().await;
    ExitCode::SUCCESS
}

/// Config and store from the arguments; errors say which flag is wrong.
pub fn build(args: &EmulatorArgs) -> Result<(EmulatorConfig, Store), String> {
    let mut faults = FaultConfig {
        rng_seed: args.fault_seed,
        retry_after_secs: args.retry_after,
        latency_ms: args.latency_ms.as_deref().map(parse_latency).transpose()?,
        ..Default::default()
    };
    let mut rules = Vec::new();
    for f in &args.fault {
        rules.extend(parse_fault_arg(f, &mut faults)?);
    }
    let strict_auth = match (&args.client_id, &args.client_secret) {
        (Some(id), Some(secret)) if args.strict_auth => Some(StrictAuth {
            client_id: id.clone(),
            client_secret: secret.clone().into(),
            token_lifetime: Duration::from_secs(args.token_lifetime),
        }),
        _ => None,
    };
    let config = EmulatorConfig {
        page_size: args.page_size,
        lro_polls: args.lro_polls,
        lro_max_duration: Duration::from_secs(30.max(args.retry_after * 3)),
        retry_after_secs: args.retry_after,
        generate_credentials_async: args.generate_credentials_async,
        faults,
        fault_rules: rules,
        strict_auth,
        log_requests: !args.quiet,
        foreign_origin: args.foreign_origin.clone(),
        public_url: args.public_url.clone(),
        header_read_timeout: Duration::from_secs(args.header_timeout),
        tls: tls_identity(args)?,
        replication_delay: Duration::from_secs(args.replication_delay),
        throttle: args
            .throttle
            .as_deref()
            .map(ThrottleConfig::parse)
            .transpose()?,
    };
    Ok((config, store(args)?))
}

/// The certificate to serve: the user's, or a new self-signed one (written
/// out so clients can trust it).
fn tls_identity(args: &EmulatorArgs) -> Result<Option<TlsIdentity>, String> {
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        return TlsIdentity::from_files(cert, key).map(Some);
    }
    if !args.tls {
        return Ok(None);
    }
    let identity = TlsIdentity::self_signed()?;
    let path = args
        .tls_cert_out
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("acrtui-emulator-cert.pem"));
    std::fs::write(&path, &identity.cert_pem).map_err(|e| {
        format!(
            "--tls-cert-out {}: cannot write the certificate: {e}",
            path.display()
        )
    })?;
    eprintln!(
        "tls certificate: {0} (trust it with SSL_CERT_FILE={0}, REQUESTS_CA_BUNDLE={0} for az and Python)",
        path.display()
    );
    Ok(Some(identity))
}

fn store(args: &EmulatorArgs) -> Result<Store, String> {
    let mut store = seeded(args)?;
    for i in 0..args.empty_subscriptions {
        store
            .subscriptions
            .push(crate::emulator::store::Subscription {
                id: format!("00000000-0000-0000-ffff-{i:012}"),
                display_name: format!("Empty {i}"),
            });
    }
    Ok(store)
}

fn seeded(args: &EmulatorArgs) -> Result<Store, String> {
    let now = Utc::now();
    if let Some(shape) = &args.synthetic {
        let [subs, regs, tokens, maps] = parse_synthetic(shape)?;
        return Ok(seed::synthetic(subs, regs, maps, tokens, now));
    }
    if let Some(path) = &args.seed_file {
        let text = crate::input_file::read_capped(path, 64 << 20, "seeds are limited to 64 MiB")?;
        return seed::from_json(&text, now).map_err(|e| format!("{}: {e}", path.display()));
    }
    Ok(match args.seed {
        SeedName::Demo => seed::demo(now),
        SeedName::Empty => seed::empty(),
    })
}

fn parse_latency(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--latency-ms {s}: expected N or MIN-MAX milliseconds");
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
            if a > b {
                return Err(bad());
            }
            Ok((a, b))
        }
        None => s.parse().map(|n| (n, n)).map_err(|_| bad()),
    }
}

/// `SUBSxREGISTRIESxTOKENSxSCOPEMAPS`, each within what a tenant can hold.
fn parse_synthetic(shape: &str) -> Result<[usize; 4], String> {
    let usage = || {
        format!("--synthetic {shape}: expected SUBSxREGISTRIESxTOKENSxSCOPEMAPS, e.g. 5x40x100x50")
    };
    let parts: Vec<&str> = shape.split('x').collect();
    let [s, r, t, m] = parts.as_slice() else {
        return Err(usage());
    };
    let n = |p: &str| p.parse::<usize>().map_err(|_| usage());
    let dims = [n(s)?, n(r)?, n(t)?, n(m)?];
    // Subscriptions and registries per subscription: far above real tenants;
    // tokens and scope maps per registry: the Premium tier's limit.
    let limits = [
        (1, 1_000, "subscriptions"),
        (1, 1_000, "registries per subscription"),
        (0, 50_000, "tokens per registry"),
        (0, 50_000, "scope maps per registry"),
    ];
    for (v, (lo, hi, what)) in dims.iter().zip(limits) {
        if !(lo..=hi).contains(v) {
            return Err(format!("--synthetic {shape}: {what} must be {lo} to {hi}"));
        }
    }
    let total = dims[0] * dims[1] * (dims[2] + dims[3]);
    if total > 2_000_000 {
        return Err(format!(
            "--synthetic {shape}: {total} tokens and scope maps in all; the emulator holds at most 2,000,000"
        ));
    }
    Ok(dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_shapes_are_range_checked() {
        assert_eq!(parse_synthetic("5x40x100x50").unwrap(), [5, 40, 100, 50]);
        assert!(
            parse_synthetic("99999999999x1x1x1")
                .unwrap_err()
                .contains("subscriptions must be 1 to 1000")
        );
        assert!(
            parse_synthetic("1x1x60000x1")
                .unwrap_err()
                .contains("tokens per registry")
        );
        assert!(
            parse_synthetic("1000x1000x10x10")
                .unwrap_err()
                .contains("at most 2,000,000")
        );
        assert!(parse_synthetic("1x1x1").unwrap_err().contains("expected"));
    }
}
