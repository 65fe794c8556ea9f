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
    ShowRepositories,
    ShowIdentities,
    Readiness,
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
    CloneScopeMap,
    NewToken,
    ChangeScopeMap,
    Rotate,
    GrantRole,
    Export,
    ShowGaps,
    CopyId,
    CopyName,
    Sort,
    SortReverse,
    Details,
    // Inside popups: each continues what a pane action opened, so none is
    // mutating on its own (read-only never opens a popup that changes Azure).
    Close,
    Yes,
    No,
    Submit,
    NextField,
    Left,
    Right,
    Slot1,
    Slot2,
    BothSlots,
    Reveal,
    NextPassword,
    NextLoginTool,
    CopyPassword,
    CopyLogin,
    CopyLoginWithPassword,
    /// Try a new password against the registry's token service.
    Probe,
    ProbeRepository,
    Toggle,
    ToggleContentRead,
    ToggleContentWrite,
    ToggleContentDelete,
    ToggleMetadataRead,
    ToggleMetadataWrite,
    EditRule,
    AddRule,
    RemoveRule,
    Rename,
    Describe,
    TryRepository,
    Save,
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
            | Action::CloneScopeMap
            | Action::NewToken
            | Action::ChangeScopeMap
            | Action::Rotate
            | Action::GrantRole => true,
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
            // Reads the registry's repositories: a read, not a change.
            | Action::ShowRepositories
            // Reads the registry's role assignments: a read.
            | Action::ShowIdentities
            // Reads nothing: what the assignments read mean for a switch.
            | Action::Readiness
            | Action::Open
            | Action::Preview
            | Action::CycleFilter
            | Action::Jump
            // A local file, not a change in Azure.
            | Action::Export
            | Action::ShowGaps
            // The clipboard, not Azure.
            | Action::CopyId
            | Action::CopyName
            | Action::Sort
            | Action::SortReverse
            | Action::Details
            // Popup actions: they go on with a change a mutating pane action
            // started, in a popup that read-only mode never opens.
            | Action::Close
            | Action::Yes
            | Action::No
            | Action::Submit
            | Action::NextField
            | Action::Left
            | Action::Right
            | Action::Slot1
            | Action::Slot2
            | Action::BothSlots
            | Action::Reveal
            | Action::NextPassword
            | Action::NextLoginTool
            | Action::CopyPassword
            | Action::CopyLogin
            | Action::CopyLoginWithPassword
            | Action::Probe
            | Action::ProbeRepository
            | Action::Toggle
            | Action::ToggleContentRead
            | Action::ToggleContentWrite
            | Action::ToggleContentDelete
            | Action::ToggleMetadataRead
            | Action::ToggleMetadataWrite
            | Action::EditRule
            | Action::AddRule
            | Action::RemoveRule
            | Action::Rename
            | Action::Describe
            | Action::TryRepository
            | Action::Save => false,
        }
    }
}

impl Action {
    /// The editor's permission column this action toggles (0-based, in
    /// `RepoPermission::ALL` order).
    pub fn permission_column(self) -> Option<usize> {
        match self {
            Action::ToggleContentRead => Some(0),
            Action::ToggleContentWrite => Some(1),
            Action::ToggleContentDelete => Some(2),
            Action::ToggleMetadataRead => Some(3),
            Action::ToggleMetadataWrite => Some(4),
            _ => None,
        }
    }
}
