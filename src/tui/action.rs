//! What the user asked for, independent of which key asked.

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Palette,
    Filter,
    Refresh,
    RefreshAll,
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
    /// Marks the audit row's token for a bulk rotation (`R`).
    Mark,
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
    /// Write a new password to a Key Vault secret.
    Deliver,
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
    /// An expiry picked by the key itself (`run = "expiry 30d"`), in the
    /// expiry choice: no need to move to the row and press Enter.
    /// Parsed by `Action::parse`, which reads the argument.
    #[serde(skip_deserializing)]
    Expiry(ExpiryPick),
    /// `:registry NAME` and `:sub NAME`: the name is typed after the command,
    /// so these belong to `[[command]]` entries, not keys.
    GoToRegistry,
    GoToSubscription,
}

/// The argument of `expiry`: `7d`, `30d`…, `date` (type one) or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpiryPick {
    Days(u16),
    Date,
    Never,
}

impl ExpiryPick {
    /// The longest expiry a key can name: ten years, well past any policy.
    pub const MAX_DAYS: u16 = 3650;

    pub fn parse(text: &str) -> Result<ExpiryPick, String> {
        match text {
            "date" => return Ok(ExpiryPick::Date),
            "never" => return Ok(ExpiryPick::Never),
            _ => {}
        }
        let days = text
            .strip_suffix('d')
            .and_then(|n| n.parse::<u16>().ok())
            .filter(|d| (1..=Self::MAX_DAYS).contains(d));
        days.map(ExpiryPick::Days).ok_or_else(|| {
            format!(
                "expiry takes 1d to {}d, date or never, not {text:?}",
                Self::MAX_DAYS
            )
        })
    }
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
            | Action::RefreshAll
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
            | Action::Deliver
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
            | Action::Save
            | Action::Expiry(_)
            // Chooses rows; the rotation is `R`'s.
            | Action::Mark
            // Moves the cursor to a registry.
            | Action::GoToRegistry
            | Action::GoToSubscription => false,
        }
    }
}

impl Action {
    /// A keymap `run` value: an action's name, then its argument if it takes
    /// one (`quit`, `expiry 30d`).
    pub fn parse(run: &str) -> Result<Action, String> {
        let mut words = run.split_whitespace();
        let name = words.next().unwrap_or_default();
        let arg: Vec<&str> = words.collect();
        match (name, arg.as_slice()) {
            ("expiry", [pick]) => ExpiryPick::parse(pick).map(Action::Expiry),
            ("expiry", _) => Err("expiry takes one argument: 7d, 30d…, date or never".into()),
            (_, []) => Action::deserialize(StrDeserializer::<ValueError>::new(name))
                .map_err(|e| e.to_string()),
            (_, _) => Err(format!(
                "{name} takes no argument (got {:?})",
                arg.join(" ")
            )),
        }
    }

    /// Takes the name typed after its `:` command (a registry, a subscription).
    pub fn takes_name(self) -> bool {
        matches!(self, Action::GoToRegistry | Action::GoToSubscription)
    }

    /// Only means something inside a popup: no use as a `:` command.
    pub fn popup_only(self) -> bool {
        matches!(
            self,
            Action::Close
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
                | Action::Deliver
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
                | Action::Save
                | Action::Expiry(_)
        )
    }

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
