//! Transport, the only module that does HTTP: the browser outbox. A package is written to
//! browser storage first, then posted to the relay; when the relay is unreachable or answers
//! 5xx or 429, it waits in storage and is retried with backoff (`core::retry`), on `flush()`
//! (which the widget calls on `online` events, on a timer and at the next page load), always
//! under the same package id, which the relay treats as the idempotency key. A permanent
//! rejection (4xx) is reported and taken out of the queue; nothing else is ever dropped.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{Request, RequestInit, Response};

use crate::core::retry::{delay_ms, is_retryable};

/// The storage key of the queue (versioned: a new format gets a new key).
const STORAGE_KEY: &str = "handoff.outbox.v1";

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// A number field of a queued record, 0 when absent (out of line: read in three places).
#[inline(never)]
fn number(obj: &JsValue, key: &str) -> f64 {
    get(obj, key).as_f64().unwrap_or(0.0)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The queue as stored: an array of `{id, body, conversation_id, attempts, next_at}`.
fn load() -> Array {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Array::new();
    };
    match JSON::parse(&text) {
        Ok(v) if Array::is_array(&v) => v.unchecked_into(),
        // A corrupt queue is kept aside under another key rather than thrown away.
        _ => {
            if let Some(s) = storage() {
                let _ = s.set_item(&format!("{STORAGE_KEY}.corrupt"), &text);
            }
            Array::new()
        }
    }
}

fn save(queue: &Array) -> Result<(), JsValue> {
    let text = JSON::stringify(queue)?;
    let storage = storage().ok_or_else(|| JsValue::from_str("no browser storage"))?;
    storage.set_item(STORAGE_KEY, &String::from(text))
}

/// The browser outbox for one relay.
#[wasm_bindgen]
pub struct Outbox {
    relay: String,
    site_key: Option<String>,
    /// The flush under way, if any: a second `flush()` returns it instead of racing it.
    running: Rc<Cell<Option<Promise>>>,
}

#[wasm_bindgen]
impl Outbox {
    /// An outbox posting to `relay` (its base URL, for example `https://relay.example` or
    /// `/`), with the site's public key when the relay has sites configured.
    #[wasm_bindgen(constructor)]
    pub fn new(relay: String, site_key: Option<String>) -> Outbox {
        Outbox {
            relay: relay.trim_end_matches('/').to_string(),
            site_key: site_key.filter(|k| !k.is_empty()),
            running: Rc::new(Cell::new(None)),
        }
    }

    /// The `localStorage` key the queue is kept under, for code that counts stored packages
    /// before this module has loaded (the widget).
    #[wasm_bindgen(js_name = storageKey)]
    pub fn storage_key() -> String {
        STORAGE_KEY.to_string()
    }

    /// Stores the package, then flushes. Resolves to `{delivered, rejected, pending}` counts.
    /// Storing twice under the same id keeps one entry.
    #[wasm_bindgen(unchecked_return_type = "Promise<OutboxResult>")]
    pub fn send(
        &self,
        package: crate::wasm::PackageObject,
        conversation_id: Option<String>,
    ) -> Result<Promise, JsValue> {
        let package: JsValue = package.into();
        let id = get(&package, "id")
            .as_string()
            .ok_or_else(|| JsValue::from(js_sys::Error::new("a package has an `id`")))?;
        let queue = load();
        let known = queue.iter().any(|r| has_id(&r, &id));
        if !known {
            let record = Object::new();
            set(&record, "id", &id.clone().into());
            set(&record, "body", &JSON::stringify(&package)?.into());
            if let Some(c) = conversation_id {
                set(&record, "conversation_id", &c.into());
            }
            set(&record, "attempts", &0.into());
            set(&record, "next_at", &0.into());
            queue.push(&record);
            save(&queue)?;
        }
        Ok(self.flush())
    }

