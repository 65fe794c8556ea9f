//! Requests for another host on the emulator's port, chosen by Host: a Key
//! Vault's secrets or a login server's data plane.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;

use super::Shared;

pub enum Routed {
    Answered(Response),
    Arm(Request),
}

/// Requests for another host on the emulator's port: a Key Vault's secrets
/// (`<vault>.vault.azure.net`) or a login server's data plane. Not ARM, so
/// none of ARM's checks.
pub async fn by_host(shared: &Arc<Shared>, req: Request) -> Routed {
    if let Some(vault) = super::key_vault::vault_for(req.headers(), req.uri()) {
        return Routed::Answered(super::key_vault::serve(shared.clone(), vault, req).await);
    }
    if let Some(target) = super::data_plane::target_for(shared, req.headers(), req.uri()) {
        return Routed::Answered(
            super::server::data_plane_with_faults(shared.clone(), target, req).await,
        );
    }
    Routed::Arm(req)
}

/// The host a request names, as given (`authority` of a proxy-form request,
/// else `Host`, port included) and as a lower-cased name without the port.
pub fn request_host(headers: &HeaderMap, uri: &Uri) -> Option<(String, String)> {
    let given = uri
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| headers.get("host")?.to_str().ok().map(str::to_string))?;
    let host = given
        .rsplit_once(':')
        .map_or(given.as_str(), |(h, _)| h)
        .to_ascii_lowercase();
    Some((given, host))
}
