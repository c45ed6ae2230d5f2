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

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::json_de::{self, FromJson};
use crate::core::wire::decode_error;
#[cfg(feature = "package")]
use crate::core::{
    context::PageContext,
    conversation::Customer,
    json_de::struct_from_json,
    package::{Inputs, Package},
};
use crate::core::{
    Decision, Engine, Error, ErrorCode, Message, Policy, Reason, Role, Skill, Trigger,
};

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

/// The JSON text of a JS value (`JSON.stringify`), which the core's small reader
/// (`core::json_de`) decodes with field paths: one decoder for every input, far smaller than
/// a JS-value deserializer plus path tracking per type.
fn json_text(value: &JsValue, code: ErrorCode) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| js_error(&Error::new(code, "the value cannot be written as JSON")))
}

/// Decodes a small JS value (customer data, package options); errors name the field. Only
/// the last step is generic: the JSON text, the parse and the error mapping exist once.
fn decode<T: FromJson>(value: JsValue) -> Result<T, JsValue> {
    T::from_json(parse(value)?).map_err(decode_js_error)
}

/// A JS value's JSON tree, for [`decode`].
fn parse(value: JsValue) -> Result<json_de::Value, JsValue> {
    let text = json_text(&value, ErrorCode::InvalidJson)?;
    json_de::parse(&text).map_err(decode_js_error)
}

/// A decoding error as the JS `Error` the facade throws.
fn decode_js_error(e: json_de::DeError) -> JsValue {
    js_error(&decode_error(e.message(), &e.path()))
}

/// Reads `{role, text, ts?}`: the hottest path, so no serde machinery. A well-formed message
/// takes two calls into `js/decision.js` (its role as a number, then its text); anything else
/// goes through [`decode_message_fields`], whose errors name the field.
fn decode_message(value: &JsValue) -> Result<Message, Error> {
    const ROLES: [Role; 4] = [Role::Customer, Role::Bot, Role::Agent, Role::System];
    let code = message_role(value);
    // A negative code: not a well-formed message.
    let Ok(c) = usize::try_from(code) else {
        return decode_message_fields(value);
    };
    let role = ROLES[c & 3];
    let text = message_text(value);
    let ts = (code & 4 != 0).then(|| message_ts(value));
    Ok(Message { role, text, ts })
}

