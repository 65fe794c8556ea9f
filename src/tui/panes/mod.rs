//! The list panes, one per file. Each is a component that owns its state:
//! the selection, scroll offset, filter and sort of its list, and the rows
//! it derives from the data store. Those rows are derived again only when
//! what they depend on changed (gitui's "needs update"): the store's
//! version, the registry shown, the filter, the sort, the clock's minute.
//!
//! A pane draws itself from `&self` and the app it is part of (the store,
//! the operations in flight, the clock), and never changes anything while
//! drawing. Adding a pane is one file: a struct implementing [`Pane`], a
//! [`View`] and a keymap section.

pub mod audit;
mod cache;
pub mod identities;
pub mod identity_text;
pub mod registries;
pub mod repositories;
pub mod scope_maps;
pub mod tokens;
mod widgets;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use cache::PaneData;
pub(crate) use cache::{Cached, ListKey};
pub use widgets::*;

use super::app::App;
use super::state::{ListState, View};
use super::theme::Theme;

/// A list pane of the console.
pub trait Pane {
    fn list(&self) -> &ListState;
    fn list_mut(&mut self) -> &mut ListState;
    /// Brings the derived rows up to date with `data`; cheap when nothing
    /// they depend on changed. The event loop calls it before each draw.
    fn refresh(&mut self, data: &PaneData);
    /// How many rows the list shows (fresh even between refreshes).
    fn len(&self, data: &PaneData) -> usize;
    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool);
}

/// Every pane of the console.
#[derive(Debug, Default)]
pub struct Panes {
    pub registries: registries::RegistriesPane,
    pub scope_maps: scope_maps::ScopeMapsPane,
    pub tokens: tokens::TokensPane,
    pub audit: audit::AuditPane,
    pub repositories: repositories::RepositoriesPane,
    pub identities: identities::IdentitiesPane,
}

impl Panes {
    /// The pane of `view`: the one place that knows every kind.
    pub fn get(&self, view: View) -> &dyn Pane {
        match view {
            View::Registries => &self.registries,
            View::ScopeMaps => &self.scope_maps,
            View::Tokens => &self.tokens,
            View::Audit => &self.audit,
            View::Repositories => &self.repositories,
            View::Identities => &self.identities,
        }
    }

    pub fn get_mut(&mut self, view: View) -> &mut dyn Pane {
        match view {
            View::Registries => &mut self.registries,
            View::ScopeMaps => &mut self.scope_maps,
            View::Tokens => &mut self.tokens,
            View::Audit => &mut self.audit,
            View::Repositories => &mut self.repositories,
            View::Identities => &mut self.identities,
        }
    }
}
