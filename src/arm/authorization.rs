//! A registry's Entra side, read raw: its `roleAssignmentMode` (only
//! api-versions from 2025-11-01 carry it, and the 0.21 bindings are
//! 2023-07-01) and the role assignments at and above it
//! (Microsoft.Authorization 2022-04-01, `$filter=atScope()`; the
//! azure_mgmt_authorization 0.21 bindings predate `condition`, so they
//! cannot serve).

use azure_core::Method;
use serde_json::{Value, json};

use super::azure_client::AzureAcr;
use super::error::{ArmError, ArmErrorKind};
use super::paging::collect_raw;
use super::{ArmResult, RegistryRef};
use crate::domain::abac::assignment::RoleAssignment;
use crate::domain::abac::grant::RoleGrant;

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

/// The path segments of a registry (tasks.rs shares them).
pub(super) fn registry_segments(r: &RegistryRef) -> Vec<&str> {
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

impl AzureAcr {
    /// Creates the role assignment of `grant` at the registry, named with a
    /// new GUID (what az and the portal do), and returns it as ARM stored it.
    pub(super) async fn put_role_assignment(
        &self,
        r: &RegistryRef,
        grant: &RoleGrant,
    ) -> ArmResult<RoleAssignment> {
        let name = uuid::Uuid::new_v4().to_string();
        let mut segments = registry_segments(r);
        segments.extend([
            "providers",
            "Microsoft.Authorization",
            "roleAssignments",
            &name,
        ]);
        let url = self.url(&segments, AUTHORIZATION_API);
        let definition = format!(
            "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}",
            r.subscription,
            grant.role.guid()
        );
        let mut properties = json!({
            "roleDefinitionId": definition,
            "principalId": grant.principal_id,
            "principalType": grant.principal_type,
        });
        if let Some(condition) = &grant.condition {
            properties["condition"] = json!(condition);
            properties["conditionVersion"] = json!("2.0");
        }
        if let Some(description) = &grant.description {
            properties["description"] = json!(description);
        }
        let body = json!({ "properties": properties });
        // A PUT with a fresh name: a lost answer re-sent creates nothing twice
        // (ARM answers RoleAssignmentExists), so the transport may retry it.
        let answer = self
            .raw
            .send(Method::Put, url.as_str(), Some(&body))
            .await?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.error());
        }
        let v: Value = answer.json()?;
        assignment(&v, &format!("role assignment created on {}", r.name))
    }

    /// Deletes the role assignment `id` (an ARM id under the registry).
    pub(super) async fn remove_role_assignment(&self, r: &RegistryRef, id: &str) -> ArmResult<()> {
        let prefix = format!(
            "{}/providers/Microsoft.Authorization/roleAssignments/",
            r.id()
        );
        let name = id
            .get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(&prefix))
            .map(|_| &id[prefix.len()..])
            .filter(|n| uuid::Uuid::parse_str(n).is_ok())
            .ok_or_else(|| {
                ArmError::new(
                    ArmErrorKind::Invalid,
                    format!(
                        "{id} is not a role assignment at registry {}: only those are removed here",
                        r.name
                    ),
                )
            })?;
        let mut segments = registry_segments(r);
        segments.extend([
            "providers",
            "Microsoft.Authorization",
            "roleAssignments",
            name,
        ]);
        let url = self.url(&segments, AUTHORIZATION_API);
        let answer = self.raw.send(Method::Delete, url.as_str(), None).await?;
        // 204: it was already gone, which is what was asked.
        if !(200..300).contains(&answer.status) {
            return Err(answer.error());
        }
        Ok(())
    }
}
