//! The relay's HTTP API (axum):
//!
//! - `POST /v1/handoffs`: a package. Checks, in order: who is calling (a site key in
//!   `X-Handoff-Key`, or a loopback address when no sites are configured), the `Origin` (when a
//!   browser sends one), rate limits (per site and per client address), size, then the package
//!   itself. Answers `202 {id, status}` only after the package is committed to SQLite; the
//!   package id is the idempotency key, so a retried post answers 202 with the existing status.
//! - `GET /v1/handoffs/{id}`: delivery status.
//! - `GET /v1/inbox`: the newest packages (loopback, or `X-Handoff-Inbox-Key`).
//! - `OPTIONS` on each: CORS preflight, for configured origins only.
//! - `POST /v1/outcomes`, `GET /v1/metrics`, `GET /v1/handoffs/{id}/package`: see
//!   [`crate::feedback`]; `POST /v1/intercom/canvas/*`: see [`crate::canvas`].
//! - `GET /healthz`.
//!
//! Errors are `{"error": {"code", "message", "field"?}}` with stable codes. No response or log
//! line contains a secret.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use handoff::core::helpdesk::{Json as CoreJson, PackageView};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Notify;

use crate::config::{Config, Destination, Site};
use crate::ratelimit::Limiter;
use crate::store::{Accepted, Store};
use crate::{canvas, feedback};

/// Shared state of the HTTP handlers.
pub struct App {
    pub(crate) config: Config,
    pub(crate) store: Store,
    wake: Arc<Notify>,
    pub(crate) site_limiter: Limiter,
    pub(crate) client_limiter: Limiter,
    validator: Option<jsonschema::Validator>,
}

impl App {
    /// The handlers' state. `validator` checks packages against the package JSON Schema.
    pub fn new(
        config: Config,
        store: Store,
        wake: Arc<Notify>,
        validator: Option<jsonschema::Validator>,
    ) -> App {
        let r = &config.rate_limits;
        App {
            site_limiter: Limiter::new(r.per_site_per_sec, r.per_site_burst),
            client_limiter: Limiter::new(r.per_client_per_sec, r.per_client_burst),
            config,
            store,
            wake,
            validator,
        }
    }
}

/// An API error.
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) field: Option<String>,
    pub(crate) retry_after: Option<u64>,
}

pub(crate) fn error(
    status: StatusCode,
    code: &'static str,
    message: impl Into<String>,
) -> ApiError {
    ApiError {
        status,
        code,
        message: message.into(),
        field: None,
        retry_after: None,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"code": self.code, "message": self.message});
        if let Some(field) = self.field {
            body["field"] = field.into();
        }
        let mut response = (self.status, Json(json!({ "error": body }))).into_response();
        if let Some(seconds) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response
    }
}

/// Builds the router.
pub fn router(app: Arc<App>) -> Router {
    let limit = app.config.max_package_bytes * 2 + 1024;
    Router::new()
        .route(
            "/v1/handoffs",
            get(not_allowed).post(post_handoff).options(preflight),
        )
        .route("/v1/handoffs/{id}", get(get_handoff).options(preflight))
        .route("/v1/inbox", get(get_inbox).options(preflight))
        .route(
            "/v1/handoffs/{id}/package",
            get(feedback::get_package).options(preflight),
        )
        .route(
            "/v1/outcomes",
            post(feedback::post_outcomes).options(preflight),
        )
        .route("/v1/metrics", get(feedback::get_metrics).options(preflight))
        .route("/v1/intercom/canvas/initialize", post(canvas::initialize))
        .route("/v1/intercom/canvas/submit", post(canvas::submit))
        .route("/healthz", get(health))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}

async fn not_allowed() -> ApiError {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "use POST to submit a package",
    )
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Who is calling: the site for a valid key, or `local` for loopback when no sites exist.
pub(crate) fn caller<'a>(
    app: &'a App,
    peer: &SocketAddr,
    headers: &HeaderMap,
) -> Result<Option<&'a Site>, ApiError> {
    if app.config.sites.is_empty() {
        if peer.ip().is_loopback() {
            return Ok(None);
        }
        return Err(error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "no site keys are configured: only loopback clients may use this relay",
        ));
    }
    let key = headers
        .get("x-handoff-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    app.config
        .sites
        .iter()
        .find(|s| constant_time_eq(s.key.expose().as_bytes(), key.as_bytes()))
        .map(Some)
        .ok_or_else(|| {
            error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "missing or unknown X-Handoff-Key",
            )
        })
}

/// The origins allowed for a caller (every configured site's when unknown, for preflight).
fn origin_allowed(app: &App, site: Option<&Site>, origin: &str) -> bool {
    match site {
        Some(site) => site.origins.iter().any(|o| o == origin),
        None if app.config.sites.is_empty() => {
            app.config.allowed_origins.iter().any(|o| o == origin)
                || (app.config.allowed_origins.is_empty() && is_loopback_origin(origin))
        }
        None => app
            .config
            .sites
            .iter()
            .any(|s| s.origins.iter().any(|o| o == origin)),
    }
}

