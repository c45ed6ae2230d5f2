//! Outcome events: what happened to a conversation after the engine's decision (who resolved
//! it, how fast, how satisfied the customer was, what the agent thought of the handoff's
//! timing). They arrive as JSON Lines in the CLI and as `POST /v1/outcomes` on the relay; this
//! module only describes the shape, validates it with stable error codes and merges partial
//! events about the same conversation. It must not read files, clocks or the network: callers
//! hand it decoded values.

use serde::{Deserialize, Serialize};

use super::decision::{Reason, Skill};
use super::error::{Error, ErrorCode};
use super::wire::decode_error;

/// The outcome schema version this engine reads and writes.
pub const OUTCOME_VERSION: u32 = 1;

/// The agent's verdict on the handoff's timing, from the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The handoff came at the right moment.
    RightTime,
    /// The bot could have handled more before handing off.
    TooEarly,
    /// The customer should have reached a person sooner.
    TooLate,
    /// The conversation did not need a person at all.
    NotNeeded,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 4] = [
        Verdict::RightTime,
        Verdict::TooEarly,
        Verdict::TooLate,
        Verdict::NotNeeded,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::RightTime => "right_time",
            Verdict::TooEarly => "too_early",
            Verdict::TooLate => "too_late",
            Verdict::NotNeeded => "not_needed",
        }
    }
}

/// One outcome event. Only `conversation_id` is required: events about the same conversation
/// may arrive in pieces (the agent's verdict from the sidebar, the CSAT survey a day later) and
/// are combined with [`merge`]. Unknown fields are ignored, as in every wire format of Handoff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Schema version; [`OUTCOME_VERSION`] when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<u32>,
    /// The conversation's id (the `id` of the conversation line).
    pub conversation_id: String,
    /// The handoff's id, present when the conversation was handed to a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_id: Option<String>,
    /// When the conversation ended (RFC 3339), used for metrics over time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<String>,
    /// The reasons of the handoff, strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// The team the conversation was routed to (or its topic when there was no handoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<Skill>,
    /// The 0-based index of the message after which the conversation was handed off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_turn: Option<usize>,
    /// Seconds from the handoff to the agent's first response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_secs: Option<f64>,
    /// Seconds from the handoff to the resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_secs: Option<f64>,
    /// Customer satisfaction, 1 (worst) to 5 (best).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<u8>,
    /// The agent's verdict on the handoff's timing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Whether the agent had to ask the customer to repeat something the bot already knew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_to_repeat: Option<bool>,
    /// Whether the customer left before the conversation was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abandoned: Option<bool>,
    /// The customer's last sentiment in [-1, 1] (VADER's compound convention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<f32>,
}

impl Outcome {
    /// Reads an outcome from any serde deserializer (JSON text in the CLI, a request body in the
    /// relay) and validates it. Errors carry a stable code and the field's path.
    pub fn from_deserializer<'de, D>(deserializer: D) -> Result<Outcome, Error>
    where
        D: serde::Deserializer<'de>,
    {
        let outcome: Outcome = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            // serde_path_to_error says `?` when a syntax error leaves no path.
            let path = e.path().to_string().replace('?', "");
            decode_error(&e.into_inner().to_string(), path.trim_matches('.'))
        })?;
        outcome.validate()?;
        Ok(outcome)
    }

    /// Whether the conversation was handed to a person.
    pub fn handed_off(&self) -> bool {
        self.handoff_id.is_some()
    }

    /// Whether the customer abandoned the conversation.
    pub fn is_abandoned(&self) -> bool {
        self.abandoned == Some(true)
    }

    /// The end time in seconds since the Unix epoch, when `ts` is present and valid.
    pub fn unix_ts(&self) -> Option<i64> {
        self.ts.as_deref().and_then(|t| parse_rfc3339(t).ok())
    }

    /// Checks ranges and cross-field rules. Every error names its field.
    pub fn validate(&self) -> Result<(), Error> {
        let invalid = |field: &str, message: String| {
            Err(Error::new(ErrorCode::InvalidValue, message).at(field.to_string()))
        };
        if let Some(v) = self.v {
            if v != OUTCOME_VERSION {
                return invalid(
                    "v",
                    format!("this engine reads outcome version {OUTCOME_VERSION}, got {v}"),
                );
            }
        }
        if self.conversation_id.trim().is_empty() {
            return invalid("conversation_id", "must not be empty".to_string());
        }
        if let Some(h) = &self.handoff_id {
            if h.trim().is_empty() {
                return invalid("handoff_id", "must not be empty".to_string());
            }
        }
        if let Some(ts) = &self.ts {
            parse_rfc3339(ts).map_err(|e| e.at("ts"))?;
        }
        for (value, field) in [
            (self.first_response_secs, "first_response_secs"),
            (self.resolution_secs, "resolution_secs"),
        ] {
            if let Some(v) = value {
                if !(v.is_finite() && v >= 0.0) {
                    return invalid(field, format!("must be a number of seconds >= 0, got {v}"));
                }
            }
        }
        if let Some(c) = self.csat {
            if !(1..=5).contains(&c) {
                return invalid("csat", format!("must be from 1 to 5, got {c}"));
            }
        }
        if let Some(s) = self.sentiment {
            if !(s.is_finite() && (-1.0..=1.0).contains(&s)) {
                return invalid("sentiment", format!("must be from -1 to 1, got {s}"));
            }
        }
        // Fields that only make sense after a handoff.
        if !self.handed_off() {
            let handoff_only = [
                ("handoff_turn", self.handoff_turn.is_some()),
                ("first_response_secs", self.first_response_secs.is_some()),
                ("verdict", self.verdict.is_some()),
                ("asked_to_repeat", self.asked_to_repeat.is_some()),
                ("reasons", !self.reasons.is_empty()),
            ];
            if let Some((field, _)) = handoff_only.iter().find(|(_, present)| *present) {
                return invalid(
                    field,
                    "is only meaningful after a handoff, but handoff_id is absent".to_string(),
                );
            }
        }
        Ok(())
    }
}

