//! Test bodies shared by the Node and headless-browser wasm-bindgen-test suites, so the facade
//! behaves the same in both runtimes.

use handoff::HandoffEngine;
use wasm_bindgen::{JsCast, JsValue};

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).expect("property readable")
}

fn message<T: JsCast>(role: &str, text: &str) -> T {
    let obj = js_sys::Object::new();
    js_sys::Reflect::set(&obj, &"role".into(), &role.into()).unwrap();
    js_sys::Reflect::set(&obj, &"text".into(), &text.into()).unwrap();
    obj.unchecked_into()
}

/// An explicit request escalates and the decision is a plain object with reasons.
pub fn explicit_request_escalates() {
    let mut engine = HandoffEngine::new(None).unwrap();
    let d = engine
        .observe(message("customer", "hi, my invoice is wrong"))
        .unwrap();
    assert_eq!(get(&d, "escalate"), JsValue::FALSE);
    assert!(get(&d, "turn").is_null(), "turn is null, not undefined");
    let d = engine
        .observe(message("customer", "I need to speak to a person"))
        .unwrap();
    assert_eq!(get(&d, "escalate"), JsValue::TRUE);
    assert_eq!(get(&d, "turn").as_f64(), Some(1.0));
    let reasons = js_sys::Array::from(&get(&d, "reasons"));
    assert!(reasons.length() >= 1);
    assert_eq!(
        get(&reasons.get(0), "reason").as_string().as_deref(),
        Some("explicit_request")
    );
    let explanation = get(&d, "explanation").as_string().unwrap();
    assert!(explanation.contains("message 2"), "{explanation}");
    // A plain object: JSON.stringify round-trips it.
    let json = js_sys::JSON::stringify(&d).unwrap().as_string().unwrap();
    assert!(json.contains("\"escalate\":true"), "{json}");
    engine.reset();
    let d = engine.observe(message("customer", "hello")).unwrap();
    assert_eq!(get(&d, "escalate"), JsValue::FALSE);
}

/// Bad input throws a real `Error` with a stable `code` and the field's path.
pub fn bad_input_throws_coded_errors() {
    let mut engine = HandoffEngine::new(None).unwrap();
    let err = engine.observe(message("robot", "hi")).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_role")
    );
    assert_eq!(get(&err, "field").as_string().as_deref(), Some("role"));

    let obj = js_sys::Object::new();
    js_sys::Reflect::set(&obj, &"role".into(), &"customer".into()).unwrap();
    let err = engine.observe(obj.unchecked_into()).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("missing_field")
    );

    let err = engine
        .observe(JsValue::from(42).unchecked_into())
        .unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_type")
    );

    let policy = js_sys::JSON::parse(r#"{"threshold": 3}"#).unwrap();
    let err = HandoffEngine::new(Some(policy.unchecked_into()))
        .err()
        .expect("bad policy rejected");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_policy")
    );
    assert_eq!(get(&err, "field").as_string().as_deref(), Some("threshold"));

    // Nothing was lost: the engine still works after the errors.
    let d = engine
        .observe(message("customer", "get me a real person"))
        .unwrap();
    assert_eq!(get(&d, "escalate"), JsValue::TRUE);
}

/// Unpaired surrogates from JS strings and empty text never panic.
pub fn odd_text_never_panics() {
    let mut engine = HandoffEngine::new(None).unwrap();
    let lone = js_sys::JSON::parse(r#""\ud800 speak to a person \udfff""#).unwrap();
    let obj = js_sys::Object::new();
    js_sys::Reflect::set(&obj, &"role".into(), &"customer".into()).unwrap();
    js_sys::Reflect::set(&obj, &"text".into(), &lone).unwrap();
    let d = engine.observe(obj.unchecked_into()).unwrap();
    assert_eq!(get(&d, "escalate"), JsValue::TRUE);
    let d = engine.observe(message("customer", "")).unwrap();
    assert!(get(&d, "sentiment").as_f64().is_some());
}
