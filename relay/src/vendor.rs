//! The vendors' published OpenAPI descriptions (in `shared/specs`, not in this repository) turned
//! into strict JSON Schema validators for the request bodies the relay sends. Whole-document
//! validation fails on every file (see `shared/guides/helpdesk-apis.md` §1.2), so we take single
//! component schemas, resolve their `$ref`s, convert OpenAPI 3.0 specifics (`nullable`), flatten
//! `allOf`, and apply overlays for the documented spec errors:
//!
//! - Z1: Zendesk `custom_fields` items are `{id: integer, value}` (the OAS points at the field
//!   *definition* object).
//! - Z2: Zendesk `attribute_value_ids` are UUID strings (the OAS says integers).
//! - Z3: Zendesk `via` is read-only: removed, so sending it fails.
//! - Z4: Zendesk `requester` (write-only, missing from the create input) is added as
//!   `{name, email, locale_id}`.
//! - I1: Intercom `format: uuid` is dropped (Intercom ids are 24-hex strings).
//! - I3: every object schema we send gets `additionalProperties: false` (unless it declares
//!   its own), so an unknown or misspelt field fails validation.
//!
//! I2 (Intercom custom attribute values) needs no overlay: the adapter sends only strings and
//! integers, which the stricter published schema accepts. S1 (Sunshine metadata: flat, at most
//! 4 KB) lives only in prose, so [`VendorSchemas::check`] enforces it in code.
//!
//! The YAML loader (serde_yaml, YAML 1.2 scalars) reads Zendesk's bare `=` values (quirk Z0) as
//! strings.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The request bodies we validate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Zendesk `POST /api/v2/tickets` (`TicketCreateRequest`).
    ZendeskTicketCreate,
    /// Sunshine `passControl` (`passControlBody`).
    SunshinePassControl,
    /// Intercom `POST /conversations` (`create_conversation_request`).
    IntercomCreateConversation,
    /// Intercom admin note (`admin_reply_conversation_request`).
    IntercomAdminReply,
    /// Intercom `PUT /conversations/{id}` (`update_conversation_request`).
    IntercomUpdateConversation,
    /// Intercom `POST /conversations/{id}/tags` (inline schema).
    IntercomTag,
    /// Intercom assignment (`assign_conversation_request`).
    IntercomAssign,
    /// Intercom `POST /conversations/search` (`search_request`).
    IntercomSearch,
}

/// Finds the shared directory: `HANDOFF_SHARED_DIR`, else `../shared` next to the repository
/// root (also one level further up, for worktrees under `wt/<name>`).
pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("HANDOFF_SHARED_DIR") {
        let dir = PathBuf::from(dir);
        return dir.join("specs").is_dir().then_some(dir);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .to_path_buf();
    [repo.join("../shared"), repo.join("../../shared")]
        .into_iter()
        .find(|d| d.join("specs").is_dir())
}

/// Loads a YAML document as JSON (map keys become strings, tags are dropped).
pub fn load_yaml(path: &Path) -> Result<Value, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
    Ok(yaml_to_json(yaml))
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map(Value::from).unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        serde_yaml::Value::String(s) => s,
                        other => serde_yaml::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(t) => yaml_to_json(t.value),
    }
}

/// Replaces local `$ref`s by their targets (sibling keys kept), recursively. `depth` counts
/// references followed: recursive schemas (Intercom's nested search filters) are cut after
/// eight levels with a permissive `{}`, which only ever replaces a `$ref`, so it always stands
/// where a schema belongs.
pub fn resolve(doc: &Value, schema: &Value, depth: usize) -> Value {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if depth >= 8 {
                    return json!({});
                }
                let target = r
                    .strip_prefix('#')
                    .and_then(|p| doc.pointer(p))
                    .cloned()
                    .unwrap_or(json!({}));
                let mut resolved = resolve(doc, &target, depth + 1);
                if let Value::Object(out) = &mut resolved {
                    for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "$ref") {
                        out.entry(k.clone())
                            .or_insert_with(|| resolve(doc, v, depth));
                    }
                }
                return resolved;
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), resolve(doc, v, depth)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(doc, v, depth)).collect()),
        other => other.clone(),
    }
}