/// Combines events about the same conversation into one record per conversation, in order of
/// first appearance. A later event's present fields override earlier ones; absent fields keep
/// what was already known, so a CSAT event does not erase an earlier verdict.
pub fn merge(events: impl IntoIterator<Item = Outcome>) -> Vec<Outcome> {
    let mut merged: Vec<Outcome> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for e in events {
        match index.get(&e.conversation_id) {
            None => {
                index.insert(e.conversation_id.clone(), merged.len());
                merged.push(e);
            }
            Some(&i) => {
                let m = &mut merged[i];
                fn take<T>(into: &mut Option<T>, from: Option<T>) {
                    if from.is_some() {
                        *into = from;
                    }
                }
                take(&mut m.v, e.v);
                take(&mut m.handoff_id, e.handoff_id);
                take(&mut m.ts, e.ts);
                if !e.reasons.is_empty() {
                    m.reasons = e.reasons;
                }
                take(&mut m.skill, e.skill);
                take(&mut m.handoff_turn, e.handoff_turn);
                take(&mut m.first_response_secs, e.first_response_secs);
                take(&mut m.resolution_secs, e.resolution_secs);
                take(&mut m.csat, e.csat);
                take(&mut m.verdict, e.verdict);
                take(&mut m.asked_to_repeat, e.asked_to_repeat);
                take(&mut m.abandoned, e.abandoned);
                take(&mut m.sentiment, e.sentiment);
            }
        }
    }
    merged
}

/// Parses an RFC 3339 timestamp (`2026-11-20T10:00:00Z`, `2026-11-20T11:00:00.250+01:00`) into
/// whole seconds since the Unix epoch (fractions are dropped). A bare date (`2026-11-20`) means
/// its midnight UTC. Errors are `invalid_value`.
pub fn parse_rfc3339(s: &str) -> Result<i64, Error> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidValue,
            format!("expected an RFC 3339 timestamp such as 2026-11-20T10:00:00Z, got {s:?}"),
        )
    };
    let b = s.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Result<i64, Error> {
        let part = b.get(range).ok_or_else(bad)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        Ok(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(bad());
    }
    let mut secs = days_from_civil(year, month, day) * 86_400;
    if b.len() == 10 {
        return Ok(secs);
    }
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // A leap second (60) is accepted and counted as the next second.
    if hour > 23 || minute > 59 || second > 60 {
        return Err(bad());
    }
    secs += hour * 3600 + minute * 60 + second;
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(bad());
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => Ok(secs),
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return Err(bad());
            }
            let offset = oh * 3600 + om * 60;
            Ok(if sign == b'+' {
                secs - offset
            } else {
                secs + offset
            })
        }
        _ => Err(bad()),
    }
}

