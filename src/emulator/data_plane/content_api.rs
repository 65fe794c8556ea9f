//! The calls behind a valid token: listings, manifests and blobs.

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::errors::{bad_request, not_found};
use super::token_service::Form;
use super::{Call, Target, base, catalog, method_not_allowed, with_registry, with_registry_mut};
use crate::emulator::Shared;
use crate::emulator::content::{Content, MAX_BLOB, Manifest, OCI_MANIFEST, digest};

fn gone() -> Response {
    not_found("NAME_UNKNOWN", "the registry no longer exists")
}

pub fn answer(
    shared: &Shared,
    target: &Target,
    method: &Method,
    call: Call,
    query: &Form,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    let key = target.key.as_str();
    match method.as_str() {
        "GET" | "HEAD" => with_registry(shared, key, |r| {
            read(
                &r.content,
                &target.realm.service,
                call,
                query,
                method == Method::HEAD,
            )
        })
        .unwrap_or_else(gone),
        "PUT" | "POST" | "PATCH" | "DELETE" => {
            let media = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(OCI_MANIFEST)
                .to_string();
            let write = Write {
                method: method.as_str(),
                query,
                media,
                body,
            };
            with_registry_mut(shared, key, |r| write.apply(&mut r.content, call))
                .unwrap_or_else(gone)
        }
        _ => method_not_allowed(),
    }
}

/// GET and HEAD: listings, manifests, blobs.
fn read(c: &Content, login_server: &str, call: Call, query: &Form, head: bool) -> Response {
    match call {
        Call::Base => base(),
        Call::Catalog => {
            let names: Vec<String> = c.repositories.keys().cloned().collect();
            catalog::catalog(&names, query, "/v2/_catalog")
        }
        Call::Tags(name) => match c.repositories.get(&name) {
            Some(repo) => {
                catalog::tags(&name, &repo.tags.keys().cloned().collect::<Vec<_>>(), query)
            }
            None => not_found(
                "NAME_UNKNOWN",
                &format!("repository {name} is not known to the registry"),
            ),
        },
        Call::AcrTags(name) => match c.repositories.get(&name) {
            Some(repo) => catalog::acr_tags(login_server, &name, repo, query),
            None => not_found(
                "NAME_UNKNOWN",
                &format!("repository {name} is not known to the registry"),
            ),
        },
        Call::Repository(name) => match c.repositories.get(&name) {
            Some(repo) => catalog::attributes(login_server, &name, repo),
            None => not_found(
                "NAME_UNKNOWN",
                &format!("repository {name} is not known to the registry"),
            ),
        },
        Call::Manifest(name, reference) => get_manifest(c, &name, &reference, head),
        Call::Blob(name, d) => get_blob(c, &name, &d, head),
        _ => method_not_allowed(),
    }
}

/// A change: a manifest put or deleted, an upload started, continued or finished.
struct Write<'a> {
    method: &'a str,
    query: &'a Form,
    media: String,
    body: Bytes,
}

impl Write<'_> {
    fn apply(self, c: &mut Content, call: Call) -> Response {
        let digest = field(self.query, "digest");
        match (self.method, call) {
            ("PUT", Call::Manifest(name, reference)) => {
                put_manifest(c, &name, &reference, self.media, self.body)
            }
            ("DELETE", Call::Manifest(name, reference)) => delete_manifest(c, &name, &reference),
            ("POST", Call::Uploads(name)) => start_upload(c, &name, digest, self.body),
            ("PATCH", Call::Upload(name, id)) => append(c, &name, &id, self.body),
            ("PUT", Call::Upload(name, id)) => finish_upload(c, &name, &id, digest, self.body),
            _ => method_not_allowed(),
        }
    }
}

fn field<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn content_reply(status: StatusCode, media: &str, d: &str, bytes: Bytes, head: bool) -> Response {
    let len = bytes.len();
    let body = if head { Bytes::new() } else { bytes };
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE.as_str(), media.to_string()),
        ("docker-content-digest", d.to_string()),
        (header::CONTENT_LENGTH.as_str(), len.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    r
}

fn get_manifest(c: &Content, name: &str, reference: &str, head: bool) -> Response {
    let found = c.repositories.get(name).and_then(|repo| {
        let d = repo.tags.get(reference).map_or(reference, String::as_str);
        Some((d, repo.manifests.get(d)?))
    });
    match found {
        Some((d, m)) => content_reply(StatusCode::OK, &m.media_type, d, m.bytes.clone(), head),
        None => not_found(
            "MANIFEST_UNKNOWN",
            &format!("manifest {reference} is not in {name}"),
        ),
    }
}

fn get_blob(c: &Content, name: &str, d: &str, head: bool) -> Response {
    match c
        .repositories
        .get(name)
        .filter(|r| r.blobs.contains(d))
        .and_then(|_| c.blobs.get(d))
    {
        Some(b) => content_reply(
            StatusCode::OK,
            "application/octet-stream",
            d,
            b.clone(),
            head,
        ),
        None => not_found("BLOB_UNKNOWN", &format!("blob {d} is not in {name}")),
    }
}

