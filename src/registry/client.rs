//! A client of one login server (`contosoprod.azurecr.io`): the challenge on
//! `/v2/`, the token service, and the catalog.
//!
//! Credentials go only to the login server itself: the challenge's realm
//! must be on the same origin, or nothing is sent; redirects are not
//! followed; a catalog `Link` must stay on the same origin. Against the
//! emulator, [`Route::at`] reaches every login server at its address while
//! requests keep naming the login server (the emulator routes by `Host`).

use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine;
use reqwest::{Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::error::RegistryError;
use crate::domain::token_scope::Access;

/// The largest answer read from a registry (a catalog page of 1,000 names
/// is ~100 KB); past this a server is misbehaving.
const MAX_BODY: usize = 4 << 20;

/// How login servers are reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Every login server at this address (an emulator); None: by DNS.
    pub at: Option<SocketAddr>,
    /// `https`, or `http` for an emulator on loopback.
    pub scheme: &'static str,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            at: None,
            scheme: "https",
        }
    }
}

pub struct RegistryClient {
    pub(super) http: reqwest::Client,
    pub(super) server: String,
    pub(super) origin: String,
}

/// What `/v2/` answered: where tokens come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub service: String,
}

/// A registry access token (a JWT). Its value is a secret: never shown.
pub struct AccessToken(pub(super) SecretString);

/// An ACR refresh token, from `/oauth2/exchange`.
pub struct RefreshToken(pub(super) SecretString);

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<SecretString>,
    refresh_token: Option<SecretString>,
}

impl AccessToken {
    /// The `access` claim, read without checking the signature (the client
    /// is not the audience; az CLI reads it the same way).
    pub fn access(&self) -> Result<Vec<Access>, String> {
        #[derive(Deserialize)]
        struct Claims {
            #[serde(default)]
            access: Vec<Access>,
        }
        let payload = self
            .0
            .expose_secret()
            .split('.')
            .nth(1)
            .ok_or("the access token is not a JWT")?;
        let bytes = Zeroizing::new(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload.trim_end_matches('='))
                .map_err(|_| "the access token's claims are not base64url")?,
        );
        let claims: Claims = serde_json::from_slice(&bytes)
            .map_err(|e| format!("the access token's claims do not parse: {e}"))?;
        Ok(claims.access)
    }
}

