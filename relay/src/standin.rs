//! A local stand-in for each helpdesk API, for tests and demos. It checks every request body
//! against the vendor's schema (strict, see [`crate::vendor`]), answers as the vendor documents
//! (Zendesk `201 {"ticket": {"id": …}}` with `Location`, `GET /api/v2/tickets?external_id=`,
//! Sunshine `200 {}`, Intercom objects with ids, a webhook receiver that verifies signatures),
//! and can be told to fail: `429` with `Retry-After`, `503`, a delay, or a connection dropped
//! after the ticket was created (the ambiguous case). It counts how many times each package
//! id was *created*, so tests can assert exactly-once delivery.
//!
//! Zendesk replays the first answer for a repeated `Idempotency-Key`; the stand-in does too
//! unless `honour_idempotency` is off, which the fault tests turn off so that only the relay's
//! own look-up-before-retry protects against duplicates.

// Handlers return the error answer itself (`Result<_, Response>`); it is built once per request,
// so its size does not matter.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use handoff::core::helpdesk::webhook;
use handoff::core::helpdesk::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::vendor::{Body as Kind, VendorSchemas};

/// Faults to inject, on create-like requests (look-ups are never faulted, except by delay).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Probability of answering 429.
    pub rate_429: f64,
    /// Probability of answering 503.
    pub rate_5xx: f64,
    /// Probability of creating, then breaking the connection instead of answering.
    pub rate_drop: f64,
    /// The next this-many requests get 429.
    pub burst_429: u32,
    /// The next this-many requests get 503.
    pub burst_5xx: u32,
    /// The next this-many requests are created and then dropped.
    pub burst_drop: u32,
    /// Delay before handling each request, in milliseconds.
    pub delay_ms: u64,
    /// The `Retry-After` of 429 answers, in seconds.
    pub retry_after_s: u64,
}

/// What the stand-in has seen.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Distinct package ids created (tickets, webhook deliveries, passControls, conversations).
    pub distinct: usize,
    /// Creations in total (more than `distinct` means duplicates).
    pub created: usize,
    /// Package ids created more than once.
    pub duplicates: Vec<String>,
    /// 429 answers served.
    pub served_429: u64,
    /// 5xx answers served.
    pub served_5xx: u64,
    /// Connections dropped after creating.
    pub dropped: u64,
    /// Idempotency-Key replays served.
    pub replays: u64,
    /// Look-ups served.
    pub lookups: u64,
    /// Requests that failed the vendor schema or the signature check (first 20 messages).
    pub invalid: Vec<String>,
    /// Requests per route kind.
    pub requests: HashMap<String, u64>,
}

#[derive(Default)]
struct Data {
    next_id: i64,
    /// Package id to the ids of what was created for it, in order.
    created: HashMap<String, Vec<i64>>,
    idempotency: HashMap<String, Value>,
    /// Intercom conversations: (id, contact id, created_at in Unix seconds).
    conversations: Vec<(i64, String, i64)>,
    stats: Stats,
    invalid_total: usize,
}

/// The stand-in's shared state.
pub struct Standin {
    faults: Mutex<Faults>,
    data: Mutex<Data>,
    schemas: Option<Arc<VendorSchemas>>,
    honour_idempotency: bool,
    webhook_secret: Secret,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

enum Fault {
    None,
    TooMany(u64),
    Unavailable,
}

impl Standin {
    /// A stand-in. Without `schemas` (the vendor files are absent) bodies are not checked.
    pub fn new(
        schemas: Option<Arc<VendorSchemas>>,
        honour_idempotency: bool,
        webhook_secret: Secret,
    ) -> Standin {
        Standin {
            faults: Mutex::new(Faults {
                retry_after_s: 1,
                ..Faults::default()
            }),
            data: Mutex::new(Data {
                next_id: 1000,
                ..Data::default()
            }),
            schemas,
            honour_idempotency,
            webhook_secret,
        }
    }

    /// Replaces the faults.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.faults) = faults;
    }

