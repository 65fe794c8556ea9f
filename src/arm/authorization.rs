//! A registry's Entra side, read raw: its `roleAssignmentMode` (only
//! api-versions from 2025-11-01 carry it, and the 0.21 bindings are
//! 2023-07-01) and the role assignments at and above it
//! (Microsoft.Authorization 2022-04-01, `$filter=atScope()`; the
//! azure_mgmt_authorization 0.21 bindings predate `condition`, so they
//! cannot serve).

use serde_json::Value;

use super::azure_client::AzureAcr;
use super::error::{ArmError, ArmErrorKind};
use super::paging::collect_raw;
use super::{ArmResult, RegistryRef};
use crate::domain::abac::assignment::RoleAssignment;

/// The first stable api-version with `roleAssignmentMode`.
pub const MODE_API: &str = "2025-11-01";
pub const AUTHORIZATION_API: &str = "2022-04-01";

/// A registry's mode as a 2025-11-01 answer gives it; absent is the
/// default, legacy.
pub(super) fn mode_of(registry: &Value) -> String {
    registry
        .pointer("/properties/roleAssignmentMode")
        .and_then(Value::as_str)
        .unwrap_or("LegacyRegistryPermissions")
        .to_string()
}

fn registry_segments(r: &RegistryRef) -> Vec<&str> {
    vec![
        "subscriptions",
        &r.subscription,
        "resourceGroups",
        &r.resource_group,
        "providers",
        "Microsoft.ContainerRegistry",
        "registries",
        &r.name,
    ]
}

impl AzureAcr {
    /// `properties.roleAssignmentMode`, None when the answer has none.
    pub(super) async fn read_role_assignment_mode(
        &self,
        r: &RegistryRef,
    ) -> ArmResult<Option<String>> {
        let url = self.url(&registry_segments(r), MODE_API);
        let answer = self.raw.get(url.as_str()).await?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.error());
        }
        let v: Value = answer.json()?;
        Ok(v.pointer("/properties/roleAssignmentMode")
            .and_then(Value::as_str)
            .map(str::to_string))
    }

    /// The role assignments at and above the registry.
    pub(super) async fn read_role_assignments(
        &self,
        r: &RegistryRef,
    ) -> ArmResult<Vec<RoleAssignment>> {
        let mut segments = registry_segments(r);
        segments.extend(["providers", "Microsoft.Authorization", "roleAssignments"]);
        let mut url = self.url(&segments, AUTHORIZATION_API);
        url.query_pairs_mut().append_pair("$filter", "atScope()");
        let what = format!("role assignments of {}", r.name);
        let values = collect_raw(&self.raw, url.as_str(), &what, self.pages).await?;
        values.iter().map(|v| assignment(v, &what)).collect()
    }
}

fn assignment(v: &Value, what: &str) -> ArmResult<RoleAssignment> {
    let text = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    let required = |p: &str| {
        text(p).ok_or_else(|| {
            ArmError::new(
                ArmErrorKind::Decode,
                format!("the {what}: an assignment has no {p}; the list is incomplete"),
            )
        })
    };
    Ok(RoleAssignment {
        id: required("/id")?,
        scope: required("/properties/scope")?,
        role_definition_id: required("/properties/roleDefinitionId")?,
        principal_id: required("/properties/principalId")?,
        principal_type: text("/properties/principalType").unwrap_or_default(),
        condition: text("/properties/condition"),
        condition_version: text("/properties/conditionVersion"),
        description: text("/properties/description"),
    })
}
