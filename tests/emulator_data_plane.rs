//! The emulator's registry data plane over real HTTP, addressed by login
//! server: the challenge, the token service (basic auth, password and
//! refresh grants, the Entra exchange), what a token is granted (the docs'
//! sample/teamA table), refusals, catalog paging, tags, push and pull.

mod common;

use std::time::Duration;

use acrtui::emulator::EmulatorConfig;
use common::registry::*;
use common::*;
use reqwest::Method;
use serde_json::{Value, json};

const ALL: &str = "pull,push,delete,metadata_read";

#[tokio::test]
async fn v2_challenges_with_realm_and_service_and_arm_still_answers_on_the_port() {
    let emu = demo(EmulatorConfig::fast()).await;
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let r = dp.get("/v2/", None).await;
    assert_eq!(r.status(), 401);
    let challenge = r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        challenge,
        format!(
            "Bearer realm=\"{}/oauth2/token\",service=\"{PROD_LOGIN}\"",
            dp.origin
        )
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "UNAUTHORIZED");
    let r = dp.get("/v2/samples/x/manifests/v1", None).await;
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .ends_with(",scope=\"repository:samples/x:pull\"")
    );
    let arm = Client::new(&emu);
    let r = arm
        .send(Method::GET, "/subscriptions?api-version=2022-12-01", None)
        .await;
    assert_eq!(r.status(), 200, "ARM on the same port, by its own Host");
}

#[tokio::test]
async fn a_token_gets_the_intersection_of_what_it_asks_and_its_scope_map() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let password = new_password(&arm, "teama-builder", json!({"name": "password2"})).await;
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let repos = [
        ("sample/teama/projectb", vec!["pull", "push", "delete"]),
        ("sample/teama/projectc", vec!["pull", "push"]),
        ("sample/teamb/projecta", vec!["pull"]),
        ("apps/web", vec![]),
    ];
    let scopes: Vec<String> = repos
        .iter()
        .map(|(r, _)| format!("repository:{r}:{ALL}"))
        .collect();
    let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let (status, token) = dp.basic_token("teama-builder", &password, &scopes).await;
    assert_eq!(status, 200);
    let token = token.unwrap();
    for (repo, expect) in repos {
        assert_eq!(granted(&token, "repository", repo), expect, "{repo}");
    }
    let c = claims(&token);
    assert_eq!(c["iss"], "Azure Container Registry");
    assert_eq!(c["aud"], PROD_LOGIN);
    assert_eq!(c["sub"], "teama-builder");
    assert_eq!(c["grant_type"], "access_token");
    assert!(c["exp"].as_i64() > c["iat"].as_i64());
    // Usable: /v2/ answers 200 with it.
    assert_eq!(dp.get("/v2/", Some(&token)).await.status(), 200);
}

#[tokio::test]
async fn wrong_disabled_expired_deleted_and_seeded_passwords_get_401() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let scope = ["repository:apps/web:pull"];
    let good = new_password(&arm, "github-actions", json!({"name": "password1"})).await;
    assert_eq!(dp.basic_token("github-actions", &good, &scope).await.0, 200);
    assert_eq!(
        dp.basic_token("GitHub-Actions", &good, &scope).await.0,
        200,
        "names are case-insensitive"
    );
    assert_eq!(
        dp.basic_token("github-actions", "wrong", &scope).await.0,
        401
    );
    assert_eq!(
        dp.basic_token("teama-builder", &good, &scope).await.0,
        401,
        "another token's password"
    );
    let disabled = new_password(&arm, "old-jenkins", json!({"name": "password2"})).await;
    assert_eq!(
        dp.basic_token("old-jenkins", &disabled, &scope).await.0,
        401
    );
    let past = json!({"name": "password2", "expiry": "2020-01-01T00:00:00Z"});
    let expired = new_password(&arm, "factory-edge01", past).await;
    assert_eq!(
        dp.basic_token("factory-edge01", &expired, &scope).await.0,
        401
    );
    let deleted = new_password(&arm, "fabrikam-pull", json!({"name": "password2"})).await;
    assert_eq!(
        dp.basic_token("fabrikam-pull", &deleted, &scope).await.0,
        200
    );
    let r = arm
        .send(
            Method::DELETE,
            &format!("{PROD}/tokens/fabrikam-pull"),
            None,
        )
        .await;
    assert!(r.status().is_success());
    assert_eq!(
        dp.basic_token("fabrikam-pull", &deleted, &scope).await.0,
        401
    );
    // A seeded password's value was never shown: nothing can log in with it.
    assert_eq!(dp.basic_token("mirror-sync", "", &scope).await.0, 401);
    let r = dp
        .request(Method::GET, "/oauth2/token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "no credentials");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "UNAUTHORIZED");
}

