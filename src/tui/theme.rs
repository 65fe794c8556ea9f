//! Semantic styles, passed to every draw function; plain when `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::expiry::{PasswordState, TokenState};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    /// Colour unless `NO_COLOR` is set to something non-empty.
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn normal(&self) -> Style {
        Style::new()
    }
    pub fn title(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
        } else {
            self.fg(Color::DarkGray)
        }
    }
    pub fn selected(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn hint(&self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn emphasis(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn input(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn danger(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn secret(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn badge(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn token_state(&self, s: TokenState) -> Style {
        match s {
            TokenState::Expired => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            TokenState::Critical => self.fg(Color::LightRed),
            TokenState::Warning => self.fg(Color::Yellow),
            TokenState::Never => self.fg(Color::Magenta),
            TokenState::Ok => self.fg(Color::Green),
            TokenState::NoPasswords | TokenState::Disabled => self.fg(Color::DarkGray),
        }
    }

    pub fn password_state(&self, s: PasswordState) -> Style {
        self.token_state(s.into())
    }
}
