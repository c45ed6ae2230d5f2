//! Typed errors with stable codes. Codes are part of the public contract (JS `err.code`, CLI
//! stderr, relay responses): add new ones, never rename old ones.

use std::fmt;

/// A stable, machine-readable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Input is not valid JSON (or not the expected JS value).
    InvalidJson,
    /// A required field is missing.
    MissingField,
    /// A field has the wrong type.
    InvalidType,
    /// `role` is not one of the four roles.
    InvalidRole,
    /// A text field is larger than the engine accepts.
    TooLarge,
    /// A policy document failed validation.
    InvalidPolicy,
    /// A policy declares a version this engine does not understand.
    UnsupportedPolicyVersion,
    /// A value is outside its allowed range or set.
    InvalidValue,
    /// A package this engine does not know (the JS `compactPackage` of a foreign package).
    UnknownPackage,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::InvalidRole => "invalid_role",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::InvalidPolicy => "invalid_policy",
            ErrorCode::UnsupportedPolicyVersion => "unsupported_policy_version",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::UnknownPackage => "unknown_package",
        }
    }
}

/// An error with a stable code, a human message and, for validation errors, the path of the
/// offending field (for example `weights.frustration` or `messages[3].role`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    field: Option<String>,
}

impl Error {
    /// A new error. Out of line: one copy per kind of `message` (most are `&str` literals),
    /// not the conversion inlined at each of the many call sites (errors are the cold path).
    #[inline(never)]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// Sets the field path, prefixing any path already present (`at("a")` on `b.c` gives `a.b.c`).
    #[inline(never)]
    pub fn at(self, field: impl Into<String>) -> Error {
        self.at_path(field.into())
    }

    /// [`Error::at`] past the conversion: one copy for every kind of `field`.
    #[inline(never)]
    fn at_path(mut self, field: String) -> Error {
        self.field = Some(match self.field.take() {
            None => field,
            Some(inner) => {
                let dot = if inner.starts_with('[') { "" } else { "." };
                crate::core::strbuf::concat(&[&field, dot, &inner])
            }
        });
        self
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// The code as an enum.
    pub fn kind(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The path of the offending field, when there is one.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: {} (at {})", self.code(), self.message, field),
            None => write!(f, "{}: {}", self.code(), self.message),
        }
    }
}

impl std::error::Error for Error {}

/// A string quoted for an error message as `{:?}` quotes it (`"high"`, `"a\"b\n"`), without
/// Rust's Unicode printability tables in the wasm: control characters are escaped as `\u{…}`
/// and every other character is written as it is.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() => {
                    // `\u{7f}`: lower-case hex digits without leading zeros, written by hand
                    // so that the formatter's hex code stays out of the wasm.
                    f.write_str("\\u{")?;
                    let n = u32::from(c);
                    for k in (0..(32 - n.leading_zeros()).div_ceil(4).max(1)).rev() {
                        f.write_char(char::from(
                            b"0123456789abcdef"[(n >> (4 * k)) as usize & 0xF],
                        ))?;
                    }
                    f.write_char('}')?;
                }
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_matches_debug_for_ordinary_text() {
        for s in [
            "high",
            "",
            "a\"b",
            "back\\slash",
            "line\nbreak\r\t",
            "nul\0",
            "bell\u{7}",
            "del\u{7f}",
            "café über ñ 東京 🚀",
            "it's",
        ] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s}");
        }
        // Control characters outside the short escapes, as `{:?}` writes them.
        for s in ["\u{1}", "\u{1f}", "\u{80}", "\u{9f}"] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s:?}");
        }
    }
}
