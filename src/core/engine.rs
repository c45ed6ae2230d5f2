//! The engine: observes a conversation one message at a time and decides after each one
//! whether to hand off, combining the signals under a policy. Scoring never fails: whatever the
//! input, `observe` returns a decision with its reasons (and warnings when something is off).

use super::conversation::{Customer, Message, Role};
use super::decision::{Decision, Priority, Reason, Skill, Trigger};
use super::policy::Policy;
use super::signals::{explicit, sentiment};

/// Texts longer than this many bytes are scored on their first part only (a warning says so);
/// the stored message keeps the full text.
pub const MAX_SCORED_BYTES: usize = 16 * 1024;

/// The engine for one conversation.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    customer: Customer,
    messages: Vec<Message>,
    triggers: Vec<Trigger>,
    sentiments: Vec<(usize, f32)>,
    escalated_at: Option<usize>,
    language: Option<&'static str>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(Policy::default())
    }
}

impl Engine {
    /// A new engine under a validated policy.
    pub fn new(policy: Policy) -> Engine {
        Engine {
            policy,
            customer: Customer::default(),
            messages: Vec::new(),
            triggers: Vec::new(),
            sentiments: Vec::new(),
            escalated_at: None,
            language: None,
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Sets what the host page knows about the customer (tier, plan, ...).
    pub fn set_customer(&mut self, customer: Customer) {
        self.customer = customer;
    }

    /// The customer data in force.
    pub fn customer(&self) -> &Customer {
        &self.customer
    }

    /// Every message observed so far.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The customer's sentiment after each customer message: (message index, compound).
    pub fn sentiment_trajectory(&self) -> &[(usize, f32)] {
        &self.sentiments
    }

    /// Forgets the conversation (the policy and customer stay).
    pub fn reset(&mut self) {
        self.messages.clear();
        self.triggers.clear();
        self.sentiments.clear();
        self.escalated_at = None;
        self.language = None;
    }

    /// Observes one message and returns the decision after it.
    pub fn observe(&mut self, message: Message) -> Decision {
        let index = self.messages.len();
        let mut warnings = Vec::new();
        if message.role == Role::Customer {
            let scored = clip(&message.text, MAX_SCORED_BYTES);
            if scored.len() < message.text.len() {
                warnings.push(format!(
                    "message {index} is longer than {MAX_SCORED_BYTES} bytes; scored its start"
                ));
            }
            let polarity = sentiment::polarity(scored);
            self.sentiments.push((index, polarity.compound));
            if let Some(m) = explicit::detect(scored, &self.policy.explicit_phrases) {
                self.language.get_or_insert(m.language);
                self.triggers.push(Trigger {
                    reason: Reason::ExplicitRequest,
                    strength: 1.0,
                    message_index: index,
                    evidence: m.evidence,
                });
            }
            let vip = self
                .customer
                .tier
                .as_deref()
                .is_some_and(|t| self.policy.is_vip_tier(t));
            if vip && !self.triggers.iter().any(|t| t.reason == Reason::Vip) {
                self.triggers.push(Trigger {
                    reason: Reason::Vip,
                    strength: 0.9,
                    message_index: index,
                    evidence: format!(
                        "tier {:?}",
                        self.customer.tier.as_deref().unwrap_or_default()
                    ),
                });
            }
        }
        self.messages.push(message);
        self.decide(index, warnings)
    }

    /// The decision as it stands, without observing a new message (for an empty conversation:
    /// no handoff).
    pub fn decision_now(&mut self) -> Decision {
        let last = self.messages.len().saturating_sub(1);
        self.decide(last, Vec::new())
    }

    fn decide(&mut self, index: usize, warnings: Vec<String>) -> Decision {
        let mut reasons = self.triggers.clone();
        reasons.sort_by(|a, b| {
            b.strength
                .total_cmp(&a.strength)
                .then(a.message_index.cmp(&b.message_index))
        });
        let bypass = reasons.iter().any(|t| t.reason.bypasses_threshold());
        if bypass && self.escalated_at.is_none() {
            self.escalated_at = Some(index);
        }
        let escalate = self.escalated_at.is_some();
        let priority = if reasons.iter().any(|t| t.reason == Reason::Critical) {
            Priority::Urgent
        } else if reasons.iter().any(|t| t.reason == Reason::Vip) {
            Priority::High
        } else {
            Priority::Normal
        };
        let sentiment = self.sentiments.last().map_or(0.0, |&(_, s)| s);
        let explanation = explain(escalate, &reasons, &self.messages);
        Decision {
            escalate,
            reasons,
            skill: Skill::General,
            priority,
            sentiment,
            score: 0.0,
            turn: self.escalated_at,
            language: self.language.map(str::to_string),
            explanation,
            warnings,
        }
    }
}

/// One line a supervisor can read: the strongest reason, where it fired, and its evidence.
fn explain(escalate: bool, reasons: &[Trigger], messages: &[Message]) -> String {
    let Some(top) = reasons.first() else {
        return "no handoff: no trigger fired".to_string();
    };
    let verdict = if escalate { "handoff" } else { "no handoff" };
    let what = top.reason.as_str().replace('_', " ");
    let quote = messages
        .get(top.message_index)
        .map(|m| clip(&m.text, 80))
        .unwrap_or_default();
    let mut line = format!(
        "{verdict}: {what} in message {} ({}): '{}'",
        top.message_index + 1,
        top.evidence,
        quote.trim()
    );
    if reasons.len() > 1 {
        let others: Vec<&str> = reasons[1..].iter().map(|t| t.reason.as_str()).collect();
        line.push_str(&format!("; also {}", others.join(", ")));
    }
    line
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_request_escalates_at_once_and_stays() {
        let mut e = Engine::default();
        let d = e.observe(Message::new(Role::Customer, "my invoice is wrong"));
        assert!(!d.escalate);
        assert_eq!(d.turn, None);
        e.observe(Message::new(
            Role::Bot,
            "Have you checked Billing > Invoices?",
        ));
        let d = e.observe(Message::new(Role::Customer, "I need to speak to a person"));
        assert!(d.escalate);
        assert_eq!(d.turn, Some(2));
        assert_eq!(d.reason_names(), vec!["explicit_request"]);
        assert!(d.explanation.contains("message 3"), "{}", d.explanation);
        let d = e.observe(Message::new(Role::Customer, "thanks"));
        assert!(d.escalate);
        assert_eq!(d.turn, Some(2));
    }

    #[test]
    fn vip_tier_escalates_at_first_customer_message() {
        let mut e = Engine::default();
        e.set_customer(Customer {
            tier: Some("Enterprise".into()),
            ..Customer::default()
        });
        e.observe(Message::new(Role::Bot, "Hello! How can I help?"));
        let d = e.observe(Message::new(Role::Customer, "hi"));
        assert!(d.escalate);
        assert_eq!(d.turn, Some(1));
        assert_eq!(d.priority, Priority::High);
    }

    #[test]
    fn reset_forgets_the_conversation() {
        let mut e = Engine::default();
        e.observe(Message::new(Role::Customer, "get me a real person"));
        e.reset();
        assert!(e.messages().is_empty());
        assert!(!e.observe(Message::new(Role::Customer, "hello")).escalate);
    }

    #[test]
    fn clip_respects_char_boundaries() {
        assert_eq!(clip("héllo", 2), "h");
        assert_eq!(clip("abc", 10), "abc");
    }

    #[test]
    fn huge_message_is_scored_with_a_warning() {
        let mut e = Engine::default();
        let text = "é".repeat(600_000);
        let d = e.observe(Message::new(Role::Customer, text));
        assert!(!d.escalate);
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(e.messages()[0].text.len(), 1_200_000);
    }
}
