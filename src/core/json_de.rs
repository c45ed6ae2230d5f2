//! A small JSON reader that implements `serde::Deserializer` itself and remembers where an error
//! happened (`routing.steps[2].skill`), so that a bad policy or option object is rejected with
//! the offending field's path. It replaces serde-wasm-bindgen's decoder plus serde_path_to_error
//! in the shipped wasm (the facade hands it `JSON.stringify` of a JS value), at a fraction of
//! their size. The text is first parsed into a small tree by code that is not generic (so it
//! is compiled once), and the tree is then handed to serde's visitors by a thin
//! `Deserializer` whose per-type copies are a few matches. It reads one JSON document, strict
//! RFC 8259 syntax, nesting at most [`MAX_DEPTH`] deep; it must not grow lenient extensions.

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::error::{Error, ErrorCode};
use super::json::{f32_text, pow10};

/// How deeply arrays and objects may nest before the reader gives up (instead of overflowing
/// the stack on hostile input).
pub const MAX_DEPTH: usize = 64;

/// A decoding error: serde's message and the path where it happened, innermost segment first
/// while the error travels up.
#[derive(Debug)]
pub struct DeError {
    message: String,
    path: Vec<Segment>,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl DeError {
    // Out of line: every field of every type reaches this error path.
    #[inline(never)]
    fn at(mut self, segment: Segment) -> DeError {
        self.path.push(segment);
        self
    }

    /// The serde message (`invalid type: string "high", expected f32`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The path of the offending field (`weights.frustration`, `steps[0].name`); empty at the
    /// top level.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The error with a stable code; the path, when there is one, becomes the field.
    pub fn into_error(self, code: ErrorCode) -> Error {
        let path = self.path();
        let err = Error::new(code, self.message);
        if path.is_empty() {
            err
        } else {
            err.at(path)
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> DeError {
        DeError {
            message: msg.to_string(),
            path: Vec::new(),
        }
    }

    // serde's own `invalid_type` and `invalid_value` print the unexpected value through
    // `Unexpected`'s `Display`, which links Rust's float formatting for `Unexpected::Float`;
    // these say the same through the JSON writer's small `f32` formatting.
    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> DeError {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            unexpected_text(unexpected)
        ))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> DeError {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            unexpected_text(unexpected)
        ))
    }
}

/// What serde's `Unexpected` prints (`integer \`3\``, `string "high"`, `floating point \`1.5\``).
fn unexpected_text(unexpected: de::Unexpected<'_>) -> String {
    use de::Unexpected as U;
    match unexpected {
        U::Bool(b) => format!("boolean `{b}`"),
        U::Unsigned(n) => format!("integer `{n}`"),
        U::Signed(n) => format!("integer `{n}`"),
        U::Float(f) => format!("floating point `{}`", f32_text(f as f32)),
        U::Char(c) => format!("character `{c}`"),
        U::Str(s) => format!("string \"{s}\""),
        U::Bytes(_) => "byte array".to_string(),
        U::Unit => "unit value".to_string(),
        U::Option => "Option value".to_string(),
        U::NewtypeStruct => "newtype struct".to_string(),
        U::Seq => "sequence".to_string(),
        U::Map => "map".to_string(),
        U::Enum => "enum".to_string(),
        U::UnitVariant => "unit variant".to_string(),
        U::NewtypeVariant => "newtype variant".to_string(),
        U::TupleVariant => "tuple variant".to_string(),
        U::StructVariant => "struct variant".to_string(),
        U::Other(other) => other.to_string(),
    }
}

/// Reads a whole JSON document into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DeError> {
    let mut reader = Reader {
        src: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    T::deserialize(reader.document()?)
}

/// Reads a JSON document into `T`; errors get `code` and the field's path.
pub fn decode<T: DeserializeOwned>(text: &str, code: ErrorCode) -> Result<T, Error> {
    from_str(text).map_err(|e| e.into_error(code))
}

