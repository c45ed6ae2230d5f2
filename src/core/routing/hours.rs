//! Weekly opening hours: business hours for the offline path and agent shift schedules. The
//! core has no clock, so every question takes the time as Unix seconds (UTC) and a fixed UTC
//! offset; the weekday is computed arithmetically (1970-01-01 was a Thursday). Daylight-saving
//! changes are the host's business: it sends the offset in force.

use serde::Serialize;

use crate::core::error::{Error, ErrorCode};
use crate::core::json_de::{struct_from_json, variant, DeError, FromJson, Value};

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

/// A day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// Every day, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    fn index(self) -> i64 {
        self as i64
    }

    /// The wire name (`mon`).
    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }
}

impl FromJson for Weekday {
    fn from_json(value: Value) -> Result<Weekday, DeError> {
        variant(value, "enum Weekday", &Weekday::ALL, Weekday::as_str)
    }
}

/// One opening window, applied on each of `days`, from `open` to `close` local time
/// (`"HH:MM"`, `close` may be `"24:00"`; a window does not cross midnight, so split one that
/// does into two).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// The days the window applies to.
    pub days: Vec<Weekday>,
    /// Opening time, `"HH:MM"`.
    pub open: String,
    /// Closing time, `"HH:MM"`, after `open`.
    pub close: String,
}

/// A weekly schedule: a UTC offset and opening windows. Open when any window contains the time.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct WeeklyHours {
    /// Minutes east of UTC of the local time the windows are written in (for example 60 for
    /// Central European winter time), from -840 to 840.
    pub utc_offset_minutes: i32,
    /// The windows.
    pub windows: Vec<Window>,
}

struct_from_json! {
    /// Every field is required; unknown fields are rejected.
    Window as "struct Window",
    start: Window { days: Vec::new(), open: String::new(), close: String::new() },
    required: 0b111, deny_unknown: true,
    { "days" => days, "open" => open, "close" => close }
}

struct_from_json! {
    /// Every field is optional; unknown fields are rejected.
    WeeklyHours as "struct WeeklyHours",
    start: WeeklyHours::default(),
    required: 0, deny_unknown: true,
    { "utc_offset_minutes" => utc_offset_minutes, "windows" => windows }
}

/// serde reads an agent's schedule through the same decoder (see `json_de::deserialize_via`).
impl<'de> serde::Deserialize<'de> for WeeklyHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WeeklyHours, D::Error> {
        crate::core::json_de::deserialize_via(d)
    }
}

