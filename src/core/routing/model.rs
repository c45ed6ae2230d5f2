//! The routing model: agents on the floor and handoffs waiting for one. Plain data handed in
//! by the host (or the relay) at each routing decision; the router never mutates them.

use serde::{Deserialize, Serialize};

use super::hours::WeeklyHours;
use crate::core::decision::{Priority, Skill};
use crate::core::error::{Error, ErrorCode};

/// An agent's proficiency in one skill, from 1 (can help) to 5 (expert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillLevel {
    /// The skill.
    pub skill: Skill,
    /// 1 to 5.
    pub proficiency: u8,
}

/// Whether an agent takes new conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    /// Logged in and taking conversations.
    #[default]
    Available,
    /// Logged in but not taking new conversations (break, meeting). Still counts as present,
    /// so hold windows for their skills are kept.
    Away,
    /// Logged out.
    Offline,
}

/// An agent on the support floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// A stable id (the helpdesk's user id).
    pub id: String,
    /// Skills with proficiency.
    #[serde(default)]
    pub skills: Vec<SkillLevel>,
    /// Languages spoken (matched case-insensitively, for example `en`, `fr`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// The most conversations the agent handles at once (at least 1).
    #[serde(default = "one")]
    pub max_concurrent: u32,
    /// Conversations the agent has now.
    #[serde(default)]
    pub active: u32,
    /// Status.
    #[serde(default)]
    pub status: AgentStatus,
    /// The agent's shift; always on shift when absent.
    #[serde(default)]
    pub schedule: Option<WeeklyHours>,
}

fn one() -> u32 {
    1
}

impl Agent {
    /// An available agent with no skills, no languages and one slot.
    pub fn new(id: impl Into<String>) -> Agent {
        Agent {
            id: id.into(),
            skills: Vec::new(),
            languages: Vec::new(),
            max_concurrent: 1,
            active: 0,
            status: AgentStatus::Available,
            schedule: None,
        }
    }

    /// Adds a skill (builder style, for hosts and tests).
    pub fn skill(mut self, skill: Skill, proficiency: u8) -> Agent {
        self.skills.push(SkillLevel { skill, proficiency });
        self
    }

    /// Adds a language.
    pub fn language(mut self, language: &str) -> Agent {
        self.languages.push(language.to_string());
        self
    }

    /// Sets the concurrency cap.
    pub fn capacity(mut self, max_concurrent: u32) -> Agent {
        self.max_concurrent = max_concurrent;
        self
    }

    /// The agent's proficiency in `skill`, 0 when they do not have it.
    pub fn proficiency(&self, skill: Skill) -> u8 {
        self.skills
            .iter()
            .filter(|s| s.skill == skill)
            .map(|s| s.proficiency)
            .max()
            .unwrap_or(0)
    }

    /// Whether the agent speaks `language` (case-insensitive).
    pub fn speaks(&self, language: &str) -> bool {
        let language = language.trim();
        self.languages
            .iter()
            .any(|l| l.trim().eq_ignore_ascii_case(language))
    }

    /// Logged in (available or away) and on shift at `now` (Unix seconds).
    pub fn is_present(&self, now: f64) -> bool {
        let on_shift = match &self.schedule {
            None => true,
            Some(schedule) => schedule.is_open(now),
        };
        self.status != AgentStatus::Offline && on_shift
    }

    /// Present, available and below the concurrency cap.
    pub fn can_take(&self, now: f64) -> bool {
        self.can_take_with(self.active, now)
    }

    /// Like [`Agent::can_take`], with `active` conversations instead of the agent's own count
    /// (the router's running count within one call).
    pub fn can_take_with(&self, active: u32, now: f64) -> bool {
        self.status == AgentStatus::Available
            && active < self.max_concurrent
            && self.is_present(now)
    }

    /// Checks proficiencies, capacity and schedule.
    pub fn validate(&self) -> Result<(), Error> {
        if self.id.trim().is_empty() {
            return Err(Error::new(ErrorCode::InvalidValue, "must not be empty").at("id"));
        }
        for (i, s) in self.skills.iter().enumerate() {
            if !(1..=5).contains(&s.proficiency) {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    format!("must be from 1 to 5, got {}", s.proficiency),
                )
                .at(format!("skills[{i}].proficiency")));
            }
        }
        if self.max_concurrent == 0 {
            return Err(
                Error::new(ErrorCode::InvalidValue, "must be at least 1").at("max_concurrent")
            );
        }
        if let Some(schedule) = &self.schedule {
            schedule.validate().map_err(|e| e.at("schedule"))?;
        }
        Ok(())
    }
}

/// A handoff waiting for an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitingHandoff {
    /// The handoff's (or conversation's) id.
    pub id: String,
    /// The team the engine chose.
    pub skill: Skill,
    /// The engine's priority.
    #[serde(default = "normal")]
    pub priority: Priority,
    /// The customer's language, when known.
    #[serde(default)]
    pub language: Option<String>,
    /// Whether the customer is VIP.
    #[serde(default)]
    pub vip: bool,
    /// The id of the VIP customer's account owner, who gets the handoff first.
    #[serde(default)]
    pub account_owner: Option<String>,
    /// When the handoff started waiting (Unix seconds).
    pub waiting_since: f64,
}

fn normal() -> Priority {
    Priority::Normal
}

impl WaitingHandoff {
    /// A normal-priority handoff without language or VIP owner.
    pub fn new(id: impl Into<String>, skill: Skill, waiting_since: f64) -> WaitingHandoff {
        WaitingHandoff {
            id: id.into(),
            skill,
            priority: Priority::Normal,
            language: None,
            vip: false,
            account_owner: None,
            waiting_since,
        }
    }

    /// Checks the time.
    pub fn validate(&self) -> Result<(), Error> {
        if !self.waiting_since.is_finite() {
            return Err(
                Error::new(ErrorCode::InvalidValue, "must be a finite time").at("waiting_since")
            );
        }
        Ok(())
    }
}

/// The rank of a priority: 0 for low to 3 for urgent.
pub fn priority_rank(p: Priority) -> f64 {
    match p {
        Priority::Low => 0.0,
        Priority::Normal => 1.0,
        Priority::High => 2.0,
        Priority::Urgent => 3.0,
    }
}