/// Reads `{role, text, ts?}` field by field, naming the field that is missing or wrong.
fn decode_message_fields(value: &JsValue) -> Result<Message, Error> {
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

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Who wrote a message. */
export type Role = "customer" | "bot" | "agent" | "system";
/** One message of the conversation. Text is plain text, never HTML. */
export interface Message { role: Role; text: string; ts?: string }
/** The contract's fixed vocabularies. */
export type Reason = "explicit_request" | "frustration" | "complexity" | "loop" | "vip" | "critical";
export type Skill = "billing" | "technical" | "account" | "security" | "sales" | "general";
export type Priority = "low" | "normal" | "high" | "urgent";
/** One trigger that contributed to a decision. */
export interface Trigger { reason: Reason; strength: number; message_index: number; evidence: string }
/** The engine's decision after a message. */
export interface Decision {
  escalate: boolean;
  /** Every contributing trigger, strongest first. */
  reasons: Trigger[];
  skill: Skill;
  priority: Priority;
  /** The customer's sentiment, in [-1, 1]. */
  sentiment: number;
  /** Combined score of the threshold-based triggers, in [0, 1]. */
  score: number;
  /** 0-based index of the message after which the engine first decided to hand off. */
  turn: number | null;
  language: string | null;
  /** One line a supervisor can read. */
  explanation: string;
  warnings: string[];
}
/** What the host page knows about the customer. */
export interface Customer {
  id?: string; name?: string; email?: string; tier?: string; plan?: string;
  tenure_days?: number; open_tickets?: number; language?: string;
}
/** A policy document (see README, "Policy"); every field is optional. */
export interface Policy { version?: 1; name?: string; threshold?: number; release_threshold?: number; [key: string]: unknown }
/** What the page looked like at handoff (captured when not given). */
export interface PageContext {
  url?: string; title?: string; section?: string; breadcrumb?: string[];
  trail?: { url?: string; title?: string; section?: string }[];
  last_click?: string; errors?: string[]; viewport?: { width: number; height: number };
  language?: string; time_zone?: string;
}
/** Options of `buildPackage`; every field is optional. */
export interface PackageOptions {
  customer?: Customer;
  /** The page context; captured from the live page when omitted. */
  page?: PageContext;
  /** A random value mixed into the package id; a fresh one when omitted. */
  nonce?: string;
  /** RFC 3339; now when omitted. */
  created_at?: string;
}
/** The versioned handoff package (schema/handoff-package.v1.json). */
export interface HandoffPackage { schema_version: 1; id: string; created_at: string; [key: string]: unknown }
/** The flat compact form: strings, numbers and booleans, at most 4,096 bytes as JSON. */
export type CompactPackage = Record<string, string | number | boolean>;
/** What an outbox send or flush did. */
export interface OutboxResult { delivered: number; rejected: number; pending: number; errors: string[] }
/** Errors thrown by the engine carry a stable code and, for validation errors, the field. */
export interface HandoffError extends Error { code: string; field?: string }
"#;

#[wasm_bindgen]
extern "C" {
    /// A `Policy` object from JS.
    #[wasm_bindgen(typescript_type = "Policy")]
    #[derive(Debug, Clone)]
    pub type PolicyArg;
    /// A `Message` object from JS.
    #[wasm_bindgen(typescript_type = "Message")]
    #[derive(Debug, Clone)]
    pub type MessageArg;
    /// A `Customer` object from JS.
    #[wasm_bindgen(typescript_type = "Customer")]
    #[derive(Debug, Clone)]
    pub type CustomerArg;
    /// A `Decision` object returned to JS.
    #[wasm_bindgen(typescript_type = "Decision")]
    #[derive(Debug, Clone)]
    pub type DecisionObject;
    /// `{customer?, page?, nonce?, created_at?}` for `buildPackage`.
    #[wasm_bindgen(typescript_type = "PackageOptions")]
    #[derive(Debug, Clone)]
    pub type PackageOptionsArg;
    /// A handoff package, as `buildPackage` returns it.
    #[wasm_bindgen(typescript_type = "HandoffPackage")]
    #[derive(Debug, Clone)]
    pub type PackageObject;
    /// The flat compact form of a package.
    #[wasm_bindgen(typescript_type = "CompactPackage")]
    #[derive(Debug, Clone)]
    pub type CompactObject;
    /// Captured page context.
    #[wasm_bindgen(typescript_type = "PageContext")]
    #[derive(Debug, Clone)]
    pub type PageObject;
}

#[wasm_bindgen(module = "/js/decision.js")]
extern "C" {
    #[wasm_bindgen(js_name = messageRole)]
    fn message_role(message: &JsValue) -> i32;

    #[wasm_bindgen(js_name = messageText)]
    fn message_text(message: &JsValue) -> String;

    #[wasm_bindgen(js_name = messageTs)]
    fn message_ts(message: &JsValue) -> String;

    #[wasm_bindgen(js_name = makeTrigger)]
    fn make_trigger(reason: u8, strength: f32, message_index: u32, evidence: &JsValue) -> JsValue;

    #[wasm_bindgen(js_name = makeDecision)]
    #[allow(clippy::too_many_arguments)]
    fn make_decision(
        escalate: bool,
        reasons: &JsValue,
        skill: u8,
        priority: u8,
        sentiment: f32,
        score: f32,
        turn: i32,
        language: &JsValue,
        explanation: &JsValue,
        warnings: JsValue,
    ) -> JsValue;
}

/// Options of `buildPackage`.
#[cfg(feature = "package")]
#[derive(Default)]
struct PackageOptions {
    customer: Option<Customer>,
    page: Option<PageContext>,
    nonce: Option<String>,
    created_at: Option<String>,
}

#[cfg(feature = "package")]
struct_from_json! {
    /// Every field is optional; unknown fields are ignored.
    PackageOptions as "struct PackageOptions",
    start: PackageOptions::default(),
    required: 0, deny_unknown: false,
    { "customer" => customer, "page" => page, "nonce" => nonce, "created_at" => created_at }
}

/// A fresh nonce for a package id, from the browser's cryptographic random source when there
/// is one.
#[cfg(feature = "package")]
fn random_nonce() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for _ in 0..4 {
        // Eight hex digits (zero-padded) of a random u32, written by hand: `{:08x}` would
        // bring the formatter's hex and padding code into the wasm for this alone.
        let n = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        for k in 0..8 {
            out.push(HEX[(n >> (28 - 4 * k)) as usize & 0xF] as char);
        }
    }
    out
}

/// Encodes a value as a plain JS object: the core's JSON writer, then `JSON.parse`. The same
/// text the CLI prints, and no second serializer in the wasm.
fn encode<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    parse_json(crate::core::json::to_string(value).ok())
}

/// `JSON.parse` of the writer's text, for [`encode`] (out of the generic function).
fn parse_json(text: Option<String>) -> Result<JsValue, JsValue> {
    text.and_then(|text| js_sys::JSON::parse(&text).ok())
        .ok_or_else(|| {
            js_error(&Error::new(
                ErrorCode::InvalidJson,
                "the value cannot be written as JSON",
            ))
        })
}

