//! The wasm facade: the only `#[wasm_bindgen]` exports. Each export decodes its JS input,
//! calls the core, and encodes the result; no business logic lives here.
//!
//! JS call sequence:
//! ```js
//! import { HandoffEngine } from "handoff";
//! const engine = new HandoffEngine(policy);      // policy optional; throws {code, field} if bad
//! const decision = engine.observe({ role: "customer", text: "I need a person" });
//! decision.escalate; decision.reasons; decision.explanation;
//! engine.reset();                                  // start a new conversation
//! ```
//! Errors are real JS `Error` objects with a stable `code` (and `field` for validation errors).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::wire::decode_error;
use crate::core::{Engine, Error, ErrorCode, Message, Policy, Role};

/// Throws a JS `Error` carrying `code` and, when known, `field`.
fn js_error(err: &Error) -> JsValue {
    let e = js_sys::Error::new(err.message());
    let obj: &JsValue = e.as_ref();
    let _ = js_sys::Reflect::set(obj, &"code".into(), &err.code().into());
    if let Some(field) = err.field() {
        let _ = js_sys::Reflect::set(obj, &"field".into(), &field.into());
    }
    e.into()
}

fn decode<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| {
        let path = e.path().to_string();
        js_error(&decode_error(&e.into_inner().to_string(), &path))
    })
}

fn encode<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&Error::new(ErrorCode::InvalidJson, e.to_string())))
}

/// Reads `{role, text, ts?}` by hand: the hottest path, so no serde machinery, and errors name
/// the field.
fn decode_message(value: &JsValue) -> Result<Message, Error> {
    if !value.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidType,
            "a message must be an object {role, text, ts?}",
        ));
    }
    let field = |name: &str| js_sys::Reflect::get(value, &JsValue::from_str(name));
    let string = |name: &str, required: bool| -> Result<Option<String>, Error> {
        let v = field(name).map_err(|_| {
            Error::new(ErrorCode::InvalidType, "property cannot be read").at(name.to_string())
        })?;
        if v.is_undefined() || v.is_null() {
            return if required {
                Err(
                    Error::new(ErrorCode::MissingField, format!("missing field `{name}`"))
                        .at(name.to_string()),
                )
            } else {
                Ok(None)
            };
        }
        v.as_string().map(Some).ok_or_else(|| {
            Error::new(ErrorCode::InvalidType, "must be a string").at(name.to_string())
        })
    };
    let role = Role::parse(&string("role", true)?.unwrap_or_default())?;
    let text = string("text", true)?.unwrap_or_default();
    let ts = string("ts", false)?;
    Ok(Message { role, text, ts })
}

/// The handoff engine for one conversation.
#[wasm_bindgen]
pub struct HandoffEngine {
    engine: Engine,
}

#[wasm_bindgen]
impl HandoffEngine {
    /// Creates an engine; `policy` is an optional policy object (the defaults when omitted).
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue) -> Result<HandoffEngine, JsValue> {
        #[cfg(feature = "console_error_panic_hook")]
        console_error_panic_hook::set_once();
        let policy = if policy.is_undefined() || policy.is_null() {
            Policy::default()
        } else {
            Policy::from_deserializer(serde_wasm_bindgen::Deserializer::from(policy))
                .map_err(|e| js_error(&e))?
        };
        Ok(HandoffEngine {
            engine: Engine::new(policy),
        })
    }

    /// Observes `{role, text, ts?}` and returns the decision as a plain object.
    pub fn observe(&mut self, message: JsValue) -> Result<JsValue, JsValue> {
        let message = decode_message(&message).map_err(|e| js_error(&e))?;
        let decision = self.engine.observe(message);
        encode(&decision)
    }

    /// Sets the customer data (`{id?, name?, tier?, plan?, tenure_days?, open_tickets?, language?}`).
    #[wasm_bindgen(js_name = setCustomer)]
    pub fn set_customer(&mut self, customer: JsValue) -> Result<(), JsValue> {
        self.engine.set_customer(decode(customer)?);
        Ok(())
    }

    /// Forgets the conversation.
    pub fn reset(&mut self) {
        self.engine.reset();
    }
}
