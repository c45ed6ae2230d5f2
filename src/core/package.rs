//! The handoff package: everything a human agent needs when a conversation reaches them,
//! versioned and described by `schema/handoff-package.v1.json` (JSON Schema draft 2020-12).
//! It holds the package id, versions and creation time; the decision (reasons with the message
//! that triggered each, skill, priority, language); a summary (the problem in the customer's
//! words and extracted facts); the solutions the bot attempted and what became of them; the
//! sentiment trajectory; the host's customer data; the cleaned page context; the transcript;
//! and how many items of each kind redaction removed (never the values).
//!
//! Every free-text field is redacted ([`super::redact`]) before it enters the package. Two
//! forms come out: the full [`Package`] (at most [`MAX_PACKAGE_BYTES`] serialized) and the flat
//! [`Compact`] form (at most [`compact::MAX_COMPACT_BYTES`]). Sizes are exact: they come from
//! the core's own JSON writer ([`super::json`]), which writes what `serde_json` writes.
//!
//! **Package id.** The core has no clock and no randomness, so the caller passes `created_at`
//! (RFC 3339) and a `nonce` (a random value, or a stable one such as the conversation id when
//! retries must map to the same package). The id is `hp_` and 32 letters `a` to `p` (one per
//! 4 bits; letters, so an id never reads as a run of digits such as a phone number) of a 128-bit
//! FNV-1a hash over the schema version, `created_at`, the nonce, the policy name, the customer
//! id and every (redacted) message's role and text. Same inputs, same id: a caller retrying a
//! delivery gets the same idempotency key; a fresh nonce gives a fresh id. The hash is not
//! cryptographic and is computed over redacted text only, so it reveals nothing new.
//!
//! **Compaction rule.** Every message longer than 4,000 bytes is clipped to that (with `…`;
//! `clipped: true` on the message). If the package is still over 64 KB, the transcript is
//! compacted: with messages clipped at 2,000 bytes, then 1,000, 500, 200 and finally 80, it
//! keeps first the first three customer messages and every message that triggered a reason
//! (and the decisive turn), then as many of the latest messages as fit; the first clip length
//! at which all the kept-first messages fit is used. Omitted stretches are listed in
//! `transcript.omitted` as `{from, to}` ranges (inclusive message indices). Other lists are
//! capped on their own: 32 triggers, 20 attempted solutions, 500 sentiment points (the first
//! 100 and the latest 400), page lists as in [`super::context`].

pub mod compact;
pub mod summary;

use serde::{Deserialize, Serialize};

use super::context::{clip_marked, PageContext};
use super::conversation::{Customer, Message, Role};
use super::decision::{Decision, Priority, Reason, Skill};
use super::engine::Engine;
use super::error::{Error, ErrorCode};
use super::json;
use super::policy::Policy;
use super::redact::{Counts, RedactionPolicy, Redactor};
use super::wire::round3;
use super::ENGINE_VERSION;

pub use compact::{Compact, MAX_COMPACT_BYTES};
pub use summary::{Attempt, AttemptKind, Facts, Outcome};

/// The package schema version (the `v1` of `schema/handoff-package.v1.json`).
pub const PACKAGE_SCHEMA_VERSION: u32 = 1;
/// The most bytes a package may take, serialized as compact JSON.
pub const MAX_PACKAGE_BYTES: usize = 64 * 1024;
/// Messages longer than this many bytes are clipped even when everything fits.
pub const MAX_MESSAGE_BYTES: usize = 4000;
/// Clip lengths tried, in order, when the transcript must be compacted.
pub const COMPACT_CLIPS: [usize; 5] = [2000, 1000, 500, 200, 80];
/// How many of the first customer messages compaction always tries to keep.
pub const KEEP_FIRST_CUSTOMER: usize = 3;
/// Most triggers kept in the decision.
pub const MAX_TRIGGERS: usize = 32;
/// Most sentiment points kept.
pub const MAX_SENTIMENT_POINTS: usize = 500;
/// Longest evidence, explanation or warning text, in bytes.
pub const MAX_NOTE_BYTES: usize = 300;
/// Longest customer field, in bytes.
pub const MAX_CUSTOMER_FIELD_BYTES: usize = 128;
/// Most warnings kept.
pub const MAX_WARNINGS: usize = 10;

