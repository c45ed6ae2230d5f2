//! Every request body the adapters build is validated against the vendor's published OpenAPI
//! schema, made strict (unknown fields fail) with the overlays for the documented spec errors.
//! The negative cases prove the validators are strict enough to catch real mistakes.

mod common;

use handoff::core::helpdesk::intercom::{self, ConversationAttributes, IntercomConfig};
use handoff::core::helpdesk::sunshine::{self, SunshineConfig};
use handoff::core::helpdesk::zendesk::{self, TicketFields, ZendeskConfig};
use handoff::core::helpdesk::{Auth, HttpRequest, Json, PackageView, Secret};
use handoff_relay::vendor::{Body, VendorSchemas};
use serde_json::{json, Value};

/// The core's value of a serde_json value.
fn to_core(v: &Value) -> Json {
    serde::Deserialize::deserialize(v).unwrap()
}

fn view(v: &Value) -> PackageView {
    PackageView::read(&to_core(v)).unwrap()
}

fn body(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
}

fn zendesk_config() -> ZendeskConfig {
    serde_json::from_value(json!({
        "base_url": "https://acme.zendesk.com",
        "auth": {"basic": {"user": "bot@acme.test/token", "password": "t"}},
        "fields": {"sentiment": 456, "page_url": 457, "page_section": 458, "skill": 459, "reasons": 460, "handoff_id": 461},
        "skills": {"billing": ["15821cba-7326-11e8-b07e-950ba849aa27"]},
        "groups": {"billing": 123}
    }))
    .unwrap()
}

fn sunshine_config() -> SunshineConfig {
    SunshineConfig {
        base_url: "https://acme.zendesk.com/sc".into(),
        app_id: "5d8cff3cd55b040010928b5b".into(),
        auth: Auth::Basic {
            user: "app_1".into(),
            password: Secret::new("s"),
        },
        switchboard_integration: "zd:agentWorkspace".into(),
        fields: TicketFields {
            sentiment: Some(456),
            page_url: Some(457),
            ..TicketFields::default()
        },
        groups: [("billing".to_string(), 123)].into(),
        tags: vec!["bot_handoff".into()],
    }
}

fn intercom_config() -> IntercomConfig {
    IntercomConfig {
        base_url: "https://api.intercom.io".into(),
        token: Secret::new("tok"),
        version: "2.16".into(),
        admin_id: "991267".into(),
        teams: [("billing".to_string(), "814865".to_string())].into(),
        default_team: None,
        tag_ids: [
            ("bot_handoff".to_string(), "17513".to_string()),
            ("handoff_skill_billing".to_string(), "17514".to_string()),
        ]
        .into(),
        tags: vec!["bot_handoff".into()],
        attributes: ConversationAttributes {
            sentiment: Some("Sentiment".into()),
            sentiment_score: Some("Sentiment score".into()),
            page_url: Some("Page URL".into()),
            skill: Some("Skill".into()),
            priority: Some("Handoff priority".into()),
            reasons: Some("Reasons".into()),
            handoff_id: Some("Handoff id".into()),
            page_section: None,
        },
    }
}

fn assert_valid(s: &VendorSchemas, kind: Body, v: &Value) {
    if let Err(errors) = s.check(kind, v) {
        panic!("{kind:?} rejected {v}:\n{}", errors.join("\n"));
    }
}

fn assert_invalid(s: &VendorSchemas, kind: Body, v: &Value, needle: &str) {
    match s.check(kind, v) {
        Ok(()) => panic!("{kind:?} accepted {v}"),
        Err(errors) => assert!(
            errors.iter().any(|e| e.contains(needle)),
            "{needle:?} not in {errors:?}"
        ),
    }
}

fn packages() -> Vec<Value> {
    vec![
        common::package(&common::pid(5)),
        json!({"id": "hp_min"}),
        json!({"id": "hp_conv", "conversation_id": "c1", "customer": {"id": "u1"}}),
    ]
}

