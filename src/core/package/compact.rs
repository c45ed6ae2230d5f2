//! The compact form of a handoff package: one flat map of strings, numbers and booleans of at
//! most [`MAX_COMPACT_BYTES`] serialized, the limit of Zendesk Sunshine Conversations
//! switchboard metadata (`passMetadata`). It holds what routing and a first glance need; every
//! key starts with `handoff_` so it cannot collide with other integrations' metadata. Texts
//! come from the already-redacted package, so nothing here needs redacting again.

use serde::{Deserialize, Serialize};

use crate::core::json;

use super::Package;

/// The most bytes the compact form may take, serialized as compact JSON.
pub const MAX_COMPACT_BYTES: usize = 4096;

/// The compact form. Optional keys are left out when there is nothing to say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compact {
    /// The package id (the idempotency key).
    #[serde(rename = "handoff_package_id")]
    pub package_id: String,
    /// The package schema version.
    #[serde(rename = "handoff_schema_version")]
    pub schema_version: u32,
    /// When the package was made (as the caller gave it).
    #[serde(rename = "handoff_created_at")]
    pub created_at: String,
    /// Whether the engine decided to hand off.
    #[serde(rename = "handoff_escalate")]
    pub escalate: bool,
    /// The reasons' names, strongest first, comma-separated.
    #[serde(rename = "handoff_reasons")]
    pub reasons: String,
    /// Each trigger as `reason:message_index`, comma-separated.
    #[serde(rename = "handoff_reason_messages")]
    pub reason_messages: String,
    /// The team to reach.
    #[serde(rename = "handoff_skill")]
    pub skill: String,
    /// How urgently.
    #[serde(rename = "handoff_priority")]
    pub priority: String,
    /// The customer's sentiment at the decision, in [-1, 1].
    #[serde(rename = "handoff_sentiment")]
    pub sentiment: f32,
    /// The message after which the engine decided to hand off.
    #[serde(
        rename = "handoff_turn",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub turn: Option<u64>,
    /// The customer's language.
    #[serde(
        rename = "handoff_language",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub language: Option<String>,
    /// The problem in the customer's words.
    #[serde(rename = "handoff_summary")]
    pub summary: String,
    /// Facts as `order JP-55120; invoice INV-7; error E42; plan Pro`.
    #[serde(
        rename = "handoff_facts",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub facts: Option<String>,
    /// The cleaned page URL.
    #[serde(
        rename = "handoff_page_url",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub page_url: Option<String>,
    /// The page title.
    #[serde(
        rename = "handoff_page_title",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub page_title: Option<String>,
    /// The page section.
    #[serde(
        rename = "handoff_page_section",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub page_section: Option<String>,
    /// How many suggestions or articles the bot gave.
    #[serde(rename = "handoff_attempted_count")]
    pub attempted_count: u32,
    /// Each attempt as `[outcome] text`, separated by ` | `, latest last.
    #[serde(
        rename = "handoff_attempted",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub attempted: Option<String>,
    /// The host's customer id.
    #[serde(
        rename = "handoff_customer_id",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub customer_id: Option<String>,
    /// The customer's tier.
    #[serde(
        rename = "handoff_customer_tier",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub customer_tier: Option<String>,
    /// The customer's plan.
    #[serde(
        rename = "handoff_customer_plan",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub customer_plan: Option<String>,
    /// Messages in the conversation.
    #[serde(rename = "handoff_messages")]
    pub messages: u32,
    /// Items redacted from the package (all kinds).
    #[serde(rename = "handoff_redacted")]
    pub redacted: u32,
}

/// The longest prefix of `s` whose JSON string literal takes at most `max` bytes (quotes
/// included), ending with `…` when clipped.
pub fn clip_json(s: &str, max: usize) -> String {
    if json::escaped_len(s) <= max {
        return s.to_string();
    }
    let budget = max.saturating_sub(2 + 3); // quotes and the ellipsis
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = json::escaped_len(c.encode_utf8(&mut [0; 4])) - 2;
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let mut out = s.get(..end).unwrap_or("").trim_end().to_string();
    out.push('…');
    out
}

fn opt(s: Option<&str>, max: usize) -> Option<String> {
    s.map(|s| clip_json(s.trim(), max))
        .filter(|s| !s.is_empty())
}

