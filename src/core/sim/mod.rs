//! A discrete-event simulator of a support floor, to size teams and compare routing
//! strategies. Arrivals are Poisson (or replayed from a log), handle times exponential or
//! lognormal, patience exponential (abandonment); agents have skills and capacities; the
//! strategies are round robin, least loaded and skills-first with hold windows (the policy's
//! routing steps). Pure and deterministic: its own seeded PRNG ([`rng`]), a binary-heap event
//! queue ([`events`]), no clock; the caller passes a progress callback if it wants one.
//!
//! Measurement: a conversation's wait ends when an agent takes it or the customer abandons,
//! so `mean_wait` is over all conversations (Erlang A's convention, see
//! `core::routing::erlang`). The first [`SimConfig::warmup`] conversations (2% by default for
//! Poisson arrivals) are left out of every statistic, since the floor starts empty.

pub mod events;
pub mod floor;
pub mod rng;
mod run;
pub mod stats;
pub mod svg;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::core::decision::Skill;
use crate::core::error::{Error, ErrorCode};
use crate::core::routing::erlang;

pub use floor::{AgentGroup, Floor};
pub use run::run;

/// The most conversations one run may simulate (memory grows by about 20 bytes each).
pub const MAX_CONVERSATIONS: usize = 20_000_000;

/// How handoffs arrive.
#[derive(Debug, Clone, PartialEq)]
pub enum Arrivals {
    /// A Poisson process of `rate` per minute; skills drawn from the floor's mix.
    Poisson {
        /// Arrivals per minute.
        rate: f64,
    },
    /// Replayed arrivals, sorted by time.
    Replay(Vec<ReplayArrival>),
}

/// One replayed arrival.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayArrival {
    /// Minutes since the start of the log.
    pub at: f64,
    /// The handoff's skill.
    pub skill: Skill,
    /// The recorded handle time in minutes; drawn from the handle distribution when absent.
    pub handle: Option<f64>,
}

/// The distribution of handle times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HandleTime {
    /// Exponential with this mean (minutes).
    Exponential {
        /// Mean, minutes.
        mean: f64,
    },
    /// Lognormal with this mean (minutes) and coefficient of variation.
    Lognormal {
        /// Mean, minutes.
        mean: f64,
        /// Standard deviation over mean.
        cv: f64,
    },
}

/// The routing strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Agents in turn, skipping full ones; skills ignored.
    RoundRobin,
    /// The agent with the lowest load over capacity; skills ignored.
    LeastLoaded,
    /// The floor's routing steps: hold for the required skill and proficiency until each step
    /// expires, then relax; the most proficient eligible agent wins, then the least loaded.
    SkillsFirst,
}

impl Strategy {
    /// Parses `round-robin`, `least-loaded` or `skills-first` (underscores accepted).
    pub fn parse(s: &str) -> Option<Strategy> {
        match s.replace('_', "-").as_str() {
            "round-robin" | "rr" => Some(Strategy::RoundRobin),
            "least-loaded" => Some(Strategy::LeastLoaded),
            "skills-first" => Some(Strategy::SkillsFirst),
            _ => None,
        }
    }
}

/// Everything a run needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Agents, skill mix and routing steps.
    pub floor: Floor,
    /// Arrival process.
    pub arrivals: Arrivals,
    /// Handle times.
    pub handle: HandleTime,
    /// Mean patience in minutes (exponential); no abandonment when `None`.
    pub patience: Option<f64>,
    /// Routing strategy.
    pub strategy: Strategy,
    /// Conversations to simulate (for replay, at most the log's length is used).
    pub conversations: usize,
    /// Conversations at the start left out of the statistics.
    pub warmup: usize,
    /// The seed; the same seed gives the same run.
    pub seed: u64,
    /// Bins of the waiting-time timeline.
    pub timeline_bins: usize,
}

impl SimConfig {
    /// A Poisson run on a uniform floor, as `handoff simulate --agents N …` builds it.
    pub fn poisson(
        agents: u32,
        rate: f64,
        mean_handle: f64,
        conversations: usize,
        seed: u64,
    ) -> SimConfig {
        SimConfig {
            floor: Floor::uniform(agents, 1),
            arrivals: Arrivals::Poisson { rate },
            handle: HandleTime::Exponential { mean: mean_handle },
            patience: None,
            strategy: Strategy::SkillsFirst,
            conversations,
            warmup: conversations / 50,
            seed,
            timeline_bins: 200,
        }
    }

    /// The number of conversations the run will simulate.
    pub fn total(&self) -> usize {
        match &self.arrivals {
            Arrivals::Poisson { .. } => self.conversations,
            Arrivals::Replay(log) => self.conversations.min(log.len()),
        }
    }

