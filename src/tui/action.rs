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
    /// Changes something in Azure: hidden and refused in `--read-only`.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Action::ToggleAdmin
                | Action::Delete
                | Action::ToggleEnabled
                | Action::GeneratePassword
                | Action::DeletePassword
        )
    }
}
