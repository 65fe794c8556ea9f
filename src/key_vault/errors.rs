//! What a failed write says: the vault's answer read from its body, or the
//! error under the SDK's wrappers, and whether the write may have landed.

use crate::domain::safe_text::escaped;

/// What failed, and what to do about it.
pub(super) fn explain(e: &azure_core_v1::Error, where_: &str) -> String {
    use azure_core_v1::error::ErrorKind;
    match e.kind() {
        ErrorKind::HttpResponse {
            status,
            error_code,
            raw_response,
        } => {
            // Read from the body: azure_core 1.1 cannot read a code next to a
            // message with escapes (Key Vault's 403 message has `\r\n`) and
            // falls back to the status.
            let body = raw_response
                .as_ref()
                .and_then(|r| serde_json::from_slice::<serde_json::Value>(r.body()).ok());
            let code = body
                .as_ref()
                .map(|b| &b["error"])
                .and_then(|e| e["innererror"]["code"].as_str().or(e["code"].as_str()))
                .or(error_code.as_deref())
                .unwrap_or("no error code");
            let hint = match u16::from(*status) {
                401 => "the credential's token was not accepted for Key Vault",
                403 => {
                    "the identity needs the Key Vault Secrets Officer role on the vault (or set permission in its access policy), or the vault's firewall refused this address"
                }
                404 => "check the vault's name and cloud",
                _ => "see the vault's answer",
            };
            format!(
                "Key Vault refused writing {where_}: {} {}; {hint}",
                u16::from(*status),
                escaped(code)
            )
        }
        // Connected, then no answer (a timeout, a reset): the write may have
        // reached the vault, and a new version may exist without us knowing.
        _ if answer_lost(e) => format!(
            "could not write {where_}: {}; the answer was lost, so the vault may have stored it anyway: see {where_}/versions",
            escaped(&innermost(e))
        ),
        _ => format!("could not write {where_}: {}", escaped(&innermost(e))),
    }
}

/// Whether a request went out and its answer never came (an I/O error
/// after connecting, under any of the SDK's wrappers), as opposed to one
/// never sent (no connection) or refused before sending (a bad challenge).
fn answer_lost(e: &azure_core_v1::Error) -> bool {
    use azure_core_v1::error::ErrorKind;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(core) = err.downcast_ref::<azure_core_v1::Error>() {
            match core.kind() {
                ErrorKind::Io => return true,
                ErrorKind::Connection => return false,
                _ => {}
            }
        }
        current = err.source();
    }
    false
}

/// The error under the SDK's wrappers ("retry policy expired…", "non-transport
/// error…"), which is what says what went wrong.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut messages = vec![e.to_string()];
    let mut source = e.source();
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    let wrappers = ["retry policy expired", "non-transport error occurred"];
    messages.retain(|m| !wrappers.iter().any(|w| m.starts_with(w)));
    messages.dedup();
    if messages.is_empty() {
        e.to_string()
    } else {
        messages.join(": ")
    }
}