    /// A snapshot of what was seen.
    pub fn stats(&self) -> Stats {
        let data = lock(&self.data);
        let mut stats = data.stats.clone();
        stats.distinct = data.created.len();
        stats.created = data.created.values().map(Vec::len).sum();
        stats.duplicates = data
            .created
            .iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(k, _)| k.clone())
            .collect();
        stats.duplicates.sort();
        stats
    }

    /// How many times `package_id` was created.
    pub fn created_count(&self, package_id: &str) -> usize {
        lock(&self.data).created.get(package_id).map_or(0, Vec::len)
    }

    fn count(&self, kind: &str) {
        *lock(&self.data)
            .stats
            .requests
            .entry(kind.to_string())
            .or_default() += 1;
    }

    fn fault(&self) -> Fault {
        let mut f = lock(&self.faults);
        let mut data = lock(&self.data);
        if f.burst_429 > 0 || fastrand::f64() < f.rate_429 {
            f.burst_429 = f.burst_429.saturating_sub(1);
            data.stats.served_429 += 1;
            return Fault::TooMany(f.retry_after_s);
        }
        if f.burst_5xx > 0 || fastrand::f64() < f.rate_5xx {
            f.burst_5xx = f.burst_5xx.saturating_sub(1);
            data.stats.served_5xx += 1;
            return Fault::Unavailable;
        }
        Fault::None
    }

    async fn delay(&self) {
        let ms = lock(&self.faults).delay_ms;
        if ms > 0 {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }

    fn invalid(&self, what: String) -> Response {
        let mut data = lock(&self.data);
        data.invalid_total += 1;
        if data.stats.invalid.len() < 20 {
            data.stats.invalid.push(what.clone());
        }
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "RecordInvalid", "description": what})),
        )
            .into_response()
    }

    /// Validates a body against the vendor schema; `Err` is the 422 answer.
    fn check(&self, kind: Kind, body: &Bytes) -> Result<Value, Response> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| self.invalid(format!("{kind:?}: not JSON: {e}")))?;
        if let Some(schemas) = &self.schemas {
            if let Err(errors) = schemas.check(kind, &value) {
                return Err(self.invalid(format!("{kind:?}: {}", errors.join("; "))));
            }
        }
        Ok(value)
    }

    /// Records a creation for `package_id`; returns the new object's id.
    fn create(&self, package_id: &str) -> i64 {
        let mut data = lock(&self.data);
        data.next_id += 1;
        let id = data.next_id;
        data.created
            .entry(package_id.to_string())
            .or_default()
            .push(id);
        id
    }

    /// Total schema failures (the `invalid` list keeps only the first 20).
    pub fn invalid_total(&self) -> usize {
        lock(&self.data).invalid_total
    }
}

fn fault_response(fault: Fault) -> Option<Response> {
    match fault {
        Fault::None => None,
        Fault::TooMany(seconds) => {
            let mut r = (
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({"error": "TooManyRequests"})),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                r.headers_mut().insert("retry-after", v);
            }
            Some(r)
        }
        Fault::Unavailable => Some(
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "ServiceUnavailable"})),
            )
                .into_response(),
        ),
    }
}

/// A response that breaks the connection after the status line: the client cannot know whether
/// the request took effect.
fn dropped(status: StatusCode) -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("dropped by the stand-in"))
    });
    (status, Body::from_stream(stream)).into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Basic ") || v.starts_with("Bearer "))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "Couldn't authenticate you"})),
    )
        .into_response()
}

/// The stand-in's routes.
pub fn router(state: Arc<Standin>) -> Router {
    Router::new()
        .route("/api/v2/tickets", post(zendesk_create).get(zendesk_list))
        .route(
            "/sc/v2/apps/{app}/conversations/{conv}/passControl",
            post(sunshine_pass),
        )
        .route(
            "/v2/apps/{app}/conversations/{conv}/passControl",
            post(sunshine_pass),
        )
        .route("/conversations", post(intercom_create))
        .route("/conversations/search", post(intercom_search))
        .route("/conversations/{id}", axum::routing::put(intercom_update))
        .route("/conversations/{id}/reply", post(intercom_reply))
        .route("/conversations/{id}/tags", post(intercom_tag))
        .route("/conversations/{id}/parts", post(intercom_parts))
        .route("/webhook", post(webhook_post))
        .route("/webhook/{id}", get(webhook_get))
        .route("/_standin/stats", get(stats))
        .route("/_standin/faults", post(set_faults))
        .with_state(state)
}

/// Starts a stand-in on `127.0.0.1:0` in the current runtime.
pub async fn spawn(state: Arc<Standin>) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(state)).await;
    });
    Ok(addr)
}

