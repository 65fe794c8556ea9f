//! ACR Tasks, listed only (`GET …/registries/<r>/tasks`): what mode-switch
//! readiness needs to know, whether each task has a managed identity. In
//! ABAC mode a task without one loses its implicit data-plane access to
//! the registry (facts file A3). The shape follows the ContainerRegistryTasks
//! 2019-04-01 `TasksList` example; tasks are seeded, not created.

use serde::Deserialize;
use serde_json::{Value, json};

use super::ctx::Ctx;
use super::registries;
use super::reply::ApiResult;
use super::routes::RegistryPath;

/// The api-versions of `registries/tasks` served (ContainerRegistryTasks).
pub const TASK_API_VERSIONS: [&str; 4] = [
    "2018-09-01",
    "2019-04-01",
    "2019-06-01-preview",
    "2025-03-01-preview",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Task {
    pub name: String,
    /// `SystemAssigned`, `UserAssigned`, both, or absent: no identity.
    pub identity: Option<String>,
    #[serde(default = "enabled")]
    pub status: String,
}

fn enabled() -> String {
    "Enabled".into()
}

pub fn list(ctx: &Ctx<'_>, path: &str, r: &RegistryPath) -> ApiResult {
    let reg = registries::find(ctx, r)?;
    let items = reg
        .tasks
        .iter()
        .map(|t| render(&reg.id(), &reg.location, t))
        .collect();
    Ok(ctx.page(path, items))
}

fn render(registry_id: &str, location: &str, t: &Task) -> Value {
    let mut v = json!({
        "id": format!("{registry_id}/tasks/{}", t.name),
        "name": t.name,
        "type": "Microsoft.ContainerRegistry/registries/tasks",
        "location": location,
        "properties": {
            "provisioningState": "Succeeded",
            "status": t.status,
            "platform": { "os": "Linux", "architecture": "amd64" },
            "agentConfiguration": { "cpu": 2 },
            "step": { "type": "Docker", "dockerFilePath": "Dockerfile", "contextPath": "src", "isPushEnabled": true, "noCache": false },
        },
    });
    if let Some(kind) = &t.identity {
        v["identity"] = json!({
            "type": kind,
            // Deterministic per task, so answers repeat.
            "principalId": format!("7a5c0000-0000-4000-8000-{:012x}", t.name.len()),
            "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        });
    }
    v
}
