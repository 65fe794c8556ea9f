//! What the user asked for, independent of which key asked.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Palette,
    Filter,
    Refresh,
    NextPane,
    PrevPane,
    Back,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    ShowRegistries,
    ShowScopeMaps,
    ShowTokens,
    ShowAudit,
    Open,
    ToggleAdmin,
    Preview,
    Delete,
    ToggleEnabled,
    GeneratePassword,
    DeletePassword,
    CycleFilter,
    Jump,
    NewScopeMap,
    EditScopeMap,
    NewToken,
    ChangeScopeMap,
    Rotate,
    Export,
    ShowGaps,
}

impl Action {
    /// Changes something in Azure: unbound, unhinted and refused in `--read-only`.
    /// Exhaustive on purpose, with no wildcard arm: a new action must say which it is.
    pub fn is_mutating(self) -> bool {
        match self {
            Action::ToggleAdmin
            | Action::Delete
            | Action::ToggleEnabled
            | Action::GeneratePassword
            | Action::DeletePassword
            | Action::NewScopeMap
            | Action::EditScopeMap
            | Action::NewToken
            | Action::ChangeScopeMap
            | Action::Rotate => true,
            Action::Quit
            | Action::Help
            | Action::Palette
            | Action::Filter
            | Action::Refresh
            | Action::NextPane
            | Action::PrevPane
            | Action::Back
            | Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
            | Action::ShowRegistries
            | Action::ShowScopeMaps
            | Action::ShowTokens
            | Action::ShowAudit
            | Action::Open
            | Action::Preview
            | Action::CycleFilter
            | Action::Jump
            // A local file, not a change in Azure.
            | Action::Export
            | Action::ShowGaps => false,
        }
    }
}
