//! Redaction of personal data and secrets in free text, applied to every text field of a
//! handoff package before it leaves the page. Hand-written scanners (no `regex`): email
//! addresses, phone numbers, payment card numbers (Luhn and issuer prefix checked; the last four
//! digits may stay), IBANs (mod-97 checked, per-country length), national id numbers (US SSN, UK
//! NINO, Spanish DNI/NIE, French NIR, Canadian SIN), secrets (vendor-prefixed API keys, AWS key
//! ids, Slack and GitHub tokens, bearer tokens, JWTs, private key blocks, `password: ...`,
//! long random-looking tokens) and secrets inside URLs (userinfo, token-like query values and
//! fragments). Each match becomes a typed placeholder (`[email]`, `[phone]`, `[card ****4242]`,
//! `[iban]`, `[id]`, `[secret]`, or `[name]` for a policy pattern); only the number of matches
//! per kind is recorded, never the values.
//!
//! The scanners run in a fixed priority order (secrets, emails, IBANs, national ids, cards,
//! phones, policy patterns, random-looking tokens); a later scanner never touches text an earlier
//! one claimed. This module must stay pure: no I/O, no allocation-heavy machinery, and it must
//! never panic on any input (all positions are ASCII byte offsets, hence char boundaries).

use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode};
use super::json_de::struct_from_json;
use super::text::{find, PairSet};
use super::word_list::{words, Words};

/// What the policy says about redaction. Every kind is on by default; a policy may switch kinds
/// off, add its own patterns, and allow-list query keys whose values may stay in page URLs.
///
/// Pattern syntax (a tiny glob, matched at word boundaries, case-sensitive):
/// `#` one ASCII digit, `@` one ASCII letter, `?` one ASCII letter or digit, `*` one or more
/// characters of `[A-Za-z0-9_-]` (greedy), `\` makes the next character literal, anything else
/// is literal. A pattern must contain at least one wildcard or be at least 4 characters long.
/// Example: `{"name": "employee_id", "glob": "EMP-######"}` turns `EMP-004211` into
/// `[employee_id]`; `{"name": "secret", "glob": "acme_*"}` catches `acme_9f8e7d...`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedactionPolicy {
    /// Redact email addresses.
    pub email: bool,
    /// Redact phone numbers.
    pub phone: bool,
    /// Redact payment card numbers.
    pub card: bool,
    /// Keep a card's last four digits in its placeholder (`[card ****4242]`).
    pub card_keep_last4: bool,
    /// Redact IBANs.
    pub iban: bool,
    /// Redact national id numbers.
    pub national_id: bool,
    /// Redact secrets (API keys, tokens, passwords, secrets in URLs).
    pub secret: bool,
    /// Extra patterns, each with the placeholder name it turns into.
    pub patterns: Vec<CustomPattern>,
    /// Query keys whose values may stay in the page URL (matched case-insensitively); every
    /// other query value is dropped from page URLs.
    pub allowed_query_keys: Vec<String>,
}

impl Default for RedactionPolicy {
    fn default() -> RedactionPolicy {
        RedactionPolicy {
            email: true,
            phone: true,
            card: true,
            card_keep_last4: true,
            iban: true,
            national_id: true,
            secret: true,
            patterns: Vec::new(),
            allowed_query_keys: ["tab", "section", "view", "step", "page", "lang", "locale"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

/// A policy-defined pattern (see [`RedactionPolicy`] for the glob syntax).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomPattern {
    /// Placeholder name: 1 to 32 characters of `[a-z0-9_]`; the match becomes `[name]`.
    pub name: String,
    /// The glob.
    pub glob: String,
}

struct_from_json! {
    /// Every field is optional (the default's value when absent); unknown fields are rejected.
    RedactionPolicy as "struct RedactionPolicy",
    start: RedactionPolicy::default(),
    required: 0, deny_unknown: true,
    {
        "email" => email,
        "phone" => phone,
        "card" => card,
        "card_keep_last4" => card_keep_last4,
        "iban" => iban,
        "national_id" => national_id,
        "secret" => secret,
        "patterns" => patterns,
        "allowed_query_keys" => allowed_query_keys,
    }
}

struct_from_json! {
    /// Both fields are required; unknown fields are rejected.
    CustomPattern as "struct CustomPattern",
    start: CustomPattern { name: String::new(), glob: String::new() },
    required: 0b11, deny_unknown: true,
    { "name" => name, "glob" => glob }
}

impl RedactionPolicy {
    /// Reads and validates a redaction policy on its own (the CLI's `--redaction` file);
    /// errors carry `invalid_policy` and the field's path.
    pub fn from_json(text: &str) -> Result<RedactionPolicy, Error> {
        let policy: RedactionPolicy = super::json_de::decode(text, ErrorCode::InvalidPolicy)?;
        policy.validate()?;
        Ok(policy)
    }

    /// Checks the patterns and allow-listed keys; errors name the field (relative to the
    /// redaction policy, for example `patterns[1].glob`).
    pub fn validate(&self) -> Result<(), Error> {
        for (i, p) in self.patterns.iter().enumerate() {
            let name_ok = !p.name.is_empty()
                && p.name.len() <= 32
                && p.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !name_ok {
                return Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    "must be 1 to 32 characters of a-z, 0-9 and _",
                )
                .at(format!("patterns[{i}].name")));
            }
            let tokens = parse_glob(&p.glob);
            let wild = tokens.iter().any(|t| !matches!(t, GlobToken::Literal(_)));
            if tokens.is_empty() || (!wild && tokens.len() < 4) || tokens.len() > 200 {
                return Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    "must hold a wildcard (# @ ? *) or at least 4 literal characters, and at most 200",
                )
                .at(format!("patterns[{i}].glob")));
            }
        }
        super::policy::no_blank_items(&self.allowed_query_keys, "allowed_query_keys")
    }

    /// Whether a query key's value may stay in a page URL.
    pub fn allows_query_key(&self, key: &str) -> bool {
        self.allowed_query_keys
            .iter()
            .any(|k| k.trim().eq_ignore_ascii_case(key))
    }
}

/// A kind of redacted data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A payment card number.
    Card,
    /// An IBAN.
    Iban,
    /// A national id number.
    NationalId,
    /// An API key, token, password or URL credential.
    Secret,
    /// A match of a policy pattern.
    Custom,
}

/// How many items of each kind were removed. Values are never recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Email addresses.
    pub email: u32,
    /// Phone numbers.
    pub phone: u32,
    /// Payment card numbers.
    pub card: u32,
    /// IBANs.
    pub iban: u32,
    /// National id numbers.
    pub national_id: u32,
    /// Secrets (keys, tokens, passwords, URL credentials).
    pub secret: u32,
    /// Matches of policy patterns.
    pub custom: u32,
}

impl Counts {
    /// Counts one more item of `kind`.
    pub fn bump(&mut self, kind: Kind) {
        let slot = match kind {
            Kind::Email => &mut self.email,
            Kind::Phone => &mut self.phone,
            Kind::Card => &mut self.card,
            Kind::Iban => &mut self.iban,
            Kind::NationalId => &mut self.national_id,
            Kind::Secret => &mut self.secret,
            Kind::Custom => &mut self.custom,
        };
        *slot = slot.saturating_add(1);
    }

    /// Adds another tally to this one.
    pub fn add(&mut self, other: &Counts) {
        self.email = self.email.saturating_add(other.email);
        self.phone = self.phone.saturating_add(other.phone);
        self.card = self.card.saturating_add(other.card);
        self.iban = self.iban.saturating_add(other.iban);
        self.national_id = self.national_id.saturating_add(other.national_id);
        self.secret = self.secret.saturating_add(other.secret);
        self.custom = self.custom.saturating_add(other.custom);
    }

    /// Every item removed.
    pub fn total(&self) -> u32 {
        [
            self.email,
            self.phone,
            self.card,
            self.iban,
            self.national_id,
            self.secret,
            self.custom,
        ]
        .iter()
        .fold(0u32, |a, &b| a.saturating_add(b))
    }
}

/// A redactor under one policy that keeps a running tally over every text it redacts.
#[derive(Debug, Clone)]
pub struct Redactor<'p> {
    policy: &'p RedactionPolicy,
    globs: Vec<(String, Vec<GlobToken>)>,
    counts: Counts,
}

