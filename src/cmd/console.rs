//! `acrtui` / `acrtui --demo`: connect, then run the console.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::Utc;
use tokio::sync::mpsc;

use crate::arm::inventory::Scope;
use crate::cli::Cli;
use crate::connect::connect;
use crate::subscription_cache::{self, SubscriptionCache};
use crate::tui::app::{App, Settings};
use crate::tui::clipboard::Clipboard;
use crate::tui::effects::Effects;
use crate::tui::keymap::Keymap;
use crate::tui::popups::generate::EXPIRY_CHOICES;
use crate::tui::theme::Theme;
use crate::tui::{config, run};

pub fn run_blocking(cli: &Cli) -> ExitCode {
    crate::runtime::block_on(console(cli))
}

async fn console(cli: &Cli) -> ExitCode {
    if let Err(e) = crate::logging::init(cli.global.log_file.as_deref()) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let path = cli.config.clone().or_else(config::default_path);
    let (cfg, mut problems) = config::load(
        path.as_deref(),
        cli.config.is_some(),
        std::env::var("DOCKER_COMMAND").ok(),
    );
    let status = ConnectingLine::show();
    let connection = connect(&cli.global).await;
    drop(status);
    let connection = match connection {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(hint) = e.hint() {
                eprintln!("hint: {hint}");
            }
            return ExitCode::FAILURE;
        }
    };
    let (keymap, keymap_problems) = Keymap::load(cfg.keymap_text.as_deref());
    problems.extend(keymap_problems);
    let settings = settings(cli, &cfg);
    let mut app = App::new(keymap, settings, connection.description.clone(), Utc::now()).started();
    app.show_problems(problems);
    let (tx, rx) = mpsc::unbounded_channel();
    let (scope, cache) = warm_start(cli, &mut app);
    let clipboard = Arc::new(Clipboard::from_env());
    let effects = Effects::new(
        connection.api.clone(),
        tx,
        clipboard,
        cfg.clipboard_clear_secs,
        scope,
        usize::from(cli.global.concurrency),
    )
    .with_subscription_cache(cache)
    .with_login_servers(
        connection.login_servers.clone(),
        std::time::Duration::from_secs(cli.global.request_timeout),
    )
    .with_arm_credential(connection.arm.clone())
    .with_graph(connection.graph.clone())
    .with_key_vaults(connection.key_vaults.clone());
    effects.watch_throttling();
    let theme = cfg.color.map_or_else(Theme::from_env, Theme::new);
    let result = run::run(app, effects, rx, theme, !cli.no_mouse).await;
    drop(connection);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: terminal: {e}");
            ExitCode::FAILURE
        }
    }
}

fn settings(cli: &Cli, cfg: &config::Config) -> Settings {
    let default_expiry = EXPIRY_CHOICES
        .iter()
        .position(|(_, d)| *d == Some(cfg.default_expiry_days))
        .unwrap_or(1);
    Settings {
        read_only: cli.read_only,
        thresholds: cfg.thresholds,
        login_tool: cfg.login_tool,
        default_expiry,
        deliver: cfg.deliver.clone(),
    }
}

/// Warm start: last time's subscriptions (of this endpoint, the ones the
/// flags want) go into the store, and their registries are listed right
/// away, beside the subscription list. Not for the demo.
fn warm_start(cli: &Cli, app: &mut App) -> (Scope, Option<SubscriptionCache>) {
    let cache = (!cli.global.demo)
        .then(subscription_cache::default_path)
        .flatten()
        .map(|path| SubscriptionCache::new(path, &cli.global.endpoint()));
    let mut scope = Scope {
        subscriptions: cli.global.subscription.clone(),
        registries: Vec::new(),
        known: Vec::new(),
        discovery: cli.global.discovery.discovery(),
        stream_tokens: true,
        show_unconfirmed: cli.global.subscription.is_empty(),
    };
    if let Some(cache) = &cache {
        app.store.set_subscriptions(
            cache
                .load()
                .into_iter()
                .filter(|s| scope.wants_subscription(s))
                .collect(),
        );
        scope.known = app
            .store()
            .subscriptions()
            .iter()
            .map(|s| s.id.clone())
            .collect();
    }
    (scope, cache)
}

/// "acrtui: connecting…" while signing in, erased once done so that it is not
/// left on the terminal after the console exits. Not a terminal (a log
/// file): the line stays, as a record.
struct ConnectingLine {
    erase: bool,
}

impl ConnectingLine {
    fn show() -> ConnectingLine {
        let erase = std::io::stderr().is_terminal();
        if erase {
            eprint!("acrtui: connecting…");
        } else {
            eprintln!("acrtui: connecting…");
        }
        ConnectingLine { erase }
    }
}

impl Drop for ConnectingLine {
    fn drop(&mut self) {
        if self.erase {
            // Carriage return, then erase the whole line.
            eprint!("\r\x1b[2K");
        }
    }
}
