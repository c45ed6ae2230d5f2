//! `handoff package`: replays each conversation through the engine (as `replay` does), then
//! builds its handoff package and compact form, redacted, and writes one line per
//! conversation: `{"id": ..., "package": {...}, "compact": {...}}`.
//!
//! The package id needs a creation time and a nonce (the core has neither clock nor
//! randomness): `--created-at` defaults to the current UTC time, and the nonce is the
//! conversation's id, prefixed by `--nonce` when given. So a rerun with the same
//! `--created-at` reproduces the same ids, and identical conversations under different ids get
//! different package ids.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use handoff::core::package::{is_rfc3339, Compact, Inputs, Package};
use handoff::core::redact::RedactionPolicy;
use handoff::core::wire::ConversationIn;
use handoff::core::Engine;
use serde::Serialize;

use crate::jsonl::{run_lines, Io, Report};

/// Options of `package`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    io: Io,
    /// Creation time of every package (RFC 3339); the current UTC time when omitted.
    #[arg(long)]
    created_at: Option<String>,
    /// A nonce mixed into every package id (each conversation's id is always mixed in too).
    #[arg(long)]
    nonce: Option<String>,
    /// A redaction policy (JSON: kinds to switch off, extra patterns, allow-listed query keys);
    /// overrides the `redaction` section of `--policy` when given.
    #[arg(long)]
    redaction: Option<PathBuf>,
}

/// One output line.
#[derive(Debug, Serialize)]
struct PackageOut {
    id: String,
    package: Package,
    compact: Compact,
}

/// Runs the verb.
pub fn run(args: &Args) -> Result<Report, String> {
    let policy = args.io.policy()?;
    let redaction = match &args.redaction {
        None => policy.redaction.clone(),
        Some(path) => load_redaction(path)?,
    };
    let created_at = match &args.created_at {
        Some(t) if is_rfc3339(t) => t.clone(),
        Some(t) => return Err(format!("--created-at {t:?} is not an RFC 3339 date-time")),
        None => now_rfc3339(),
    };
    let mut engine = Engine::new(policy);
    run_lines(&args.io, |conversation: ConversationIn| {
        // The same feed as `replay`: the first decision to hand off, or else the last.
        let decision =
            crate::replay::replay_one(&mut engine, conversation.customer, conversation.messages);
        let nonce = match &args.nonce {
            Some(n) => format!("{n}:{}", conversation.id),
            None => conversation.id.clone(),
        };
        let package = Package::build(&Inputs::from_engine(
            &engine,
            &decision,
            conversation.page.as_ref(),
            &redaction,
            &created_at,
            &nonce,
        ))?;
        let compact = package.compact();
        Ok(PackageOut {
            id: conversation.id,
            package,
            compact,
        })
    })
}

fn load_redaction(path: &PathBuf) -> Result<RedactionPolicy, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read redaction policy {}: {e}", path.display()))?;
    RedactionPolicy::from_json(&text)
        .map_err(|e| format!("redaction policy {}: {e}", path.display()))
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_rfc3339() {
        let now = now_rfc3339();
        assert!(is_rfc3339(&now), "{now}");
        assert!(now.as_str() > "2026-01-01");
    }
}
