//! One delivery attempt per destination: build the requests with the core's pure builders,
//! send them, and classify the answer. Classification is what keeps delivery exactly-once:
//! a 2xx is delivered; a 429 or a refused connection proves nothing was created (retry, no
//! look-up needed); a timeout, a broken connection or a 5xx may have created something, so the
//! package keeps its look-up-first flag and the next attempt asks the helpdesk before sending.
//! Other 4xx answers are permanent failures: the same request would fail again.

use std::time::Duration;

use handoff::core::helpdesk::{
    intercom, sunshine, webhook, zendesk, HttpRequest, Json, Method, PackageView,
};
use handoff::core::package::Package;
use reqwest::header::HeaderMap;
use serde::Deserialize;

use crate::config::{Delivery, Destination};
use crate::store::{Job, Store};

/// What an attempt came to, before backoff is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    /// Delivered, with the helpdesk's id.
    Delivered(String),
    /// Retry. `retry_after_ms` comes from a 429's `Retry-After`.
    Retry {
        /// The error.
        error: String,
        /// Whether the helpdesk may have acted.
        maybe_sent: bool,
        /// The helpdesk's requested delay.
        retry_after_ms: Option<u64>,
    },
    /// Permanent failure.
    Failed(String),
}

/// An HTTP answer, read fully.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: String,
}

/// A client for helpdesk calls: rustls, no redirects (requests go only to configured URLs),
/// a per-request timeout.
pub fn client(cfg: &Delivery) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_millis(cfg.timeout_ms))
        .connect_timeout(Duration::from_millis(cfg.timeout_ms.min(5_000)))
        .pool_max_idle_per_host(cfg.concurrency)
        .user_agent(concat!("handoff-relay/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Parses `Retry-After` (seconds or an HTTP date) into milliseconds.
pub fn retry_after_ms(headers: &HeaderMap) -> Option<u64> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds.saturating_mul(1000));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0),
    )
}

async fn send(http: &reqwest::Client, req: &HttpRequest) -> Result<Answer, Attempt> {
    let method = match req.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
    };
    let mut builder = http.request(method, &req.url);
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &req.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await.map_err(|e| network_error(&e))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    // A body cut short after the status line is as ambiguous as a timeout.
    let body = response.text().await.map_err(|e| network_error(&e))?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn network_error(e: &reqwest::Error) -> Attempt {
    // Only a refused or failed connection proves the request never left; anything later (a
    // timeout, a reset, a body cut short) may have reached the helpdesk. The message names the
    // innermost cause only: URLs carry no secrets, headers are never printed.
    let maybe_sent = !e.is_connect();
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "network"
    };
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    Attempt::Retry {
        error: format!("{kind} error: {source}"),
        maybe_sent,
        retry_after_ms: None,
    }
}

/// Classifies a non-2xx answer to a look-up made after an ambiguous attempt: a retry keeps
/// `maybe_sent`, since it is still unknown whether the earlier attempt took effect.
fn classify_lookup(answer: &Answer, what: &str) -> Attempt {
    match classify(answer, what) {
        Attempt::Retry {
            error,
            retry_after_ms,
            ..
        } => Attempt::Retry {
            error,
            maybe_sent: true,
            retry_after_ms,
        },
        other => other,
    }
}

/// Classifies a non-2xx answer.
fn classify(answer: &Answer, what: &str) -> Attempt {
    let snippet: String = answer.body.chars().take(200).collect();
    let error = format!("{what}: HTTP {} {}", answer.status, snippet.trim());
    match answer.status {
        429 => Attempt::Retry {
            error,
            maybe_sent: false,
            retry_after_ms: retry_after_ms(&answer.headers).or(Some(0)),
        },
        408 => Attempt::Retry {
            error,
            maybe_sent: true,
            retry_after_ms: None,
        },
        409 | 423 => Attempt::Retry {
            error,
            maybe_sent: true,
            retry_after_ms: None,
        },
        500..=599 => Attempt::Retry {
            error,
            maybe_sent: true,
            retry_after_ms: retry_after_ms(&answer.headers),
        },
        _ => Attempt::Failed(error),
    }
}

