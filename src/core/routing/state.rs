//! The handoff state machine of one conversation: `bot -> pending_human -> human -> resolved ->
//! bot`, plus `pending_human -> bot` when the handoff is cancelled (customer left, or the
//! offline path took it). The bot stays silent while a human is pending or in charge; a second
//! handoff request while one is pending (or a human is already there) is suppressed, not
//! queued twice. Every transition, and every suppressed request, is recorded as an event with
//! the time the caller passed in (the core has no clock).

use serde::Serialize;

use crate::core::error::{Error, ErrorCode};

/// Where a conversation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffState {
    /// The bot answers.
    #[default]
    Bot,
    /// A handoff was requested; waiting for an agent.
    PendingHuman,
    /// An agent is in charge.
    Human,
    /// The agent resolved the conversation.
    Resolved,
}

impl HandoffState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            HandoffState::Bot => "bot",
            HandoffState::PendingHuman => "pending_human",
            HandoffState::Human => "human",
            HandoffState::Resolved => "resolved",
        }
    }
}

/// What caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The engine (or the customer) asked for a human.
    HandoffRequested,
    /// A second request while one is pending or a human is there: suppressed.
    DuplicateSuppressed,
    /// An agent took the conversation.
    AgentJoined,
    /// The handoff was cancelled before an agent joined.
    Cancelled,
    /// The agent resolved the conversation.
    Resolved,
    /// The conversation went back to the bot.
    ReturnedToBot,
}

/// One event: a transition (`from != to`) or a suppressed request (`from == to`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The time the caller gave (Unix seconds, or any consistent unit).
    pub at: f64,
    /// The state before.
    pub from: HandoffState,
    /// The state after.
    pub to: HandoffState,
    /// Why.
    pub cause: Cause,
    /// The agent involved, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
}

/// What a handoff request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestOutcome {
    /// The conversation is now pending a human.
    Started,
    /// A handoff was already pending (or a human already there): nothing new was queued.
    Suppressed,
}

/// The state machine of one conversation, with its event log.
#[derive(Debug, Clone, Default)]
pub struct HandoffMachine {
    state: HandoffState,
    agent: Option<String>,
    events: Vec<Event>,
}

impl HandoffMachine {
    /// A conversation with the bot, no events yet.
    pub fn new() -> HandoffMachine {
        HandoffMachine::default()
    }

    /// The current state.
    pub fn state(&self) -> HandoffState {
        self.state
    }

