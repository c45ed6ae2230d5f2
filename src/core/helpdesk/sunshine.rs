//! Zendesk Sunshine Conversations (Zendesk messaging): when the customer chats through a
//! messaging channel, the conversation already exists, and handing off means passing switchboard
//! control to the Agent Workspace (`POST /v2/apps/{appId}/conversations/{id}/passControl`, body
//! `passControlBody`). The compact package travels as switchboard metadata, which must be flat
//! (strings, numbers, booleans) and at most 4 KB (quirk S1: prose only, so enforced here);
//! `dataCapture.*` keys become ticket priority, tags and fields when the Agent Workspace creates
//! the ticket. passControl is idempotent, so a retry after an ambiguous failure is harmless.

use serde::Deserialize;

use super::zendesk::{priority, tags, TicketFields};
use super::{join, percent_encode, Auth, HttpRequest, Json, Method, PackageView};
use crate::core::error::{Error, ErrorCode};

/// Sunshine's metadata limit in bytes (serialized JSON).
pub const MAX_METADATA_BYTES: usize = 4096;

fn agent_workspace() -> String {
    "zd:agentWorkspace".to_string()
}

fn default_tags() -> Vec<String> {
    vec!["bot_handoff".to_string()]
}

/// The Sunshine Conversations destination's configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SunshineConfig {
    /// `https://{subdomain}.zendesk.com/sc` (or `https://api.smooch.io`).
    pub base_url: String,
    /// The Sunshine app id.
    pub app_id: String,
    /// Basic with the API key id and secret.
    pub auth: Auth,
    /// The switchboard integration to pass control to (id, name or type).
    #[serde(default = "agent_workspace")]
    pub switchboard_integration: String,
    /// Custom ticket fields the Agent Workspace fills (`dataCapture.ticketField.<id>`).
    #[serde(default)]
    pub fields: TicketFields,
    /// Skill name to group id (`dataCapture.systemField.group_id`).
    #[serde(default)]
    pub groups: std::collections::BTreeMap<String, i64>,
    /// Tags every handoff ticket gets.
    #[serde(default = "default_tags")]
    pub tags: Vec<String>,
}

/// Compact-form keys that may be shortened or dropped, in that order, when the metadata would
/// exceed [`MAX_METADATA_BYTES`]. Routing keys and `dataCapture.*` keys are never dropped.
const EXPENDABLE: [&str; 9] = [
    "handoff_attempted",
    "handoff_facts",
    "handoff_page_title",
    "handoff_reason_messages",
    "handoff_customer_plan",
    "handoff_page_section",
    "handoff_page_url",
    "handoff_language",
    "handoff_summary",
];

/// The flat switchboard metadata for a package: the `dataCapture.*` keys the Agent Workspace
/// turns into ticket priority, tags, group and fields, then the package's compact form
/// (`core::package::Compact`, every key `handoff_…`) when given, else the package id and
/// summary. At most [`MAX_METADATA_BYTES`]: the summary is shortened, then expendable compact
/// keys are dropped, to fit.
pub fn metadata(
    pkg: &PackageView,
    compact: Option<&Json>,
    cfg: &SunshineConfig,
) -> Result<Json, Error> {
    let mut meta = Json::object();
    if let Some(p) = priority(pkg) {
        meta.insert("dataCapture.systemField.priority", Json::str(p));
    }
    let tag_list = tags(pkg, &cfg.tags);
    if !tag_list.is_empty() {
        meta.insert(
            "dataCapture.systemField.tags",
            Json::Str(tag_list.join(" ")),
        );
    }
    if let Some(group) = pkg.skill.as_ref().and_then(|s| cfg.groups.get(s)) {
        meta.insert(
            "dataCapture.systemField.group_id",
            Json::Str(group.to_string()),
        );
    }
    if let Some(name) = &pkg.customer_name {
        meta.insert(
            "dataCapture.systemField.requester.name",
            Json::str(name.clone()),
        );
    }
    for (id, value) in cfg.fields.values(pkg) {
        meta.insert(
            &format!("dataCapture.ticketField.{id}"),
            Json::Str(super::truncate(&value, 512)),
        );
    }
    match compact.and_then(Json::as_object) {
        Some(members) => {
            for (key, value) in members {
                // Metadata is flat: only strings, numbers and booleans travel.
                if matches!(
                    value,
                    Json::Str(_) | Json::Int(_) | Json::Float(_) | Json::Bool(_)
                ) {
                    meta.insert(key, value.clone());
                }
            }
        }
        None => {
            meta.insert("handoff_package_id", Json::str(pkg.id.clone()));
            if let Some(summary) = &pkg.summary {
                meta.insert("handoff_summary", Json::str(summary.clone()));
            }
        }
    }
    fit(&mut meta);
    let len = meta.to_string().len();
    if len > MAX_METADATA_BYTES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!("switchboard metadata is {len} bytes; Sunshine allows {MAX_METADATA_BYTES}"),
        )
        .at("metadata"));
    }
    Ok(meta)
}

