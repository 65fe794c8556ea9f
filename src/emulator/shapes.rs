//! Which registry properties each api-version writes. ARM resource providers
//! serialize with the model of the api-version asked for, so a property
//! appears only from the version that added it (and, for a few preview-only
//! ones, only in previews).
//!
//! Sources, per row of the table below:
//! - checked against the spec files of 2023-07-01, 2025-11-01 and
//!   2026-09-01-preview (tests/emulator_version_shapes.rs does so on every run);
//! - read from the generated type listings of 2019-12-01-preview, 2025-03-01-preview
//!   and 2025-04-01 (Azure/bicep-types-az, `generated/containerregistry`);
//! - `metadataSearch` at 2024-11-01-preview from registry exports at that version;
//! - the rest (the exact preview that first carried `zoneRedundancy`,
//!   `anonymousPullEnabled`, `azureADAuthenticationAsArmPolicy`,
//!   `softDeletePolicy`, `networkRuleBypassAllowedForTasks`, and the shape of
//!   the previews between 2025-06-01-preview and 2026-03-01-preview) is
//!   inferred from the neighbouring versions and marked so in README.

/// What a registry answer carries at one api-version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryShape {
    /// dataEndpoint*, encryption, privateEndpointConnections, publicNetworkAccess, networkRuleBypassOptions.
    pub network_features: bool,
    pub virtual_network_rules: bool,
    pub zone_redundancy: bool,
    pub export_policy: bool,
    pub anonymous_pull: bool,
    pub aad_as_arm_policy: bool,
    pub soft_delete_policy: bool,
    pub metadata_search: bool,
    pub domain_label_scope: bool,
    pub role_assignment_mode: bool,
    pub bypass_for_tasks: bool,
    /// writableCacheRepos, regionalEndpoints, regionalEndpointHostNames, endpointProtocol.
    pub regional_endpoints: bool,
}

fn is_preview(version: &str) -> bool {
    version.ends_with("-preview")
}

/// The shape of `version` (any accepted api-version; comparisons are on the date).
pub fn registry_shape(version: &str) -> RegistryShape {
    let date = &version[..version.len().min(10)];
    let at = |d: &str| date >= d;
    if is_preview(version) {
        RegistryShape {
            network_features: at("2019-12-01"),
            // Seen in 2019-12-01-preview, gone by 2025-03-01-preview, back in 2026-09-01-preview.
            virtual_network_rules: !at("2021-06-01") || at("2026-09-01"),
            zone_redundancy: at("2020-11-01"),
            export_policy: at("2020-11-01"),
            anonymous_pull: at("2020-11-01"),
            aad_as_arm_policy: at("2021-06-01"),
            soft_delete_policy: at("2021-06-01"),
            metadata_search: at("2024-11-01"),
            domain_label_scope: at("2025-03-01"),
            role_assignment_mode: at("2025-03-01"),
            bypass_for_tasks: at("2025-05-01"),
            regional_endpoints: at("2026-09-01"),
        }
    } else {
        RegistryShape {
            network_features: at("2021-09-01"),
            virtual_network_rules: !at("2021-09-01"),
            zone_redundancy: at("2021-09-01"),
            export_policy: at("2021-09-01"),
            anonymous_pull: at("2025-04-01"),
            aad_as_arm_policy: at("2025-04-01"),
            soft_delete_policy: false,
            metadata_search: false,
            domain_label_scope: false,
            role_assignment_mode: at("2025-11-01"),
            bypass_for_tasks: at("2025-11-01"),
            regional_endpoints: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_assignment_mode_arrives_in_2025_03_preview_and_the_2025_11_stable() {
        assert!(registry_shape("2025-03-01-preview").role_assignment_mode);
        assert!(!registry_shape("2024-11-01-preview").role_assignment_mode);
        assert!(!registry_shape("2025-04-01").role_assignment_mode);
        assert!(registry_shape("2025-11-01").role_assignment_mode);
        assert!(registry_shape("2026-09-01-preview").role_assignment_mode);
    }

    #[test]
    fn soft_delete_and_metadata_search_are_preview_only() {
        assert!(!registry_shape("2025-11-01").soft_delete_policy);
        assert!(!registry_shape("2025-11-01").metadata_search);
        assert!(registry_shape("2026-09-01-preview").soft_delete_policy);
        assert!(registry_shape("2024-11-01-preview").metadata_search);
    }
}
