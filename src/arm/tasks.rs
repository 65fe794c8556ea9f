//! A registry's ACR Tasks, read raw at the ContainerRegistryTasks stable
//! api-version (the 0.21 bindings have no tasks): for readiness, each
//! task's name and the principal ids of its managed identities.

use serde_json::Value;

use super::azure_client::AzureAcr;
use super::paging::collect_raw;
use super::{ArmResult, RegistryRef};
use crate::domain::abac::readiness::TaskInfo;

/// The stable api-version of `registries/tasks`.
pub const TASKS_API: &str = "2019-04-01";

impl AzureAcr {
    pub(super) async fn read_tasks(&self, r: &RegistryRef) -> ArmResult<Vec<TaskInfo>> {
        let mut segments = super::authorization::registry_segments(r);
        segments.push("tasks");
        let url = self.url(&segments, TASKS_API);
        let what = format!("tasks of {}", r.name);
        let values = collect_raw(&self.raw, url.as_str(), &what, self.pages).await?;
        Ok(values.iter().map(task).collect())
    }
}

/// A task's name and identities: `identity.principalId` (system-assigned)
/// and each `identity.userAssignedIdentities.*.principalId`.
fn task(v: &Value) -> TaskInfo {
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let identity = v.get("identity");
    let mut identities: Vec<String> = identity
        .and_then(|i| i.get("principalId"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .into_iter()
        .collect();
    if let Some(users) = identity
        .and_then(|i| i.get("userAssignedIdentities"))
        .and_then(Value::as_object)
    {
        identities.extend(
            users
                .values()
                .filter_map(|u| u.get("principalId").and_then(Value::as_str))
                .map(str::to_string),
        );
    }
    TaskInfo { name, identities }
}
