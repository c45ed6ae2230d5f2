//! Helpers shared by the relay's integration tests: finding `shared/` (skip when absent, fail
//! when absent under `CI`), loading the vendor schemas once, and sample packages.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use handoff_relay::vendor::{shared_dir, VendorSchemas};
use serde_json::{json, Value};

/// The vendor schemas, or `None` (with a message) when `shared/` is absent outside CI.
pub fn schemas() -> Option<Arc<VendorSchemas>> {
    static SCHEMAS: OnceLock<Option<Arc<VendorSchemas>>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| match shared_dir() {
            Some(dir) => Some(Arc::new(VendorSchemas::load(&dir).expect("vendor schemas load"))),
            None => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "shared/specs is required when CI is set (set HANDOFF_SHARED_DIR)"
                );
                eprintln!("skipping vendor schema checks: shared/specs not found (set HANDOFF_SHARED_DIR)");
                None
            }
        })
        .clone()
}

/// A package id in the schema's form (`hp_` and 32 letters a-p, one per 4 bits) made from a
/// number.
pub fn pid(n: u64) -> String {
    let hex = format!("{n:032x}");
    let letters: String = hex
        .chars()
        .map(|c| (b'a' + c.to_digit(16).unwrap_or(0) as u8) as char)
        .collect();
    format!("hp_{letters}")
}

pub use handoff_relay::sample::package;

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("handoff-relay-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts a relay in this process with `config` (its `db` is replaced by a temp file).
pub async fn start_relay(name: &str, config: Value) -> String {
    let mut config = config;
    config["db"] = json!(temp_dir(name).join("relay.sqlite"));
    start_relay_with(config).await
}

/// Starts a relay in this process on exactly `config` (rate limits off unless it sets them).
pub async fn start_relay_with(config: Value) -> String {
    let mut config = config;
    if config.get("rate_limits").is_none() {
        config["rate_limits"] = json!({"per_client_per_sec": 0, "per_site_per_sec": 0});
    }
    let config = handoff_relay::config::Config::from_json(&config.to_string()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        handoff_relay::serve(config, listener, std::future::pending())
            .await
            .unwrap();
    });
    format!("http://{addr}")
}

/// Starts a stand-in helpdesk in this process.
pub async fn start_standin(
    honour_idempotency: bool,
) -> (String, Arc<handoff_relay::standin::Standin>) {
    let state = Arc::new(handoff_relay::standin::Standin::new(
        schemas(),
        honour_idempotency,
        handoff::core::helpdesk::Secret::new(WEBHOOK_SECRET),
    ));
    let addr = handoff_relay::standin::spawn(state.clone()).await.unwrap();
    (format!("http://{addr}"), state)
}

/// The webhook secret the tests configure on both sides.
pub const WEBHOOK_SECRET: &str = "whsec_test_0123456789";

/// Fast retries for tests.
pub fn fast_delivery() -> Value {
    json!({"concurrency": 32, "max_attempts": 60, "backoff_base_ms": 20, "backoff_max_ms": 400, "timeout_ms": 3000})
}

/// `GET url`, answered with JSON (panics otherwise: for tests).
pub async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    http.get(url).send().await.unwrap().json().await.unwrap()
}

/// Polls `GET /v1/handoffs/{id}` until it is no longer queued (or 20 s pass).
pub async fn wait_settled(http: &reqwest::Client, base: &str, id: &str) -> Value {
    for _ in 0..400 {
        let v: Value = get_json(http, &format!("{base}/v1/handoffs/{id}")).await;
        if v["status"] != "queued" {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{id} still queued after 20 s");
}