struct Reader<'de> {
    src: &'de [u8],
    pos: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    fn syntax(&self, what: &str) -> DeError {
        de::Error::custom(format_args!("{what} at byte {} of the JSON text", self.pos))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next significant byte, not consumed.
    fn peek(&mut self) -> Result<u8, DeError> {
        self.skip_ws();
        match self.src.get(self.pos) {
            Some(&b) => Ok(b),
            None => Err(self.syntax("unexpected end")),
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), DeError> {
        if self.peek()? == b {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.syntax("unexpected character"))
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), DeError> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.syntax("expected value"))
        }
    }

    /// Reads a string after its opening quote.
    fn string(&mut self) -> Result<String, DeError> {
        self.pos += 1;
        let mut buf: Vec<u8> = Vec::new();
        loop {
            let Some(&b) = self.src.get(self.pos) else {
                return Err(self.syntax("unterminated string"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    // The input is a `&str` and escapes are decoded to UTF-8, so the bytes are
                    // valid UTF-8; the check cannot fail.
                    return Ok(String::from_utf8(buf).unwrap_or_default());
                }
                b'\\' => {
                    let Some(&e) = self.src.get(self.pos + 1) else {
                        return Err(self.syntax("unterminated string"));
                    };
                    self.pos += 2;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.src[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.syntax("invalid surrogate pair"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            // A lone surrogate becomes U+FFFD, as `TextEncoder` would make it.
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.syntax("invalid escape")),
                    };
                    let mut utf8 = [0; 4];
                    buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                }
                0x00..=0x1F => return Err(self.syntax("control character in string")),
                _ => {
                    buf.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, DeError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.src.get(self.pos) {
                Some(&b) => (b as char).to_digit(16),
                None => None,
            };
            let Some(d) = d else {
                return Err(self.syntax("invalid \\u escape"));
            };
            n = n * 16 + d;
            self.pos += 1;
        }
        Ok(n)
    }

    /// Reads a number as `u64`, `i64` or `f64`.
    fn number(&mut self) -> Result<Value, DeError> {
        let negative = self.src[self.pos] == b'-';
        if negative {
            self.pos += 1;
        }
        // Up to 19 significant digits in `mantissa`; further digits only move `exp10`.
        let mut mantissa: u64 = 0;
        let mut digits = 0;
        let mut exp10: i32 = 0;
        let mut integral = true;
        let int_start = self.pos;
        self.digits(&mut mantissa, &mut digits, &mut exp10, false);
        let int_len = self.pos - int_start;
        if int_len == 0 || (int_len > 1 && self.src[int_start] == b'0') {
            return Err(self.syntax("invalid number"));
        }
        if self.src.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            integral = false;
            let start = self.pos;
            self.digits(&mut mantissa, &mut digits, &mut exp10, true);
            if self.pos == start {
                return Err(self.syntax("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.src.get(self.pos) {
            self.pos += 1;
            integral = false;
            let minus = match self.src.get(self.pos) {
                Some(b'-') => true,
                Some(b'+') => false,
                _ => {
                    self.pos -= 1;
                    false
                }
            };
            self.pos += 1;
            let start = self.pos;
            let mut e: i32 = 0;
            while let Some(&b @ b'0'..=b'9') = self.src.get(self.pos) {
                e = e.saturating_mul(10).saturating_add(i32::from(b - b'0'));
                self.pos += 1;
            }
            if self.pos == start {
                return Err(self.syntax("invalid number"));
            }
            exp10 = exp10.saturating_add(if minus { -e } else { e });
        }
        if integral && exp10 == 0 {
            if !negative {
                return Ok(Value::U64(mantissa));
            }
            if mantissa <= i64::MAX as u64 {
                return Ok(Value::I64(-(mantissa as i64)));
            }
        }
        let v = to_f64(mantissa, exp10);
        Ok(Value::F64(if negative { -v } else { v }))
    }

    fn digits(&mut self, mantissa: &mut u64, digits: &mut u32, exp10: &mut i32, fraction: bool) {
        while let Some(&b @ b'0'..=b'9') = self.src.get(self.pos) {
            self.pos += 1;
            if *digits < 19 {
                if *mantissa != 0 || b != b'0' {
                    *digits += 1;
                }
                *mantissa = *mantissa * 10 + u64::from(b - b'0');
                if fraction {
                    *exp10 -= 1;
                }
            } else if !fraction {
                *exp10 += 1;
            }
        }
    }
}

/// `mantissa × 10^exp10`: exact (correctly rounded) when the mantissa has at most 15 digits
/// and the power of ten at most 22 (Clinger's fast path: both are exact doubles, and one IEEE
/// multiplication or division rounds once), which covers every number a policy or option
/// object holds; within a few units in the last place beyond, without the size of a full
/// decimal-to-float algorithm.
fn to_f64(mantissa: u64, exp10: i32) -> f64 {
    let m = mantissa as f64;
    if mantissa == 0 {
        return 0.0;
    }
    if (0..=22).contains(&exp10) {
        m * pow10(exp10)
    } else if (-22..0).contains(&exp10) {
        m / pow10(-exp10)
    } else if exp10 > 0 {
        m * pow10(exp10.min(400))
    } else {
        // Two steps keep 10^-exp10 finite for tiny numbers.
        m / pow10((-exp10).min(400) / 2) / pow10((-exp10).min(400) - (-exp10).min(400) / 2)
    }
}

/// A parsed JSON value.
#[derive(Default)]
enum Value {
    #[default]
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Array(Vec<Value>),
    /// Entries in document order.
    Object(Vec<(String, Value)>),
}

impl Reader<'_> {
    /// Parses the whole document.
    fn document(&mut self) -> Result<Value, DeError> {
        let value = self.value()?;
        self.skip_ws();
        if self.pos < self.src.len() {
            return Err(self.syntax("trailing characters"));
        }
        Ok(value)
    }

    fn value(&mut self) -> Result<Value, DeError> {
        Ok(match self.peek()? {
            open @ (b'{' | b'[') => {
                if self.depth == MAX_DEPTH {
                    return Err(self.syntax("nesting too deep"));
                }
                self.depth += 1;
                self.pos += 1;
                let close = if open == b'{' { b'}' } else { b']' };
                let mut items = Vec::new();
                let mut entries = Vec::new();
                if self.peek()? == close {
                    self.pos += 1;
                } else {
                    loop {
                        if open == b'{' {
                            if self.peek()? != b'"' {
                                return Err(self.syntax("expected a string key"));
                            }
                            let key = self.string()?;
                            self.expect(b':')?;
                            entries.push((key, self.value()?));
                        } else {
                            items.push(self.value()?);
                        }
                        if self.peek()? == close {
                            self.pos += 1;
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                self.depth -= 1;
                if open == b'{' {
                    Value::Object(entries)
                } else {
                    Value::Array(items)
                }
            }
            b'"' => Value::Str(self.string()?),
            b't' => {
                self.literal(b"true")?;
                Value::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Value::Bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                Value::Null
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return Err(self.syntax("expected value")),
        })
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::U64(n) => visitor.visit_u64(n),
            Value::I64(n) => visitor.visit_i64(n),
            Value::F64(n) => visitor.visit_f64(n),
            Value::Str(s) => visitor.visit_string(s),
            Value::Array(items) => visitor.visit_seq(Items {
                items: items.into_iter(),
                index: 0,
            }),
            Value::Object(entries) => visitor.visit_map(Entries {
                entries: entries.into_iter(),
                current: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // Only unit variants (`"billing"`) are read.
        match self {
            Value::Str(s) => visitor.visit_enum(s.into_deserializer()),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    // The typed entry points below call only the visitor method their type can accept, so a
    // struct's visitor never instantiates its (unused) array form, which keeps each type's
    // decoding code small.

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Object(entries) => visitor.visit_map(Entries {
                entries: entries.into_iter(),
                current: None,
            }),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Array(items) => visitor.visit_seq(Items {
                items: items.into_iter(),
                index: 0,
            }),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Str(s) => visitor.visit_string(s),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // One visitor call per float type: every JSON number is an `f64` to it.
        match self {
            Value::U64(n) => visitor.visit_f64(n as f64),
            Value::I64(n) => visitor.visit_f64(n as f64),
            Value::F64(n) => visitor.visit_f64(n),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // Integer types range-check through `visit_u64`/`visit_i64`; a fraction is refused
        // here with serde's message ("invalid type: floating point `1.5`, expected u32").
        match self {
            Value::U64(n) => visitor.visit_u64(n),
            Value::I64(n) => visitor.visit_i64(n),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct tuple tuple_struct
    }

    // Every other number type reads like `f64` or `u64`: the visitor checks the range.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
}

impl Value {
    /// serde's "invalid type: string \"high\", expected f32" for this value.
    #[inline(never)]
    fn invalid_type(&self, expected: &dyn de::Expected) -> DeError {
        let unexpected = match self {
            Value::Null => de::Unexpected::Other("null"),
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::U64(n) => de::Unexpected::Unsigned(*n),
            Value::I64(n) => de::Unexpected::Signed(*n),
            Value::F64(n) => de::Unexpected::Float(*n),
            Value::Str(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        };
        de::Error::invalid_type(unexpected, expected)
    }
}

/// The elements of an array being read; `index` counts them for error paths.
struct Items {
    items: std::vec::IntoIter<Value>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(item)
            .map(Some)
            .map_err(|e| e.at(Segment::Index(index)))
    }
}

/// The entries of an object being read; `current` is the entry whose key was just read.
struct Entries {
    entries: std::vec::IntoIter<(String, Value)>,
    current: Option<(String, Value)>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let read = seed.deserialize(key.as_str().into_deserializer());
        match read {
            Ok(k) => {
                self.current = Some((key, value));
                Ok(Some(k))
            }
            Err(e) => Err(DeError::at(e, Segment::Key(key))),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let (key, value) = self.current.take().unwrap_or_default();
        seed.deserialize(value).map_err(|e| e.at(Segment::Key(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        #[serde(default)]
        ratio: f32,
        #[serde(default)]
        count: u32,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        tags: BTreeMap<String, Vec<String>>,
        #[serde(default)]
        color: Option<Color>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        skill: Color,
        #[serde(default)]
        on: bool,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Color {
        Red,
        Blue,
    }

    fn err(json: &str) -> (String, String) {
        let e = from_str::<Doc>(json).unwrap_err();
        (e.path(), e.message().to_string())
    }

    #[test]
    fn reads_documents_like_serde_json() {
        let json = r#" {"name": "a\"b\u00e9\ud83d\ude00\n", "ratio": 0.45, "count": 7,
            "items": [{"skill": "red", "on": true}, {"skill": "blue"}],
            "tags": {"x": ["y", "z"]}, "color": null} "#;
        let ours: Doc = from_str(json).unwrap();
        assert_eq!(ours.name, "a\"bé😀\n");
        assert_eq!(ours.ratio, 0.45);
        assert_eq!(ours.count, 7);
        assert_eq!(ours.items.len(), 2);
        assert_eq!(ours.items[1].skill, Color::Blue);
        assert_eq!(ours.tags["x"], vec!["y".to_string(), "z".to_string()]);
        assert_eq!(ours.color, None);
    }

    #[test]
    fn numbers_match_the_standard_parser() {
        for text in [
            "0",
            "-0",
            "1",
            "0.45",
            "0.6",
            "1e3",
            "1.5E-7",
            "-12.25e+2",
            "123456789012345678",
            "3.141592653589793",
            "1e308",
            "2.2250738585072014e-308",
            "0.1",
            "99.99",
            "12345678901234567890123",
        ] {
            let ours: f64 = from_str(text).unwrap();
            let std: f64 = text.parse().unwrap();
            let close = (ours - std).abs() <= std.abs() * 4.0 * f64::EPSILON;
            assert!(close, "{text}: {ours} vs {std}");
            if text.len() <= 16 && !text.contains("e-3") && !text.contains("e3") {
                assert_eq!(ours, std, "{text} must be exact");
            }
        }
        assert_eq!(from_str::<u32>("4000000000").unwrap(), 4_000_000_000);
        assert_eq!(from_str::<i32>("-5").unwrap(), -5);
        assert!(from_str::<u32>("-1").is_err());
        assert!(from_str::<u32>("1.5").is_err());
    }

    #[test]
    fn errors_name_the_path() {
        assert_eq!(err(r#"{"name": 3}"#).0, "name");
        assert!(err(r#"{"name": 3}"#)
            .1
            .starts_with("invalid type: integer `3`"));
        assert_eq!(err(r#"{"name": "x", "ratio": "high"}"#).0, "ratio");
        let (path, message) = err(r#"{"name": "x", "items": [{"skill": "red"}, {"skil": 1}]}"#);
        assert_eq!(path, "items[1].skil");
        assert!(message.starts_with("unknown field `skil`"), "{message}");
        let (path, message) = err(r#"{"name": "x", "items": [{"on": true}]}"#);
        assert_eq!(path, "items[0]");
        assert_eq!(message, "missing field `skill`");
        let (path, message) = err(r#"{"name": "x", "items": [{"skill": "green"}]}"#);
        assert_eq!(path, "items[0].skill");
        assert!(message.starts_with("unknown variant `green`"), "{message}");
        assert_eq!(err(r#"{"name": "x", "tags": {"k": [1]}}"#).0, "tags.k[0]");
        assert_eq!(
            err(r#"{"ratio": 1}"#),
            (String::new(), "missing field `name`".into())
        );
        // Unlike serde_json, a struct is never read from an array of its fields.
        let (path, message) = err("[1]");
        assert_eq!(path, "");
        assert!(
            message.starts_with("invalid type: sequence, expected struct Doc"),
            "{message}"
        );
        assert_eq!(err("3").0, "");
        let (path, message) = err(r#"{"name": null}"#);
        assert_eq!(path, "name");
        assert_eq!(message, "invalid type: null, expected a string");
        let (path, message) = err(r#"{"name": "x", "count": 1.5}"#);
        assert_eq!(path, "count");
        assert_eq!(message, "invalid type: floating point `1.5`, expected u32");
        let message = err(r#"{"name": "x", "count": -2}"#).1;
        assert_eq!(message, "invalid value: integer `-2`, expected u32");
        assert!(err(r#"{"name": "x", "ratio": "high"}"#)
            .1
            .starts_with("invalid type: string \"high\""));
    }

    #[test]
    fn bad_syntax_is_an_error_not_a_panic() {
        for text in [
            "",
            "{",
            "{\"name\"",
            "{\"name\": }",
            "{\"name\": \"x\",}",
            "{\"name\": \"x\"} x",
            "[1,]",
            "01",
            "1.",
            "-",
            "1e",
            "\"\\q\"",
            "\"\\u12\"",
            "\"a\u{1}\"",
            "tru",
            "{1: 2}",
            "\"\\ud800\\u0041\"",
        ] {
            assert!(from_str::<serde::de::IgnoredAny>(text).is_err(), "{text:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(from_str::<serde::de::IgnoredAny>(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(from_str::<serde::de::IgnoredAny>(&ok).is_ok());
        assert_eq!(from_str::<String>("\"\\ud800\"").unwrap(), "\u{FFFD}");
    }

    #[test]
    fn decode_gives_the_field() {
        let e = decode::<Doc>(
            r#"{"name": "x", "count": "many"}"#,
            ErrorCode::InvalidPolicy,
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_policy", Some("count")));
    }
}
