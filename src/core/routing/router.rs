//! The router: given the time, the waiting handoffs and the agents, decides who takes what now,
//! who keeps holding (and until when) and who takes the offline path. Pure and deterministic:
//! the same inputs give the same plan, so the host can call it whenever something changes (an
//! arrival, an agent freeing up, a hold expiring at the returned `reroute_at`).
//!
//! Rules, in order:
//! - Outside business hours every waiting handoff takes the offline path (ticket plus a message
//!   with the expected response time).
//! - Handoffs are served by effective priority: priority rank, plus the VIP boost, plus one
//!   level per `aging.seconds_per_level` of waiting (so a long-waiting low-priority handoff
//!   eventually outranks fresh urgent ones), ties by waiting time then id.
//! - A VIP handoff whose account owner is present waits for that owner alone during
//!   `vip.owner_hold_seconds`. The steps run on the same clock, from `waiting_since`.
//! - Otherwise the first step that has not expired and that some present agent could satisfy
//!   applies (a step nobody on shift could ever satisfy is skipped rather than waited out);
//!   when every step has expired or none can be satisfied, the handoff takes the offline path.
//! - Among eligible agents below their concurrency cap, the most proficient in the handoff's
//!   skill wins, then the least loaded, then the smallest id.

use serde::Serialize;

use super::helpdesk::RoutingHint;
use super::model::{priority_rank, Agent, WaitingHandoff};
use super::steps::{RoutingPolicy, RoutingStep, SkillRequirement};

/// Which part of the routing a handoff is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for its VIP account owner.
    Owner,
    /// At routing step `i`.
    Step(usize),
    /// No step left: the offline path.
    Exhausted,
}

/// A handoff given to an agent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    /// The handoff.
    pub handoff_id: String,
    /// The agent.
    pub agent_id: String,
    /// The step that matched (`account_owner` for the VIP owner).
    pub step: String,
}

/// A handoff that keeps waiting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hold {
    /// The handoff.
    pub handoff_id: String,
    /// The step it is holding at.
    pub step: String,
    /// When its requirements relax (Unix seconds); route again then. `None` when it waits at
    /// the last step without expiry.
    pub reroute_at: Option<f64>,
}

/// Why a handoff took the offline path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfflineReason {
    /// Outside business hours.
    Closed,
    /// Every step expired, or nobody on shift could take it.
    NoAgent,
}

/// A handoff routed to the offline path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offline {
    /// The handoff.
    pub handoff_id: String,
    /// Why.
    pub reason: OfflineReason,
    /// Create a ticket in the helpdesk.
    pub create_ticket: bool,
    /// The expected response time in seconds, when known.
    pub expected_response_seconds: Option<f64>,
    /// The message for the customer, with the expected response time filled in.
    pub message: String,
}

/// What to do now.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RoutingPlan {
    /// Handoffs given to agents, in the order they were served.
    pub assignments: Vec<Assignment>,
    /// Handoffs that keep waiting.
    pub holds: Vec<Hold>,
    /// Handoffs taking the offline path.
    pub offline: Vec<Offline>,
}

/// The router over one routing policy (validated by the caller).
#[derive(Debug, Clone, Copy)]
pub struct Router<'p> {
    policy: &'p RoutingPolicy,
}

