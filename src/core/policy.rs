//! The policy: one versioned document of weights, thresholds, hysteresis, VIP tiers and extra
//! phrases. Built-in defaults apply when none is given; a bad policy is rejected with the
//! offending field's path and a stable code, never half-applied.

use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode};

/// The policy schema version this engine reads and writes.
pub const POLICY_VERSION: u32 = 1;

/// Weights of the threshold-based triggers. Explicit requests, critical incidents and VIP tiers
/// bypass the threshold and have no weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Weight of frustration.
    pub frustration: f32,
    /// Weight of complexity.
    pub complexity: f32,
    /// Weight of loops.
    pub r#loop: f32,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            frustration: 1.0,
            complexity: 0.8,
            r#loop: 1.0,
        }
    }
}

/// The policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Schema version; must be [`POLICY_VERSION`].
    pub version: u32,
    /// A label for the policy, carried in packages (for example `default@1` or a git hash).
    pub name: String,
    /// Escalate when the combined score reaches this value, in (0, 1].
    pub threshold: f32,
    /// Hysteresis: once escalated on score, stay escalated until the score falls below this
    /// value, in [0, threshold].
    pub release_threshold: f32,
    /// Trigger weights.
    pub weights: Weights,
    /// Customer tiers treated as VIP (matched case-insensitively).
    pub vip_tiers: Vec<String>,
    /// Extra phrases that count as an explicit request for a human, in any language.
    pub explicit_phrases: Vec<String>,
    /// Extra phrases that mark a critical incident.
    pub critical_phrases: Vec<String>,
    /// Routing rules: steps, aging, VIP, business hours, offline path, helpdesk mapping.
    #[serde(default)]
    pub routing: crate::core::routing::RoutingPolicy,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            version: POLICY_VERSION,
            name: "default".to_string(),
            threshold: 0.6,
            release_threshold: 0.45,
            weights: Weights::default(),
            vip_tiers: vec!["enterprise".to_string(), "vip".to_string()],
            explicit_phrases: Vec::new(),
            critical_phrases: Vec::new(),
            routing: crate::core::routing::RoutingPolicy::default(),
        }
    }
}

impl Policy {
    /// Reads a policy from any serde deserializer (JSON text for the CLI, a JS object in the
    /// wasm facade) and validates it. Errors name the field's path.
    pub fn from_deserializer<'de, D>(deserializer: D) -> Result<Policy, Error>
    where
        D: serde::Deserializer<'de>,
    {
        let policy: Policy = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            let err = Error::new(ErrorCode::InvalidPolicy, e.into_inner().to_string());
            if path == "." || path.is_empty() {
                err
            } else {
                err.at(path)
            }
        })?;
        policy.validate()?;
        Ok(policy)
    }

    /// Checks ranges and cross-field rules.
    pub fn validate(&self) -> Result<(), Error> {
        if self.version != POLICY_VERSION {
            return Err(Error::new(
                ErrorCode::UnsupportedPolicyVersion,
                format!(
                    "this engine reads policy version {POLICY_VERSION}, got {}",
                    self.version
                ),
            )
            .at("version"));
        }
        let unit = |v: f32, field: &str| -> Result<(), Error> {
            if v.is_finite() && (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    format!("must be a number from 0 to 1, got {v}"),
                )
                .at(field.to_string()))
            }
        };
        unit(self.threshold, "threshold")?;
        if self.threshold == 0.0 {
            return Err(Error::new(ErrorCode::InvalidPolicy, "must be above 0").at("threshold"));
        }
        unit(self.release_threshold, "release_threshold")?;
        if self.release_threshold > self.threshold {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                "must not exceed threshold, or decisions would flap",
            )
            .at("release_threshold"));
        }
        let weight = |v: f32, field: &str| -> Result<(), Error> {
            if v.is_finite() && (0.0..=10.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    format!("must be a number from 0 to 10, got {v}"),
                )
                .at(format!("weights.{field}")))
            }
        };
        weight(self.weights.frustration, "frustration")?;
        weight(self.weights.complexity, "complexity")?;
        weight(self.weights.r#loop, "loop")?;
        for (list, name) in [
            (&self.vip_tiers, "vip_tiers"),
            (&self.explicit_phrases, "explicit_phrases"),
            (&self.critical_phrases, "critical_phrases"),
        ] {
            for (i, item) in list.iter().enumerate() {
                if item.trim().is_empty() {
                    return Err(Error::new(ErrorCode::InvalidPolicy, "must not be empty")
                        .at(format!("{name}[{i}]")));
                }
            }
        }
        self.routing.validate().map_err(|e| e.at("routing"))?;
        Ok(())
    }

    /// Whether a customer tier is one of the VIP tiers.
    pub fn is_vip_tier(&self, tier: &str) -> bool {
        let tier = tier.trim();
        self.vip_tiers.iter().any(|t| t.eq_ignore_ascii_case(tier))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Policy, Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        Policy::from_deserializer(&mut de)
    }

    #[test]
    fn empty_document_is_the_default() {
        assert_eq!(parse("{}").unwrap(), Policy::default());
    }

    #[test]
    fn bad_field_names_its_path() {
        let err = parse(r#"{"weights": {"frustration": "high"}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_policy");
        assert_eq!(err.field(), Some("weights.frustration"));

        let err = parse(r#"{"weights": {"frustation": 1}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_policy");
        assert!(err.message().contains("frustation"), "{err}");
    }

    #[test]
    fn ranges_and_cross_field_rules() {
        let err = parse(r#"{"threshold": 1.5}"#).unwrap_err();
        assert_eq!(err.field(), Some("threshold"));
        let err = parse(r#"{"threshold": 0.5, "release_threshold": 0.7}"#).unwrap_err();
        assert_eq!(err.field(), Some("release_threshold"));
        let err = parse(r#"{"version": 2}"#).unwrap_err();
        assert_eq!(err.code(), "unsupported_policy_version");
        let err = parse(r#"{"vip_tiers": ["gold", " "]}"#).unwrap_err();
        assert_eq!(err.field(), Some("vip_tiers[1]"));
        let err =
            parse(r#"{"routing": {"steps": [{"name": "a", "min_proficiency": 0}]}}"#).unwrap_err();
        assert_eq!(err.field(), Some("routing.steps[0].min_proficiency"));
        let err = parse(r#"{"routing": {"stpes": []}}"#).unwrap_err();
        assert_eq!(err.field(), Some("routing.stpes"));
    }

    #[test]
    fn vip_tiers_match_case_insensitively() {
        let p = Policy::default();
        assert!(p.is_vip_tier("Enterprise"));
        assert!(!p.is_vip_tier("pro"));
    }
}