    /// Posts every queued package whose time has come. Resolves to `{delivered, rejected,
    /// pending, errors}`; never rejects. While a flush runs, `flush()` returns that flush.
    #[wasm_bindgen(unchecked_return_type = "Promise<OutboxResult>")]
    pub fn flush(&self) -> Promise {
        // A `Cell` (take and put back) rather than a `RefCell`: no borrow panic in the wasm.
        if let Some(running) = self.running.take() {
            self.running.set(Some(running.clone()));
            return running;
        }
        let relay = self.relay.clone();
        let key = self.site_key.clone();
        let running = self.running.clone();
        let promise = future_to_promise(async move {
            let summary = Object::new();
            let errors = Array::new();
            let (mut delivered, mut rejected) = (0u32, 0u32);
            {
                let queue = load();
                let now = now_ms();
                for record in queue.iter() {
                    let due = number(&record, "next_at") <= now;
                    if !due {
                        continue;
                    }
                    let id = get(&record, "id").as_string().unwrap_or_default();
                    let outcome = post(&relay, key.as_deref(), &record).await;
                    // Reload before each write: another tab may have changed the queue.
                    let mut current = load();
                    let index = current.iter().position(|r| has_id(&r, &id));
                    match outcome {
                        Sent::Accepted => {
                            delivered += 1;
                            current = without(&current, &id);
                        }
                        Sent::Rejected(status, body) => {
                            rejected += 1;
                            // As u32: the formatter's u32 code is linked anyway, its u16
                            // code would be there for this message alone.
                            let status = u32::from(status);
                            errors.push(&format!("{id}: rejected with {status}: {body}").into());
                            current = without(&current, &id);
                        }
                        Sent::Retry(retry_after) => {
                            if let Some(i) = index {
                                let r = current.get(i as u32);
                                let attempts = number(&r, "attempts") as u32 + 1;
                                let wait = delay_ms(attempts, js_sys::Math::random(), retry_after);
                                set(&r, "attempts", &attempts.into());
                                set(&r, "next_at", &(now_ms() + wait as f64).into());
                            }
                        }
                    }
                    if let Err(e) = save(&current) {
                        errors.push(&e);
                    }
                }
            }
            running.set(None);
            set(&summary, "delivered", &delivered.into());
            set(&summary, "rejected", &rejected.into());
            set(&summary, "pending", &load().length().into());
            set(&summary, "errors", &errors);
            Ok(summary.into())
        });
        // The future runs from the microtask queue, after this assignment.
        self.running.set(Some(promise.clone()));
        promise
    }

    /// How many packages wait in the queue.
    pub fn pending(&self) -> u32 {
        load().length()
    }

    /// Milliseconds until the next queued package is due (0 when one is due now), or -1 when
    /// the queue is empty: the widget sets its retry timer from this.
    #[wasm_bindgen(js_name = nextDelay)]
    pub fn next_delay(&self) -> f64 {
        let now = now_ms();
        load()
            .iter()
            .map(|r| (number(&r, "next_at") - now).max(0.0))
            .fold(
                -1.0,
                |best: f64, d| if best < 0.0 { d } else { best.min(d) },
            )
    }
}

/// What became of one post.
enum Sent {
    Accepted,
    Rejected(u16, String),
    Retry(Option<u64>),
}

async fn post(relay: &str, site_key: Option<&str>, record: &JsValue) -> Sent {
    let Some(window) = web_sys::window() else {
        return Sent::Retry(None);
    };
    let body = get(record, "body");
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    let url = format!("{relay}/v1/handoffs");
    let Ok(request) = Request::new_with_str_and_init(&url, &init) else {
        return Sent::Rejected(
            0,
            format!("bad relay URL {}", crate::core::error::Quoted(&url)),
        );
    };
    let headers = request.headers();
    let _ = headers.set("content-type", "application/json");
    if let Some(key) = site_key {
        let _ = headers.set("x-handoff-key", key);
    }
    if let Some(c) = get(record, "conversation_id").as_string() {
        let _ = headers.set("x-handoff-conversation-id", &c);
    }
    let response = match JsFuture::from(window.fetch_with_request(&request)).await {
        Ok(r) => r.unchecked_into::<Response>(),
        // Offline, refused, DNS, CORS: the relay never answered; try again later.
        Err(_) => return Sent::Retry(None),
    };
    let status = response.status();
    if (200..300).contains(&status) {
        return Sent::Accepted;
    }
    if is_retryable(status) {
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| s * 1_000);
        return Sent::Retry(retry_after);
    }
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Sent::Rejected(status, crate::core::engine::clip(&text, 300).to_string())
}

/// Whether the queued record is the package `id`.
#[inline(never)]
fn has_id(record: &JsValue, id: &str) -> bool {
    get(record, "id").as_string().as_deref() == Some(id)
}

/// The queue without the record `id`.
fn without(queue: &Array, id: &str) -> Array {
    queue.iter().filter(|r| !has_id(r, id)).collect()
}
