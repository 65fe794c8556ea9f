//! Renders the console's main screens to PNG for the README:
//! `cargo run --example screenshots` (writes screenshots/*.png).
//! TestBackend buffer → SVG (one <text> per run of equal style) → PNG with
//! resvg and the font shipped in assets/fonts.

use std::fmt::Write as _;

use acrtui::demo::fixture::{demo_app, select_scope_map};
use acrtui::registry::tag_counts::RepositorySummary;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::CommandKind;
use acrtui::tui::msg::{Msg, Outcome};
use acrtui::tui::render::render;
use acrtui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const COLS: u16 = 120;
const ROWS: u16 = 34;
const FONT_SIZE: f32 = 14.0;
const CELL_W: f32 = FONT_SIZE * 0.602;
const CELL_H: f32 = 18.0;
const BG: &str = "#1e1e2e";
const FG: &str = "#cdd6f4";

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let key = match c {
            '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        };
        app.update(Msg::Key(key));
    }
}

/// The demo seed's answer to the registry reads the console asked for (the
/// example runs no effects): the catalog, and the repositories with their
/// tag counts.
fn answer_catalog_reads(app: &mut App, commands: Vec<acrtui::tui::command::Command>) {
    for command in commands {
        if let CommandKind::ReadRepositories { registry, .. } = &command.kind {
            let store = acrtui::emulator::seed::demo(acrtui::demo::fixture::fixed_now());
            let list = store
                .registries
                .values()
                .filter(|r| r.name == registry.name)
                .flat_map(|r| r.content.repositories.iter())
                .map(|(name, repo)| RepositorySummary {
                    name: name.clone(),
                    tags: Some(repo.tags.len() as u64),
                })
                .collect();
            let registry = registry.clone();
            app.update(Msg::Done(
                command.id,
                Outcome::RepositoriesRead {
                    registry,
                    result: Ok(list),
                },
            ));
        }
        if let CommandKind::ReadCatalog { registry, .. } = command.kind {
            let store = acrtui::emulator::seed::demo(acrtui::demo::fixture::fixed_now());
            let names: Vec<String> = store
                .registries
                .values()
                .filter(|r| r.name == registry.name)
                .flat_map(|r| r.content.repositories.keys().cloned())
                .collect();
            app.update(Msg::Done(
                command.id,
                Outcome::CatalogRead {
                    registry,
                    result: Ok(names),
                },
            ));
        }
    }
}

