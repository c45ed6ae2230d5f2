//! A support floor for the simulator: groups of agents with skills and capacities, the mix of
//! skills among arriving handoffs, and the routing steps used by the skills-first strategy
//! (the same [`RoutingStep`]s as the policy's `routing.steps`, expiries in seconds). Read from
//! the CLI's `--floor` JSON file, or built uniformly from `--agents N`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::decision::Skill;
use crate::core::error::{Error, ErrorCode};
use crate::core::routing::steps::{RoutingPolicy, RoutingStep};

/// A group of identical agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentGroup {
    /// A label for the group.
    #[serde(default)]
    pub name: Option<String>,
    /// How many agents (at least 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Skills with proficiency 1 to 5.
    #[serde(default)]
    pub skills: BTreeMap<Skill, u8>,
    /// Conversations each agent handles at once (at least 1).
    #[serde(default = "one")]
    pub capacity: u32,
}

fn one() -> u32 {
    1
}

/// The floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    /// The agent groups.
    pub agents: Vec<AgentGroup>,
    /// Relative weights of the skills handoffs arrive with; all `general` when empty.
    #[serde(default)]
    pub mix: BTreeMap<Skill, f64>,
    /// Routing steps for the skills-first strategy; the policy's defaults when absent.
    #[serde(default)]
    pub steps: Option<Vec<RoutingStep>>,
}

/// The most agents a floor may have, to keep a typo from allocating gigabytes.
pub const MAX_AGENTS: u32 = 100_000;

impl Floor {
    /// `n` agents with `general` at proficiency 3 and `capacity` slots each, all handoffs
    /// `general`, default steps.
    pub fn uniform(n: u32, capacity: u32) -> Floor {
        Floor {
            agents: vec![AgentGroup {
                name: Some("agents".to_string()),
                count: n,
                skills: BTreeMap::from([(Skill::General, 3)]),
                capacity,
            }],
            mix: BTreeMap::new(),
            steps: None,
        }
    }

    /// The routing steps in force.
    pub fn steps(&self) -> Vec<RoutingStep> {
        self.steps
            .clone()
            .unwrap_or_else(|| RoutingPolicy::default().steps)
    }

    /// The mix as weights per skill, in `Skill::ALL` order, summing to 1.
    pub fn mix_weights(&self) -> [f64; 6] {
        let mut w = [0.0; 6];
        if self.mix.is_empty() {
            w[5] = 1.0;
            return w;
        }
        for (i, s) in Skill::ALL.iter().enumerate() {
            w[i] = self.mix.get(s).copied().unwrap_or(0.0);
        }
        let total: f64 = w.iter().sum();
        w.iter_mut().for_each(|x| *x /= total);
        w
    }

    /// Checks counts, capacities, proficiencies, the mix and the steps.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |m: String, f: String| Error::new(ErrorCode::InvalidValue, m).at(f);
        if self.agents.is_empty() {
            return Err(bad(
                "needs at least one agent group".into(),
                "agents".into(),
            ));
        }
        let mut total = 0u32;
        for (i, g) in self.agents.iter().enumerate() {
            if g.count == 0 {
                return Err(bad(
                    "must be at least 1".into(),
                    format!("agents[{i}].count"),
                ));
            }
            if g.capacity == 0 {
                return Err(bad(
                    "must be at least 1".into(),
                    format!("agents[{i}].capacity"),
                ));
            }
            for (skill, &p) in &g.skills {
                if !(1..=5).contains(&p) {
                    return Err(bad(
                        format!("must be from 1 to 5, got {p}"),
                        format!("agents[{i}].skills.{}", skill.as_str()),
                    ));
                }
            }
            total = total.saturating_add(g.count);
        }
        if total > MAX_AGENTS {
            return Err(bad(
                format!("at most {MAX_AGENTS} agents in all, got {total}"),
                "agents".into(),
            ));
        }
        for (skill, &w) in &self.mix {
            if !(w.is_finite() && w >= 0.0) {
                return Err(bad(
                    format!("must be a weight of at least 0, got {w}"),
                    format!("mix.{}", skill.as_str()),
                ));
            }
        }
        if !self.mix.is_empty() && self.mix.values().sum::<f64>() <= 0.0 {
            return Err(bad("needs a positive weight".into(), "mix".into()));
        }
        if let Some(steps) = &self.steps {
            let policy = RoutingPolicy {
                steps: steps.clone(),
                ..RoutingPolicy::default()
            };
            policy.validate().map_err(|e| {
                Error::new(ErrorCode::InvalidValue, e.message()).at(e.field().unwrap_or("steps"))
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates_a_floor() {
        let json = r#"{
            "agents": [
                {"name": "billing", "count": 3, "skills": {"billing": 5, "account": 2}, "capacity": 2},
                {"count": 2, "skills": {"technical": 4}}
            ],
            "mix": {"billing": 3, "technical": 1},
            "steps": [
                {"name": "expert", "min_proficiency": 4, "expires_after_seconds": 60},
                {"name": "anyone", "skill": "any"}
            ]
        }"#;
        let f: Floor = serde_json::from_str(json).unwrap();
        f.validate().unwrap();
        assert_eq!(f.mix_weights()[0], 0.75);
        assert_eq!(f.agents[1].capacity, 1);
        assert_eq!(f.steps().len(), 2);
    }

    #[test]
    fn bad_floors_name_the_field() {
        let cases = [
            (r#"{"agents": []}"#, "agents"),
            (r#"{"agents": [{"count": 0}]}"#, "agents[0].count"),
            (
                r#"{"agents": [{"skills": {"billing": 9}}]}"#,
                "agents[0].skills.billing",
            ),
            (r#"{"agents": [{}], "mix": {"billing": -1}}"#, "mix.billing"),
            (r#"{"agents": [{}], "mix": {"billing": 0}}"#, "mix"),
            (
                r#"{"agents": [{}], "steps": [{"name": "a"}, {"name": "b"}]}"#,
                "steps[0].expires_after_seconds",
            ),
        ];
        for (json, field) in cases {
            let f: Floor = serde_json::from_str(json).unwrap();
            let err = f.validate().unwrap_err();
            assert_eq!(err.field(), Some(field), "{json}: {err}");
        }
    }
}