/// `http(s)://localhost`, `127.0.0.1` or `[::1]`, any port: the local demo's pages, allowed
/// by default when the relay itself serves loopback clients only.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    if let Some(port) = rest.strip_prefix("[::1]") {
        return port.is_empty() || is_port(port);
    }
    let host = rest.split(':').next().unwrap_or("");
    let port = &rest[host.len()..];
    matches!(host, "localhost" | "127.0.0.1") && (port.is_empty() || is_port(port))
}

fn is_port(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

pub(crate) fn check_origin(
    app: &App,
    site: Option<&Site>,
    headers: &HeaderMap,
) -> Result<Option<String>, ApiError> {
    match headers.get("origin").and_then(|v| v.to_str().ok()) {
        None => Ok(None),
        Some(origin) if origin_allowed(app, site, origin) => Ok(Some(origin.to_string())),
        Some(_) => Err(error(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "this origin may not use the relay",
        )),
    }
}

/// Answers a request with its handler's response or error. The handler records in `cors` the
/// origin its check allowed, so every answer after the check, errors included, carries the CORS
/// headers a browser needs to read it.
pub(crate) async fn answer(
    handler: impl AsyncFnOnce(&mut Option<String>) -> Result<Response, ApiError>,
) -> Response {
    let mut cors = None;
    let result = handler(&mut cors).await;
    with_cors(result.unwrap_or_else(IntoResponse::into_response), cors)
}

fn with_cors(mut response: Response, origin: Option<String>) -> Response {
    if let Some(origin) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        let h = response.headers_mut();
        h.insert("access-control-allow-origin", origin);
        h.insert("vary", HeaderValue::from_static("Origin"));
    }
    response
}

async fn preflight(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let origin = headers
        .get("origin")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if origin.is_empty() || !origin_allowed(&app, None, origin) {
        return error(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "this origin may not use the relay",
        )
        .into_response();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    h.insert(
        "access-control-allow-headers",
        HeaderValue::from_static(
            "content-type, x-handoff-key, x-handoff-inbox-key, x-handoff-conversation-id",
        ),
    );
    h.insert("access-control-max-age", HeaderValue::from_static("600"));
    with_cors(response, Some(origin.to_string()))
}

pub(crate) fn limited(limiter: &Limiter, key: &str, what: &str) -> Result<(), ApiError> {
    limiter.check(key).map_err(|seconds| ApiError {
        retry_after: Some(seconds),
        ..error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many requests from this {what}"),
        )
    })
}

/// Checks a package and returns its id. Packages must be JSON objects with an `id` of 1 to 128
/// characters from `[A-Za-z0-9._:-]`, and match the package schema when one is loaded.
pub fn validate_package(
    value: &serde_json::Value,
    validator: Option<&jsonschema::Validator>,
) -> Result<String, (&'static str, String, Option<String>)> {
    if !value.is_object() {
        return Err(("invalid_type", "a package is a JSON object".into(), None));
    }
    if let Some(validator) = validator {
        if let Some(e) = validator.iter_errors(value).next() {
            let path = e.instance_path.to_string();
            return Err((
                "invalid_package",
                format!("package does not match the schema: {e}"),
                Some(path),
            ));
        }
    }
    let view = PackageView::read(&CoreJson::deserialize(value).unwrap_or(CoreJson::Null)).map_err(
        |e| {
            (
                "invalid_package",
                e.message().to_string(),
                e.field().map(str::to_string),
            )
        },
    )?;
    if !view
        .id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
    {
        return Err((
            "invalid_value",
            "package id may hold only A-Z a-z 0-9 . _ : -".into(),
            Some("id".into()),
        ));
    }
    Ok(view.id)
}

