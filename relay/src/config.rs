//! The relay's configuration: a JSON file (`--config`, or `HANDOFF_RELAY_CONFIG`), or the same
//! JSON in `HANDOFF_RELAY_CONFIG_JSON`, plus `--listen` / `--db` overrides. Secrets (site keys,
//! helpdesk credentials) live only here; every secret is a `Secret` whose `Debug` is redacted,
//! and no response or log line prints configuration values.

use std::net::SocketAddr;
use std::path::PathBuf;

use handoff::core::helpdesk::intercom::IntercomConfig;
use handoff::core::helpdesk::sunshine::SunshineConfig;
use handoff::core::helpdesk::webhook::WebhookConfig;
use handoff::core::helpdesk::zendesk::ZendeskConfig;
use handoff::core::helpdesk::Secret;
use serde::Deserialize;

/// One site allowed to post packages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// A short name, stored with each package and used for rate limits.
    pub name: String,
    /// The key the site sends in `X-Handoff-Key`.
    pub key: Secret,
    /// Origins (`https://shop.example`) allowed to post from a browser for this site.
    #[serde(default)]
    pub origins: Vec<String>,
}

/// Where packages go.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Destination {
    /// Zendesk Support tickets.
    Zendesk(ZendeskConfig),
    /// Zendesk Sunshine Conversations passControl.
    Sunshine(SunshineConfig),
    /// Intercom conversations.
    Intercom(IntercomConfig),
    /// A signed generic webhook.
    Webhook(WebhookConfig),
    /// The local inbox only (the default).
    Inbox,
}

/// Token-bucket rate limits. A rate of 0 disables that limit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// Sustained packages per second per site.
    pub per_site_per_sec: f64,
    /// Burst per site.
    pub per_site_burst: f64,
    /// Sustained requests per second per client address.
    pub per_client_per_sec: f64,
    /// Burst per client address.
    pub per_client_burst: f64,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            per_site_per_sec: 500.0,
            per_site_burst: 1000.0,
            per_client_per_sec: 20.0,
            per_client_burst: 60.0,
        }
    }
}

/// Delivery worker settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Delivery {
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Attempts before a package is marked failed.
    pub max_attempts: u32,
    /// First retry delay; doubles per attempt, with jitter.
    pub backoff_base_ms: u64,
    /// Largest retry delay (also caps `Retry-After`).
    pub backoff_max_ms: u64,
    /// Per-request timeout. A timeout after sending is ambiguous: the next attempt looks the
    /// package up at the helpdesk first.
    pub timeout_ms: u64,
}

impl Default for Delivery {
    fn default() -> Delivery {
        Delivery {
            concurrency: 16,
            max_attempts: 12,
            backoff_base_ms: 1_000,
            backoff_max_ms: 600_000,
            timeout_ms: 15_000,
        }
    }
}

/// The Intercom Canvas Kit app (the conversation-details sidebar).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntercomCanvas {
    /// The app's client secret: Intercom signs each request body with it (`X-Body-Signature`).
    pub client_secret: Secret,
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// SQLite database file.
    pub db: PathBuf,
    /// Sites and their keys. Empty: only loopback clients may post (local development).
    pub sites: Vec<Site>,
    /// Browser origins allowed when no sites are configured (for the local demo).
    pub allowed_origins: Vec<String>,
    /// A key that lets non-loopback clients read `GET /v1/inbox` (header `X-Handoff-Inbox-Key`).
    pub inbox_key: Option<Secret>,
    /// Largest accepted package, in bytes.
    pub max_package_bytes: usize,
    /// Rate limits.
    pub rate_limits: RateLimits,
    /// Delivery settings.
    pub delivery: Delivery,
    /// Where packages go; `inbox` when absent.
    pub destination: Destination,
    /// SQLite `synchronous` level: `full` (default: the WAL is fsynced at every commit, so an
    /// acknowledged package survives power loss) or `normal` (survives a process crash, may lose
    /// the last commits on power loss).
    pub synchronous: String,
    /// The Intercom Canvas Kit endpoints; they answer 404 when absent.
    pub intercom_canvas: Option<IntercomCanvas>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            db: PathBuf::from("handoff.sqlite"),
            sites: Vec::new(),
            allowed_origins: Vec::new(),
            inbox_key: None,
            max_package_bytes: 256 * 1024,
            rate_limits: RateLimits::default(),
            delivery: Delivery::default(),
            destination: Destination::Inbox,
            synchronous: "full".to_string(),
            intercom_canvas: None,
        }
    }
}

impl Config {
    /// Parses a JSON configuration. Unknown keys are errors, so typos do not go unnoticed.
    pub fn from_json(text: &str) -> Result<Config, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let config: Config =
            serde_path_to_error::deserialize(de).map_err(|e| format!("configuration: {e}"))?;
        config.check()?;
        Ok(config)
    }

    /// Checks values serde cannot.
    pub fn check(&self) -> Result<(), String> {
        if !matches!(self.synchronous.as_str(), "full" | "normal") {
            return Err("configuration: synchronous must be \"full\" or \"normal\"".into());
        }
        if self.delivery.concurrency == 0 || self.delivery.max_attempts == 0 {
            return Err("configuration: delivery.concurrency and max_attempts must be > 0".into());
        }
        if self.max_package_bytes < 1024 {
            return Err("configuration: max_package_bytes must be at least 1024".into());
        }
        if let Some(canvas) = &self.intercom_canvas {
            if canvas.client_secret.expose().len() < 16 {
                return Err(
                    "configuration: intercom_canvas.client_secret must be at least 16 characters"
                        .into(),
                );
            }
        }
        for site in &self.sites {
            if site.key.expose().len() < 16 {
                return Err(format!(
                    "configuration: the key of site {:?} must be at least 16 characters",
                    site.name
                ));
            }
        }
        Ok(())
    }

    /// The destination's name, for logs and `/healthz`.
    pub fn destination_name(&self) -> &'static str {
        match self.destination {
            Destination::Zendesk(_) => "zendesk",
            Destination::Sunshine(_) => "sunshine",
            Destination::Intercom(_) => "intercom",
            Destination::Webhook(_) => "webhook",
            Destination::Inbox => "inbox",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_zendesk_configuration_and_redacts_secrets() {
        let config = Config::from_json(
            r#"{"listen": "127.0.0.1:9000", "sites": [{"name": "shop", "key": "sk_live_0123456789abcdef", "origins": ["https://shop.example"]}],
                "destination": {"zendesk": {"base_url": "https://acme.zendesk.com",
                   "auth": {"basic": {"user": "bot@acme.test/token", "password": "zd-secret-token"}},
                   "skills": {"billing": ["15821cba-7326-11e8-b07e-950ba849aa27"]}}}}"#,
        )
        .unwrap();
        assert_eq!(config.destination_name(), "zendesk");
        assert_eq!(config.delivery.max_attempts, 12);
        let debug = format!("{config:?}");
        assert!(!debug.contains("zd-secret-token") && !debug.contains("sk_live_0123456789abcdef"));
    }

    #[test]
    fn rejects_typos_and_weak_keys() {
        let err = Config::from_json(r#"{"listn": "127.0.0.1:1"}"#).unwrap_err();
        assert!(err.contains("listn"), "{err}");
        let err = Config::from_json(r#"{"sites": [{"name": "a", "key": "short"}]}"#).unwrap_err();
        assert!(err.contains("16 characters"), "{err}");
        assert_eq!(Config::from_json("{}").unwrap().destination_name(), "inbox");
    }
}
