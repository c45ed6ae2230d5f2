//! The Intercom Canvas Kit endpoints over HTTP: signature checks, package look-up by the
//! conversation's `handoff_package_id` attribute and by the stored conversation id, the
//! at-a-glance card, Markdown escaping of customer text, the rating recorded as an outcome,
//! and every answer validated against the Canvas Kit schemas of Intercom's 2.11 description
//! (`initialize_response`, `submit_response`, `canvas_object`, `content_object`, `component`
//! and each `*_component`), made strict (`additionalProperties: false`) with the loading code
//! of `src/vendor.rs`.

mod common;
use common::get_json;

use std::sync::OnceLock;

use handoff_relay::vendor::{load_yaml, normalize, resolve, shared_dir, strict};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

const SECRET: &str = "canvas_client_secret_0123456789";
const CONVERSATION: &str = "215467";

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// Strict validators for the Canvas Kit schemas, or `None` when `shared/` is absent outside CI.
struct Canvas {
    validators: Vec<(String, jsonschema::Validator)>,
}

fn canvas_schemas() -> Option<&'static Canvas> {
    static SCHEMAS: OnceLock<Option<Canvas>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| {
            // `common::schemas` decides skipping (and fails under CI when shared/ is absent).
            common::schemas()?;
            let dir = shared_dir()?;
            let doc = load_yaml(&dir.join("specs/intercom/api.intercom.io.2.11.yaml")).unwrap();
            let names = [
                "initialize_response",
                "submit_response",
                "canvas_object",
                "content_object",
                "component",
                "text_component",
                "button_component",
                "divider_component",
                "submit_action_component",
            ];
            let validators = names
                .iter()
                .map(|name| {
                    let raw = doc
                        .pointer(&format!("/components/schemas/{name}"))
                        .unwrap_or_else(|| panic!("{name} not in the 2.11 description"));
                    let mut schema = resolve(&doc, raw, 0);
                    normalize(&mut schema);
                    strict(&mut schema);
                    let validator = jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft4)
                        .build(&schema)
                        .unwrap();
                    (name.to_string(), validator)
                })
                .collect();
            Some(Canvas { validators })
        })
        .as_ref()
}

impl Canvas {
    fn errors(&self, name: &str, v: &Value) -> Vec<String> {
        let (_, validator) = self
            .validators
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no validator {name}"));
        validator
            .iter_errors(v)
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect()
    }

    fn assert_valid(&self, name: &str, v: &Value) {
        let errors = self.errors(name, v);
        assert!(
            errors.is_empty(),
            "{name} rejected {v}:\n{}",
            errors.join("\n")
        );
    }
}

