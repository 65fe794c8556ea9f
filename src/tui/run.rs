//! The event loop: terminal events, command results and (only while
//! something moves) ticks; draw only when dirty; effects never awaited here.

use std::io::stdout;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use crossterm::execute;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use std::time::Instant;

use super::app::App;
use super::burst::BurstDetector;
use super::effects::Effects;
use super::msg::Msg;
use super::render::render;
use super::theme::Theme;

pub async fn run(
    mut app: App,
    effects: Effects,
    mut rx: mpsc::UnboundedReceiver<Msg>,
    theme: Theme,
    mouse: bool,
) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    if mouse {
        let _ = execute!(stdout(), EnableMouseCapture);
    }
    let result = event_loop(&mut app, &effects, &mut rx, &theme, &mut terminal, mouse).await;
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    effects.clear_on_exit();
    result
}

async fn event_loop(
    app: &mut App,
    effects: &Effects,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    theme: &Theme,
    terminal: &mut ratatui::DefaultTerminal,
    mouse: bool,
) -> std::io::Result<()> {
    let mut events = EventStream::new();
    let mut bursts = BurstDetector::default();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    loop {
        tokio::select! {
            ev = events.next() => {
                if let Some(end) = on_terminal_event(app, &mut bursts, ev, mouse) {
                    return end;
                }
            },
            _ = sleep_until(bursts.deadline()), if bursts.deadline().is_some() => {
                feed(app, bursts.flush());
            },
            msg = rx.recv() => {
                if let Some(msg) = msg {
                    app.update(Msg::Tick(Utc::now()));
                    app.update(msg);
                    while let Ok(more) = rx.try_recv() {
                        app.update(more);
                    }
                }
            },
            _ = tick.tick(), if app.animating() => app.update(Msg::Tick(Utc::now())),
        }
        if !after_batch(app, effects, &bursts, theme, terminal)? {
            return Ok(());
        }
    }
}

/// A terminal event: keys through the burst detector (a paste typed as
/// keys must not act as keys, burst.rs), the rest straight to the app.
/// Some when the loop ends (the terminal's input ended or failed).
fn on_terminal_event(
    app: &mut App,
    bursts: &mut BurstDetector,
    ev: Option<std::io::Result<Event>>,
    mouse: bool,
) -> Option<std::io::Result<()>> {
    match ev {
        Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
            app.update(Msg::Tick(Utc::now()));
            feed(app, bursts.push(k, Instant::now()));
        }
        Some(Ok(other)) => {
            feed(app, bursts.flush());
            match other {
                Event::Paste(text) => app.update(Msg::Paste(text)),
                // Reports that still arrive under --no-mouse are ignored.
                Event::Mouse(m) if mouse => app.update(Msg::Mouse(m)),
                Event::Resize(w, h) => app.update(Msg::Resize(w, h)),
                _ => {}
            }
        }
        Some(Err(e)) => return Some(Err(e)),
        None => return Some(Ok(())),
    }
    None
}

/// After a batch of messages: the commands go to the effects, and the
/// screen is drawn if anything changed. False when the app quits.
fn after_batch(
    app: &mut App,
    effects: &Effects,
    bursts: &BurstDetector,
    theme: &Theme,
    terminal: &mut ratatui::DefaultTerminal,
) -> std::io::Result<bool> {
    for command in app.take_commands() {
        effects.spawn(command);
    }
    if app.quit {
        return Ok(false);
    }
    // While keys are held to see whether a burst follows, no drawing:
    // a frame per pasted key would slow intake until the burst looked
    // like typing.
    if bursts.deadline().is_none() && app.take_dirty() {
        // Derive the lists once per batch of messages, not once per message.
        app.prepare();
        terminal.draw(|f| render(app, f, theme))?;
    }
    Ok(true)
}

/// Sleeps until `at` (never called without one).
async fn sleep_until(at: Option<Instant>) {
    if let Some(at) = at {
        tokio::time::sleep_until(at.into()).await;
    }
}

fn feed(app: &mut App, msgs: Vec<Msg>) {
    for msg in msgs {
        app.update(msg);
    }
}