fn located(status: StatusCode, location: &str, d: Option<&str>) -> Response {
    let mut r = status.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(location) {
        h.insert(header::LOCATION, v);
    }
    if let Some(v) = d.and_then(|d| HeaderValue::from_str(d).ok()) {
        h.insert("docker-content-digest", v);
    }
    r
}

/// Stores a manifest whose blobs are all in the repository.
fn put_manifest(
    c: &mut Content,
    name: &str,
    reference: &str,
    media: String,
    body: Bytes,
) -> Response {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return bad_request("MANIFEST_INVALID", "the manifest is not JSON");
    };
    let d = digest(&body);
    if reference.starts_with("sha256:") && reference != d {
        return bad_request(
            "DIGEST_INVALID",
            &format!("the manifest's digest is {d}, not {reference}"),
        );
    }
    let referenced = std::iter::once(&doc["config"])
        .chain(doc["layers"].as_array().into_iter().flatten())
        .filter_map(|b| b["digest"].as_str());
    let repo_blobs = c
        .repositories
        .get(name)
        .map(|r| r.blobs.clone())
        .unwrap_or_default();
    if let Some(missing) = referenced.into_iter().find(|b| !repo_blobs.contains(*b)) {
        return bad_request(
            "MANIFEST_BLOB_UNKNOWN",
            &format!("blob {missing} is not in {name}: push it first"),
        );
    }
    let tag = (!reference.starts_with("sha256:")).then_some(reference);
    c.put_manifest(
        name,
        tag,
        Manifest {
            media_type: media,
            bytes: body,
        },
    );
    located(
        StatusCode::CREATED,
        &format!("/v2/{name}/manifests/{d}"),
        Some(&d),
    )
}

fn delete_manifest(c: &mut Content, name: &str, reference: &str) -> Response {
    let Some(repo) = c.repositories.get_mut(name) else {
        return not_found(
            "NAME_UNKNOWN",
            &format!("repository {name} is not known to the registry"),
        );
    };
    let d = repo
        .tags
        .get(reference)
        .cloned()
        .unwrap_or_else(|| reference.to_string());
    if repo.manifests.remove(&d).is_none() {
        return not_found(
            "MANIFEST_UNKNOWN",
            &format!("manifest {reference} is not in {name}"),
        );
    }
    repo.tags.retain(|_, v| *v != d);
    StatusCode::ACCEPTED.into_response()
}

fn start_upload(c: &mut Content, name: &str, d: Option<&str>, body: Bytes) -> Response {
    let id = c.open_upload();
    match d {
        // Monolithic: the whole blob in the POST.
        Some(d) => finish_upload(c, name, &id, Some(d), body),
        None => upload_progress(name, &id, 0),
    }
}

fn upload_progress(name: &str, id: &str, len: usize) -> Response {
    let mut r = located(
        StatusCode::ACCEPTED,
        &format!("/v2/{name}/blobs/uploads/{id}"),
        None,
    );
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("0-{}", len.saturating_sub(1))) {
        h.insert(header::RANGE, v);
    }
    if let Ok(v) = HeaderValue::from_str(id) {
        h.insert("docker-upload-uuid", v);
    }
    r
}

fn append(c: &mut Content, name: &str, id: &str, body: Bytes) -> Response {
    let Some(buf) = c.uploads.get_mut(id) else {
        return not_found(
            "BLOB_UPLOAD_UNKNOWN",
            "no such upload: start again with POST",
        );
    };
    if buf.len() + body.len() > MAX_BLOB {
        c.uploads.remove(id);
        return bad_request("SIZE_INVALID", "the emulator takes blobs of at most 16 MiB");
    }
    buf.extend_from_slice(&body);
    let len = buf.len();
    upload_progress(name, id, len)
}

fn finish_upload(c: &mut Content, name: &str, id: &str, d: Option<&str>, body: Bytes) -> Response {
    let Some(d) = d else {
        return bad_request(
            "DIGEST_INVALID",
            "the digest query parameter is required to finish an upload",
        );
    };
    let Some(mut buf) = c.uploads.remove(id) else {
        return not_found(
            "BLOB_UPLOAD_UNKNOWN",
            "no such upload: start again with POST",
        );
    };
    if buf.len() + body.len() > MAX_BLOB {
        return bad_request("SIZE_INVALID", "the emulator takes blobs of at most 16 MiB");
    }
    buf.extend_from_slice(&body);
    let actual = digest(&buf);
    if actual != d {
        return bad_request(
            "DIGEST_INVALID",
            &format!("the content's digest is {actual}, not {d}"),
        );
    }
    c.blobs.insert(actual.clone(), Bytes::from(buf));
    c.repositories
        .entry(name.to_string())
        .or_default()
        .blobs
        .insert(actual.clone());
    located(
        StatusCode::CREATED,
        &format!("/v2/{name}/blobs/{actual}"),
        Some(&actual),
    )
}
