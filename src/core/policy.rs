//! The policy: one versioned document of weights, thresholds, hysteresis, VIP tiers, phrase
//! lists per language (explicit requests, critical incidents) and extra keywords per skill.
//! Built-in defaults apply when none is given; a bad policy is rejected with the offending
//! field's path and a stable code, never half-applied. The engine compiles the lists once, in
//! `Engine::new`.

use crate::core::sorted_map::SortedMap;

use serde::Serialize;

use super::decision::Skill;
use super::error::{Error, ErrorCode};
use super::json::f32_text;
use super::json_de::struct_from_json;

/// The policy schema version this engine reads and writes.
pub const POLICY_VERSION: u32 = 1;

/// Weights of the threshold-based triggers. Explicit requests, critical incidents and VIP tiers
/// bypass the threshold and have no weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
            complexity: 1.0,
            r#loop: 1.0,
        }
    }
}

/// The policy document.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub routing: crate::core::routing::RoutingPolicy,
    /// What to redact before anything leaves the page: kinds on or off, extra patterns.
    pub redaction: crate::core::redact::RedactionPolicy,
    /// Extra phrases per language (`en`, `es`, `pt-BR`, ...), added to the lists above.
    pub languages: SortedMap<String, LanguagePhrases>,
    /// Extra keywords per skill (`billing`, `technical`, `account`, `security`, `sales`),
    /// added to the built-in tables that route a handoff and name a text's topics.
    pub skills: SortedMap<Skill, Vec<String>>,
    /// Customer messages the bot gets before frustration, complexity and loops may hand off:
    /// at the first `patience` customer messages the combined score counts for half.
    pub patience: u32,
}

/// Phrase lists of one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LanguagePhrases {
    /// Phrases that ask for a human.
    pub explicit: Vec<String>,
    /// Phrases that mark a critical incident.
    pub critical: Vec<String>,
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
            redaction: crate::core::redact::RedactionPolicy::default(),
            languages: SortedMap::new(),
            skills: SortedMap::new(),
            patience: 1,
        }
    }
}

impl Policy {
    /// Reads a policy from JSON text (a file for the CLI, `JSON.stringify` of a JS object in the
    /// wasm facade) and validates it. Errors name the field's path.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        let policy: Policy = super::json_de::decode(text, ErrorCode::InvalidPolicy)?;
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
        in_range(self.threshold, 1.0, "threshold")?;
        if self.threshold == 0.0 {
            return Err(Error::new(ErrorCode::InvalidPolicy, "must be above 0").at("threshold"));
        }
        in_range(self.release_threshold, 1.0, "release_threshold")?;
        if self.release_threshold > self.threshold {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                "must not exceed threshold, or decisions would flap",
            )
            .at("release_threshold"));
        }
        in_range(self.weights.frustration, 10.0, "weights.frustration")?;
        in_range(self.weights.complexity, 10.0, "weights.complexity")?;
        in_range(self.weights.r#loop, 10.0, "weights.loop")?;
        no_blank_items(&self.vip_tiers, "vip_tiers")?;
        no_blank_items(&self.explicit_phrases, "explicit_phrases")?;
        no_blank_items(&self.critical_phrases, "critical_phrases")?;
        self.routing.validate().map_err(|e| e.at("routing"))?;
        self.redaction.validate().map_err(|e| e.at("redaction"))?;
        for (language, lists) in &self.languages {
            if !is_language_tag(language) {
                return Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    format!(
                        "{} is not a language tag such as \"en\" or \"pt-BR\"",
                        crate::core::error::Quoted(language)
                    ),
                )
                .at(format!("languages.{language}")));
            }
            no_blank_items(&lists.explicit, &format!("languages.{language}.explicit"))?;
            no_blank_items(&lists.critical, &format!("languages.{language}.critical"))?;
        }
        for (skill, keywords) in &self.skills {
            if *skill == Skill::General {
                return Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    "general is what is left when no skill matches; it takes no keywords",
                )
                .at("skills.general"));
            }
            no_blank_items(keywords, &format!("skills.{}", skill.as_str()))?;
        }
        if self.patience > 20 {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                format!("must be at most 20, got {}", self.patience),
            )
            .at("patience"));
        }
        Ok(())
    }

    /// Every explicit-request phrase of the policy with its language (`custom` for the
    /// language-neutral list).
    pub fn explicit_phrases_by_language(&self) -> Vec<(&str, &str)> {
        let mut all: Vec<(&str, &str)> = self
            .explicit_phrases
            .iter()
            .map(|p| ("custom", p.as_str()))
            .collect();
        for (language, lists) in &self.languages {
            all.extend(
                lists
                    .explicit
                    .iter()
                    .map(|p| (language.as_str(), p.as_str())),
            );
        }
        all
    }

    /// Every explicit-request phrase of the policy, any language.
    pub fn all_explicit_phrases(&self) -> Vec<String> {
        let mut all = self.explicit_phrases.clone();
        for lists in self.languages.values() {
            all.extend(lists.explicit.iter().cloned());
        }
        all
    }

    /// Every critical-incident phrase of the policy, any language.
    pub fn all_critical_phrases(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.critical_phrases.iter().map(String::as_str).collect();
        for lists in self.languages.values() {
            all.extend(lists.critical.iter().map(String::as_str));
        }
        all
    }

    /// Whether a customer tier is one of the VIP tiers.
    pub fn is_vip_tier(&self, tier: &str) -> bool {
        let tier = tier.trim();
        self.vip_tiers.iter().any(|t| t.eq_ignore_ascii_case(tier))
    }
}

