//! A defensive reader over a handoff package given as JSON. The package format is owned by
//! `core::package` (schema `schema/handoff-package.v1.json`); this view is the only place the
//! adapters learn field names, and every field but `id` is optional, so a package with missing
//! or extra fields still yields requests (with less context) instead of failing.

use super::json::Json;
use crate::core::error::{Error, ErrorCode};

/// One transcript line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// `customer`, `bot`, `agent` or `system`.
    pub role: String,
    /// What was said.
    pub text: String,
}

/// The fields of a package the adapters use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PackageView {
    /// The package id: the idempotency key everywhere.
    pub id: String,
    /// The host's conversation id (for Sunshine and Intercom, the helpdesk conversation).
    pub conversation_id: Option<String>,
    /// The customer's problem, for the agent.
    pub summary: Option<String>,
    /// The engine's one-line explanation of the decision.
    pub explanation: Option<String>,
    /// Facts found in the conversation, one `Label: a, b` line each.
    pub facts: Vec<String>,
    /// When the package was made (RFC 3339).
    pub created_at: Option<String>,
    /// Why the conversation is handed off (contract vocabulary).
    pub reasons: Vec<String>,
    /// The team to reach.
    pub skill: Option<String>,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: Option<String>,
    /// Sentiment in [-1, 1].
    pub sentiment: Option<f64>,
    /// Customer id in the host (for Intercom: the contact id).
    pub customer_id: Option<String>,
    /// Customer name.
    pub customer_name: Option<String>,
    /// Customer e-mail.
    pub customer_email: Option<String>,
    /// Customer tier (for example `vip`).
    pub customer_tier: Option<String>,
    /// The page URL.
    pub page_url: Option<String>,
    /// The page title.
    pub page_title: Option<String>,
    /// The page section.
    pub page_section: Option<String>,
    /// What the bot already tried.
    pub tried: Vec<String>,
    /// The transcript (possibly trimmed by the package builder).
    pub transcript: Vec<Line>,
}

fn string_at(pkg: &Json, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|p| {
        pkg.path(p)
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    })
}