/// The JS value cached in `slot` for `key`, made again by `make` (and `key` copied) only when
/// `key` changed (reasons, explanation and language rarely change between messages).
fn cached<'s, K: PartialEq + Clone>(
    slot: &'s mut Option<(K, JsValue)>,
    key: &K,
    make: impl FnOnce(&K) -> JsValue,
) -> &'s JsValue {
    if !slot.as_ref().is_some_and(|(cached, _)| cached == key) {
        let js = make(key);
        return &slot.insert((key.clone(), js)).1;
    }
    &slot.as_ref().expect("holds `key`, checked above").1
}

/// The handoff engine for one conversation.
#[wasm_bindgen]
pub struct HandoffEngine {
    engine: Engine,
    /// The JS values of the last decision's parts.
    encoder: Encoder,
    /// Packages built by this engine, newest last, so `compactPackage` needs no decoder of a
    /// whole package in the shipped wasm.
    #[cfg(feature = "package")]
    built: Vec<Package>,
}

/// The JS values of the last decision's parts, kept so that parts which did not change are
/// passed again instead of crossing the boundary anew.
#[derive(Default)]
struct Encoder {
    /// The JS array of the last reasons, rebuilt only when the triggers change (they rarely
    /// do between messages).
    reasons: Option<(Vec<Trigger>, JsValue)>,
    /// The last explanation and language as JS strings, passed again while they do not change
    /// (they rarely do between messages).
    explanation: Option<(String, JsValue)>,
    language: Option<(Option<String>, JsValue)>,
    /// The JS strings of the last triggers' evidence: a trigger's strength moves from message
    /// to message while its evidence stays, so the text crosses the boundary once.
    evidence: Vec<(String, JsValue)>,
}

/// How many built packages `compactPackage` remembers.
#[cfg(feature = "package")]
const BUILT_KEPT: usize = 4;

/// How many evidence strings [`HandoffEngine::evidence`] remembers (more than the six reasons).
const EVIDENCE_KEPT: usize = 8;

/// The JS string of `text`, from `kept` when it holds it, else made and remembered (the
/// oldest forgotten beyond [`EVIDENCE_KEPT`]).
fn kept_string(kept: &mut Vec<(String, JsValue)>, text: &str) -> JsValue {
    if let Some((_, js)) = kept.iter().find(|(s, _)| s == text) {
        return js.clone();
    }
    let js = JsValue::from_str(text);
    if kept.len() == EVIDENCE_KEPT {
        kept.remove(0);
    }
    kept.push((text.to_string(), js.clone()));
    js
}

impl Encoder {
    /// Encodes a decision as a plain JS object through one call into `js/decision.js`. Reads
    /// the engine's own decision in place: the parts it caches are copied only when they
    /// changed.
    fn encode(&mut self, d: &Decision) -> JsValue {
        let Decision {
            escalate,
            reasons,
            skill,
            priority,
            sentiment,
            score,
            turn,
            language,
            explanation,
            warnings,
        } = d;
        let kept = &mut self.evidence;
        let reasons = cached(&mut self.reasons, reasons, |reasons| {
            let array = js_sys::Array::new_with_length(reasons.len() as u32);
            for (i, t) in reasons.iter().enumerate() {
                let reason = Reason::ALL.iter().position(|r| *r == t.reason).unwrap_or(0);
                let evidence = kept_string(kept, &t.evidence);
                array.set(
                    i as u32,
                    make_trigger(reason as u8, t.strength, t.message_index as u32, &evidence),
                );
            }
            array.into()
        });
        let explanation = cached(&mut self.explanation, explanation, |e| JsValue::from_str(e));
        let language = cached(&mut self.language, language, |l| {
            l.as_deref().map_or(JsValue::NULL, JsValue::from_str)
        });
        let skill = Skill::ALL.iter().position(|s| s == skill).unwrap_or(5);
        let warnings = if warnings.is_empty() {
            JsValue::UNDEFINED
        } else {
            warnings
                .iter()
                .map(|w| JsValue::from_str(w))
                .collect::<js_sys::Array>()
                .into()
        };
        make_decision(
            *escalate,
            reasons,
            skill as u8,
            *priority as u8,
            // Adding 0.0 turns -0.0 into 0.0, which JSON cannot tell apart anyway.
            sentiment + 0.0,
            score + 0.0,
            turn.map_or(-1, |t| t as i32),
            language,
            explanation,
            warnings,
        )
    }
}

