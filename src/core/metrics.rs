//! Handoff metrics from outcome records: handoff rate, time to first response and to resolution
//! after a handoff (p50, p90), CSAT after a transfer, the agents' timing verdicts and missed
//! handoffs, each overall, per reason, per skill and per time bucket. Pure aggregation over
//! in-memory records: the CLI, the relay (`GET /v1/metrics`) and the dashboard share it. The
//! caller chooses the time buckets; nothing here reads a clock.

use std::collections::BTreeMap;

use serde::Serialize;

use super::decision::{Reason, Skill};
use super::error::{Error, ErrorCode};
use super::outcomes::{format_rfc3339, Outcome, Verdict};

/// VADER's usual cut-off: a compound sentiment below this is negative.
pub const DEFAULT_NEGATIVE_BELOW: f32 = -0.05;

/// How to aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsOptions {
    /// Time bucket boundaries in seconds since the Unix epoch, strictly ascending: `n + 1`
    /// boundaries make `n` buckets `[b[i], b[i + 1])`. Empty for no time series.
    pub boundaries: Vec<i64>,
    /// An abandoned conversation without a handoff whose last sentiment is below this value is
    /// a missed handoff.
    pub negative_below: f32,
}

impl Default for MetricsOptions {
    fn default() -> MetricsOptions {
        MetricsOptions {
            boundaries: Vec::new(),
            negative_below: DEFAULT_NEGATIVE_BELOW,
        }
    }
}

/// Order statistics of a duration in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Percentiles {
    /// How many values.
    pub n: usize,
    /// The median, `null` without values.
    pub p50: Option<f64>,
    /// The 90th percentile, `null` without values.
    pub p90: Option<f64>,
}

/// How many handoffs got each verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    /// `right_time`.
    pub right_time: usize,
    /// `too_early`.
    pub too_early: usize,
    /// `too_late`.
    pub too_late: usize,
    /// `not_needed`.
    pub not_needed: usize,
}

impl VerdictCounts {
    /// Every verdict given.
    pub fn total(&self) -> usize {
        self.right_time + self.too_early + self.too_late + self.not_needed
    }
}

/// The metrics of one group of conversations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Conversations in the group.
    pub conversations: usize,
    /// Of which handed to a person.
    pub handoffs: usize,
    /// `handoffs / conversations`; `null` for per-reason groups, which hold handoffs only.
    pub handoff_rate: Option<f64>,
    /// Seconds from handoff to the agent's first response.
    pub first_response_secs: Percentiles,
    /// Seconds from handoff to resolution.
    pub resolution_secs: Percentiles,
    /// CSAT answers after a handoff.
    pub csat_responses: usize,
    /// Mean CSAT (1 to 5) after a handoff.
    pub csat_mean: Option<f64>,
    /// Share of CSAT answers after a handoff that are 4 or 5.
    pub csat_satisfied_rate: Option<f64>,
    /// The agents' verdicts.
    pub verdicts: VerdictCounts,
    /// `too_early / verdicts given`.
    pub too_early_rate: Option<f64>,
    /// `too_late / verdicts given`.
    pub too_late_rate: Option<f64>,
    /// `not_needed / verdicts given`.
    pub not_needed_rate: Option<f64>,
    /// Share of handoffs (that say) where the agent had to ask the customer to repeat something.
    pub asked_to_repeat_rate: Option<f64>,
    /// Conversations abandoned without a handoff.
    pub abandoned_without_handoff: usize,
    /// Abandoned without a handoff and with a negative last sentiment.
    pub missed_handoffs: usize,
    /// `missed_handoffs / conversations`.
    pub missed_rate: Option<f64>,
}

/// One time bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    /// Inclusive start, RFC 3339 UTC.
    pub start: String,
    /// Exclusive end, RFC 3339 UTC.
    pub end: String,
    /// The bucket's metrics.
    pub summary: Summary,
    /// The bucket's handoffs per reason; only reasons seen.
    pub by_reason: BTreeMap<&'static str, Summary>,
    /// The bucket's conversations per skill; only skills seen.
    pub by_skill: BTreeMap<&'static str, Summary>,
}

/// Every metric: overall, per reason, per skill and over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// All conversations.
    pub overall: Summary,
    /// Handoffs per reason (a handoff with two reasons counts in both); only reasons seen.
    pub by_reason: BTreeMap<&'static str, Summary>,
    /// Conversations per skill; only skills seen.
    pub by_skill: BTreeMap<&'static str, Summary>,
    /// Per time bucket, in order (empty buckets included, so charts have no gaps).
    pub over_time: Vec<Bucket>,
    /// Records without a usable `ts`, left out of `over_time`.
    pub undated: usize,
    /// Records dated outside every bucket.
    pub outside_buckets: usize,
}

