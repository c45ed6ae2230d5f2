//! The Intercom Canvas Kit app (issue 6): a conversation-details card that shows the agent the
//! handoff package at a glance and lets them rate the handoff's timing.
//!
//! - `POST /v1/intercom/canvas/initialize`: answers `initialize_response` (`{canvas: {content:
//!   {components}, stored_data}}`) for the conversation's package: reasons with the message each
//!   fired in, the summary, what the bot tried and how it went, page and section with the trail,
//!   customer data, the sentiment trend as text, and four rating buttons (submit actions).
//! - `POST /v1/intercom/canvas/submit`: records the rating as an outcome event (the same table as
//!   `POST /v1/outcomes`) and answers a canvas confirming it.
//!
//! Every request must carry `X-Body-Signature`, the hex HMAC-SHA256 of the raw body keyed with
//! `intercom_canvas.client_secret` (checked in constant time); without that configuration the
//! endpoints answer 404 `not_configured`. The package is found by the conversation's custom
//! attribute `handoff_package_id` (set by the widget), else by the conversation id stored with
//! the package (`X-Handoff-Conversation-Id`).
//!
//! Canvas `text` components render Markdown, so every customer-derived string goes through
//! [`escape_markdown`]; texts are clipped so a canvas stays under Intercom's 64 KB limit. The
//! canvas builders are pure functions of the package, tested without HTTP.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use handoff::core::outcomes::{format_rfc3339, Outcome, Verdict};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::feedback::conversation_of;
use crate::server::{error, limited, ApiError, App};
use crate::store::StoredPackage;

/// Intercom's limit for a canvas's content.
pub const MAX_CONTENT_BYTES: usize = 64 * 1024;

/// Customer-derived texts are clipped to this many characters before escaping.
const CLIP_CHARS: usize = 280;

/// At most this many reasons, tried solutions and trail entries are shown.
const MAX_ITEMS: usize = 8;