#[wasm_bindgen]
impl HandoffEngine {
    /// Creates an engine; `policy` is an optional policy object (the defaults when omitted).
    #[wasm_bindgen(constructor)]
    pub fn new(policy: Option<PolicyArg>) -> Result<HandoffEngine, JsValue> {
        #[cfg(feature = "console_error_panic_hook")]
        console_error_panic_hook::set_once();
        // In a page, the trail of pages and sections starts now (a no-op in Node).
        crate::page::start_tracking();
        let policy = match policy.map(JsValue::from) {
            Some(p) if !p.is_undefined() && !p.is_null() => {
                Policy::from_json(&json_text(&p, ErrorCode::InvalidPolicy)?)
                    .map_err(|e| js_error(&e))?
            }
            _ => Policy::default(),
        };
        Ok(HandoffEngine {
            engine: Engine::new(policy),
            encoder: Encoder::default(),
            #[cfg(feature = "package")]
            built: Vec::new(),
        })
    }

    /// Observes `{role, text, ts?}` and returns the decision as a plain object.
    pub fn observe(&mut self, message: MessageArg) -> Result<DecisionObject, JsValue> {
        let message = decode_message(message.as_ref()).map_err(|e| js_error(&e))?;
        let encoded = self.encoder.encode(self.engine.observe_ref(message));
        Ok(encoded.unchecked_into())
    }

    /// Sets the customer data (`{id?, name?, tier?, plan?, tenure_days?, open_tickets?, language?}`).
    #[wasm_bindgen(js_name = setCustomer)]
    pub fn set_customer(&mut self, customer: CustomerArg) -> Result<(), JsValue> {
        self.engine.set_customer(decode(customer.into())?);
        Ok(())
    }

    /// The page context as it would be captured now (for hosts that show it, and tests).
    #[wasm_bindgen(js_name = capturePage)]
    pub fn capture_page(&self) -> Result<PageObject, JsValue> {
        Ok(encode(&crate::page::capture())?.unchecked_into())
    }

    /// Forgets the conversation.
    pub fn reset(&mut self) {
        self.engine.reset();
        #[cfg(feature = "package")]
        self.built.clear();
    }
}

/// The packaging exports, in the full module only (the `package` feature, on by default). The
/// scoring module the widget loads with the page leaves them out; the widget loads the full
/// module once a customer writes and replays the conversation into it to build the package.
#[cfg(feature = "package")]
#[wasm_bindgen]
impl HandoffEngine {
    /// Builds the handoff package of the conversation so far: redacted in this page, before
    /// anything leaves it. Captures the page context when `options.page` is omitted.
    #[wasm_bindgen(js_name = buildPackage)]
    pub fn build_package(
        &mut self,
        options: Option<PackageOptionsArg>,
    ) -> Result<PackageObject, JsValue> {
        let options: PackageOptions = match options.map(JsValue::from) {
            Some(v) if !v.is_undefined() && !v.is_null() => decode(v)?,
            _ => PackageOptions::default(),
        };
        if let Some(customer) = options.customer {
            self.engine.set_customer(customer);
        }
        let page = options.page.unwrap_or_else(crate::page::capture);
        let created_at = options
            .created_at
            .unwrap_or_else(|| String::from(js_sys::Date::new_0().to_iso_string()));
        let nonce = options.nonce.unwrap_or_else(random_nonce);
        let decision = self.engine.decisive();
        let policy = self.engine.policy();
        let inputs = Inputs::from_engine(
            &self.engine,
            &decision,
            Some(&page).filter(|p| !p.is_empty()),
            &policy.redaction,
            &created_at,
            &nonce,
        );
        let package = Package::build(&inputs).map_err(|e| js_error(&e))?;
        let encoded = encode(&package)?;
        if self.built.len() == BUILT_KEPT {
            self.built.remove(0);
        }
        self.built.push(package);
        Ok(encoded.unchecked_into())
    }

    /// The flat compact form (at most 4,096 bytes as JSON) of a package this engine built
    /// (one of its last four); another package throws `unknown_package`.
    #[wasm_bindgen(js_name = compactPackage)]
    pub fn compact_package(&self, package: PackageObject) -> Result<CompactObject, JsValue> {
        let id = js_sys::Reflect::get(package.as_ref(), &JsValue::from_str("id"))
            .ok()
            .and_then(|v| v.as_string());
        let Some(id) = id else {
            return Err(js_error(
                &Error::new(ErrorCode::MissingField, "a package has an `id`").at("id"),
            ));
        };
        match self.built.iter().rev().find(|p| p.id == id) {
            Some(p) => Ok(encode(&p.compact())?.unchecked_into()),
            None => Err(js_error(&Error::new(
                ErrorCode::UnknownPackage,
                format!(
                    "package {id} was not built by this engine (it keeps the last {BUILT_KEPT})"
                ),
            ))),
        }
    }
}
