//! Emulator behaviour on resources, over real HTTP: each live-service
//! behaviour acrtui relies on (see issue 3) has a test here.

mod common;

use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use common::*;
use reqwest::Method;
use serde_json::{Value, json};

fn map_body(actions: &[&str]) -> Value {
    json!({"properties": {"actions": actions}})
}

#[tokio::test]
async fn scope_map_put_answers_200_synchronously_in_order_without_description() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let actions = [
        "repositories/zeta/content/read",
        "repositories/alpha/*/content/write",
    ];
    let (status, body) = c
        .json(
            Method::PUT,
            &format!("{REG}/scopeMaps/ci-push"),
            Some(map_body(&actions)),
        )
        .await;
    assert_eq!(status, 200);
    let p = &body["properties"];
    assert_eq!(p["provisioningState"], "Succeeded");
    assert_eq!(p["type"], "UserDefined");
    assert_eq!(p["actions"], json!(actions));
    assert!(p.get("description").is_none(), "{p}");
    assert_eq!(body["id"], format!("{REG}/scopeMaps/ci-push"));
}

#[tokio::test]
async fn scope_map_patch_is_async_with_the_live_headers() {
    let emu = with_store(EmulatorConfig::default(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let path = format!("{REG}/scopeMaps/ci-push");
    c.json(
        Method::PUT,
        &path,
        Some(map_body(&["repositories/a/content/read"])),
    )
    .await;
    let r = c
        .send(Method::PATCH, &path, Some(json!({"properties": {"description": "d", "actions": ["repositories/b/content/read"]}})))
        .await;
    assert_eq!(r.status().as_u16(), 201);
    let op = header(&r, "azure-asyncoperation").unwrap();
    assert!(
        op.starts_with(&format!("{}{path}/operationStatuses/", c.base)),
        "{op}"
    );
    assert!(op.ends_with("?api-version=2023-07-01"), "{op}");
    assert_eq!(header(&r, "retry-after").as_deref(), Some("10"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["properties"]["provisioningState"], "Updating");
    assert_eq!(
        body["properties"]["actions"],
        json!(["repositories/b/content/read"])
    );
    assert_eq!(body["properties"]["description"], "d");
    assert_eq!(
        c.json(Method::GET, &op, None).await.1,
        json!({"status": "InProgress"})
    );
    assert_eq!(
        c.json(Method::GET, &op, None).await.1,
        json!({"status": "Succeeded"})
    );
    let (_, now) = c.json(Method::GET, &path, None).await;
    assert_eq!(now["properties"]["provisioningState"], "Succeeded");
}

#[tokio::test]
async fn token_put_and_patch_are_async_and_start_enabled_without_passwords() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    let r = c
        .send(
            Method::PUT,
            &format!("{REG}/tokens/ci-token"),
            Some(json!({"properties": {"scopeMapId": sm}})),
        )
        .await;
    assert_eq!(r.status().as_u16(), 201);
    assert!(
        header(&r, "azure-asyncoperation")
            .unwrap()
            .contains("/tokens/ci-token/operationStatuses/")
    );
    assert_eq!(header(&r, "retry-after").as_deref(), Some("0"));
    let body: Value = r.json().await.unwrap();
    let p = &body["properties"];
    assert_eq!(
        (p["provisioningState"].as_str(), p["status"].as_str()),
        (Some("Creating"), Some("enabled"))
    );
    assert_eq!(p["credentials"], json!({"passwords": []}));
    assert_eq!(p["scopeMapId"], sm);

    let (status, body) = c
        .json(
            Method::PUT,
            &format!("{REG}/tokens/off-token"),
            Some(json!({"properties": {"scopeMapId": sm, "status": "disabled"}})),
        )
        .await;
    assert_eq!(
        (status, body["properties"]["status"].as_str()),
        (201, Some("disabled"))
    );

    let (status, body) = c
        .json(
            Method::PATCH,
            &format!("{REG}/tokens/ci-token"),
            Some(json!({"properties": {"status": "disabled"}})),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(body["properties"]["provisioningState"], "Updating");
    assert_eq!(body["properties"]["status"], "disabled");
    assert_eq!(
        body["properties"]["scopeMapId"], sm,
        "PATCH keeps the scope map"
    );
}

#[tokio::test]
async fn delete_answers_202_with_a_location_then_the_resource_is_gone() {
    let emu = with_store(EmulatorConfig::default(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let path = format!("{REG}/scopeMaps/ci-push");
    c.json(
        Method::PUT,
        &path,
        Some(map_body(&["repositories/a/content/read"])),
    )
    .await;
    let r = c.send(Method::DELETE, &path, None).await;
    assert_eq!(r.status().as_u16(), 202);
    let location = header(&r, "location").unwrap();
    let expected = format!(
        "{}/subscriptions/sub1/providers/Microsoft.ContainerRegistry/locations/WESTEUROPE/operationResults/",
        c.base
    );
    assert!(location.starts_with(&expected), "{location}");
    assert!(location.ends_with("?api-version=2023-07-01"));
    assert_eq!(header(&r, "retry-after").as_deref(), Some("10"));
    assert_eq!(r.text().await.unwrap(), "");
    let first = c.send(Method::GET, &location, None).await;
    assert_eq!(first.status().as_u16(), 202);
    let done = c.send(Method::GET, &location, None).await;
    assert_eq!(done.status().as_u16(), 200);
    assert_eq!(done.text().await.unwrap(), "");
    assert_eq!(c.get(&path).await.status().as_u16(), 404);
    // Deleting what is not there is not an error in ARM.
    assert_eq!(
        c.send(Method::DELETE, &path, None).await.status().as_u16(),
        204
    );
}

async fn new_token(c: &Client, name: &str) {
    let body = json!({"properties": {"scopeMapId": format!("{REG}/scopeMaps/_repositories_pull")}});
    assert_eq!(
        c.send(Method::PUT, &format!("{REG}/tokens/{name}"), Some(body))
            .await
            .status()
            .as_u16(),
        201
    );
}

fn assert_password_value(v: &Value) {
    let s = v.as_str().unwrap();
    assert_eq!(s.len(), 52, "{s}");
    assert!(
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/'),
        "{s}"
    );
}

#[tokio::test]
async fn generate_credentials_answers_200_with_one_or_both_passwords() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    new_token(&c, "ci-token").await;
    let token_id = format!("{REG}/tokens/ci-token");
    let (status, body) = c
        .json(
            Method::POST,
            &format!("{REG}/generateCredentials"),
            Some(
                json!({"tokenId": token_id, "name": "password1", "expiry": "2027-01-01T00:00:00Z"}),
            ),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["username"], "ci-token");
    let pw = body["passwords"].as_array().unwrap();
    assert_eq!(pw.len(), 1);
    assert_eq!(pw[0]["name"], "password1");
    // As live writes times: Z, trailing zeros of the fraction dropped.
    assert_eq!(pw[0]["expiry"], "2027-01-01T00:00:00Z");
    assert!(pw[0]["creationTime"].as_str().unwrap().ends_with('Z'));
    assert_password_value(&pw[0]["value"]);

    let (_, both) = c
        .json(
            Method::POST,
            &format!("{REG}/generateCredentials"),
            Some(json!({"tokenId": token_id})),
        )
        .await;
    let names: Vec<_> = both["passwords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, [json!("password1"), json!("password2")]);
    assert!(
        both["passwords"][0].get("expiry").is_none(),
        "no expiry key when none was sent"
    );
    assert_ne!(both["passwords"][0]["value"], both["passwords"][1]["value"]);
    assert_ne!(both["passwords"][0]["value"], pw[0]["value"]);
}

#[tokio::test]
async fn tokens_never_show_values_and_generation_replaces_the_slot() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    new_token(&c, "ci-token").await;
    let generate = |expiry: &str| json!({"tokenId": format!("{REG}/tokens/ci-token"), "name": "password2", "expiry": expiry});
    c.json(
        Method::POST,
        &format!("{REG}/generateCredentials"),
        Some(generate("2027-01-01T00:00:00Z")),
    )
    .await;
    c.json(
        Method::POST,
        &format!("{REG}/generateCredentials"),
        Some(generate("2028-06-01T12:30:00+02:00")),
    )
    .await;
    let (_, one) = c
        .json(Method::GET, &format!("{REG}/tokens/ci-token"), None)
        .await;
    let (_, list) = c.json(Method::GET, &format!("{REG}/tokens"), None).await;
    for token in [&one, &list["value"][0]] {
        let passwords = token["properties"]["credentials"]["passwords"]
            .as_array()
            .unwrap();
        assert!(!passwords.is_empty());
        assert!(
            passwords.iter().all(|p| p.get("value").is_none()),
            "{token}"
        );
    }
    let (_, token) = c
        .json(Method::GET, &format!("{REG}/tokens/ci-token"), None)
        .await;
    let pw = token["properties"]["credentials"]["passwords"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(pw.len(), 1);
    assert_eq!(pw[0]["name"], "password2");
    assert_eq!(pw[0]["expiry"], "2028-06-01T10:30:00Z");
    assert_eq!(
        pw[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["creationTime", "expiry", "name"]
    );
}

#[tokio::test]
async fn generate_credentials_can_answer_202_with_a_location() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    emu.set_generate_credentials_async(true);
    let c = Client::new(&emu);
    new_token(&c, "ci-token").await;
    let r = c
        .send(
            Method::POST,
            &format!("{REG}/generateCredentials"),
            Some(json!({"tokenId": format!("{REG}/tokens/ci-token"), "name": "password1"})),
        )
        .await;
    assert_eq!(r.status().as_u16(), 202);
    let location = header(&r, "location").unwrap();
    assert!(
        location.starts_with(&format!("{}{REG}/operationStatuses/", c.base)),
        "{location}"
    );
    assert_eq!(
        c.send(Method::GET, &location, None).await.status().as_u16(),
        202
    );
    let (status, body) = c.json(Method::GET, &location, None).await;
    assert_eq!(status, 200);
    assert_eq!(body["username"], "ci-token");
    assert_password_value(&body["passwords"][0]["value"]);
}

#[tokio::test]
async fn patch_with_fewer_passwords_deletes_a_slot() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    new_token(&c, "ci-token").await;
    c.json(
        Method::POST,
        &format!("{REG}/generateCredentials"),
        Some(json!({"tokenId": format!("{REG}/tokens/ci-token")})),
    )
    .await;
    let (_, token) = c
        .json(Method::GET, &format!("{REG}/tokens/ci-token"), None)
        .await;
    let keep: Vec<Value> = token["properties"]["credentials"]["passwords"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "password2")
        .cloned()
        .collect();
    let (status, after) = c
        .json(
            Method::PATCH,
            &format!("{REG}/tokens/ci-token"),
            Some(json!({"properties": {"credentials": {"passwords": keep}}})),
        )
        .await;
    assert_eq!(status, 201);
    let names: Vec<_> = after["properties"]["credentials"]["passwords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, [json!("password2")]);
}

#[tokio::test]
async fn system_scope_maps_are_listed_and_read_only() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let (_, list) = c.json(Method::GET, &format!("{REG}/scopeMaps"), None).await;
    let system: Vec<&Value> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["properties"]["type"] == "SystemDefined")
        .collect();
    let names: Vec<_> = system.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "_repositories_admin",
            "_repositories_pull",
            "_repositories_pull_metadata_read",
            "_repositories_push",
            "_repositories_push_metadata_write"
        ]
    );
    assert!(
        system
            .iter()
            .all(|s| s["properties"]["description"].is_string())
    );
    let admin = system[0]["properties"]["actions"].as_array().unwrap();
    assert_eq!(admin.len(), 5);
    assert_eq!(
        system[1]["properties"]["actions"],
        json!(["repositories/*/content/read"])
    );
    assert_eq!(
        system[3]["properties"]["actions"],
        json!([
            "repositories/*/content/read",
            "repositories/*/content/write"
        ])
    );
    for (method, body) in [
        (
            Method::PATCH,
            Some(map_body(&["repositories/a/content/read"])),
        ),
        (
            Method::PUT,
            Some(map_body(&["repositories/a/content/read"])),
        ),
        (Method::DELETE, None),
    ] {
        let (status, err) = c
            .json(
                method.clone(),
                &format!("{REG}/scopeMaps/_repositories_pull"),
                body,
            )
            .await;
        assert_eq!(status, 409, "{method}");
        assert_eq!(err["error"]["code"], "OperationNotAllowed");
    }
}

#[tokio::test]
async fn registries_subscriptions_admin_user_and_credentials() {
    let emu = demo(EmulatorConfig::fast()).await;
    let c = Client::new(&emu);
    let (status, subs) = c
        .json(Method::GET, "/subscriptions?api-version=2022-12-01", None)
        .await;
    assert_eq!(status, 200);
    let subs = subs["value"].as_array().unwrap().clone();
    assert_eq!(subs.len(), 2);
    let sub = subs[0]["subscriptionId"].as_str().unwrap();
    let base = format!("/subscriptions/{sub}/providers/Microsoft.ContainerRegistry/registries");
    let (_, regs) = c.json(Method::GET, &base, None).await;
    assert_eq!(regs["value"].as_array().unwrap().len(), 3);
    let (_, in_rg) = c.json(Method::GET, &format!("/subscriptions/{sub}/resourceGroups/rg-data/providers/Microsoft.ContainerRegistry/registries"), None).await;
    assert_eq!(in_rg["value"].as_array().unwrap().len(), 1);
    let reg = format!(
        "/subscriptions/{sub}/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod"
    );
    let (_, r) = c.json(Method::GET, &reg, None).await;
    assert_eq!(r["properties"]["loginServer"], "contosoprod.azurecr.io");
    assert_eq!(
        (
            r["sku"]["name"].as_str(),
            r["properties"]["adminUserEnabled"].as_bool()
        ),
        (Some("Premium"), Some(false))
    );
    let (status, _) = c
        .json(Method::POST, &format!("{reg}/listCredentials"), None)
        .await;
    assert_eq!(status, 400, "admin disabled");
    let (status, r) = c
        .json(
            Method::PATCH,
            &reg,
            Some(json!({"properties": {"adminUserEnabled": true}})),
        )
        .await;
    assert_eq!(
        (status, r["properties"]["adminUserEnabled"].as_bool()),
        (200, Some(true))
    );
    let (_, creds) = c
        .json(Method::POST, &format!("{reg}/listCredentials"), None)
        .await;
    let (_, again) = c
        .json(Method::POST, &format!("{reg}/listCredentials"), None)
        .await;
    assert_eq!(creds["username"], "contosoprod");
    assert_eq!(creds, again, "admin passwords are stable");
}

#[tokio::test]
async fn tier_limits_and_validation_errors() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Basic)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    for i in 0..100 {
        let r = c
            .send(
                Method::PUT,
                &format!("{REG}/tokens/token-{i:03}"),
                Some(json!({"properties": {"scopeMapId": sm}})),
            )
            .await;
        assert_eq!(r.status().as_u16(), 201);
    }
    let (status, err) = c
        .json(
            Method::PUT,
            &format!("{REG}/tokens/token-100"),
            Some(json!({"properties": {"scopeMapId": sm}})),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("QuotaExceeded"))
    );

    let cases: Vec<(String, Value, &str)> = vec![
        (
            format!("{REG}/tokens/bad_name"),
            json!({"properties": {"scopeMapId": sm}}),
            "InvalidResourceName",
        ),
        (
            format!("{REG}/tokens/abc"),
            json!({"properties": {"scopeMapId": sm}}),
            "InvalidResourceName",
        ),
        (
            format!("{REG}/scopeMaps/ok-name"),
            map_body(&["repositories/sample/teamA*/content/read"]),
            "InvalidScopeMapAction",
        ),
        (
            format!("{REG}/scopeMaps/ok-name"),
            map_body(&["repositories/myrepository/contentWrite"]),
            "InvalidScopeMapAction",
        ),
        (
            format!("{REG}/scopeMaps/ok-name"),
            json!({"properties": {"actions": ["repositories/a/content/read"], "description": "x".repeat(257)}}),
            "InvalidParameter",
        ),
        (
            format!("{REG}/scopeMaps/bad.name"),
            map_body(&["repositories/a/content/read"]),
            "InvalidResourceName",
        ),
    ];
    for (path, body, code) in cases {
        let (status, err) = c.json(Method::PUT, &path, Some(body)).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (400, Some(code)),
            "{path}: {err}"
        );
        assert!(!err["error"]["message"].as_str().unwrap().is_empty());
    }
    let too_many: Vec<String> = (0..501)
        .map(|i| format!("repositories/r{i}/content/read"))
        .collect();
    let (status, _) = c
        .json(
            Method::PUT,
            &format!("{REG}/scopeMaps/big-map"),
            Some(json!({"properties": {"actions": too_many}})),
        )
        .await;
    assert_eq!(status, 400);
}

