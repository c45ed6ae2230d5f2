//! Routing rules as they appear in the policy document (`routing` section): ordered steps with
//! requirements and expiries, aging, VIP owner-first, business hours with an offline path, and
//! the helpdesk mapping. Decoded by hand (`json_de::FromJson`: unknown fields rejected, absent
//! ones defaulted), then checked by [`RoutingPolicy::validate`], whose errors carry the field's
//! path (`routing.steps[1].…`).

use serde::Serialize;

use super::helpdesk::HelpdeskMapping;
use super::hours::WeeklyHours;
use crate::core::decision::Skill;
use crate::core::error::{Error, ErrorCode};
use crate::core::json::f32_text;
use crate::core::json_de::{struct_from_json, DeError, FromJson, Value};

/// Which skill a step asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillRequirement {
    /// The handoff's own skill (`"handoff"` in the document).
    Handoff,
    /// A fixed skill, whatever the handoff's (for example an overflow team).
    Fixed(Skill),
    /// No skill requirement (`"any"`).
    Any,
}

impl SkillRequirement {
    /// The skill required for a handoff of skill `skill`, `None` for any.
    pub fn resolve(self, skill: Skill) -> Option<Skill> {
        match self {
            SkillRequirement::Handoff => Some(skill),
            SkillRequirement::Fixed(s) => Some(s),
            SkillRequirement::Any => None,
        }
    }
}

impl Serialize for SkillRequirement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            SkillRequirement::Handoff => "handoff",
            SkillRequirement::Any => "any",
            SkillRequirement::Fixed(skill) => skill.as_str(),
        })
    }
}

impl FromJson for SkillRequirement {
    fn from_json(value: Value) -> Result<Self, DeError> {
        let s = String::from_json(value)?;
        match s.as_str() {
            "handoff" => Ok(SkillRequirement::Handoff),
            "any" => Ok(SkillRequirement::Any),
            other => Skill::parse(other)
                .map(SkillRequirement::Fixed)
                .ok_or_else(|| {
                    DeError::new(format!(
                        "unknown skill {}: expected \"handoff\", \"any\" or one of billing, \
                     technical, account, security, sales, general",
                        crate::core::error::Quoted(other)
                    ))
                }),
        }
    }
}

/// One routing step: who may take the handoff, and for how long the step holds out for them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingStep {
    /// A label reported with assignments (for example `billing_specialist`). Required.
    pub name: String,
    /// The skill required (`handoff` when absent).
    pub skill: SkillRequirement,
    /// The least proficiency in that skill, 1 to 5 (ignored when `skill` is `any`; 1 when
    /// absent).
    pub min_proficiency: u8,
    /// Require an agent who speaks the customer's language (when the handoff has one).
    pub same_language: bool,
    /// How long this step holds before relaxing to the next, in seconds after the previous
    /// step expired. Only the last step may omit it (it then waits indefinitely); when the last
    /// step expires too, the handoff takes the offline path.
    pub expires_after_seconds: Option<f64>,
}

impl RoutingStep {
    /// A step with the given requirement and expiry.
    pub fn new(
        name: &str,
        skill: SkillRequirement,
        min_proficiency: u8,
        expires_after_seconds: Option<f64>,
    ) -> RoutingStep {
        RoutingStep {
            name: name.to_string(),
            skill,
            min_proficiency,
            same_language: false,
            expires_after_seconds,
        }
    }
}

/// Priority aging: how quickly waiting raises a handoff's effective priority, so that no
/// handoff starves behind a stream of more urgent ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aging {
    /// Seconds of waiting worth one priority level (low to normal, normal to high, …).
    pub seconds_per_level: f64,
}

impl Default for Aging {
    fn default() -> Aging {
        Aging {
            seconds_per_level: 120.0,
        }
    }
}

/// VIP handling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VipRouting {
    /// Offer a VIP handoff to its account owner first.
    pub owner_first: bool,
    /// How long to hold for a present but busy owner before the normal steps, in seconds.
    pub owner_hold_seconds: f64,
    /// Priority levels added to VIP handoffs.
    pub priority_boost: f64,
}

impl Default for VipRouting {
    fn default() -> VipRouting {
        VipRouting {
            owner_first: true,
            owner_hold_seconds: 120.0,
            priority_boost: 1.0,
        }
    }
}

/// What happens outside business hours (or when nobody can take the handoff at all).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfflinePath {
    /// Create a ticket in the helpdesk.
    pub create_ticket: bool,
    /// The message to the customer; `{response_time}` is replaced by the expected response
    /// time in words (for example "about 14 hours").
    pub message: String,
    /// Added to the time until opening: how long the first reply takes once open, in minutes.
    pub first_response_minutes: f64,
}

