//! Zendesk Support: a handoff becomes a new ticket whose first comment is an internal note
//! carrying the summary and transcript (`POST /api/v2/tickets`, body `TicketCreateRequest`).
//! The package id is both the ticket's `external_id` (so an ambiguous failure can be resolved by
//! `GET /api/v2/tickets?external_id=…`) and the `Idempotency-Key` header (Zendesk replays the
//! first answer for a repeated key). Skills go in `attribute_value_ids` (UUID strings; the OAS
//! types them as integers, quirk Z2), custom fields as `{id, value}` (quirk Z1).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{join, percent_encode, tag, Auth, HttpRequest, Json, Method, PackageView};

/// The largest internal note we send. Zendesk documents no comment limit; keep notes readable.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;

/// Ids of the custom ticket fields the handoff fills, when the account has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketFields {
    /// Text field: `negative`, `neutral` or `positive`.
    #[serde(default)]
    pub sentiment: Option<i64>,
    /// Text field: the page URL.
    #[serde(default)]
    pub page_url: Option<i64>,
    /// Text field: the page section.
    #[serde(default)]
    pub page_section: Option<i64>,
    /// Text or drop-down field: the skill.
    #[serde(default)]
    pub skill: Option<i64>,
    /// Text field: the reasons, comma-separated.
    #[serde(default)]
    pub reasons: Option<i64>,
    /// Text field: the handoff (package) id.
    #[serde(default)]
    pub handoff_id: Option<i64>,
}

impl TicketFields {
    /// The `(field id, value)` pairs for a package, in a fixed order.
    pub fn values(&self, pkg: &PackageView) -> Vec<(i64, String)> {
        let reasons = (!pkg.reasons.is_empty()).then(|| pkg.reasons.join(","));
        [
            (self.sentiment, pkg.sentiment_bucket().map(str::to_string)),
            (self.page_url, pkg.page_url.clone()),
            (self.page_section, pkg.page_section.clone()),
            (self.skill, pkg.skill.clone()),
            (self.reasons, reasons),
            (self.handoff_id, Some(pkg.id.clone())),
        ]
        .into_iter()
        .filter_map(|(id, value)| Some((id?, value?)))
        .collect()
    }
}

fn default_tags() -> Vec<String> {
    vec!["bot_handoff".to_string()]
}

/// The Zendesk destination's configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZendeskConfig {
    /// `https://{subdomain}.zendesk.com`.
    pub base_url: String,
    /// Basic `{email}/token` + API token, or an OAuth bearer token.
    pub auth: Auth,
    /// Custom ticket fields to fill.
    #[serde(default)]
    pub fields: TicketFields,
    /// Skill name (contract vocabulary) to routing attribute value ids (UUIDs).
    #[serde(default)]
    pub skills: BTreeMap<String, Vec<String>>,
    /// Skill name to group id.
    #[serde(default)]
    pub groups: BTreeMap<String, i64>,
    /// Tags every handoff ticket gets.
    #[serde(default = "default_tags")]
    pub tags: Vec<String>,
}

/// The tags for a package: the configured ones, then one per reason, the skill and the tier.
pub fn tags(pkg: &PackageView, base: &[String]) -> Vec<String> {
    let mut out: Vec<String> = base.iter().map(|t| tag("", t)).collect();
    out.extend(pkg.reasons.iter().map(|r| tag("handoff_reason_", r)));
    if let Some(skill) = &pkg.skill {
        out.push(tag("handoff_skill_", skill));
    }
    if let Some(tier) = &pkg.customer_tier {
        out.push(tag("handoff_tier_", tier));
    }
    out.retain(|t| !t.is_empty());
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

/// Maps the engine's priority onto Zendesk's (`low`, `normal`, `high`, `urgent`: the same names).
pub fn priority(pkg: &PackageView) -> Option<&'static str> {
    match pkg.priority.as_deref()? {
        "low" => Some("low"),
        "normal" => Some("normal"),
        "high" => Some("high"),
        "urgent" => Some("urgent"),
        _ => None,
    }
}

/// `POST /api/v2/tickets`: the handoff ticket, starting with an internal note.
pub fn create_ticket(pkg: &PackageView, cfg: &ZendeskConfig) -> HttpRequest {
    let comment = Json::object()
        .with("body", Json::str(pkg.note_text(MAX_NOTE_BYTES)))
        .with("public", Json::Bool(false));
    let mut ticket = Json::object()
        .with("subject", Json::str(pkg.title()))
        .with("comment", comment)
        .with("external_id", Json::str(pkg.id.clone()))
        .with("tags", tags(pkg, &cfg.tags).into());
    if let Some(p) = priority(pkg) {
        ticket.insert("priority", Json::str(p));
    }
    let fields = cfg.fields.values(pkg);
    if !fields.is_empty() {
        let items = fields
            .into_iter()
            .map(|(id, value)| {
                Json::object()
                    .with("id", Json::Int(id))
                    .with("value", Json::Str(value))
            })
            .collect();
        ticket.insert("custom_fields", Json::Arr(items));
    }
    if let Some(skill) = &pkg.skill {
        if let Some(ids) = cfg.skills.get(skill).filter(|ids| !ids.is_empty()) {
            ticket.insert("attribute_value_ids", ids.clone().into());
        }
        if let Some(group) = cfg.groups.get(skill) {
            ticket.insert("group_id", Json::Int(*group));
        }
    }
    if let Some(email) = &pkg.customer_email {
        let mut requester = Json::object().with("email", Json::str(email.clone()));
        if let Some(name) = &pkg.customer_name {
            requester.insert("name", Json::str(name.clone()));
        }
        ticket.insert("requester", requester);
    }
    let body = Json::object().with("ticket", ticket);
    HttpRequest::new(Method::Post, join(&cfg.base_url, "/api/v2/tickets"))
        .auth(&cfg.auth)
        .header("Accept", "application/json")
        .header("Idempotency-Key", pkg.id.clone())
        .json(&body)
}