/// Aggregates outcome records (already merged, one per conversation; see
/// [`super::outcomes::merge`]). Fails only on bad options.
pub fn compute(records: &[Outcome], options: &MetricsOptions) -> Result<Metrics, Error> {
    if !options.negative_below.is_finite() || !(-1.0..=1.0).contains(&options.negative_below) {
        return Err(
            Error::new(ErrorCode::InvalidValue, "must be from -1 to 1").at("negative_below")
        );
    }
    if options.boundaries.windows(2).any(|w| w[0] >= w[1]) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "bucket boundaries must be strictly ascending",
        )
        .at("boundaries"));
    }
    let all: Vec<&Outcome> = records.iter().collect();
    let overall = summarise(&all, options, true);
    let (by_reason, by_skill) = breakdowns(&all, options);

    let mut undated = 0;
    let mut outside = 0;
    let bucket_count = options.boundaries.len().saturating_sub(1);
    let mut grouped: Vec<Vec<&Outcome>> = vec![Vec::new(); bucket_count];
    for r in records {
        match r.unix_ts() {
            None => undated += 1,
            Some(t) => match bucket_of(&options.boundaries, t) {
                Some(i) => grouped[i].push(r),
                None => outside += 1,
            },
        }
    }
    let over_time = grouped
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let (by_reason, by_skill) = breakdowns(group, options);
            Bucket {
                start: format_rfc3339(options.boundaries[i]),
                end: format_rfc3339(options.boundaries[i + 1]),
                summary: summarise(group, options, true),
                by_reason,
                by_skill,
            }
        })
        .collect();
    Ok(Metrics {
        overall,
        by_reason,
        by_skill,
        over_time,
        undated,
        outside_buckets: outside,
    })
}

type Breakdown = BTreeMap<&'static str, Summary>;

/// Per-reason (handoffs only) and per-skill summaries of a group.
fn breakdowns(group: &[&Outcome], options: &MetricsOptions) -> (Breakdown, Breakdown) {
    let mut by_reason = BTreeMap::new();
    for reason in Reason::ALL {
        let sub: Vec<&Outcome> = group
            .iter()
            .copied()
            .filter(|r| r.handed_off() && r.reasons.contains(&reason))
            .collect();
        if !sub.is_empty() {
            by_reason.insert(reason.as_str(), summarise(&sub, options, false));
        }
    }
    let mut by_skill = BTreeMap::new();
    for skill in Skill::ALL {
        let sub: Vec<&Outcome> = group
            .iter()
            .copied()
            .filter(|r| r.skill == Some(skill))
            .collect();
        if !sub.is_empty() {
            by_skill.insert(skill.as_str(), summarise(&sub, options, true));
        }
    }
    (by_reason, by_skill)
}

/// Calendar intervals for time series (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// Hours.
    Hour,
    /// Days, from midnight UTC.
    Day,
    /// Weeks, from Monday midnight UTC.
    Week,
}

impl Interval {
    /// Parses `hour`, `day` or `week`.
    pub fn parse(s: &str) -> Result<Interval, Error> {
        match s {
            "hour" => Ok(Interval::Hour),
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            other => Err(Error::new(
                ErrorCode::InvalidValue,
                format!("must be hour, day or week, got {other:?}"),
            )
            .at("bucket")),
        }
    }

    /// The length in seconds and an aligned origin (1970-01-05 was a Monday).
    fn step_and_origin(self) -> (i64, i64) {
        match self {
            Interval::Hour => (3600, 0),
            Interval::Day => (86_400, 0),
            Interval::Week => (7 * 86_400, 4 * 86_400),
        }
    }
}

/// Boundaries of calendar buckets from the earliest to the latest dated record, at most
/// `limit` buckets (the latest). What the CLI and the relay use to fill
/// [`MetricsOptions::boundaries`].
pub fn boundaries_for(records: &[Outcome], interval: Interval, limit: usize) -> Vec<i64> {
    let times = records.iter().filter_map(Outcome::unix_ts);
    let (min, max) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    let (step, origin) = interval.step_and_origin();
    uniform_boundaries(min, max, step, origin, limit)
}

/// The bucket `[b[i], b[i + 1])` holding `t`, if any.
fn bucket_of(boundaries: &[i64], t: i64) -> Option<usize> {
    if boundaries.len() < 2 || t < boundaries[0] || t >= boundaries[boundaries.len() - 1] {
        return None;
    }
    // The number of boundaries <= t, minus one.
    Some(boundaries.partition_point(|&b| b <= t) - 1)
}

