//! Intercom (REST API 2.16): a handoff is a short sequence of calls on one conversation. When the
//! package names no Intercom conversation, the first call creates one as the contact
//! (`create_conversation_request`); then an admin note carries the summary
//! (`admin_reply_conversation_request`), conversation custom attributes are set
//! (`update_conversation_request`; string and integer values only, quirk I2), tags are attached
//! (inline schema on `/conversations/{id}/tags`; tags must exist, so the configuration maps tag
//! names to ids) and the conversation is assigned to the configured team
//! (`assign_conversation_request`). The relay runs the steps in order and records progress, so a
//! restart resumes after the last step that succeeded.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::zendesk::tags;
use super::{join, percent_encode, Auth, HttpRequest, Json, Method, PackageView, Secret};
use crate::core::error::{Error, ErrorCode};

/// The largest note body we send.
pub const MAX_NOTE_BYTES: usize = 32 * 1024;

fn default_base() -> String {
    "https://api.intercom.io".to_string()
}

fn default_version() -> String {
    "2.16".to_string()
}

fn default_tags() -> Vec<String> {
    vec!["bot_handoff".to_string()]
}

/// Names of the conversation attributes (defined in Intercom beforehand) the handoff fills.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationAttributes {
    /// String attribute: `negative`, `neutral` or `positive`.
    #[serde(default)]
    pub sentiment: Option<String>,
    /// Integer attribute: sentiment times 100, in [-100, 100].
    #[serde(default)]
    pub sentiment_score: Option<String>,
    /// String attribute: the page URL.
    #[serde(default)]
    pub page_url: Option<String>,
    /// String attribute: the page section.
    #[serde(default)]
    pub page_section: Option<String>,
    /// String attribute: the skill.
    #[serde(default)]
    pub skill: Option<String>,
    /// String attribute: the priority (2.16 has no writable conversation priority, quirk I3).
    #[serde(default)]
    pub priority: Option<String>,
    /// String attribute: the reasons, comma-separated.
    #[serde(default)]
    pub reasons: Option<String>,
    /// String attribute: the handoff (package) id.
    #[serde(default)]
    pub handoff_id: Option<String>,
}

/// The Intercom destination's configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntercomConfig {
    /// `https://api.intercom.io` (or the EU / AU host).
    #[serde(default = "default_base")]
    pub base_url: String,
    /// The access token.
    pub token: Secret,
    /// The `Intercom-Version` header.
    #[serde(default = "default_version")]
    pub version: String,
    /// The admin the notes, tags and assignments are made as.
    pub admin_id: String,
    /// Skill name to team id.
    #[serde(default)]
    pub teams: BTreeMap<String, String>,
    /// The team for skills not in `teams`.
    #[serde(default)]
    pub default_team: Option<String>,
    /// Tag name (as the Zendesk adapter spells tags, for example `handoff_skill_billing`) to
    /// Intercom tag id. Tags without an id are skipped.
    #[serde(default)]
    pub tag_ids: BTreeMap<String, String>,
    /// Tags every handoff gets (by name, looked up in `tag_ids`).
    #[serde(default = "default_tags")]
    pub tags: Vec<String>,
    /// Conversation attributes to fill.
    #[serde(default)]
    pub attributes: ConversationAttributes,
}

fn request(method: Method, path: &str, cfg: &IntercomConfig) -> HttpRequest {
    HttpRequest::new(method, join(&cfg.base_url, path))
        .auth(&Auth::Bearer(cfg.token.clone()))
        .header("Accept", "application/json")
        .header("Intercom-Version", cfg.version.clone())
}

/// `POST /conversations` as the contact, when the package has no Intercom conversation. The
/// body is the customer's last message (plain text: Intercom does not render HTML here).
pub fn create_conversation(pkg: &PackageView, cfg: &IntercomConfig) -> Result<HttpRequest, Error> {
    let contact = pkg.customer_id.as_deref().ok_or_else(|| {
        Error::new(
            ErrorCode::MissingField,
            "Intercom needs the customer's contact id to open a conversation",
        )
        .at("customer.id")
    })?;
    let text = pkg
        .transcript
        .iter()
        .rev()
        .find(|l| l.role == "customer")
        .map(|l| l.text.clone())
        .or_else(|| pkg.summary.clone())
        .unwrap_or_else(|| "I would like to talk to a person.".to_string());
    let body = Json::object()
        .with(
            "from",
            Json::object()
                .with("type", Json::str("user"))
                .with("id", Json::str(contact)),
        )
        .with("body", Json::Str(super::truncate(&text, 4096)));
    Ok(request(Method::Post, "/conversations", cfg).json(&body))
}

