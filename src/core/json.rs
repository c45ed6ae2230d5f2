//! A minimal JSON writer for the core, as a `serde::Serializer`: compact output byte-for-byte
//! identical to `serde_json::to_string` for the shapes the core produces (structs, maps with
//! string keys, sequences, strings, integers, finite floats, booleans, options, unit enum
//! variants). The core cannot depend on `serde_json` (it stays out of the wasm build), yet it
//! must know the exact serialized size of a handoff package and of its compact form to keep
//! them under their limits (64 KB and 4,096 bytes). Tests compare it with `serde_json`: the
//! output is identical, except that a float whose shortest form is a tie may end in a
//! different (equally short) last digit; sizes always agree.
//!
//! It must not grow into a general JSON library: no parsing, no pretty printing.

use std::fmt;

use serde::ser::{self, Serialize};

/// A value could not be written (a map key that is not a string or a number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

impl ser::Error for JsonError {
    fn custom<T: fmt::Display>(msg: T) -> JsonError {
        JsonError(msg.to_string())
    }
}

/// Writes a value as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    write(value, false).map(|w| w.out)
}

/// The size in bytes of a value's compact JSON (`usize::MAX` if it cannot be written, so
/// that size checks fail safe). Strings, which make up most of a package, are counted with
/// [`escaped_len`] instead of being written.
pub fn size<T: Serialize + ?Sized>(value: &T) -> usize {
    write(value, true).map_or(usize::MAX, |w| w.out.len().saturating_add(w.counted))
}

/// Runs the writer over `value`; [`to_string`] and [`size`] share this one instantiation per
/// type.
fn write<T: Serialize + ?Sized>(value: &T, count_strings: bool) -> Result<Writer, JsonError> {
    let mut w = Writer {
        out: String::new(),
        count_strings,
        counted: 0,
    };
    value.serialize(&mut w)?;
    Ok(w)
}

/// Appends `s` as a JSON string literal, escaped exactly as `serde_json` does.
pub fn write_escaped(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or(""));
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xF) as usize] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// The size of `s` as a JSON string literal, quotes included.
pub fn escaped_len(s: &str) -> usize {
    2 + s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0C => 2,
            0x00..=0x1F => 6,
            _ => 1,
        })
        .sum::<usize>()
}

/// Formats a float the way `serde_json` (ryu) does: shortest round-trip digits, a decimal
/// point always present, exponent notation (`1e-7`, `1.5e+16`) when the magnitude is outside
/// `[1e-6, 1e13)` for `f32` and `[1e-5, 1e16)` for `f64`; `null` when not finite.
macro_rules! float_writer {
    ($name:ident, $t:ty, $lo:expr, $hi:expr) => {
        pub(crate) fn $name(out: &mut String, v: $t) {
            if !v.is_finite() {
                out.push_str("null");
                return;
            }
            let a = v.abs();
            if a == 0.0 || ($lo..$hi).contains(&a) {
                let text = v.to_string();
                out.push_str(&text);
                if !text.contains('.') {
                    out.push_str(".0");
                }
            } else {
                // Rust's `{:e}` prints the same shortest digits as ryu, which also writes a `+`
                // before a positive exponent.
                let text = format!("{v:e}");
                match text.find('e') {
                    Some(e) if !text.get(e + 1..).unwrap_or("").starts_with('-') => {
                        out.push_str(text.get(..=e).unwrap_or(""));
                        out.push('+');
                        out.push_str(text.get(e + 1..).unwrap_or(""));
                    }
                    _ => out.push_str(&text),
                }
            }
        }
    };
}

float_writer!(write_f64, f64, 1e-5, 1e16);

