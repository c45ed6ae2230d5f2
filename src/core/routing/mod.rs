//! Routing: who takes a handoff, and when. Agents with skills, languages, capacities and
//! shifts; waiting handoffs with skill, priority, language and VIP owner; ordered routing
//! steps with hold windows that relax over time; priority aging; business hours with an
//! offline path; the per-conversation handoff state machine; the helpdesk mapping; and the
//! Erlang C / Erlang A formulas the simulator (`core::sim`) is checked against. Pure: the
//! caller passes the time in.

pub mod erlang;
pub mod helpdesk;
pub mod hours;
pub mod model;
pub mod router;
pub mod state;
pub mod steps;

#[cfg(test)]
mod tests;

pub use helpdesk::{HelpdeskMapping, IntercomHints, RoutingHint, ZendeskHints};
pub use hours::{Weekday, WeeklyHours, Window};
pub use model::{Agent, AgentStatus, SkillLevel, WaitingHandoff};
pub use router::{Assignment, Hold, Offline, OfflineReason, Router, RoutingPlan, Stage};
pub use state::{Cause, Event, HandoffMachine, HandoffState, RequestOutcome};
pub use steps::{Aging, OfflinePath, RoutingPolicy, RoutingStep, SkillRequirement, VipRouting};
