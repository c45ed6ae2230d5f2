//! A tiny JSON value and writer for the helpdesk request builders. The core may not use
//! serde_json outside tests (it would bloat the wasm), so the adapters build their request
//! bodies as [`Json`] values and print them through its `Display` impl. Objects keep insertion
//! order so bodies are deterministic. Parsing is left to the caller: [`Json`] implements
//! `serde::Deserialize`, so the relay reads it straight from JSON text or a serde_json value.

use std::fmt;

use crate::core::{json, json_de};

/// A JSON value. Objects are ordered lists of members; the builders never insert a key twice.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// Any other number. Non-finite values are written as `null`.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, in insertion order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// An empty object.
    pub fn object() -> Json {
        Json::Obj(Vec::new())
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    /// Adds (or replaces) a member when `self` is an object and returns `self`, for chaining.
    pub fn with(mut self, key: &str, value: Json) -> Json {
        self.insert(key, value);
        self
    }

    /// Adds (or replaces) a member when `self` is an object; does nothing otherwise.
    pub fn insert(&mut self, key: &str, value: Json) {
        if let Json::Obj(members) = self {
            match members.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => members.push((key.to_string(), value)),
            }
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of object keys (`["customer", "email"]`).
    pub fn path(&self, keys: &[&str]) -> Option<&Json> {
        keys.iter().try_fold(self, |value, key| value.get(key))
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number, when this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Int(i) => Some(*i as f64),
            Json::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The integer, when this is an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The items, when this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(members) => Some(members),
            _ => None,
        }
    }

    /// Whether this is an object without members, or an array without items.
    pub fn is_empty(&self) -> bool {
        match self {
            Json::Obj(members) => members.is_empty(),
            Json::Arr(items) => items.is_empty(),
            _ => false,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    /// Reads any JSON value through the core reader's tree (see `From<json_de::Value>`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        json_de::Value::deserialize(deserializer).map(Json::from)
    }
}

impl From<json_de::Value> for Json {
    /// The reader's tree as a value: integers that do not fit in `i64` become floats; when an
    /// object repeats a key, the last value wins (as in serde_json), at the key's first position.
    fn from(value: json_de::Value) -> Json {
        use json_de::Value as V;
        match value {
            V::Null => Json::Null,
            V::Bool(b) => Json::Bool(b),
            V::U64(u) => i64::try_from(u).map_or(Json::Float(u as f64), Json::Int),
            V::I64(i) => Json::Int(i),
            V::F64(x) => Json::Float(x),
            V::Str(s) => Json::Str(s),
            V::Array(items) => Json::Arr(items.into_iter().map(Json::from).collect()),
            V::Object(entries) => {
                let mut members: Vec<(String, Json)> = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    let value = Json::from(value);
                    match members.iter_mut().find(|(k, _)| *k == key) {
                        Some(slot) => slot.1 = value,
                        None => members.push((key, value)),
                    }
                }
                Json::Obj(members)
            }
        }
    }
}

impl Json {
    /// Appends the compact JSON text, written as `serde_json` writes it (the core's one string
    /// escaper and float writer, [`crate::core::json`]).
    pub fn write_to(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => json::write_i64(out, *i),
            Json::Float(x) => json::write_f64(out, *x),
            Json::Str(s) => json::write_escaped(out, s),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_to(out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::write_escaped(out, key);
                    out.push(':');
                    value.write_to(out);
                }
                out.push('}');
            }
        }
    }
}

impl fmt::Display for Json {
    /// Compact JSON text (RFC 8259), with every control character escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_to(&mut out);
        f.write_str(&out)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Int(i)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Json {
        Json::Arr(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_serde(j: &Json) -> serde_json::Value {
        serde_json::from_str(&j.to_string()).expect("writer output is valid JSON")
    }

    #[test]
    fn reads_any_json_and_writes_it_back() {
        let text = r#"{"a": [1, 2.5, "x\n", null, true, -7], "b": {"c": 18446744073709551615}, "a2": {}, "d": 1, "d": 2}"#;
        let value: Json = serde_json::from_str(text).unwrap();
        assert_eq!(
            value
                .path(&["a"])
                .and_then(Json::as_array)
                .map(<[Json]>::len),
            Some(6)
        );
        assert_eq!(
            value.path(&["a"]).unwrap().as_array().unwrap()[5],
            Json::Int(-7)
        );
        // Too large for i64: a float. A repeated key: the last value, at the first position.
        assert_eq!(value.path(&["b", "c"]), Some(&Json::Float(u64::MAX as f64)));
        assert_eq!(value.get("d"), Some(&Json::Int(2)));
        let back = to_serde(&value);
        assert_eq!(
            back["a"],
            serde_json::json!([1, 2.5, "x\n", null, true, -7])
        );
        assert_eq!(back["a2"], serde_json::json!({}));
        // From a serde_json value too, as the relay reads them.
        let from_value: Json = serde::Deserialize::deserialize(&back).unwrap();
        assert_eq!(from_value.path(&["a"]), value.path(&["a"]));
        assert!(serde_json::from_str::<Json>("[1,").is_err());
    }

    #[test]
    fn writes_valid_json_that_serde_reads_back() {
        let value = Json::object()
            .with(
                "s",
                Json::str("quote \" back \\ nl \n tab \t bell \u{7} é 𝄞 \u{2028}"),
            )
            .with("i", Json::Int(-42))
            .with("f", Json::Float(2.5))
            .with("whole", Json::Float(3.0))
            .with("nan", Json::Float(f64::NAN))
            .with("a", Json::from(vec!["x", "y"]))
            .with("n", Json::Null)
            .with("b", Json::Bool(false));
        let back = to_serde(&value);
        assert_eq!(
            back["s"],
            "quote \" back \\ nl \n tab \t bell \u{7} é 𝄞 \u{2028}"
        );
        assert_eq!(back["i"], -42);
        assert_eq!(back["f"], 2.5);
        assert_eq!(back["whole"], 3.0);
        assert!(back["nan"].is_null());
        assert_eq!(back["a"], serde_json::json!(["x", "y"]));
        assert_eq!(back["b"], false);
    }

    #[test]
    fn writes_the_same_bytes_as_serde_json() {
        // Keys in sorted order, as serde_json's map writes them.
        let value = Json::object()
            .with("a", Json::Float(1e20))
            .with("b", Json::Float(-0.000_001_5))
            .with("c", Json::Int(i64::MIN))
            .with("d", Json::str("\u{8}\u{c}\u{1f} \u{2028} \u{7f}"))
            .with("e", Json::Float(3.0));
        let text = value.to_string();
        assert_eq!(text, serde_json::to_string(&to_serde(&value)).unwrap());
        assert!(text.contains(r#""\b\f\u001f"#), "{text}");
    }

    #[test]
    fn insert_replaces_and_keeps_order() {
        let mut value = Json::object().with("a", 1i64.into()).with("b", 2i64.into());
        value.insert("a", Json::str("one"));
        assert_eq!(value.to_string(), r#"{"a":"one","b":2}"#);
        assert_eq!(value.path(&["a"]).and_then(Json::as_str), Some("one"));
        assert_eq!(value.path(&["a", "x"]), None);
    }
}
