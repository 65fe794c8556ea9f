//! Which registry properties each api-version writes. ARM resource providers
//! serialize with the model of the api-version asked for, so a property
//! appears only from the version that added it (and, for a few preview-only
//! ones, only in previews).
//!
//! Sources, per row of the tables below:
//! - the spec files of 2023-07-01, 2025-11-01 and 2026-09-01-preview
//!   (tests/emulator_version_shapes.rs checks every key against them);
//! - the models of Microsoft's multi-api Python SDK (azure-mgmt-containerregistry
//!   10.3.0), one per version from 2019-05-01 to 2023-11-01-preview
//!   (tests/real_client_python_sdk.rs compares the emulator with them);
//! - the generated type listings of 2025-03-01-preview and 2025-04-01
//!   (Azure/bicep-types-az, `generated/containerregistry`).
//!
//! Inferred, unconfirmed: the first preview with `networkRuleBypassAllowedForTasks`
//! (taken as 2025-05-01-preview), and the previews from 2025-06-01-preview to
//! 2026-03-01-preview, taken as their 2025-05-01-preview neighbour.

/// What a registry answer carries at one api-version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryShape {
    pub system_data: bool,
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
            system_data: at("2019-12-01"),
            network_features: at("2019-12-01"),
            // In the previews up to 2021-12-01-preview, gone from 2022-02-01-preview, back in 2026-09-01-preview.
            virtual_network_rules: !at("2022-02-01") || at("2026-09-01"),
            zone_redundancy: at("2020-11-01"),
            export_policy: at("2021-06-01"),
            anonymous_pull: at("2020-11-01"),
            aad_as_arm_policy: at("2022-02-01"),
            soft_delete_policy: at("2022-02-01"),
            metadata_search: at("2023-11-01"),
            domain_label_scope: at("2025-03-01"),
            role_assignment_mode: at("2025-03-01"),
            bypass_for_tasks: at("2025-05-01"),
            regional_endpoints: at("2026-09-01"),
        }
    } else {
        RegistryShape {
            system_data: at("2021-09-01"),
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
        assert!(registry_shape("2023-11-01-preview").metadata_search);
        assert!(!registry_shape("2023-08-01-preview").metadata_search);
    }
}