fn hex(color: Color, default: &str) -> String {
    match color {
        Color::Reset => default.to_string(),
        Color::Black => "#11111b".into(),
        Color::Red => "#f38ba8".into(),
        Color::LightRed => "#eba0ac".into(),
        Color::Green => "#a6e3a1".into(),
        Color::Yellow => "#f9e2af".into(),
        Color::Magenta => "#cba6f7".into(),
        Color::Cyan => "#89dceb".into(),
        Color::DarkGray => "#6c7086".into(),
        Color::Gray | Color::White => "#cdd6f4".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        _ => default.to_string(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn svg(buffer: &Buffer) -> String {
    let (w, h) = (
        f32::from(buffer.area.width) * CELL_W,
        f32::from(buffer.area.height) * CELL_H,
    );
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}"><rect width="100%" height="100%" fill="{BG}"/>"#
    );
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let cell = &buffer[(x, y)];
            let (fg, bg, bold) = (cell.fg, cell.bg, cell.modifier.contains(Modifier::BOLD));
            let start = x;
            let mut text = String::new();
            while x < buffer.area.width {
                let c = &buffer[(x, y)];
                if (c.fg, c.bg, c.modifier.contains(Modifier::BOLD)) != (fg, bg, bold) {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let (px, py) = (f32::from(start) * CELL_W, f32::from(y) * CELL_H);
            if bg != Color::Reset {
                let _ = write!(
                    out,
                    r#"<rect x="{px}" y="{py}" width="{}" height="{CELL_H}" fill="{}"/>"#,
                    f32::from(x - start) * CELL_W,
                    hex(bg, BG)
                );
            }
            if !text.trim().is_empty() {
                let weight = if bold { "bold" } else { "normal" };
                let _ = write!(
                    out,
                    r#"<text x="{px}" y="{}" font-family="DejaVu Sans Mono" font-size="{FONT_SIZE}" font-weight="{weight}" fill="{}" xml:space="preserve">{}</text>"#,
                    py + CELL_H * 0.78,
                    hex(fg, FG),
                    escape(&text)
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

fn png(svg: &str, path: &str) -> Result<(), String> {
    let mut options = resvg::usvg::Options::default();
    options
        .fontdb_mut()
        .load_font_data(include_bytes!("../assets/fonts/DejaVuSansMono.ttf").to_vec());
    options
        .fontdb_mut()
        .load_font_data(include_bytes!("../assets/fonts/DejaVuSansMono-Bold.ttf").to_vec());
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("empty image")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.save_png(path).map_err(|e| e.to_string())
}

fn shoot(app: &App, name: &str) -> Result<(), String> {
    let mut terminal = Terminal::new(TestBackend::new(COLS, ROWS)).map_err(|e| e.to_string())?;
    terminal
        .draw(|f| render(app, f, &Theme::new(true)))
        .map_err(|e| e.to_string())?;
    let path = format!("screenshots/{name}.png");
    png(&svg(terminal.backend().buffer()), &path)?;
    println!("wrote {path}");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), String> {
    std::fs::create_dir_all("screenshots").map_err(|e| e.to_string())?;
    let settings = Settings {
        deliver: Some("kv://kv-contoso/{registry}-{token}".into()),
        ..Settings::default()
    };
    let mut app = demo_app(settings).await.map_err(|e| e.to_string())?;
    press(&mut app, ":registry contosoprod\n");
    shoot(&app, "tokens")?;
    press(&mut app, "2");
    if !select_scope_map(&mut app, "samples-teams") {
        return Err(format!("no scope map {}", "samples-teams"));
    }
    shoot(&app, "scope-maps")?;
    press(&mut app, "v");
    answer_identities(&mut app).await?;
    shoot(&app, "preview-catalog")?;
    press(&mut app, "sample/teama/projectc");
    shoot(&app, "preview")?;
    press(&mut app, "\u{1b}");
    app.close_popups();
    press(&mut app, "4");
    shoot(&app, "audit")?;
    // Three tokens marked, and the plan of their rotation into Key Vault.
    press(&mut app, "gj   R");
    shoot(&app, "audit-rotate")?;
    // Back as the next scenes expect: no popup, the first row selected.
    app.close_popups();
    press(&mut app, "g");
    press(&mut app, "5");
    answer_identities(&mut app).await?;
    press(&mut app, "jjjjjjjjj");
    shoot(&app, "repositories")?;
    press(&mut app, ":registry contosoml\n");
    press(&mut app, "6");
    answer_identities(&mut app).await?;
    press(&mut app, "jj");
    shoot(&app, "identities")?;
    press(&mut app, "2");
    if !select_scope_map(&mut app, "model-publish") {
        return Err("no scope map model-publish".into());
    }
    press(&mut app, "v");
    answer_identities(&mut app).await?;
    press(&mut app, "models/bert-base");
    shoot(&app, "preview-both")?;
    Ok(())
}

/// Reads the Identities view's role assignments from a demo emulator
/// through the console's own read (ARM, then Graph for the names).
async fn answer_identities(app: &mut App) -> Result<(), String> {
    let emu = acrtui::emulator::start(
        "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?,
        acrtui::emulator::EmulatorConfig::fast(),
        acrtui::emulator::seed::demo(acrtui::demo::fixture::fixed_now()),
    )
    .await
    .map_err(|e| e.to_string())?;
    let endpoint = url::Url::parse(&emu.url()).map_err(|e| e.to_string())?;
    let scope = acrtui::arm::auth::scope_for(&emu.url());
    let credential = acrtui::arm::auth::StaticToken::new("screenshots");
    let api = acrtui::arm::azure::AzureAcr::new(
        endpoint.clone(),
        &scope,
        credential.clone(),
        acrtui::arm::azure::ClientConfig::default(),
    );
    let graph = acrtui::arm::graph::GraphDirectory::new(
        endpoint,
        &scope,
        credential,
        std::time::Duration::from_secs(10),
    );
    let mut rest = Vec::new();
    for command in app.take_commands() {
        if let CommandKind::ReadIdentities { registry } = command.kind {
            let result =
                acrtui::tui::effect_ops::read_identities(&api, Some(&graph), &registry).await;
            app.update(Msg::Done(
                command.id,
                Outcome::IdentitiesRead { registry, result },
            ));
        } else {
            rest.push(command);
        }
    }
    answer_catalog_reads(app, rest);
    Ok(())
}