fn parse(answer: &Answer) -> Json {
    serde_json::from_str::<Json>(&answer.body).unwrap_or(Json::Null)
}

fn ok(answer: &Answer) -> bool {
    (200..300).contains(&answer.status)
}

/// Runs one attempt for `job` against `dest`.
pub async fn attempt(
    job: &Job,
    dest: &Destination,
    http: &reqwest::Client,
    store: &Store,
) -> Attempt {
    let value: Json = match serde_json::from_str(&job.package) {
        Ok(v) => v,
        Err(e) => return Attempt::Failed(format!("stored package is not JSON: {e}")),
    };
    let mut pkg = match PackageView::read(&value) {
        Ok(p) => p,
        Err(e) => return Attempt::Failed(e.to_string()),
    };
    if pkg.conversation_id.is_none() {
        pkg.conversation_id = job.conversation.clone();
    }
    let result = match dest {
        Destination::Zendesk(cfg) => to_zendesk(job, &pkg, cfg, http).await,
        Destination::Sunshine(cfg) => to_sunshine(&pkg, &job.package, cfg, http).await,
        Destination::Intercom(cfg) => to_intercom(job, &pkg, cfg, http, store).await,
        Destination::Webhook(cfg) => to_webhook(job, cfg, http).await,
        Destination::Inbox => Ok(Attempt::Delivered("inbox".into())),
    };
    result.unwrap_or_else(|a| a)
}

async fn to_zendesk(
    job: &Job,
    pkg: &PackageView,
    cfg: &zendesk::ZendeskConfig,
    http: &reqwest::Client,
) -> Result<Attempt, Attempt> {
    if job.check_first {
        let answer = send(http, &zendesk::find_ticket(&pkg.id, cfg)).await?;
        if !ok(&answer) {
            // Still unknown whether the earlier attempt created a ticket: keep the flag.
            return Ok(classify_lookup(&answer, "zendesk lookup"));
        }
        if let Some(id) = zendesk::found_ticket_id(&parse(&answer), &pkg.id) {
            return Ok(Attempt::Delivered(id));
        }
    }
    let answer = send(http, &zendesk::create_ticket(pkg, cfg)).await?;
    if !ok(&answer) {
        return Ok(classify(&answer, "zendesk create ticket"));
    }
    Ok(match zendesk::created_ticket_id(&parse(&answer)) {
        Some(id) => Attempt::Delivered(id),
        None => Attempt::Retry {
            error: "zendesk create ticket: answer without ticket.id".into(),
            maybe_sent: true,
            retry_after_ms: None,
        },
    })
}

async fn to_sunshine(
    pkg: &PackageView,
    text: &str,
    cfg: &sunshine::SunshineConfig,
    http: &reqwest::Client,
) -> Result<Attempt, Attempt> {
    // The compact form comes from the core's package type; a package that does not read as one
    // (an older or foreign shape) falls back to the id and summary.
    let compact = serde_json::from_str::<Package>(text)
        .ok()
        .and_then(|p| serde_json::to_value(p.compact()).ok())
        .and_then(|v| Json::deserialize(v).ok());
    // passControl is idempotent: repeating it after an ambiguous failure is harmless.
    let request = sunshine::pass_control(pkg, compact.as_ref(), cfg)
        .map_err(|e| Attempt::Failed(e.to_string()))?;
    let answer = send(http, &request).await?;
    if !ok(&answer) {
        return Ok(classify(&answer, "sunshine passControl"));
    }
    Ok(Attempt::Delivered(
        pkg.conversation_id.clone().unwrap_or_default(),
    ))
}

