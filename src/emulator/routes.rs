//! ARM paths to routes. Fixed segments match case-insensitively, as ARM does.

/// The registry a nested route belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPath {
    pub sub: String,
    pub rg: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Subscriptions,
    RegistriesBySubscription {
        sub: String,
    },
    RegistriesByGroup {
        sub: String,
        rg: String,
    },
    Registry(RegistryPath),
    ListCredentials(RegistryPath),
    RegenerateCredential(RegistryPath),
    /// `/subscriptions/<sub>/providers/Microsoft.ContainerRegistry/checkNameAvailability`.
    CheckNameAvailability {
        sub: String,
    },
    GenerateCredentials(RegistryPath),
    ScopeMaps(RegistryPath),
    ScopeMap(RegistryPath, String),
    /// ACR Tasks of a registry (listed only).
    Tasks(RegistryPath),
    Tokens(RegistryPath),
    Token(RegistryPath, String),
    /// `.../operationStatuses/<id>` under any resource (Azure-AsyncOperation or Location).
    OperationStatus {
        id: String,
        registry: RegistryPath,
    },
    /// `/subscriptions/<sub>/providers/Microsoft.ContainerRegistry/locations/<loc>/operationResults/<id>`.
    OperationResult {
        id: String,
    },
    /// Entra ID token endpoint: `/<tenant>/oauth2/v2.0/token`.
    EntraToken {
        tenant: String,
    },
    /// `/subscriptions/<sub>[/resourceGroups/<rg>]/resources`: the generic list.
    Resources {
        sub: String,
        rg: Option<String>,
    },
    /// `/metadata/endpoints`: the ARM cloud metadata document (anonymous).
    CloudMetadata,
    /// `/<tenant>[/v2.0]/.well-known/openid-configuration` (anonymous).
    OpenIdConfiguration {
        tenant: String,
        v2: bool,
    },
    /// `/<tenant>/discovery/instance` (anonymous).
    InstanceDiscovery {
        tenant: String,
    },
    /// `/<tenant>/discovery[/v2.0]/keys` (anonymous).
    SigningKeys,
    /// `{scope}/providers/Microsoft.Authorization/roleAssignments`.
    RoleAssignments {
        scope: String,
    },
    RoleAssignment {
        scope: String,
        name: String,
    },
    /// `{scope}/providers/Microsoft.Authorization/roleDefinitions`.
    RoleDefinitions {
        scope: String,
    },
    RoleDefinition {
        scope: String,
        id: String,
    },
    /// Microsoft Graph: `POST /v1.0/directoryObjects/getByIds`.
    GraphGetByIds,
    /// Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources`.
    ResourceGraph,
}

impl Route {
    /// Discovery and sign-in: served without a bearer token, as the public cloud does.
    pub fn is_anonymous(&self) -> bool {
        matches!(
            self,
            Route::EntraToken { .. }
                | Route::CloudMetadata
                | Route::OpenIdConfiguration { .. }
                | Route::InstanceDiscovery { .. }
                | Route::SigningKeys
        )
    }
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The route of a raw request path. Each segment is percent-decoded after
/// splitting, as ARM does (`fabrikam%2Dpull` is `fabrikam-pull`; an encoded
/// `/` stays inside its segment). Undecodable UTF-8 matches no route.
pub fn parse(path: &str) -> Option<Route> {
    let decoded: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(std::borrow::Cow::into_owned)
        })
        .collect::<Result<_, _>>()
        .ok()?;
    let seg: Vec<&str> = decoded.iter().map(String::as_str).collect();
    super::authorization::parse_route(&seg)
        .or_else(|| entra_route(&seg))
        .or_else(|| subscription_route(&seg))
        .or_else(|| registry_route(&seg))
}

/// Entra's token endpoint and the anonymous discovery documents.
fn entra_route(seg: &[&str]) -> Option<Route> {
    match seg {
        [t, o, v, tok] if eq(o, "oauth2") && eq(v, "v2.0") && eq(tok, "token") => {
            Some(Route::EntraToken {
                tenant: t.to_string(),
            })
        }
        [m, e] if eq(m, "metadata") && eq(e, "endpoints") => Some(Route::CloudMetadata),
        [p, ns, r]
            if eq(p, "providers") && eq(ns, "Microsoft.ResourceGraph") && eq(r, "resources") =>
        {
            Some(Route::ResourceGraph)
        }
        [t, w, o] if eq(w, ".well-known") && eq(o, "openid-configuration") => {
            Some(Route::OpenIdConfiguration {
                tenant: t.to_string(),
                v2: false,
            })
        }
        [t, v, w, o] if eq(v, "v2.0") && eq(w, ".well-known") && eq(o, "openid-configuration") => {
            Some(Route::OpenIdConfiguration {
                tenant: t.to_string(),
                v2: true,
            })
        }
        [t, d, i] if eq(d, "discovery") && eq(i, "instance") => Some(Route::InstanceDiscovery {
            tenant: t.to_string(),
        }),
        [_, d, k] if eq(d, "discovery") && eq(k, "keys") => Some(Route::SigningKeys),
        [_, d, v, k] if eq(d, "discovery") && eq(v, "v2.0") && eq(k, "keys") => {
            Some(Route::SigningKeys)
        }
        _ => None,
    }
}