/// `GET /api/v2/tickets?external_id=…`: finds a ticket an earlier, ambiguous attempt created.
pub fn find_ticket(package_id: &str, cfg: &ZendeskConfig) -> HttpRequest {
    let url = join(
        &cfg.base_url,
        &format!("/api/v2/tickets?external_id={}", percent_encode(package_id)),
    );
    HttpRequest::new(Method::Get, url)
        .auth(&cfg.auth)
        .header("Accept", "application/json")
}

fn id_text(v: &Json) -> Option<String> {
    match v {
        Json::Int(i) => Some(i.to_string()),
        Json::Str(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// The ticket id in a `TicketResponse` (the answer to create).
pub fn created_ticket_id(response: &Json) -> Option<String> {
    response.path(&["ticket", "id"]).and_then(id_text)
}

/// The id of the first ticket in a `TicketsResponse` whose `external_id` is the package id.
pub fn found_ticket_id(response: &Json, package_id: &str) -> Option<String> {
    response
        .get("tickets")?
        .as_array()?
        .iter()
        .find(|t| t.get("external_id").and_then(Json::as_str) == Some(package_id))
        .and_then(|t| t.get("id"))
        .and_then(id_text)
}

#[cfg(test)]
mod tests {
    use super::super::view::tests::{from_serde, sample};
    use super::super::Secret;
    use super::*;

    pub(crate) fn config() -> ZendeskConfig {
        ZendeskConfig {
            base_url: "https://acme.zendesk.com/".into(),
            auth: Auth::Basic {
                user: "bot@acme.test/token".into(),
                password: Secret::new("tok"),
            },
            fields: TicketFields {
                sentiment: Some(456),
                page_url: Some(457),
                handoff_id: Some(458),
                ..TicketFields::default()
            },
            skills: [(
                "billing".to_string(),
                vec!["15821cba-7326-11e8-b07e-950ba849aa27".to_string()],
            )]
            .into(),
            groups: [("billing".to_string(), 123)].into(),
            tags: default_tags(),
        }
    }

    #[test]
    fn ticket_carries_note_priority_tags_fields_skills_and_idempotency() {
        let pkg = PackageView::read(&sample()).unwrap();
        let req = create_ticket(&pkg, &config());
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://acme.zendesk.com/api/v2/tickets");
        assert_eq!(req.header_value("Idempotency-Key"), Some("hp_01J9ZK3M4Q"));
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        let t = &body["ticket"];
        assert_eq!(t["comment"]["public"], false);
        assert!(t["comment"]["body"]
            .as_str()
            .unwrap()
            .starts_with("Customer was charged twice"));
        assert_eq!(t["priority"], "high");
        assert_eq!(t["external_id"], "hp_01J9ZK3M4Q");
        assert_eq!(
            t["tags"],
            serde_json::json!([
                "bot_handoff",
                "handoff_reason_explicit_request",
                "handoff_reason_frustration",
                "handoff_skill_billing",
                "handoff_tier_vip"
            ])
        );
        assert_eq!(
            t["custom_fields"],
            serde_json::json!([{"id": 456, "value": "negative"},
                {"id": 457, "value": "https://shop.example/billing"},
                {"id": 458, "value": "hp_01J9ZK3M4Q"}])
        );
        assert_eq!(
            t["attribute_value_ids"],
            serde_json::json!(["15821cba-7326-11e8-b07e-950ba849aa27"])
        );
        assert_eq!(t["group_id"], 123);
        assert_eq!(t["requester"]["email"], "jane@example.com");
    }

    #[test]
    fn minimal_package_gives_a_minimal_ticket() {
        let pkg = PackageView::read(&Json::object().with("id", Json::str("p 1"))).unwrap();
        let req = create_ticket(&pkg, &config());
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        let t = &body["ticket"];
        assert!(t.get("priority").is_none());
        assert!(t.get("attribute_value_ids").is_none());
        assert_eq!(
            t["custom_fields"],
            serde_json::json!([{"id": 458, "value": "p 1"}])
        );
        assert_eq!(
            find_ticket("p 1", &config()).url,
            "https://acme.zendesk.com/api/v2/tickets?external_id=p%201"
        );
    }

    #[test]
    fn reads_ticket_ids_from_answers() {
        let created =
            from_serde(&serde_json::json!({"ticket": {"id": 35436, "external_id": "p1"}}));
        assert_eq!(created_ticket_id(&created).as_deref(), Some("35436"));
        let list = from_serde(
            &serde_json::json!({"tickets": [{"id": 7, "external_id": "other"}, {"id": 9, "external_id": "p1"}], "count": 2}),
        );
        assert_eq!(found_ticket_id(&list, "p1").as_deref(), Some("9"));
        assert_eq!(found_ticket_id(&list, "p2"), None);
        assert_eq!(
            found_ticket_id(&from_serde(&serde_json::json!({"tickets": []})), "p1"),
            None
        );
    }
}
