//! The JSON decoder of policies and of the wasm facade's inputs: a small reader that parses
//! one JSON document (strict RFC 8259 syntax, nesting at most [`MAX_DEPTH`] deep; it must not
//! grow lenient extensions) into a [`Value`] tree, and hand-written [`FromJson`] decoders that
//! walk that tree into typed values. Errors carry the offending field's path
//! (`routing.steps[2].skill`) and serde's wording (`invalid type: string "high", expected f32`,
//! `unknown field`, `missing field`), so a bad policy is rejected the same way wherever it is
//! read. Each type's decoder is a short, non-generic match over its field names on top of the
//! helpers here (objects, arrays, maps, numbers, enums), which keeps the shipped wasm small:
//! serde's derived `Deserialize` was several times larger. Types that serde_json must also
//! read natively (inside a floor file, say) get a serde `Deserialize` through
//! [`deserialize_via`], which runs the same decoder, so each type has one decoding definition.

use std::fmt;

use super::error::{Error, ErrorCode};
use super::json::{f32_text, pow10};
use super::sorted_map::SortedMap;

/// How deeply arrays and objects may nest before the reader gives up (instead of overflowing
/// the stack on hostile input).
pub const MAX_DEPTH: usize = 64;

/// A decoding error: a message in serde's wording and the path where it happened, innermost
/// segment first while the error travels up.
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
    /// An error at the current position (the helpers add the path on the way up).
    pub fn new(message: String) -> DeError {
        DeError {
            message,
            path: Vec::new(),
        }
    }

    // Out of line: every field of every type reaches this error path.
    #[inline(never)]
    fn at(mut self, segment: Segment) -> DeError {
        self.path.push(segment);
        self
    }

    /// The message (`invalid type: string "high", expected f32`).
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
                    super::json::write_u64(&mut out, *i as u64);
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

/// Parses a whole JSON document into its tree.
pub fn parse(text: &str) -> Result<Value, DeError> {
    Reader {
        src: text.as_bytes(),
        pos: 0,
        depth: 0,
    }
    .document()
}

/// Reads a whole JSON document into `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, DeError> {
    T::from_json(parse(text)?)
}

/// Reads a JSON document into `T`; errors get `code` and the field's path.
pub fn decode<T: FromJson>(text: &str, code: ErrorCode) -> Result<T, Error> {
    from_str(text).map_err(|e| e.into_error(code))
}

struct Reader<'de> {
    src: &'de [u8],
    pos: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    // Out of line: every step of the reader has an error path.
    #[inline(never)]
    fn syntax(&self, what: &str) -> DeError {
        DeError::new(format!("{what} at byte {} of the JSON text", self.pos))
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
    let n = exp10.clamp(-400, 400).unsigned_abs() as i32;
    // Below 10^-22, two steps keep 10^-n finite for tiny numbers; otherwise one (the second
    // factor is 10^0 = 1, exact).
    let first = if exp10 < -22 { n / 2 } else { n };
    let (a, b) = (pow10(first), pow10(n - first));
    if exp10 < 0 {
        m / a / b
    } else {
        m * a * b
    }
}

/// A parsed JSON value: the tree every [`FromJson`] decoder reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A negative integer.
    I64(i64),
    /// Any other number.
    F64(f64),
    /// A string.
    Str(String),
    /// An array.
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

/// A type read from a [`Value`] by hand-written code. Implementations build on the helpers of
/// [`Value`] ([`Value::into_fields`], [`Value::into_items`], [`Value::into_entries`], the
/// number and string readers) and on [`variant`], which add the error paths.
pub trait FromJson: Sized {
    /// Reads the value.
    fn from_json(value: Value) -> Result<Self, DeError>;

    /// Reads the value into `slot`, a member of a struct being decoded, which holds the
    /// value of that struct's start. A struct of `struct_from_json!` is read in place, member
    /// by member (members absent from the document keep the slot's value, which for every
    /// struct here is the member type's own start); anything else replaces the slot.
    fn from_json_into(value: Value, slot: &mut Self) -> Result<(), DeError> {
        *slot = Self::from_json(value)?;
        Ok(())
    }

