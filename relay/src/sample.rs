//! A sample handoff package for the relay's tests and its load generator (`relay-bench`): one
//! valid package, so both post exactly what the relay accepts.

use serde_json::{json, Value};

/// A full package with id `id` that matches `schema/handoff-package.v1.json` (the relay
/// validates every post).
pub fn package(id: &str) -> Value {
    json!({
        "schema_version": 1,
        "id": id,
        "engine_version": "0.1.0",
        "policy": {"version": 1, "name": "default"},
        "created_at": "2026-11-24T17:00:00Z",
        "decision": {
            "escalate": true, "turn": 2, "skill": "billing", "priority": "high", "language": "en",
            "sentiment": -0.62, "explanation": "The customer asked for a person and is frustrated.",
            "reasons": [
                {"reason": "explicit_request", "message_index": 2, "strength": 1.0, "evidence": "I want a human."},
                {"reason": "frustration", "message_index": 0, "strength": 0.6, "evidence": "charged twice!"}
            ]
        },
        "summary": {"problem": "Customer was charged twice for the March invoice and wants a refund.",
                    "problem_messages": [0],
                    "facts": {"order_numbers": [], "invoice_numbers": ["INV-2031"], "error_codes": []}},
        "attempted_solutions": [{"message_index": 1, "kind": "article", "text": "Sent the refund policy article",
                                 "outcome": "failed", "reply_index": 2}],
        "sentiment_trajectory": [[0, -0.55], [2, -0.62]],
        "customer": {"id": "536e564f316c83104c000020", "name": "Jane Doe", "tier": "vip"},
        "page": {"url": "https://shop.example/billing", "section": "invoices"},
        "transcript": {"total_messages": 3, "compacted": false, "clipped_messages": 0, "omitted": [],
                       "messages": [{"index": 0, "role": "customer", "text": "I was charged twice!"},
                                    {"index": 1, "role": "bot", "text": "Here is our refund policy."},
                                    {"index": 2, "role": "customer", "text": "I want a human."}]},
        "redaction": {"email": 0, "phone": 0, "card": 0, "iban": 0, "national_id": 0, "secret": 0, "custom": 0},
        "warnings": []
    })
}