impl Compact {
    /// The compact form of a package, shrunk until it fits [`MAX_COMPACT_BYTES`]: the longest
    /// free-text values are clipped a quarter at a time (then dropped) until it does.
    pub fn of(p: &Package) -> Compact {
        let d = &p.decision;
        // The lists are written straight into their strings (no `format!` or `join`, which
        // each bring their own code into the wasm); `then` separates items.
        let then = |out: &mut String, sep: &str| {
            if !out.is_empty() {
                out.push_str(sep);
            }
        };
        let mut reasons = String::new();
        let mut reason_messages = String::new();
        for (k, t) in d.reasons.iter().enumerate() {
            let r = t.reason.as_str();
            if !d.reasons[..k].iter().any(|u| u.reason == t.reason) {
                then(&mut reasons, ",");
                reasons.push_str(r);
            }
            then(&mut reason_messages, ",");
            reason_messages.push_str(r);
            reason_messages.push(':');
            json::write_u64(&mut reason_messages, t.message_index as u64);
        }
        let reasons = clip_json(&reasons, 200);
        let reason_messages = clip_json(&reason_messages, 300);
        let f = &p.summary.facts;
        let mut facts = String::new();
        for (label, list) in [
            ("order", &f.order_numbers),
            ("invoice", &f.invoice_numbers),
            ("error", &f.error_codes),
        ] {
            if !list.is_empty() {
                then(&mut facts, "; ");
                facts.push_str(label);
                for (i, item) in list.iter().enumerate() {
                    facts.push_str(if i == 0 { " " } else { ", " });
                    facts.push_str(item);
                }
            }
        }
        if let Some(plan) = &f.plan {
            then(&mut facts, "; ");
            facts.push_str("plan ");
            facts.push_str(plan);
        }
        let mut attempted = String::new();
        for a in &p.attempted_solutions {
            then(&mut attempted, " | ");
            attempted.push('[');
            attempted.push_str(a.outcome.as_str());
            attempted.push_str("] ");
            attempted.push_str(&clip_json(&a.text, 140));
        }
        let page = p.page.as_ref();
        let c = &p.customer;
        let mut out = Compact {
            package_id: clip_json(&p.id, 64),
            schema_version: p.schema_version,
            created_at: clip_json(&p.created_at, 64),
            escalate: d.escalate,
            reasons,
            reason_messages,
            skill: d.skill.as_str().to_string(),
            priority: d.priority.as_str().to_string(),
            sentiment: d.sentiment,
            turn: d.turn.map(|t| t as u64),
            language: opt(d.language.as_deref(), 35),
            summary: clip_json(&p.summary.problem, 600),
            facts: opt(Some(&facts), 300),
            page_url: opt(page.and_then(|pg| pg.url.as_deref()), 512),
            page_title: opt(page.and_then(|pg| pg.title.as_deref()), 160),
            page_section: opt(page.and_then(|pg| pg.section.as_deref()), 120),
            attempted_count: p.attempted_solutions.len().min(u32::MAX as usize) as u32,
            attempted: opt(Some(&attempted), 1200),
            customer_id: opt(c.id.as_deref(), 64),
            customer_tier: opt(c.tier.as_deref(), 64),
            customer_plan: opt(c.plan.as_deref(), 64),
            messages: p.transcript.total_messages.min(u32::MAX as usize) as u32,
            redacted: p.redaction.total(),
        };
        out.shrink_to(MAX_COMPACT_BYTES);
        out
    }

    /// The serialized size in bytes.
    pub fn size(&self) -> usize {
        json::size(self)
    }

    fn shrink_to(&mut self, max: usize) {
        loop {
            let size = self.size();
            if size <= max {
                return;
            }
            // The longest shrinkable value loses a quarter (at least what is over), or goes.
            let over = size - max;
            let mut slots: Vec<&mut String> = Vec::new();
            slots.push(&mut self.summary);
            slots.push(&mut self.reason_messages);
            for o in [
                &mut self.attempted,
                &mut self.facts,
                &mut self.page_url,
                &mut self.page_title,
                &mut self.page_section,
                &mut self.customer_id,
                &mut self.customer_tier,
                &mut self.customer_plan,
                &mut self.language,
            ]
            .into_iter()
            .flatten()
            {
                slots.push(o);
            }
            let Some(longest) = slots.into_iter().max_by_key(|s| s.len()) else {
                return;
            };
            if longest.is_empty() {
                return; // nothing left to shrink (cannot happen: the fixed keys are small)
            }
            let len = json::escaped_len(longest);
            let target = len.saturating_sub((len / 4).max(over)).max(2);
            *longest = if target <= 8 {
                String::new()
            } else {
                clip_json(longest, target)
            };
            self.drop_empty();
        }
    }

    fn drop_empty(&mut self) {
        for o in [
            &mut self.attempted,
            &mut self.facts,
            &mut self.page_url,
            &mut self.page_title,
            &mut self.page_section,
            &mut self.customer_id,
            &mut self.customer_tier,
            &mut self.customer_plan,
            &mut self.language,
        ] {
            if o.as_deref().is_some_and(str::is_empty) {
                *o = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_json_counts_escapes() {
        assert_eq!(clip_json("short", 20), "short");
        let s = "\u{1}".repeat(100);
        let c = clip_json(&s, 40);
        assert!(json::escaped_len(&c) <= 40, "{}", json::escaped_len(&c));
        let c = clip_json(&"é".repeat(100), 41);
        assert!(json::escaped_len(&c) <= 41);
        assert!(c.ends_with('…'));
    }
}
