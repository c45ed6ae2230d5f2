//! Wire types of the JSON Lines contract (`shared/spec/conversations.md`): conversations in,
//! decisions and scores out. Unknown fields are ignored, as the contract requires. Parsing
//! lives with the caller (serde_json in the CLI, `core::json_de` in the facade); this module
//! only describes the shapes and turns serde's errors into stable codes.

use serde::{Deserialize, Serialize};

use super::conversation::{Customer, Message};
use super::decision::Decision;
use super::error::{Error, ErrorCode};

/// Page context as the host (or the CLI's input) gives it: `url`, `title`, `section` and the
/// richer fields of [`super::context::PageContext`].
pub use super::context::PageContext as PageIn;

/// One input line: a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConversationIn {
    /// The conversation's id, echoed in the output.
    pub id: String,
    /// What the host knows about the customer.
    #[serde(default)]
    pub customer: Option<Customer>,
    /// Where the customer was.
    #[serde(default)]
    pub page: Option<PageIn>,
    /// The messages, in order.
    pub messages: Vec<Message>,
}

/// One output line of `replay`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayOut {
    /// The conversation's id.
    pub id: String,
    /// Whether the engine handed off.
    pub escalate: bool,
    /// The 0-based index of the message after which it first decided to hand off.
    pub turn: Option<usize>,
    /// Every contributing trigger, strongest first.
    pub reasons: Vec<&'static str>,
    /// The team to reach.
    pub skill: &'static str,
    /// How urgently.
    pub priority: &'static str,
    /// The customer's sentiment at the decision (or at the end).
    pub sentiment: f32,
    /// The supervisor's one-line explanation (an extra field; readers ignore unknown fields).
    pub explanation: String,
}

impl ReplayOut {
    /// The output line for a conversation's decisive (or last) decision.
    pub fn new(id: String, decision: &Decision) -> ReplayOut {
        ReplayOut {
            id,
            escalate: decision.escalate,
            turn: decision.turn,
            reasons: decision.reason_names(),
            skill: decision.skill.as_str(),
            priority: decision.priority.as_str(),
            sentiment: round3(decision.sentiment),
            explanation: decision.explanation.clone(),
        }
    }
}

/// One input line of `score`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ScoreIn {
    /// The text's id, echoed in the output.
    pub id: String,
    /// The text to score.
    pub text: String,
}

/// One output line of `score`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreOut {
    /// The text's id.
    pub id: String,
    /// Compound sentiment in [-1, 1].
    pub sentiment: f32,
    /// Whether the text asks for a human.
    pub explicit_request: bool,
    /// The skills the text is about, strongest first.
    pub topics: Vec<&'static str>,
}

/// Rounds to three decimals for stable, compact output.
pub fn round3(x: f32) -> f32 {
    let r = (x * 1000.0).round() / 1000.0;
    // Normalise -0.0, which would print as "-0.0".
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Turns a serde error message and the path where it happened into a stable error code.
pub fn decode_error(message: &str, path: &str) -> Error {
    let code = if message.starts_with("missing field") {
        ErrorCode::MissingField
    } else if message.starts_with("unknown variant") && path.ends_with("role") {
        ErrorCode::InvalidRole
    } else if message.starts_with("unknown variant") {
        ErrorCode::InvalidValue
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        ErrorCode::InvalidType
    } else {
        ErrorCode::InvalidJson
    };
    let err = Error::new(code, message.to_string());
    if path.is_empty() || path == "." {
        err
    } else {
        err.at(path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_get_stable_codes() {
        let e = decode_error("missing field `text`", "messages[2]");
        assert_eq!(
            (e.code(), e.field()),
            ("missing_field", Some("messages[2]"))
        );
        let e = decode_error(
            "unknown variant `robot`, expected one of ...",
            "messages[0].role",
        );
        assert_eq!(e.code(), "invalid_role");
        let e = decode_error("invalid type: integer `3`, expected a string", "id");
        assert_eq!(e.code(), "invalid_type");
        assert_eq!(
            decode_error("EOF while parsing", ".").code(),
            "invalid_json"
        );
    }
}