    /// Reads the value as a new last element of `out` (an array's element): a struct of
    /// `struct_from_json!` is pushed as its start and read in place there.
    fn push_json(value: Value, out: &mut Vec<Self>) -> Result<(), DeError> {
        out.push(Self::from_json(value)?);
        Ok(())
    }

    /// Reads the value (not `null`) into `slot` as `Some`, `slot` being a member as in
    /// [`FromJson::from_json_into`]: a struct of `struct_from_json!` is put there as its start
    /// and read in place.
    fn some_json(value: Value, slot: &mut Option<Self>) -> Result<(), DeError> {
        *slot = Some(Self::from_json(value)?);
        Ok(())
    }

    /// Reads the value as `key`'s in `map` (replacing an earlier one): a struct of
    /// `struct_from_json!` is put there as its start and read in place.
    fn insert_json<K: Ord>(
        value: Value,
        map: &mut SortedMap<K, Self>,
        key: K,
    ) -> Result<(), DeError> {
        map.insert(key, Self::from_json(value)?);
        Ok(())
    }
}

/// A type that can be an object's key (a map's key): read from the key text.
pub trait FromJsonKey: Sized {
    /// Reads the key.
    fn from_key(key: String) -> Result<Self, DeError>;
}

/// What the walking helpers hand each element to: a closure, called through a vtable with this
/// one method. (Through `dyn FnMut`, every closure would also get a `call_once` copy in the
/// wasm's function table, which nothing calls.)
trait Sink<A> {
    fn take(&mut self, item: A) -> Result<(), DeError>;
}

impl<A, F: FnMut(A) -> Result<(), DeError>> Sink<A> for F {
    fn take(&mut self, item: A) -> Result<(), DeError> {
        self(item)
    }
}

/// A struct read member by member ([`Value::into_fields`]): `set` decodes field `i` (its index
/// in [`Fields::names`]) from `value`, taking it (and leaving `null`). `struct_from_json!`
/// implements it on the struct itself, so that each struct's decoder is one plain method,
/// called through a vtable, and the value is handed on by reference, not copied per field.
pub trait SetField {
    /// Decodes field `i` from `value`.
    fn set(&mut self, i: usize, value: &mut Value) -> Result<(), DeError>;
}

impl<F: FnMut(usize, Value) -> Result<(), DeError>> SetField for F {
    fn set(&mut self, i: usize, value: &mut Value) -> Result<(), DeError> {
        self(i, std::mem::replace(value, Value::Null))
    }
}

/// The fields of a struct, for [`Value::into_fields`].
pub struct Fields {
    /// What a wrong value is reported as expecting (`struct Weights`).
    pub expected: &'static str,
    /// The field names, in declaration order (errors list them in this order).
    pub names: &'static [&'static str],
    /// Bit `i` set: field `i` has no default and must be present.
    pub required: u32,
    /// Whether a field not in `names` is an error (serde's `deny_unknown_fields`) rather than
    /// ignored.
    pub deny_unknown: bool,
}