async fn to_intercom(
    job: &Job,
    pkg: &PackageView,
    cfg: &intercom::IntercomConfig,
    http: &reqwest::Client,
    store: &Store,
) -> Result<Attempt, Attempt> {
    let conversation = match (&job.remote_id, &pkg.conversation_id) {
        (Some(id), _) | (None, Some(id)) => id.clone(),
        (None, None) => 'found: {
            // An earlier attempt may have opened the conversation before it failed: look for
            // one of this contact's opened since the package arrived (less a minute of clock
            // skew) before opening another.
            if job.check_first {
                if let Some(search) =
                    intercom::find_conversation(pkg, job.received_at / 1000 - 60, cfg)
                {
                    let answer = send(http, &search).await?;
                    if !ok(&answer) {
                        return Ok(classify_lookup(&answer, "intercom conversation search"));
                    }
                    if let Some(id) = intercom::found_conversation_id(&parse(&answer)) {
                        store
                            .progress(job.id.clone(), id.clone(), 0)
                            .await
                            .map_err(|e| retry_db(&e))?;
                        break 'found id;
                    }
                }
            }
            let answer = send(
                http,
                &intercom::create_conversation(pkg, cfg)
                    .map_err(|e| Attempt::Failed(e.to_string()))?,
            )
            .await?;
            if !ok(&answer) {
                return Ok(classify(&answer, "intercom create conversation"));
            }
            let id = intercom::created_conversation_id(&parse(&answer)).ok_or_else(|| {
                Attempt::Retry {
                    error: "intercom create conversation: answer without conversation_id".into(),
                    maybe_sent: true,
                    retry_after_ms: None,
                }
            })?;
            store
                .progress(job.id.clone(), id.clone(), 0)
                .await
                .map_err(|e| retry_db(&e))?;
            id
        }
    };
    let steps = intercom::follow_up(pkg, cfg, &conversation);
    for (i, step) in steps.iter().enumerate().skip(job.progress.max(0) as usize) {
        let answer = send(http, step).await?;
        if !ok(&answer) {
            return Ok(classify(&answer, &format!("intercom step {}", i + 1)));
        }
        store
            .progress(job.id.clone(), conversation.clone(), i as i64 + 1)
            .await
            .map_err(|e| retry_db(&e))?;
    }
    Ok(Attempt::Delivered(conversation))
}

fn retry_db(e: &str) -> Attempt {
    Attempt::Retry {
        error: e.to_string(),
        maybe_sent: true,
        retry_after_ms: None,
    }
}

async fn to_webhook(
    job: &Job,
    cfg: &webhook::WebhookConfig,
    http: &reqwest::Client,
) -> Result<Attempt, Attempt> {
    let id = serde_json::from_str::<serde_json::Value>(&job.package)
        .ok()
        .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_string))
        .unwrap_or_else(|| job.id.clone());
    if job.check_first {
        if let Some(lookup) = webhook::lookup(&id, cfg) {
            let answer = send(http, &lookup).await?;
            match answer.status {
                200..=299 => return Ok(Attempt::Delivered(remote_id(&answer))),
                404 => {}
                _ => return Ok(classify_lookup(&answer, "webhook lookup")),
            }
        }
    }
    let timestamp = (crate::now_ms() / 1000) as u64;
    let answer = send(http, &webhook::deliver(&id, &job.package, cfg, timestamp)).await?;
    if !ok(&answer) {
        return Ok(classify(&answer, "webhook"));
    }
    Ok(Attempt::Delivered(remote_id(&answer)))
}

/// The receiver's id for the package: `id` in a JSON answer, else `webhook`.
fn remote_id(answer: &Answer) -> String {
    serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|v| match v.get("id") {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| "webhook".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after_ms(&h), Some(7000));
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        h.insert(
            "retry-after",
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let ms = retry_after_ms(&h).unwrap();
        assert!((110_000..=120_000).contains(&ms), "{ms}");
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after_ms(&h), None);
    }

    #[test]
    fn classifies_answers() {
        let answer = |status| Answer {
            status,
            headers: HeaderMap::new(),
            body: "{}".into(),
        };
        assert!(matches!(
            classify(&answer(429), "x"),
            Attempt::Retry {
                maybe_sent: false,
                ..
            }
        ));
        assert!(matches!(
            classify(&answer(503), "x"),
            Attempt::Retry {
                maybe_sent: true,
                ..
            }
        ));
        assert!(matches!(classify(&answer(422), "x"), Attempt::Failed(_)));
    }
}
