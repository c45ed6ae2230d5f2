//! The relay's HTTP API and delivery, in process against the stand-in helpdesk: durable,
//! idempotent accept; status; inbox; validation; site keys, origins, CORS and rate limits;
//! delivery to each destination with retries, 429 and 5xx bursts and dropped connections.

mod common;

use std::time::Duration;

use common::{fast_delivery, get_json, start_relay, start_standin, wait_settled, WEBHOOK_SECRET};
use serde_json::{json, Value};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

async fn post(base: &str, body: &Value) -> (u16, Value) {
    let r = http()
        .post(format!("{base}/v1/handoffs"))
        .json(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn code_of(request: reqwest::RequestBuilder) -> (u16, String) {
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    (
        status,
        v["error"]["code"].as_str().unwrap_or("").to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_accept_is_durable_idempotent_and_validated() {
    let base = start_relay("inbox", json!({})).await;
    let id = common::pid(1);
    let pkg = common::package(&id);
    assert_eq!(
        post(&base, &pkg).await,
        (202, json!({"id": id, "status": "delivered"}))
    );
    let (code, again) = post(&base, &pkg).await;
    assert_eq!(
        (code, &again["status"], &again["duplicate"]),
        (202, &json!("delivered"), &json!(true))
    );
    let mut changed = pkg.clone();
    changed["summary"]["problem"] = json!("something else");
    assert_eq!(post(&base, &changed).await.1["error"]["code"], "conflict");

    let inbox: Value = get_json(&http(), &format!("{base}/v1/inbox")).await;
    let items = inbox["handoffs"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], json!(id));
    assert_eq!(items[0]["package"], pkg);
    assert!(items[0]["received_at"].as_i64().unwrap() > 1_600_000_000_000);

    let status: Value = get_json(&http(), &format!("{base}/v1/handoffs/{id}")).await;
    assert_eq!(
        (status["status"].as_str(), status["remote_id"].as_str()),
        (Some("delivered"), Some("inbox"))
    );
    let missing = http()
        .get(format!("{base}/v1/handoffs/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    let url = format!("{base}/v1/handoffs");
    let mut extra = common::package(&common::pid(3));
    extra["conversation_id"] = json!("c1");
    let mut bad_id = common::package("hp_XYZ");
    bad_id["id"] = json!("hp_XYZ");
    let mut big = common::package(&common::pid(2));
    big["warnings"] = json!(["x".repeat(300_000)]);
    let cases = [
        (http().post(&url).body("{not json"), 400, "invalid_json"),
        (
            http().post(&url).json(&json!({"summary": "x"})),
            400,
            "invalid_package",
        ),
        (http().post(&url).json(&bad_id), 400, "invalid_package"),
        (http().post(&url).json(&extra), 400, "invalid_package"),
        (http().post(&url).json(&json!([1])), 400, "invalid_type"),
        (
            http()
                .post(&url)
                .header("x-handoff-conversation-id", "has space")
                .json(&common::package(&common::pid(4))),
            400,
            "invalid_value",
        ),
        (http().post(&url).json(&big), 413, "too_large"),
    ];
    for (request, status, code) in cases {
        assert_eq!(code_of(request).await, (status, code.to_string()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_keys_origins_cors_and_rate_limits() {
    let key = "sk_test_abcdefghijklmnop";
    let base = start_relay(
        "sites",
        json!({"sites": [{"name": "shop", "key": key, "origins": ["https://shop.example"]}],
               "rate_limits": {"per_client_per_sec": 0.001, "per_client_burst": 4, "per_site_per_sec": 0, "per_site_burst": 1}}),
    )
    .await;
    let url = format!("{base}/v1/handoffs");
    let r = http()
        .post(&url)
        .json(&common::package(&common::pid(10)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body = r.text().await.unwrap();
    assert!(!body.contains(key));

    let r = http()
        .post(&url)
        .header("x-handoff-key", key)
        .header("origin", "https://evil.example")
        .json(&common::package(&common::pid(11)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());

    let r = http()
        .post(&url)
        .header("x-handoff-key", key)
        .header("origin", "https://shop.example")
        .json(&common::package(&common::pid(12)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://shop.example"
    );

    let pre = http()
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status().as_u16(), 204);
    assert!(pre.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("x-handoff-key"));
    let pre = http()
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status().as_u16(), 403);

    // Burst of 4 per address, counted before the key check (it slows key guessing too).
    let r = http()
        .post(&url)
        .header("x-handoff-key", key)
        .json(&common::package(&common::pid(13)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    let r = http()
        .post(&url)
        .header("x-handoff-key", key)
        .json(&common::package(&common::pid(14)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert!(
        r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "rate_limited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_delivery_is_signed_and_survives_faults() {
    let (standin, state) = start_standin(false).await;
    state.set_faults(handoff_relay::standin::Faults {
        burst_429: 5,
        burst_5xx: 5,
        burst_drop: 5,
        retry_after_s: 0,
        ..Default::default()
    });
    let base = start_relay(
        "webhook",
        json!({"delivery": fast_delivery(), "destination": {"webhook": {"url": format!("{standin}/webhook"),
               "secret": WEBHOOK_SECRET, "lookup_url": format!("{standin}/webhook/{{id}}")}}}),
    )
    .await;
    let ids: Vec<String> = (0..40).map(|i| common::pid(100 + i)).collect();
    for id in &ids {
        assert_eq!(post(&base, &common::package(id)).await.0, 202);
    }
    for id in &ids {
        let v = wait_settled(&http(), &base, id).await;
        assert_eq!(v["status"], "delivered", "{v}");
        assert!(v["remote_id"].as_str().unwrap().starts_with("wh-"));
    }
    let stats = state.stats();
    assert_eq!((stats.distinct, stats.created), (40, 40), "{stats:?}");
    assert!(stats.invalid.is_empty(), "{:?}", stats.invalid);
    assert_eq!(
        (stats.served_429, stats.served_5xx, stats.dropped),
        (5, 5, 5)
    );
    assert!(
        stats.lookups >= 5,
        "ambiguous attempts are looked up first: {stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zendesk_delivery_retries_and_never_duplicates() {
    let (standin, state) = start_standin(false).await;
    state.set_faults(handoff_relay::standin::Faults {
        rate_429: 0.1,
        rate_5xx: 0.1,
        rate_drop: 0.1,
        retry_after_s: 0,
        ..Default::default()
    });
    let base = start_relay(
        "zendesk",
        json!({"delivery": fast_delivery(), "destination": {"zendesk": {"base_url": standin,
               "auth": {"basic": {"user": "bot@acme.test/token", "password": "zd-secret"}},
               "fields": {"sentiment": 456, "handoff_id": 458},
               "skills": {"billing": ["15821cba-7326-11e8-b07e-950ba849aa27"]}}}}),
    )
    .await;
    let ids: Vec<String> = (0..100).map(|i| common::pid(200 + i)).collect();
    for id in &ids {
        assert_eq!(post(&base, &common::package(id)).await.0, 202);
    }
    for id in &ids {
        let v = wait_settled(&http(), &base, id).await;
        assert_eq!(v["status"], "delivered", "{v}");
        assert!(v["remote_id"].as_str().unwrap().parse::<i64>().unwrap() > 1000);
        assert!(!v.to_string().contains("zd-secret"));
    }
    let stats = state.stats();
    assert!(stats.invalid.is_empty(), "{:?}", stats.invalid);
    assert_eq!((stats.distinct, stats.created), (100, 100), "{stats:?}");
    assert!(
        stats.served_429 > 0 && stats.served_5xx > 0 && stats.dropped > 0,
        "{stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sunshine_and_intercom_deliveries_and_permanent_failures() {
    let (standin, state) = start_standin(false).await;
    let sunshine = start_relay(
        "sunshine",
        json!({"delivery": fast_delivery(), "destination": {"sunshine": {"base_url": format!("{standin}/sc"), "app_id": "app1",
               "auth": {"basic": {"user": "app_1", "password": "s"}}, "fields": {"sentiment": 456}}}}),
    )
    .await;
    let (sc1, sc2) = (common::pid(301), common::pid(302));
    let r = http()
        .post(format!("{sunshine}/v1/handoffs"))
        .header("x-handoff-conversation-id", "603012d7e0a3f9000c879b67")
        .json(&common::package(&sc1))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    let v = wait_settled(&http(), &sunshine, &sc1).await;
    assert_eq!(
        (v["status"].as_str(), v["remote_id"].as_str()),
        (Some("delivered"), Some("603012d7e0a3f9000c879b67"))
    );
    assert_eq!(state.created_count(&sc1), 1);
    // No conversation id: passControl cannot be addressed, so it fails at once.
    assert_eq!(post(&sunshine, &common::package(&sc2)).await.0, 202);
    let v = wait_settled(&http(), &sunshine, &sc2).await;
    assert_eq!(
        (v["status"].as_str(), v["attempts"].as_i64()),
        (Some("failed"), Some(1))
    );
    assert!(v["last_error"].as_str().unwrap().contains("conversation"));

    let intercom = start_relay(
        "intercom",
        json!({"delivery": fast_delivery(), "destination": {"intercom": {"base_url": standin, "token": "tok",
               "admin_id": "991267", "teams": {"billing": "814865"}, "tag_ids": {"bot_handoff": "17513"},
               "attributes": {"sentiment": "Sentiment", "handoff_id": "Handoff id"}}}}),
    )
    .await;
    let ic1 = common::pid(401);
    assert_eq!(post(&intercom, &common::package(&ic1)).await.0, 202);
    let v = wait_settled(&http(), &intercom, &ic1).await;
    assert_eq!(v["status"], "delivered", "{v}");
    let stats = state.stats();
    assert!(stats.invalid.is_empty(), "{:?}", stats.invalid);
    for kind in [
        "intercom_create",
        "intercom_reply",
        "intercom_update",
        "intercom_tag",
        "intercom_assign",
    ] {
        assert_eq!(stats.requests.get(kind), Some(&1), "{kind}: {stats:?}");
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_reads_only_its_own_statuses() {
    let (shop, blog) = ("sk_test_shop_0123456789", "sk_test_blog_0123456789");
    let base = start_relay(
        "two-sites",
        json!({"sites": [{"name": "shop", "key": shop}, {"name": "blog", "key": blog}]}),
    )
    .await;
    let id = common::pid(501);
    let r = http()
        .post(format!("{base}/v1/handoffs"))
        .header("x-handoff-key", shop)
        .json(&common::package(&id))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    let url = format!("{base}/v1/handoffs/{id}");
    let mine = http()
        .get(&url)
        .header("x-handoff-key", shop)
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status().as_u16(), 200);
    let theirs = http()
        .get(&url)
        .header("x-handoff-key", blog)
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status().as_u16(), 404);
    let nobody = http().get(&url).send().await.unwrap();
    assert_eq!(nobody.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_helpdesk_timeouts_are_resolved_without_duplicates() {
    // The stand-in sleeps longer than the relay's timeout: every first attempt times out after
    // it was sent (and the slow request may still create the ticket later). The relay must look
    // the package up before sending again; Zendesk's Idempotency-Key covers a request still in
    // flight at the helpdesk during the look-up.
    let (standin, state) = start_standin(true).await;
    state.set_faults(handoff_relay::standin::Faults {
        delay_ms: 700,
        ..Default::default()
    });
    let mut delivery = fast_delivery();
    delivery["timeout_ms"] = json!(250);
    let base = start_relay(
        "slow",
        json!({"delivery": delivery, "destination": {"zendesk": {"base_url": standin,
               "auth": {"bearer": "oauth-token"}}}}),
    )
    .await;
    let ids: Vec<String> = (0..10).map(|i| common::pid(600 + i)).collect();
    for id in &ids {
        assert_eq!(post(&base, &common::package(id)).await.0, 202);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let during: Value = get_json(&http(), &format!("{base}/v1/handoffs/{}", ids[0])).await;
    assert!(during["attempts"].as_i64().unwrap() >= 1);
    state.set_faults(handoff_relay::standin::Faults::default());
    for id in &ids {
        let v = wait_settled(&http(), &base, id).await;
        assert_eq!(v["status"], "delivered", "{v}");
    }
    let stats = state.stats();
    assert_eq!((stats.distinct, stats.created), (10, 10), "{stats:?}");
    assert!(
        stats.lookups >= 10,
        "every timed-out package was looked up: {stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_relay_serves_local_demo_pages_only() {
    let base = start_relay("demo-origins", json!({})).await;
    let url = format!("{base}/v1/inbox");
    let r = http()
        .get(&url)
        .header("origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:8080"
    );
    let r = http()
        .get(&url)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // An error after the origin check carries the CORS headers too, so the page can read it.
    for r in [
        http().get(format!("{base}/v1/handoffs/h_unknown")),
        http().post(format!("{base}/v1/handoffs")).body("{not json"),
    ] {
        let r = r
            .header("origin", "http://localhost:8080")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
        assert_eq!(
            r.headers()["access-control-allow-origin"],
            "http://localhost:8080"
        );
    }
    let pre = http()
        .request(reqwest::Method::OPTIONS, format!("{base}/v1/handoffs"))
        .header("origin", "http://127.0.0.1:5173")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status().as_u16(), 204);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intercom_finds_the_conversation_an_ambiguous_create_opened() {
    let (standin, state) = start_standin(false).await;
    // The first create opens the conversation, then the connection drops before the answer.
    state.set_faults(handoff_relay::standin::Faults {
        burst_drop: 1,
        ..Default::default()
    });
    let base = start_relay(
        "intercom-drop",
        json!({"delivery": fast_delivery(), "destination": {"intercom": {"base_url": standin, "token": "tok",
               "admin_id": "991267", "default_team": "814860"}}}),
    )
    .await;
    let id = common::pid(701);
    assert_eq!(post(&base, &common::package(&id)).await.0, 202);
    let v = wait_settled(&http(), &base, &id).await;
    assert_eq!(v["status"], "delivered", "{v}");
    assert_eq!(v["attempts"], 2);
    let stats = state.stats();
    assert!(stats.invalid.is_empty(), "{:?}", stats.invalid);
    assert_eq!(stats.dropped, 1);
    assert_eq!(
        state.created_count("conversation-of:536e564f316c83104c000020"),
        1,
        "{stats:?}"
    );
    assert_eq!(stats.requests.get("intercom_search"), Some(&1));
    assert_eq!(v["remote_id"].as_str(), Some(format!("{}", 1001).as_str()));
}

/// A package built by the core engine, as `handoff package` prints it.
fn engine_package(nonce: &str) -> Value {
    use handoff::core::package::{Inputs, Package};
    use handoff::core::redact::RedactionPolicy;
    use handoff::core::{Engine, Message, Policy, Role};
    let mut engine = Engine::new(Policy::default());
    let mut last = None;
    for (role, text) in [
        (
            Role::Customer,
            "I was charged twice for my invoice INV-2031, my email is jane@example.com",
        ),
        (Role::Bot, "Here is our refund policy article."),
        (
            Role::Customer,
            "That did not help. I want to talk to a human now!",
        ),
    ] {
        last = Some(engine.observe(Message::new(role, text)));
    }
    let decision = last.unwrap();
    let redaction = RedactionPolicy::default();
    let package = Package::build(&Inputs::from_engine(
        &engine,
        &decision,
        None,
        &redaction,
        "2026-11-24T17:00:00Z",
        nonce,
    ))
    .unwrap();
    serde_json::to_value(package).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packages_from_the_engine_are_accepted_and_delivered() {
    let pkg = engine_package("relay-test");
    let id = pkg["id"].as_str().unwrap().to_string();
    assert!(
        !pkg.to_string().contains("jane@example.com"),
        "the package is redacted"
    );
    let inbox = start_relay("engine-inbox", json!({})).await;
    assert_eq!(
        post(&inbox, &pkg).await,
        (202, json!({"id": id, "status": "delivered"}))
    );

    let (standin, state) = start_standin(false).await;
    let sunshine = start_relay(
        "engine-sunshine",
        json!({"delivery": fast_delivery(), "destination": {"sunshine": {"base_url": format!("{standin}/sc"), "app_id": "app1",
               "auth": {"basic": {"user": "app_1", "password": "s"}}}}}),
    )
    .await;
    let r = http()
        .post(format!("{sunshine}/v1/handoffs"))
        .header("x-handoff-conversation-id", "conv-1")
        .json(&pkg)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    let v = wait_settled(&http(), &sunshine, &id).await;
    assert_eq!(v["status"], "delivered", "{v}");
    let stats = state.stats();
    assert!(stats.invalid.is_empty(), "{:?}", stats.invalid);
    // The stand-in keys passControls by the metadata's handoff_package_id (the compact form).
    assert_eq!(state.created_count(&id), 1);
}