/// Boundaries of equal buckets of `step` seconds covering `[min, max]`, aligned on multiples of
/// `step` counted from `origin` (for example a Monday for weeks). Empty when `step` is not
/// positive or `min > max`; at most `limit` buckets, the latest ones.
pub fn uniform_boundaries(min: i64, max: i64, step: i64, origin: i64, limit: usize) -> Vec<i64> {
    if step <= 0 || min > max || limit == 0 {
        return Vec::new();
    }
    let first = origin + (min - origin).div_euclid(step) * step;
    let last = origin + (max - origin).div_euclid(step) * step + step;
    let count = ((last - first) / step) as usize;
    let skip = count.saturating_sub(limit);
    (skip..=count).map(|i| first + i as i64 * step).collect()
}

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The `p`-th quantile (0 to 1) by linear interpolation between closest ranks (the default of
/// R and numpy): for sorted values `x`, `h = (n - 1) p`, result `x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] -
/// x[⌊h⌋])`. `None` for no values.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

fn percentiles(mut values: Vec<f64>) -> Percentiles {
    values.sort_by(f64::total_cmp);
    Percentiles {
        n: values.len(),
        p50: quantile(&values, 0.5),
        p90: quantile(&values, 0.9),
    }
}

/// Whether a record is a missed handoff.
pub fn is_missed(r: &Outcome, negative_below: f32) -> bool {
    !r.handed_off() && r.is_abandoned() && r.sentiment.is_some_and(|s| s < negative_below)
}

fn summarise(group: &[&Outcome], options: &MetricsOptions, with_rate: bool) -> Summary {
    let handed: Vec<&&Outcome> = group.iter().filter(|r| r.handed_off()).collect();
    let mut verdicts = VerdictCounts::default();
    for v in handed.iter().filter_map(|r| r.verdict) {
        match v {
            Verdict::RightTime => verdicts.right_time += 1,
            Verdict::TooEarly => verdicts.too_early += 1,
            Verdict::TooLate => verdicts.too_late += 1,
            Verdict::NotNeeded => verdicts.not_needed += 1,
        }
    }
    let csat: Vec<u8> = handed.iter().filter_map(|r| r.csat).collect();
    let repeat: Vec<bool> = handed.iter().filter_map(|r| r.asked_to_repeat).collect();
    let missed = group
        .iter()
        .filter(|r| is_missed(r, options.negative_below))
        .count();
    let total = verdicts.total();
    Summary {
        conversations: group.len(),
        handoffs: handed.len(),
        handoff_rate: if with_rate {
            rate(handed.len(), group.len())
        } else {
            None
        },
        first_response_secs: percentiles(
            handed
                .iter()
                .filter_map(|r| r.first_response_secs)
                .collect(),
        ),
        resolution_secs: percentiles(handed.iter().filter_map(|r| r.resolution_secs).collect()),
        csat_responses: csat.len(),
        csat_mean: (!csat.is_empty())
            .then(|| csat.iter().map(|&c| f64::from(c)).sum::<f64>() / csat.len() as f64),
        csat_satisfied_rate: rate(csat.iter().filter(|&&c| c >= 4).count(), csat.len()),
        too_early_rate: rate(verdicts.too_early, total),
        too_late_rate: rate(verdicts.too_late, total),
        not_needed_rate: rate(verdicts.not_needed, total),
        verdicts,
        asked_to_repeat_rate: rate(repeat.iter().filter(|&&b| b).count(), repeat.len()),
        abandoned_without_handoff: group
            .iter()
            .filter(|r| !r.handed_off() && r.is_abandoned())
            .count(),
        missed_handoffs: missed,
        missed_rate: rate(missed, group.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let x = [10.0, 20.0, 30.0, 40.0];
        assert_eq!(quantile(&x, 0.5), Some(25.0));
        assert!((quantile(&x, 0.9).unwrap() - 37.0).abs() < 1e-9);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn buckets() {
        let b = [0, 10, 20];
        assert_eq!(bucket_of(&b, -1), None);
        assert_eq!(bucket_of(&b, 0), Some(0));
        assert_eq!(bucket_of(&b, 10), Some(1));
        assert_eq!(bucket_of(&b, 19), Some(1));
        assert_eq!(bucket_of(&b, 20), None);
        assert_eq!(uniform_boundaries(5, 25, 10, 0, 100), vec![0, 10, 20, 30]);
        assert_eq!(uniform_boundaries(5, 25, 10, 0, 2), vec![10, 20, 30]);
        assert_eq!(uniform_boundaries(-5, -5, 10, 3, 9), vec![-7, 3]);
        assert!(uniform_boundaries(5, 4, 10, 0, 9).is_empty());
    }

    #[test]
    fn bad_options_are_errors() {
        let opts = MetricsOptions {
            boundaries: vec![10, 10],
            ..MetricsOptions::default()
        };
        assert_eq!(compute(&[], &opts).unwrap_err().field(), Some("boundaries"));
        let opts = MetricsOptions {
            negative_below: f32::NAN,
            ..MetricsOptions::default()
        };
        assert_eq!(compute(&[], &opts).unwrap_err().code(), "invalid_value");
    }

    #[test]
    fn empty_input_has_null_rates() {
        let m = compute(&[], &MetricsOptions::default()).unwrap();
        assert_eq!(m.overall.conversations, 0);
        assert_eq!(m.overall.handoff_rate, None);
        assert_eq!(m.overall.resolution_secs.p50, None);
        assert!(m.by_reason.is_empty() && m.over_time.is_empty());
    }
}
