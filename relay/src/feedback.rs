//! What comes back after a handoff: outcome events in, metrics and stored packages out.
//!
//! - `POST /v1/outcomes`: one outcome event or an array of them, validated by the core
//!   (`Outcome::from_deserializer`), appended to the `outcomes` table (never updated) and
//!   answered `202 {accepted: n}` once committed. Same access rules as `POST /v1/handoffs`,
//!   and the inbox key (`X-Handoff-Inbox-Key`) is accepted too, for agent sidebars.
//!   An event without `conversation_id` but with the `handoff_id` of a stored package gets the
//!   package's conversation (`X-Handoff-Conversation-Id`, else the package id), so a sidebar
//!   that knows only the package can still rate it.
//! - `GET /v1/metrics?bucket=none|hour|day|week&max_buckets=366`: every stored event merged
//!   (`outcomes::merge`, arrival order), enriched from the stored packages (reasons, skill,
//!   handoff turn) where the events lack them, and aggregated by `metrics::compute`.
//! - `GET /v1/handoffs/{id}/package`: the stored package JSON, for helpdesk sidebars.
//!
//! The last two read like the inbox: loopback, or `X-Handoff-Inbox-Key`. No business rule
//! lives here: validation, merging and aggregation are the core's.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use handoff::core::decision::{Reason, Skill};
use handoff::core::metrics::{boundaries_for, compute, Interval, MetricsOptions};
use handoff::core::outcomes::{merge, Outcome};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::server::{
    answer, caller, check_origin, error, has_inbox_key, inbox_access, limited, ApiError, App,
};
use crate::store::StoredPackage;

/// The most events one `POST /v1/outcomes` may carry.
pub const MAX_EVENTS_PER_POST: usize = 1000;

fn unavailable(what: &str, e: String) -> ApiError {
    eprintln!("handoff-relay: {what}: {e}");
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "store_unavailable",
        "the store is unavailable; retry",
    )
}

/// The conversation an event about a stored package belongs to when the sender did not say.
pub fn conversation_of(package: &StoredPackage) -> String {
    package
        .conversation
        .clone()
        .unwrap_or_else(|| package.id.clone())
}

/// Validates one event with the core; `prefix` names its place in an array.
fn validate(value: &Value, prefix: &str) -> Result<Outcome, ApiError> {
    Outcome::from_deserializer(value).map_err(|e| {
        let field = match (prefix, e.field()) {
            ("", f) => f.map(str::to_string),
            (p, Some(f)) if !f.is_empty() => Some(format!("{p}.{f}")),
            (p, _) => Some(p.to_string()),
        };
        ApiError {
            field,
            ..error(StatusCode::BAD_REQUEST, e.code(), e.message().to_string())
        }
    })
}

/// `POST /v1/outcomes`.
pub async fn post_outcomes(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(async |cors| {
        limited(&app.client_limiter, &peer.ip().to_string(), "address")?;
        // Agent sidebars hold the inbox key rather than a site key (the Zendesk app reads the
        // package with it); it is the stronger credential, so it may post outcomes too.
        let by_inbox_key = has_inbox_key(&app, &headers);
        let site = if by_inbox_key {
            None
        } else {
            caller(&app, &peer, &headers)?
        };
        *cors = check_origin(&app, site, &headers)?;
        let site_name = match site {
            Some(s) => s.name.as_str(),
            None if by_inbox_key => "inbox",
            None => "local",
        };
        limited(&app.site_limiter, site_name, "site")?;
        if body.len() > app.config.max_package_bytes {
            return Err(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "outcome posts are limited to {} bytes",
                    app.config.max_package_bytes
                ),
            ));
        }
        let value: Value = serde_json::from_slice(&body).map_err(|e| {
            error(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("body is not JSON: {e}"),
            )
        })?;
        let (mut values, in_array) = match value {
            Value::Array(items) => (items, true),
            other => (vec![other], false),
        };
        if values.is_empty() {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "invalid_value",
                "send one outcome event or a non-empty array of them",
            ));
        }
        if values.len() > MAX_EVENTS_PER_POST {
            return Err(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("at most {MAX_EVENTS_PER_POST} events per post"),
            ));
        }
        fill_conversations(&app, site.map(|s| s.name.as_str()), &mut values).await?;
        let mut events = Vec::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            let prefix = if in_array {
                format!("[{i}]")
            } else {
                String::new()
            };
            if !v.is_object() {
                return Err(ApiError {
                    field: (!prefix.is_empty()).then_some(prefix),
                    ..error(
                        StatusCode::BAD_REQUEST,
                        "invalid_type",
                        "an outcome event is a JSON object",
                    )
                });
            }
            let outcome = validate(v, &prefix)?;
            // The normalised form is stored: unknown fields dropped, as the core reads it.
            events.push(serde_json::to_string(&outcome).map_err(|e| {
                error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    format!("encoding an outcome: {e}"),
                )
            })?);
        }
        let n = events.len();
        app.store
            .append_outcomes(site_name.to_string(), events)
            .await
            .map_err(|e| unavailable("storing outcomes", e))?;
        Ok((StatusCode::ACCEPTED, Json(json!({ "accepted": n }))).into_response())
    })
    .await
}