/// Formats seconds since the Unix epoch as an RFC 3339 UTC timestamp.
pub fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Outcome, Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        Outcome::from_deserializer(&mut de)
    }

    #[test]
    fn full_event_round_trips() {
        let o = parse(
            r#"{"conversation_id":"c1","handoff_id":"h1","ts":"2026-11-20T10:00:00Z",
                "reasons":["frustration","loop"],"skill":"billing","handoff_turn":4,
                "first_response_secs":30,"resolution_secs":600.5,"csat":4,
                "verdict":"too_late","asked_to_repeat":true,"extra":"ignored"}"#,
        )
        .unwrap();
        assert_eq!(o.verdict, Some(Verdict::TooLate));
        assert_eq!(o.reasons, vec![Reason::Frustration, Reason::Loop]);
        assert_eq!(o.unix_ts(), Some(1_795_168_800));
        let text = serde_json::to_string(&o).unwrap();
        assert!(!text.contains("extra"));
        assert_eq!(parse(&text).unwrap(), o);
    }

    #[test]
    fn errors_have_codes_and_fields() {
        let cases = [
            (r#"{"handoff_id":"h"}"#, "missing_field", None),
            (
                r#"{"conversation_id":"c","csat":6}"#,
                "invalid_value",
                Some("csat"),
            ),
            (
                r#"{"conversation_id":"c","csat":"5"}"#,
                "invalid_type",
                Some("csat"),
            ),
            (
                r#"{"conversation_id":"c","handoff_id":"h","verdict":"meh"}"#,
                "invalid_value",
                Some("verdict"),
            ),
            (
                r#"{"conversation_id":"c","verdict":"too_late"}"#,
                "invalid_value",
                Some("verdict"),
            ),
            (
                r#"{"conversation_id":" "}"#,
                "invalid_value",
                Some("conversation_id"),
            ),
            (
                r#"{"conversation_id":"c","ts":"yesterday"}"#,
                "invalid_value",
                Some("ts"),
            ),
            (
                r#"{"conversation_id":"c","resolution_secs":-1}"#,
                "invalid_value",
                Some("resolution_secs"),
            ),
            (
                r#"{"conversation_id":"c","sentiment":-1.5}"#,
                "invalid_value",
                Some("sentiment"),
            ),
            (
                r#"{"conversation_id":"c","v":2}"#,
                "invalid_value",
                Some("v"),
            ),
            (r#"{"conversation_id":"c","#, "invalid_json", None),
        ];
        for (json, code, field) in cases {
            let err = parse(json).unwrap_err();
            assert_eq!((err.code(), err.field()), (code, field), "{json}: {err}");
        }
    }

    #[test]
    fn merge_keeps_known_fields() {
        let a = parse(r#"{"conversation_id":"c","handoff_id":"h","verdict":"right_time"}"#);
        let b = parse(r#"{"conversation_id":"d"}"#);
        let c = parse(r#"{"conversation_id":"c","handoff_id":"h","csat":2,"verdict":"too_late"}"#);
        let merged = merge([a.unwrap(), b.unwrap(), c.unwrap()]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].conversation_id, "c");
        assert_eq!(merged[0].handoff_id.as_deref(), Some("h"));
        assert_eq!(merged[0].csat, Some(2));
        assert_eq!(merged[0].verdict, Some(Verdict::TooLate));
        assert_eq!(merged[1].conversation_id, "d");
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(parse_rfc3339("2000-03-01").unwrap(), 951_868_800);
        assert_eq!(
            parse_rfc3339("2026-11-20T11:30:00.25+01:30").unwrap(),
            parse_rfc3339("2026-11-20T10:00:00Z").unwrap()
        );
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z").unwrap(), -1);
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-11-20T10:00:00",
            "2026-11-20T24:00:00Z",
            "2026-11-20T10:00:00.Z",
            "2026-11-20T10:00:00+0100",
            "20261120",
            "",
        ] {
            assert_eq!(
                parse_rfc3339(bad).unwrap_err().code(),
                "invalid_value",
                "{bad}"
            );
        }
        for secs in [0, 951_868_800, 1_795_168_800, -86_401, 4_102_444_799] {
            assert_eq!(parse_rfc3339(&format_rfc3339(secs)).unwrap(), secs);
        }
        assert_eq!(format_rfc3339(1_795_168_800), "2026-11-20T10:00:00Z");
    }
}