#[test]
fn zendesk_ticket_create_matches_the_vendor_schema() {
    let Some(s) = common::schemas() else { return };
    for pkg in packages() {
        let req = zendesk::create_ticket(&view(&pkg), &zendesk_config());
        assert_valid(&s, Body::ZendeskTicketCreate, &body(&req));
    }
    let good = body(&zendesk::create_ticket(
        &view(&common::package("p")),
        &zendesk_config(),
    ));
    assert!(
        good["ticket"]["attribute_value_ids"].is_array()
            && good["ticket"]["custom_fields"].is_array()
    );
    // Strictness: a misspelt field, a read-only field, a wrong custom field shape, a bad enum.
    let mut typo = good.clone();
    typo["ticket"]["priorty"] = json!("high");
    assert_invalid(&s, Body::ZendeskTicketCreate, &typo, "priorty");
    let mut via = good.clone();
    via["ticket"]["via"] = json!({"channel": "api"});
    assert_invalid(&s, Body::ZendeskTicketCreate, &via, "via");
    let mut field = good.clone();
    field["ticket"]["custom_fields"] = json!([{"key": "sentiment", "value": "x"}]);
    assert_invalid(&s, Body::ZendeskTicketCreate, &field, "custom_fields");
    let mut prio = good.clone();
    prio["ticket"]["priority"] = json!("critical");
    assert_invalid(&s, Body::ZendeskTicketCreate, &prio, "priority");
    let mut no_comment = good;
    no_comment["ticket"]
        .as_object_mut()
        .unwrap()
        .remove("comment");
    assert_invalid(&s, Body::ZendeskTicketCreate, &no_comment, "comment");
}

#[test]
fn sunshine_pass_control_matches_the_vendor_schema() {
    let Some(s) = common::schemas() else { return };
    let mut pkg = view(&common::package(&common::pid(6)));
    pkg.conversation_id = Some("603012d7e0a3f9000c879b67".into());
    let req = sunshine::pass_control(&pkg, None, &sunshine_config()).unwrap();
    let good = body(&req);
    assert_valid(&s, Body::SunshinePassControl, &good);
    let mut nested = good.clone();
    nested["metadata"]["decision"] = json!({"skill": "billing"});
    assert_invalid(&s, Body::SunshinePassControl, &nested, "metadata");
    let mut big = good.clone();
    big["metadata"]["blob"] = json!("x".repeat(5000));
    assert_invalid(&s, Body::SunshinePassControl, &big, "4 KB");
    let mut unknown = good;
    unknown["switchboard"] = json!("next");
    assert_invalid(&s, Body::SunshinePassControl, &unknown, "switchboard");
}

#[test]
fn intercom_requests_match_the_vendor_schema() {
    let Some(s) = common::schemas() else { return };
    let cfg = intercom_config();
    let pkg = view(&common::package("hp_i"));
    assert_valid(
        &s,
        Body::IntercomCreateConversation,
        &body(&intercom::create_conversation(&pkg, &cfg).unwrap()),
    );
    let steps = intercom::follow_up(&pkg, &cfg, "147");
    let kinds = [
        Body::IntercomAdminReply,
        Body::IntercomUpdateConversation,
        Body::IntercomTag,
        Body::IntercomTag,
        Body::IntercomAssign,
    ];
    assert_eq!(steps.len(), kinds.len());
    for (step, kind) in steps.iter().zip(kinds) {
        assert_valid(&s, kind, &body(step));
    }
    // I3: 2.16 has no writable priority; I2: booleans are not custom attribute values.
    let mut priority = body(&steps[1]);
    priority["priority"] = json!("high");
    assert_invalid(&s, Body::IntercomUpdateConversation, &priority, "priority");
    let mut boolean = body(&steps[1]);
    boolean["custom_attributes"]["Escalated"] = json!(true);
    assert!(s.check(Body::IntercomUpdateConversation, &boolean).is_err());
    let search = body(&intercom::find_conversation(&pkg, 1_700_000_000, &cfg).unwrap());
    assert_valid(&s, Body::IntercomSearch, &search);
    let mut bad = search.clone();
    bad["query"]["operator"] = json!("XOR");
    assert!(s.check(Body::IntercomSearch, &bad).is_err());
    let mut no_admin = body(&steps[0]);
    no_admin.as_object_mut().unwrap().remove("admin_id");
    assert_invalid(&s, Body::IntercomAdminReply, &no_admin, "admin_id");
}

#[test]
fn the_sample_package_is_a_core_package_and_its_compact_form_fits_sunshine() {
    let value = common::package(&common::pid(7));
    let pkg: handoff::core::package::Package =
        serde_json::from_value(value.clone()).expect("the sample matches core::package::Package");
    assert!(handoff_relay::vendor::package_validator()
        .unwrap()
        .is_valid(&value));
    let compact = to_core(&serde_json::to_value(pkg.compact()).unwrap());
    let mut cfg = sunshine_config();
    cfg.fields.handoff_id = Some(461);
    let mut v = view(&value);
    v.conversation_id = Some("c1".into());
    let req = sunshine::pass_control(&v, Some(&compact), &cfg).unwrap();
    let b = body(&req);
    assert_eq!(b["metadata"]["handoff_package_id"], common::pid(7));
    assert_eq!(b["metadata"]["handoff_skill"], "billing");
    assert_eq!(b["metadata"]["dataCapture.ticketField.461"], common::pid(7));
    if let Some(s) = common::schemas() {
        assert_valid(&s, Body::SunshinePassControl, &b);
    }
}
