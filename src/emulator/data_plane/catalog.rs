//! Listings: `/v2/_catalog` and `/acr/v1/_catalog` (the repositories), and
//! `/v2/<name>/tags/list`, with `n`/`last` paging and a `Link` header to the
//! next page (none on the last).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Page size when the client names none (az CLI asks for 100).
const DEFAULT_PAGE: usize = 100;
/// The most a page holds, whatever the client asks.
const MAX_PAGE: usize = 1000;

/// One page of `names` (sorted) after `last`, and the `Link` to the next.
pub fn page(
    names: &[String],
    query: &super::token_service::Form,
    path: &str,
) -> (Vec<String>, Option<String>) {
    let field = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let n = field("n")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(DEFAULT_PAGE)
        .clamp(1, MAX_PAGE);
    let start = match field("last") {
        Some(last) => names.partition_point(|x| x.as_str() <= last),
        None => 0,
    };
    let shown: Vec<String> = names.iter().skip(start).take(n).cloned().collect();
    let more = start + shown.len() < names.len();
    let link = match (more, shown.last()) {
        (true, Some(last)) => {
            let last: String = form_urlencoded::byte_serialize(last.as_bytes()).collect();
            Some(format!("<{path}?last={last}&n={n}&orderby=>; rel=\"next\""))
        }
        _ => None,
    };
    (shown, link)
}

fn with_link(body: serde_json::Value, link: Option<String>) -> Response {
    let mut r = (StatusCode::OK, axum::Json(body)).into_response();
    if let Some(l) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LINK, l);
    }
    r
}

pub fn catalog(
    repositories: &[String],
    query: &super::token_service::Form,
    path: &str,
) -> Response {
    let (shown, link) = page(repositories, query, path);
    with_link(json!({ "repositories": shown }), link)
}

pub fn tags(name: &str, tags: &[String], query: &super::token_service::Form) -> Response {
    let path = format!("/v2/{name}/tags/list");
    let (shown, link) = page(tags, query, &path);
    with_link(json!({ "name": name, "tags": shown }), link)
}

/// `/acr/v1/<name>/_tags`: the spec's `TagList`, each tag with its digest,
/// times and changeable attributes, paged like the catalog.
pub fn acr_tags(
    login_server: &str,
    name: &str,
    repo: &crate::emulator::content::Repository,
    query: &super::token_service::Form,
) -> Response {
    let names: Vec<String> = repo.tags.keys().cloned().collect();
    let (shown, link) = page(&names, query, &format!("/acr/v1/{name}/_tags"));
    let tags: Vec<serde_json::Value> = shown
        .iter()
        .map(|t| {
            let (created, updated) = repo.tag_times.get(t).copied().unwrap_or_default();
            json!({
                "name": t,
                "digest": repo.tags.get(t),
                "createdTime": crate::domain::wire_time::rfc3339_ticks(created),
                "lastUpdateTime": crate::domain::wire_time::rfc3339_ticks(updated),
                "signed": false,
                "changeableAttributes": {
                    "deleteEnabled": true, "writeEnabled": true, "readEnabled": true, "listEnabled": true
                },
            })
        })
        .collect();
    with_link(
        json!({ "registry": login_server, "imageName": name, "tags": tags }),
        link,
    )
}

/// `/acr/v1/<name>`: the spec's `RepositoryAttributes` (what az CLI's
/// `acr repository show` prints), with the tag and manifest counts.
pub fn attributes(
    login_server: &str,
    name: &str,
    repo: &crate::emulator::content::Repository,
) -> Response {
    let times = repo.tag_times.values();
    let created = times.clone().map(|t| t.0).min().unwrap_or_default();
    let updated = times.map(|t| t.1).max().unwrap_or_default();
    axum::Json(json!({
        "registry": login_server,
        "imageName": name,
        "createdTime": crate::domain::wire_time::rfc3339_ticks(created),
        "lastUpdateTime": crate::domain::wire_time::rfc3339_ticks(updated),
        "manifestCount": repo.manifests.len(),
        "tagCount": repo.tags.len(),
        "changeableAttributes": {
            "deleteEnabled": true, "writeEnabled": true, "readEnabled": true, "listEnabled": true
        },
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::super::token_service::parse_form;
    use super::*;

    #[test]
    fn pages_follow_last_and_end_without_a_link() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let (p, link) = page(&names, &parse_form(b"n=2"), "/v2/_catalog");
        assert_eq!(p, ["a", "b"]);
        assert_eq!(
            link.as_deref(),
            Some("</v2/_catalog?last=b&n=2&orderby=>; rel=\"next\"")
        );
        let (p, link) = page(&names, &parse_form(b"n=2&last=d"), "/v2/_catalog");
        assert_eq!((p, link), (vec!["e".to_string()], None));
        let (p, _) = page(&names, &parse_form(b"n=0&last=zz"), "/v2/_catalog");
        assert!(p.is_empty());
    }
}