    /// Checks every input; errors carry a field name matching the CLI's flags.
    pub fn validate(&self) -> Result<(), Error> {
        let bad =
            |m: String, f: &str| Err(Error::new(ErrorCode::InvalidValue, m).at(f.to_string()));
        let positive = |x: f64| x.is_finite() && x > 0.0;
        self.floor.validate().map_err(|e| e.at("floor"))?;
        match &self.arrivals {
            Arrivals::Poisson { rate } if !positive(*rate) => {
                return bad(
                    format!("must be a rate above 0 per minute, got {rate}"),
                    "arrival_rate",
                )
            }
            Arrivals::Replay(log) => {
                if log.is_empty() {
                    return bad("the log has no arrivals".into(), "replay");
                }
                for (i, a) in log.iter().enumerate() {
                    if !(a.at.is_finite() && a.at >= 0.0) {
                        return bad(
                            format!("must be a time of at least 0, got {}", a.at),
                            &format!("replay[{i}].at"),
                        );
                    }
                    if i > 0 && a.at < log[i - 1].at {
                        return bad(
                            "arrivals must be sorted by time".into(),
                            &format!("replay[{i}].at"),
                        );
                    }
                    if let Some(h) = a.handle {
                        if !positive(h) {
                            return bad(
                                format!("must be above 0, got {h}"),
                                &format!("replay[{i}].handle"),
                            );
                        }
                    }
                }
            }
            Arrivals::Poisson { .. } => {}
        }
        let (mean, cv) = match self.handle {
            HandleTime::Exponential { mean } => (mean, 1.0),
            HandleTime::Lognormal { mean, cv } => (mean, cv),
        };
        if !positive(mean) {
            return bad(
                format!("must be a time above 0 minutes, got {mean}"),
                "mean_handle",
            );
        }
        if !positive(cv) {
            return bad(format!("must be above 0, got {cv}"), "handle_cv");
        }
        if let Some(p) = self.patience {
            if !positive(p) {
                return bad(
                    format!("must be a time above 0 minutes, got {p}"),
                    "patience",
                );
            }
        }
        if self.conversations == 0 || self.conversations > MAX_CONVERSATIONS {
            return bad(
                format!(
                    "must be from 1 to {MAX_CONVERSATIONS}, got {}",
                    self.conversations
                ),
                "conversations",
            );
        }
        if self.warmup >= self.total() {
            return bad("must leave some conversations to measure".into(), "warmup");
        }
        Ok(())
    }

    /// What queueing theory predicts for this run, when a formula applies: Poisson arrivals,
    /// exponential handle times, one skill among arrivals, and a strategy that never leaves a
    /// waiting customer next to a free agent (any strategy when every step the customers go
    /// through admits all agents or none). Erlang A with patience, Erlang C without.
    pub fn theory(&self) -> Option<Theory> {
        let Arrivals::Poisson { rate } = self.arrivals else {
            return None;
        };
        let HandleTime::Exponential { mean } = self.handle else {
            return None;
        };
        let weights = self.floor.mix_weights();
        let skills: Vec<usize> = (0..6).filter(|&i| weights[i] > 0.0).collect();
        let [skill] = skills[..] else {
            return None;
        };
        if self.strategy == Strategy::SkillsFirst {
            let skill = Skill::ALL[skill];
            for step in self.floor.steps() {
                let admits = |g: &AgentGroup| match step.skill.resolve(skill) {
                    None => true,
                    Some(s) => g.skills.get(&s).copied().unwrap_or(0) >= step.min_proficiency,
                };
                let n = self.floor.agents.iter().filter(|g| admits(g)).count();
                if n != 0 && n != self.floor.agents.len() {
                    return None;
                }
            }
        }
        let servers: u32 = self.floor.agents.iter().map(|g| g.count * g.capacity).sum();
        match self.patience {
            None => {
                let c = erlang::erlang_c_wait(servers, rate, mean)?;
                Some(Theory {
                    model: "erlang_c",
                    servers,
                    p_wait: c.p_wait,
                    mean_wait: c.mean_wait,
                    abandonment_rate: 0.0,
                    utilisation: c.utilisation,
                })
            }
            Some(p) => {
                let a = erlang::erlang_a(servers, rate, mean, p)?;
                Some(Theory {
                    model: "erlang_a",
                    servers,
                    p_wait: a.p_wait,
                    mean_wait: a.mean_wait,
                    abandonment_rate: a.abandonment_rate,
                    utilisation: a.utilisation,
                })
            }
        }
    }
}

/// A formula's prediction for a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theory {
    /// `erlang_c` or `erlang_a`.
    pub model: &'static str,
    /// Servers: agents times capacity.
    pub servers: u32,
    /// Probability of waiting.
    pub p_wait: f64,
    /// Mean wait over all conversations, minutes.
    pub mean_wait: f64,
    /// Fraction abandoning.
    pub abandonment_rate: f64,
    /// Utilisation.
    pub utilisation: f64,
}

/// The result of a run. Times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimReport {
    /// Conversations simulated.
    pub conversations: usize,
    /// Conversations measured (after warm-up).
    pub measured: usize,
    /// The strategy.
    pub strategy: Strategy,
    /// Mean wait (until an agent took it, or until the customer abandoned).
    pub mean_wait: f64,
    /// The 99% confidence interval of `mean_wait` by batch means (20 batches).
    pub mean_wait_ci99: [f64; 2],
    /// Median wait.
    pub p50_wait: f64,
    /// 90th percentile wait.
    pub p90_wait: f64,
    /// Fraction of conversations whose customer abandoned before an agent took them.
    pub abandonment_rate: f64,
    /// Fraction of conversations that took the offline path (every routing step expired).
    pub offline_rate: f64,
    /// Fraction of served conversations whose agent has the conversation's skill.
    pub skill_match_rate: f64,
    /// Busy agent slots over all slots, time-averaged over the measured period.
    pub utilisation: f64,
    /// Simulated minutes from the first to the last arrival.
    pub simulated_minutes: f64,
    /// Mean wait per bin of arrival time, for the chart; not part of the JSON output.
    #[serde(skip)]
    pub timeline: Vec<(f64, f64)>,
}