/// A handoff package (schema version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Always [`PACKAGE_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `hp_` and 32 letters `a`-`p`; unique per (content, created_at, nonce); an idempotency key.
    pub id: String,
    /// The engine's version.
    pub engine_version: String,
    /// The policy that decided.
    pub policy: PolicyRef,
    /// When the package was made, as the caller gave it (RFC 3339).
    pub created_at: String,
    /// The decision.
    pub decision: PackageDecision,
    /// The problem and facts.
    pub summary: Summary,
    /// What the bot already tried, oldest first.
    pub attempted_solutions: Vec<Attempt>,
    /// The customer's sentiment after each customer message, as `[message_index, compound]`.
    pub sentiment_trajectory: Vec<(usize, f32)>,
    /// What the host page knows about the customer.
    pub customer: CustomerData,
    /// Where the customer was (cleaned); absent when the host gave nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageContext>,
    /// The conversation.
    pub transcript: Transcript,
    /// How many items of each kind redaction removed.
    pub redaction: Counts,
    /// Things worth knowing about how the package was made (compaction, sampling).
    pub warnings: Vec<String>,
}

/// The policy that decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRef {
    /// The policy schema version.
    pub version: u32,
    /// The policy's label.
    pub name: String,
}

/// The decision, as the package carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageDecision {
    /// Whether the engine decided to hand off.
    pub escalate: bool,
    /// The message after which it first decided so.
    pub turn: Option<usize>,
    /// Every trigger, strongest first.
    pub reasons: Vec<PackageTrigger>,
    /// The team to reach.
    pub skill: Skill,
    /// How urgently.
    pub priority: Priority,
    /// The customer's language, when known.
    pub language: Option<String>,
    /// The customer's sentiment at the decision, in [-1, 1].
    pub sentiment: f32,
    /// One line a supervisor can read (redacted).
    pub explanation: String,
}

/// One trigger with the message that fired it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageTrigger {
    /// Which reason.
    pub reason: Reason,
    /// The 0-based index of the message that fired it.
    pub message_index: usize,
    /// How strongly, in [0, 1].
    pub strength: f32,
    /// Short evidence (redacted).
    pub evidence: String,
}

/// The problem and the facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// The customer's problem in their own words.
    pub problem: String,
    /// The messages the problem statement comes from.
    pub problem_messages: Vec<usize>,
    /// Extracted facts.
    pub facts: Facts,
}

/// The customer data the host handed in (the email address is never carried).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerData {
    /// The host's customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Days since sign-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenure_days: Option<u32>,
    /// Open tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_tickets: Option<u32>,
    /// Preferred language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The conversation, possibly compacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// Messages in the whole conversation.
    pub total_messages: usize,
    /// Whether messages were left out.
    pub compacted: bool,
    /// How many kept messages were clipped.
    pub clipped_messages: usize,
    /// Stretches of messages left out.
    pub omitted: Vec<Gap>,
    /// The kept messages, in order.
    pub messages: Vec<TranscriptMessage>,
}

/// An inclusive range of message indices left out of the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// First index left out.
    pub from: usize,
    /// Last index left out.
    pub to: usize,
}

/// One kept message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptMessage {
    /// Its 0-based index in the conversation.
    pub index: usize,
    /// Who wrote it.
    pub role: Role,
    /// What they wrote (redacted, maybe clipped).
    pub text: String,
    /// When, as the host gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<String>,
    /// Whether the text was clipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clipped: bool,
}

/// Everything a package is made from.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The conversation, unredacted.
    pub messages: &'a [Message],
    /// The decision to package (the first escalating one, or the last).
    pub decision: &'a Decision,
    /// The sentiment trajectory: (message index, compound) per customer message.
    pub sentiment: &'a [(usize, f32)],
    /// The host's customer data.
    pub customer: &'a Customer,
    /// The page context, unclean.
    pub page: Option<&'a PageContext>,
    /// The policy that decided (its name and version go in the package).
    pub policy: &'a Policy,
    /// What to redact.
    pub redaction: &'a RedactionPolicy,
    /// When the package is made, RFC 3339 (`2026-11-24T17:00:00Z`), from the caller's clock.
    pub created_at: &'a str,
    /// A random value from the caller (1 to 256 bytes); see the module doc on package ids.
    pub nonce: &'a str,
}

