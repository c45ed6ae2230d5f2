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

/// The flat switchboard metadata for a package, at most [`MAX_METADATA_BYTES`]: the summary is
/// shortened first, then dropped, to fit.
pub fn metadata(pkg: &PackageView, cfg: &SunshineConfig) -> Result<Json, Error> {
    let mut meta = Json::object().with("handoff_id", Json::str(pkg.id.clone()));
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
    let base = meta.to_string().len();
    // `,"handoff_summary":""` costs 21 bytes; escaping can grow text, so shrink until it fits.
    if let Some(summary) = &pkg.summary {
        let mut room = MAX_METADATA_BYTES.saturating_sub(base + 21);
        while room >= 32 {
            let candidate = meta
                .clone()
                .with("handoff_summary", Json::Str(super::truncate(summary, room)));
            if candidate.to_string().len() <= MAX_METADATA_BYTES {
                meta = candidate;
                break;
            }
            room -= room / 8 + 1;
        }
    }
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

/// `POST /v2/apps/{appId}/conversations/{conversationId}/passControl`. Fails when the package
/// names no conversation or the metadata cannot fit.
pub fn pass_control(pkg: &PackageView, cfg: &SunshineConfig) -> Result<HttpRequest, Error> {
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
        .with("metadata", metadata(pkg, cfg)?);
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
        let req = pass_control(&pkg, &config()).unwrap();
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
        let meta = metadata(&pkg, &config()).unwrap();
        let len = meta.to_string().len();
        assert!(len <= MAX_METADATA_BYTES && len > 3000, "{len}");
    }

    #[test]
    fn a_package_without_conversation_is_an_error() {
        let pkg = PackageView::read(&from_serde(&serde_json::json!({"id": "p1"}))).unwrap();
        let err = pass_control(&pkg, &config()).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("missing_field", Some("conversation_id"))
        );
    }
}