/// `POST /conversations/search` for conversations of the contact created since `since` (Unix
/// seconds): how the relay finds a conversation an ambiguous create attempt may have opened.
/// The package id cannot be searched for at that point (attributes are set after creation).
pub fn find_conversation(
    pkg: &PackageView,
    since: i64,
    cfg: &IntercomConfig,
) -> Option<HttpRequest> {
    let contact = pkg.customer_id.as_deref()?;
    let filter = |field: &str, operator: &str, value: Json| {
        Json::object()
            .with("field", Json::str(field))
            .with("operator", Json::str(operator))
            .with("value", value)
    };
    let query = Json::object().with("operator", Json::str("AND")).with(
        "value",
        Json::Arr(vec![
            filter("contact_ids", "=", Json::str(contact)),
            filter("created_at", ">", Json::Int(since)),
        ]),
    );
    let body = Json::object().with("query", query);
    Some(request(Method::Post, "/conversations/search", cfg).json(&body))
}

/// The oldest conversation in a search answer (`conversation.list`).
pub fn found_conversation_id(response: &Json) -> Option<String> {
    let list = response.get("conversations")?.as_array()?;
    list.iter()
        .filter_map(|c| {
            let id = match c.get("id")? {
                Json::Str(s) if !s.is_empty() => s.clone(),
                Json::Int(i) => i.to_string(),
                _ => return None,
            };
            Some((
                c.get("created_at")
                    .and_then(Json::as_i64)
                    .unwrap_or(i64::MAX),
                id,
            ))
        })
        .min()
        .map(|(_, id)| id)
}