impl<'a> Inputs<'a> {
    /// The inputs for what an engine has observed.
    pub fn from_engine(
        engine: &'a Engine,
        decision: &'a Decision,
        page: Option<&'a PageContext>,
        redaction: &'a RedactionPolicy,
        created_at: &'a str,
        nonce: &'a str,
    ) -> Inputs<'a> {
        Inputs {
            messages: engine.messages(),
            decision,
            sentiment: engine.sentiment_trajectory(),
            customer: engine.customer(),
            page,
            policy: engine.policy(),
            redaction,
            created_at,
            nonce,
        }
    }
}

impl Package {
    /// Builds a package. Fails only on bad caller input: a `created_at` that is not RFC 3339,
    /// an empty or oversized nonce, or an invalid redaction policy.
    pub fn build(inp: &Inputs<'_>) -> Result<Package, Error> {
        if !is_rfc3339(inp.created_at) {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!(
                    "must be an RFC 3339 date-time such as 2026-11-24T17:00:00Z, got {}",
                    crate::core::error::Quoted(&clip_marked(inp.created_at, 64))
                ),
            )
            .at("created_at"));
        }
        if inp.nonce.is_empty() || inp.nonce.len() > 256 {
            return Err(Error::new(ErrorCode::InvalidValue, "must be 1 to 256 bytes").at("nonce"));
        }
        inp.redaction.validate().map_err(|e| e.at("redaction"))?;

        // Redact every source text once; the tally counts each item once.
        let mut red = Redactor::new(inp.redaction);
        let messages: Vec<Message> = inp
            .messages
            .iter()
            .map(|m| Message {
                role: m.role,
                text: red.text(&m.text),
                ts: m.ts.as_deref().map(|t| clip_marked(&red.text(t), 64)),
            })
            .collect();
        let c = inp.customer;
        let mut field = |v: &Option<String>| {
            v.as_deref()
                .map(|v| clip_marked(&red.text(v.trim()), MAX_CUSTOMER_FIELD_BYTES))
        };
        let customer = CustomerData {
            id: field(&c.id),
            name: field(&c.name),
            tier: field(&c.tier),
            plan: field(&c.plan),
            tenure_days: c.tenure_days,
            open_tickets: c.open_tickets,
            language: field(&c.language),
        };
        let page = inp
            .page
            .map(|p| p.cleaned(&mut red))
            .filter(|p| !p.is_empty());
        let counts = red.counts();

        // Derived texts quote the sources: redact them too, without counting twice.
        let mut derived = Redactor::new(inp.redaction);
        let mut note = |s: &str| clip_marked(&derived.text(s), MAX_NOTE_BYTES);
        let d = inp.decision;
        let mut reasons: Vec<PackageTrigger> = Vec::new();
        for t in &d.reasons {
            if reasons.len() == MAX_TRIGGERS {
                break;
            }
            if reasons
                .iter()
                .any(|r| r.reason == t.reason && r.message_index == t.message_index)
            {
                continue;
            }
            reasons.push(PackageTrigger {
                reason: t.reason,
                message_index: t.message_index,
                strength: round3(t.strength.clamp(0.0, 1.0)),
                evidence: note(&t.evidence),
            });
        }
        let language = d
            .language
            .clone()
            .or_else(|| customer.language.clone())
            .or_else(|| page.as_ref().and_then(|p| p.language.clone()))
            .map(|l| clip_marked(&l, 35));
        let decision = PackageDecision {
            escalate: d.escalate,
            turn: d.turn,
            reasons,
            skill: d.skill,
            priority: d.priority,
            language,
            sentiment: round3(clamp_unit(d.sentiment)),
            explanation: note(&d.explanation),
        };
        let mut warnings: Vec<String> = d.warnings.iter().map(|w| note(w)).collect();

        let (problem, problem_messages) = summary::problem_statement(&messages);
        let page_texts: Vec<&str> = page
            .iter()
            .flat_map(|p| [p.url.as_deref(), p.title.as_deref()])
            .flatten()
            .collect();
        let facts = summary::facts(&messages, &page_texts, customer.plan.as_deref());
        let attempted_solutions = summary::attempts(&messages);

        let points: Vec<(usize, f32)> = inp
            .sentiment
            .iter()
            .map(|&(i, s)| (i, round3(clamp_unit(s))))
            .collect();
        let sentiment_trajectory = if points.len() > MAX_SENTIMENT_POINTS {
            warnings.push(format!(
                "sentiment trajectory sampled: the first 100 and the latest 400 of {} points",
                points.len()
            ));
            let mut v = points[..100].to_vec();
            v.extend_from_slice(&points[points.len() - 400..]);
            v
        } else {
            points
        };

        let id = package_id(inp, &messages, customer.id.as_deref());
        let mut package = Package {
            schema_version: PACKAGE_SCHEMA_VERSION,
            id,
            engine_version: ENGINE_VERSION.to_string(),
            policy: PolicyRef {
                version: inp.policy.version,
                name: clip_marked(&inp.policy.name, MAX_CUSTOMER_FIELD_BYTES),
            },
            created_at: inp.created_at.to_string(),
            decision,
            summary: Summary {
                problem,
                problem_messages,
                facts,
            },
            attempted_solutions,
            sentiment_trajectory,
            customer,
            page,
            transcript: Transcript {
                total_messages: messages.len(),
                compacted: false,
                clipped_messages: 0,
                omitted: Vec::new(),
                messages: Vec::new(),
            },
            redaction: counts,
            warnings,
        };
        let must = must_keep(&messages, inp.decision);
        fit_transcript(&mut package, &messages, &must);
        package.warnings.truncate(MAX_WARNINGS);
        Ok(package)
    }

    /// The compact form.
    pub fn compact(&self) -> Compact {
        Compact::of(self)
    }

    /// The serialized size in bytes (compact JSON).
    pub fn size(&self) -> usize {
        json::size(self)
    }
}