/// Checks a whole answer and each part against its own schema, and the 64 KB limit.
fn check_response(kind: &str, v: &Value) {
    let size = v["canvas"].to_string().len();
    assert!(size <= 64 * 1024, "canvas of {size} bytes");
    let Some(s) = canvas_schemas() else { return };
    s.assert_valid(kind, v);
    s.assert_valid("canvas_object", &v["canvas"]);
    s.assert_valid("content_object", &v["canvas"]["content"]);
    for c in v["canvas"]["content"]["components"].as_array().unwrap() {
        s.assert_valid("component", c);
        let own = format!("{}_component", c["type"].as_str().unwrap());
        s.assert_valid(&own, c);
        if c["type"] == "button" {
            s.assert_valid("submit_action_component", &c["action"]);
        }
    }
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An `initialize_request` as Intercom sends it for the conversation details panel.
fn initialize_request(conversation: &str, package_attribute: Option<&str>) -> Value {
    let mut attributes = json!({"Sentiment": "negative"});
    if let Some(id) = package_attribute {
        attributes["handoff_package_id"] = json!(id);
    }
    json!({
        "workspace_id": "ecahpwf5",
        "workspace_region": "us",
        "admin": {"type": "admin", "id": "991267", "name": "Agent", "email": "agent@acme.test"},
        "card_creation_options": {},
        "context": {"conversation_id": conversation.parse::<u64>().unwrap(), "location": "conversation"},
        "conversation": {"type": "conversation", "id": conversation, "custom_attributes": attributes},
        "contact": {"type": "contact", "id": "536e564f316c83104c000020"}
    })
}

async fn call(base: &str, path: &str, body: &Value, signature: Option<&str>) -> (u16, Value) {
    let text = body.to_string();
    let mut request = http()
        .post(format!("{base}/v1/intercom/canvas/{path}"))
        .header("content-type", "application/json");
    let signature = signature.map_or_else(|| sign(text.as_bytes()), str::to_string);
    request = request.header("x-body-signature", signature);
    let r = request.body(text).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn post_package(base: &str, package: &Value, conversation: Option<&str>) {
    let mut request = http().post(format!("{base}/v1/handoffs")).json(package);
    if let Some(c) = conversation {
        request = request.header("x-handoff-conversation-id", c);
    }
    let r = request.send().await.unwrap();
    assert_eq!(r.status().as_u16(), 202, "{}", r.text().await.unwrap());
}

fn texts(v: &Value) -> Vec<String> {
    v["canvas"]["content"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["text"].as_str().map(str::to_string))
        .collect()
}

async fn relay() -> String {
    common::start_relay(
        &format!("canvas-{}", fastrand::u32(..)),
        json!({"intercom_canvas": {"client_secret": SECRET}}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signatures_are_required_and_the_endpoints_need_configuration() {
    let base = relay().await;
    let body = initialize_request(CONVERSATION, None);
    for (signature, what) in [("", "missing"), ("00ff", "wrong"), ("not hex", "garbage")] {
        let (status, v) = call(&base, "initialize", &body, Some(signature)).await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (401, Some("invalid_signature")),
            "{what}"
        );
    }
    // A signature of another body does not pass.
    let other = sign(b"{}");
    let (status, _) = call(&base, "submit", &body, Some(&other)).await;
    assert_eq!(status, 401);
    let (status, v) = call(&base, "initialize", &body, None).await;
    assert_eq!(status, 200, "{v}");

    let plain = common::start_relay("canvas-off", json!({})).await;
    let (status, v) = call(&plain, "initialize", &body, None).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (404, Some("not_configured"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_shows_the_package_at_a_glance() {
    let base = relay().await;
    let id = common::pid(600);
    let mut package = common::package(&id);
    package["page"]["trail"] = json!([{"section": "pricing"}, {"url": "https://shop.example/billing", "section": "invoices"}]);
    post_package(&base, &package, None).await;

    // Found by the conversation's custom attribute (the widget sets it).
    let (status, v) = call(
        &base,
        "initialize",
        &initialize_request(CONVERSATION, Some(&id)),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    check_response("initialize_response", &v);
    let t = texts(&v);
    let has = |needle: &str| {
        assert!(
            t.iter().any(|s| s.contains(needle)),
            "{needle:?} not in {t:#?}"
        );
    };
    // Each reason with the message it fired in (1-based for people).
    has("**Explicit request** in message 3: “I want a human\\.”");
    has("**Frustration** in message 1: “I was charged twice\\!”");
    has("Customer was charged twice for the March invoice and wants a refund\\.");
    has("Invoices: INV\\-2031");
    has("Sent the refund policy article (article): **did not help**");
    has("invoices · https://shop\\.example/billing");
    has("Trail: pricing → invoices");
    has("Jane Doe · tier vip");
    has("\u{2212}0.55 \u{2192} \u{2212}0.62, falling");
    let buttons: Vec<(&str, &str)> = v["canvas"]["content"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "button")
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["action"]["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        buttons,
        vec![
            ("rate_right_time", "submit"),
            ("rate_too_early", "submit"),
            ("rate_too_late", "submit"),
            ("rate_not_needed", "submit"),
        ]
    );
    assert_eq!(v["canvas"]["stored_data"]["handoff_id"], json!(id));

    // Unknown conversation and no attribute: a canvas saying so.
    let (status, v) = call(&base, "initialize", &initialize_request("999", None), None).await;
    assert_eq!(status, 200);
    check_response("initialize_response", &v);
    assert!(texts(&v).iter().any(|s| s.contains("No handoff package")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_text_is_escaped_and_the_rating_becomes_an_outcome() {
    let base = relay().await;
    let id = common::pid(601);
    let mut package = common::package(&id);
    package["customer"]["name"] = json!("**Boss** [click](https://evil.example) <b>x</b>");
    package["transcript"]["messages"][2]["text"] = json!("# I want a _human_ `now`");
    // Found by the conversation id the client sent with the package.
    post_package(&base, &package, Some(CONVERSATION)).await;

    let (status, v) = call(
        &base,
        "initialize",
        &initialize_request(CONVERSATION, None),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    check_response("initialize_response", &v);
    let t = texts(&v).join("\n");
    assert!(
        t.contains(r"\*\*Boss\*\* \[click\]\(https://evil\.example\) \<b\>x\</b\>"),
        "{t}"
    );
    assert!(t.contains(r"“\# I want a \_human\_ \`now\`”"), "{t}");
    assert!(!t.contains("[click](") && !t.contains("<b>"), "{t}");

    // The agent rates the handoff: the canvas it saw carries the package id.
    let mut submit = initialize_request(CONVERSATION, None);
    submit["component_id"] = json!("rate_too_early");
    submit["current_canvas"] = json!({"current_canvas": v["canvas"].clone()});
    submit["input_values"] = json!({});
    submit["user"] = json!({"type": "contact", "id": "536e564f316c83104c000020"});
    let (status, r) = call(&base, "submit", &submit, None).await;
    assert_eq!(status, 200, "{r}");
    check_response("submit_response", &r);
    assert!(texts(&r)
        .iter()
        .any(|s| s.contains("Recorded: **Too early**")));

    let m: Value = get_json(&http(), &format!("{base}/v1/metrics")).await;
    assert_eq!(m["overall"]["conversations"], 1, "{m}");
    assert_eq!(m["overall"]["verdicts"]["too_early"], 1);
    assert_eq!(m["by_skill"]["billing"]["handoffs"], 1);

    let mut bad = submit.clone();
    bad["component_id"] = json!("rate_whenever");
    let (status, e) = call(&base, "submit", &bad, None).await;
    assert_eq!(
        (
            status,
            e["error"]["code"].as_str(),
            e["error"]["field"].as_str()
        ),
        (400, Some("invalid_value"), Some("component_id"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_largest_package_fits_in_64_kb() {
    let base = relay().await;
    let id = common::pid(602);
    let mut package = common::package(&id);
    // Four-byte characters and Markdown syntax everywhere, at every schema maximum.
    let long = |n: usize| "😀*".repeat(n / 2);
    package["decision"]["reasons"] = json!((0..32)
        .map(|i| json!({"reason": "frustration", "message_index": i, "strength": 0.5, "evidence": long(300)}))
        .collect::<Vec<_>>());
    package["decision"]["explanation"] = json!(long(300));
    package["summary"]["problem"] = json!(long(600));
    package["summary"]["facts"]["invoice_numbers"] = json!(vec![long(64); 10]);
    package["attempted_solutions"] = json!((0..20)
        .map(|i| json!({"message_index": i, "kind": "article", "text": long(300), "outcome": "failed"}))
        .collect::<Vec<_>>());
    package["customer"] = json!({"id": long(128), "name": long(128), "tier": long(128), "plan": long(128), "language": long(34)});
    package["page"] = json!({"url": format!("https://shop.example/{}", "a".repeat(2000)), "title": long(300), "section": long(120),
        "trail": vec![json!({"section": long(120)}); 10]});
    package["transcript"]["messages"] = json!((0..32)
        .map(|i| json!({"index": i, "role": "customer", "text": long(1000)}))
        .collect::<Vec<_>>());
    post_package(&base, &package, None).await;
    let (status, v) = call(
        &base,
        "initialize",
        &initialize_request(CONVERSATION, Some(&id)),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    check_response("initialize_response", &v);
    let t = texts(&v);
    assert!(t.iter().any(|s| s.contains("and 24 more")), "{t:?}");
}

#[test]
fn the_strict_schemas_catch_mistakes() {
    let Some(s) = canvas_schemas() else { return };
    let good = json!({"canvas": {"content": {"components": [
        {"type": "text", "text": "hi", "style": "muted"},
        {"type": "button", "id": "b", "label": "Go", "action": {"type": "submit"}}
    ]}}});
    s.assert_valid("initialize_response", &good);
    let mut typo = good.clone();
    typo["canvas"]["content"]["components"][0]["colour"] = json!("red");
    assert!(!s.errors("initialize_response", &typo).is_empty());
    let mut no_action = good.clone();
    no_action["canvas"]["content"]["components"][1]
        .as_object_mut()
        .unwrap()
        .remove("action");
    assert!(!s.errors("initialize_response", &no_action).is_empty());
    let mut bad_style = good.clone();
    bad_style["canvas"]["content"]["components"][0]["style"] = json!("bold");
    assert!(!s.errors("initialize_response", &bad_style).is_empty());
    let unwrapped = json!({"content": good["canvas"]["content"].clone()});
    assert!(!s.errors("initialize_response", &unwrapped).is_empty());
}