/// OpenAPI 3.0 to JSON Schema: `nullable` becomes a `null` type, examples and `format: uuid`
/// (I1) go, and `allOf` of object schemas is merged into one object (so `additionalProperties`
/// can be applied to the whole).
pub fn normalize(schema: &mut Value) {
    let Value::Object(map) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(normalize);
        }
        return;
    };
    for v in map.values_mut() {
        normalize(v);
    }
    map.remove("example");
    map.remove("examples");
    if map.get("format").and_then(Value::as_str) == Some("uuid") {
        map.remove("format");
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        if let Some(Value::String(t)) = map.get("type").cloned() {
            map.insert("type".into(), json!([t, "null"]));
        }
    }
    if let Some(Value::Array(parts)) = map.get("allOf").cloned() {
        if parts.iter().all(Value::is_object) {
            map.remove("allOf");
            for part in parts {
                let Value::Object(part) = part else { continue };
                for (k, v) in part {
                    match (k.as_str(), map.get_mut(&k)) {
                        ("properties", Some(Value::Object(props))) => {
                            if let Value::Object(more) = v {
                                props.extend(more);
                            }
                        }
                        ("required", Some(Value::Array(req))) => {
                            if let Value::Array(more) = v {
                                req.extend(more);
                            }
                        }
                        (_, Some(_)) => {}
                        (_, None) => {
                            map.insert(k, v);
                        }
                    }
                }
            }
        }
    }
}

/// Adds `additionalProperties: false` to every object schema with `properties` that does not
/// say otherwise, walking only schema positions.
pub fn strict(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        props.values_mut().for_each(strict);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(v) = map.get_mut(key) {
            strict(v);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            items.iter_mut().for_each(strict);
        }
    }
}

fn component(doc: &Value, name: &str) -> Result<Value, String> {
    let raw = doc
        .pointer(&format!("/components/schemas/{name}"))
        .ok_or_else(|| format!("component schema {name} not found"))?;
    Ok(resolve(doc, raw, 0))
}

fn finish(mut schema: Value) -> Value {
    normalize(&mut schema);
    strict(&mut schema);
    schema
}

fn zendesk_ticket_create(doc: &Value) -> Result<Value, String> {
    let mut schema = component(doc, "TicketCreateRequest")?;
    normalize(&mut schema);
    let ticket = schema
        .pointer_mut("/properties/ticket/properties")
        .and_then(Value::as_object_mut)
        .ok_or("TicketCreateRequest has no ticket properties")?;
    // Z1: the item shape real requests use.
    ticket.insert(
        "custom_fields".into(),
        json!({"type": "array", "items": {"type": "object", "required": ["id", "value"],
            "properties": {"id": {"type": "integer"},
                           "value": {"type": ["string", "number", "boolean", "array", "null"]}}}}),
    );
    // Z2: skills are UUID strings.
    ticket.insert(
        "attribute_value_ids".into(),
        json!({"type": "array", "items": {"type": "string"}}),
    );
    // Z3: `via` is read-only on create.
    ticket.remove("via");
    // Z4: the write-only requester object.
    ticket.insert(
        "requester".into(),
        json!({"type": "object", "properties": {"name": {"type": "string"},
            "email": {"type": "string"}, "locale_id": {"type": "integer"}}}),
    );
    Ok(finish(schema))
}

fn intercom_tag(doc: &Value) -> Result<Value, String> {
    let raw = doc
        .pointer("/paths/~1conversations~1{conversation_id}~1tags/post/requestBody/content/application~1json/schema")
        .ok_or("the Intercom tag request schema was not found")?;
    Ok(finish(resolve(doc, raw, 0)))
}

/// Strict validators for the request bodies, built from the vendor files.
pub struct VendorSchemas {
    validators: Vec<(Body, Value, jsonschema::Validator)>,
}

fn build(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("building a validator: {e}"))
}