/// Subscription-level paths: the subscription list, generic resources,
/// registries of a subscription, name checks, operation results.
fn subscription_route(seg: &[&str]) -> Option<Route> {
    let s = |i: usize| seg.get(i).copied().unwrap_or_default().to_string();
    match seg {
        [subs] if eq(subs, "subscriptions") => Some(Route::Subscriptions),
        [subs, _, r] if eq(subs, "subscriptions") && eq(r, "resources") => Some(Route::Resources {
            sub: s(1),
            rg: None,
        }),
        [subs, _, rgs, _, r]
            if eq(subs, "subscriptions") && eq(rgs, "resourceGroups") && eq(r, "resources") =>
        {
            Some(Route::Resources {
                sub: s(1),
                rg: Some(s(3)),
            })
        }
        [subs, _, p, ns, r]
            if eq(subs, "subscriptions")
                && eq(p, "providers")
                && is_acr(ns)
                && eq(r, "registries") =>
        {
            Some(Route::RegistriesBySubscription { sub: s(1) })
        }
        [subs, _, p, ns, c]
            if eq(subs, "subscriptions")
                && eq(p, "providers")
                && is_acr(ns)
                && eq(c, "checkNameAvailability") =>
        {
            Some(Route::CheckNameAvailability { sub: s(1) })
        }
        [subs, _, p, ns, l, _, or, id]
            if eq(subs, "subscriptions")
                && eq(p, "providers")
                && is_acr(ns)
                && eq(l, "locations")
                && eq(or, "operationResults") =>
        {
            Some(Route::OperationResult { id: id.to_string() })
        }
        _ => None,
    }
}

/// A resource group's registries, a registry and its children.
fn registry_route(seg: &[&str]) -> Option<Route> {
    let s = |i: usize| seg.get(i).copied().unwrap_or_default().to_string();
    // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries[/...]
    let [subs, _, rgs, _, p, ns, r, rest @ ..] = seg else {
        return None;
    };
    if !(eq(subs, "subscriptions")
        && eq(rgs, "resourceGroups")
        && eq(p, "providers")
        && is_acr(ns)
        && eq(r, "registries"))
    {
        return None;
    }
    let Some((name, rest)) = rest.split_first() else {
        return Some(Route::RegistriesByGroup {
            sub: s(1),
            rg: s(3),
        });
    };
    let reg = RegistryPath {
        sub: s(1),
        rg: s(3),
        name: name.to_string(),
    };
    let op = |id: &str| Route::OperationStatus {
        id: id.to_string(),
        registry: reg.clone(),
    };
    Some(match rest {
        [] => Route::Registry(reg),
        [a] if eq(a, "listCredentials") => Route::ListCredentials(reg),
        [a] if eq(a, "regenerateCredential") => Route::RegenerateCredential(reg),
        [a] if eq(a, "generateCredentials") => Route::GenerateCredentials(reg),
        [o, id] if eq(o, "operationStatuses") => op(id),
        [k] if eq(k, "scopeMaps") => Route::ScopeMaps(reg),
        [k] if eq(k, "tasks") => Route::Tasks(reg),
        [k, n] if eq(k, "scopeMaps") => Route::ScopeMap(reg, n.to_string()),
        [k] if eq(k, "tokens") => Route::Tokens(reg),
        [k, n] if eq(k, "tokens") => Route::Token(reg, n.to_string()),
        [k, _, o, id] if (eq(k, "scopeMaps") || eq(k, "tokens")) && eq(o, "operationStatuses") => {
            op(id)
        }
        _ => return None,
    })
}

fn is_acr(ns: &str) -> bool {
    eq(ns, super::store::PROVIDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arm_paths_case_insensitively() {
        let base = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.containerregistry/registries/reg1";
        assert_eq!(
            parse(&format!("{base}/scopeMaps/map1")),
            Some(Route::ScopeMap(
                RegistryPath {
                    sub: "s1".into(),
                    rg: "rg".into(),
                    name: "reg1".into()
                },
                "map1".into()
            ))
        );
        assert!(matches!(
            parse(&format!("{base}/TOKENS")),
            Some(Route::Tokens(_))
        ));
        assert!(matches!(
            parse(&format!("{base}/tokens/t/operationStatuses/x")),
            Some(Route::OperationStatus { .. })
        ));
        assert_eq!(parse("/subscriptions"), Some(Route::Subscriptions));
        assert_eq!(
            parse(
                "/subscriptions/s/providers/Microsoft.ContainerRegistry/locations/EASTUS/operationResults/abc"
            ),
            Some(Route::OperationResult { id: "abc".into() })
        );
        assert_eq!(
            parse("/tenant/oauth2/v2.0/token"),
            Some(Route::EntraToken {
                tenant: "tenant".into()
            })
        );
        assert_eq!(parse(&format!("{base}/webhooks")), None);
        assert_eq!(
            parse(&format!("{base}/tokens/fabrikam%2Dpull")),
            parse(&format!("{base}/tokens/fabrikam-pull")),
            "segments are percent-decoded"
        );
        assert!(matches!(
            parse(&format!("{base}/%74okens")),
            Some(Route::Tokens(_))
        ));
        assert!(matches!(
            parse(&format!("{base}/tokens/a%2Fb")),
            Some(Route::Token(_, name)) if name == "a/b"
        ));
        assert_eq!(parse(&format!("{base}/tokens/%FF")), None);
        assert_eq!(parse("/nothing"), None);
    }
}
