//! Messages and their roles, as the engine sees them: already validated, plain data.

use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode};
use super::json_de::struct_from_json;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The person asking for help.
    Customer,
    /// The chatbot.
    Bot,
    /// A human agent.
    Agent,
    /// The platform itself (joins, transfers, notices).
    System,
}

impl Role {
    /// The role's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Bot => "bot",
            Role::Agent => "agent",
            Role::System => "system",
        }
    }

    /// Parses a wire name; anything else is an `invalid_role` error naming the field.
    pub fn parse(s: &str) -> Result<Role, Error> {
        match s {
            "customer" => Ok(Role::Customer),
            "bot" => Ok(Role::Bot),
            "agent" => Ok(Role::Agent),
            "system" => Ok(Role::System),
            other => Err(Error::new(
                ErrorCode::InvalidRole,
                format!(
                    "role must be one of customer, bot, agent, system; got {}",
                    crate::core::error::Quoted(other)
                ),
            )
            .at("role")),
        }
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// What they wrote, as plain text (never HTML).
    pub text: String,
    /// When, as the host gave it (RFC 3339 by convention); kept as text, never required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<String>,
}

impl Message {
    /// A message without a timestamp.
    pub fn new(role: Role, text: impl Into<String>) -> Message {
        Message {
            role,
            text: text.into(),
            ts: None,
        }
    }
}

/// What the host page knows about the customer. Every field is optional; unknown fields in the
/// input are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// The host's customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address (redacted before anything leaves the page unless the policy allows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Tier, free text (`enterprise` and `vip` are VIP tiers in the default policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Plan name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Days since the customer signed up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenure_days: Option<u32>,
    /// Open tickets the customer already has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_tickets: Option<u32>,
    /// Preferred language (BCP 47, for example `en` or `pt-BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

struct_from_json! {
    /// The wasm facade's decoder of a customer. The CLI reads customers with serde's derive
    /// (the JSON Lines contract); `tests::decoders_agree` holds the two to the same results.
    Customer as "struct Customer",
    start: Customer::default(),
    required: 0, deny_unknown: false,
    {
        "id" => id,
        "name" => name,
        "email" => email,
        "tier" => tier,
        "plan" => plan,
        "tenure_days" => tenure_days,
        "open_tickets" => open_tickets,
        "language" => language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde's derive (the CLI) and the hand-written decoder (the wasm) give the same customer,
    /// or an error with the same path and message.
    #[test]
    fn decoders_agree() {
        for json in [
            "{}",
            r#"{"id": "c1", "name": "Ana", "email": "a@b.co", "tier": "vip", "plan": "pro",
                "tenure_days": 30, "open_tickets": 2, "language": "pt-BR", "extra": [1, {}]}"#,
            r#"{"id": null, "tenure_days": null}"#,
            r#"{"id": 3}"#,
            r#"{"tenure_days": -1}"#,
            r#"{"tenure_days": 4294967296}"#,
            r#"{"open_tickets": 1.5}"#,
            r#"{"open_tickets": "2"}"#,
            r#"{"language": true}"#,
            r#"{"plan": ["a"]}"#,
            r#"{"name": "a", "name": "b"}"#,
            "null",
            "\"x\"",
        ] {
            // Not compared: serde_json also reads a struct from an array of its fields, a form
            // the JSON Lines contract does not use and the wasm refuses.
            crate::core::json_de::assert_same_as_serde::<Customer>(json);
        }
    }
}
