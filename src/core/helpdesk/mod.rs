//! Helpdesk request builders: pure functions from a handoff package (and the destination's
//! configuration) to the HTTP requests each helpdesk documents. Nothing here does I/O: the
//! relay sends the [`HttpRequest`] values and feeds the answers back through the small response
//! readers each adapter offers. Request bodies are checked against the vendors' OpenAPI
//! descriptions by the relay's tests (`relay/tests/vendor_schemas.rs`).
//!
//! The package is read through [`PackageView`], the one place that knows the package's field
//! names, so adapters stay valid when the package gains fields.

pub mod intercom;
pub mod json;
pub mod sunshine;
pub mod view;
pub mod webhook;
pub mod zendesk;

use std::fmt;

use serde::Deserialize;

pub use json::Json;
pub use view::PackageView;

/// An HTTP method the adapters use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One HTTP request, ready to send. Header values may carry secrets: never log them.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
}

impl HttpRequest {
    fn new(method: Method, url: String) -> HttpRequest {
        HttpRequest {
            method,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    fn json(mut self, body: &Json) -> HttpRequest {
        self.headers
            .push(("Content-Type".to_string(), "application/json".to_string()));
        let mut text = String::new();
        body.write_to(&mut text);
        self.body = Some(text);
        self
    }

    fn auth(self, auth: &Auth) -> HttpRequest {
        let value = auth.header_value();
        self.header("Authorization", value)
    }

    /// The value of a header (case-insensitive name).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    /// Header values are redacted: requests carry credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

/// A secret from the relay's configuration. Its `Debug` output is redacted, so it cannot leak
/// through logs of configuration values.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself, for building a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How to authenticate to a helpdesk API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// HTTP Basic (Zendesk `email/token` + API token; Sunshine key id + secret).
    Basic {
        /// The user name (for Zendesk API tokens: `agent@example.com/token`).
        user: String,
        /// The password or token.
        password: Secret,
    },
    /// A bearer token (OAuth, Intercom access tokens).
    Bearer(Secret),
}

impl Auth {
    /// The `Authorization` header value.
    pub fn header_value(&self) -> String {
        match self {
            Auth::Basic { user, password } => {
                let raw = format!("{user}:{}", password.expose());
                format!("Basic {}", base64(raw.as_bytes()))
            }
            Auth::Bearer(token) => format!("Bearer {}", token.expose()),
        }
    }
}

/// Standard base64 with padding (RFC 4648 §4), for Basic credentials.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encodes a path segment or query value (everything but RFC 3986 unreserved bytes).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Joins a configured base URL and a path without doubling the slash.
fn join(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}

/// Cuts `s` to at most `max` bytes on a character boundary, marking the cut with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Turns free text into a helpdesk tag: lower case, `[a-z0-9_]` only (tags cannot hold spaces).
pub fn tag(prefix: &str, value: &str) -> String {
    let mut out = String::from(prefix);
    for c in value.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(base64(raw.as_bytes()), encoded, "{raw}");
        }
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let auth = Auth::Basic {
            user: "a@b.c/token".into(),
            password: Secret::new("hunter2"),
        };
        assert!(!format!("{auth:?}").contains("hunter2"));
        let req = HttpRequest::new(Method::Get, "https://x".into()).auth(&auth);
        assert!(!format!("{req:?}").contains(&base64(b"a@b.c/token:hunter2")));
        assert_eq!(
            req.header_value("authorization"),
            Some(format!("Basic {}", base64(b"a@b.c/token:hunter2")).as_str())
        );
    }

    #[test]
    fn truncate_and_tag_helpers() {
        assert_eq!(truncate("héllo world", 6), "hé…");
        assert!(truncate("héllo world", 6).len() <= 6);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            tag("reason_", "Explicit Request!"),
            "reason_explicit_request"
        );
        assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    }
}