/// The conversation id in the answer to create (a message with `conversation_id`).
pub fn created_conversation_id(response: &Json) -> Option<String> {
    match response.get("conversation_id")? {
        Json::Str(s) if !s.is_empty() => Some(s.clone()),
        Json::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The calls after the conversation exists: note, attributes (when any are configured), tags
/// (those with a configured id), assignment (when a team is configured), in that order.
pub fn follow_up(
    pkg: &PackageView,
    cfg: &IntercomConfig,
    conversation_id: &str,
) -> Vec<HttpRequest> {
    let conv = percent_encode(conversation_id);
    let mut steps = Vec::new();
    let note = Json::object()
        .with("message_type", Json::str("note"))
        .with("type", Json::str("admin"))
        .with("admin_id", Json::str(cfg.admin_id.clone()))
        .with(
            "body",
            Json::Str(html_escape(&pkg.note_text(MAX_NOTE_BYTES))),
        );
    steps.push(request(Method::Post, &format!("/conversations/{conv}/reply"), cfg).json(&note));

    let a = &cfg.attributes;
    let reasons = (!pkg.reasons.is_empty()).then(|| pkg.reasons.join(","));
    let strings = [
        (&a.sentiment, pkg.sentiment_bucket().map(str::to_string)),
        (&a.page_url, pkg.page_url.clone()),
        (&a.page_section, pkg.page_section.clone()),
        (&a.skill, pkg.skill.clone()),
        (&a.priority, pkg.priority.clone()),
        (&a.reasons, reasons),
        (&a.handoff_id, Some(pkg.id.clone())),
    ];
    let mut attrs = Json::object();
    for (name, value) in strings {
        if let (Some(name), Some(value)) = (name, value) {
            attrs.insert(name, Json::Str(super::truncate(&value, 255)));
        }
    }
    if let (Some(name), Some(s)) = (&a.sentiment_score, pkg.sentiment) {
        attrs.insert(name, Json::Int((s.clamp(-1.0, 1.0) * 100.0).round() as i64));
    }
    if !attrs.is_empty() {
        let body = Json::object().with("custom_attributes", attrs);
        steps.push(request(Method::Put, &format!("/conversations/{conv}"), cfg).json(&body));
    }

    for name in tags(pkg, &cfg.tags) {
        if let Some(id) = cfg.tag_ids.get(&name) {
            let body = Json::object()
                .with("id", Json::str(id.clone()))
                .with("admin_id", Json::str(cfg.admin_id.clone()));
            steps.push(
                request(Method::Post, &format!("/conversations/{conv}/tags"), cfg).json(&body),
            );
        }
    }

    let team = pkg
        .skill
        .as_ref()
        .and_then(|s| cfg.teams.get(s))
        .or(cfg.default_team.as_ref());
    if let Some(team) = team {
        let body = Json::object()
            .with("message_type", Json::str("assignment"))
            .with("type", Json::str("team"))
            .with("admin_id", Json::str(cfg.admin_id.clone()))
            .with("assignee_id", Json::str(team.clone()));
        steps.push(request(Method::Post, &format!("/conversations/{conv}/parts"), cfg).json(&body));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::super::view::tests::sample;
    use super::*;

    fn config() -> IntercomConfig {
        IntercomConfig {
            base_url: default_base(),
            token: Secret::new("dG9rOmFiYw=="),
            version: default_version(),
            admin_id: "991267".into(),
            teams: [("billing".to_string(), "814865".to_string())].into(),
            default_team: None,
            tag_ids: [("bot_handoff".to_string(), "17513".to_string())].into(),
            tags: default_tags(),
            attributes: ConversationAttributes {
                sentiment: Some("Sentiment".into()),
                sentiment_score: Some("Sentiment score".into()),
                handoff_id: Some("Handoff id".into()),
                ..ConversationAttributes::default()
            },
        }
    }

    fn body(req: &HttpRequest) -> serde_json::Value {
        serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn follow_up_is_note_attributes_tag_assignment() {
        let pkg = PackageView::read(&sample()).unwrap();
        let steps = follow_up(&pkg, &config(), "123");
        let paths: Vec<(&str, &str)> = steps
            .iter()
            .map(|r| {
                (
                    r.method.as_str(),
                    r.url.trim_start_matches("https://api.intercom.io"),
                )
            })
            .collect();
        assert_eq!(
            paths,
            [
                ("POST", "/conversations/123/reply"),
                ("PUT", "/conversations/123"),
                ("POST", "/conversations/123/tags"),
                ("POST", "/conversations/123/parts")
            ]
        );
        assert_eq!(steps[0].header_value("Intercom-Version"), Some("2.16"));
        assert_eq!(
            steps[0].header_value("Authorization"),
            Some("Bearer dG9rOmFiYw==")
        );
        let note = body(&steps[0]);
        assert_eq!(
            (note["message_type"].as_str(), note["type"].as_str()),
            (Some("note"), Some("admin"))
        );
        assert!(note["body"].as_str().unwrap().contains("<br>"));
        assert_eq!(
            body(&steps[1])["custom_attributes"],
            serde_json::json!({"Sentiment": "negative", "Handoff id": "hp_01J9ZK3M4Q", "Sentiment score": -62})
        );
        assert_eq!(
            body(&steps[2]),
            serde_json::json!({"id": "17513", "admin_id": "991267"})
        );
        assert_eq!(body(&steps[3])["assignee_id"], "814865");
    }

    #[test]
    fn searches_for_a_conversation_an_ambiguous_create_may_have_opened() {
        let pkg = PackageView::read(&sample()).unwrap();
        let req = find_conversation(&pkg, 1_700_000_000, &config()).unwrap();
        assert!(req.url.ends_with("/conversations/search"));
        assert_eq!(
            body(&req),
            serde_json::json!({"query": {"operator": "AND", "value": [
                {"field": "contact_ids", "operator": "=", "value": "536e564f316c83104c000020"},
                {"field": "created_at", "operator": ">", "value": 1_700_000_000}]}})
        );
        let answer = super::super::view::tests::from_serde(
            &serde_json::json!({"type": "conversation.list",
            "conversations": [{"id": "9", "created_at": 1_700_000_050}, {"id": "7", "created_at": 1_700_000_010}], "total_count": 2}),
        );
        assert_eq!(found_conversation_id(&answer).as_deref(), Some("7"));
        let empty = super::super::view::tests::from_serde(
            &serde_json::json!({"type": "conversation.list", "conversations": []}),
        );
        assert_eq!(found_conversation_id(&empty), None);
    }

    #[test]
    fn creates_the_conversation_as_the_contact() {
        let pkg = PackageView::read(&sample()).unwrap();
        let req = create_conversation(&pkg, &config()).unwrap();
        assert_eq!(
            body(&req),
            serde_json::json!({"from": {"type": "user", "id": "536e564f316c83104c000020"}, "body": "I want a human."})
        );
        let answer = super::super::view::tests::from_serde(
            &serde_json::json!({"type": "user_message", "id": "403918396", "conversation_id": "147"}),
        );
        assert_eq!(created_conversation_id(&answer).as_deref(), Some("147"));
    }
}