// The policy document's decoders: every field optional (the default's value when absent),
// unknown fields rejected with the list of known ones.

struct_from_json! {
    Weights as "struct Weights",
    start: Weights::default(),
    required: 0, deny_unknown: true,
    { "frustration" => frustration, "complexity" => complexity, "loop" => r#loop }
}

struct_from_json! {
    LanguagePhrases as "struct LanguagePhrases",
    start: LanguagePhrases::default(),
    required: 0, deny_unknown: true,
    { "explicit" => explicit, "critical" => critical }
}

struct_from_json! {
    Policy as "struct Policy",
    start: Policy::default(),
    required: 0, deny_unknown: true,
    {
        "version" => version,
        "name" => name,
        "threshold" => threshold,
        "release_threshold" => release_threshold,
        "weights" => weights,
        "vip_tiers" => vip_tiers,
        "explicit_phrases" => explicit_phrases,
        "critical_phrases" => critical_phrases,
        "routing" => routing,
        "redaction" => redaction,
        "languages" => languages,
        "skills" => skills,
        "patience" => patience,
    }
}

/// Checks that `v` is a number from 0 to `max` (1 or 10).
fn in_range(v: f32, max: f32, field: &str) -> Result<(), Error> {
    if v.is_finite() && (0.0..=max).contains(&v) {
        return Ok(());
    }
    let max = if max == 1.0 { "1" } else { "10" };
    Err(Error::new(
        ErrorCode::InvalidPolicy,
        format!("must be a number from 0 to {max}, got {}", f32_text(v)),
    )
    .at(field))
}

/// Checks that no item of a list is blank; the error names the first (`field[i]`).
pub(crate) fn no_blank_items(items: &[String], field: &str) -> Result<(), Error> {
    match items.iter().position(|item| item.trim().is_empty()) {
        Some(i) => {
            Err(Error::new(ErrorCode::InvalidPolicy, "must not be empty")
                .at(format!("{field}[{i}]")))
        }
        None => Ok(()),
    }
}

/// A BCP 47-like tag: two or three ASCII letters, optionally `-` and two to four letters or
/// digits (`en`, `pt-BR`, `zh-Hant`).
fn is_language_tag(tag: &str) -> bool {
    // Byte by byte: `str::split` would bring its pattern searcher into the wasm for this alone.
    let b = tag.as_bytes();
    let (primary, rest) = match b.iter().position(|&c| c == b'-') {
        Some(i) => (b.get(..i).unwrap_or_default(), b.get(i + 1..)),
        None => (b, None),
    };
    (2..=3).contains(&primary.len())
        && primary.iter().all(u8::is_ascii_alphabetic)
        && rest.map_or(true, |r| {
            (2..=4).contains(&r.len()) && r.iter().all(u8::is_ascii_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Policy, Error> {
        Policy::from_json(json)
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
        let err = parse(r#"{"redaction": {"emails": "yes"}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_policy");
        assert!(err.field().unwrap().starts_with("redaction"), "{err}");
    }

    #[test]
    fn languages_and_skills_are_validated_with_paths() {
        let p = parse(
            r#"{"languages": {"es": {"explicit": ["un humano"], "critical": ["me robaron"]}},
                "skills": {"sales": ["wholesale"]}}"#,
        )
        .unwrap();
        assert_eq!(p.all_explicit_phrases(), vec!["un humano".to_string()]);
        assert_eq!(p.all_critical_phrases(), vec!["me robaron"]);
        let err = parse(r#"{"languages": {"english!": {}}}"#).unwrap_err();
        assert_eq!(err.field(), Some("languages.english!"));
        let err = parse(r#"{"languages": {"es": {"explicit": [""]}}}"#).unwrap_err();
        assert_eq!(err.field(), Some("languages.es.explicit[0]"));
        let err = parse(r#"{"languages": {"es": {"explicits": []}}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_policy");
        assert_eq!(err.field(), Some("languages.es.explicits"));
        let err = parse(r#"{"skills": {"marketing": ["x"]}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_policy");
        let err = parse(r#"{"skills": {"general": ["x"]}}"#).unwrap_err();
        assert_eq!(err.field(), Some("skills.general"));
        let err = parse(r#"{"skills": {"billing": ["ok", " "]}}"#).unwrap_err();
        assert_eq!(err.field(), Some("skills.billing[1]"));
        let err = parse(r#"{"patience": 99}"#).unwrap_err();
        assert_eq!(err.field(), Some("patience"));
    }

    #[test]
    fn documents_round_trip() {
        let json = r#"{"version": 1, "name": "acme@3", "threshold": 0.7, "release_threshold": 0.5,
            "weights": {"frustration": 1.2, "complexity": 0.9, "loop": 1.0},
            "vip_tiers": ["platinum"], "patience": 0,
            "languages": {"pt-BR": {"explicit": ["falar com atendente"], "critical": ["golpe"]}},
            "skills": {"billing": ["boleto"], "security": ["golpe"]}}"#;
        let p = parse(json).unwrap();
        assert_eq!(p.weights.frustration, 1.2);
        assert_eq!(p.skills[&Skill::Billing], vec!["boleto".to_string()]);
        let again = parse(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(again, p);
        let default = parse(&serde_json::to_string(&Policy::default()).unwrap()).unwrap();
        assert_eq!(default, Policy::default());
    }

    /// Structs that are plain members of others are decoded in place (`json_de`'s
    /// `from_json_into`): their absent fields keep the outer start's value, which must be the
    /// member type's own start (its default) for a nested `{}` to mean the defaults.
    #[test]
    fn nested_members_start_from_their_own_defaults() {
        use crate::core::redact::RedactionPolicy;
        use crate::core::routing::helpdesk::{HelpdeskMapping, SiteMapping};
        use crate::core::routing::{Aging, OfflinePath, RoutingPolicy, VipRouting};
        let p = Policy::default();
        assert_eq!(p.weights, Weights::default());
        assert_eq!(p.redaction, RedactionPolicy::default());
        assert_eq!(p.routing, RoutingPolicy::default());
        let r = RoutingPolicy::default();
        assert_eq!(r.aging, Aging::default());
        assert_eq!(r.vip, VipRouting::default());
        assert_eq!(r.offline, OfflinePath::default());
        assert_eq!(r.helpdesk, HelpdeskMapping::default());
        assert_eq!(r.helpdesk.default, SiteMapping::default());
        let nested = r#"{"weights": {}, "redaction": {}, "routing": {"aging": {}, "vip": {},
            "offline": {}, "helpdesk": {"default": {"zendesk": {}, "intercom": {}}}}}"#;
        assert_eq!(parse(nested).unwrap(), Policy::default());
        // A map's repeated key replaces the earlier value whole, struct values included.
        let twice = r#"{"languages": {"es": {"explicit": ["un humano"]}, "es": {"critical": ["x"]}},
            "routing": {"helpdesk": {"sites": {"a": {"zendesk": {"tag_prefix": "t_"}},
            "a": {"intercom": {"vip_team": "v"}}}}}}"#;
        let p = parse(twice).unwrap();
        let es = &p.languages[&"es".to_string()];
        assert_eq!((es.explicit.len(), es.critical.len()), (0, 1));
        let site = &p.routing.helpdesk.sites[&"a".to_string()];
        assert_eq!(site.zendesk.tag_prefix, "skill_");
        assert_eq!(site.intercom.vip_team.as_deref(), Some("v"));
    }

    #[test]
    fn vip_tiers_match_case_insensitively() {
        let p = Policy::default();
        assert!(p.is_vip_tier("Enterprise"));
        assert!(!p.is_vip_tier("pro"));
    }
}