/// Gives events that name a stored package but no conversation the package's conversation.
/// A site sees only its own packages (as in `GET /v1/handoffs/{id}`).
async fn fill_conversations(
    app: &App,
    site: Option<&str>,
    values: &mut [Value],
) -> Result<(), ApiError> {
    let wanted: Vec<String> = values
        .iter()
        .filter(|v| v.get("conversation_id").is_none())
        .filter_map(|v| v.get("handoff_id").and_then(Value::as_str))
        .map(str::to_string)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let found = app
        .store
        .packages(wanted)
        .await
        .map_err(|e| unavailable("reading packages", e))?;
    let by_id: HashMap<&str, &StoredPackage> = found
        .iter()
        .filter(|p| site.is_none_or(|s| s == p.site))
        .map(|p| (p.id.as_str(), p))
        .collect();
    for v in values.iter_mut() {
        let Some(map) = v.as_object_mut() else {
            continue;
        };
        if map.contains_key("conversation_id") {
            continue;
        }
        let package = map
            .get("handoff_id")
            .and_then(Value::as_str)
            .and_then(|id| by_id.get(id));
        if let Some(p) = package {
            map.insert("conversation_id".into(), conversation_of(p).into());
        }
    }
    Ok(())
}

/// What a stored package says about its handoff: reasons (strongest first, each once), skill
/// and the turn it was handed off after.
pub fn handoff_facts(package: &Value) -> (Vec<Reason>, Option<Skill>, Option<usize>) {
    let decision = &package["decision"];
    let mut reasons = Vec::new();
    for r in decision["reasons"].as_array().into_iter().flatten() {
        if let Ok(reason) = serde_json::from_value::<Reason>(r["reason"].clone()) {
            if !reasons.contains(&reason) {
                reasons.push(reason);
            }
        }
    }
    let skill = serde_json::from_value::<Skill>(decision["skill"].clone()).ok();
    let turn = decision["turn"].as_u64().map(|t| t as usize);
    (reasons, skill, turn)
}

/// Fills what merged records lack (reasons, skill, handoff turn) from their stored packages.
/// What the events say always wins.
pub fn enrich(records: &mut [Outcome], packages: &[StoredPackage]) {
    let by_id: HashMap<&str, Value> = packages
        .iter()
        .filter_map(|p| Some((p.id.as_str(), serde_json::from_str(&p.package).ok()?)))
        .collect();
    for r in records.iter_mut() {
        let Some(package) = r.handoff_id.as_deref().and_then(|id| by_id.get(id)) else {
            continue;
        };
        let (reasons, skill, turn) = handoff_facts(package);
        if r.reasons.is_empty() {
            r.reasons = reasons;
        }
        if r.skill.is_none() {
            r.skill = skill;
        }
        if r.handoff_turn.is_none() {
            r.handoff_turn = turn;
        }
    }
}

/// The query of `GET /v1/metrics`; numbers are parsed by hand so a bad one gets the relay's
/// error body rather than the framework's.
#[derive(Deserialize)]
pub(crate) struct MetricsQuery {
    bucket: Option<String>,
    max_buckets: Option<String>,
}

/// `GET /v1/metrics`.
pub(crate) async fn get_metrics(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<MetricsQuery>,
) -> Response {
    answer(async |cors| {
        *cors = inbox_access(&app, &peer, &headers)?;
        let interval = match q.bucket.as_deref().unwrap_or("none") {
            "none" => None,
            other => Some(Interval::parse(other).map_err(|e| ApiError {
                field: Some("bucket".into()),
                ..error(
                    StatusCode::BAD_REQUEST,
                    e.code(),
                    "bucket must be none, hour, day or week",
                )
            })?),
        };
        let max_buckets = match q.max_buckets.as_deref() {
            None => 366,
            Some(text) => text.parse::<usize>().map_err(|_| ApiError {
                field: Some("max_buckets".into()),
                ..error(
                    StatusCode::BAD_REQUEST,
                    "invalid_value",
                    "max_buckets must be a whole number",
                )
            })?,
        }
        .clamp(1, 10_000);
        let texts = app
            .store
            .outcomes()
            .await
            .map_err(|e| unavailable("reading outcomes", e))?;
        // Stored events were validated on the way in; one that no longer reads (a newer
        // engine's field types) is skipped rather than failing every dashboard.
        let events: Vec<Outcome> = texts
            .iter()
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect();
        let mut records = merge(events);
        let ids: Vec<String> = records
            .iter()
            .filter(|r| r.reasons.is_empty() || r.skill.is_none() || r.handoff_turn.is_none())
            .filter_map(|r| r.handoff_id.clone())
            .collect();
        if !ids.is_empty() {
            let packages = app
                .store
                .packages(ids)
                .await
                .map_err(|e| unavailable("reading packages", e))?;
            enrich(&mut records, &packages);
        }
        let options = MetricsOptions {
            boundaries: interval
                .map(|i| boundaries_for(&records, i, max_buckets))
                .unwrap_or_default(),
            ..MetricsOptions::default()
        };
        let metrics = compute(&records, &options).map_err(|e| ApiError {
            field: e.field().map(str::to_string),
            ..error(StatusCode::BAD_REQUEST, e.code(), e.message().to_string())
        })?;
        Ok(Json(metrics).into_response())
    })
    .await
}

/// `GET /v1/handoffs/{id}/package`.
pub(crate) async fn get_package(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    answer(async |cors| {
        *cors = inbox_access(&app, &peer, &headers)?;
        let found = app
            .store
            .packages(vec![id])
            .await
            .map_err(|e| unavailable("reading a package", e))?;
        match found.into_iter().next() {
            // The package exactly as it was accepted.
            Some(p) => {
                Ok(([(header::CONTENT_TYPE, "application/json")], p.package).into_response())
            }
            None => Err(error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no package with this id",
            )),
        }
    })
    .await
}
