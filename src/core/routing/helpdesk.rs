//! Helpdesk mapping: turns a routing hint (skill, priority, VIP, language, required
//! proficiency) into what Zendesk (priority, group, skills as tags) and Intercom (team
//! assignment, priority flag) understand, configurable per site. The delivery adapters send
//! these hints; this module only computes them.

use crate::core::sorted_map::SortedMap;

use serde::Serialize;

use crate::core::decision::{Priority, Skill};
use crate::core::error::{Error, ErrorCode};
use crate::core::json_de::struct_from_json;

/// What routing knows about a handoff, for the helpdesk.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingHint {
    /// The team.
    pub skill: Skill,
    /// The priority.
    pub priority: Priority,
    /// Whether the customer is VIP.
    pub vip: bool,
    /// The customer's language, when known.
    pub language: Option<String>,
    /// The proficiency the first routing step asks for.
    pub min_proficiency: u8,
}

/// Zendesk settings of one site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZendeskMapping {
    /// Zendesk group id per skill.
    pub groups: SortedMap<Skill, u64>,
    /// The group for skills without an entry; none leaves the ticket unassigned.
    pub default_group: Option<u64>,
    /// Raise VIP tickets by one priority level (never above urgent).
    pub vip_raises_priority: bool,
    /// Prefix of the skill tags that Zendesk's skills-based routing matches
    /// (`skill_billing`, `skill_billing_4`, `lang_fr`).
    pub tag_prefix: String,
}

impl Default for ZendeskMapping {
    fn default() -> ZendeskMapping {
        ZendeskMapping {
            groups: SortedMap::new(),
            default_group: None,
            vip_raises_priority: true,
            tag_prefix: "skill_".to_string(),
        }
    }
}

/// Intercom settings of one site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntercomMapping {
    /// Intercom team id per skill.
    pub teams: SortedMap<Skill, String>,
    /// The team for skills without an entry.
    pub default_team: Option<String>,
    /// The team VIP conversations go to, before the skill's team.
    pub vip_team: Option<String>,
    /// Conversations at this priority or above are marked as priority in Intercom.
    pub priority_from: Priority,
}

impl Default for IntercomMapping {
    fn default() -> IntercomMapping {
        IntercomMapping {
            teams: SortedMap::new(),
            default_team: None,
            vip_team: None,
            priority_from: Priority::High,
        }
    }
}

/// The settings of one site.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SiteMapping {
    /// Zendesk.
    pub zendesk: ZendeskMapping,
    /// Intercom.
    pub intercom: IntercomMapping,
}

/// The mapping: a default and per-site overrides (a site's entry replaces the default whole).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct HelpdeskMapping {
    /// Used for sites without an entry.
    pub default: SiteMapping,
    /// Per-site mappings, keyed by site id (for example the widget's site key).
    pub sites: SortedMap<String, SiteMapping>,
}

// The decoders of the mapping: every field optional, unknown fields rejected.

struct_from_json! {
    ZendeskMapping as "struct ZendeskMapping",
    start: ZendeskMapping::default(),
    required: 0, deny_unknown: true,
    {
        "groups" => groups,
        "default_group" => default_group,
        "vip_raises_priority" => vip_raises_priority,
        "tag_prefix" => tag_prefix,
    }
}

struct_from_json! {
    IntercomMapping as "struct IntercomMapping",
    start: IntercomMapping::default(),
    required: 0, deny_unknown: true,
    {
        "teams" => teams,
        "default_team" => default_team,
        "vip_team" => vip_team,
        "priority_from" => priority_from,
    }
}

struct_from_json! {
    SiteMapping as "struct SiteMapping",
    start: SiteMapping::default(),
    required: 0, deny_unknown: true,
    { "zendesk" => zendesk, "intercom" => intercom }
}

struct_from_json! {
    HelpdeskMapping as "struct HelpdeskMapping",
    start: HelpdeskMapping::default(),
    required: 0, deny_unknown: true,
    { "default" => default, "sites" => sites }
}

/// Zendesk ticket fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZendeskHints {
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: Priority,
    /// The group to assign, when mapped.
    pub group_id: Option<u64>,
    /// Tags for skills-based routing.
    pub tags: Vec<String>,
}

/// Intercom conversation fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntercomHints {
    /// The team to assign, when mapped.
    pub team_id: Option<String>,
    /// Whether to mark the conversation as priority.
    pub priority: bool,
}

impl HelpdeskMapping {
    /// The mapping of `site` (the default when absent or unknown).
    pub fn site(&self, site: Option<&str>) -> &SiteMapping {
        site.and_then(|s| self.sites.get(s))
            .unwrap_or(&self.default)
    }

    /// Checks site ids and tag prefixes.
    pub fn validate(&self) -> Result<(), Error> {
        self.default.validate().map_err(|e| e.at("default"))?;
        for (id, site) in &self.sites {
            if id.trim().is_empty() {
                return Err(
                    Error::new(ErrorCode::InvalidPolicy, "site id must not be empty").at("sites"),
                );
            }
            site.validate().map_err(|e| e.at(format!("sites.{id}")))?;
        }
        Ok(())
    }

