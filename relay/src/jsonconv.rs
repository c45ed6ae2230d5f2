//! Conversion from serde_json values (what the relay parses) to the core's small [`Json`] value
//! (what the helpdesk request builders read).

use handoff::core::helpdesk::Json;

/// Converts a serde_json value; numbers that do not fit in `i64` become floats.
pub fn to_core(v: &serde_json::Value) -> Json {
    match v {
        serde_json::Value::Null => Json::Null,
        serde_json::Value::Bool(b) => Json::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Json::Int(i),
            None => Json::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Json::Str(s.clone()),
        serde_json::Value::Array(a) => Json::Arr(a.iter().map(to_core).collect()),
        serde_json::Value::Object(o) => {
            Json::Obj(o.iter().map(|(k, v)| (k.clone(), to_core(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_core_writer() {
        let v = serde_json::json!({"a": [1, 2.5, "x", null, true], "b": {"c": u64::MAX}});
        let back: serde_json::Value = serde_json::from_str(&to_core(&v).to_string()).unwrap();
        assert_eq!(back["a"], v["a"]);
        assert_eq!(back["b"]["c"].as_f64(), Some(u64::MAX as f64));
    }
}
