//! The engine's answer after each message: whether to hand off, why, to whom and how urgently.
//! The vocabulary (reasons, skills, priorities) is fixed by `shared/spec/conversations.md`.

use serde::{Deserialize, Serialize};

use super::json_de::{variant, variant_named, DeError, FromJson, FromJsonKey, Value};

/// Why a conversation should reach a human, in the contract's fixed vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The customer asked for a person.
    ExplicitRequest,
    /// The customer is frustrated.
    Frustration,
    /// The request is beyond what a bot should handle (multi-part, disputes, bugs).
    Complexity,
    /// The bot repeats itself, or the customer keeps restating the same question.
    Loop,
    /// The customer belongs to a VIP tier.
    Vip,
    /// A critical incident (account takeover, unauthorized charges, outage, data loss, legal,
    /// safety).
    Critical,
}

impl Reason {
    /// Every reason, in the contract's order.
    pub const ALL: [Reason; 6] = [
        Reason::ExplicitRequest,
        Reason::Frustration,
        Reason::Complexity,
        Reason::Loop,
        Reason::Vip,
        Reason::Critical,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::ExplicitRequest => "explicit_request",
            Reason::Frustration => "frustration",
            Reason::Complexity => "complexity",
            Reason::Loop => "loop",
            Reason::Vip => "vip",
            Reason::Critical => "critical",
        }
    }

    /// Whether this reason hands off at once, whatever the thresholds.
    pub fn bypasses_threshold(self) -> bool {
        matches!(
            self,
            Reason::ExplicitRequest | Reason::Critical | Reason::Vip
        )
    }
}

/// The team a conversation should reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// Invoices, charges, refunds, plans.
    Billing,
    /// Bugs, errors, integrations, how the product works.
    Technical,
    /// Login, profile, users, account settings.
    Account,
    /// Takeovers, fraud, unauthorized access, data exposure.
    Security,
    /// Buying, upgrading, quotes, demos.
    Sales,
    /// Anything else.
    General,
}

impl Skill {
    /// Every skill.
    pub const ALL: [Skill; 6] = [
        Skill::Billing,
        Skill::Technical,
        Skill::Account,
        Skill::Security,
        Skill::Sales,
        Skill::General,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Skill::Billing => "billing",
            Skill::Technical => "technical",
            Skill::Account => "account",
            Skill::Security => "security",
            Skill::Sales => "sales",
            Skill::General => "general",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl FromJson for Skill {
    fn from_json(value: Value) -> Result<Skill, DeError> {
        variant(value, "enum Skill", &Skill::ALL, Skill::as_str)
    }
}

impl FromJsonKey for Skill {
    fn from_key(key: String) -> Result<Skill, DeError> {
        variant_named(&key, &Skill::ALL, Skill::as_str)
    }
}

/// Zendesk's four priority levels, lowest first (so `max` picks the most urgent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Can wait.
    Low,
    /// The default.
    Normal,
    /// Should be picked up soon.
    High,
    /// Drop everything.
    Urgent,
}

impl Priority {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl FromJson for Priority {
    fn from_json(value: Value) -> Result<Priority, DeError> {
        variant(value, "enum Priority", &Priority::ALL, Priority::as_str)
    }
}

/// One trigger that contributed to a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    /// Which kind of trigger.
    pub reason: Reason,
    /// How strongly it fired, in [0, 1].
    pub strength: f32,
    /// The 0-based index of the message that fired it (the latest one for conversation-level
    /// signals such as frustration trends).
    pub message_index: usize,
    /// A short, human-readable piece of evidence (a quoted phrase, a rule name).
    pub evidence: String,
}

/// The engine's decision after a message. Scoring never fails: problems become `warnings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Hand off to a human now.
    pub escalate: bool,
    /// Every trigger that contributed, strongest first.
    pub reasons: Vec<Trigger>,
    /// The team to reach.
    pub skill: Skill,
    /// How urgently.
    pub priority: Priority,
    /// The customer's sentiment at this point, in [-1, 1] (VADER's compound convention).
    pub sentiment: f32,
    /// The combined score of the threshold-based triggers, in [0, 1].
    pub score: f32,
    /// The 0-based index of the message after which the engine first decided to hand off.
    pub turn: Option<usize>,
    /// The detected language of the customer (`en`, `es`, `fr`, `de`, `pt`), when known.
    pub language: Option<String>,
    /// One line a supervisor can read.
    pub explanation: String,
    /// Things the engine noticed but could not act on (never errors).
    pub warnings: Vec<String>,
}

impl Decision {
    /// The reasons' wire names, strongest first, without repeats.
    pub fn reason_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::with_capacity(self.reasons.len());
        for t in &self.reasons {
            let name = t.reason.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}