/// Vendor prefixes of API keys and tokens; [`PREFIX_RULES`] holds, at the same place, each
/// one's rule (two tables rather than one of tuples, whose pointers and padding took four times
/// the bytes; the rules array's length is the list's, so they cannot drift apart in length).
#[rustfmt::skip]
const PREFIX_LIST: &[&str] = &[
    "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_", // Stripe
    "whsec_", // Stripe webhooks
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", // GitHub
    "glpat-", // GitLab
    "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-", // Slack
    "AKIA", "ASIA", // AWS
    "AIza", // Google
    "SG.",  // SendGrid
    "npm_", // npm
    "shpat_", "shpss_", // Shopify
    "sk-", // OpenAI
    "hf_", // Hugging Face
];
const PREFIXES: Words = words!(PREFIX_LIST);
/// Marks a rule whose rest must be exactly its length, in upper-case letters and digits.
const UPPER: u8 = 0x80;
/// For each prefix of [`PREFIX_LIST`], the minimum length of the rest, with [`UPPER`].
#[rustfmt::skip]
const PREFIX_RULES: [u8; PREFIX_LIST.len()] = [
    8, 8, 8, 8, 8, 8, // Stripe
    12, // Stripe webhooks
    20, 20, 20, 20, 20, 20, // GitHub
    16, // GitLab
    10, 10, 10, 10, 10, 10, // Slack
    16 | UPPER, 16 | UPPER, // AWS
    30, // Google
    20, // SendGrid
    30, // npm
    20, 20, // Shopify
    20, // OpenAI
    30, // Hugging Face
];

impl<'p> Redactor<'p> {
    /// A redactor with an empty tally.
    pub fn new(policy: &'p RedactionPolicy) -> Redactor<'p> {
        let globs = policy
            .patterns
            .iter()
            .map(|p| (p.name.clone(), parse_glob(&p.glob)))
            .filter(|(_, g)| !g.is_empty())
            .collect();
        Redactor {
            policy,
            globs,
            counts: Counts::default(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &RedactionPolicy {
        self.policy
    }

    /// What was removed so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Counts items removed elsewhere (for example by URL cleaning).
    pub fn add_counts(&mut self, counts: &Counts) {
        self.counts.add(counts);
    }

    /// Redacts one text, adding to the tally.
    pub fn text(&mut self, text: &str) -> String {
        let spans = self.scan(text);
        if spans.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for span in &spans {
            out.push_str(text.get(at..span.start).unwrap_or(""));
            out.push_str(&span.replacement);
            at = span.end;
            self.counts.bump(span.kind);
        }
        out.push_str(text.get(at..).unwrap_or(""));
        out
    }

    /// Redacts an optional text.
    pub fn opt(&mut self, text: Option<&str>) -> Option<String> {
        text.map(|t| self.text(t))
    }

    fn scan(&self, text: &str) -> Vec<Span> {
        let p = self.policy;
        let b = text.as_bytes();
        // One pass tells which scanners can match at all: most texts have few digits, no `@`
        // and no long token, and every scanner skipped here would find nothing (each gate is
        // a necessary condition of its matches, noted beside it).
        let (mut digits, mut dashes, mut at, mut colon) = (0, 0, false, false);
        let (mut run, mut longest) = (0, 0);
        for &c in b {
            digits += c.is_ascii_digit() as usize;
            dashes += (c == b'-') as usize;
            at |= c == b'@';
            colon |= c == b':';
            // The characters of keys, tokens and JWTs.
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'+' | b'/' | b'=') {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        let mut s = Scan {
            b,
            spans: Vec::new(),
            taken: Vec::new(),
        };
        if p.secret {
            if dashes >= 5 {
                s.private_keys(); // `-----BEGIN `
            }
            if colon {
                s.urls(); // `://`
            }
            if longest >= 24 {
                s.jwts(); // 24 characters at least
            }
            if longest >= 15 {
                s.prefixed_secrets(); // the shortest prefix and rest: `xoxb-` and 10
            }
            if digits > 0 {
                s.bearer_tokens(); // a token holds a digit
            }
            s.password_values();
        }
        if p.email && at {
            s.emails();
        }
        if p.iban && digits >= 2 {
            s.ibans(); // two check digits
        }
        if p.national_id && digits >= 6 {
            s.national_ids(); // a UK NINO has the fewest: 6
        }
        if p.card && digits >= 12 {
            s.cards(p.card_keep_last4);
        }
        if p.phone && digits >= 7 {
            s.phones();
        }
        for (name, glob) in &self.globs {
            s.glob(name, glob);
        }
        if p.secret && longest >= 24 {
            s.random_tokens();
        }
        let mut spans = s.spans;
        crate::core::sort::sort_by(&mut spans, |a, b| a.start < b.start);
        spans
    }
}

/// Redacts one text under a policy: the redacted text and what was removed.
pub fn redact(text: &str, policy: &RedactionPolicy) -> (String, Counts) {
    let mut r = Redactor::new(policy);
    let out = r.text(text);
    (out, r.counts())
}

#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    kind: Kind,
    replacement: String,
}

struct Scan<'a> {
    b: &'a [u8],
    spans: Vec<Span>,
    /// One flag per byte claimed by a span (allocated on the first match), so that checking
    /// a candidate costs its length, not the number of spans.
    taken: Vec<bool>,
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// Characters of a token (keys, base64url, most secrets).
fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Characters of a bearer token or query value (base64, base64url, percent-encoding).
fn is_b64_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'~' | b'+' | b'/' | b'=' | b'%')
}

impl Scan<'_> {
    /// The byte at `i`, 0 past the end. The scanners only read inside the text; reading
    /// through here rather than by indexing leaves out some seventy bounds-check panic paths
    /// (their code and location records) that no input reaches.
    #[inline(always)]
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn free(&self, start: usize, end: usize) -> bool {
        self.taken.is_empty() || !self.taken[start..end].iter().any(|&t| t)
    }

    fn add(&mut self, start: usize, end: usize, kind: Kind, replacement: &str) -> bool {
        if start >= end || end > self.b.len() || !self.free(start, end) {
            return false;
        }
        if self.taken.is_empty() {
            self.taken = vec![false; self.b.len()];
        }
        self.taken[start..end].iter_mut().for_each(|t| *t = true);
        self.spans.push(Span {
            start,
            end,
            kind,
            replacement: replacement.to_string(),
        });
        true
    }

    /// No letter or digit right before `i`.
    #[inline]
    fn starts_word(&self, i: usize) -> bool {
        i == 0 || !is_alnum(self.at(i - 1))
    }

    /// No letter or digit at `j`.
    #[inline]
    fn ends_word(&self, j: usize) -> bool {
        j >= self.b.len() || !is_alnum(self.at(j))
    }

    /// Case-insensitive ASCII comparison of `word` at `i`.
    #[inline]
    fn at_ci(&self, i: usize, word: &str) -> bool {
        let w = word.as_bytes();
        // The first byte rejects almost every position: check it before the whole slice.
        match (self.b.get(i), w.first()) {
            (Some(a), Some(c)) if a.eq_ignore_ascii_case(c) => {}
            (_, None) => return true,
            _ => return false,
        }
        rest_eq_ci(self.b, i, w)
    }

    /// Whether one of `words` starts a word in the `window` bytes before `i`. Words of up to
    /// three bytes must also end there (`id` is not `idea`, `sin` is not `since`); longer ones
    /// may be a prefix (`phone` in `phones`).
    fn context_before(&self, i: usize, window: usize, words: Words) -> bool {
        let from = i.saturating_sub(window);
        (from..i.min(self.b.len())).any(|k| {
            self.starts_word(k)
                && words.any(|w| {
                    self.at_ci(k, w)
                        && (w.len() > 3
                            || !w.bytes().last().is_some_and(|c| c.is_ascii_alphanumeric())
                            || self.ends_word(k + w.len()))
                })
        })
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while i < self.b.len() && (self.at(i) == b' ' || self.at(i) == b'\t') {
            i += 1;
        }
        i
    }

    // ---------------------------------------------------------------- secrets

    /// PEM private key blocks, from BEGIN to END (or to the end of the text).
    fn private_keys(&mut self) {
        let mut i = 0;
        while let Some(k) = find_ci(self.b, i, b"-----BEGIN ") {
            let line_end = find_ci(self.b, k + 11, b"-----").unwrap_or(self.b.len());
            let header = &self.b[k..line_end.min(self.b.len())];
            if !contains_ci(header, b"PRIVATE KEY") {
                i = k + 11;
                continue;
            }
            let end = match find_ci(self.b, line_end + 5, b"-----END ") {
                Some(e) => find_ci(self.b, e + 9, b"-----").map_or(self.b.len(), |x| x + 5),
                None => self.b.len(),
            };
            self.add(k, end, Kind::Secret, "[secret]");
            i = end.max(k + 11);
        }
    }

    /// Credentials inside `http(s)://` URLs: userinfo, token-like query values and fragments.
    fn urls(&mut self) {
        let mut i = 0;
        while i < self.b.len() {
            let scheme = if !self.at(i).eq_ignore_ascii_case(&b'h') {
                i += 1;
                continue;
            } else if self.at_ci(i, "https://") {
                8
            } else if self.at_ci(i, "http://") {
                7
            } else {
                i += 1;
                continue;
            };
            let end = url_end(self.b, i);
            for (s, e) in url_secret_spans(&self.b[i..end], scheme) {
                self.add(i + s, i + e, Kind::Secret, "[secret]");
            }
            i = end.max(i + 1);
        }
    }

    /// JSON Web Tokens: `eyJ` header, three base64url parts.
    fn jwts(&mut self) {
        let mut i = 0;
        while let Some(k) = find(self.b, i, b"eyJ") {
            i = k + 3;
            if !self.starts_word(k) {
                continue;
            }
            let mut j = k;
            let mut dots = 0;
            let mut part_len = 0;
            let mut parts_ok = true;
            while j < self.b.len() {
                let c = self.at(j);
                if c == b'.' {
                    if part_len < 4 || dots == 2 {
                        if part_len < 4 {
                            parts_ok = false;
                        }
                        break;
                    }
                    dots += 1;
                    part_len = 0;
                } else if is_token_char(c) {
                    part_len += 1;
                } else {
                    break;
                }
                j += 1;
            }
            if dots == 2 && parts_ok && j - k >= 24 {
                self.add(k, j, Kind::Secret, "[secret]");
                i = j;
            }
        }
    }

    /// API keys and tokens recognisable by their vendor prefix.
    fn prefixed_secrets(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            if !self.starts_word(i) || !self.at(i).is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let mut matched = None;
            for (prefix, rule) in PREFIXES.iter().zip(PREFIX_RULES) {
                let (min, upper) = ((rule & !UPPER) as usize, rule & UPPER != 0);
                let pb = prefix.as_bytes();
                if pb[0] != self.at(i) || !self.b[i..].starts_with(pb) {
                    continue;
                }
                let mut j = i + pb.len();
                let ok = |c: u8| {
                    if upper {
                        c.is_ascii_uppercase() || c.is_ascii_digit()
                    } else {
                        is_token_char(c) || (prefix == "SG." && c == b'.')
                    }
                };
                while j < n && ok(self.at(j)) {
                    j += 1;
                }
                let rest = j - i - pb.len();
                if rest >= min && (!upper || rest == min) && self.ends_word(j) {
                    matched = Some(j);
                    break;
                }
            }
            match matched {
                Some(j) => {
                    self.add(i, j, Kind::Secret, "[secret]");
                    i = j;
                }
                None => i += 1,
            }
        }
    }