/// Whether `signature` (hex) is the HMAC-SHA256 of `body` keyed with `secret`.
pub fn signature_valid(secret: &[u8], body: &[u8], signature: &str) -> bool {
    let Some(expected) = decode_hex(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    s.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// Escapes Markdown so customer text is shown as typed: every character Markdown may treat as
/// syntax gets a backslash, line breaks become spaces (a blank line would start a new block),
/// and other control characters are dropped.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '<' | '>' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Clips to [`CLIP_CHARS`] characters (with an ellipsis) and escapes.
fn clip(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= CLIP_CHARS {
        return escape_markdown(text);
    }
    let cut: String = text.chars().take(CLIP_CHARS - 1).collect();
    format!("{}…", escape_markdown(cut.trim_end()))
}

/// A score with a true minus sign and two decimals (`−0.62`, `0.10`).
pub fn signed(x: f64) -> String {
    let abs = format!("{:.2}", x.abs());
    if x < 0.0 && abs != "0.00" {
        format!("\u{2212}{abs}")
    } else {
        abs
    }
}

/// The sentiment trend as text: `−0.55 → −0.62, falling` (first and last customer message;
/// a change of 0.05 or less is `steady`). `None` without points.
pub fn sentiment_trend(points: &[(u64, f64)]) -> Option<String> {
    let (first, last) = (points.first()?.1, points.last()?.1);
    if points.len() == 1 {
        return Some(signed(first));
    }
    let delta = last - first;
    let word = if delta < -0.05 {
        "falling"
    } else if delta > 0.05 {
        "rising"
    } else {
        "steady"
    };
    Some(format!(
        "{} \u{2192} {}, {word}",
        signed(first),
        signed(last)
    ))
}

fn text(s: String) -> Value {
    json!({"type": "text", "text": s})
}

fn muted(s: String) -> Value {
    json!({"type": "text", "text": s, "style": "muted"})
}

fn heading(s: &str) -> Value {
    json!({"type": "text", "text": format!("**{s}**"), "bottom_margin": "none"})
}

fn divider() -> Value {
    json!({"type": "divider"})
}

/// A reason's label (`explicit_request` → `Explicit request`).
fn label(code: &str) -> String {
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The message `index` of the transcript, when the package kept it.
fn message_text(package: &Value, index: u64) -> Option<&str> {
    package["transcript"]["messages"]
        .as_array()?
        .iter()
        .find(|m| m["index"].as_u64() == Some(index))
        .and_then(|m| str_of(m, "text"))
}

/// The rating buttons.
fn rating_buttons() -> Vec<Value> {
    Verdict::ALL
        .iter()
        .map(|v| {
            let name = label(v.as_str());
            let style = if *v == Verdict::RightTime {
                "primary"
            } else {
                "secondary"
            };
            json!({"type": "button", "id": format!("rate_{}", v.as_str()), "label": name,
                   "style": style, "action": {"type": "submit"}})
        })
        .collect()
}

fn canvas(components: Vec<Value>, stored: Option<Value>) -> Value {
    let mut canvas = json!({"content": {"components": components}});
    if let Some(stored) = stored {
        canvas["stored_data"] = stored;
    }
    canvas
}

fn stored_data(package_id: &str, conversation: &str) -> Value {
    json!({"handoff_id": package_id, "conversation_id": conversation})
}

/// The canvas when no package is known for the conversation.
pub fn not_found_canvas() -> Value {
    canvas(
        vec![
            heading("Handoff"),
            muted(
                "No handoff package was found for this conversation: it was not handed over \
                 by the bot, or the relay has not received it yet."
                    .into(),
            ),
        ],
        None,
    )
}

/// The card for a package: everything the agent needs at a glance, then the rating buttons.
/// `conversation` is stored in the canvas so `submit` can record the rating against it.
pub fn package_canvas(package: &Value, conversation: &str) -> Value {
    let id = package["id"].as_str().unwrap_or("");
    let decision = &package["decision"];
    let mut c = Vec::new();

    let mut title = String::from("Handoff");
    if let Some(skill) = str_of(decision, "skill") {
        title += &format!(" · {}", escape_markdown(&label(skill)));
    }
    if let Some(priority) = str_of(decision, "priority") {
        title += &format!(" · {} priority", escape_markdown(priority));
    }
    c.push(json!({"type": "text", "text": title, "style": "header"}));
    if let Some(explanation) = str_of(decision, "explanation") {
        c.push(text(clip(explanation)));
    }

    // Reasons, each with the message it fired in.
    let reasons = decision["reasons"].as_array().cloned().unwrap_or_default();
    if !reasons.is_empty() {
        c.push(divider());
        c.push(heading("Why"));
        for r in reasons.iter().take(MAX_ITEMS) {
            let name = label(r["reason"].as_str().unwrap_or("unknown"));
            let index = r["message_index"].as_u64();
            let quote = index
                .and_then(|i| message_text(package, i))
                .or_else(|| str_of(r, "evidence"))
                .map(clip);
            let at = index.map_or(String::new(), |i| format!(" in message {}", i + 1));
            let line = match quote {
                Some(q) => format!("**{}**{at}: “{q}”", escape_markdown(&name)),
                None => format!("**{}**{at}", escape_markdown(&name)),
            };
            c.push(text(line));
        }
        if reasons.len() > MAX_ITEMS {
            c.push(muted(format!("and {} more", reasons.len() - MAX_ITEMS)));
        }
    }

    // The summary and the facts it found.
    let summary = &package["summary"];
    if let Some(problem) = str_of(summary, "problem") {
        c.push(divider());
        c.push(heading("Summary"));
        c.push(text(clip(problem)));
        let facts = &summary["facts"];
        let mut found = Vec::new();
        for (key, name) in [
            ("order_numbers", "Orders"),
            ("invoice_numbers", "Invoices"),
            ("error_codes", "Errors"),
        ] {
            let items: Vec<&str> = facts[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if !items.is_empty() {
                found.push(format!("{name}: {}", clip(&items.join(", "))));
            }
        }
        if let Some(plan) = str_of(facts, "plan") {
            found.push(format!("Plan: {}", clip(plan)));
        }
        if !found.is_empty() {
            c.push(muted(found.join(" · ")));
        }
    }

    // What the bot tried and how it went.
    let tried = package["attempted_solutions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !tried.is_empty() {
        c.push(divider());
        c.push(heading("Tried"));
        for t in tried.iter().take(MAX_ITEMS) {
            let outcome = match t["outcome"].as_str() {
                Some("failed") => "did not help",
                Some("worked") => "worked",
                Some("no_answer") => "no answer",
                _ => "unclear",
            };
            let kind = t["kind"].as_str().unwrap_or("suggestion");
            c.push(text(format!(
                "{} ({kind}): **{outcome}**",
                clip(t["text"].as_str().unwrap_or(""))
            )));
        }
        if tried.len() > MAX_ITEMS {
            c.push(muted(format!("and {} more", tried.len() - MAX_ITEMS)));
        }
    }

    // Where the customer was.
    let page = &package["page"];
    let place: Vec<String> = ["section", "title", "url"]
        .iter()
        .filter_map(|k| str_of(page, k))
        .map(clip)
        .collect();
    if !place.is_empty() {
        c.push(divider());
        c.push(heading("Page"));
        c.push(text(place.join(" · ")));
        let trail: Vec<String> = page["trail"]
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .take(MAX_ITEMS)
            .filter_map(|t| {
                str_of(t, "section")
                    .or_else(|| str_of(t, "title"))
                    .or_else(|| str_of(t, "url"))
            })
            .map(clip)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !trail.is_empty() {
            c.push(muted(format!("Trail: {}", trail.join(" → "))));
        }
        if let Some(click) = str_of(page, "last_click") {
            c.push(muted(format!("Last click: {}", clip(click))));
        }
    }

    // Who the customer is.
    let customer = &package["customer"];
    let mut who = Vec::new();
    for (key, name) in [
        ("name", ""),
        ("tier", "tier "),
        ("plan", "plan "),
        ("language", "language "),
    ] {
        if let Some(v) = str_of(customer, key) {
            who.push(format!("{name}{}", clip(v)));
        }
    }
    if let Some(days) = customer["tenure_days"].as_u64() {
        who.push(format!("customer for {days} days"));
    }
    if let Some(open) = customer["open_tickets"].as_u64() {
        who.push(format!("{open} open tickets"));
    }
    if let Some(cid) = str_of(customer, "id") {
        who.push(format!("id {}", clip(cid)));
    }
    if !who.is_empty() {
        c.push(divider());
        c.push(heading("Customer"));
        c.push(text(who.join(" · ")));
    }

    // Sentiment over the conversation.
    let points: Vec<(u64, f64)> = package["sentiment_trajectory"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p[0].as_u64()?, p[1].as_f64()?)))
        .collect();
    if let Some(trend) = sentiment_trend(&points) {
        c.push(divider());
        c.push(heading("Sentiment"));
        c.push(text(trend));
    }

    c.push(divider());
    c.push(heading("Was this handoff at the right time?"));
    c.extend(rating_buttons());
    if !id.is_empty() {
        c.push(muted(format!("Package {}", escape_markdown(id))));
    }
    let full = canvas(c, Some(stored_data(id, conversation)));
    if content_size(&full) <= MAX_CONTENT_BYTES {
        return full;
    }
    // Unreachable with the clipping above for schema-valid packages; kept as a guarantee.
    let mut short = vec![muted(
        "The package is too large to show here; open it in the relay's inbox.".into(),
    )];
    short.extend(rating_buttons());
    canvas(short, Some(stored_data(id, conversation)))
}

/// The canvas after a rating.
pub fn rated_canvas(verdict: Verdict, package_id: &str, conversation: &str) -> Value {
    let mut c = vec![
        heading("Handoff rated"),
        text(format!(
            "Recorded: **{}**. Thank you; this tunes when the bot hands over.",
            label(verdict.as_str())
        )),
        muted("Change the rating:".into()),
    ];
    c.extend(rating_buttons());
    canvas(c, Some(stored_data(package_id, conversation)))
}

/// The size in bytes of a canvas's content (and stored data) as sent.
pub fn content_size(canvas: &Value) -> usize {
    canvas.to_string().len()
}

/// Checks that the canvas endpoints are configured and the body is signed with the secret.
fn verify(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let Some(config) = &app.config.intercom_canvas else {
        return Err(error(
            StatusCode::NOT_FOUND,
            "not_configured",
            "the Intercom canvas app is not configured on this relay",
        ));
    };
    let signature = headers
        .get("x-body-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !signature_valid(config.client_secret.expose().as_bytes(), body, signature) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_signature",
            "X-Body-Signature does not match the body",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("body is not JSON: {e}"),
        )
    })
}