/// `` `a` ``, `` `a` or `b` `` or `` one of `a`, `b`, `c` ``, as serde lists what it expected.
fn one_of(names: &[&str]) -> String {
    let mut out = String::new();
    if names.len() > 2 {
        out.push_str("one of ");
    }
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if names.len() == 2 { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

/// serde's error for a name that is not one of `names` (`what` is `field` or `variant`).
#[inline(never)]
fn unknown(what: &str, name: &str, names: &[&str]) -> DeError {
    DeError::new(if names.is_empty() {
        format!("unknown {what} `{name}`, there are no {what}s")
    } else {
        format!("unknown {what} `{name}`, expected {}", one_of(names))
    })
}

impl Value {
    /// serde's "invalid type: string \"high\", expected f32" for this value.
    pub fn invalid_type(&self, expected: &str) -> DeError {
        self.invalid("type", expected)
    }

    /// serde's "invalid value: integer `-2`, expected u32" for this value.
    fn invalid_value(&self, expected: &str) -> DeError {
        self.invalid("value", expected)
    }

    /// `invalid {what}: …, expected …`, naming the value as serde does (`integer \`3\``,
    /// `string "high"`, `map`); written without the formatter, in one place.
    #[inline(never)]
    fn invalid(&self, what: &str, expected: &str) -> DeError {
        let mut text = String::new();
        let (open, close) = match self {
            Value::Null => ("null", ""),
            Value::Bool(b) => {
                text.push_str(if *b { "true" } else { "false" });
                ("boolean `", "`")
            }
            Value::U64(n) => {
                super::json::write_u64(&mut text, *n);
                ("integer `", "`")
            }
            Value::I64(n) => {
                super::json::write_i64(&mut text, *n);
                ("integer `", "`")
            }
            Value::F64(n) => {
                text = f32_text(*n as f32);
                ("floating point `", "`")
            }
            Value::Str(s) => {
                text.push_str(s);
                ("string \"", "\"")
            }
            Value::Array(_) => ("sequence", ""),
            Value::Object(_) => ("map", ""),
        };
        DeError::new(crate::core::strbuf::concat(&[
            "invalid ",
            what,
            ": ",
            open,
            &text,
            close,
            ", expected ",
            expected,
        ]))
    }

    /// A boolean.
    pub fn into_bool(self) -> Result<bool, DeError> {
        match self {
            Value::Bool(b) => Ok(b),
            other => Err(other.invalid_type("a boolean")),
        }
    }

    /// A string; a wrong value is reported as not being `expected`.
    pub fn into_str(self, expected: &str) -> Result<String, DeError> {
        match self {
            Value::Str(s) => Ok(s),
            other => Err(other.invalid_type(expected)),
        }
    }

    /// Any number, as `f64`.
    pub fn into_f64(self, expected: &str) -> Result<f64, DeError> {
        match self {
            Value::U64(n) => Ok(n as f64),
            Value::I64(n) => Ok(n as f64),
            Value::F64(n) => Ok(n),
            other => Err(other.invalid_type(expected)),
        }
    }

    /// An integer from `min` to `max` (a fraction is the wrong type, an integer out of range
    /// the wrong value, as serde says).
    pub fn into_int(self, expected: &str, min: i64, max: u64) -> Result<i64, DeError> {
        match self {
            Value::U64(n) if n <= max => Ok(n as i64),
            Value::I64(n) if n >= min => Ok(n),
            Value::U64(_) | Value::I64(_) => Err(self.invalid_value(expected)),
            _ => Err(self.invalid_type(expected)),
        }
    }

    /// The elements of an array, in order, each handed to `f`; errors get the index.
    pub fn into_items<F: FnMut(Value) -> Result<(), DeError>>(
        self,
        mut f: F,
    ) -> Result<(), DeError> {
        self.items_dyn(&mut f)
    }

    fn items_dyn(self, f: &mut dyn Sink<Value>) -> Result<(), DeError> {
        let Value::Array(items) = self else {
            return Err(self.invalid_type("a sequence"));
        };
        for (i, item) in items.into_iter().enumerate() {
            f.take(item).map_err(|e| e.at(Segment::Index(i)))?;
        }
        Ok(())
    }

    /// The entries of an object read as a map, in document order, each handed to `f`; errors
    /// get the key.
    pub fn into_entries<F: FnMut(String, Value) -> Result<(), DeError>>(
        self,
        mut f: F,
    ) -> Result<(), DeError> {
        self.entries_dyn(&mut |(key, value)| f(key, value))
    }

    fn entries_dyn(self, f: &mut dyn Sink<(String, Value)>) -> Result<(), DeError> {
        let Value::Object(entries) = self else {
            return Err(self.invalid_type("a map"));
        };
        for (key, value) in entries {
            let segment = Segment::Key(key.clone());
            f.take((key, value)).map_err(|e| e.at(segment))?;
        }
        Ok(())
    }

    /// The entries of an object read as a struct: each known field is handed to `out` with its
    /// index in `fields.names`. Like serde's derived code: an unknown field is an error (named
    /// at its key) or ignored, a repeated field is an error, and afterwards the first missing
    /// required field, in declaration order, is an error.
    pub fn into_fields(self, fields: &Fields, out: &mut dyn SetField) -> Result<(), DeError> {
        let Value::Object(entries) = self else {
            return Err(self.invalid_type(fields.expected));
        };
        let mut seen: u32 = 0;
        for (key, mut value) in entries {
            let Some(i) = fields.names.iter().position(|n| *n == key) else {
                if fields.deny_unknown {
                    return Err(unknown("field", &key, fields.names).at(Segment::Key(key)));
                }
                continue;
            };
            if seen & (1 << i) != 0 {
                return Err(DeError::new(format!("duplicate field `{key}`")));
            }
            seen |= 1 << i;
            out.set(i, &mut value)
                .map_err(|e| e.at(Segment::Key(key)))?;
        }
        let missing = fields.required & !seen;
        if missing != 0 {
            let name = fields.names[missing.trailing_zeros() as usize];
            return Err(DeError::new(format!("missing field `{name}`")));
        }
        Ok(())
    }
}

/// Implements [`FromJson`] for a struct read member by member: each listed JSON member goes to
/// its field through the field type's own `FromJson`; fields not present keep the value of
/// `start` (a struct that is a plain member of another is read in place, so its absent fields
/// keep the value of the outer struct's start: see [`FromJson::from_json_into`]). `required` is a bit mask over the members in the order listed, `deny_unknown`
/// whether other members are an error (serde's `deny_unknown_fields`) or ignored.
///
/// ```ignore
/// struct_from_json! {
///     /// Both fields are required; unknown fields are rejected.
///     CustomPattern as "struct CustomPattern",
///     start: CustomPattern { name: String::new(), glob: String::new() },
///     required: 0b11, deny_unknown: true,
///     { "name" => name, "glob" => glob }
/// }
/// ```
macro_rules! struct_from_json {
    (
        $(#[$doc:meta])*
        $ty:ident as $expected:literal,
        start: $start:expr,
        required: $required:expr, deny_unknown: $deny:expr,
        { $($name:literal => $field:ident),+ $(,)? }
    ) => {
        impl $crate::core::json_de::FromJson for $ty {
            $(#[$doc])*
            fn from_json(
                value: $crate::core::json_de::Value,
            ) -> Result<$ty, $crate::core::json_de::DeError> {
                let mut out: $ty = $start;
                <$ty as $crate::core::json_de::FromJson>::from_json_into(value, &mut out)?;
                Ok(out)
            }

            fn from_json_into(
                value: $crate::core::json_de::Value,
                slot: &mut $ty,
            ) -> Result<(), $crate::core::json_de::DeError> {
                use $crate::core::json_de::Fields;
                const FIELDS: Fields = Fields {
                    expected: $expected,
                    names: &[$($name),+],
                    required: $required,
                    deny_unknown: $deny,
                };
                value.into_fields(&FIELDS, slot)
            }

            fn push_json(
                value: $crate::core::json_de::Value,
                out: &mut Vec<$ty>,
            ) -> Result<(), $crate::core::json_de::DeError> {
                out.push($start);
                match out.last_mut() {
                    Some(slot) => {
                        <$ty as $crate::core::json_de::FromJson>::from_json_into(value, slot)
                    }
                    None => Ok(()),
                }
            }

            fn some_json(
                value: $crate::core::json_de::Value,
                slot: &mut Option<$ty>,
            ) -> Result<(), $crate::core::json_de::DeError> {
                let inner = slot.insert($start);
                <$ty as $crate::core::json_de::FromJson>::from_json_into(value, inner)
            }

            fn insert_json<K: Ord>(
                value: $crate::core::json_de::Value,
                map: &mut $crate::core::sorted_map::SortedMap<K, $ty>,
                key: K,
            ) -> Result<(), $crate::core::json_de::DeError> {
                let slot = map.insert_mut(key, $start);
                <$ty as $crate::core::json_de::FromJson>::from_json_into(value, slot)
            }
        }

        impl $crate::core::json_de::SetField for $ty {
            fn set(
                &mut self,
                i: usize,
                value: &mut $crate::core::json_de::Value,
            ) -> Result<(), $crate::core::json_de::DeError> {
                /// The members' indices in the names of `FromJson::from_json`'s `FIELDS`.
                #[allow(non_camel_case_types)]
                enum Member {
                    $($field),+
                }
                $(
                    if i == Member::$field as usize {
                        return $crate::core::json_de::set_field(&mut self.$field, value);
                    }
                )+
                Ok(())
            }
        }
    };
}
pub(crate) use struct_from_json;

/// Decodes `value` (taking it, leaving `null`) into `slot`: out of line, so that one copy per
/// field type serves every struct that `struct_from_json!` implements.
#[inline(never)]
pub fn set_field<T: FromJson>(slot: &mut T, value: &mut Value) -> Result<(), DeError> {
    T::from_json_into(std::mem::replace(value, Value::Null), slot)
}

/// A unit variant of an enum from its name (`"billing"`); `expected` names the enum for a
/// value that is not a string (`enum Skill`).
pub fn variant<T: Copy>(
    value: Value,
    expected: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, DeError> {
    let text = value.into_str(expected)?;
    variant_named(&text, all, name)
}

/// A unit variant from its name, as a map key or a value's text.
pub fn variant_named<T: Copy>(
    text: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, DeError> {
    match all.iter().find(|v| name(**v) == text) {
        Some(v) => Ok(*v),
        None => {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            Err(unknown("variant", text, &names))
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<bool, DeError> {
        value.into_bool()
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<String, DeError> {
        value.into_str("a string")
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<f64, DeError> {
        value.into_f64("f64")
    }
}

impl FromJson for f32 {
    fn from_json(value: Value) -> Result<f32, DeError> {
        Ok(value.into_f64("f32")? as f32)
    }
}

impl FromJson for u8 {
    fn from_json(value: Value) -> Result<u8, DeError> {
        Ok(value.into_int("u8", 0, u8::MAX.into())? as u8)
    }
}

impl FromJson for u32 {
    fn from_json(value: Value) -> Result<u32, DeError> {
        Ok(value.into_int("u32", 0, u32::MAX.into())? as u32)
    }
}

impl FromJson for i32 {
    fn from_json(value: Value) -> Result<i32, DeError> {
        Ok(value.into_int("i32", i32::MIN.into(), i32::MAX as u64)? as i32)
    }
}

impl FromJson for u64 {
    fn from_json(value: Value) -> Result<u64, DeError> {
        match value {
            // Above `i64::MAX`, which `into_int` cannot return.
            Value::U64(n) => Ok(n),
            other => Ok(other.into_int("u64", 0, u64::MAX)? as u64),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Option<T>, DeError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }

    fn from_json_into(value: Value, slot: &mut Option<T>) -> Result<(), DeError> {
        match value {
            Value::Null => {
                *slot = None;
                Ok(())
            }
            other => T::some_json(other, slot),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Vec<T>, DeError> {
        let mut out = Vec::new();
        value.into_items(|item| T::push_json(item, &mut out))?;
        Ok(out)
    }
}

impl FromJsonKey for String {
    fn from_key(key: String) -> Result<String, DeError> {
        Ok(key)
    }
}

impl<K: FromJsonKey + Ord, V: FromJson> FromJson for SortedMap<K, V> {
    /// A later entry with the same key replaces an earlier one.
    fn from_json(value: Value) -> Result<SortedMap<K, V>, DeError> {
        let mut map = SortedMap::new();
        value.into_entries(|key, value| V::insert_json(value, &mut map, K::from_key(key)?))?;
        Ok(map)
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    /// Any self-describing format (serde_json) into the tree, for [`deserialize_via`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        struct ValueVisitor;
        impl<'de> serde::de::Visitor<'de> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                <Value as serde::Deserialize>::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
                Ok(Value::U64(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
                Ok(if n >= 0 {
                    Value::U64(n as u64)
                } else {
                    Value::I64(n)
                })
            }
            fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
                Ok(Value::F64(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<Value, E> {
                Ok(Value::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Value, E> {
                Ok(Value::Str(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(Value::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = a.next_entry()? {
                    entries.push(entry);
                }
                Ok(Value::Object(entries))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A serde `Deserialize` body that runs `T`'s [`FromJson`] decoder, for types serde_json must
/// also read natively (a routing step in a floor file): serde collects the value, the decoder
/// reads it. A path inside the value is appended to the message (`… (at windows[0].open)`).
pub fn deserialize_via<'de, D: serde::Deserializer<'de>, T: FromJson>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    T::from_json(value).map_err(|e| {
        let path = e.path();
        if path.is_empty() {
            serde::de::Error::custom(e.message)
        } else {
            serde::de::Error::custom(format_args!("{} (at {path})", e.message))
        }
    })
}

/// Asserts that serde's derive (serde_json, with paths) and `T`'s hand-written decoder read
/// `json` the same: the same value, or an error with the same path and message. For the types
/// the CLI reads with serde and the wasm facade with [`FromJson`].
#[cfg(test)]
pub(crate) fn assert_same_as_serde<T>(json: &str)
where
    T: FromJson + serde::de::DeserializeOwned + PartialEq + fmt::Debug,
{
    let ours = from_str::<T>(json).map_err(|e| (e.path(), e.message().to_string()));
    let mut de = serde_json::Deserializer::from_str(json);
    let theirs = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        // serde_json appends the position; the reader here does not.
        let message = e.inner().to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, message.to_string())
    });
    assert_eq!(ours, theirs, "{json}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with every kind of field the helpers read, decoded the way the policy's
    /// types are.
    #[derive(Debug, PartialEq)]
    struct Doc {
        name: String,
        ratio: f32,
        count: u32,
        items: Vec<Item>,
        tags: SortedMap<String, Vec<String>>,
        color: Option<Color>,
    }

    #[derive(Debug, PartialEq)]
    struct Item {
        skill: Color,
        on: bool,
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Color {
        Red,
        Blue,
    }

    impl Color {
        fn as_str(self) -> &'static str {
            match self {
                Color::Red => "red",
                Color::Blue => "blue",
            }
        }
    }

    impl FromJson for Color {
        fn from_json(value: Value) -> Result<Color, DeError> {
            variant(
                value,
                "enum Color",
                &[Color::Red, Color::Blue],
                Color::as_str,
            )
        }
    }

    impl FromJson for Item {
        fn from_json(value: Value) -> Result<Item, DeError> {
            const FIELDS: Fields = Fields {
                expected: "struct Item",
                names: &["skill", "on"],
                required: 0b1,
                deny_unknown: true,
            };
            let mut item = Item {
                skill: Color::Red,
                on: false,
            };
            value.into_fields(&FIELDS, &mut |i: usize, v: Value| {
                match i {
                    0 => item.skill = Color::from_json(v)?,
                    _ => item.on = v.into_bool()?,
                }
                Ok(())
            })?;
            Ok(item)
        }
    }

    impl FromJson for Doc {
        fn from_json(value: Value) -> Result<Doc, DeError> {
            const FIELDS: Fields = Fields {
                expected: "struct Doc",
                names: &["name", "ratio", "count", "items", "tags", "color"],
                required: 0b1,
                deny_unknown: true,
            };
            let mut doc = Doc {
                name: String::new(),
                ratio: 0.0,
                count: 0,
                items: Vec::new(),
                tags: SortedMap::new(),
                color: None,
            };
            value.into_fields(&FIELDS, &mut |i: usize, v: Value| {
                match i {
                    0 => doc.name = FromJson::from_json(v)?,
                    1 => doc.ratio = FromJson::from_json(v)?,
                    2 => doc.count = FromJson::from_json(v)?,
                    3 => doc.items = FromJson::from_json(v)?,
                    4 => doc.tags = FromJson::from_json(v)?,
                    _ => doc.color = FromJson::from_json(v)?,
                }
                Ok(())
            })?;
            Ok(doc)
        }
    }

    /// An object that ignores unknown fields.
    #[derive(Debug, PartialEq, Default)]
    struct Loose {
        a: Option<u8>,
    }

    impl FromJson for Loose {
        fn from_json(value: Value) -> Result<Loose, DeError> {
            const FIELDS: Fields = Fields {
                expected: "struct Loose",
                names: &["a"],
                required: 0,
                deny_unknown: false,
            };
            let mut loose = Loose::default();
            value.into_fields(&FIELDS, &mut |_: usize, v: Value| {
                loose.a = FromJson::from_json(v)?;
                Ok(())
            })?;
            Ok(loose)
        }
    }

    fn err(json: &str) -> (String, String) {
        let e = from_str::<Doc>(json).unwrap_err();
        (e.path(), e.message().to_string())
    }

    #[test]
    fn reads_documents_like_serde_json() {
        let json = r#" {"name": "a\"b\u00e9\ud83d\ude00\n", "ratio": 0.45, "count": 7,
            "items": [{"skill": "red", "on": true}, {"skill": "blue"}],
            "tags": {"x": ["y", "z"], "w": []}, "color": null} "#;
        let ours: Doc = from_str(json).unwrap();
        assert_eq!(ours.name, "a\"bé😀\n");
        assert_eq!(ours.ratio, 0.45);
        assert_eq!(ours.count, 7);
        assert_eq!(ours.items.len(), 2);
        assert_eq!(
            ours.items[1],
            Item {
                skill: Color::Blue,
                on: false
            }
        );
        assert!(ours.items[0].on);
        assert_eq!(
            ours.tags[&"x".to_string()],
            vec!["y".to_string(), "z".to_string()]
        );
        assert_eq!(ours.tags.keys().collect::<Vec<_>>(), ["w", "x"]);
        assert_eq!(ours.color, None);
        let doc: Doc = from_str(r#"{"name": "x", "color": "blue"}"#).unwrap();
        assert_eq!(doc.color, Some(Color::Blue));
        let loose: Loose = from_str(r#"{"b": {"deep": [1]}, "a": 3}"#).unwrap();
        assert_eq!(loose, Loose { a: Some(3) });
        let map: SortedMap<String, u32> = from_str(r#"{"b": 2, "a": 1, "b": 3}"#).unwrap();
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            [(&"a".into(), &1), (&"b".into(), &3)]
        );
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
        assert_eq!(from_str::<u64>("9223372036854775808").unwrap(), 1 << 63);
        assert_eq!(from_str::<i32>("-5").unwrap(), -5);
        assert_eq!(from_str::<u8>("255").unwrap(), 255);
        assert_eq!(from_str::<u32>("-0").unwrap(), 0);
        let message = |text: &str, e: Result<i64, DeError>| {
            e.map_err(|e| e.message().to_string()).unwrap_err() + " / " + text
        };
        assert_eq!(
            message("u8", from_str::<u8>("256").map(i64::from)),
            "invalid value: integer `256`, expected u8 / u8"
        );
        assert_eq!(
            message("i32", from_str::<i32>("-2147483649").map(i64::from)),
            "invalid value: integer `-2147483649`, expected i32 / i32"
        );
        assert_eq!(
            message("i32", from_str::<i32>("2147483648").map(i64::from)),
            "invalid value: integer `2147483648`, expected i32 / i32"
        );
        assert!(from_str::<u64>("-1").is_err());
        assert!(from_str::<u32>("1.5").is_err());
        assert!(from_str::<u32>("1e2").is_err());
    }

    #[test]
    fn errors_name_the_path() {
        assert_eq!(err(r#"{"name": 3}"#).0, "name");
        assert_eq!(
            err(r#"{"name": 3}"#).1,
            "invalid type: integer `3`, expected a string"
        );
        assert_eq!(err(r#"{"name": "x", "ratio": "high"}"#).0, "ratio");
        let (path, message) = err(r#"{"name": "x", "items": [{"skill": "red"}, {"skil": 1}]}"#);
        assert_eq!(path, "items[1].skil");
        assert_eq!(message, "unknown field `skil`, expected `skill` or `on`");
        let (path, message) = err(r#"{"name": "x", "nmae": 1}"#);
        assert_eq!(path, "nmae");
        assert_eq!(
            message,
            "unknown field `nmae`, expected one of `name`, `ratio`, `count`, `items`, `tags`, \
             `color`"
        );
        let (path, message) = err(r#"{"name": "x", "items": [{"on": true}]}"#);
        assert_eq!(path, "items[0]");
        assert_eq!(message, "missing field `skill`");
        let (path, message) = err(r#"{"name": "x", "items": [{"skill": "green"}]}"#);
        assert_eq!(path, "items[0].skill");
        assert_eq!(message, "unknown variant `green`, expected `red` or `blue`");
        let (path, message) = err(r#"{"name": "x", "color": 1}"#);
        assert_eq!(path, "color");
        assert_eq!(message, "invalid type: integer `1`, expected enum Color");
        assert_eq!(err(r#"{"name": "x", "tags": {"k": [1]}}"#).0, "tags.k[0]");
        let (path, message) = err(r#"{"name": "x", "tags": []}"#);
        assert_eq!(path, "tags");
        assert_eq!(message, "invalid type: sequence, expected a map");
        let (path, message) = err(r#"{"name": "x", "items": {}}"#);
        assert_eq!(path, "items");
        assert_eq!(message, "invalid type: map, expected a sequence");
        assert_eq!(
            err(r#"{"ratio": 1}"#),
            (String::new(), "missing field `name`".into())
        );
        assert_eq!(
            err(r#"{"name": "x", "name": "y"}"#),
            (String::new(), "duplicate field `name`".into())
        );
        let (path, message) = err("[1]");
        assert_eq!(path, "");
        assert_eq!(message, "invalid type: sequence, expected struct Doc");
        assert_eq!(err("3").0, "");
        let (path, message) = err(r#"{"name": null}"#);
        assert_eq!(path, "name");
        assert_eq!(message, "invalid type: null, expected a string");
        let (path, message) = err(r#"{"name": "x", "count": 1.5}"#);
        assert_eq!(path, "count");
        assert_eq!(message, "invalid type: floating point `1.5`, expected u32");
        let message = err(r#"{"name": "x", "count": -2}"#).1;
        assert_eq!(message, "invalid value: integer `-2`, expected u32");
        assert_eq!(
            err(r#"{"name": "x", "ratio": "high"}"#).1,
            "invalid type: string \"high\", expected f32"
        );
        assert_eq!(
            err(r#"{"name": "x", "items": [{"skill": "red", "on": 0}]}"#).1,
            "invalid type: integer `0`, expected a boolean"
        );
        let e = from_str::<Loose>(r#"{"a": 300}"#).unwrap_err();
        assert_eq!(e.path(), "a");
        assert_eq!(e.message(), "invalid value: integer `300`, expected u8");
    }

    #[test]
    fn wrong_values_are_named_as_serde_names_them() {
        for json in [
            "true", "false", "null", "-3", "7", "1.5", "-0.25", "[1]", "{}", r#""x""#,
        ] {
            assert_same_as_serde::<String>(json);
            assert_same_as_serde::<bool>(json);
            assert_same_as_serde::<u8>(json);
            assert_same_as_serde::<i32>(json);
            assert_same_as_serde::<Vec<u8>>(json);
        }
        assert_same_as_serde::<u8>("-9223372036854775807");
        assert_same_as_serde::<u8>("9223372036854775807");
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
            assert!(parse(text).is_err(), "{text:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
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

    #[test]
    fn serde_reads_through_the_same_decoder() {
        struct Via(Doc);
        impl<'de> serde::Deserialize<'de> for Via {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Via, D::Error> {
                deserialize_via(d).map(Via)
            }
        }
        let json = r#"{"name": "n", "ratio": 0.5, "count": 2, "items": [{"skill": "blue"}],
            "tags": {"a": ["b"]}, "color": "red"}"#;
        let via: Via = serde_json::from_str(json).unwrap();
        assert_eq!(via.0, from_str::<Doc>(json).unwrap());
        let err = serde_json::from_str::<Via>(r#"{"name": "x", "items": [{"on": 1}]}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("invalid type: integer `1`, expected a boolean (at items[0].on)"),
            "{err}"
        );
    }
}
