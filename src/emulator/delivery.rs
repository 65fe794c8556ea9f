//! From a handler's result to the HTTP answer, and the faults that act on a
//! served answer: damaged bodies, links to another origin, endless pages and
//! operations, bodies that trickle, answers that never come.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::stream;
use serde_json::Value;

use super::faults::{Damage, Fault};
use super::json;
use super::reply::{ApiResult, Reply};

/// How the body leaves the emulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delivery {
    #[default]
    Whole,
    /// Ten pieces, 100 ms apart.
    Slow,
    /// One byte a second.
    Trickle,
    /// Half the body, then the connection drops.
    Reset,
    /// Half the body, then the stream ends early.
    Truncate,
    Garbage,
    Empty,
}

impl Delivery {
    pub fn for_fault(fault: Option<Fault>) -> Delivery {
        match fault {
            Some(Fault::SlowBody) => Delivery::Slow,
            Some(Fault::Trickle) => Delivery::Trickle,
            Some(Fault::Reset) => Delivery::Reset,
            Some(Fault::Damage(Damage::Truncate)) => Delivery::Truncate,
            Some(Fault::Damage(Damage::Garbage)) => Delivery::Garbage,
            Some(Fault::Damage(Damage::Empty)) => Delivery::Empty,
            _ => Delivery::Whole,
        }
    }
}

/// What a fault needs to know to rewrite an answer.
pub struct Rewrite<'a> {
    /// The emulator's own origin, e.g. `http://127.0.0.1:8080`.
    pub base: &'a str,
    /// Where foreign links point.
    pub foreign_origin: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
}

/// An answer that stands in for the handler's (nothing is served).
pub fn replacement(fault: Option<Fault>) -> Option<Reply> {
    let status = match fault? {
        Fault::EndlessInProgress => "InProgress",
        Fault::UnknownStatus => "Exploded",
        _ => return None,
    };
    Some(Reply::ok(serde_json::json!({ "status": status })).header("Retry-After", "0"))
}

/// Rewrites a served answer as the fault says.
pub fn rewrite(result: ApiResult, fault: Option<Fault>, at: &Rewrite<'_>) -> ApiResult {
    let Ok(mut reply) = result else {
        return result;
    };
    match fault {
        Some(Fault::ForeignLinks) => {
            let swap = |s: &str| s.replacen(at.base, at.foreign_origin, 1);
            for (_, value) in reply.headers.iter_mut() {
                *value = swap(value);
            }
            if let Some(Value::String(link)) =
                reply.body.as_mut().and_then(|b| b.get_mut("nextLink"))
            {
                *link = swap(link);
            }
        }
        Some(Fault::EndlessPages) => {
            if let Some(body) = reply.body.as_mut().and_then(Value::as_object_mut) {
                let version = api_version(at.query);
                body.insert(
                    "nextLink".into(),
                    Value::String(format!(
                        "{}{}?api-version={version}&$skipToken={}",
                        at.base,
                        at.path,
                        uuid::Uuid::new_v4()
                    )),
                );
            }
        }
        Some(Fault::Damage(damage)) => {
            if let Some(body) = reply.body.as_mut() {
                damage_json(body, damage);
            }
        }
        _ => {}
    }
    Ok(reply)
}

fn api_version(query: Option<&str>) -> String {
    query
        .and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "api-version")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default()
}

fn damage_json(body: &mut Value, damage: Damage) {
    match damage {
        Damage::WrongType => *body = serde_json::json!(["not", "an", "object"]),
        Damage::NoValue => {
            if let Some(o) = body.as_object_mut() {
                o.remove("value");
            }
        }
        // Lists lose only their first item's properties or dates: one bad
        // item among good ones is how a corrupt answer tests "fails only that item".
        Damage::NoProperties => {
            if let Some(o) = first_item(body).as_object_mut() {
                o.remove("properties");
            }
        }
        Damage::BadDate => spoil_dates(first_item(body)),
        Damage::HostileName => {
            if let Some(name) = first_item(body).get_mut("name")
                && let Some(text) = name.as_str()
            {
                *name = Value::String(format!("{HOSTILE_PREFIX}{text}\u{202e}"));
            }
        }
        Damage::Truncate | Damage::Garbage | Damage::Empty => {}
    }
}

/// What the `hostile` fault puts before a name: a formula a spreadsheet
/// would run, an OSC 52 clipboard write, a screen clear and a window title.
pub const HOSTILE_PREFIX: &str =
    "=HYPERLINK(\"http://127.0.0.1:9\")\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{1b}]0;owned\u{7}";

/// A list's first item, or the resource itself when `body` is not a list.
fn first_item(body: &mut Value) -> &mut Value {
    if body
        .get("value")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
    {
        &mut body["value"][0]
    } else {
        body
    }
}

