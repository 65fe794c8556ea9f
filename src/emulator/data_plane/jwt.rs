//! The registry's access and refresh tokens: real JWTs with the claims the
//! ACR docs show (AAD-OAuth.md, "token claim sets"), signed HS256 with a key
//! made when the emulator starts. Clients read them without checking the
//! signature (az CLI does); the emulator checks it on every request.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::domain::token_scope::Access;

pub const ISSUER: &str = "Azure Container Registry";
/// Lifetimes: ACR's are not documented as numbers; these are the safe side
/// of what clients expect (they re-ask on 401 either way).
pub const ACCESS_LIFETIME_SECS: i64 = 60 * 60;
pub const REFRESH_LIFETIME_SECS: i64 = 3 * 60 * 60;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub jti: String,
    pub sub: String,
    pub nbf: i64,
    pub exp: i64,
    pub iat: i64,
    pub iss: String,
    pub aud: String,
    pub version: String,
    /// `access_token` or `refresh_token`.
    pub grant_type: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tenant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access: Option<Vec<Access>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub permissions: Option<Permissions>,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Permissions {
    pub actions: Vec<String>,
    #[serde(rename = "notActions")]
    pub not_actions: Vec<String>,
}

impl Claims {
    fn new(sub: &str, aud: &str, grant_type: &str, now: i64, lifetime: i64) -> Claims {
        Claims {
            jti: uuid::Uuid::new_v4().to_string(),
            sub: sub.to_string(),
            nbf: now,
            exp: now + lifetime,
            iat: now,
            iss: ISSUER.to_string(),
            aud: aud.to_string(),
            version: "1.0".to_string(),
            grant_type: grant_type.to_string(),
            tenant: None,
            access: None,
            permissions: None,
            roles: Vec::new(),
        }
    }

    pub fn access_token(sub: &str, aud: &str, access: Vec<Access>, now: i64) -> Claims {
        Claims {
            access: Some(access),
            ..Claims::new(sub, aud, "access_token", now, ACCESS_LIFETIME_SECS)
        }
    }

    pub fn refresh_token(sub: &str, aud: &str, tenant: &str, now: i64) -> Claims {
        Claims {
            tenant: Some(tenant.to_string()),
            permissions: Some(Permissions {
                actions: vec!["*".into()],
                not_actions: Vec::new(),
            }),
            ..Claims::new(sub, aud, "refresh_token", now, REFRESH_LIFETIME_SECS)
        }
    }

    /// Whether the token allows `action` on `kind:name` (`*` allows all).
    pub fn allows(&self, kind: &str, name: &str, action: &str) -> bool {
        self.access.iter().flatten().any(|a| {
            a.kind == kind && a.name == name && a.actions.iter().any(|x| x == action || x == "*")
        })
    }
}

/// The signing key. Never printed.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys([REDACTED])")
    }
}

impl Keys {
    pub fn random() -> Keys {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let keys = Keys {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
        };
        zeroize::Zeroize::zeroize(&mut secret);
        keys
    }

    pub fn sign(&self, claims: &Claims) -> Option<String> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).ok()
    }

    /// The claims of a token this emulator signed for `audience`, of the
    /// given grant type, unexpired; why not otherwise.
    pub fn verify(&self, token: &str, audience: &str, grant_type: &str) -> Result<Claims, String> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_audience(&[audience]);
        v.set_issuer(&[ISSUER]);
        v.leeway = 0;
        v.validate_nbf = true;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &v)
            .map_err(|e| format!("the token is not valid here: {e}"))?
            .claims;
        if claims.grant_type != grant_type {
            return Err(format!("a {} cannot be used here", claims.grant_type));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_token_verifies_only_for_its_audience_and_kind() {
        let keys = Keys::random();
        let now = chrono::Utc::now().timestamp();
        let access = vec![Access::repository("a/b", &["pull"])];
        let t = keys
            .sign(&Claims::access_token("tok", "r.azurecr.io", access, now))
            .unwrap();
        let c = keys.verify(&t, "r.azurecr.io", "access_token").unwrap();
        assert!(c.allows("repository", "a/b", "pull"));
        assert!(!c.allows("repository", "a/b", "push"));
        assert!(keys.verify(&t, "other.azurecr.io", "access_token").is_err());
        assert!(keys.verify(&t, "r.azurecr.io", "refresh_token").is_err());
        assert!(
            Keys::random()
                .verify(&t, "r.azurecr.io", "access_token")
                .is_err()
        );
        let old = Claims::access_token("tok", "r.azurecr.io", Vec::new(), now - 7200);
        let old = keys.sign(&old).unwrap();
        assert!(keys.verify(&old, "r.azurecr.io", "access_token").is_err());
    }
}