fn unavailable(e: String) -> ApiError {
    eprintln!("handoff-relay: canvas: {e}");
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "store_unavailable",
        "the store is unavailable; retry",
    )
}

/// The Intercom conversation id of a request: `conversation.id`, else `context.conversation_id`.
fn intercom_conversation(request: &Value) -> Option<String> {
    match (
        &request["conversation"]["id"],
        &request["context"]["conversation_id"],
    ) {
        (Value::String(s), _) if !s.is_empty() => Some(s.clone()),
        (Value::Number(n), _) | (_, Value::Number(n)) => Some(n.to_string()),
        (_, Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Finds the package for a request: `preferred` (the id a previous canvas stored), the
/// conversation's `handoff_package_id` attribute, then the stored conversation id.
async fn find_package(
    app: &App,
    request: &Value,
    preferred: Option<&str>,
) -> Result<Option<StoredPackage>, ApiError> {
    let attribute = request["conversation"]["custom_attributes"]["handoff_package_id"].as_str();
    for id in [preferred, attribute].into_iter().flatten() {
        if id.is_empty() {
            continue;
        }
        let found = app
            .store
            .packages(vec![id.to_string()])
            .await
            .map_err(unavailable)?;
        if let Some(p) = found.into_iter().next() {
            return Ok(Some(p));
        }
    }
    match intercom_conversation(request) {
        Some(conversation) => app
            .store
            .by_conversation(conversation)
            .await
            .map_err(unavailable),
        None => Ok(None),
    }
}

/// The conversation a rating is recorded against: the one stored with the package, else the
/// Intercom conversation, else the package id (as `POST /v1/outcomes` does).
fn rating_conversation(package: &StoredPackage, request: &Value) -> String {
    match (&package.conversation, intercom_conversation(request)) {
        (Some(c), _) => c.clone(),
        (None, Some(c)) => c,
        (None, None) => conversation_of(package),
    }
}

fn client_limit(app: &App, peer: &SocketAddr) -> Result<(), ApiError> {
    limited(&app.client_limiter, &peer.ip().to_string(), "address")
}

/// `POST /v1/intercom/canvas/initialize`.
pub async fn initialize(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result: Result<Response, ApiError> = async {
        client_limit(&app, &peer)?;
        let request = verify(&app, &headers, &body)?;
        let canvas = match find_package(&app, &request, None).await? {
            None => not_found_canvas(),
            Some(stored) => {
                let conversation = rating_conversation(&stored, &request);
                match serde_json::from_str::<Value>(&stored.package) {
                    Ok(package) => package_canvas(&package, &conversation),
                    Err(_) => not_found_canvas(),
                }
            }
        };
        Ok::<_, ApiError>(Json(json!({ "canvas": canvas })).into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /v1/intercom/canvas/submit`.
pub async fn submit(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result: Result<Response, ApiError> = async {
        client_limit(&app, &peer)?;
        let request = verify(&app, &headers, &body)?;
        let component = request["component_id"].as_str().unwrap_or("");
        let verdict = component
            .strip_prefix("rate_")
            .and_then(|name| Verdict::ALL.into_iter().find(|v| v.as_str() == name))
            .ok_or_else(|| ApiError {
                field: Some("component_id".into()),
                ..error(
                    StatusCode::BAD_REQUEST,
                    "invalid_value",
                    "component_id is not one of this app's rating buttons",
                )
            })?;
        let stored = request["current_canvas"]["current_canvas"]["stored_data"]["handoff_id"]
            .as_str()
            .map(str::to_string);
        let Some(package) = find_package(&app, &request, stored.as_deref()).await? else {
            return Ok(Json(json!({ "canvas": not_found_canvas() })).into_response());
        };
        let conversation = rating_conversation(&package, &request);
        let outcome = Outcome {
            conversation_id: conversation.clone(),
            handoff_id: Some(package.id.clone()),
            ts: Some(format_rfc3339(crate::now_ms().div_euclid(1000))),
            verdict: Some(verdict),
            ..Outcome::default()
        };
        outcome.validate().map_err(|e| ApiError {
            field: e.field().map(str::to_string),
            ..error(StatusCode::BAD_REQUEST, e.code(), e.message().to_string())
        })?;
        let event = serde_json::to_string(&outcome).map_err(|e| unavailable(e.to_string()))?;
        app.store
            .append_outcomes("intercom".into(), vec![event])
            .await
            .map_err(unavailable)?;
        let canvas = rated_canvas(verdict, &package.id, &conversation);
        Ok(Json(json!({ "canvas": canvas })).into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(
            escape_markdown("**hi** [x](http://e.vil)\n# h"),
            r"\*\*hi\*\* \[x\]\(http://e\.vil\) \# h"
        );
        assert_eq!(escape_markdown("plain words"), "plain words");
        assert_eq!(escape_markdown("a\u{7}b"), "ab");
    }

    #[test]
    fn trends_and_signs() {
        assert_eq!(
            sentiment_trend(&[(0, -0.2), (3, -0.7)]).as_deref(),
            Some("\u{2212}0.20 \u{2192} \u{2212}0.70, falling")
        );
        assert_eq!(
            sentiment_trend(&[(0, -0.5), (2, 0.3)]).as_deref(),
            Some("\u{2212}0.50 \u{2192} 0.30, rising")
        );
        assert_eq!(
            sentiment_trend(&[(0, 0.1), (2, 0.12)]).as_deref(),
            Some("0.10 \u{2192} 0.12, steady")
        );
        assert_eq!(sentiment_trend(&[]), None);
        assert_eq!(signed(-0.001), "0.00");
    }

    #[test]
    fn signatures() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"key").unwrap();
        mac.update(b"body");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(signature_valid(b"key", b"body", &hex));
        assert!(signature_valid(b"key", b"body", &hex.to_uppercase()));
        assert!(!signature_valid(b"key", b"body!", &hex));
        assert!(!signature_valid(b"other", b"body", &hex));
        assert!(!signature_valid(b"key", b"body", "zz"));
        assert!(!signature_valid(b"key", b"body", ""));
    }
}