/// Every value under a key naming a time becomes unparsable.
fn spoil_dates(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, child) in o.iter_mut() {
                let k = k.to_ascii_lowercase();
                if child.is_string() && (k.contains("time") || k.contains("date") || k == "expiry")
                {
                    *child = Value::String("31/02/2027 25:61".into());
                } else {
                    spoil_dates(child);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(spoil_dates),
        _ => {}
    }
}

pub fn insert(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(name, v);
    }
}

pub fn render(result: ApiResult, delivery: Delivery, retry_after: u64) -> Response {
    let (status, body, headers) = match result {
        Ok(r) => (r.status, r.body, r.headers),
        Err(e) => {
            let mut headers = Vec::new();
            if matches!(e.status.as_u16(), 429 | 503) {
                headers.push(("Retry-After", retry_after.to_string()));
            }
            if e.status == StatusCode::UNAUTHORIZED {
                headers.push((
                    "WWW-Authenticate",
                    "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token is missing or invalid.\"".to_string(),
                ));
            }
            (e.status, Some(json::error(&e.code, &e.message)), headers)
        }
    };
    let bytes = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
    let has_body = !bytes.is_empty() && delivery != Delivery::Empty;
    let full_len = bytes.len();
    let body = match delivery {
        Delivery::Whole => Body::from(bytes),
        Delivery::Slow => Body::from_stream(paced(bytes, bytes_per_piece(full_len, 10), 100)),
        Delivery::Trickle => Body::from_stream(paced(bytes, 1, 1000)),
        Delivery::Reset | Delivery::Truncate => Body::from_stream(cut_short(bytes)),
        Delivery::Garbage => Body::from("<html><body>502 Bad Gateway</body>"),
        Delivery::Empty => Body::empty(),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let h = response.headers_mut();
    if has_body {
        h.insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    if delivery == Delivery::Truncate {
        // Promise the whole body, send half: the client sees an early end.
        insert(h, "content-length", &full_len.to_string());
    }
    for (name, value) in headers {
        insert(h, name, &value);
    }
    response
}

fn bytes_per_piece(len: usize, pieces: usize) -> usize {
    len.div_ceil(pieces).max(1)
}

/// Half the body, then a failed stream: hyper drops the connection.
fn cut_short(bytes: Bytes) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let half = bytes.slice(..bytes.len() / 2);
    stream::iter(vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected reset",
        )),
    ])
}

/// The body in pieces of `step` bytes, `pause_ms` apart.
fn paced(
    bytes: Bytes,
    step: usize,
    pause_ms: u64,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let pieces: Vec<Bytes> = (0..bytes.len())
        .step_by(step.max(1))
        .map(|i| bytes.slice(i..(i + step).min(bytes.len())))
        .collect();
    stream::unfold(pieces.into_iter(), move |mut it| async move {
        let piece = it.next()?;
        tokio::time::sleep(Duration::from_millis(pause_ms)).await;
        Some((Ok(piece), it))
    })
}

/// How long a hung answer waits before the emulator gives up on it itself.
pub const HANG: Duration = Duration::from_secs(300);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_json_keeps_nothing_a_client_could_guess_from() {
        let item = serde_json::json!({"name": "t", "properties": {"creationDate": "2026-01-01T00:00:00Z"}});
        let mut list = serde_json::json!({"value": [item.clone(), item.clone()]});
        let mut no_value = list.clone();
        damage_json(&mut no_value, Damage::NoValue);
        assert!(no_value.get("value").is_none());
        let mut no_props = list.clone();
        damage_json(&mut no_props, Damage::NoProperties);
        assert!(no_props["value"][0].get("properties").is_none());
        assert_eq!(no_props["value"][1], item, "only the first item is damaged");
        damage_json(&mut list, Damage::BadDate);
        assert_eq!(
            list["value"][0]["properties"]["creationDate"],
            "31/02/2027 25:61"
        );
        assert_eq!(list["value"][1], item);
        let mut single = item.clone();
        damage_json(&mut single, Damage::NoProperties);
        assert!(single.get("properties").is_none());
        damage_json(&mut single, Damage::HostileName);
        assert_eq!(single["name"], format!("{HOSTILE_PREFIX}t\u{202e}"));
    }

    #[test]
    fn foreign_links_point_elsewhere() {
        let reply =
            Reply::ok(serde_json::json!({"value": [], "nextLink": "http://127.0.0.1:5/x?a=1"}))
                .header("Azure-AsyncOperation", "http://127.0.0.1:5/op");
        let at = Rewrite {
            base: "http://127.0.0.1:5",
            foreign_origin: "http://127.0.0.1:9",
            path: "/x",
            query: None,
        };
        let out = rewrite(Ok(reply), Some(Fault::ForeignLinks), &at).unwrap();
        assert_eq!(out.body.unwrap()["nextLink"], "http://127.0.0.1:9/x?a=1");
        assert_eq!(out.headers[0].1, "http://127.0.0.1:9/op");
    }
}