#[tokio::test]
async fn a_new_password_works_only_after_the_replication_delay() {
    let config = EmulatorConfig {
        replication_delay: Duration::from_secs(1),
        ..EmulatorConfig::fast()
    };
    let emu = demo(config).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let password = new_password(&arm, "github-actions", json!({"name": "password2"})).await;
    assert_eq!(
        dp.basic_token("github-actions", &password, &[]).await.0,
        401
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        dp.basic_token("github-actions", &password, &[]).await.0,
        200
    );
}

async fn form(dp: &DataPlane, path: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let r = dp
        .request(Method::POST, path)
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_password_refresh_and_exchange_grants() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let password = new_password(&arm, "github-actions", json!({"name": "password2"})).await;
    let (status, body) = form(
        &dp,
        "/oauth2/token",
        &[
            ("grant_type", "password"),
            ("service", PROD_LOGIN),
            ("username", "github-actions"),
            ("password", &password),
            ("scope", "repository:apps/api:pull,push"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        granted(
            body["access_token"].as_str().unwrap(),
            "repository",
            "apps/api"
        ),
        ["pull", "push"]
    );

    let (status, body) = form(
        &dp,
        "/oauth2/exchange",
        &[
            ("grant_type", "access_token"),
            ("service", PROD_LOGIN),
            ("access_token", "an-entra-token"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let refresh = body["refresh_token"].as_str().unwrap().to_string();
    let c = claims(&refresh);
    assert_eq!(
        (c["grant_type"].as_str(), c["aud"].as_str()),
        (Some("refresh_token"), Some(PROD_LOGIN))
    );
    assert_eq!(c["permissions"]["actions"], json!(["*"]));

    let (status, body) = form(
        &dp,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("service", PROD_LOGIN),
            ("refresh_token", &refresh),
            ("scope", "registry:catalog:*"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        granted(
            body["access_token"].as_str().unwrap(),
            "registry",
            "catalog"
        ),
        ["*"]
    );
    // docker login with the refresh token, as az acr login does.
    let (status, _) = dp
        .basic_token(
            "00000000-0000-0000-0000-000000000000",
            &refresh,
            &["repository:x:pull"],
        )
        .await;
    assert_eq!(status, 200);
    // An access token is not a refresh token; another registry's is refused.
    let (status, _) = form(
        &dp,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("service", PROD_LOGIN),
            ("refresh_token", body["access_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, 401);
    let other = DataPlane::new(&emu, "contosoml.azurecr.io");
    let (status, _) = form(
        &other,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("service", "contosoml.azurecr.io"),
            ("refresh_token", &refresh),
        ],
    )
    .await;
    assert_eq!(status, 401, "a refresh token is good only for its registry");
    let (status, body) = form(
        &dp,
        "/oauth2/exchange",
        &[
            ("grant_type", "access_token"),
            ("service", "elsewhere.azurecr.io"),
            ("access_token", "x"),
        ],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        dp.get("/oauth2/exchange", None).await.status(),
        404,
        "POST only"
    );
}

async fn entra_access(dp: &DataPlane, scope: &str) -> String {
    let (_, body) = form(
        dp,
        "/oauth2/exchange",
        &[
            ("grant_type", "access_token"),
            ("service", PROD_LOGIN),
            ("access_token", "t"),
        ],
    )
    .await;
    let refresh = body["refresh_token"].as_str().unwrap();
    let (_, body) = form(
        dp,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("service", PROD_LOGIN),
            ("refresh_token", refresh),
            ("scope", scope),
        ],
    )
    .await;
    body["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_catalog_pages_with_link_and_refuses_scope_map_tokens() {
    let emu = demo(EmulatorConfig::fast()).await;
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let entra = entra_access(&dp, "registry:catalog:*").await;
    for first in ["/v2/_catalog?n=5", "/acr/v1/_catalog?n=5"] {
        let mut seen = Vec::new();
        let mut next = Some(first.to_string());
        let mut pages = 0;
        while let Some(path) = next.take() {
            pages += 1;
            assert!(pages < 10, "paging does not end");
            let r = dp.get(&path, Some(&entra)).await;
            assert_eq!(r.status(), 200);
            next = r.headers().get("link").map(|l| {
                let l = l.to_str().unwrap();
                l[l.find('<').unwrap() + 1..l.find('>').unwrap()].to_string()
            });
            let v: Value = r.json().await.unwrap();
            seen.extend(
                v["repositories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string()),
            );
        }
        assert_eq!(pages, 3, "12 repositories, 5 a page");
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted);
        assert_eq!(seen.len(), 12);
        assert!(seen.contains(&"sample/teama/projectb".to_string()));
    }
    let arm = Client::new(&emu);
    let password = new_password(&arm, "github-actions", json!({"name": "password2"})).await;
    let (_, token) = dp
        .basic_token("github-actions", &password, &["registry:catalog:*"])
        .await;
    let token = token.unwrap();
    assert!(granted(&token, "registry", "catalog").is_empty());
    let r = dp.get("/v2/_catalog", Some(&token)).await;
    assert_eq!(r.status(), 403);
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .ends_with(",scope=\"registry:catalog:*\",error=\"insufficient_scope\"")
    );
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["code"], "DENIED");
    let r = dp.get("/v2/_catalog", None).await;
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("scope=\"registry:catalog:*\"")
    );
}

#[tokio::test]
async fn tags_need_metadata_read() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let ci = new_password(&arm, "github-actions", json!({"name": "password2"})).await;
    let (_, token) = dp
        .basic_token(
            "github-actions",
            &ci,
            &["repository:apps/web:metadata_read"],
        )
        .await;
    let r = dp.get("/v2/apps/web/tags/list", token.as_deref()).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v,
        json!({"name": "apps/web", "tags": ["1.4.2", "1.5.0", "latest"]})
    );
    let team = new_password(&arm, "teama-builder", json!({"name": "password2"})).await;
    let scope = "repository:sample/teama/projectb:metadata_read,pull";
    let (_, token) = dp.basic_token("teama-builder", &team, &[scope]).await;
    assert_eq!(
        dp.get("/v2/sample/teama/projectb/tags/list", token.as_deref())
            .await
            .status(),
        403
    );
}

/// Pushes a one-layer image to `repo:tag` with `token`; the status of the manifest PUT.
async fn push(dp: &DataPlane, token: &str, repo: &str, tag: &str) -> (u16, String) {
    let layer = b"hello from a test\n".to_vec();
    let config = br#"{"architecture":"amd64","os":"linux"}"#.to_vec();
    let digest = |b: &[u8]| acrtui::emulator::content::digest(b);
    // The config monolithically; the layer in a chunked upload.
    let r = dp
        .request(
            Method::POST,
            &format!("/v2/{repo}/blobs/uploads/?digest={}", digest(&config)),
        )
        .bearer_auth(token)
        .body(config.clone())
        .send()
        .await
        .unwrap();
    if r.status() != 201 {
        return (r.status().as_u16(), String::new());
    }
    let r = dp
        .request(Method::POST, &format!("/v2/{repo}/blobs/uploads/"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let r = dp
        .request(Method::PATCH, &location)
        .bearer_auth(token)
        .body(layer[..5].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    assert_eq!(r.headers()["range"], "0-4");
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let r = dp
        .request(
            Method::PUT,
            &format!("{location}?digest={}", digest(&layer)),
        )
        .bearer_auth(token)
        .body(layer[5..].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let manifest = json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(&config), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": digest(&layer), "size": layer.len()}],
    }).to_string();
    let r = dp
        .request(Method::PUT, &format!("/v2/{repo}/manifests/{tag}"))
        .bearer_auth(token)
        .header("content-type", "application/vnd.oci.image.manifest.v1+json")
        .body(manifest.clone())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), manifest)
}

#[tokio::test]
async fn a_token_pushes_and_pulls_within_its_scope_and_is_denied_outside() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let password = new_password(&arm, "teama-builder", json!({"name": "password2"})).await;
    let repo = "sample/teama/newproject";
    let (_, token) = dp
        .basic_token(
            "teama-builder",
            &password,
            &[&format!("repository:{repo}:pull,push")],
        )
        .await;
    let token = token.unwrap();
    let (status, manifest) = push(&dp, &token, repo, "v1").await;
    assert_eq!(status, 201);
    let r = dp
        .get(&format!("/v2/{repo}/manifests/v1"), Some(&token))
        .await;
    assert_eq!(r.status(), 200);
    let digest = r.headers()["docker-content-digest"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        digest,
        acrtui::emulator::content::digest(manifest.as_bytes())
    );
    assert_eq!(r.text().await.unwrap(), manifest);
    let r = dp
        .request(Method::HEAD, &format!("/v2/{repo}/manifests/{digest}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Outside its scope: sample/teamb is pull-only for this token.
    let outside = "sample/teamb/projecta";
    let (_, token) = dp
        .basic_token(
            "teama-builder",
            &password,
            &[&format!("repository:{outside}:pull,push")],
        )
        .await;
    let token = token.unwrap();
    assert_eq!(granted(&token, "repository", outside), ["pull"]);
    assert_eq!(push(&dp, &token, outside, "v9").await.0, 403, "DENIED");
    let r = dp
        .get(&format!("/v2/{outside}/manifests/v2"), Some(&token))
        .await;
    assert_eq!(r.status(), 200, "the seeded image pulls");
    let v: Value = r.json().await.unwrap();
    let layer = v["layers"][0]["digest"].as_str().unwrap();
    assert_eq!(
        dp.get(&format!("/v2/{outside}/blobs/{layer}"), Some(&token))
            .await
            .status(),
        200
    );
    // A blob is read through its own repository only.
    assert_eq!(
        dp.get(&format!("/v2/{repo}/blobs/{layer}"), Some(&token))
            .await
            .status(),
        403
    );
}

/// az CLI lists tags with `/acr/v1/<name>/_tags` (the 2021-07-01 data-plane
/// spec's `TagList`): each with its digest and times, paged with `Link`.
#[tokio::test]
async fn acr_v1_tags_list_digests_and_times_and_page() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let ci = new_password(&arm, "github-actions", json!({"name": "password2"})).await;
    let (_, token) = dp
        .basic_token(
            "github-actions",
            &ci,
            &["repository:apps/web:metadata_read"],
        )
        .await;
    let r = dp.get("/acr/v1/apps/web/_tags?n=2", token.as_deref()).await;
    assert_eq!(r.status(), 200);
    let link = r.headers()["link"].to_str().unwrap().to_string();
    assert_eq!(
        link,
        "</acr/v1/apps/web/_tags?last=1.5.0&n=2&orderby=>; rel=\"next\""
    );
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["registry"], PROD_LOGIN);
    assert_eq!(v["imageName"], "apps/web");
    let tags = v["tags"].as_array().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0]["name"], "1.4.2");
    assert!(tags[0]["digest"].as_str().unwrap().starts_with("sha256:"));
    for key in [
        "createdTime",
        "lastUpdateTime",
        "changeableAttributes",
        "signed",
    ] {
        assert!(!tags[0][key].is_null(), "{key} missing: {v}");
    }
    let r = dp
        .get("/acr/v1/apps/web/_tags?n=2&last=1.5.0", token.as_deref())
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["tags"][0]["name"], "latest");
    // Without metadata_read: refused, as for /v2/<name>/tags/list.
    let team = new_password(&arm, "teama-builder", json!({"name": "password2"})).await;
    let scope = "repository:sample/teama/projectb:pull";
    let (_, token) = dp.basic_token("teama-builder", &team, &[scope]).await;
    let r = dp
        .get("/acr/v1/sample/teama/projectb/_tags", token.as_deref())
        .await;
    assert_eq!(r.status(), 403);
}