/// Writes an `f32` exactly as the `f64` writer above writes a float (shortest round-trip
/// digits, exponent notation outside `[1e-6, 1e13)`, `null` when not finite), without Rust's
/// float formatting: `f32`'s `Display` links the whole Grisu/Dragon machinery (some 20 KB of
/// wasm), while an `f32` has at most 9 significant digits, few enough to find the shortest
/// round-trip ones by trying each length with `f64` arithmetic.
fn write_f32(out: &mut String, v: f32) {
    if !v.is_finite() {
        out.push_str("null");
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    let a = v.abs();
    if a == 0.0 {
        out.push_str("0.0");
        return;
    }
    let (n, k) = shortest_f32(a);
    // The digits through the writer's own integer code, not the formatter's.
    let mut digits = String::new();
    write_u64(&mut digits, n);
    let len = digits.len() as i32;
    if (1e-6..1e13).contains(&a) {
        // Fixed notation: `digits × 10^k`.
        let point = len + k;
        if k >= 0 {
            out.push_str(&digits);
            (0..k).for_each(|_| out.push('0'));
            out.push_str(".0");
        } else if point > 0 {
            let (int, frac) = digits.split_at_checked(point as usize).unwrap_or_default();
            out.push_str(int);
            out.push('.');
            out.push_str(frac);
        } else {
            out.push_str("0.");
            (point..0).for_each(|_| out.push('0'));
            out.push_str(&digits);
        }
    } else {
        // `1e-7`, `1.5e+16`: one digit before the point, as ryu writes them.
        let (first, rest) = digits.split_at_checked(1).unwrap_or_default();
        out.push_str(first);
        if len > 1 {
            out.push('.');
            out.push_str(rest);
        }
        let exp = k + len - 1;
        out.push('e');
        if exp >= 0 {
            out.push('+');
        }
        write_i64(out, exp.into());
    }
}

/// An `f32` as the JSON writer writes it (`0.6`, `2.0`, `1e-7`), for messages that quote a
/// value.
pub fn f32_text(v: f32) -> String {
    let mut out = String::new();
    write_f32(&mut out, v);
    out
}

/// The shortest `(n, k)`, `n` without trailing zeros, such that `n × 10^k` reads back as `a`
/// (finite and positive). For each length the nearest decimal of that length is the only one
/// that can round-trip, and `f64` holds every such `n` and each step exactly enough.
fn shortest_f32(a: f32) -> (u64, i32) {
    let x = f64::from(a);
    let scaled = |k: i32| if k >= 0 { x / pow10(k) } else { x * pow10(-k) };
    let value = |n: u64, k: i32| {
        if k >= 0 {
            n as f64 * pow10(k)
        } else {
            n as f64 / pow10(-k)
        }
    };
    // The decimal exponent of the first digit: 10^e <= x < 10^(e + 1).
    let mut e = 0;
    while scaled(e) >= 10.0 {
        e += 1;
    }
    while scaled(e) < 1.0 {
        e -= 1;
    }
    let mut best = (0, e);
    for length in 1..=9 {
        let k = e - (length - 1);
        let n = (scaled(k) + 0.5) as u64;
        best = (n, k);
        if value(n, k) as f32 == a {
            break;
        }
    }
    let (mut n, mut k) = best;
    while n != 0 && n % 10 == 0 {
        n /= 10;
        k += 1;
    }
    (n, k)
}

/// 10^n for n >= 0, by squaring (exact up to 10^22, within an ulp or two beyond). Out of
/// line: [`shortest_f32`] calls it from four places.
#[inline(never)]
pub(crate) fn pow10(n: i32) -> f64 {
    let (mut result, mut base, mut n) = (1.0, 10.0_f64, n);
    while n > 0 {
        if n & 1 == 1 {
            result *= base;
        }
        base *= base;
        n >>= 1;
    }
    result
}

struct Writer {
    /// The text written so far (when counting, everything but the string values).
    out: String,
    /// Whether string values are counted into `counted` rather than written to `out`.
    count_strings: bool,
    /// The bytes of the string values counted so far.
    counted: usize,
}

impl Writer {
    /// A string value: written, or counted.
    fn string(&mut self, s: &str) {
        if self.count_strings {
            self.counted += escaped_len(s);
        } else {
            write_escaped(&mut self.out, s);
        }
    }

    /// Fixed text (`null`, `true`, a bracket): out of line for the same reason.
    #[inline(never)]
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
}

/// Appends `v` in decimal, with its sign.
pub(crate) fn write_i64(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    write_u64(out, v.unsigned_abs());
}

/// Appends the decimal digits of `v` (no allocation: the writer's hot path).
pub(crate) fn write_u64(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    digits[k..].iter().for_each(|&d| out.push(d as char));
}

/// The compound state of a sequence, map or struct being written.
pub struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    /// Closing text after the body (`]`, `}` or `}}` for a variant).
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.w.out.push(',');
        }
    }

    /// The separator, key and colon before a struct field's value: out of line, as every
    /// field of every serialized type goes through it.
    #[inline(never)]
    fn key(&mut self, key: &str) {
        self.comma();
        write_escaped(&mut self.w.out, key);
        self.w.out.push(':');
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.raw(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        write_i64(&mut self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), JsonError> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        write_u64(&mut self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), JsonError> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        write_f32(&mut self.out, v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        write_f64(&mut self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        let mut buf = [0u8; 4];
        write_escaped(&mut self.out, v.encode_utf8(&mut buf));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), JsonError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        self.raw("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), JsonError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.out.push('{');
        write_escaped(&mut self.out, variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, JsonError> {
        self.raw("[");
        Ok(Compound {
            w: self,
            first: true,
            close: "]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, JsonError> {
        self.out.push('{');
        write_escaped(&mut self.out, variant);
        self.out.push_str(":[");
        Ok(Compound {
            w: self,
            first: true,
            close: "]}",
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, JsonError> {
        self.raw("{");
        Ok(Compound {
            w: self,
            first: true,
            close: "}",
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, JsonError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, JsonError> {
        self.out.push('{');
        write_escaped(&mut self.out, variant);
        self.out.push_str(":{");
        Ok(Compound {
            w: self,
            first: true,
            close: "}}",
        })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.comma();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), JsonError> {
        self.w.raw(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JsonError> {
        self.comma();
        key.serialize(KeyWriter(&mut *self.w))?;
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), JsonError> {
        self.w.raw(self.close);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.key(key);
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), JsonError> {
        self.w.raw(self.close);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), JsonError> {
        self.w.raw(self.close);
        Ok(())
    }
}

/// Map keys: strings as they are, integers and booleans quoted (as `serde_json` does).
struct KeyWriter<'a>(&'a mut Writer);

impl KeyWriter<'_> {
    fn quoted(self, s: &str) -> Result<(), JsonError> {
        self.0.out.push('"');
        self.0.out.push_str(s);
        self.0.out.push('"');
        Ok(())
    }
}

fn key_error() -> JsonError {
    JsonError("map keys must be strings or numbers".to_string())
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = ser::Impossible<(), JsonError>;
    type SerializeTuple = ser::Impossible<(), JsonError>;
    type SerializeTupleStruct = ser::Impossible<(), JsonError>;
    type SerializeTupleVariant = ser::Impossible<(), JsonError>;
    type SerializeMap = ser::Impossible<(), JsonError>;
    type SerializeStruct = ser::Impossible<(), JsonError>;
    type SerializeStructVariant = ser::Impossible<(), JsonError>;

    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.quoted(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), JsonError> {
        Err(key_error())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, JsonError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, JsonError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, JsonError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, JsonError> {
        Err(key_error())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, JsonError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, JsonError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, JsonError> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    // The `f32` writer must agree with Rust's own shortest formatting, as the `f64` one uses it.
    float_writer!(reference_f32, f32, 1e-6, 1e13);

    fn check_f32(v: f32) {
        let mut ours = String::new();
        write_f32(&mut ours, v);
        let mut std = String::new();
        reference_f32(&mut std, v);
        assert_eq!(ours, std, "bits {:#x}", v.to_bits());
    }

    #[test]
    fn f32_writer_matches_rust_formatting() {
        for i in 0..=200_000 {
            check_f32(i as f32 / 1000.0);
            check_f32(-(i as f32) / 7.0);
        }
        for e in -45..=38 {
            check_f32(format!("1e{e}").parse().unwrap());
            check_f32(format!("9.999999e{e}").parse().unwrap());
        }
        for v in [
            f32::MIN_POSITIVE,
            f32::MAX,
            f32::EPSILON,
            1e-6,
            1e13,
            0.0,
            -0.0,
            16777217.0,
        ] {
            check_f32(v);
        }
        // A million bit patterns spread over the whole range (xorshift).
        let mut x: u32 = 0x9E37_79B9;
        for _ in 0..1_000_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            check_f32(f32::from_bits(x));
        }
        assert_eq!(f32_text(0.6), "0.6");
        assert_eq!(f32_text(f32::NAN), "null");
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Unit,
        New(u8),
        Tuple(u8, String),
        Strukt { a: Option<u8> },
    }

    #[derive(Serialize)]
    struct Everything {
        s: String,
        n: i64,
        u: u32,
        f: f32,
        d: f64,
        b: bool,
        o: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        v: Vec<Shape>,
        m: BTreeMap<String, f32>,
        t: (u8, f32),
    }

    fn same<T: Serialize>(v: &T) {
        let ours = to_string(v).unwrap();
        let theirs = serde_json::to_string(v).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(size(v), theirs.len());
    }

    #[test]
    fn matches_serde_json_on_every_shape() {
        let mut m = BTreeMap::new();
        m.insert("k\"ey\n".to_string(), -0.5f32);
        m.insert("é".to_string(), 3.0);
        same(&Everything {
            s: "quote \" back \\ nl \n tab \t cr \r bell \u{7} bs \u{8} ff \u{c} del \u{7f} é ✓ 😀"
                .into(),
            n: -42,
            u: 7,
            f: 0.123,
            d: 1e-7,
            b: true,
            o: None,
            skipped: None,
            v: vec![
                Shape::Unit,
                Shape::New(1),
                Shape::Tuple(2, "x".into()),
                Shape::Strukt { a: Some(3) },
            ],
            m,
            t: (9, f32::NAN),
        });
    }

    #[test]
    fn floats_match_serde_json() {
        // Values the core writes (three decimals in [-1, 1]) and edge cases: identical text.
        let mut exact: Vec<f32> = vec![
            0.0, -0.0, 1.0, -1.0, 0.5, 1e-6, 9.99e-7, 1e-5, 1e13, 9.99e12, 1e16, 0.001, -0.71,
            3.4e38, 1.17e-38,
        ];
        exact.extend((0..=2000).map(|k| (k as f32 - 1000.0) / 1000.0));
        for v in exact {
            same(&v);
        }
        // Arbitrary floats: a tie may end in a different digit than ryu, never in a different
        // length, which is what the size limits need.
        let mut x: u64 = 0x2545F4914F6CDD1D;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f32::from_bits((x >> 32) as u32);
            let d = f64::from_bits(x);
            assert_eq!(size(&f), serde_json::to_string(&f).unwrap().len(), "{f}");
            assert_eq!(size(&d), serde_json::to_string(&d).unwrap().len(), "{d}");
        }
    }

    #[test]
    fn integers_match_serde_json() {
        for v in [0, 1, -1, 9, 10, -10, 4096, i64::MAX, i64::MIN] {
            same(&v);
        }
        for v in [0u64, 7, 10, 99, 100, 1 << 53, u64::MAX] {
            same(&v);
        }
        same(&(u8::MAX, i8::MIN, u16::MAX, i32::MIN, u32::MAX));
    }

    #[test]
    fn escaped_len_matches_writer() {
        for s in ["", "plain", "a\"b\\c\u{1}\u{1f}\n", "é😀"] {
            let mut out = String::new();
            write_escaped(&mut out, s);
            assert_eq!(out.len(), escaped_len(s));
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn non_string_map_keys_are_quoted_or_refused() {
        let mut m = BTreeMap::new();
        m.insert(3u32, true);
        same(&m);
        let mut bad = BTreeMap::new();
        bad.insert(vec![1u8], 1u8);
        assert!(to_string(&bad).is_err());
        assert_eq!(size(&bad), usize::MAX);
    }
}