async fn zendesk_create(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let value = match s
        .admit_write("zendesk_create", Kind::ZendeskTicketCreate, &headers, &body)
        .await
    {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if s.honour_idempotency {
        if let Some(previous) = key
            .as_ref()
            .and_then(|k| lock(&s.data).idempotency.get(k).cloned())
        {
            lock(&s.data).stats.replays += 1;
            let mut r = (StatusCode::CREATED, Json(previous)).into_response();
            r.headers_mut()
                .insert("x-idempotency-lookup", HeaderValue::from_static("hit"));
            return r;
        }
    }
    let external = value
        .pointer("/ticket/external_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let id = s.create(&external);
    let ticket = json!({"ticket": {"id": id, "external_id": external, "status": "new",
        "subject": value.pointer("/ticket/subject"), "priority": value.pointer("/ticket/priority"),
        "tags": value.pointer("/ticket/tags"), "url": format!("https://example.zendesk.com/api/v2/tickets/{id}.json")}});
    if let Some(k) = key {
        lock(&s.data).idempotency.insert(k, ticket.clone());
    }
    // A drop happens after creating, like an answer lost on the way back.
    if s.drop_now() {
        return dropped(StatusCode::CREATED);
    }
    let mut r = (StatusCode::CREATED, Json(ticket)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "https://example.zendesk.com/api/v2/tickets/{id}.json"
    )) {
        r.headers_mut().insert("location", v);
    }
    r
}

impl Standin {
    /// Whether to drop this request's answer (after it took effect).
    fn drop_now(&self) -> bool {
        let mut f = lock(&self.faults);
        if f.burst_drop > 0 || fastrand::f64() < f.rate_drop {
            f.burst_drop = f.burst_drop.saturating_sub(1);
            lock(&self.data).stats.dropped += 1;
            return true;
        }
        false
    }
}

#[derive(Deserialize)]
struct ListQuery {
    external_id: Option<String>,
}

async fn zendesk_list(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    if let Err(r) = s.admit("zendesk_list", &headers).await {
        return r;
    }
    let mut data = lock(&s.data);
    data.stats.lookups += 1;
    let tickets: Vec<Value> = match &q.external_id {
        Some(ext) => data
            .created
            .get(ext)
            .map(|ids| {
                ids.iter()
                    .map(|id| json!({"id": id, "external_id": ext, "status": "new"}))
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let count = tickets.len();
    Json(json!({"tickets": tickets, "count": count, "next_page": null, "previous_page": null}))
        .into_response()
}

async fn sunshine_pass(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    Path((_app, conv)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let value = match s
        .admit_write(
            "sunshine_pass_control",
            Kind::SunshinePassControl,
            &headers,
            &body,
        )
        .await
    {
        Ok(v) => v,
        Err(r) => return r,
    };
    let id = value
        .pointer("/metadata/handoff_package_id")
        .and_then(Value::as_str)
        .unwrap_or(&conv)
        .to_string();
    s.create(&id);
    Json(json!({})).into_response()
}

impl Standin {
    /// The prologue every vendor endpoint shares: counts the call, waits the configured delay
    /// and checks the credential.
    async fn admit(&self, label: &str, headers: &HeaderMap) -> Result<(), Response> {
        self.count(label);
        self.delay().await;
        if authorized(headers) {
            Ok(())
        } else {
            Err(unauthorized())
        }
    }

    /// [`Standin::admit`] for a write: then applies the configured fault, and checks the body
    /// against the vendor's schema, returning it parsed.
    async fn admit_write(
        &self,
        label: &str,
        kind: Kind,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<Value, Response> {
        self.admit(label, headers).await?;
        if let Some(r) = fault_response(self.fault()) {
            return Err(r);
        }
        self.check(kind, body)
    }
}

async fn intercom_create(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match s
        .admit_write(
            "intercom_create",
            Kind::IntercomCreateConversation,
            &headers,
            &body,
        )
        .await
    {
        Ok(v) => {
            let contact = v
                .pointer("/from/id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let id = s.create(&format!("conversation-of:{contact}"));
            let now = crate::now_ms() / 1000;
            lock(&s.data).conversations.push((id, contact, now));
            if s.drop_now() {
                return dropped(StatusCode::OK);
            }
            Json(
                json!({"type": "user_message", "id": (id * 7).to_string(), "created_at": now,
                "body": v["body"], "message_type": "inapp", "conversation_id": id.to_string()}),
            )
            .into_response()
        }
        Err(r) => r,
    }
}

/// `POST /conversations/search`, for the two filters the relay sends (`contact_ids =` and
/// `created_at >`, joined by AND); other filters are ignored.
async fn intercom_search(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = s.admit("intercom_search", &headers).await {
        return r;
    }
    let query = match s.check(Kind::IntercomSearch, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let filters = query
        .pointer("/query/value")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let find = |field: &str| {
        filters
            .iter()
            .find(|f| f["field"] == field)
            .map(|f| f["value"].clone())
    };
    let contact = find("contact_ids").and_then(|v| v.as_str().map(str::to_string));
    let since = find("created_at")
        .and_then(|v| v.as_i64())
        .unwrap_or(i64::MIN);
    let mut data = lock(&s.data);
    data.stats.lookups += 1;
    let found: Vec<Value> = data
        .conversations
        .iter()
        .filter(|(_, c, at)| Some(c) == contact.as_ref() && *at > since)
        .map(|(id, _, at)| json!({"type": "conversation", "id": id.to_string(), "created_at": at}))
        .collect();
    let total = found.len();
    Json(json!({"type": "conversation.list", "conversations": found, "total_count": total}))
        .into_response()
}

async fn intercom_reply(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match s
        .admit_write("intercom_reply", Kind::IntercomAdminReply, &headers, &body)
        .await
    {
        Ok(v) => {
            // The note carries the handoff id; count notes per conversation.
            s.create(&format!("note:{id}"));
            Json(json!({"type": "conversation", "id": id, "body": v["body"]})).into_response()
        }
        Err(r) => r,
    }
}

async fn intercom_update(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match s
        .admit_write(
            "intercom_update",
            Kind::IntercomUpdateConversation,
            &headers,
            &body,
        )
        .await
    {
        Ok(v) => Json(
            json!({"type": "conversation", "id": id, "custom_attributes": v["custom_attributes"]}),
        )
        .into_response(),
        Err(r) => r,
    }
}

async fn intercom_tag(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    Path(_id): Path<String>,
    body: Bytes,
) -> Response {
    match s
        .admit_write("intercom_tag", Kind::IntercomTag, &headers, &body)
        .await
    {
        Ok(v) => Json(json!({"type": "tag", "id": v["id"], "name": "tag"})).into_response(),
        Err(r) => r,
    }
}

async fn intercom_parts(
    State(s): State<Arc<Standin>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match s
        .admit_write("intercom_assign", Kind::IntercomAssign, &headers, &body)
        .await
    {
        Ok(v) => {
            Json(json!({"type": "conversation", "id": id, "team_assignee_id": v["assignee_id"]}))
                .into_response()
        }
        Err(r) => r,
    }
}

async fn webhook_post(State(s): State<Arc<Standin>>, headers: HeaderMap, body: Bytes) -> Response {
    s.count("webhook");
    s.delay().await;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let text = String::from_utf8_lossy(&body);
    let timestamp: u64 = header("x-handoff-timestamp").parse().unwrap_or(0);
    if !webhook::verify(
        &s.webhook_secret,
        timestamp,
        &text,
        &header("x-handoff-signature"),
    ) {
        return s.invalid("webhook: bad signature".into());
    }
    if let Some(r) = fault_response(s.fault()) {
        return r;
    }
    let id = header("x-handoff-id");
    if serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string))
        != Some(id.clone())
    {
        return s.invalid("webhook: X-Handoff-Id does not match the package id".into());
    }
    let n = s.create(&id);
    if s.drop_now() {
        return dropped(StatusCode::OK);
    }
    Json(json!({"id": format!("wh-{n}")})).into_response()
}

async fn webhook_get(State(s): State<Arc<Standin>>, Path(id): Path<String>) -> Response {
    s.count("webhook_lookup");
    s.delay().await;
    let mut data = lock(&s.data);
    data.stats.lookups += 1;
    match data.created.get(&id).and_then(|v| v.first()) {
        Some(n) => Json(json!({"id": format!("wh-{n}")})).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({"error": "not found"}))).into_response(),
    }
}

async fn stats(State(s): State<Arc<Standin>>) -> Json<Stats> {
    Json(s.stats())
}

async fn set_faults(State(s): State<Arc<Standin>>, Json(faults): Json<Faults>) -> StatusCode {
    s.set_faults(faults);
    StatusCode::NO_CONTENT
}