    /// The agent in charge (or who resolved), if any.
    pub fn agent(&self) -> Option<&str> {
        self.agent.as_deref()
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Whether the bot may reply now: only while the bot is in charge (or after resolution,
    /// before the conversation is handed back it stays quiet too).
    pub fn bot_may_reply(&self) -> bool {
        self.state == HandoffState::Bot
    }

    fn check_time(&self, at: f64) -> Result<(), Error> {
        if !at.is_finite() {
            return Err(Error::new(ErrorCode::InvalidValue, "must be a finite time").at("at"));
        }
        if let Some(last) = self.events.last() {
            if at < last.at {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "time goes backwards: {at} is before the last event at {}",
                        last.at
                    ),
                )
                .at("at"));
            }
        }
        Ok(())
    }

    fn go(&mut self, at: f64, to: HandoffState, cause: Cause) {
        self.events.push(Event {
            at,
            from: self.state,
            to,
            cause,
            agent: self.agent.clone(),
        });
        self.state = to;
    }

    fn wrong(&self, action: &str, expected: &str) -> Error {
        Error::new(
            ErrorCode::InvalidValue,
            format!(
                "cannot {action} while {}: only from {expected}",
                self.state.as_str()
            ),
        )
        .at("state")
    }

    /// A handoff is requested at `at`. From `bot` (or `resolved`, the customer coming back
    /// before the hand-back) the conversation becomes pending; while pending or with a human,
    /// the request is suppressed and logged as such.
    pub fn request_handoff(&mut self, at: f64) -> Result<RequestOutcome, Error> {
        self.check_time(at)?;
        match self.state {
            HandoffState::Bot | HandoffState::Resolved => {
                self.agent = None;
                self.go(at, HandoffState::PendingHuman, Cause::HandoffRequested);
                Ok(RequestOutcome::Started)
            }
            HandoffState::PendingHuman | HandoffState::Human => {
                self.go(at, self.state, Cause::DuplicateSuppressed);
                Ok(RequestOutcome::Suppressed)
            }
        }
    }

    /// An agent joins at `at`: `pending_human -> human`.
    pub fn agent_joined(&mut self, at: f64, agent: &str) -> Result<(), Error> {
        self.check_time(at)?;
        if self.state != HandoffState::PendingHuman {
            return Err(self.wrong("join an agent", "pending_human"));
        }
        self.agent = Some(agent.to_string());
        self.go(at, HandoffState::Human, Cause::AgentJoined);
        Ok(())
    }

    /// The pending handoff is cancelled at `at` (customer left, or it became a ticket):
    /// `pending_human -> bot`.
    pub fn cancel(&mut self, at: f64) -> Result<(), Error> {
        self.check_time(at)?;
        if self.state != HandoffState::PendingHuman {
            return Err(self.wrong("cancel", "pending_human"));
        }
        self.go(at, HandoffState::Bot, Cause::Cancelled);
        Ok(())
    }

    /// The agent resolves the conversation at `at`: `human -> resolved`.
    pub fn resolve(&mut self, at: f64) -> Result<(), Error> {
        self.check_time(at)?;
        if self.state != HandoffState::Human {
            return Err(self.wrong("resolve", "human"));
        }
        self.go(at, HandoffState::Resolved, Cause::Resolved);
        Ok(())
    }

    /// The conversation goes back to the bot at `at`: `resolved -> bot`.
    pub fn return_to_bot(&mut self, at: f64) -> Result<(), Error> {
        self.check_time(at)?;
        if self.state != HandoffState::Resolved {
            return Err(self.wrong("return to the bot", "resolved"));
        }
        self.go(at, HandoffState::Bot, Cause::ReturnedToBot);
        self.agent = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HandoffState::*;

    fn transitions(m: &HandoffMachine) -> Vec<(f64, HandoffState, HandoffState, Cause)> {
        m.events()
            .iter()
            .map(|e| (e.at, e.from, e.to, e.cause))
            .collect()
    }

    #[test]
    fn full_cycle_records_every_transition_with_its_time() {
        let mut m = HandoffMachine::new();
        assert!(m.bot_may_reply());
        assert_eq!(m.request_handoff(10.0).unwrap(), RequestOutcome::Started);
        assert_eq!(m.state(), PendingHuman);
        assert!(!m.bot_may_reply(), "bot is silent while pending");
        m.agent_joined(40.0, "ana").unwrap();
        assert_eq!((m.state(), m.agent()), (Human, Some("ana")));
        assert!(
            !m.bot_may_reply(),
            "bot is silent while a human is in charge"
        );
        m.resolve(300.0).unwrap();
        assert_eq!(m.state(), Resolved);
        m.return_to_bot(301.0).unwrap();
        assert_eq!((m.state(), m.agent()), (Bot, None));
        assert!(m.bot_may_reply());
        assert_eq!(
            transitions(&m),
            vec![
                (10.0, Bot, PendingHuman, Cause::HandoffRequested),
                (40.0, PendingHuman, Human, Cause::AgentJoined),
                (300.0, Human, Resolved, Cause::Resolved),
                (301.0, Resolved, Bot, Cause::ReturnedToBot),
            ]
        );
        assert_eq!(m.events()[2].agent.as_deref(), Some("ana"));
    }

    #[test]
    fn duplicate_request_while_pending_or_human_is_suppressed() {
        let mut m = HandoffMachine::new();
        m.request_handoff(1.0).unwrap();
        assert_eq!(m.request_handoff(2.0).unwrap(), RequestOutcome::Suppressed);
        assert_eq!(m.state(), PendingHuman);
        m.agent_joined(3.0, "bo").unwrap();
        assert_eq!(m.request_handoff(4.0).unwrap(), RequestOutcome::Suppressed);
        assert_eq!(m.state(), Human);
        let causes: Vec<Cause> = m.events().iter().map(|e| e.cause).collect();
        assert_eq!(
            causes,
            [
                Cause::HandoffRequested,
                Cause::DuplicateSuppressed,
                Cause::AgentJoined,
                Cause::DuplicateSuppressed
            ]
        );
        assert_eq!(
            (m.events()[1].from, m.events()[1].to),
            (PendingHuman, PendingHuman)
        );
    }

    #[test]
    fn cancel_returns_a_pending_handoff_to_the_bot() {
        let mut m = HandoffMachine::new();
        m.request_handoff(1.0).unwrap();
        m.cancel(5.0).unwrap();
        assert_eq!(m.state(), Bot);
        assert!(m.bot_may_reply());
        // A new request after cancelling starts a new handoff.
        assert_eq!(m.request_handoff(6.0).unwrap(), RequestOutcome::Started);
    }

    #[test]
    fn a_customer_returning_after_resolution_can_hand_off_again() {
        let mut m = HandoffMachine::new();
        m.request_handoff(1.0).unwrap();
        m.agent_joined(2.0, "ana").unwrap();
        m.resolve(3.0).unwrap();
        assert!(!m.bot_may_reply());
        assert_eq!(m.request_handoff(4.0).unwrap(), RequestOutcome::Started);
        assert_eq!(m.agent(), None);
    }

    #[test]
    fn invalid_transitions_are_typed_errors() {
        let mut m = HandoffMachine::new();
        let err = m.agent_joined(1.0, "ana").unwrap_err();
        assert_eq!((err.code(), err.field()), ("invalid_value", Some("state")));
        assert!(m.resolve(1.0).is_err());
        assert!(m.return_to_bot(1.0).is_err());
        assert!(m.cancel(1.0).is_err());
        m.request_handoff(5.0).unwrap();
        assert!(
            m.resolve(6.0).is_err(),
            "cannot resolve before an agent joins"
        );
        let err = m.agent_joined(4.0, "ana").unwrap_err();
        assert_eq!(err.field(), Some("at"), "time must not go backwards");
        assert!(m.agent_joined(f64::NAN, "ana").is_err());
        assert_eq!(m.events().len(), 1, "failed calls record nothing");
        assert_eq!(m.state(), PendingHuman);
    }
}
