//! The domain model: subscriptions, registries, scope maps, tokens and their
//! password slots, as acrtui reasons about them. `arm` converts the service's
//! answers into these; nothing here knows about HTTP or ARM's JSON.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::expiry::{Thresholds, TokenState, classify_token};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionInfo {
    pub id: String,
    pub display_name: String,
    pub tenant_id: Option<String>,
}

/// Identifies a registry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegistryRef {
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
}

impl RegistryRef {
    pub fn id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries/{}",
            self.subscription, self.resource_group, self.name
        )
    }

    pub fn scope_map_id(&self, scope_map: &str) -> String {
        format!("{}/scopeMaps/{scope_map}", self.id())
    }

    pub fn token_id(&self, token: &str) -> String {
        format!("{}/tokens/{token}", self.id())
    }

    /// Parses `/subscriptions/S/resourceGroups/G/providers/Microsoft.ContainerRegistry/registries/N[/...]`.
    pub fn from_id(id: &str) -> Option<RegistryRef> {
        let parts: Vec<&str> = id.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            [s, sub, g, rg, p, ns, r, name, ..]
                if s.eq_ignore_ascii_case("subscriptions")
                    && g.eq_ignore_ascii_case("resourceGroups")
                    && p.eq_ignore_ascii_case("providers")
                    && ns.eq_ignore_ascii_case("Microsoft.ContainerRegistry")
                    && r.eq_ignore_ascii_case("registries") =>
            {
                Some(RegistryRef {
                    subscription: sub.to_string(),
                    resource_group: rg.to_string(),
                    name: name.to_string(),
                })
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for RegistryRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.resource_group, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryInfo {
    pub registry: RegistryRef,
    pub location: String,
    /// Basic, Standard or Premium.
    pub sku: String,
    pub login_server: String,
    pub admin_user_enabled: bool,
    pub created: Option<DateTime<Utc>>,
    /// `properties.roleAssignmentMode`, when read at an api-version that
    /// carries it (2025-11-01 on; the inventory's list is); None otherwise.
    pub role_assignment_mode: Option<String>,
}

impl RegistryInfo {
    /// Tokens and scope maps the tier allows (service limits).
    pub fn limit(&self) -> usize {
        match self.sku.to_ascii_lowercase().as_str() {
            "basic" => 100,
            "premium" => 50_000,
            _ => 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeMapInfo {
    pub name: String,
    pub description: Option<String>,
    pub system: bool,
    pub actions: Vec<String>,
    pub created: Option<DateTime<Utc>>,
    pub provisioning_state: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Password1,
    Password2,
}

impl Slot {
    pub const BOTH: [Slot; 2] = [Slot::Password1, Slot::Password2];

    pub fn as_str(self) -> &'static str {
        match self {
            Slot::Password1 => "password1",
            Slot::Password2 => "password2",
        }
    }

    pub fn parse(s: &str) -> Option<Slot> {
        match s.to_ascii_lowercase().as_str() {
            "password1" => Some(Slot::Password1),
            "password2" => Some(Slot::Password2),
            _ => None,
        }
    }

    pub fn other(self) -> Slot {
        match self {
            Slot::Password1 => Slot::Password2,
            Slot::Password2 => Slot::Password1,
        }
    }
}

/// A password slot's metadata (the service never returns values after creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordInfo {
    pub slot: Slot,
    pub created: Option<DateTime<Utc>>,
    pub expiry: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub enabled: bool,
    /// The scope map's name (last segment of its id).
    pub scope_map: Option<String>,
    pub scope_map_id: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub passwords: Vec<PasswordInfo>,
    pub provisioning_state: Option<String>,
    /// Why this token could not be read (a field at fault), when it could
    /// not: it is listed so nothing is hidden, but no decision is made on it.
    pub problem: Option<String>,
}

impl TokenInfo {
    /// A listed token whose answer could not be read.
    pub fn unreadable(name: String, problem: String) -> TokenInfo {
        TokenInfo {
            name,
            enabled: false,
            scope_map: None,
            scope_map_id: None,
            created: None,
            passwords: Vec::new(),
            provisioning_state: None,
            problem: Some(problem),
        }
    }

    pub fn password(&self, slot: Slot) -> Option<&PasswordInfo> {
        self.passwords.iter().find(|p| p.slot == slot)
    }

    /// The token's state at `now`: disabled, no passwords, or the class of
    /// its best password's expiry (see `expiry::classify_token`).
    pub fn state(&self, now: DateTime<Utc>, thresholds: Thresholds) -> TokenState {
        let expiries: Vec<Option<DateTime<Utc>>> =
            self.passwords.iter().map(|p| p.expiry).collect();
        classify_token(self.enabled, &expiries, now, thresholds)
    }
}

/// A freshly generated password: shown once, then dropped (zeroized).
#[derive(Debug)]
pub struct GeneratedPassword {
    pub slot: Slot,
    pub value: SecretString,
    pub created: Option<DateTime<Utc>>,
    pub expiry: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub struct GeneratedCredentials {
    pub username: String,
    pub passwords: Vec<GeneratedPassword>,
}

impl GeneratedCredentials {
    /// The new password of `slot`, or why it is missing from the answer.
    pub fn new_password(&self, slot: Slot) -> Result<&GeneratedPassword, &'static str> {
        self.passwords
            .iter()
            .find(|p| p.slot == slot)
            .ok_or("the service did not return the new password")
    }
}

/// What a token update changes; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenUpdate {
    pub enabled: Option<bool>,
    pub scope_map: Option<String>,
}