fn clamp_unit(x: f32) -> f32 {
    if x.is_finite() {
        x.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// The messages compaction tries to keep first: the first customer messages, then every
/// message that triggered a reason (strongest first) and the decisive turn.
fn must_keep(messages: &[Message], d: &Decision) -> Vec<usize> {
    let mut must: Vec<usize> = messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.role == Role::Customer)
        .map(|(i, _)| i)
        .take(KEEP_FIRST_CUSTOMER)
        .collect();
    let triggers = d
        .reasons
        .iter()
        .map(|t| t.message_index)
        .chain(d.turn)
        .filter(|&i| i < messages.len());
    for i in triggers {
        if !must.contains(&i) {
            must.push(i);
        }
    }
    must
}

fn transcript_message(index: usize, m: &Message, max: usize) -> TranscriptMessage {
    let clipped = m.text.len() > max;
    TranscriptMessage {
        index,
        role: m.role,
        text: clip_marked(&m.text, max),
        ts: m.ts.clone(),
        clipped,
    }
}

/// Bytes reserved per kept message for the omitted range it may open (`{"from":N,"to":N},`
/// with numbers of up to 20 digits).
const GAP_BYTES: usize = 60;

/// Fills the transcript under the compaction rule (see the module doc).
fn fit_transcript(p: &mut Package, messages: &[Message], must: &[usize]) {
    let total = messages.len();
    let all: Vec<TranscriptMessage> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| transcript_message(i, m, MAX_MESSAGE_BYTES))
        .collect();
    p.transcript.clipped_messages = all.iter().filter(|m| m.clipped).count();
    p.transcript.messages = all;
    if p.size() <= MAX_PACKAGE_BYTES {
        return;
    }
    p.transcript.messages = Vec::new();
    p.transcript.compacted = true;
    p.transcript.clipped_messages = 0;
    let base = p.size();
    let budget = MAX_PACKAGE_BYTES.saturating_sub(base + GAP_BYTES);
    for (step, &clip) in COMPACT_CLIPS.iter().enumerate() {
        let items: Vec<TranscriptMessage> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| transcript_message(i, m, clip))
            .collect();
        let cost: Vec<usize> = items
            .iter()
            .map(|t| json::size(t) + 1 + GAP_BYTES)
            .collect();
        let mut keep = vec![false; total];
        let mut used = 0;
        let mut all_must = true;
        for &i in must {
            if used + cost[i] <= budget {
                keep[i] = true;
                used += cost[i];
            } else {
                all_must = false;
            }
        }
        if !all_must && step + 1 < COMPACT_CLIPS.len() {
            continue;
        }
        for i in (0..total).rev() {
            if keep[i] {
                continue;
            }
            if used + cost[i] > budget {
                break;
            }
            keep[i] = true;
            used += cost[i];
        }
        let kept = keep.iter().filter(|&&k| k).count();
        let mut omitted = Vec::new();
        let mut i = 0;
        while i < total {
            if keep[i] {
                i += 1;
                continue;
            }
            let from = i;
            while i < total && !keep[i] {
                i += 1;
            }
            omitted.push(Gap { from, to: i - 1 });
        }
        let mut chosen: Vec<TranscriptMessage> = Vec::with_capacity(kept);
        for (k, item) in items.into_iter().enumerate() {
            if keep[k] {
                chosen.push(item);
            }
        }
        p.transcript.clipped_messages = chosen.iter().filter(|m| m.clipped).count();
        p.transcript.messages = chosen;
        p.transcript.omitted = omitted;
        p.warnings.truncate(MAX_WARNINGS - 1);
        p.warnings.push(format!(
            "transcript compacted: kept {kept} of {total} messages, clipped at {clip} bytes"
        ));
        // The reservations make this unreachable; it guards the limit should they be wrong.
        while p.size() > MAX_PACKAGE_BYTES && !p.transcript.messages.is_empty() {
            let m = p.transcript.messages.remove(0);
            p.transcript.omitted.push(Gap {
                from: m.index,
                to: m.index,
            });
        }
        return;
    }
}