impl VendorSchemas {
    /// Loads the Zendesk, Sunshine and Intercom (2.16) descriptions from `shared`.
    pub fn load(shared: &Path) -> Result<VendorSchemas, String> {
        let specs = shared.join("specs");
        let zendesk = load_yaml(&specs.join("zendesk/support-api.oas.yaml"))?;
        let sunshine = load_yaml(&specs.join("sunshine-conversations/openapi.yaml"))?;
        let intercom = load_yaml(&specs.join("intercom/api.intercom.io.2.16.yaml"))?;
        let schemas = [
            (Body::ZendeskTicketCreate, zendesk_ticket_create(&zendesk)?),
            (
                Body::SunshinePassControl,
                finish(component(&sunshine, "passControlBody")?),
            ),
            (
                Body::IntercomCreateConversation,
                finish(component(&intercom, "create_conversation_request")?),
            ),
            (
                Body::IntercomAdminReply,
                finish(component(&intercom, "admin_reply_conversation_request")?),
            ),
            (
                Body::IntercomUpdateConversation,
                finish(component(&intercom, "update_conversation_request")?),
            ),
            (Body::IntercomTag, intercom_tag(&intercom)?),
            (
                Body::IntercomAssign,
                finish(component(&intercom, "assign_conversation_request")?),
            ),
            (
                Body::IntercomSearch,
                finish(component(&intercom, "search_request")?),
            ),
        ];
        let mut validators = Vec::new();
        for (body, schema) in schemas {
            let validator = build(&schema).map_err(|e| format!("{body:?}: {e}"))?;
            validators.push((body, schema, validator));
        }
        Ok(VendorSchemas { validators })
    }

    /// The strict schema used for a body.
    pub fn schema(&self, body: Body) -> &Value {
        &self.entry(body).1
    }

    fn entry(&self, body: Body) -> &(Body, Value, jsonschema::Validator) {
        // Every variant is built in `load`, so the look-up always succeeds.
        self.validators
            .iter()
            .find(|(b, _, _)| *b == body)
            .unwrap_or(&self.validators[0])
    }

    /// Validates a request body; the errors name the failing path.
    pub fn check(&self, body: Body, instance: &Value) -> Result<(), Vec<String>> {
        let (_, _, validator) = self.entry(body);
        let mut errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        if body == Body::SunshinePassControl {
            if let Some(meta) = instance.get("metadata") {
                errors.extend(check_flat_metadata(meta));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// S1: Sunshine metadata is a flat object of strings, numbers and booleans, at most 4 KB.
pub fn check_flat_metadata(meta: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    match meta.as_object() {
        Some(map) => {
            for (k, v) in map {
                if !(v.is_string() || v.is_number() || v.is_boolean()) {
                    errors.push(format!(
                        "/metadata/{k}: metadata values must be strings, numbers or booleans"
                    ));
                }
            }
            let len = meta.to_string().len();
            if len > 4096 {
                errors.push(format!("/metadata: {len} bytes, more than 4 KB"));
            }
        }
        None if meta.is_null() => {}
        None => errors.push("/metadata: must be an object".into()),
    }
    errors
}

/// The package JSON Schema (`schema/handoff-package.v1.json`), compiled into the relay.
pub const PACKAGE_SCHEMA: &str = include_str!("../../schema/handoff-package.v1.json");

/// The package JSON Schema validator: the embedded schema, or the file named by
/// `HANDOFF_PACKAGE_SCHEMA` (to accept a newer schema without rebuilding).
pub fn package_validator() -> Option<jsonschema::Validator> {
    let text = match std::env::var("HANDOFF_PACKAGE_SCHEMA") {
        Ok(path) => match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("handoff-relay: reading the package schema {path}: {e}");
                return None;
            }
        },
        Err(_) => PACKAGE_SCHEMA.to_string(),
    };
    let schema: Value = serde_json::from_str(&text).ok()?;
    match jsonschema::validator_for(&schema) {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("handoff-relay: the package schema does not compile: {e}");
            None
        }
    }
}
