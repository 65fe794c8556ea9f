//! Vault and secret names as Key Vault takes them, and each cloud's vault
//! DNS suffix.

use crate::arm::auth::Cloud;
use crate::domain::safe_text::escaped;

/// The vault DNS suffix of a cloud.
pub fn vault_suffix(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Public => "vault.azure.net",
        Cloud::UsGovernment => "vault.usgovcloudapi.net",
        Cloud::China => "vault.azure.cn",
    }
}

/// A vault's name as Key Vault takes it: 3–24 letters, digits and dashes,
/// starting with a letter, not ending with a dash, no double dash.
pub fn check_vault_name(name: &str) -> Result<(), String> {
    let valid = (3..=24).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{:?} is not a vault name: 3-24 letters, digits and dashes, starting with a letter (the name, not the https://….vault.azure.net address)",
            escaped(name)
        ))
    }
}

/// A secret's name as Key Vault takes it: 1–127 letters, digits and dashes.
pub fn check_secret_name(name: &str) -> Result<(), String> {
    let valid = (1..=127).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{:?} is not a Key Vault secret name: 1-127 letters, digits and dashes",
            escaped(name)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vault_and_secret_names_are_checked_as_key_vault_does() {
        for ok in ["kv-ci", "abc", "a23456789012345678901234"] {
            assert!(check_vault_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ab",
            "1kv",
            "kv-",
            "k--v",
            "kv_ci",
            "a234567890123456789012345",
            "kv.vault.azure.net",
        ] {
            let e = check_vault_name(bad).unwrap_err();
            assert!(e.contains("not a vault name"), "{bad}: {e}");
        }
        assert!(check_secret_name("contosoprod-ci-pull").is_ok());
        for bad in ["", "a_b", "a/b", &"x".repeat(128)] {
            assert!(check_secret_name(bad).is_err(), "{bad}");
        }
    }
}