impl Default for OfflinePath {
    fn default() -> OfflinePath {
        OfflinePath {
            create_ticket: true,
            message: "Our team is offline right now. We have created a ticket and will reply \
                      within {response_time}."
                .to_string(),
            first_response_minutes: 60.0,
        }
    }
}

/// The `routing` section of the policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingPolicy {
    /// The ordered steps; at least one.
    pub steps: Vec<RoutingStep>,
    /// Priority aging.
    pub aging: Aging,
    /// VIP handling.
    pub vip: VipRouting,
    /// Business hours; always open when absent.
    pub business_hours: Option<WeeklyHours>,
    /// The offline path.
    pub offline: OfflinePath,
    /// Routing hints for the helpdesks.
    pub helpdesk: HelpdeskMapping,
}

impl Default for RoutingPolicy {
    /// Hold 60 s for a specialist (proficiency 4+) speaking the customer's language, then 120 s
    /// for anyone with the skill and language, then take any available agent.
    fn default() -> RoutingPolicy {
        let mut specialist =
            RoutingStep::new("specialist", SkillRequirement::Handoff, 4, Some(60.0));
        specialist.same_language = true;
        let mut skilled = RoutingStep::new("skilled", SkillRequirement::Handoff, 1, Some(120.0));
        skilled.same_language = true;
        RoutingPolicy {
            steps: vec![
                specialist,
                skilled,
                RoutingStep::new("anyone", SkillRequirement::Any, 1, None),
            ],
            aging: Aging::default(),
            vip: VipRouting::default(),
            business_hours: None,
            offline: OfflinePath::default(),
            helpdesk: HelpdeskMapping::default(),
        }
    }
}

// The decoders of the `routing` section: unknown fields are rejected; every field but a
// step's `name` is optional (the default's value when absent).

struct_from_json! {
    RoutingStep as "struct RoutingStep",
    start: RoutingStep::new("", SkillRequirement::Handoff, 1, None),
    required: 0b1, deny_unknown: true,
    {
        "name" => name,
        "skill" => skill,
        "min_proficiency" => min_proficiency,
        "same_language" => same_language,
        "expires_after_seconds" => expires_after_seconds,
    }
}

/// serde reads a step (in the simulator's floor files) through the same decoder.
impl<'de> serde::Deserialize<'de> for RoutingStep {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RoutingStep, D::Error> {
        crate::core::json_de::deserialize_via(d)
    }
}

struct_from_json! {
    Aging as "struct Aging",
    start: Aging::default(),
    required: 0, deny_unknown: true,
    { "seconds_per_level" => seconds_per_level }
}

struct_from_json! {
    VipRouting as "struct VipRouting",
    start: VipRouting::default(),
    required: 0, deny_unknown: true,
    {
        "owner_first" => owner_first,
        "owner_hold_seconds" => owner_hold_seconds,
        "priority_boost" => priority_boost,
    }
}

struct_from_json! {
    OfflinePath as "struct OfflinePath",
    start: OfflinePath::default(),
    required: 0, deny_unknown: true,
    {
        "create_ticket" => create_ticket,
        "message" => message,
        "first_response_minutes" => first_response_minutes,
    }
}

struct_from_json! {
    RoutingPolicy as "struct RoutingPolicy",
    start: RoutingPolicy::default(),
    required: 0, deny_unknown: true,
    {
        "steps" => steps,
        "aging" => aging,
        "vip" => vip,
        "business_hours" => business_hours,
        "offline" => offline,
        "helpdesk" => helpdesk,
    }
}

fn invalid(message: impl Into<String>, field: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidPolicy, message).at(field)
}

/// A number for a message, through the JSON writer's small `f32` formatting (Rust's float
/// `Display` would add some 20 KB to the shipped wasm, which validates policies too): exact for
/// the short decimals a policy holds.
fn number(v: f64) -> String {
    f32_text(v as f32)
}

fn non_negative(v: f64, field: &str) -> Result<(), Error> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(invalid(
            format!("must be a finite number of at least 0, got {}", number(v)),
            field,
        ))
    }
}

