//! Page context: where the customer was when they asked for help, as plain data. The browser
//! edge (`page`, web-sys) fills [`PageContext`]; the CLI reads it from the input's `page`
//! object. This module also cleans it before it goes into a package: URLs lose their userinfo,
//! every query value whose key the policy does not allow-list, and fragments that look like
//! tokens; free-text fields are redacted; lists and texts are capped. No I/O here.

use serde::{Deserialize, Serialize};

use super::engine::clip;
use super::json_de::struct_from_json;
use super::redact::{fragment_is_secret, looks_like_token, sensitive_key, Counts, Redactor};

/// Longest URL kept, in bytes.
pub const MAX_URL_BYTES: usize = 2048;
/// Longest title, error message or trail entry text kept, in bytes.
pub const MAX_TEXT_BYTES: usize = 300;
/// Longest section, breadcrumb item or clicked-element name kept, in bytes.
pub const MAX_LABEL_BYTES: usize = 120;
/// Most breadcrumb items kept (the last ones).
pub const MAX_BREADCRUMB: usize = 8;
/// Most trail entries kept (the latest ones).
pub const MAX_TRAIL: usize = 10;
/// Most visible error messages kept (the latest ones).
pub const MAX_ERRORS: usize = 5;

/// What the host page knows about where the customer is. Every field is optional; unknown
/// fields in the input are ignored (the JSON Lines contract requires it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageContext {
    /// The page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The document title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The section of the page the customer was in (nearest heading or landmark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The page's breadcrumb, outermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breadcrumb: Vec<String>,
    /// The last pages and sections visited, oldest first (the current page excluded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trail: Vec<Visit>,
    /// The accessible name of the last element the customer clicked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_click: Option<String>,
    /// Error messages visible on the page (alerts, invalid form fields).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// The viewport size in CSS pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
    /// The page or browser language (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The browser's IANA time zone (for example `Europe/Paris`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// One entry of the trail of pages and sections visited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// The page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The page title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// A viewport size in CSS pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewport {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

// The wasm facade's decoders of a page context. The CLI reads page contexts with serde's
// derive (the JSON Lines contract); `tests::decoders_agree` holds the two to the same results.

struct_from_json! {
    /// Every field is optional; unknown fields are ignored.
    PageContext as "struct PageContext",
    start: PageContext::default(),
    required: 0, deny_unknown: false,
    {
        "url" => url,
        "title" => title,
        "section" => section,
        "breadcrumb" => breadcrumb,
        "trail" => trail,
        "last_click" => last_click,
        "errors" => errors,
        "viewport" => viewport,
        "language" => language,
        "time_zone" => time_zone,
    }
}

struct_from_json! {
    /// Every field is optional; unknown fields are ignored.
    Visit as "struct Visit",
    start: Visit::default(),
    required: 0, deny_unknown: false,
    { "url" => url, "title" => title, "section" => section }
}

struct_from_json! {
    /// Both fields are required; unknown fields are ignored.
    Viewport as "struct Viewport",
    start: Viewport::default(),
    required: 0b11, deny_unknown: false,
    { "width" => width, "height" => height }
}

impl PageContext {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        // Field by field (each empty as in the default): no default context built and
        // compared, so no derived comparison of whole contexts in the wasm.
        let PageContext {
            url,
            title,
            section,
            breadcrumb,
            trail,
            last_click,
            errors,
            viewport,
            language,
            time_zone,
        } = self;
        [url, title, section, last_click, language, time_zone]
            .iter()
            .all(|t| t.is_none())
            && breadcrumb.is_empty()
            && trail.is_empty()
            && errors.is_empty()
            && viewport.is_none()
    }

    /// The context as it may leave the page: URLs cleaned (see [`clean_url`]), free text
    /// redacted, lists and texts capped. What was removed is added to the redactor's tally.
    pub fn cleaned(&self, redactor: &mut Redactor<'_>) -> PageContext {
        let url = |u: &Option<String>, r: &mut Redactor<'_>| {
            u.as_deref().map(|u| {
                let allowed = |k: &str| r.policy().allows_query_key(k);
                let (clean, counts) = clean_url(u, allowed);
                r.add_counts(&counts);
                clip_marked(&r.text(&clean), MAX_URL_BYTES)
            })
        };
        let text = |t: &Option<String>, max: usize, r: &mut Redactor<'_>| {
            t.as_deref()
                .map(|t| clip_marked(&r.text(t.trim()), max))
                .filter(|t| !t.is_empty())
        };
        let skip_crumbs = self.breadcrumb.len().saturating_sub(MAX_BREADCRUMB);
        let skip_trail = self.trail.len().saturating_sub(MAX_TRAIL);
        let skip_errors = self.errors.len().saturating_sub(MAX_ERRORS);
        PageContext {
            url: url(&self.url, redactor),
            title: text(&self.title, MAX_TEXT_BYTES, redactor),
            section: text(&self.section, MAX_LABEL_BYTES, redactor),
            breadcrumb: self.breadcrumb[skip_crumbs..]
                .iter()
                .map(|c| clip_marked(&redactor.text(c.trim()), MAX_LABEL_BYTES))
                .collect(),
            trail: self.trail[skip_trail..]
                .iter()
                .map(|v| Visit {
                    url: url(&v.url, redactor),
                    title: text(&v.title, MAX_TEXT_BYTES, redactor),
                    section: text(&v.section, MAX_LABEL_BYTES, redactor),
                })
                .collect(),
            last_click: text(&self.last_click, MAX_LABEL_BYTES, redactor),
            errors: self.errors[skip_errors..]
                .iter()
                .map(|e| clip_marked(&redactor.text(e.trim()), MAX_TEXT_BYTES))
                .collect(),
            viewport: self.viewport,
            language: text(&self.language, 35, redactor),
            time_zone: text(&self.time_zone, 64, redactor),
        }
    }
}