impl RegistryClient {
    pub fn new(
        login_server: &str,
        route: &Route,
        timeout: Duration,
    ) -> Result<Self, RegistryError> {
        let server = login_server.trim().to_ascii_lowercase();
        let valid = !server.is_empty()
            && server
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !valid {
            return Err(RegistryError::Protocol {
                server: crate::domain::safe_text::escaped(login_server).into_owned(),
                detail: "not a login server name (letters, digits, dots and dashes)".into(),
            });
        }
        let builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout);
        let (builder, origin) = match route.at {
            Some(addr) => (
                builder.resolve(&server, addr).no_proxy(),
                format!("{}://{server}:{}", route.scheme, addr.port()),
            ),
            None => (builder, format!("{}://{server}", route.scheme)),
        };
        let http = builder.build().map_err(|e| RegistryError::Protocol {
            server: server.clone(),
            detail: format!("cannot build an HTTP client: {e}"),
        })?;
        Ok(RegistryClient {
            http,
            server,
            origin,
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub(super) fn protocol(&self, detail: impl Into<String>) -> RegistryError {
        RegistryError::Protocol {
            server: self.server.clone(),
            detail: detail.into(),
        }
    }

    pub(super) fn failed(&self, e: &reqwest::Error) -> RegistryError {
        RegistryError::from_reqwest(&self.server, e)
    }

    /// `GET /v2/` without credentials: the realm and service to ask for tokens.
    pub async fn challenge(&self) -> Result<Challenge, RegistryError> {
        let r = self
            .http
            .get(format!("{}/v2/", self.origin))
            .send()
            .await
            .map_err(|e| self.failed(&e))?;
        let header = r
            .headers()
            .get(reqwest::header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if r.status() != StatusCode::UNAUTHORIZED || header.is_empty() {
            return Err(self.protocol(format!(
                "GET /v2/ answered {} without a Bearer challenge; this is not an ACR login server",
                r.status().as_u16()
            )));
        }
        let challenge = parse_challenge(&header)
            .ok_or_else(|| self.protocol(format!("cannot read the challenge {header:?}")))?;
        self.check_same_origin(&challenge.realm)?;
        Ok(challenge)
    }

    /// A URL the registry named must be on this login server, or no
    /// credential follows it.
    pub(super) fn check_same_origin(&self, url: &str) -> Result<(), RegistryError> {
        let same = url == self.origin || url.starts_with(&format!("{}/", self.origin));
        if same {
            Ok(())
        } else {
            Err(self.protocol(format!(
                "the registry points credentials at {}, not at {}: refused",
                crate::domain::safe_text::escaped(url),
                self.origin
            )))
        }
    }

    /// `GET <realm>?service=…&scope=…` with basic auth (a token's name and password).
    pub async fn basic_access(
        &self,
        user: &str,
        password: &SecretString,
        scopes: &[String],
    ) -> Result<AccessToken, RegistryError> {
        let c = self.challenge().await?;
        let mut query = vec![("service", c.service.as_str())];
        query.extend(scopes.iter().map(|s| ("scope", s.as_str())));
        let r = self
            .http
            .get(&c.realm)
            .query(&query)
            .basic_auth(user, Some(password.expose_secret()))
            .send()
            .await
            .map_err(|e| self.failed(&e))?;
        self.access_token(r).await
    }

    /// `POST /oauth2/exchange`: an Entra access token for an ACR refresh token.
    pub async fn exchange(
        &self,
        entra: &SecretString,
        tenant: Option<&str>,
    ) -> Result<RefreshToken, RegistryError> {
        let c = self.challenge().await?;
        let mut form = vec![
            ("grant_type", "access_token"),
            ("service", c.service.as_str()),
            ("access_token", entra.expose_secret()),
        ];
        if let Some(t) = tenant {
            form.push(("tenant", t));
        }
        let url = format!("{}/oauth2/exchange", self.origin);
        let r = self
            .http
            .post(url)
            .form(&form)
            .send()
            .await
            .map_err(|e| self.failed(&e))?;
        let answer = self.token_answer(r).await?;
        answer
            .refresh_token
            .map(RefreshToken)
            .ok_or_else(|| self.protocol("/oauth2/exchange answered without a refresh_token"))
    }

    /// `POST <realm>` with the refresh-token grant, for `scopes`.
    pub async fn refresh_access(
        &self,
        refresh: &RefreshToken,
        scopes: &[String],
    ) -> Result<AccessToken, RegistryError> {
        let c = self.challenge().await?;
        let mut form = vec![
            ("grant_type", "refresh_token"),
            ("service", c.service.as_str()),
            ("refresh_token", refresh.0.expose_secret()),
        ];
        form.extend(scopes.iter().map(|s| ("scope", s.as_str())));
        let r = self
            .http
            .post(&c.realm)
            .form(&form)
            .send()
            .await
            .map_err(|e| self.failed(&e))?;
        self.access_token(r).await
    }

    /// The access token in a token service's answer.
    async fn access_token(&self, r: Response) -> Result<AccessToken, RegistryError> {
        let answer = self.token_answer(r).await?;
        answer
            .access_token
            .map(AccessToken)
            .ok_or_else(|| self.protocol("the token service answered without an access_token"))
    }

    async fn token_answer(&self, r: Response) -> Result<TokenAnswer, RegistryError> {
        let status = r.status();
        let body = read_limited(r).await.map_err(|e| self.failed(&e))?;
        let body = body.ok_or_else(|| self.protocol("the answer is larger than 4 MiB"))?;
        match status {
            StatusCode::OK => serde_json::from_slice(&body).map_err(|e| {
                self.protocol(format!("the token service's answer does not parse: {e}"))
            }),
            StatusCode::UNAUTHORIZED => Err(RegistryError::Refused {
                server: self.server.clone(),
                detail: error_message(&body),
            }),
            s => Err(self.protocol(format!(
                "the token service answered {}: {}",
                s.as_u16(),
                error_message(&body)
            ))),
        }
    }
}

/// Reads at most [`MAX_BODY`] bytes; None past that. Zeroized when dropped
/// (a token answer holds a secret).
pub(super) async fn read_limited(
    mut r: Response,
) -> Result<Option<Zeroizing<Vec<u8>>>, reqwest::Error> {
    let mut body = Zeroizing::new(Vec::new());
    while let Some(chunk) = r.chunk().await? {
        if body.len() + chunk.len() > MAX_BODY {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The first message of a registry error envelope, or a short excerpt.
pub(super) fn error_message(body: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    match v["errors"][0]["message"].as_str() {
        Some(m) => crate::domain::safe_text::escaped(m).into_owned(),
        None => {
            let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
            crate::domain::safe_text::escaped(&text).into_owned()
        }
    }
}

/// `Bearer realm="…",service="…"[,scope="…"]` (case-insensitive names).
pub fn parse_challenge(header: &str) -> Option<Challenge> {
    let rest = header
        .trim()
        .strip_prefix("Bearer ")
        .or_else(|| header.trim().strip_prefix("bearer "))?;
    let mut realm = None;
    let mut service = None;
    for part in rest.split(',') {
        let (k, v) = part.split_once('=')?;
        let v = v.trim().trim_matches('"').to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "realm" => realm = Some(v),
            "service" => service = Some(v),
            _ => {}
        }
    }
    Some(Challenge {
        realm: realm?,
        service: service?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_parse_in_any_case_and_need_realm_and_service() {
        let c = parse_challenge("Bearer realm=\"https://r.azurecr.io/oauth2/token\",Service=\"r.azurecr.io\",scope=\"registry:catalog:*\"").unwrap();
        assert_eq!(c.realm, "https://r.azurecr.io/oauth2/token");
        assert_eq!(c.service, "r.azurecr.io");
        assert_eq!(parse_challenge("Basic realm=\"x\""), None);
        assert_eq!(parse_challenge("Bearer realm=\"x\""), None);
    }

    #[test]
    fn a_login_server_name_cannot_smuggle_a_host() {
        let route = Route::default();
        for bad in ["evil.com/x", "user@evil.com", "r.azurecr.io:444", ""] {
            assert!(
                RegistryClient::new(bad, &route, Duration::from_secs(1)).is_err(),
                "{bad}"
            );
        }
        assert!(RegistryClient::new("Contoso.azurecr.io", &route, Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn the_access_claim_reads_from_the_jwt_payload() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"access":[{"type":"repository","name":"a","actions":["pull"]}]}"#);
        let t = AccessToken(SecretString::from(format!("h.{payload}.s")));
        assert_eq!(
            t.access().unwrap(),
            vec![Access::repository("a", &["pull"])]
        );
        assert!(
            AccessToken(SecretString::from("nojwt".to_string()))
                .access()
                .is_err()
        );
    }
}
