//! Outcome events, metrics and stored packages over HTTP: `POST /v1/outcomes` (validation with
//! stable codes, access rules, durability across a restart, the sidebar's rating filled from
//! the stored package), `GET /v1/metrics` against hand-computed values on the root crate's
//! `tests/fixtures/outcomes/small.jsonl`, and `GET /v1/handoffs/{id}/package`.

mod common;
use common::get_json;

use common::start_relay;
use serde_json::{json, Value};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn post_outcomes(base: &str, body: &Value) -> (u16, Value) {
    send(http().post(format!("{base}/v1/outcomes")).json(body)).await
}

async fn metrics(base: &str, query: &str) -> Value {
    let (status, v) = send(http().get(format!("{base}/v1/metrics{query}"))).await;
    assert_eq!(status, 200, "{v}");
    v
}

fn fixture() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/outcomes/small.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - expected).abs() < 1e-9, "{got} != {expected}");
}

/// A relay whose database lives at a path the test keeps, to restart on it.
async fn relay_at(db: &std::path::Path) -> String {
    common::start_relay_with(json!({"db": db})).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_match_hand_computed_values_on_the_small_fixture() {
    let base = start_relay("metrics-small", json!({})).await;
    let events = fixture();
    assert_eq!(events.len(), 11);
    // One event alone, then the rest as an array: both shapes are accepted.
    assert_eq!(
        post_outcomes(&base, &events[0]).await,
        (202, json!({"accepted": 1}))
    );
    assert_eq!(
        post_outcomes(&base, &json!(events[1..])).await,
        (202, json!({"accepted": 10}))
    );

    let m = metrics(&base, "").await;
    let o = &m["overall"];
    // c1..c10, c10's two events merged.
    assert_eq!(o["conversations"], 10);
    assert_eq!(o["handoffs"], 6);
    close(&o["handoff_rate"], 0.6);
    // First responses 30, 45, 60, 90, 120: p50 60, p90 at rank 3.6 = 90 + 0.6 * 30.
    assert_eq!(o["first_response_secs"]["n"], 5);
    close(&o["first_response_secs"]["p50"], 60.0);
    close(&o["first_response_secs"]["p90"], 108.0);
    // Resolutions 300, 600, 900, 1200, 1500 (c10's later event), 2400.
    assert_eq!(o["resolution_secs"]["n"], 6);
    close(&o["resolution_secs"]["p50"], 1050.0);
    close(&o["resolution_secs"]["p90"], 1950.0);
    // CSAT after a handoff: 5, 2, 4, 3, 4 (c7's 5 had no handoff).
    assert_eq!(o["csat_responses"], 5);
    close(&o["csat_mean"], 3.6);
    close(&o["csat_satisfied_rate"], 0.6);
    assert_eq!(
        o["verdicts"],
        json!({"right_time": 2, "too_early": 1, "too_late": 1, "not_needed": 1})
    );
    close(&o["too_late_rate"], 0.2);
    close(&o["asked_to_repeat_rate"], 0.5);
    assert_eq!(o["abandoned_without_handoff"], 2);
    assert_eq!(o["missed_handoffs"], 1);
    close(&o["missed_rate"], 0.1);
    assert_eq!(m["by_reason"]["frustration"]["handoffs"], 3);
    assert_eq!(m["by_reason"]["loop"]["handoffs"], 2);
    assert_eq!(m["by_skill"]["billing"]["conversations"], 4);
    assert_eq!(m["by_skill"]["billing"]["handoffs"], 3);
    assert_eq!(m["undated"], 1);
    assert!(m["over_time"].as_array().unwrap().is_empty());

    let m = metrics(&base, "?bucket=day").await;
    let days: Vec<(String, u64, u64)> = m["over_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["start"].as_str().unwrap().to_string(),
                b["summary"]["conversations"].as_u64().unwrap(),
                b["summary"]["handoffs"].as_u64().unwrap(),
            )
        })
        .collect();
    // c4's 11:00+01:00 is 10:00Z on the 21st.
    assert_eq!(
        days,
        vec![
            ("2026-11-20T00:00:00Z".to_string(), 3, 2),
            ("2026-11-21T00:00:00Z".to_string(), 3, 2),
            ("2026-11-22T00:00:00Z".to_string(), 3, 2),
        ]
    );
    assert_eq!(
        (m["undated"].as_u64(), m["outside_buckets"].as_u64()),
        (Some(1), Some(0))
    );
    let m = metrics(&base, "?bucket=week").await;
    // 2026-11-16 is a Monday: one week holds every dated record.
    assert_eq!(m["over_time"].as_array().unwrap().len(), 1);
    assert_eq!(m["over_time"][0]["start"], "2026-11-16T00:00:00Z");
    assert_eq!(m["over_time"][0]["summary"]["conversations"], 9);

    // The latest bucket only.
    let m = metrics(&base, "?bucket=day&max_buckets=1").await;
    assert_eq!(m["over_time"].as_array().unwrap().len(), 1);
    assert_eq!(m["over_time"][0]["start"], "2026-11-22T00:00:00Z");
    assert_eq!(m["outside_buckets"], 6);

    for (query, field) in [
        ("bucket=month", "bucket"),
        ("max_buckets=many", "max_buckets"),
    ] {
        let (status, v) = send(http().get(format!("{base}/v1/metrics?{query}"))).await;
        assert_eq!(
            (
                status,
                v["error"]["code"].as_str(),
                v["error"]["field"].as_str()
            ),
            (400, Some("invalid_value"), Some(field))
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outcome_validation_has_stable_codes_and_fields() {
    let base = start_relay("outcomes-invalid", json!({})).await;
    let url = format!("{base}/v1/outcomes");
    let cases: Vec<(reqwest::RequestBuilder, u16, &str, Option<&str>)> = vec![
        (http().post(&url).body("{nope"), 400, "invalid_json", None),
        (
            http().post(&url).json(&json!([])),
            400,
            "invalid_value",
            None,
        ),
        (
            http()
                .post(&url)
                .json(&json!({"handoff_id": "unknown", "verdict": "too_late"})),
            400,
            "missing_field",
            None,
        ),
        (
            http()
                .post(&url)
                .json(&json!({"conversation_id": "c", "csat": 6})),
            400,
            "invalid_value",
            Some("csat"),
        ),
        (
            http()
                .post(&url)
                .json(&json!({"conversation_id": "c", "csat": "5"})),
            400,
            "invalid_type",
            Some("csat"),
        ),
        (
            http().post(&url).json(&json!([
                {"conversation_id": "c", "handoff_id": "h", "verdict": "right_time"},
                {"conversation_id": "c", "handoff_id": "h", "verdict": "meh"}
            ])),
            400,
            "invalid_value",
            Some("[1].verdict"),
        ),
        (
            http()
                .post(&url)
                .json(&json!({"conversation_id": "c", "verdict": "too_late"})),
            400,
            "invalid_value",
            Some("verdict"),
        ),
        (
            http()
                .post(&url)
                .json(&json!({"conversation_id": "c", "ts": "yesterday"})),
            400,
            "invalid_value",
            Some("ts"),
        ),
        (
            http().post(&url).json(&json!([1])),
            400,
            "invalid_type",
            Some("[0]"),
        ),
        (
            http()
                .post(&url)
                .json(&vec![json!({"conversation_id": "c"}); 1001]),
            413,
            "too_large",
            None,
        ),
    ];
    for (request, status, code, field) in cases {
        let (got, v) = send(request).await;
        assert_eq!(
            (
                got,
                v["error"]["code"].as_str(),
                v["error"]["field"].as_str()
            ),
            (status, Some(code), field),
            "{v}"
        );
    }
    // A failed batch stores nothing: all or none.
    assert_eq!(metrics(&base, "").await["overall"]["conversations"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sidebar_rating_is_enriched_from_the_package_and_survives_a_restart() {
    let dir = common::temp_dir("outcomes-restart");
    let db = dir.join("relay.sqlite");
    let base = relay_at(&db).await;
    let id = common::pid(70);
    let package = common::package(&id);
    let r = http()
        .post(format!("{base}/v1/handoffs"))
        .header("x-handoff-conversation-id", "ic-77")
        .json(&package)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);

    // The stored package itself, for the Zendesk sidebar.
    let r = http()
        .get(format!("{base}/v1/handoffs/{id}/package"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), package);
    let (status, v) = send(http().get(format!("{base}/v1/handoffs/hp_unknown/package"))).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    // The sidebar knows the package id only: the relay names the conversation.
    let rating = json!({"handoff_id": id, "verdict": "too_late", "ts": "2026-11-24T17:05:00Z"});
    assert_eq!(
        post_outcomes(&base, &rating).await,
        (202, json!({"accepted": 1}))
    );
    // A CSAT event for the same conversation a day later merges with it.
    let csat = json!({"conversation_id": "ic-77", "handoff_id": id, "csat": 2, "ts": "2026-11-25T09:00:00Z"});
    assert_eq!(post_outcomes(&base, &csat).await.0, 202);

    // Another relay process on the same database sees the committed events.
    let base = relay_at(&db).await;
    let m = metrics(&base, "").await;
    assert_eq!(m["overall"]["conversations"], 1, "{m}");
    assert_eq!(m["overall"]["handoffs"], 1);
    assert_eq!(m["overall"]["verdicts"]["too_late"], 1);
    close(&m["overall"]["csat_mean"], 2.0);
    // Reasons and skill came from the stored package.
    for reason in ["explicit_request", "frustration"] {
        assert_eq!(
            m["by_reason"][reason]["verdicts"]["too_late"], 1,
            "{reason}"
        );
    }
    assert_eq!(m["by_skill"]["billing"]["handoffs"], 1);
    assert_eq!(m["by_reason"].as_object().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outcomes_follow_the_handoff_access_rules() {
    let key = "sk_test_outcomes_0123456789";
    let other = "sk_test_other_site_0123456789";
    let inbox_key = "inbox_key_for_sidebars_0123";
    let base = start_relay(
        "outcomes-sites",
        json!({"sites": [{"name": "shop", "key": key, "origins": ["https://shop.example"]},
                         {"name": "other", "key": other, "origins": []}],
               "inbox_key": inbox_key}),
    )
    .await;
    let url = format!("{base}/v1/outcomes");
    let event = json!({"conversation_id": "c1", "abandoned": true});
    let (status, v) = send(http().post(&url).json(&event)).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let (status, v) = send(
        http()
            .post(&url)
            .header("x-handoff-key", key)
            .header("origin", "https://evil.example")
            .json(&event),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (403, Some("origin_not_allowed"))
    );
    let r = http()
        .post(&url)
        .header("x-handoff-key", key)
        .header("origin", "https://shop.example")
        .json(&event)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    // A site's rating of its own package gets the package's conversation; another site's
    // package stays unknown to it.
    let id = common::pid(71);
    let r = http()
        .post(format!("{base}/v1/handoffs"))
        .header("x-handoff-key", key)
        .header("x-handoff-conversation-id", "shop-conv-1")
        .json(&common::package(&id))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    let rating = json!({"handoff_id": id, "verdict": "right_time"});
    let (status, v) = send(http().post(&url).header("x-handoff-key", key).json(&rating)).await;
    assert_eq!((status, &v), (202, &json!({"accepted": 1})));
    let (status, v) = send(
        http()
            .post(&url)
            .header("x-handoff-key", other)
            .json(&rating),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (400, Some("missing_field"))
    );
    // The Zendesk sidebar holds the inbox key, not a site key; a wrong one is refused.
    let sidebar = json!({"conversation_id": id, "handoff_id": id, "verdict": "too_early"});
    let (status, v) = send(
        http()
            .post(&url)
            .header("x-handoff-inbox-key", inbox_key)
            .json(&sidebar),
    )
    .await;
    assert_eq!((status, &v), (202, &json!({"accepted": 1})));
    let (status, v) = send(
        http()
            .post(&url)
            .header("x-handoff-inbox-key", "inbox_key_wrong_0123456789")
            .json(&sidebar),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let m: Value = get_json(&http(), &format!("{base}/v1/metrics")).await;
    // c1 (abandoned, no handoff), shop-conv-1 (rated right time), the package id (too early).
    assert_eq!(m["overall"]["conversations"], 3, "{m}");
    assert_eq!(m["overall"]["verdicts"]["right_time"], 1);
    assert_eq!(m["overall"]["verdicts"]["too_early"], 1);

    let r = http()
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);

    // Rate limits: the address bucket holds two requests.
    let base = start_relay(
        "outcomes-limits",
        json!({"rate_limits": {"per_client_per_sec": 0.001, "per_client_burst": 2, "per_site_per_sec": 0, "per_site_burst": 1}}),
    )
    .await;
    let url = format!("{base}/v1/outcomes");
    for _ in 0..2 {
        assert_eq!(send(http().post(&url).json(&event)).await.0, 202);
    }
    let r = http().post(&url).json(&event).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().contains_key("retry-after"));
}
