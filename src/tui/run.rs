//! The event loop: terminal events, command results and (only while
//! something moves) ticks; draw only when dirty; effects never awaited here.

use std::io::stdout;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
};
use crossterm::execute;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::app::App;
use super::effects::Effects;
use super::msg::Msg;
use super::render::render;
use super::theme::Theme;

pub async fn run(
    mut app: App,
    effects: Effects,
    mut rx: mpsc::UnboundedReceiver<Msg>,
    theme: Theme,
) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut app, &effects, &mut rx, &theme, &mut terminal).await;
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
) -> std::io::Result<()> {
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    loop {
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    app.update(Msg::Tick(Utc::now()));
                    app.update(Msg::Key(k));
                }
                Some(Ok(Event::Paste(text))) => app.update(Msg::Paste(text)),
                Some(Ok(Event::Resize(w, h))) => app.update(Msg::Resize(w, h)),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
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
        for command in app.take_commands() {
            effects.spawn(command);
        }
        if app.quit {
            return Ok(());
        }
        if app.take_dirty() {
            // Derive the lists once per batch of messages, not once per message.
            app.prepare();
            terminal.draw(|f| render(app, f, theme))?;
        }
    }
}