impl<'p> Router<'p> {
    /// A router applying `policy`.
    pub fn new(policy: &'p RoutingPolicy) -> Router<'p> {
        Router { policy }
    }

    /// The handoff's effective priority at `now`: rank (low 0 … urgent 3), VIP boost, aging.
    pub fn effective_priority(&self, h: &WaitingHandoff, now: f64) -> f64 {
        let waited = (now - h.waiting_since).max(0.0);
        let vip = if h.vip {
            self.policy.vip.priority_boost
        } else {
            0.0
        };
        priority_rank(h.priority) + vip + waited / self.policy.aging.seconds_per_level
    }

    /// Whether `agent` meets `step`'s requirements for `h` (skill, proficiency, language),
    /// regardless of availability.
    pub fn meets(&self, step: &RoutingStep, h: &WaitingHandoff, agent: &Agent) -> bool {
        let skill_ok = match step.skill.resolve(h.skill) {
            None => true,
            Some(skill) => agent.proficiency(skill) >= step.min_proficiency,
        };
        let language_ok = match (&h.language, step.same_language) {
            (Some(lang), true) => agent.speaks(lang),
            _ => true,
        };
        skill_ok && language_ok
    }

    fn owner_window<'h>(&self, h: &'h WaitingHandoff, now: f64) -> Option<&'h str> {
        let owner = h.account_owner.as_deref()?;
        let waited = now - h.waiting_since;
        (self.policy.vip.owner_first && h.vip && waited < self.policy.vip.owner_hold_seconds)
            .then_some(owner)
    }

    /// The stage `h` is in at `now`, given who is on the floor.
    pub fn stage(&self, h: &WaitingHandoff, now: f64, agents: &[Agent]) -> Stage {
        if let Some(owner) = self.owner_window(h, now) {
            if agents.iter().any(|a| a.id == owner && a.is_present(now)) {
                return Stage::Owner;
            }
        }
        let waited = now - h.waiting_since;
        let deadlines = self.policy.step_deadlines();
        for (i, step) in self.policy.steps.iter().enumerate() {
            let live = live(deadlines[i], waited);
            if live
                && agents
                    .iter()
                    .any(|a| a.is_present(now) && self.meets(step, h, a))
            {
                return Stage::Step(i);
            }
        }
        Stage::Exhausted
    }

    /// Routes every waiting handoff at `now`. Agents' `active` counts are not changed; the
    /// plan accounts for the load it adds, so caps hold within one call.
    pub fn route(&self, now: f64, waiting: &[WaitingHandoff], agents: &[Agent]) -> RoutingPlan {
        let mut plan = RoutingPlan::default();
        if let Some(hours) = &self.policy.business_hours {
            if !hours.is_open(now) {
                let expected = hours
                    .seconds_until_open(now)
                    .map(|s| s + self.policy.offline.first_response_minutes * 60.0);
                for h in waiting {
                    plan.offline
                        .push(self.offline(h, OfflineReason::Closed, expected));
                }
                return plan;
            }
        }
        let mut order: Vec<(f64, &WaitingHandoff)> = waiting
            .iter()
            .map(|h| (self.effective_priority(h, now), h))
            .collect();
        order.sort_by(|(pa, a), (pb, b)| {
            pb.total_cmp(pa)
                .then(a.waiting_since.total_cmp(&b.waiting_since))
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut load: Vec<u32> = agents.iter().map(|a| a.active).collect();
        let free = |i: usize, load: &[u32]| agents[i].can_take_with(load[i], now);
        let deadlines = self.policy.step_deadlines();
        for (_, h) in order {
            match self.stage(h, now, agents) {
                Stage::Owner => {
                    let owner = h.account_owner.as_deref().unwrap_or_default();
                    match (0..agents.len()).find(|&i| agents[i].id == owner && free(i, &load)) {
                        Some(i) => {
                            load[i] += 1;
                            plan.assignments.push(Assignment {
                                handoff_id: h.id.clone(),
                                agent_id: agents[i].id.clone(),
                                step: "account_owner".to_string(),
                            });
                        }
                        None => plan.holds.push(Hold {
                            handoff_id: h.id.clone(),
                            step: "account_owner".to_string(),
                            reroute_at: Some(h.waiting_since + self.policy.vip.owner_hold_seconds),
                        }),
                    }
                }
                Stage::Step(s) => {
                    let step = &self.policy.steps[s];
                    let best = (0..agents.len())
                        .filter(|&i| free(i, &load) && self.meets(step, h, &agents[i]))
                        .min_by(|&i, &j| {
                            let (a, b) = (&agents[i], &agents[j]);
                            let ratio =
                                |k: usize| f64::from(load[k]) / f64::from(agents[k].max_concurrent);
                            b.proficiency(h.skill)
                                .cmp(&a.proficiency(h.skill))
                                .then(ratio(i).total_cmp(&ratio(j)))
                                .then_with(|| a.id.cmp(&b.id))
                        });
                    match best {
                        Some(i) => {
                            load[i] += 1;
                            plan.assignments.push(Assignment {
                                handoff_id: h.id.clone(),
                                agent_id: agents[i].id.clone(),
                                step: step.name.clone(),
                            });
                        }
                        None => plan.holds.push(Hold {
                            handoff_id: h.id.clone(),
                            step: step.name.clone(),
                            reroute_at: deadlines[s].map(|d| h.waiting_since + d),
                        }),
                    }
                }
                Stage::Exhausted => {
                    let expected = self.policy.offline.first_response_minutes * 60.0;
                    plan.offline
                        .push(self.offline(h, OfflineReason::NoAgent, Some(expected)));
                }
            }
        }
        plan
    }

    /// The routing hint the delivery adapters map to helpdesk fields (see
    /// [`HelpdeskMapping`](super::helpdesk::HelpdeskMapping)): the handoff's skill, priority,
    /// VIP flag and language, and the proficiency the first step asks for.
    pub fn hint(&self, h: &WaitingHandoff) -> RoutingHint {
        let min_proficiency = match self.policy.steps.first() {
            Some(step) if step.skill != SkillRequirement::Any => step.min_proficiency,
            _ => 1,
        };
        RoutingHint {
            skill: h.skill,
            priority: h.priority,
            vip: h.vip,
            language: h.language.clone(),
            min_proficiency,
        }
    }

    fn offline(&self, h: &WaitingHandoff, reason: OfflineReason, expected: Option<f64>) -> Offline {
        let words = expected.map_or_else(|| "as soon as we can".to_string(), describe_duration);
        Offline {
            handoff_id: h.id.clone(),
            reason,
            create_ticket: self.policy.offline.create_ticket,
            expected_response_seconds: expected,
            message: self
                .policy
                .offline
                .message
                .replace("{response_time}", &words),
        }
    }
}

/// Whether a step with cumulative deadline `deadline` is still live after `waited` seconds:
/// `None` never expires, `Some(d)` is live while `waited < d`.
fn live(deadline: Option<f64>, waited: f64) -> bool {
    match deadline {
        None => true,
        Some(d) => waited < d,
    }
}

/// A duration in words for customers: "about 45 minutes", "about 14 hours", "about 2 days".
pub fn describe_duration(seconds: f64) -> String {
    let minutes = (seconds / 60.0).round().max(1.0);
    let (n, unit) = if minutes < 90.0 {
        (minutes, "minute")
    } else if minutes < 36.0 * 60.0 {
        ((minutes / 60.0).round(), "hour")
    } else {
        ((minutes / 1440.0).round(), "day")
    };
    let plural = if n == 1.0 { "" } else { "s" };
    format!("about {n} {unit}{plural}")
}