/// `hp_` and 32 letters `a`-`p` (4 bits each) of FNV-1a (128-bit) over the identifying inputs.
fn package_id(inp: &Inputs<'_>, messages: &[Message], customer_id: Option<&str>) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    // The prime is 2^88 + 0x13B: multiplying by it is shifting and adding, which wasm does
    // far faster than a general 128-bit multiplication (a library call per byte).
    let times_prime = |h: u128| {
        (h << 88)
            .wrapping_add(h << 8)
            .wrapping_add(h << 5)
            .wrapping_add(h << 4)
            .wrapping_add(h << 3)
            .wrapping_add(h << 1)
            .wrapping_add(h)
    };
    let mut h = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h = times_prime(h ^ b as u128);
        }
        // 0xFF never occurs in UTF-8: an unambiguous field separator.
        h = times_prime(h ^ 0xFF);
    };
    feed(&PACKAGE_SCHEMA_VERSION.to_le_bytes());
    feed(inp.created_at.as_bytes());
    feed(inp.nonce.as_bytes());
    feed(inp.policy.name.as_bytes());
    feed(customer_id.unwrap_or_default().as_bytes());
    for m in messages {
        feed(m.role.as_str().as_bytes());
        feed(m.text.as_bytes());
    }
    let mut id = String::with_capacity(35);
    id.push_str("hp_");
    for k in (0..32).rev() {
        id.push((b'a' + ((h >> (4 * k)) & 0xF) as u8) as char);
    }
    id
}

/// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM` (`t`, `z` and a space for
/// `T` accepted, as RFC 3339 allows).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    // Whether `shape` matches at `at`: `d` is one ASCII digit, `T` is `T`, `t` or a space,
    // anything else itself. One loop over two shapes, rather than a check per position.
    let fits = |at: usize, shape: &[u8]| {
        b.len() >= at + shape.len()
            && shape.iter().zip(&b[at..]).all(|(&p, &c)| match p {
                b'd' => c.is_ascii_digit(),
                b'T' => matches!(c, b'T' | b't' | b' '),
                _ => c == p,
            })
    };
    let num = |k: usize| u32::from(b[k] - b'0') * 10 + u32::from(b[k + 1] - b'0');
    if b.len() < 20 || !fits(0, b"dddd-dd-ddTdd:dd:dd") {
        return false;
    }
    let (month, day) = (num(5), num(8));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || num(11) > 23 || num(14) > 59 {
        return false;
    }
    if num(17) > 60 {
        return false;
    }
    let mut k = 19;
    if b.get(k) == Some(&b'.') {
        k += 1;
        let start = k;
        while b.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
        if k == start {
            return false;
        }
    }
    match b.get(k) {
        Some(b'Z' | b'z') => k + 1 == b.len(),
        Some(b'+' | b'-') => {
            k + 6 == b.len() && fits(k + 1, b"dd:dd") && num(k + 1) <= 23 && num(k + 4) <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::conversation::Customer;
    use crate::core::Engine;

    fn engine_with(turns: &[(Role, &str)]) -> (Engine, Decision) {
        let mut e = Engine::default();
        e.set_customer(Customer {
            id: Some("u-42".into()),
            tier: Some("pro".into()),
            plan: Some("Scale".into()),
            email: Some("jane@example.com".into()),
            ..Customer::default()
        });
        for (r, t) in turns {
            e.observe(Message::new(*r, *t));
        }
        let d = e.decisive();
        (e, d)
    }

    fn build(e: &Engine, d: &Decision, page: Option<&PageContext>, nonce: &str) -> Package {
        let red = RedactionPolicy::default();
        Package::build(&Inputs::from_engine(
            e,
            d,
            page,
            &red,
            "2026-11-24T17:00:00Z",
            nonce,
        ))
        .unwrap()
    }

    #[test]
    fn package_carries_decision_summary_attempts_and_redaction() {
        let (e, d) = engine_with(&[
            (
                Role::Customer,
                "hi, my invoice INV-2041 is wrong, mail me at jane@example.com",
            ),
            (
                Role::Bot,
                "Sorry to hear that! Have you checked Billing > Invoices?",
            ),
            (
                Role::Customer,
                "yes I ALREADY did that. I need to speak to a person",
            ),
        ]);
        let page = PageContext {
            url: Some("https://app.example.com/billing?tab=invoices&token=abc".into()),
            section: Some("Payment method".into()),
            ..PageContext::default()
        };
        let p = build(&e, &d, Some(&page), "n-1");
        assert!(p.decision.escalate);
        assert_eq!(p.decision.turn, Some(2));
        assert_eq!(p.decision.reasons[0].reason, Reason::ExplicitRequest);
        assert_eq!(p.decision.reasons[0].message_index, 2);
        assert!(p
            .summary
            .problem
            .starts_with("hi, my invoice INV-2041 is wrong, mail me at [email]"));
        assert_eq!(p.summary.facts.invoice_numbers, vec!["INV-2041"]);
        assert_eq!(p.summary.facts.plan.as_deref(), Some("Scale"));
        assert_eq!(p.attempted_solutions.len(), 1);
        assert_eq!(p.attempted_solutions[0].outcome, Outcome::Failed);
        assert_eq!(p.sentiment_trajectory.len(), 2);
        assert_eq!(p.sentiment_trajectory[1].0, 2);
        assert_eq!(
            p.page.as_ref().and_then(|pg| pg.url.as_deref()),
            Some("https://app.example.com/billing?tab=invoices&token=")
        );
        assert_eq!((p.redaction.email, p.redaction.secret), (1, 1));
        assert_eq!(p.transcript.messages.len(), 3);
        assert!(!p.transcript.compacted);
        let text = json::to_string(&p).unwrap();
        assert!(!text.contains("jane@example.com"), "{text}");
        assert_eq!(p.size(), text.len());
    }

    #[test]
    fn ids_are_deterministic_and_change_with_nonce_time_and_content() {
        let (e, d) = engine_with(&[(Role::Customer, "my invoice is wrong")]);
        let a = build(&e, &d, None, "n-1");
        let b = build(&e, &d, None, "n-1");
        let c = build(&e, &d, None, "n-2");
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert!(a.id.starts_with("hp_") && a.id.len() == 35);
        assert!(
            a.id[3..].bytes().all(|c| (b'a'..=b'p').contains(&c)),
            "{}",
            a.id
        );
        let red = RedactionPolicy::default();
        let later = Package::build(&Inputs::from_engine(
            &e,
            &d,
            None,
            &red,
            "2026-11-24T17:00:01Z",
            "n-1",
        ))
        .unwrap();
        assert_ne!(a.id, later.id);
        let (e2, d2) = engine_with(&[(Role::Customer, "my invoice is right")]);
        assert_ne!(a.id, build(&e2, &d2, None, "n-1").id);
    }

    #[test]
    fn bad_caller_input_is_a_typed_error() {
        let (e, d) = engine_with(&[(Role::Customer, "hello")]);
        let red = RedactionPolicy::default();
        for bad in [
            "yesterday",
            "2026-11-24",
            "2026-13-01T00:00:00Z",
            "2026-11-24T17:00:00",
        ] {
            let err =
                Package::build(&Inputs::from_engine(&e, &d, None, &red, bad, "n")).unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                ("invalid_value", Some("created_at"))
            );
        }
        let err = Package::build(&Inputs::from_engine(
            &e,
            &d,
            None,
            &red,
            "2026-11-24T17:00:00+01:00",
            "",
        ))
        .unwrap_err();
        assert_eq!(err.field(), Some("nonce"));
        assert!(is_rfc3339("2026-11-24T17:00:00.123Z"));
        assert!(is_rfc3339("2026-11-24 17:00:00-05:00"));
    }

    #[test]
    fn counted_size_is_the_written_size() {
        let (e, d) = engine_with(&[
            (Role::Customer, "quotes \" and \\ and a tab\t, é and 😀"),
            (Role::Bot, "Please check the tracking page."),
            (Role::System, ""),
            (Role::Agent, "hi"),
        ]);
        let mut p = build(&e, &d, None, "n");
        p.transcript.messages[1].ts = Some("2026-11-24T17:00:00.123+01:00".into());
        p.transcript.messages[2].index = usize::MAX;
        for clipped in [false, true] {
            p.transcript.messages[0].clipped = clipped;
            let text = json::to_string(&p).unwrap();
            assert_eq!(p.size(), text.len());
            assert_eq!(text, serde_json::to_string(&p).unwrap());
        }
    }

    #[test]
    fn long_conversations_are_compacted_under_the_limit() {
        let mut turns: Vec<(Role, String)> = Vec::new();
        for k in 0..500 {
            let role = if k % 2 == 0 {
                Role::Customer
            } else {
                Role::Bot
            };
            // Distinct filler per message, so the engine sees no loop and only message 300
            // triggers.
            let mut seed = k as u64 * 2_654_435_761 + 1;
            let filler: Vec<String> = (0..340)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    const SYLLABLES: [&str; 16] = [
                        "ka", "lo", "mi", "ter", "vos", "an", "di", "pel", "ru", "sen", "bo", "fa",
                        "gul", "ni", "tro", "we",
                    ];
                    let pick = |shift: u32| SYLLABLES[(seed >> shift) as usize % 16];
                    format!("{}{}{}", pick(33), pick(41), pick(49))
                })
                .collect();
            turns.push((role, format!("message {k} ") + &filler.join(" ")));
        }
        turns[300] = (Role::Customer, "I want to talk to a human now".to_string());
        let borrowed: Vec<(Role, &str)> = turns.iter().map(|(r, t)| (*r, t.as_str())).collect();
        let (e, d) = engine_with(&borrowed);
        let p = build(&e, &d, None, "n");
        let size = p.size();
        assert!(size <= MAX_PACKAGE_BYTES, "{size}");
        let t = &p.transcript;
        assert!(t.compacted);
        assert_eq!(t.total_messages, 500);
        let kept: Vec<usize> = t.messages.iter().map(|m| m.index).collect();
        for must in [0, 2, 4, 300, 499] {
            assert!(kept.contains(&must), "{must} not kept: {kept:?}");
        }
        // Kept and omitted messages partition the conversation.
        let omitted: usize = t.omitted.iter().map(|g| g.to - g.from + 1).sum();
        assert_eq!(kept.len() + omitted, 500);
        assert!(p
            .warnings
            .iter()
            .any(|w| w.starts_with("transcript compacted")));
    }

    #[test]
    fn compact_form_fits_and_holds_routing_fields() {
        let (e, d) = engine_with(&[
            (Role::Customer, "order #JP-55120 never arrived"),
            (Role::Bot, "Please check the tracking page."),
            (Role::Customer, "let me talk to a real person"),
        ]);
        let page = PageContext {
            url: Some("https://shop.example/orders/JP-55120".into()),
            section: Some("Order status".into()),
            ..PageContext::default()
        };
        let p = build(&e, &d, Some(&page), "n");
        let c = p.compact();
        assert_eq!(c.package_id, p.id);
        assert_eq!(c.reasons, "explicit_request");
        assert_eq!(c.reason_messages, "explicit_request:2");
        assert_eq!(c.page_section.as_deref(), Some("Order status"));
        assert_eq!(c.facts.as_deref(), Some("order JP-55120; plan Scale"));
        assert_eq!(
            c.attempted.as_deref(),
            Some("[unclear] Please check the tracking page.")
        );
        assert!(c.size() <= MAX_COMPACT_BYTES);
        assert_eq!(c.size(), serde_json::to_string(&c).unwrap().len());
    }
}