/// Clips to at most `max` bytes on a character boundary, ending with `…` when clipped.
pub fn clip_marked(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut out = clip(s, max.saturating_sub(3)).to_string();
    out.push('…');
    out
}

/// Cleans a URL for a package: strips userinfo, drops the value of every query parameter
/// whose key `allowed` rejects (the key stays, as `key=`), also drops allow-listed values that
/// look like credentials, and drops a fragment that looks like a token (`#access_token=...`,
/// long random strings). Returns the URL and the secrets it removed (userinfo, credential
/// values and fragments are counted; ordinary dropped values are not secrets and are not
/// counted). Relative URLs and bare paths are handled the same way.
pub fn clean_url(url: &str, allowed: impl Fn(&str) -> bool) -> (String, Counts) {
    let mut counts = Counts::default();
    let url = url.trim();
    let (before_fragment, fragment) = match split_at_byte(url, b'#', false) {
        Some((before, after)) => (before, Some(after)),
        None => (url, None),
    };
    let (base, query) = match split_at_byte(before_fragment, b'?', false) {
        Some((before, after)) => (before, Some(after)),
        None => (before_fragment, None),
    };
    let mut out = String::with_capacity(url.len());
    // Userinfo: between `scheme://` and the last `@` of the authority. Found on bytes: a `&str`
    // pattern would bring in the general substring searcher.
    let scheme = base.as_bytes().windows(3).position(|w| w == b"://");
    match scheme.and_then(|s| base.split_at_checked(s)) {
        Some((scheme, after))
            if scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+') =>
        {
            let rest = after.get(3..).unwrap_or("");
            let auth_end = rest.bytes().position(|c| c == b'/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at_checked(auth_end).unwrap_or((rest, ""));
            out.push_str(scheme);
            out.push_str("://");
            match split_at_byte(authority, b'@', true) {
                Some((_, host)) => {
                    counts.bump(super::redact::Kind::Secret);
                    out.push_str(host);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        _ => out.push_str(base),
    }
    if let Some(q) = query {
        // Each kept pair is written straight into `out`, after `?` or `&`.
        let mut separator = '?';
        let mut rest = Some(q);
        while let Some(r) = rest {
            let pair = match split_at_byte(r, b'&', false) {
                Some((pair, next)) => {
                    rest = Some(next);
                    pair
                }
                None => {
                    rest = None;
                    r
                }
            };
            if pair.is_empty() {
                continue;
            }
            let (key, value) = match split_at_byte(pair, b'=', false) {
                Some((key, value)) => (key, Some(value)),
                None => (pair, None),
            };
            let credential = value.is_some_and(|v| {
                !v.is_empty() && (sensitive_key(key.as_bytes()) || looks_like_token(v.as_bytes()))
            });
            if credential {
                counts.bump(super::redact::Kind::Secret);
            }
            out.push(separator);
            separator = '&';
            out.push_str(key);
            if let Some(v) = value {
                out.push('=');
                if allowed(key) && !credential {
                    out.push_str(v);
                }
            }
        }
    }
    if let Some(f) = fragment {
        if fragment_is_secret(f.as_bytes()) {
            counts.bump(super::redact::Kind::Secret);
        } else if !f.is_empty() {
            out.push('#');
            out.push_str(f);
        }
    }
    (out, counts)
}

/// `s` around its first (or, with `last`, its last) `c`, an ASCII byte: `str::split_once` and
/// `rsplit_once` on bytes, without a char pattern searcher inlined at each use.
#[inline(never)]
fn split_at_byte(s: &str, c: u8, last: bool) -> Option<(&str, &str)> {
    let i = if last {
        s.bytes().rposition(|b| b == c)
    } else {
        s.bytes().position(|b| b == c)
    }?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::redact::RedactionPolicy;

    fn clean(url: &str) -> (String, u32) {
        let policy = RedactionPolicy::default();
        let (u, c) = clean_url(url, |k| policy.allows_query_key(k));
        (u, c.secret)
    }

    #[test]
    fn urls_lose_userinfo_query_values_and_token_fragments() {
        assert_eq!(
            clean("https://bob:hunter2@app.example.com/settings/billing?tab=invoices&email=a%40b.io&session=Zx81kq#payment-method"),
            (
                "https://app.example.com/settings/billing?tab=invoices&email=&session=#payment-method"
                    .to_string(),
                2
            )
        );
        assert_eq!(
            clean("https://app.example.com/cb#access_token=abc&state=xyz"),
            ("https://app.example.com/cb".to_string(), 1)
        );
        assert_eq!(
            clean("/orders/JP-55120?Tab=proof&flag"),
            ("/orders/JP-55120?Tab=proof&flag".to_string(), 0)
        );
        // An allow-listed key whose value is a credential still loses it.
        assert_eq!(
            clean("https://x.example/?page=aB3dE5fG7hJ9kL1mN3pQ5rS7"),
            ("https://x.example/?page=".to_string(), 1)
        );
    }

    #[test]
    fn cleaned_context_redacts_and_caps() {
        let policy = RedactionPolicy::default();
        let mut red = Redactor::new(&policy);
        let page = PageContext {
            url: Some("https://app.example.com/u/jane@example.com?q=secret".into()),
            title: Some("Account of jane@example.com".into()),
            breadcrumb: (0..20).map(|k| format!("crumb {k}")).collect(),
            errors: vec!["Card 4242 4242 4242 4242 was declined".into()],
            last_click: Some("x".repeat(500)),
            ..PageContext::default()
        };
        let c = page.cleaned(&mut red);
        assert_eq!(
            c.url.as_deref(),
            Some("https://app.example.com/u/[email]?q=")
        );
        assert_eq!(c.title.as_deref(), Some("Account of [email]"));
        assert_eq!(c.breadcrumb.len(), MAX_BREADCRUMB);
        assert_eq!(c.breadcrumb[0], "crumb 12");
        assert_eq!(c.errors[0], "Card [card ****4242] was declined");
        assert!(c.last_click.unwrap().len() <= MAX_LABEL_BYTES);
        assert_eq!((red.counts().email, red.counts().card), (2, 1));
    }

    /// serde's derive (the CLI) and the hand-written decoder (the wasm) agree.
    #[test]
    fn decoders_agree() {
        for json in [
            "{}",
            r#"{"url": "https://a.example/x?q=1", "title": "T", "section": "S",
                "breadcrumb": ["Home", "Billing"], "trail": [{"url": "u", "title": "t",
                "section": "s", "extra": 1}, {}], "last_click": "Pay", "errors": ["E"],
                "viewport": {"width": 390, "height": 844, "dpr": 2}, "language": "fr",
                "time_zone": "Europe/Paris", "future": {"a": [null]}}"#,
            r#"{"url": null, "viewport": null}"#,
            r#"{"breadcrumb": null}"#,
            r#"{"breadcrumb": "Home"}"#,
            r#"{"breadcrumb": ["a", 1]}"#,
            r#"{"trail": [{"url": 3}]}"#,
            r#"{"trail": ["x"]}"#,
            r#"{"viewport": {"width": 390}}"#,
            r#"{"viewport": {"width": -1, "height": 2}}"#,
            r#"{"viewport": {"width": 1.5, "height": 2}}"#,
            r#"{"viewport": {"width": 1, "height": 2, "width": 3}}"#,
            r#"{"errors": {}}"#,
            r#"{"title": false}"#,
            "7",
        ] {
            // Not compared: serde_json also reads a struct from an array of its fields
            // (`[390, 844]`), a form the JSON Lines contract does not use and the wasm refuses.
            crate::core::json_de::assert_same_as_serde::<PageContext>(json);
        }
    }

    #[test]
    fn unknown_fields_are_ignored_and_old_shape_still_reads() {
        let page: PageContext = serde_json::from_str(
            r#"{"url": "https://a.example/x", "title": "T", "section": "S", "future": 1,
                "viewport": {"width": 390, "height": 844}, "time_zone": "Europe/Paris"}"#,
        )
        .unwrap();
        assert_eq!(page.section.as_deref(), Some("S"));
        assert_eq!(page.viewport.map(|v| v.width), Some(390));
        assert!(!page.is_empty());
        assert!(PageContext::default().is_empty());
    }
}