impl RoutingPolicy {
    /// Checks every rule; the error's field is relative to this section (the policy prefixes
    /// `routing.`).
    pub fn validate(&self) -> Result<(), Error> {
        if self.steps.is_empty() {
            return Err(invalid("needs at least one step", "steps"));
        }
        let last = self.steps.len() - 1;
        for (i, step) in self.steps.iter().enumerate() {
            let at = |f: &str| format!("steps[{i}].{f}");
            if step.name.trim().is_empty() {
                return Err(invalid("must not be empty", at("name")));
            }
            if let Some(j) = self.steps[..i].iter().position(|s| s.name == step.name) {
                return Err(invalid(
                    format!("duplicates the name of steps[{j}]"),
                    at("name"),
                ));
            }
            if !(1..=5).contains(&step.min_proficiency) {
                return Err(invalid(
                    // As u32, whose formatting the wasm links anyway (not u8's as well).
                    format!(
                        "must be from 1 to 5, got {}",
                        u32::from(step.min_proficiency)
                    ),
                    at("min_proficiency"),
                ));
            }
            match step.expires_after_seconds {
                Some(v) if !(v.is_finite() && v > 0.0) => {
                    return Err(invalid(
                        format!("must be a number of seconds above 0, got {}", number(v)),
                        at("expires_after_seconds"),
                    ))
                }
                None if i != last => {
                    return Err(invalid(
                        "only the last step may wait indefinitely; give this step an expiry",
                        at("expires_after_seconds"),
                    ))
                }
                _ => {}
            }
        }
        let aging = self.aging.seconds_per_level;
        if !(aging.is_finite() && aging > 0.0) {
            return Err(invalid(
                format!(
                    "must be a number of seconds above 0 (aging keeps handoffs from starving), got {}",
                    number(aging)
                ),
                "aging.seconds_per_level",
            ));
        }
        non_negative(self.vip.owner_hold_seconds, "vip.owner_hold_seconds")?;
        non_negative(self.vip.priority_boost, "vip.priority_boost")?;
        non_negative(
            self.offline.first_response_minutes,
            "offline.first_response_minutes",
        )?;
        if let Some(hours) = &self.business_hours {
            hours.validate().map_err(|e| e.at("business_hours"))?;
        }
        self.helpdesk.validate().map_err(|e| e.at("helpdesk"))?;
        Ok(())
    }

    /// When each step expires, in seconds after the handoff started waiting (`None` for a
    /// last step without expiry).
    pub fn step_deadlines(&self) -> Vec<Option<f64>> {
        let mut total = 0.0;
        self.steps
            .iter()
            .map(|s| {
                s.expires_after_seconds.map(|e| {
                    total += e;
                    total
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<RoutingPolicy, Error> {
        let p: RoutingPolicy = crate::core::json_de::decode(json, ErrorCode::InvalidPolicy)?;
        p.validate()?;
        Ok(p)
    }

    #[test]
    fn default_is_valid_and_round_trips() {
        let p = RoutingPolicy::default();
        p.validate().unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(parse(&json).unwrap(), p);
        assert_eq!(parse("{}").unwrap(), p);
        assert_eq!(p.step_deadlines(), vec![Some(60.0), Some(180.0), None]);
    }

    #[test]
    fn steps_parse_from_the_document() {
        let p = parse(
            r#"{"steps": [
                {"name": "billing_expert", "skill": "billing", "min_proficiency": 4,
                 "expires_after_seconds": 60},
                {"name": "billing_any", "skill": "billing", "expires_after_seconds": 30},
                {"name": "anyone", "skill": "any"}]}"#,
        )
        .unwrap();
        assert_eq!(p.steps[0].skill, SkillRequirement::Fixed(Skill::Billing));
        assert_eq!(p.steps[1].min_proficiency, 1);
        assert_eq!(p.steps[2].skill, SkillRequirement::Any);
        assert_eq!(p.step_deadlines(), vec![Some(60.0), Some(90.0), None]);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"steps": []}"#, "steps"),
            (
                r#"{"steps": [{"name": "a", "min_proficiency": 6}]}"#,
                "steps[0].min_proficiency",
            ),
            (
                r#"{"steps": [{"name": "a"}, {"name": "b"}]}"#,
                "steps[0].expires_after_seconds",
            ),
            (
                r#"{"steps": [{"name": "a", "expires_after_seconds": -5}]}"#,
                "steps[0].expires_after_seconds",
            ),
            (
                r#"{"steps": [{"name": "a", "expires_after_seconds": 5}, {"name": "a"}]}"#,
                "steps[1].name",
            ),
            (
                r#"{"steps": [{"name": "a", "skill": "plumbing"}]}"#,
                "steps[0].skill",
            ),
            (r#"{"steps": [{"name": "a", "hold": 3}]}"#, "steps[0].hold"),
            (
                r#"{"aging": {"seconds_per_level": 0}}"#,
                "aging.seconds_per_level",
            ),
            (
                r#"{"vip": {"owner_hold_seconds": -1}}"#,
                "vip.owner_hold_seconds",
            ),
            (
                r#"{"business_hours": {"windows": [{"days": ["mon"], "open": "9:00", "close": "17:00"}]}}"#,
                "business_hours.windows[0].open",
            ),
        ];
        for (json, field) in cases {
            let err = parse(json).unwrap_err();
            assert_eq!(err.code(), "invalid_policy", "{json}");
            assert_eq!(err.field(), Some(field), "{json}: {err}");
        }
        let err = parse(r#"{"steps": [{"name": "a", "skill": "plumbing"}]}"#).unwrap_err();
        assert!(err.message().contains("plumbing"), "{err}");
    }
}