fn strings_at(pkg: &Json, paths: &[&[&str]]) -> Vec<String> {
    paths
        .iter()
        .find_map(|p| pkg.path(p).and_then(Json::as_array))
        .map(|items| {
            items
                .iter()
                .filter_map(|item| match item {
                    Json::Str(s) => Some(s.clone()),
                    // Reasons are `{reason, …}` objects in the package; tried solutions
                    // are `{text, outcome, …}`.
                    Json::Obj(_) => {
                        let text =
                            string_at(item, &[&["reason"], &["text"], &["summary"], &["title"]])?;
                        Some(match string_at(item, &[&["outcome"]]) {
                            Some(outcome) => format!("[{outcome}] {text}"),
                            None => text,
                        })
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

impl PackageView {
    /// Reads a package. Only `id` is required: a non-empty string of at most 128 characters.
    pub fn read(pkg: &Json) -> Result<PackageView, Error> {
        let id = match pkg.get("id") {
            Some(Json::Str(s)) if !s.trim().is_empty() && s.len() <= 128 => s.clone(),
            Some(Json::Str(_)) => {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    "package id must be 1 to 128 characters",
                )
                .at("id"))
            }
            Some(_) => {
                return Err(
                    Error::new(ErrorCode::InvalidType, "package id must be a string").at("id"),
                )
            }
            None => return Err(Error::new(ErrorCode::MissingField, "package has no id").at("id")),
        };
        let transcript = [
            &["transcript", "messages"][..],
            &["transcript"],
            &["messages"],
        ]
        .iter()
        .find_map(|p| pkg.path(p).and_then(Json::as_array))
        .map(|items| {
            items
                .iter()
                .filter_map(|m| {
                    Some(Line {
                        role: string_at(m, &[&["role"]]).unwrap_or_else(|| "customer".into()),
                        text: m.get("text").and_then(Json::as_str)?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
        Ok(PackageView {
            id,
            conversation_id: string_at(pkg, &[&["conversation_id"], &["conversation", "id"]]),
            summary: string_at(
                pkg,
                &[&["summary", "problem"], &["summary"], &["summary", "text"]],
            ),
            explanation: string_at(pkg, &[&["decision", "explanation"]]),
            facts: [
                ("Orders", "order_numbers"),
                ("Invoices", "invoice_numbers"),
                ("Error codes", "error_codes"),
            ]
            .into_iter()
            .map(|(label, key)| (label, strings_at(pkg, &[&["summary", "facts", key]])))
            .filter(|(_, v)| !v.is_empty())
            .map(|(label, v)| format!("{label}: {}", v.join(", ")))
            .chain(string_at(pkg, &[&["summary", "facts", "plan"]]).map(|p| format!("Plan: {p}")))
            .collect(),
            created_at: string_at(pkg, &[&["created_at"]]),
            reasons: strings_at(pkg, &[&["decision", "reasons"], &["reasons"]]),
            skill: string_at(
                pkg,
                &[&["decision", "skill"], &["routing", "skill"], &["skill"]],
            ),
            priority: string_at(
                pkg,
                &[
                    &["decision", "priority"],
                    &["routing", "priority"],
                    &["priority"],
                ],
            ),
            sentiment: [
                &["decision", "sentiment"][..],
                &["sentiment", "score"],
                &["sentiment"],
            ]
            .iter()
            .find_map(|p| pkg.path(p).and_then(Json::as_f64))
            .filter(|s| s.is_finite()),
            customer_id: string_at(pkg, &[&["customer", "id"]]),
            customer_name: string_at(pkg, &[&["customer", "name"]]),
            customer_email: string_at(pkg, &[&["customer", "email"]]),
            customer_tier: string_at(pkg, &[&["customer", "tier"]]),
            page_url: string_at(pkg, &[&["page", "url"]]),
            page_title: string_at(pkg, &[&["page", "title"]]),
            page_section: string_at(pkg, &[&["page", "section"]]),
            tried: strings_at(pkg, &[&["attempted_solutions"], &["tried_solutions"]]),
            transcript,
        })
    }

    /// A sentiment bucket for fields that take text: `negative`, `neutral` or `positive`.
    pub fn sentiment_bucket(&self) -> Option<&'static str> {
        self.sentiment.map(|s| {
            if s <= -0.05 {
                "negative"
            } else if s >= 0.05 {
                "positive"
            } else {
                "neutral"
            }
        })
    }

    /// A one-line title: `Bot handoff: <skill> (<first reason>)`.
    pub fn title(&self) -> String {
        let skill = self.skill.as_deref().unwrap_or("general");
        match self.reasons.first() {
            Some(reason) => format!("Bot handoff: {skill} ({})", reason.replace('_', " ")),
            None => format!("Bot handoff: {skill}"),
        }
    }

    /// The agent-facing note: summary, what was tried, context, then the transcript. Plain text.
    pub fn note_text(&self, max_bytes: usize) -> String {
        let mut out = String::new();
        out.push_str(
            self.summary
                .as_deref()
                .unwrap_or("The bot handed this conversation off."),
        );
        out.push_str("\n\n");
        if let Some(explanation) = &self.explanation {
            out.push_str(&format!("Why: {explanation}\n"));
        }
        if !self.reasons.is_empty() {
            out.push_str(&format!("Reasons: {}\n", self.reasons.join(", ")));
        }
        for fact in &self.facts {
            out.push_str(fact);
            out.push('\n');
        }
        if let Some(bucket) = self.sentiment_bucket() {
            out.push_str(&format!(
                "Sentiment: {bucket} ({:.2})\n",
                self.sentiment.unwrap_or(0.0)
            ));
        }
        if let Some(url) = &self.page_url {
            out.push_str(&format!("Page: {url}"));
            if let Some(section) = &self.page_section {
                out.push_str(&format!(" (section: {section})"));
            }
            out.push('\n');
        }
        if !self.tried.is_empty() {
            out.push_str("Already tried:\n");
            for t in &self.tried {
                out.push_str(&format!("- {t}\n"));
            }
        }
        out.push_str(&format!("Handoff id: {}\n", self.id));
        if !self.transcript.is_empty() {
            out.push_str("\nTranscript:\n");
            for line in &self.transcript {
                out.push_str(&format!("{}: {}\n", line.role, line.text));
            }
        }
        super::truncate(out.trim_end(), max_bytes)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The core value of a serde_json value (through `Json`'s `Deserialize` impl).
    pub(crate) fn from_serde(v: &serde_json::Value) -> Json {
        serde::Deserialize::deserialize(v).expect("every serde_json value reads as Json")
    }

    /// A full sample package used by the adapter tests.
    pub(crate) fn sample() -> Json {
        from_serde(&serde_json::json!({
            "id": "hp_01J9ZK3M4Q",
            "conversation_id": "603012d7e0a3f9000c879b67",
            "summary": "Customer was charged twice for the March invoice and wants a refund.",
            "decision": {"reasons": ["explicit_request", "frustration"], "skill": "billing",
                         "priority": "high", "sentiment": -0.62},
            "customer": {"id": "536e564f316c83104c000020", "name": "Jane Doe",
                         "email": "jane@example.com", "tier": "vip"},
            "page": {"url": "https://shop.example/billing", "section": "invoices"},
            "attempted_solutions": ["Sent the refund policy article", {"text": "Checked invoice status", "outcome": "unclear"}],
            "transcript": [{"role": "customer", "text": "I was charged twice!"},
                           {"role": "bot", "text": "Here is our refund policy."},
                           {"role": "customer", "text": "I want a human."}]
        }))
    }

    #[test]
    fn reads_every_field_of_a_full_package() {
        let v = PackageView::read(&sample()).unwrap();
        assert_eq!(v.id, "hp_01J9ZK3M4Q");
        assert_eq!(v.reasons, ["explicit_request", "frustration"]);
        assert_eq!(v.skill.as_deref(), Some("billing"));
        assert_eq!(v.sentiment_bucket(), Some("negative"));
        assert_eq!(
            v.tried,
            [
                "Sent the refund policy article",
                "[unclear] Checked invoice status"
            ]
        );
        assert_eq!(v.transcript.len(), 3);
        assert_eq!(v.title(), "Bot handoff: billing (explicit request)");
        let note = v.note_text(10_000);
        assert!(note.starts_with("Customer was charged twice"));
        assert!(note.contains("customer: I want a human."));
        assert!(v.note_text(60).len() <= 60);
    }

    #[test]
    fn reads_the_package_schema_shape() {
        let pkg = from_serde(&serde_json::json!({
            "schema_version": 1, "id": "hp_0123456789abcdef0123456789abcdef",
            "created_at": "2026-11-24T17:00:00Z",
            "decision": {"escalate": true, "turn": 2, "skill": "billing", "priority": "urgent", "sentiment": 0.1,
                         "language": null, "explanation": "Asked for a person.",
                         "reasons": [{"reason": "explicit_request", "message_index": 2, "strength": 1.0, "evidence": "human"},
                                     {"reason": "vip", "message_index": 0, "strength": 1.0, "evidence": "tier"}]},
            "summary": {"problem": "Double charge on invoice INV-77.", "problem_messages": [0],
                        "facts": {"order_numbers": [], "invoice_numbers": ["INV-77"], "error_codes": []}},
            "attempted_solutions": [{"message_index": 1, "kind": "article", "text": "Refund policy", "outcome": "failed"}],
            "customer": {"id": "c-1", "tier": "vip"},
            "transcript": {"total_messages": 3, "compacted": false, "clipped_messages": 0, "omitted": [],
                           "messages": [{"index": 0, "role": "customer", "text": "Charged twice"}]}
        }));
        let v = PackageView::read(&pkg).unwrap();
        assert_eq!(v.reasons, ["explicit_request", "vip"]);
        assert_eq!(
            v.summary.as_deref(),
            Some("Double charge on invoice INV-77.")
        );
        assert_eq!(v.tried, ["[failed] Refund policy"]);
        assert_eq!(v.facts, ["Invoices: INV-77"]);
        assert_eq!(
            v.transcript,
            [Line {
                role: "customer".into(),
                text: "Charged twice".into()
            }]
        );
        assert_eq!(v.sentiment_bucket(), Some("positive"));
        let note = v.note_text(4000);
        assert!(
            note.contains("Why: Asked for a person.") && note.contains("Invoices: INV-77"),
            "{note}"
        );
    }

    #[test]
    fn only_the_id_is_required() {
        let v = PackageView::read(&Json::object().with("id", Json::str("p1"))).unwrap();
        assert_eq!(v.skill, None);
        assert!(v.note_text(1000).contains("Handoff id: p1"));
        let err = PackageView::read(&Json::object()).unwrap_err();
        assert_eq!((err.code(), err.field()), ("missing_field", Some("id")));
        let err = PackageView::read(&Json::object().with("id", Json::Int(3))).unwrap_err();
        assert_eq!(err.code(), "invalid_type");
        let err = PackageView::read(&Json::object().with("id", Json::str(" "))).unwrap_err();
        assert_eq!(err.code(), "invalid_value");
    }
}