/// az resolves a registry's resource group through the generic resources list.
#[tokio::test]
async fn the_generic_resources_list_finds_registries_by_type_and_name() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let filter = "resourceType eq 'Microsoft.ContainerRegistry/registries'";
    let url = |path: &str, filter: &str| {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("$filter", filter)
            .append_pair("api-version", "2024-11-01")
            .finish();
        format!("{path}?{q}")
    };
    let (status, page) = c
        .json(
            Method::GET,
            &url("/subscriptions/sub1/resources", filter),
            None,
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let items = page["value"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["type"], "Microsoft.ContainerRegistry/registries");
    assert!(
        items[0]["id"]
            .as_str()
            .unwrap()
            .contains("/resourceGroups/rg/"),
        "{page}"
    );
    let by_name = format!("{filter} and name eq 'MYREGISTRY'");
    let (_, page) = c
        .json(
            Method::GET,
            &url("/subscriptions/sub1/resources", &by_name),
            None,
        )
        .await;
    assert_eq!(
        page["value"].as_array().unwrap().len(),
        1,
        "names are case-insensitive"
    );
    let other = "resourceType eq 'Microsoft.Storage/storageAccounts'";
    let (_, page) = c
        .json(
            Method::GET,
            &url("/subscriptions/sub1/resourceGroups/rg/resources", other),
            None,
        )
        .await;
    assert_eq!(page["value"], serde_json::json!([]));
    let (status, err) = c
        .json(
            Method::GET,
            &url("/subscriptions/sub1/resources", "substringof('x', name)"),
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(err["error"]["code"], "InvalidFilterInQueryString");
    let (status, err) = c
        .json(
            Method::GET,
            "/subscriptions/sub1/resources?api-version=2099-01-01",
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(err["error"]["code"], "InvalidApiVersionParameter");
}

/// Every api-version current clients send is accepted; scope maps and tokens
/// only where they exist; versions that never existed are ARM's 400.
#[tokio::test]
async fn api_versions_clients_send_are_accepted_and_invented_ones_refused() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    for v in acrtui::emulator::API_VERSIONS {
        let (status, body) = c
            .json(Method::GET, &format!("{REG}?api-version={v}"), None)
            .await;
        assert_eq!(status, 200, "{v}: {body}");
        let tokens = c
            .json(Method::GET, &format!("{REG}/tokens?api-version={v}"), None)
            .await;
        if acrtui::emulator::WITHOUT_TOKENS.contains(&v) {
            assert_eq!(tokens.0, 400, "{v}");
            assert_eq!(
                tokens.1["error"]["code"], "NoRegisteredProviderFound",
                "{v}"
            );
        } else {
            assert_eq!(tokens.0, 200, "{v}: {}", tokens.1);
        }
    }
    let (_, newest) = c
        .json(
            Method::GET,
            &format!("{REG}?api-version=2026-09-01-preview"),
            None,
        )
        .await;
    assert_eq!(newest["properties"]["endpointProtocol"], "IPv4");
    assert_eq!(
        newest["properties"]["roleAssignmentMode"],
        "LegacyRegistryPermissions"
    );
    let (_, old) = c
        .json(
            Method::GET,
            &format!("{REG}?api-version=2019-12-01-preview"),
            None,
        )
        .await;
    assert!(
        old["properties"].get("endpointProtocol").is_none(),
        "each version in its own shape"
    );
    for never in ["2024-02-30", "2023-07-01-preview", "2026-09-01"] {
        let (status, body) = c
            .json(Method::GET, &format!("{REG}?api-version={never}"), None)
            .await;
        assert_eq!(status, 400, "{never}");
        assert_eq!(body["error"]["code"], "InvalidApiVersionParameter");
    }
}

#[tokio::test]
async fn admin_passwords_regenerate_one_slot_and_names_are_checked_globally() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let regen = |slot: &'static str| {
        let c = &c;
        async move {
            c.json(
                Method::POST,
                &format!("{REG}/regenerateCredential"),
                Some(json!({"name": slot})),
            )
            .await
        }
    };
    let (status, body) = regen("password").await;
    assert_eq!(status, 400, "refused while the admin user is off: {body}");
    assert_eq!(body["error"]["code"], "AdminUserDisabled");
    c.json(
        Method::PATCH,
        REG,
        Some(json!({"properties": {"adminUserEnabled": true}})),
    )
    .await;
    let (_, before) = c
        .json(Method::POST, &format!("{REG}/listCredentials"), None)
        .await;
    let (status, after) = regen("password2").await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(
        after["passwords"][0]["value"], before["passwords"][0]["value"],
        "password untouched"
    );
    assert_ne!(
        after["passwords"][1]["value"], before["passwords"][1]["value"],
        "password2 renewed"
    );
    let (status, _) = regen("password3").await;
    assert_eq!(status, 400);

    let check = |name: &'static str| {
        let c = &c;
        async move {
            c.json(
                Method::POST,
                "/subscriptions/sub1/providers/Microsoft.ContainerRegistry/checkNameAvailability",
                Some(json!({"name": name, "type": "Microsoft.ContainerRegistry/registries"})),
            )
            .await
        }
    };
    let (status, taken) = check("MyRegistry").await;
    assert_eq!(status, 200);
    assert_eq!(taken["nameAvailable"], false);
    assert_eq!(taken["reason"], "AlreadyExists");
    assert_eq!(check("freshname1").await.1["nameAvailable"], true);
    assert_eq!(check("no").await.1["reason"], "Invalid");
}