async fn post_handoff(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(async |cors| {
        // The address limit comes first, so it also slows down guessing of site keys.
        limited(&app.client_limiter, &peer.ip().to_string(), "address")?;
        let site = caller(&app, &peer, &headers)?;
        *cors = check_origin(&app, site, &headers)?;
        let site_name = site.map(|s| s.name.as_str()).unwrap_or("local");
        limited(&app.site_limiter, site_name, "site")?;
        if body.len() > app.config.max_package_bytes {
            return Err(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "packages are limited to {} bytes",
                    app.config.max_package_bytes
                ),
            ));
        }
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
            error(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("body is not JSON: {e}"),
            )
        })?;
        let id = validate_package(&value, app.validator.as_ref()).map_err(
            |(code, message, field)| ApiError {
                field,
                ..error(StatusCode::BAD_REQUEST, code, message)
            },
        )?;
        let conversation = match headers.get("x-handoff-conversation-id") {
            None => None,
            Some(v) => match v.to_str() {
                Ok(s)
                    if !s.is_empty()
                        && s.len() <= 128
                        && s.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    Some(s.to_string())
                }
                _ => {
                    return Err(ApiError {
                        field: Some("X-Handoff-Conversation-Id".into()),
                        ..error(
                            StatusCode::BAD_REQUEST,
                            "invalid_value",
                            "the conversation id must be 1 to 128 visible ASCII characters",
                        )
                    })
                }
            },
        };
        let text = String::from_utf8_lossy(&body).into_owned();
        let inbox_only = matches!(app.config.destination, Destination::Inbox);
        let accepted = app
            .store
            .accept(
                id.clone(),
                site_name.to_string(),
                text,
                conversation,
                inbox_only,
            )
            .await
            .map_err(|e| {
                eprintln!("handoff-relay: storing {id}: {e}");
                error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "store_unavailable",
                    "the package could not be stored; retry",
                )
            })?;
        match accepted {
            Accepted::New(status) => {
                app.wake.notify_one();
                Ok((
                    StatusCode::ACCEPTED,
                    Json(json!({"id": id, "status": status})),
                )
                    .into_response())
            }
            Accepted::Existing(status) => Ok((
                StatusCode::ACCEPTED,
                Json(json!({"id": id, "status": status, "duplicate": true})),
            )
                .into_response()),
            Accepted::Conflict => Err(error(
                StatusCode::CONFLICT,
                "conflict",
                "a different package with this id was already accepted",
            )),
        }
    })
    .await
}

async fn get_handoff(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    answer(async |cors| {
        limited(&app.client_limiter, &peer.ip().to_string(), "address")?;
        let site = caller(&app, &peer, &headers)?;
        *cors = check_origin(&app, site, &headers)?;
        match app.store.get(id).await {
            // Another site's package reads as unknown: ids are not secret, statuses are.
            Ok(Some(status)) if site.is_none_or(|s| s.name == status.site) => {
                Ok(Json(status).into_response())
            }
            Ok(_) => Err(error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no package with this id",
            )),
            Err(e) => {
                eprintln!("handoff-relay: reading status: {e}");
                Err(error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "store_unavailable",
                    "the store is unavailable",
                ))
            }
        }
    })
    .await
}

/// Whether the request carries the configured inbox key (`X-Handoff-Inbox-Key`).
pub(crate) fn has_inbox_key(app: &App, headers: &HeaderMap) -> bool {
    let key = headers
        .get("x-handoff-inbox-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    app.config
        .inbox_key
        .as_ref()
        .is_some_and(|k| constant_time_eq(k.expose().as_bytes(), key.as_bytes()))
}

/// Access to what the relay has stored (inbox, packages, metrics): loopback, or the inbox key
/// in `X-Handoff-Inbox-Key`; a browser origin must be allowed. Returns the origin for CORS.
pub(crate) fn inbox_access(
    app: &App,
    peer: &SocketAddr,
    headers: &HeaderMap,
) -> Result<Option<String>, ApiError> {
    if !has_inbox_key(app, headers) && !peer.ip().is_loopback() {
        return Err(error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "stored packages and metrics are readable from loopback or with the inbox key",
        ));
    }
    check_origin(app, None, headers)
}

#[derive(Deserialize)]
struct InboxQuery {
    limit: Option<usize>,
}

async fn get_inbox(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<InboxQuery>,
) -> Response {
    answer(async |cors| {
        *cors = inbox_access(&app, &peer, &headers)?;
        let limit = q.limit.unwrap_or(50).clamp(1, 500);
        let items = app.store.inbox(limit).await.map_err(|e| {
            eprintln!("handoff-relay: reading inbox: {e}");
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "store_unavailable",
                "the store is unavailable",
            )
        })?;
        Ok(Json(json!({ "handoffs": items })).into_response())
    })
    .await
}

async fn health(State(app): State<Arc<App>>) -> Response {
    match app.store.counts().await {
        Ok(counts) => {
            let counts: serde_json::Map<String, serde_json::Value> =
                counts.into_iter().map(|(k, v)| (k, v.into())).collect();
            Json(
                json!({"ok": true, "destination": app.config.destination_name(), "counts": counts}),
            )
            .into_response()
        }
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "store_unavailable",
            "the store is unavailable",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins() {
        for ok in [
            "http://localhost:8080",
            "http://127.0.0.1:5173",
            "https://localhost",
            "http://[::1]:3000",
        ] {
            assert!(is_loopback_origin(ok), "{ok}");
        }
        for bad in [
            "http://localhost.evil.example",
            "http://127.0.0.1.nip.io",
            "http://evil.example:80",
            "null",
            "http://localhost:80a",
            "file://localhost",
        ] {
            assert!(!is_loopback_origin(bad), "{bad}");
        }
    }
}
