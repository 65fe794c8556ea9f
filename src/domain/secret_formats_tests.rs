use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::SecretString;

use super::*;

fn credential(password: &SecretString) -> Credential<'_> {
    Credential {
        login_server: "contosoprod.azurecr.io",
        username: "ci-push",
        password,
    }
}

#[test]
fn docker_config_is_what_docker_writes() {
    let password = SecretString::from("Ab+c/d=e");
    let text = render(SecretFormat::Dockerconfigjson, &credential(&password), "x");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entry = &doc["auths"]["contosoprod.azurecr.io"];
    assert_eq!(entry["username"], "ci-push");
    assert_eq!(entry["password"], "Ab+c/d=e");
    let auth = STANDARD.decode(entry["auth"].as_str().unwrap()).unwrap();
    assert_eq!(auth, b"ci-push:Ab+c/d=e");
}

#[test]
fn json_strings_are_escaped() {
    let password = SecretString::from("a\"b\\c\nd");
    let text = render(SecretFormat::Dockerconfigjson, &credential(&password), "x");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["auths"]["contosoprod.azurecr.io"]["password"],
        "a\"b\\c\nd"
    );
}

#[test]
fn the_k8s_secret_carries_the_docker_config() {
    let password = SecretString::from("pw");
    let c = credential(&password);
    let text = render(SecretFormat::K8sSecret, &c, "contosoprod-ci-push");
    assert!(text.starts_with("apiVersion: v1\nkind: Secret\nmetadata:\n  name: contosoprod-ci-push\ntype: kubernetes.io/dockerconfigjson\n"), "{}", *text);
    let data = text
        .lines()
        .find_map(|l| l.strip_prefix("  .dockerconfigjson: "))
        .unwrap();
    let decoded = STANDARD.decode(data).unwrap();
    assert_eq!(decoded, docker_config(&c).as_bytes());
}

#[test]
fn env_lines_are_bare_when_safe_and_quoted_otherwise() {
    let password = SecretString::from("Ab+c/d=e");
    let text = render(SecretFormat::Env, &credential(&password), "x");
    assert_eq!(
        *text,
        "ACR_LOGIN_SERVER=contosoprod.azurecr.io\nACR_USERNAME=ci-push\nACR_PASSWORD=Ab+c/d=e\n"
    );
    let odd = SecretString::from("it's $x");
    let text = render(SecretFormat::Env, &credential(&odd), "x");
    assert!(text.ends_with("ACR_PASSWORD='it'\\''s $x'\n"), "{}", *text);
}

#[test]
fn the_password_format_is_the_password_and_a_newline() {
    let password = SecretString::from("pw");
    assert_eq!(
        *render(SecretFormat::Password, &credential(&password), "x"),
        "pw\n"
    );
}

#[test]
fn secret_names_follow_kubernetes() {
    assert!(check_secret_name("contosoprod-ci-push").is_ok());
    assert!(check_secret_name("a.b-c").is_ok());
    for bad in [
        "",
        "Upper",
        "-lead",
        "trail-",
        "under_score",
        &"a".repeat(254),
    ] {
        assert!(check_secret_name(bad).is_err(), "{bad}");
    }
    assert_eq!(
        default_secret_name("ContosoProd", "ci_push"),
        "contosoprod-ci-push"
    );
    assert!(check_secret_name(&default_secret_name("r", "_t_")).is_ok());
}

#[test]
fn a_command_gets_a_bare_password_without_its_newline() {
    let password = SecretString::from("pw");
    let text = render(SecretFormat::Password, &credential(&password), "x");
    assert_eq!(for_stdin(SecretFormat::Password, &text), "pw");
    let env = render(SecretFormat::Env, &credential(&password), "x");
    assert!(for_stdin(SecretFormat::Env, &env).ends_with("ACR_PASSWORD=pw\n"));
}