/// Shortens the summary, then drops expendable keys, until the metadata fits (or nothing is
/// left to drop).
fn fit(meta: &mut Json) {
    let size = |m: &Json| m.to_string().len();
    let mut guard = 0;
    while size(meta) > MAX_METADATA_BYTES && guard < 16 {
        guard += 1;
        let over = size(meta) - MAX_METADATA_BYTES;
        let Some(summary) = meta
            .get("handoff_summary")
            .and_then(Json::as_str)
            .map(str::to_string)
        else {
            break;
        };
        // `over` counts escaped bytes; scale it back to the raw text, with a little margin.
        let escaped = Json::Str(summary.clone()).to_string().len();
        let allowed = escaped.saturating_sub(over + 8);
        if allowed < 64 {
            break;
        }
        let keep = summary.len() * allowed / escaped;
        meta.insert(
            "handoff_summary",
            Json::Str(super::truncate(&summary, keep)),
        );
    }
    for key in EXPENDABLE {
        if size(meta) <= MAX_METADATA_BYTES {
            return;
        }
        if let Json::Obj(members) = meta {
            members.retain(|(k, _)| k != key);
        }
    }
}

/// `POST /v2/apps/{appId}/conversations/{conversationId}/passControl`. Fails when no
/// conversation id is known or the metadata cannot fit.
pub fn pass_control(
    pkg: &PackageView,
    compact: Option<&Json>,
    cfg: &SunshineConfig,
) -> Result<HttpRequest, Error> {
    let conversation = pkg.conversation_id.as_deref().ok_or_else(|| {
        Error::new(
            ErrorCode::MissingField,
            "Sunshine Conversations needs the package's conversation id",
        )
        .at("conversation_id")
    })?;
    let body = Json::object()
        .with(
            "switchboardIntegration",
            Json::str(cfg.switchboard_integration.clone()),
        )
        .with("metadata", metadata(pkg, compact, cfg)?);
    let path = format!(
        "/v2/apps/{}/conversations/{}/passControl",
        percent_encode(&cfg.app_id),
        percent_encode(conversation)
    );
    Ok(HttpRequest::new(Method::Post, join(&cfg.base_url, &path))
        .auth(&cfg.auth)
        .header("Accept", "application/json")
        .json(&body))
}

#[cfg(test)]
mod tests {
    use super::super::view::tests::{from_serde, sample};
    use super::super::Secret;
    use super::*;

    fn config() -> SunshineConfig {
        SunshineConfig {
            base_url: "https://acme.zendesk.com/sc".into(),
            app_id: "5d8cff3cd55b040010928b5b".into(),
            auth: Auth::Basic {
                user: "app_5d8cff3cd55b040010928b5c".into(),
                password: Secret::new("s3cret"),
            },
            switchboard_integration: agent_workspace(),
            fields: TicketFields {
                sentiment: Some(456),
                ..TicketFields::default()
            },
            groups: [("billing".to_string(), 123)].into(),
            tags: default_tags(),
        }
    }

    #[test]
    fn pass_control_carries_flat_data_capture_metadata() {
        let pkg = PackageView::read(&sample()).unwrap();
        let req = pass_control(&pkg, None, &config()).unwrap();
        assert_eq!(
            req.url,
            "https://acme.zendesk.com/sc/v2/apps/5d8cff3cd55b040010928b5b/conversations/603012d7e0a3f9000c879b67/passControl"
        );
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["switchboardIntegration"], "zd:agentWorkspace");
        let meta = body["metadata"].as_object().unwrap();
        assert!(meta
            .values()
            .all(|v| v.is_string() || v.is_number() || v.is_boolean()));
        assert_eq!(meta["dataCapture.systemField.priority"], "high");
        assert_eq!(meta["dataCapture.systemField.group_id"], "123");
        assert_eq!(meta["dataCapture.ticketField.456"], "negative");
        assert!(meta["dataCapture.systemField.tags"]
            .as_str()
            .unwrap()
            .contains("handoff_skill_billing"));
        assert!(meta["handoff_summary"]
            .as_str()
            .unwrap()
            .starts_with("Customer was charged"));
    }

    #[test]
    fn metadata_never_exceeds_four_kilobytes() {
        let mut raw = sample();
        raw.insert("summary", Json::Str("\"quoted\" é ".repeat(2000)));
        let pkg = PackageView::read(&raw).unwrap();
        let meta = metadata(&pkg, None, &config()).unwrap();
        let len = meta.to_string().len();
        assert!(len <= MAX_METADATA_BYTES && len > 3000, "{len}");
    }

    #[test]
    fn compact_form_is_merged_and_trimmed_to_fit() {
        let pkg = PackageView::read(&sample()).unwrap();
        let compact = from_serde(&serde_json::json!({
            "handoff_package_id": "hp_01J9ZK3M4Q", "handoff_skill": "billing", "handoff_priority": "high",
            "handoff_sentiment": -0.62, "handoff_escalate": true,
            "handoff_summary": "s".repeat(2500), "handoff_attempted": "a".repeat(1500),
            "handoff_nested": {"not": "flat"}
        }));
        let meta = metadata(&pkg, Some(&compact), &config()).unwrap();
        assert!(meta.to_string().len() <= MAX_METADATA_BYTES);
        assert_eq!(meta.get("handoff_escalate"), Some(&Json::Bool(true)));
        assert_eq!(
            meta.get("dataCapture.systemField.priority")
                .and_then(Json::as_str),
            Some("high")
        );
        assert!(meta.get("handoff_nested").is_none());
        // The summary was shortened first; the attempts fit after that.
        let summary = meta.get("handoff_summary").and_then(Json::as_str).unwrap();
        assert!(summary.len() < 2500 && summary.ends_with('…'));
    }

    #[test]
    fn a_package_without_conversation_is_an_error() {
        let pkg = PackageView::read(&from_serde(&serde_json::json!({"id": "p1"}))).unwrap();
        let err = pass_control(&pkg, None, &config()).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("missing_field", Some("conversation_id"))
        );
    }
}