/// Parses `"HH:MM"` into minutes after midnight (`"24:00"` allowed).
fn parse_hhmm(s: &str) -> Option<i64> {
    // Digit by digit: `str::parse` would link an integer parser into the wasm for these four
    // digits alone.
    let &[h1, h2, b':', m1, m2] = s.as_bytes() else {
        return None;
    };
    let mut n = [0; 4];
    for (slot, b) in n.iter_mut().zip([h1, h2, m1, m2]) {
        if !b.is_ascii_digit() {
            return None;
        }
        *slot = i64::from(b - b'0');
    }
    let (h, m) = (n[0] * 10 + n[1], n[2] * 10 + n[3]);
    match (h, m) {
        (24, 0) => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

impl WeeklyHours {
    /// Checks the offset, the times and that each window opens before it closes.
    pub fn validate(&self) -> Result<(), Error> {
        if !(-840..=840).contains(&self.utc_offset_minutes) {
            // The number through the JSON writer's integer code: the wasm would link the
            // formatter's i32 code for this message alone.
            let mut got = String::new();
            crate::core::json::write_i64(&mut got, self.utc_offset_minutes.into());
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                format!("must be from -840 to 840 minutes, got {got}"),
            )
            .at("utc_offset_minutes"));
        }
        if self.windows.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidPolicy,
                "needs at least one window (omit the schedule to be always open)",
            )
            .at("windows"));
        }
        for (i, w) in self.windows.iter().enumerate() {
            let at = |field: &str| format!("windows[{i}].{field}");
            let bad_time = |field: &str, v: &str| {
                Error::new(
                    ErrorCode::InvalidPolicy,
                    format!(
                        "must be a time \"HH:MM\" from 00:00 to 24:00, got {}",
                        crate::core::error::Quoted(v)
                    ),
                )
                .at(at(field))
            };
            let open = parse_hhmm(&w.open).ok_or_else(|| bad_time("open", &w.open))?;
            let close = parse_hhmm(&w.close).ok_or_else(|| bad_time("close", &w.close))?;
            if open >= close {
                return Err(Error::new(
                    ErrorCode::InvalidPolicy,
                    format!(
                        "must be after open ({}); split a window that crosses midnight in two",
                        w.open
                    ),
                )
                .at(at("close")));
            }
            if w.days.is_empty() {
                return Err(
                    Error::new(ErrorCode::InvalidPolicy, "must name at least one day")
                        .at(at("days")),
                );
            }
        }
        Ok(())
    }

    /// The windows as (start, end) seconds from Monday 00:00 local time; unparsable windows
    /// (which `validate` rejects) are skipped.
    fn week_spans(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.windows.iter().flat_map(|w| {
            let span = parse_hhmm(&w.open).zip(parse_hhmm(&w.close));
            w.days.iter().filter_map(move |d| {
                span.map(|(o, c)| (d.index() * DAY + o * 60, d.index() * DAY + c * 60))
            })
        })
    }

    /// Seconds since Monday 00:00 local time for Unix time `now` (whole seconds; fractions
    /// are carried separately by the callers that need them).
    fn week_second(&self, now: f64) -> i64 {
        let local = now.floor() as i64 + i64::from(self.utc_offset_minutes) * 60;
        // 1970-01-01 was a Thursday: shift so that day 0 is a Monday.
        (local + 3 * DAY).rem_euclid(WEEK)
    }

    /// Whether the schedule is open at Unix time `now` (seconds).
    pub fn is_open(&self, now: f64) -> bool {
        let s = self.week_second(now);
        self.week_spans().any(|(a, b)| a <= s && s < b)
    }

    /// Seconds from `now` until the schedule next opens: 0 when open, `None` when it never
    /// opens (no windows).
    pub fn seconds_until_open(&self, now: f64) -> Option<f64> {
        if self.is_open(now) {
            return Some(0.0);
        }
        let s = self.week_second(now);
        let frac = now - now.floor();
        self.week_spans()
            .map(|(a, _)| (a - s).rem_euclid(WEEK))
            .min()
            .map(|d| d as f64 - frac)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-11-23 00:00:00 UTC.
    const MONDAY: f64 = 1_795_392_000.0;

    fn office(offset: i32) -> WeeklyHours {
        WeeklyHours {
            utc_offset_minutes: offset,
            windows: vec![Window {
                days: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ],
                open: "09:00".into(),
                close: "17:30".into(),
            }],
        }
    }

    #[test]
    fn open_and_closed_times_with_offsets() {
        let h = office(0);
        assert!(!h.is_open(MONDAY + 8.0 * 3600.0));
        assert!(h.is_open(MONDAY + 9.0 * 3600.0));
        assert!(h.is_open(MONDAY + 17.0 * 3600.0 + 29.0 * 60.0));
        assert!(!h.is_open(MONDAY + 17.5 * 3600.0));
        // Saturday noon is closed; the next opening is Monday 09:00, 45 hours later.
        let saturday_noon = MONDAY + 5.0 * 86_400.0 + 12.0 * 3600.0;
        assert!(!h.is_open(saturday_noon));
        assert_eq!(h.seconds_until_open(saturday_noon), Some(45.0 * 3600.0));
        // At UTC+2, 07:30 UTC is 09:30 local: open.
        assert!(office(120).is_open(MONDAY + 7.5 * 3600.0));
        assert!(!office(0).is_open(MONDAY + 7.5 * 3600.0));
        // West of UTC, Monday 02:00 UTC is still Sunday locally.
        assert_eq!(
            office(-300).seconds_until_open(MONDAY + 2.0 * 3600.0),
            Some(12.0 * 3600.0)
        );
    }

    #[test]
    fn times_are_two_digits_colon_two_digits() {
        assert_eq!(parse_hhmm("00:00"), Some(0));
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("23:59"), Some(23 * 60 + 59));
        assert_eq!(parse_hhmm("24:00"), Some(24 * 60));
        for bad in [
            "24:01", "25:00", "12:60", "9:00", "09:0", "09:000", "0930", "09-30", "+9:30", "-1:30",
            "0a:00", "09:3b", "", "09:30 ", "０9:30",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn validation_names_the_field() {
        let mut h = office(0);
        h.windows[0].close = "08:00".into();
        assert_eq!(h.validate().unwrap_err().field(), Some("windows[0].close"));
        h.windows[0].close = "25:00".into();
        assert_eq!(h.validate().unwrap_err().field(), Some("windows[0].close"));
        h.windows[0].close = "24:00".into();
        assert!(h.validate().is_ok());
        h.utc_offset_minutes = 1000;
        assert_eq!(
            h.validate().unwrap_err().field(),
            Some("utc_offset_minutes")
        );
    }
}