/// `/acr/v1/<name>` (az `acr repository show`): the spec's
/// `RepositoryAttributes`, with the tag and manifest counts; needs
/// metadata_read like the tag listings.
#[tokio::test]
async fn acr_v1_repository_attributes_count_tags_and_manifests() {
    let emu = demo(EmulatorConfig::fast()).await;
    let arm = Client::new(&emu);
    let dp = DataPlane::new(&emu, PROD_LOGIN);
    let ci = new_password(&arm, "github-actions", json!({"name": "password2"})).await;
    let (_, token) = dp
        .basic_token(
            "github-actions",
            &ci,
            &["repository:apps/web:metadata_read"],
        )
        .await;
    let tags: Value = dp
        .get("/acr/v1/apps/web/_tags", token.as_deref())
        .await
        .json()
        .await
        .unwrap();
    let r = dp.get("/acr/v1/apps/web", token.as_deref()).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["registry"], PROD_LOGIN);
    assert_eq!(v["imageName"], "apps/web");
    assert_eq!(
        v["tagCount"].as_u64().unwrap() as usize,
        tags["tags"].as_array().unwrap().len()
    );
    assert!(v["manifestCount"].as_u64().unwrap() >= 1, "{v}");
    for key in ["createdTime", "lastUpdateTime", "changeableAttributes"] {
        assert!(!v[key].is_null(), "{key} missing: {v}");
    }
    // A repository the token may not read the metadata of: refused.
    let r = dp.get("/acr/v1/apps/api", token.as_deref()).await;
    assert_eq!(r.status(), 403);
}