    /// `Bearer <token>` and `Authorization: <scheme> <token>`: the token goes.
    fn bearer_tokens(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            let first = self.at(i).to_ascii_lowercase();
            let after = if first != b'b' && first != b'a' {
                None
            } else if self.starts_word(i) && self.at_ci(i, "bearer ") {
                Some(i + 7)
            } else if self.starts_word(i) && self.at_ci(i, "authorization:") {
                let mut j = self.skip_spaces(i + 14);
                // An optional scheme word (Basic, Token, Digest...).
                let w = j;
                while j < n && self.at(j).is_ascii_alphabetic() {
                    j += 1;
                }
                if j < n && self.at(j) == b' ' && j - w <= 8 {
                    Some(j)
                } else {
                    Some(w)
                }
            } else {
                None
            };
            let Some(start) = after else {
                i += 1;
                continue;
            };
            let start = self.skip_spaces(start);
            let mut j = start;
            while j < n && is_b64_char(self.at(j)) {
                j += 1;
            }
            // Trailing sentence punctuation is not part of the token.
            while j > start && matches!(self.at(j - 1), b'.' | b',') {
                j -= 1;
            }
            let token = &self.b[start..j];
            if token.len() >= 8 && token.iter().any(|c| c.is_ascii_digit()) {
                self.add(start, j, Kind::Secret, "[secret]");
            }
            i = j.max(i + 1);
        }
    }

    /// The value after `password:`, `api key =`, `my password is ...` and the like.
    fn password_values(&mut self) {
        // Keywords whose value is always secret once introduced by `:` or `=`.
        const STRONG_LIST: &[&str] = &[
            "password",
            "passwd",
            "passcode",
            "pwd",
            "pin",
            "mot de passe",
            "passwort",
            "kennwort",
            "senha",
            "contraseña",
            "contrasena",
            "clave",
            "secret",
            "client secret",
            "client_secret",
            "api key",
            "api_key",
            "api-key",
            "apikey",
            "access key",
            "secret key",
            "private key",
            "access token",
            "access_token",
            "auth token",
            "token",
            "otp",
            "2fa code",
        ];
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            // Every keyword has two ASCII bytes or more: their first two, lower-cased, must
            // be one of the keywords' pairs.
            const PAIRS: PairSet = PairSet::of_starts(STRONG_LIST);
            if i + 1 >= n || !self.starts_word(i) || !PAIRS.may_hold(self.at(i), self.at(i + 1)) {
                i += 1;
                continue;
            }
            let Some(kw) = words!(STRONG_LIST).iter().find(|k| self.at_ci(i, k)) else {
                i += 1;
                continue;
            };
            let mut j = i + kw.len();
            if !self.ends_word(j) {
                i += 1;
                continue;
            }
            // Separator: `:` or `=` (always), or `is`/`was`/`es`/`est`/`ist` (value must look
            // like a password, so "the password is wrong" keeps its last word).
            j = self.skip_spaces(j);
            let strict;
            if j < n && (self.at(j) == b':' || self.at(j) == b'=') {
                j += 1;
                strict = false;
            } else if let Some(w) = ["is ", "was ", "es ", "est ", "ist ", "é "]
                .iter()
                .find(|w| self.at_ci(j, w))
            {
                j += w.len();
                strict = true;
            } else {
                i += kw.len();
                continue;
            }
            j = self.skip_spaces(j);
            let (start, end) = if j < n && matches!(self.at(j), b'"' | b'\'' | b'`') {
                let q = self.at(j);
                let close = (j + 1..n)
                    .find(|&k| self.at(k) == q || self.at(k) == b'\n')
                    .unwrap_or(n);
                (j + 1, close)
            } else {
                let mut e = j;
                while e < n && !self.at(e).is_ascii_whitespace() {
                    e += 1;
                }
                while e > j && matches!(self.at(e - 1), b'.' | b',' | b';' | b')') {
                    e -= 1;
                }
                (j, e)
            };
            let value = &self.b[start..end];
            let weak_keyword = matches!(kw, "token" | "secret" | "pin" | "otp");
            let looks = looks_like_password(value);
            let ok = if strict || weak_keyword {
                looks
            } else {
                !value.is_empty() && !is_placeholder(value) && !is_common_word(value)
            };
            if ok {
                self.add(start, end, Kind::Secret, "[secret]");
                i = end.max(i + 1);
            } else {
                i += kw.len();
            }
        }
    }

    /// Long random-looking tokens (mixed case and digits): a backstop for unknown key formats.
    fn random_tokens(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            if !is_token_char(self.at(i)) || (i > 0 && is_token_char(self.at(i - 1))) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < n && (is_token_char(self.at(j)) || self.at(j) == b'+' || self.at(j) == b'/') {
                j += 1;
            }
            while j < n && self.at(j) == b'=' {
                j += 1;
            }
            if looks_random(&self.b[i..j]) {
                self.add(i, j, Kind::Secret, "[secret]");
            }
            i = j.max(i + 1);
        }
    }

    // ---------------------------------------------------------------- emails

    fn emails(&mut self) {
        let n = self.b.len();
        for at in 0..n {
            if self.at(at) != b'@' {
                continue;
            }
            let local_ok =
                |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
            let mut s = at;
            while s > 0 && local_ok(self.at(s - 1)) {
                s -= 1;
            }
            while s < at && self.at(s) == b'.' {
                s += 1;
            }
            if s == at {
                continue;
            }
            // Domain: labels of letters, digits and hyphens, dot-separated, alphabetic TLD.
            let mut e = at + 1;
            let mut last_dot = None;
            while e < n {
                let c = self.at(e);
                if c.is_ascii_alphanumeric() || c == b'-' {
                    e += 1;
                } else if c == b'.' && e + 1 < n && self.at(e + 1).is_ascii_alphanumeric() {
                    last_dot = Some(e);
                    e += 1;
                } else {
                    break;
                }
            }
            let Some(dot) = last_dot else { continue };
            let tld = &self.b[dot + 1..e];
            if tld.len() < 2 || !tld.iter().all(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            self.add(s, e, Kind::Email, "[email]");
        }
    }

    // ---------------------------------------------------------------- IBANs

    fn ibans(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i + 4 <= n {
            let b = self.b;
            if !(b[i + 2].is_ascii_digit()
                && b[i + 3].is_ascii_digit()
                && b[i].is_ascii_alphabetic()
                && b[i + 1].is_ascii_alphabetic()
                && self.starts_word(i))
            {
                i += 1;
                continue;
            }
            let cc = [b[i].to_ascii_uppercase(), b[i + 1].to_ascii_uppercase()];
            let Some(len) = iban_length(cc) else {
                i += 1;
                continue;
            };
            // Collect `len` letters and digits, allowing one space or hyphen between groups.
            let mut chars = Vec::with_capacity(len);
            let mut j = i;
            while j < n && chars.len() < len {
                let c = b[j];
                if c.is_ascii_alphanumeric() {
                    chars.push(c.to_ascii_uppercase());
                    j += 1;
                } else if (c == b' ' || c == b'-')
                    && j > i
                    && b[j - 1].is_ascii_alphanumeric()
                    && j + 1 < n
                    && b[j + 1].is_ascii_alphanumeric()
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if chars.len() == len && self.ends_word(j) {
                let keyword = self.context_before(i, 24, words!["iban"]);
                if iban_checksum_ok(&chars) || keyword {
                    self.add(i, j, Kind::Iban, "[iban]");
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
    }

    // ---------------------------------------------------------------- national ids

    fn national_ids(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            let c = self.at(i);
            if !(c.is_ascii_digit() || c.is_ascii_uppercase()) || !self.starts_word(i) {
                i += 1;
                continue;
            }
            if let Some(end) = self
                .ssn_at(i)
                .or_else(|| self.nino_at(i))
                .or_else(|| self.dni_at(i))
                .or_else(|| self.nir_at(i))
                .or_else(|| self.sin_at(i))
            {
                if self.add(i, end, Kind::NationalId, "[id]") {
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// Digit groups of the given sizes joined by one consistent separator from `seps` (or none
    /// when `bare` is allowed), 15 digits at most. Returns the end and the digits (the first
    /// ones of the array; no allocation, as most calls fail).
    fn grouped_digits(
        &self,
        i: usize,
        sizes: &[usize],
        seps: &[u8],
        bare: bool,
    ) -> Option<(usize, [u8; 15], Option<u8>)> {
        let b = self.b;
        let mut j = i;
        let mut digits = [0u8; 15];
        let mut count = 0;
        // 0 = not yet known, 1 = no separator, otherwise the separator byte.
        let mut sep: u8 = 0;
        for (g, &size) in sizes.iter().enumerate() {
            if g > 0 {
                let c = *b.get(j)?;
                if sep == 0 {
                    if seps.contains(&c) {
                        sep = c;
                        j += 1;
                    } else if bare && c.is_ascii_digit() {
                        sep = 1;
                    } else {
                        return None;
                    }
                } else if sep != 1 {
                    if c != sep {
                        return None;
                    }
                    j += 1;
                }
            }
            for _ in 0..size {
                let c = *b.get(j)?;
                if !c.is_ascii_digit() {
                    return None;
                }
                *digits.get_mut(count)? = c - b'0';
                count += 1;
                j += 1;
            }
        }
        if !self.ends_word(j) {
            return None;
        }
        // A separator followed by more digits means a longer number (a phone, an account).
        if j + 1 < b.len()
            && (b[j] == b'-' || b[j] == b'.' || b[j] == b'/')
            && b[j + 1].is_ascii_digit()
        {
            return None;
        }
        Some((j, digits, (sep > 1).then_some(sep)))
    }

    /// US Social Security number: `123-45-6789` or `123 45 6789`; bare nine digits only after
    /// a keyword (SSN, social security, TIN).
    fn ssn_at(&self, i: usize) -> Option<usize> {
        let (end, d, sep) = self.grouped_digits(i, &[3, 2, 4], b"- ", true)?;
        let area = d[0] as u32 * 100 + d[1] as u32 * 10 + d[2] as u32;
        let group = d[3] * 10 + d[4];
        let serial = d[5..9].iter().fold(0u32, |a, &x| a * 10 + x as u32);
        let valid = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
        let keyword = self.context_before(
            i,
            40,
            words![
                "ssn",
                "social security",
                "social sec",
                "tin",
                "itin",
                "tax id",
            ],
        );
        match sep {
            Some(b'-') => Some(end),
            Some(_) => (valid || keyword).then_some(end),
            None => (valid && keyword).then_some(end),
        }
    }

    /// UK National Insurance number: `AB123456C` or `AB 12 34 56 C`.
    fn nino_at(&self, i: usize) -> Option<usize> {
        let b = self.b;
        let (p0, p1) = (*b.get(i)?, *b.get(i + 1)?);
        if !p0.is_ascii_uppercase() || !p1.is_ascii_uppercase() {
            return None;
        }
        if b"DFIQUV".contains(&p0) || b"DFIOQUV".contains(&p1) {
            return None;
        }
        let prefix = [p0, p1];
        if [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"]
            .iter()
            .any(|p| **p == prefix)
        {
            return None;
        }
        let mut j = i + 2;
        let spaced = b.get(j) == Some(&b' ');
        for _ in 0..3 {
            if spaced {
                if b.get(j) != Some(&b' ') {
                    return None;
                }
                j += 1;
            }
            for _ in 0..2 {
                if !b.get(j)?.is_ascii_digit() {
                    return None;
                }
                j += 1;
            }
        }
        if spaced && b.get(j) == Some(&b' ') {
            j += 1;
        }
        let suffix = *b.get(j)?;
        if !(b'A'..=b'D').contains(&suffix) {
            return None;
        }
        j += 1;
        self.ends_word(j).then_some(j)
    }

    /// Spanish DNI (`12345678Z`) and NIE (`X1234567L`), with their check letter.
    fn dni_at(&self, i: usize) -> Option<usize> {
        const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
        let b = self.b;
        let (first, digits_from) = match *b.get(i)? {
            c @ (b'X' | b'Y' | b'Z') => ((c - b'X') as u32, i + 1),
            c if c.is_ascii_digit() => (0, i),
            _ => return None,
        };
        let count = if digits_from == i { 8 } else { 7 };
        let mut n = first;
        let mut j = digits_from;
        for _ in 0..count {
            let c = *b.get(j)?;
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + (c - b'0') as u32;
            j += 1;
        }
        if b.get(j) == Some(&b'-') {
            j += 1;
        }
        let letter = b.get(j)?.to_ascii_uppercase();
        (letter == LETTERS[(n % 23) as usize] && self.ends_word(j + 1)).then_some(j + 1)
    }

    /// French social security number (NIR): 15 digits, optionally spaced, with its mod-97 key.
    fn nir_at(&self, i: usize) -> Option<usize> {
        let b = self.b;
        if !matches!(b.get(i), Some(b'1' | b'2')) {
            return None;
        }
        let (end, d, _) = self.grouped_digits(i, &[1, 2, 2, 2, 3, 3, 2], b" ", true)?;
        let body = d[..13].iter().fold(0u64, |a, &x| a * 10 + x as u64);
        let key = (d[13] * 10 + d[14]) as u64;
        (key == 97 - body % 97).then_some(end)
    }

    /// Canadian Social Insurance number `123 456 782` (Luhn), only after a keyword.
    fn sin_at(&self, i: usize) -> Option<usize> {
        let (end, d, _) = self.grouped_digits(i, &[3, 3, 3], b" -", true)?;
        let keyword = self.context_before(i, 40, words!["sin", "social insurance", "nas"]);
        (keyword && luhn_ok(&d[..9])).then_some(end)
    }

    // ---------------------------------------------------------------- cards

    fn cards(&mut self, keep_last4: bool) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            if !self.at(i).is_ascii_digit() || !self.starts_word(i) {
                i += 1;
                continue;
            }
            // Digits with single spaces or hyphens between them; remember group ends.
            let mut j = i;
            let mut digits = Vec::new();
            let mut ends = Vec::new(); // (byte end, digit count) at each group end
            let mut separated = false;
            while j < n {
                let c = self.at(j);
                if c.is_ascii_digit() {
                    digits.push(c - b'0');
                    j += 1;
                    if j >= n || !self.at(j).is_ascii_digit() {
                        ends.push((j, digits.len()));
                    }
                } else if (c == b' ' || c == b'-')
                    && j + 1 < n
                    && self.at(j + 1).is_ascii_digit()
                    && digits.len() < 19
                {
                    separated = true;
                    j += 1;
                } else {
                    break;
                }
            }
            let mut found = None;
            // After "card" or "cc", any Luhn-valid number of 12 to 19 digits (Maestro cards can
            // have 12, and issuers outside the prefix table exist). The cue is only looked for
            // when a run could be a card at all.
            let candidate = ends
                .iter()
                .any(|&(end, count)| (12..=19).contains(&count) && self.ends_word(end));
            let card_cue = candidate
                && self.context_before(
                    i,
                    24,
                    words![
                        "card",
                        "cc",
                        "visa",
                        "mastercard",
                        "amex",
                        "maestro",
                        "credit",
                        "debit",
                    ],
                );
            let min = if card_cue { 12 } else { 13 };
            for &(end, count) in ends.iter().rev() {
                if !(min..=19).contains(&count) || !self.ends_word(end) {
                    continue;
                }
                let d = &digits[..count];
                let plausible = issuer_ok(d) || card_cue;
                if luhn_ok(d) && plausible && !(count == 16 && d.iter().all(|&x| x == d[0])) {
                    found = Some((end, count));
                    break;
                }
            }
            if let Some((end, count)) = found {
                let order_like = !separated
                    && (i > 0 && self.at(i - 1) == b'#'
                        || self.context_before(
                            i,
                            24,
                            words![
                                "order",
                                "invoice",
                                "tracking",
                                "ticket",
                                "case",
                                "ref",
                                "confirmation",
                            ],
                        ))
                    && !self.context_before(
                        i,
                        40,
                        words![
                            "card",
                            "visa",
                            "mastercard",
                            "amex",
                            "credit",
                            "debit",
                            "cc",
                        ],
                    );
                if !order_like {
                    let replacement = if keep_last4 {
                        let last: String = digits[count - 4..count]
                            .iter()
                            .map(|&x| (b'0' + x) as char)
                            .collect();
                        format!("[card ****{last}]")
                    } else {
                        "[card]".to_string()
                    };
                    self.add(i, end, Kind::Card, &replacement);
                    i = end;
                    continue;
                }
            }
            i = j.max(i + 1);
        }
    }

    // ---------------------------------------------------------------- phones

    fn phones(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            let c = self.at(i);
            let opener = (c == b'+' || c == b'(')
                && i + 1 < n
                && (self.at(i + 1).is_ascii_digit() || self.at(i + 1) == b'+');
            if !(c.is_ascii_digit() || opener) || !self.starts_word(i) {
                i += 1;
                continue;
            }
            // A digit glued to a preceding separator belongs to a bigger token (10.2.3, a-12).
            if c.is_ascii_digit() && i > 0 && matches!(self.at(i - 1), b'.' | b'-' | b'/') {
                i += 1;
                continue;
            }
            match self.phone_at(i) {
                Some(end) => {
                    self.add(i, end, Kind::Phone, "[phone]");
                    i = end;
                }
                None => {
                    // Skip the rest of this number so its tail is not tried on its own.
                    let mut j = i + 1;
                    while j < n
                        && (self.at(j).is_ascii_digit() || matches!(self.at(j), b'.' | b'-'))
                    {
                        j += 1;
                    }
                    i = j;
                }
            }
        }
    }

    fn phone_at(&self, i: usize) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let plus = b[i] == b'+' || (b[i] == b'(' && b.get(i + 1) == Some(&b'+'));
        // Walk digits and separators; at most two separator characters in a row.
        let mut groups: Vec<usize> = Vec::new();
        let mut total = 0usize;
        let mut j = i;
        let mut cur = 0usize;
        let mut end = i;
        let mut run_seps = 0;
        let mut open_paren = false;
        while j < n {
            let c = b[j];
            if c.is_ascii_digit() {
                // No phone number has this many digits: stop walking (keeps scanning linear).
                total += 1;
                if total > 20 {
                    return None;
                }
                cur += 1;
                run_seps = 0;
                j += 1;
                end = j;
            } else if matches!(c, b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+')
                && run_seps < 2
                && !(c == b'+' && j != i)
            {
                if c == b'(' {
                    if open_paren {
                        break;
                    }
                    open_paren = true;
                }
                if c == b')' {
                    if !open_paren {
                        break;
                    }
                    open_paren = false;
                }
                if cur > 0 {
                    groups.push(cur);
                    cur = 0;
                }
                run_seps += 1;
                j += 1;
                // Only continue when a digit (or an opening parenthesis) follows soon.
                let next = b.get(j).copied().unwrap_or(b'x');
                let after = b.get(j + 1).copied().unwrap_or(b'x');
                if !(next.is_ascii_digit()
                    || (matches!(next, b' ' | b'(' | b'-' | b')') && after.is_ascii_digit()))
                {
                    break;
                }
            } else {
                break;
            }
        }
        // Count groups up to `end` only.
        if cur > 0 {
            groups.push(cur);
        }
        let seps_used: Vec<u8> = {
            // Separators strictly inside the number (before `end`).
            b[i..end]
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_digit() && *c != b'+')
                .collect()
        };
        let digits: usize = groups.iter().sum();
        if groups.is_empty() {
            return None;
        }
        // What follows the number.
        let mut stop = end;
        if stop < n && b[stop] == b')' && b[i] == b'(' {
            stop += 1;
        }
        if stop < n && (is_alnum(b[stop]) && !matches!(b[stop], b'x' | b'X')) {
            return None;
        }
        if stop < n && b[stop] == b':' && b.get(stop + 1).is_some_and(|c| c.is_ascii_digit()) {
            return None; // a time: 2026-11-20 10:30
        }
        if stop + 1 < n && matches!(b[stop], b'.' | b',') && b[stop + 1].is_ascii_digit() {
            return None; // a decimal or a longer dotted token
        }
        if stop < n && b[stop] == b'%' {
            return None; // a percentage
        }
        let max_group = groups.iter().copied().max().unwrap_or(0);
        let only = |set: &[u8]| seps_used.iter().all(|c| set.contains(c));
        // The cue words are looked for only once the digit count allows a phone number.
        if plus {
            if !(8..=15).contains(&digits) {
                return None;
            }
            return self.phone_extension(end);
        }
        if !(7..=15).contains(&digits) {
            return None;
        }
        let keyword = self.context_before(
            i,
            40,
            words![
                "phone",
                "call",
                "tel",
                "mobile",
                "cell",
                "fax",
                "whatsapp",
                "sms",
                "text me",
                "reach me",
                "contact",
                "telefono",
                "teléfono",
                "téléphone",
                "telephone",
                "portable",
                "handy",
                "telefon",
                "telefone",
                "celular",
            ],
        );
        let blocked = || {
            self.context_before(
                i,
                20,
                words![
                    "order",
                    "invoice",
                    "ticket",
                    "case",
                    "tracking",
                    "ref",
                    "version",
                    "build",
                    "isbn",
                    "serial",
                    "sku",
                    "account",
                    "acct",
                    "id",
                    "#",
                    "v",
                    "incident",
                    "confirmation",
                    "booking",
                    "reservation",
                    "flight",
                    "tag",
                    "parcel",
                    "shipment",
                ],
            ) || (i > 0 && matches!(b[i - 1], b'$' | b'#'))
                || self.context_before(i, 2, words!["€", "£", "usd", "eur"])
        };
        if !keyword && blocked() {
            return None;
        }
        if groups.len() == 1 {
            // A bare run of digits is a phone only when the text says so.
            if !(keyword && (9..=15).contains(&digits)) {
                return None;
            }
        } else {
            // Pairs of digits with one separator (01.84.17.61.18, 60-56-85-91) are a
            // common European way of writing phone numbers.
            let pairs = groups.len() >= 4
                && groups.iter().all(|&g| g == 2)
                && seps_used.windows(2).all(|w| w[0] == w[1]);
            if max_group < 3 && !keyword && !pairs {
                return None;
            }
            if only(b".") {
                let ip = groups.len() == 4 && groups.iter().all(|&g| g <= 3);
                if ip || digits < 10 || groups.len() == 2 {
                    return None; // an IP address, a version string or a decimal
                }
            }
            if !keyword {
                // Seven digits only as the local 123-4567. Two long groups (4016 529557:
                // a bag tag, a reference) only with a trunk prefix 0: area codes without
                // one have at most three digits (99 668472 stays a phone).
                if digits == 7 && groups != [3, 4] {
                    return None;
                }
                if groups.len() == 2 && groups[0] >= 4 && groups[1] >= 6 && b[i] != b'0' {
                    return None;
                }
            }
            if is_date_shape(&groups, &seps_used) || has_slash_date(&groups, &seps_used) {
                return None;
            }
            if only(b"/") && digits < 9 {
                return None; // 2495/1170: flight numbers, fractions
            }
            // A day, a month and a year written with spaces: 20 11 2026.
            let spaced_date = groups.len() == 3
                && only(b" ")
                && groups[0] <= 2
                && groups[1] <= 2
                && groups[2] == 4
                && matches!(&b[end - 4..end - 2], b"19" | b"20");
            // Round thousands: 10 000 000, 2 500 000 (the same shape with other digits is
            // also an eight-digit phone, 78 651 450, and stays one).
            let thousands = groups.len() >= 3
                && groups[0] <= 2
                && groups[1..].iter().all(|&g| g == 3)
                && seps_used.windows(2).all(|w| w[0] == w[1])
                && &b[end - 3..end] == b"000";
            if (spaced_date || thousands) && !keyword {
                return None;
            }
            if groups.len() == 2 && groups[0] == 5 && groups[1] == 4 && only(b"-") {
                return None; // a US ZIP+4 code
            }
        }
        self.phone_extension(end)
    }

    /// The end of a phone number ending at `end`, after an extension (`x123`, `ext. 123`,
    /// `extension 123`) when one follows; `None` when a word is glued to it.
    fn phone_extension(&self, end: usize) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let mut k = end;
        let mut probe = k;
        while probe < n && b[probe] == b' ' {
            probe += 1;
        }
        for word in ["extension", "ext.", "ext", "x"] {
            if self.at_ci(probe, word) {
                let mut q = probe + word.len();
                while q < n && b[q] == b' ' {
                    q += 1;
                }
                let ds = q;
                while q < n && b[q].is_ascii_digit() && q - ds < 6 {
                    q += 1;
                }
                if q > ds && self.ends_word(q) {
                    k = q;
                }
                break;
            }
        }
        if k == end && end < n && is_alnum(b[end]) {
            return None; // "x" not followed by digits: glued to a word
        }
        Some(k)
    }

    // ---------------------------------------------------------------- policy patterns

    fn glob(&mut self, name: &str, glob: &[GlobToken]) {
        let replacement = format!("[{name}]");
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            if self.starts_word(i) || !is_alnum(self.at(i)) {
                if let Some(end) = glob_match(glob, self.b, i) {
                    if end > i
                        && self.ends_word(end)
                        && self.add(i, end, Kind::Custom, &replacement)
                    {
                        i = end;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
}

/// The end of a URL starting at `i`: the first whitespace, quote or angle bracket, without
/// trailing sentence punctuation or an unbalanced closing bracket.
fn url_end(b: &[u8], i: usize) -> usize {
    let mut e = i;
    while e < b.len() && !b[e].is_ascii_whitespace() && !matches!(b[e], b'"' | b'<' | b'>' | b'`') {
        e += 1;
    }
    while e > i
        && matches!(
            b[e - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\''
        )
    {
        e -= 1;
    }
    e
}

/// Byte ranges (relative to the URL) holding credentials: userinfo, token-like query values
/// and fragments. `scheme_len` is the length of `http://` or `https://`.
fn url_secret_spans(url: &[u8], scheme_len: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let auth_end = (scheme_len..url.len())
        .find(|&k| matches!(url[k], b'/' | b'?' | b'#'))
        .unwrap_or(url.len());
    if let Some(at) = (scheme_len..auth_end).rev().find(|&k| url[k] == b'@') {
        out.push((scheme_len, at));
    }
    let query = (auth_end..url.len()).find(|&k| url[k] == b'?');
    let fragment = (auth_end..url.len()).find(|&k| url[k] == b'#');
    if let Some(q) = query {
        let q_end = fragment.filter(|&f| f > q).unwrap_or(url.len());
        let mut k = q + 1;
        while k < q_end {
            let pair_end = (k..q_end).find(|&x| url[x] == b'&').unwrap_or(q_end);
            let pair = &url[k..pair_end];
            if let Some(eq) = pair.iter().position(|&c| c == b'=') {
                let key = &pair[..eq];
                let value = &pair[eq + 1..];
                if !value.is_empty() && (sensitive_key(key) || looks_like_token(value)) {
                    out.push((k + eq + 1, pair_end));
                }
            }
            k = pair_end + 1;
        }
    }
    if let Some(f) = fragment {
        let frag = &url[f + 1..];
        if fragment_is_secret(frag) {
            out.push((f + 1, url.len()));
        }
    }
    out
}

/// Whether a URL fragment carries credentials (`#access_token=...`) or a token.
pub(crate) fn fragment_is_secret(frag: &[u8]) -> bool {
    if frag.is_empty() {
        return false;
    }
    if frag.contains(&b'=') {
        return frag
            .split(|&c| c == b'&')
            .any(|pair| match pair.iter().position(|&c| c == b'=') {
                Some(eq) => sensitive_key(&pair[..eq]) || looks_like_token(&pair[eq + 1..]),
                None => false,
            });
    }
    looks_like_token(frag)
}

/// Query or fragment keys whose values are credentials.
pub(crate) fn sensitive_key(key: &[u8]) -> bool {
    let k: Vec<u8> = key.iter().map(|c| c.to_ascii_lowercase()).collect();
    const CONTAINS: Words = words![
        "token",
        "secret",
        "passw",
        "pwd",
        "auth",
        "sig",
        "session",
        "apikey",
        "api_key",
        "api-key",
        "credential",
        "jwt",
        "otp",
        "ticket",
        "nonce",
    ];
    const EXACT: Words = words!["key", "code", "sid", "state", "hash", "pin", "pass", "k"];
    CONTAINS.any(|w| contains_ci(&k, w.as_bytes())) || EXACT.any(|w| k == w.as_bytes())
}

/// A value that looks like a generated token: long, no spaces, letters and digits, mixed case
/// (or very long).
pub(crate) fn looks_like_token(v: &[u8]) -> bool {
    if v.len() < 20 || !v.iter().all(|&c| is_b64_char(c)) {
        return false;
    }
    let [digits, upper, lower] = class_counts(v);
    digits > 0 && (upper + lower) > 0 && ((upper > 0 && lower > 0) || v.len() >= 32)
}

/// How many digits, upper-case and lower-case ASCII letters `v` holds.
fn class_counts(v: &[u8]) -> [usize; 3] {
    let mut n = [0; 3];
    for c in v {
        n[0] += usize::from(c.is_ascii_digit());
        n[1] += usize::from(c.is_ascii_uppercase());
        n[2] += usize::from(c.is_ascii_lowercase());
    }
    n
}

/// A long token with upper case, lower case and several digits, and no long run of lower-case
/// letters (which would be words joined by `-` or `_`).
fn looks_random(v: &[u8]) -> bool {
    if v.len() < 24 {
        return false;
    }
    let [digits, upper, lower] = class_counts(v);
    let mut longest_lower = 0;
    let mut run = 0;
    for &c in v {
        if c.is_ascii_lowercase() {
            run += 1;
            longest_lower = longest_lower.max(run);
        } else {
            run = 0;
        }
    }
    digits >= 3 && upper >= 2 && lower >= 2 && longest_lower < 7
}

/// Whether a `password: ...` value looks like a real password (not a word such as "wrong").
fn looks_like_password(v: &[u8]) -> bool {
    if v.len() < 4 || v.len() > 128 || is_placeholder(v) {
        return false;
    }
    let digit = v.iter().any(|c| c.is_ascii_digit());
    let symbol = v
        .iter()
        .any(|c| c.is_ascii_punctuation() && !matches!(c, b'\'' | b'-'));
    let upper_inside = v[1..].iter().any(|c| c.is_ascii_uppercase());
    let lower = v.iter().any(|c| c.is_ascii_lowercase());
    digit || symbol || (upper_inside && lower)
}

/// Common words that follow `password:` in a sentence rather than a password.
fn is_common_word(v: &[u8]) -> bool {
    const WORDS: Words = words![
        "a",
        "an",
        "the",
        "it",
        "is",
        "i",
        "my",
        "your",
        "not",
        "and",
        "but",
        "so",
        "still",
        "does",
        "doesn't",
        "didn't",
        "won't",
        "can't",
        "was",
        "has",
        "had",
        "reset",
        "changed",
        "forgot",
        "forgotten",
        "expired",
        "incorrect",
        "wrong",
        "invalid",
        "none",
        "n/a",
        "same",
        "new",
        "old",
        "required",
        "missing",
        "empty",
        "blank",
        "please",
        "help",
    ];
    WORDS.any(|w| w.as_bytes().eq_ignore_ascii_case(v))
}

/// Already a placeholder (`[secret]`, `***`): nothing to hide.
fn is_placeholder(v: &[u8]) -> bool {
    (v.first() == Some(&b'[') && v.last() == Some(&b']')) || v.iter().all(|&c| c == b'*')
}

/// Whether `w` is at `i` in `b`, ignoring ASCII case: [`Scan::at_ci`] past its first-byte
/// check, out of line (the scanners call it from a dozen places; redaction runs per package).
#[inline(never)]
fn rest_eq_ci(b: &[u8], i: usize, w: &[u8]) -> bool {
    b.get(i..i + w.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(w))
}

/// First case-insensitive occurrence of `needle` at or after `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() || hay.len() - from < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&k| hay[k].eq_ignore_ascii_case(&needle[0]) && rest_eq_ci(hay, k, needle))
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    find_ci(hay, 0, needle).is_some()
}

/// Luhn checksum over digits (0 to 9).
pub fn luhn_ok(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    for (k, &d) in digits.iter().rev().enumerate() {
        let mut v = d as u32;
        if k % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Whether a card number starts with a major issuer's prefix (Visa 4, Mastercard 51-55 and
/// 2221-2720, Amex 34/37, Discover 6011/644-649/65, JCB 35, Diners 30/36/38/39, UnionPay 62,
/// Maestro 50/56-69, JCB's older 15-digit 1800 and 2131).
fn issuer_ok(d: &[u8]) -> bool {
    let two = d[0] as u32 * 10 + d[1] as u32;
    let four = d[..4].iter().fold(0u32, |a, &x| a * 10 + x as u32);
    match d[0] {
        4 => true,
        5 => true,
        3 => matches!(two, 30 | 34 | 35 | 36 | 37 | 38 | 39),
        6 => true,
        2 => (2221..=2720).contains(&four) || four == 2131,
        1 => four == 1800,
        _ => false,
    }
}

/// IBAN lengths by country (SWIFT registry).
fn iban_length(cc: [u8; 2]) -> Option<usize> {
    const TABLE: &str = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BR29BY28CH21CR22CY28CZ24DE22DK18DO28\
EE20EG29ES24FI18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28\
LC32LI21LT20LU20LV21MC27MD24ME22MK19MR27MT31MU30NL18NO15PK24PL28PS29PT25QA29RO24RS22SA24SC31\
SE24SI19SK24SM27ST25SV28TL23TN24TR26UA29VA22VG24XK20";
    let t = TABLE.as_bytes();
    t.chunks(4)
        .find(|c| c[0] == cc[0] && c[1] == cc[1])
        .map(|c| ((c[2] - b'0') * 10 + (c[3] - b'0')) as usize)
}

/// The IBAN mod-97 check over upper-case letters and digits.
pub fn iban_checksum_ok(chars: &[u8]) -> bool {
    if chars.len() < 5 {
        return false;
    }
    let mut rem = 0u32;
    for &c in chars[4..].iter().chain(&chars[..4]) {
        let v = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Dates written with digits: 2026-11-20, 20/11/2026, 11.20.26 (the first three groups).
fn is_date_shape(groups: &[usize], seps: &[u8]) -> bool {
    // Three groups, or three followed by a space (a time): 20-11-26 10:30.
    if groups.len() < 3 || (groups.len() > 3 && seps.get(2) != Some(&b' ')) {
        return false;
    }
    let g = &groups[..3];
    let first_two_seps: Vec<u8> = seps.iter().copied().take(2).collect();
    let consistent = first_two_seps.len() == 2
        && first_two_seps[0] == first_two_seps[1]
        && matches!(first_two_seps[0], b'-' | b'/' | b'.');
    consistent
        && ((g[0] == 4 && g[1] <= 2 && g[2] <= 2)
            || (g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2)))
}

/// A `d/m/y` date anywhere in a run of groups (`2707 2/21/2015`).
fn has_slash_date(groups: &[usize], seps: &[u8]) -> bool {
    (0..groups.len().saturating_sub(2)).any(|k| {
        seps.get(k) == Some(&b'/')
            && seps.get(k + 1) == Some(&b'/')
            && groups[k] <= 2
            && groups[k + 1] <= 2
            && matches!(groups[k + 2], 2 | 4)
    })
}

// -------------------------------------------------------------------- globs

#[derive(Debug, Clone, PartialEq, Eq)]
enum GlobToken {
    Literal(u8),
    Digit,
    Letter,
    Alnum,
    Many,
}

fn parse_glob(glob: &str) -> Vec<GlobToken> {
    let mut out = Vec::new();
    let mut it = glob.bytes();
    while let Some(c) = it.next() {
        out.push(match c {
            b'#' => GlobToken::Digit,
            b'@' => GlobToken::Letter,
            b'?' => GlobToken::Alnum,
            b'*' => GlobToken::Many,
            b'\\' => match it.next() {
                Some(n) => GlobToken::Literal(n),
                None => GlobToken::Literal(b'\\'),
            },
            other => GlobToken::Literal(other),
        });
    }
    out
}

/// Matches a glob at `i`; returns the end of the match. `*` is greedy without backtracking
/// past the next literal, which keeps matching linear.
fn glob_match(glob: &[GlobToken], b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    for (k, t) in glob.iter().enumerate() {
        match t {
            GlobToken::Literal(c) => {
                if b.get(j) != Some(c) {
                    return None;
                }
                j += 1;
            }
            GlobToken::Digit => {
                if !b.get(j)?.is_ascii_digit() {
                    return None;
                }
                j += 1;
            }
            GlobToken::Letter => {
                if !b.get(j)?.is_ascii_alphabetic() {
                    return None;
                }
                j += 1;
            }
            GlobToken::Alnum => {
                if !b.get(j)?.is_ascii_alphanumeric() {
                    return None;
                }
                j += 1;
            }
            GlobToken::Many => {
                let stop = match glob.get(k + 1) {
                    Some(GlobToken::Literal(c)) => Some(*c),
                    _ => None,
                };
                let from = j;
                // At most 256 characters, which keeps matching linear in the text.
                while j < b.len() && j - from < 256 && is_token_char(b[j]) && Some(b[j]) != stop {
                    j += 1;
                }
                if j == from {
                    return None;
                }
            }
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> String {
        redact(text, &RedactionPolicy::default()).0
    }

    fn counts(text: &str) -> Counts {
        redact(text, &RedactionPolicy::default()).1
    }

    #[test]
    fn emails_go_and_lookalikes_stay() {
        assert_eq!(
            r("write to Jane.Doe+billing@mail.example.co.uk, thanks"),
            "write to [email], thanks"
        );
        assert_eq!(counts("a@b.io and c.d@e-f.org").email, 2);
        // Not emails: a handle, a version pin, a decorator.
        for keep in [
            "ping @support",
            "pkg@1.2.3",
            "@Override",
            "user@localhost",
            "me@x.c",
        ] {
            assert_eq!(r(keep), keep);
        }
    }

    #[test]
    fn phones_go_in_common_formats() {
        for phone in [
            "(555) 123-4567",
            "555-123-4567",
            "555.123.4567",
            "+1 555 123 4567",
            "+44 20 7946 0958",
            "+44 (0) 20 7946 0958",
            "001-541-754-3010",
            "07700 900123",
            "+49 30 1234567",
            "+33 6 12 34 56 78",
            "(07700) 900 123",
        ] {
            let text = format!("call me at {phone} please");
            assert_eq!(r(&text), "call me at [phone] please", "{phone}");
        }
        assert_eq!(r("Phone: 5551234567."), "Phone: [phone].");
        // Pairs of digits, European style, even without a cue; glued after a comma.
        assert_eq!(
            r("not answering at 71-33-52-22"),
            "not answering at [phone]"
        );
        assert_eq!(r("Mobile: 03.93.92.16.85"), "Mobile: [phone]");
        assert_eq!(r("not answering at 99 668472"), "not answering at [phone]");
        assert_eq!(r("not answering at 78 651 450"), "not answering at [phone]");
        assert_eq!(r("Office,001-748-088-2851x818-Fax"), "Office,[phone]-Fax");
        // A short cue word is a whole word: "VIC" is not the version cue "v".
        assert_eq!(
            r("Road, VIC\n655 437 108 office"),
            "Road, VIC\n[phone] office"
        );
        assert_eq!(r("office 555-123-4567 x204 ok"), "office [phone] ok");
        assert_eq!(r("office 555-123-4567 ext. 204 ok"), "office [phone] ok");
    }

    #[test]
    fn versions_dates_and_amounts_are_not_phones() {
        for keep in [
            "upgrade from 10.2.3.4 to 2.0.1 today",
            "since 2026-11-20 the app fails",
            "on 20/11/2026 at 10:30",
            "11-20-2026 10:30",
            "20-11-26 10 people",
            "version 1.2.3.4567890",
            "id 555 1234567",
            "the order number 370795561790 was cancelled",
            "Incident: 150202-000419 still open",
            "on Monday 1230 130",
            "99.99999999% sure",
            "bag tags 4016 529557",
            "born 20 11 1990 in Lyon",
            "we have 10 000 000 users and 1.000.000.000 rows",
            "the promise ring I lost on flight 2707 2/21/2015",
            "flights 2495/1170 cancelled",
            "server 192.168.100.200 is down",
            "order 1234567890 arrived",
            "invoice #2026-0001-17 is wrong",
            "I paid $1 234 567 already",
            "ZIP 94105-1234",
            "error 0x80070005",
            "it took 3 - 4 days",
            "build 20261120.3",
            "1234567890 is my lucky number", // a bare number with no phone cue
        ] {
            assert_eq!(r(keep), keep);
        }
    }

    #[test]
    fn cards_keep_their_last_four_and_order_numbers_stay() {
        assert_eq!(
            r("card 4242 4242 4242 4242 exp 12/29"),
            "card [card ****4242] exp 12/29"
        );
        assert_eq!(r("use 5555-5555-5555-4444"), "use [card ****4444]");
        assert_eq!(r("amex 378282246310005."), "amex [card ****0005].");
        // Fails Luhn: not a card.
        assert_eq!(r("ref 4242 4242 4242 4241"), "ref 4242 4242 4242 4241");
        // Order numbers: wrong issuer prefix, or contiguous digits after an order cue.
        assert_eq!(r("order 1234567812345670"), "order 1234567812345670");
        assert_eq!(r("order #4111111111111111"), "order #4111111111111111");
        // After a card cue, any Luhn-valid 12 to 19 digits (12-digit Maestro); without one, a
        // 12-digit or unknown-issuer number stays.
        assert_eq!(
            r("my card 501800000009 is lost"),
            "my card [card ****0009] is lost"
        );
        assert_eq!(r("card no 912345678901238"), "card no [card ****1238]");
        assert_eq!(r("ticket 123456789015"), "ticket 123456789015");
        assert_eq!(r("parcel 912345678901238"), "parcel 912345678901238");
        // JCB's older 15-digit prefix.
        assert_eq!(r("use 180000000000010"), "use [card ****0010]");
        let policy = RedactionPolicy {
            card_keep_last4: false,
            ..RedactionPolicy::default()
        };
        assert_eq!(redact("4111111111111111", &policy).0, "[card]");
    }

    #[test]
    fn ibans_need_a_valid_checksum() {
        assert_eq!(r("IBAN GB82 WEST 1234 5698 7654 32 ok"), "IBAN [iban] ok");
        assert_eq!(r("send to DE89370400440532013000."), "send to [iban].");
        // One digit off: the checksum fails and there is no IBAN keyword nearby.
        assert_eq!(
            r("code DE89370400440532013001"),
            "code DE89370400440532013001"
        );
        // A product code with a country-like prefix is not an IBAN.
        assert_eq!(r("model GB22 ships"), "model GB22 ships");
    }

    #[test]
    fn national_ids_in_common_formats() {
        assert_eq!(r("my SSN is 123-45-6789"), "my SSN is [id]");
        assert_eq!(r("ssn: 123456789"), "ssn: [id]");
        assert_eq!(r("NI number AB 12 34 56 C"), "NI number [id]");
        assert_eq!(r("NINO AB123456C"), "NINO [id]");
        assert_eq!(r("DNI 12345678Z"), "DNI [id]");
        assert_eq!(r("NIE X1234567L"), "NIE [id]");
        assert_eq!(r("NIR 1 85 05 78 006 084 91"), "NIR [id]");
        assert_eq!(r("SIN 046 454 286"), "SIN [id]");
        // Lookalikes: wrong DNI letter, nine bare digits with no cue, a NINO with a bad prefix.
        for keep in ["DNI 12345678A", "ticket 123456789", "code GB123456A"] {
            assert_eq!(r(keep), keep);
        }
    }

    #[test]
    fn every_vendor_prefix_needs_its_rest() {
        for (prefix, rule) in PREFIXES.iter().zip(PREFIX_RULES) {
            let (min, upper) = ((rule & !UPPER) as usize, rule & UPPER != 0);
            let rest = |n: usize| if upper { "Q".repeat(n) } else { "q".repeat(n) };
            let long_enough = format!("key {prefix}{} end", rest(min));
            assert_eq!(r(&long_enough), "key [secret] end", "{prefix}");
            let short = format!("key {prefix}{} end", rest(min - 1));
            assert_eq!(r(&short), short, "{prefix}");
        }
        assert_eq!(PREFIXES.iter().count(), PREFIX_LIST.len());
    }

    #[test]
    fn secrets_of_common_kinds() {
        let cases = [
            "key sk_live_51HxYzABCdef123456",
            "token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "aws AKIAIOSFODNN7EXAMPLE",
            "slack xoxb-123456789012-abcdefghij",
            "Authorization: Bearer abc.DEF-123_xyz789",
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "password: hunter2",
            "my password is Summer2024!",
            "api_key=9f8e7d6c5b4a",
        ];
        for text in cases {
            let (out, c) = redact(text, &RedactionPolicy::default());
            assert!(out.ends_with("[secret]"), "{text} -> {out}");
            assert_eq!(c.secret, 1, "{text}");
        }
        assert_eq!(
            r("-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY----- done"),
            "[secret] done"
        );
        // Not secrets: ordinary sentences about passwords and tokens.
        for keep in [
            "the password is wrong",
            "I reset my password: it still fails",
            "skip the ask-for-help step",
            "Bearer of bad news",
            "token expired yesterday",
        ] {
            assert_eq!(r(keep), keep);
        }
    }

    #[test]
    fn secrets_in_urls() {
        assert_eq!(
            r("see https://bob:pa55@example.com/a?token=abc123&page=2#x"),
            "see https://[secret]@example.com/a?token=[secret]&page=2#x"
        );
        assert_eq!(
            r("https://app.example.com/cb#access_token=ya29.a0AfH6SM&state=1"),
            "https://app.example.com/cb#[secret]"
        );
        assert_eq!(
            r("https://example.com/help?q=refund"),
            "https://example.com/help?q=refund"
        );
    }

    #[test]
    fn random_tokens_but_not_slugs() {
        assert_eq!(r("use Xk29fLq8Zp3RtY7vB2nM4wQe now"), "use [secret] now");
        let slug = "how-to-update-your-billing-address-2026";
        assert_eq!(r(slug), slug);
        let sha = "3f786850e387550fdab836ed7e6dc881de23001b";
        assert_eq!(r(sha), sha);
    }

    #[test]
    fn policy_switches_kinds_off_and_adds_patterns() {
        let policy = RedactionPolicy {
            email: false,
            patterns: vec![CustomPattern {
                name: "employee_id".into(),
                glob: "EMP-######".into(),
            }],
            ..RedactionPolicy::default()
        };
        policy.validate().unwrap();
        let (out, c) = redact("a@b.io is EMP-004211, not EMP-12", &policy);
        assert_eq!(out, "a@b.io is [employee_id], not EMP-12");
        assert_eq!((c.email, c.custom), (0, 1));

        let glob = RedactionPolicy {
            patterns: vec![CustomPattern {
                name: "acme".into(),
                glob: "acme_*".into(),
            }],
            ..RedactionPolicy::default()
        };
        assert_eq!(redact("key acme_9f8e-7d!", &glob).0, "key [acme]!");
    }

    #[test]
    fn policy_validation_names_the_field() {
        let bad = RedactionPolicy {
            patterns: vec![CustomPattern {
                name: "Bad Name".into(),
                glob: "x*".into(),
            }],
            ..RedactionPolicy::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field(),
            Some("patterns[0].name")
        );
        let bad = RedactionPolicy {
            patterns: vec![CustomPattern {
                name: "ok".into(),
                glob: "ab".into(),
            }],
            ..RedactionPolicy::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field(),
            Some("patterns[0].glob")
        );
        let parsed: Result<RedactionPolicy, _> =
            crate::core::json_de::from_str(r#"{"emial": false}"#);
        assert!(parsed.is_err());
        let parsed: RedactionPolicy =
            crate::core::json_de::from_str(r#"{"phone": false}"#).unwrap();
        assert!(!parsed.phone && parsed.email);
    }

    #[test]
    fn counts_never_hold_values_and_tally_across_texts() {
        let policy = RedactionPolicy::default();
        let mut red = Redactor::new(&policy);
        red.text("a@b.io");
        red.text("call +1 555 123 4567 or c@d.io");
        let c = red.counts();
        assert_eq!((c.email, c.phone, c.total()), (2, 1, 3));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "@",
            "+",
            "(",
            "#",
            "é@é.é",
            "eyJ",
            "eyJ..",
            "https://",
            "http://@",
            "password:",
            "GB82",
            "4",
            "-----BEGIN PRIVATE KEY-----",
            "Bearer ",
            "x@y.zz@",
            "((((1",
        ] {
            let _ = r(text);
        }
        let long = "1-".repeat(10_000) + &"a@".repeat(10_000) + &"é".repeat(1000);
        let _ = r(&long);
    }

    #[test]
    fn adversarial_inputs_scan_in_linear_time() {
        // Each of these was quadratic in a naive scanner; 200 KB must come back at once.
        let policy = RedactionPolicy {
            patterns: vec![CustomPattern {
                name: "x".into(),
                glob: "_*".into(),
            }],
            ..RedactionPolicy::default()
        };
        for unit in [
            "1 ",
            "a@b.io ",
            "_a",
            "4111111111111111 ",
            "password: x1 ",
            "eyJ.",
            "GB82 ",
        ] {
            let text = unit.repeat(200_000 / unit.len());
            let (out, _) = redact(&text, &policy);
            assert!(!out.is_empty());
        }
    }
}