    /// Zendesk hints for `site`.
    pub fn zendesk(&self, site: Option<&str>, hint: &RoutingHint) -> ZendeskHints {
        let z = &self.site(site).zendesk;
        let priority = if hint.vip && z.vip_raises_priority {
            raise(hint.priority)
        } else {
            hint.priority
        };
        let skill = hint.skill.as_str();
        let mut tags = vec![format!("{}{skill}", z.tag_prefix)];
        if hint.min_proficiency > 1 {
            tags.push(format!("{}{skill}_{}", z.tag_prefix, hint.min_proficiency));
        }
        if let Some(lang) = hint.language.as_deref().map(str::trim) {
            if !lang.is_empty() {
                tags.push(format!("lang_{}", lang.to_ascii_lowercase()));
            }
        }
        if hint.vip {
            tags.push("vip".to_string());
        }
        ZendeskHints {
            priority,
            group_id: z.groups.get(&hint.skill).copied().or(z.default_group),
            tags,
        }
    }

    /// Intercom hints for `site`.
    pub fn intercom(&self, site: Option<&str>, hint: &RoutingHint) -> IntercomHints {
        let i = &self.site(site).intercom;
        let team = if hint.vip { i.vip_team.clone() } else { None };
        IntercomHints {
            team_id: team
                .or_else(|| i.teams.get(&hint.skill).cloned())
                .or_else(|| i.default_team.clone()),
            priority: hint.priority >= i.priority_from || hint.vip,
        }
    }
}

impl SiteMapping {
    fn validate(&self) -> Result<(), Error> {
        let prefix = &self.zendesk.tag_prefix;
        if prefix
            .bytes()
            .any(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                "may only hold letters, digits, '_' and '-' (Zendesk tags have no spaces)",
            )
            .at("zendesk.tag_prefix"));
        }
        for (skill, team) in &self.intercom.teams {
            if team.trim().is_empty() {
                return Err(Error::new(ErrorCode::InvalidPolicy, "must not be empty")
                    .at(format!("intercom.teams.{}", skill.as_str())));
            }
        }
        Ok(())
    }
}

fn raise(p: Priority) -> Priority {
    match p {
        Priority::Low => Priority::Normal,
        Priority::Normal => Priority::High,
        Priority::High | Priority::Urgent => Priority::Urgent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(skill: Skill, priority: Priority, vip: bool) -> RoutingHint {
        RoutingHint {
            skill,
            priority,
            vip,
            language: Some("FR".into()),
            min_proficiency: 4,
        }
    }

    fn mapping() -> HelpdeskMapping {
        let json = r#"{
            "default": {
                "zendesk": {"groups": {"billing": 101}, "default_group": 100},
                "intercom": {"teams": {"billing": "t-bill"}, "default_team": "t-all",
                             "vip_team": "t-vip"}
            },
            "sites": {"eu": {"zendesk": {"groups": {"billing": 201}, "tag_prefix": "eu_"}}}
        }"#;
        let m: HelpdeskMapping = crate::core::json_de::from_str(json).unwrap();
        m.validate().unwrap();
        m
    }

    #[test]
    fn zendesk_priority_group_and_skill_tags() {
        let m = mapping();
        let z = m.zendesk(None, &hint(Skill::Billing, Priority::High, false));
        assert_eq!(z.priority, Priority::High);
        assert_eq!(z.group_id, Some(101));
        assert_eq!(z.tags, ["skill_billing", "skill_billing_4", "lang_fr"]);
        // Unmapped skill falls back to the default group; VIP raises the priority one level.
        let z = m.zendesk(None, &hint(Skill::Technical, Priority::High, true));
        assert_eq!((z.priority, z.group_id), (Priority::Urgent, Some(100)));
        assert!(z.tags.contains(&"vip".to_string()));
        // A site's entry replaces the default; unknown sites use the default.
        let z = m.zendesk(Some("eu"), &hint(Skill::Billing, Priority::Low, false));
        assert_eq!(z.group_id, Some(201));
        assert_eq!(z.tags[0], "eu_billing");
        assert_eq!(
            m.zendesk(Some("us"), &hint(Skill::Billing, Priority::Low, false))
                .group_id,
            Some(101)
        );
    }

    #[test]
    fn intercom_team_assignment() {
        let m = mapping();
        let i = m.intercom(None, &hint(Skill::Billing, Priority::Normal, false));
        assert_eq!(i.team_id.as_deref(), Some("t-bill"));
        assert!(!i.priority);
        let i = m.intercom(None, &hint(Skill::Sales, Priority::Urgent, false));
        assert_eq!(i.team_id.as_deref(), Some("t-all"));
        assert!(i.priority);
        let i = m.intercom(None, &hint(Skill::Billing, Priority::Low, true));
        assert_eq!(i.team_id.as_deref(), Some("t-vip"));
        assert!(i.priority);
        // The eu site has no Intercom teams.
        assert_eq!(
            m.intercom(Some("eu"), &hint(Skill::Billing, Priority::Low, false))
                .team_id,
            None
        );
    }

    #[test]
    fn bad_mapping_names_the_field() {
        let m: HelpdeskMapping = crate::core::json_de::from_str(
            r#"{"sites": {"eu": {"zendesk": {"tag_prefix": "a b"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            m.validate().unwrap_err().field(),
            Some("sites.eu.zendesk.tag_prefix")
        );
        let err = crate::core::json_de::from_str::<HelpdeskMapping>(
            r#"{"default": {"zendesk": {"groups": {"plumbing": 1}}}}"#,
        );
        assert!(err.is_err());
    }
}
