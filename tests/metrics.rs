//! Metrics match values computed by hand on `tests/fixtures/outcomes/small.jsonl` (ten
//! conversations, one of them reported in two events). The hand computation is in the comments
//! next to each assertion.
#![cfg(not(target_arch = "wasm32"))]

use handoff::core::metrics::{boundaries_for, compute, Interval, Metrics, MetricsOptions};
use handoff::core::outcomes::{merge, parse_rfc3339, Outcome};

const FIXTURE: &str = include_str!("fixtures/outcomes/small.jsonl");

fn events() -> Vec<Outcome> {
    FIXTURE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut de = serde_json::Deserializer::from_str(l);
            Outcome::from_deserializer(&mut de).unwrap()
        })
        .collect()
}

fn metrics(boundaries: Vec<i64>) -> Metrics {
    let events = events();
    assert_eq!(events.len(), 11);
    let records = merge(events);
    compute(
        &records,
        &MetricsOptions {
            boundaries,
            ..MetricsOptions::default()
        },
    )
    .unwrap()
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn overall_matches_hand_computed_values() {
    let m = metrics(Vec::new());
    let o = &m.overall;
    // c1..c10; handed off: c1, c2, c3, c4, c9, c10.
    assert_eq!((o.conversations, o.handoffs), (10, 6));
    close(o.handoff_rate, 0.6);
    // First response: 30, 45, 60, 90, 120 -> p50 = 60; p90 at rank 3.6 = 90 + 0.6 * 30 = 108.
    assert_eq!(o.first_response_secs.n, 5);
    close(o.first_response_secs.p50, 60.0);
    close(o.first_response_secs.p90, 108.0);
    // Resolution: 300, 600, 900, 1200, 1500 (c10's second event), 2400.
    // p50 at rank 2.5 = 1050; p90 at rank 4.5 = 1500 + 0.5 * 900 = 1950.
    assert_eq!(o.resolution_secs.n, 6);
    close(o.resolution_secs.p50, 1050.0);
    close(o.resolution_secs.p90, 1950.0);
    // CSAT after a handoff: 5, 2, 4, 3, 4 (c7's 5 was no transfer) -> mean 3.6; 3 of 5 >= 4.
    assert_eq!(o.csat_responses, 5);
    close(o.csat_mean, 3.6);
    close(o.csat_satisfied_rate, 0.6);
    // Verdicts: right_time c1, c10; too_late c2; too_early c3; not_needed c4.
    assert_eq!(
        (
            o.verdicts.right_time,
            o.verdicts.too_late,
            o.verdicts.too_early,
            o.verdicts.not_needed
        ),
        (2, 1, 1, 1)
    );
    close(o.too_early_rate, 0.2);
    close(o.too_late_rate, 0.2);
    close(o.not_needed_rate, 0.2);
    // Asked to repeat: c1 no, c2 yes, c3 no, c10 yes.
    close(o.asked_to_repeat_rate, 0.5);
    // Abandoned without handoff: c5 (sentiment -0.6, missed) and c6 (0.1, not missed).
    assert_eq!((o.abandoned_without_handoff, o.missed_handoffs), (2, 1));
    close(o.missed_rate, 0.1);
}

#[test]
fn per_reason_and_skill_match_hand_computed_values() {
    let m = metrics(Vec::new());
    let reasons: Vec<&str> = m.by_reason.keys().copied().collect();
    assert_eq!(
        reasons,
        vec!["complexity", "explicit_request", "frustration", "loop"]
    );
    // Frustration: c1, c2, c10. Resolution 600, 1200, 1500 -> p50 1200, p90 1200 + 0.8 * 300.
    let f = &m.by_reason["frustration"];
    assert_eq!((f.conversations, f.handoffs, f.handoff_rate), (3, 3, None));
    close(f.resolution_secs.p50, 1200.0);
    close(f.resolution_secs.p90, 1440.0);
    close(f.csat_mean, 11.0 / 3.0);
    close(f.too_late_rate, 1.0 / 3.0);
    // Loop: c2 (too_late) and c9 (no verdict). Resolution 1200, 900 -> p90 900 + 0.9 * 300.
    let l = &m.by_reason["loop"];
    assert_eq!(l.conversations, 2);
    close(l.resolution_secs.p90, 1170.0);
    close(l.csat_mean, 2.5);
    close(l.too_late_rate, 1.0);

    // Billing: c1, c2, c5, c9; three handed off, c5 missed.
    let b = &m.by_skill["billing"];
    assert_eq!((b.conversations, b.handoffs, b.missed_handoffs), (4, 3, 1));
    close(b.handoff_rate, 0.75);
    close(b.missed_rate, 0.25);
    close(b.resolution_secs.p50, 900.0);
    close(b.resolution_secs.p90, 1140.0);
    // Technical: c3, c4.
    let t = &m.by_skill["technical"];
    close(t.handoff_rate, 1.0);
    close(t.resolution_secs.p50, 1350.0);
    // Account: c6 (abandoned, not missed), c10.
    let a = &m.by_skill["account"];
    assert_eq!(
        (
            a.conversations,
            a.abandoned_without_handoff,
            a.missed_handoffs
        ),
        (2, 1, 0)
    );
    close(a.handoff_rate, 0.5);
    // General: c7 only, no handoff, and its CSAT is not "after transfer".
    let g = &m.by_skill["general"];
    close(g.handoff_rate, 0.0);
    assert_eq!((g.csat_responses, g.csat_mean), (0, None));
    // c8 has no skill.
    let in_skills: usize = m.by_skill.values().map(|s| s.conversations).sum();
    assert_eq!(in_skills, 9);
}

#[test]
fn daily_buckets_match_hand_computed_values() {
    let day = |d: &str| parse_rfc3339(d).unwrap();
    let m = metrics(vec![
        day("2026-11-20"),
        day("2026-11-21"),
        day("2026-11-22"),
        day("2026-11-23"),
    ]);
    assert_eq!(m.over_time.len(), 3);
    assert_eq!(m.over_time[0].start, "2026-11-20T00:00:00Z");
    assert_eq!(m.over_time[2].end, "2026-11-23T00:00:00Z");
    // 20th: c1, c2, c5. 21st: c3, c4 (11:00+01:00 is 10:00Z), c6. 22nd: c7, c9, c10.
    let counts: Vec<(usize, usize, usize)> = m
        .over_time
        .iter()
        .map(|b| {
            (
                b.summary.conversations,
                b.summary.handoffs,
                b.summary.missed_handoffs,
            )
        })
        .collect();
    assert_eq!(counts, vec![(3, 2, 1), (3, 2, 0), (3, 2, 0)]);
    // The 22nd: resolution 900 (c9), 1500 (c10) -> p50 1200; CSAT 3, 4.
    close(m.over_time[2].summary.resolution_secs.p50, 1200.0);
    close(m.over_time[2].summary.csat_mean, 3.5);
    // c8 has no ts.
    assert_eq!((m.undated, m.outside_buckets), (1, 0));
    // Per skill and reason within a bucket: on the 20th, billing is c1, c2 (handed off) and c5
    // (missed); frustration is c1 and c2.
    let billing = &m.over_time[0].by_skill["billing"];
    assert_eq!(
        (
            billing.conversations,
            billing.handoffs,
            billing.missed_handoffs
        ),
        (3, 2, 1)
    );
    close(billing.handoff_rate, 2.0 / 3.0);
    assert_eq!(m.over_time[0].by_reason["frustration"].conversations, 2);
    assert!(!m.over_time[0].by_skill.contains_key("technical"));
    // On the 22nd, account is c10 alone: resolution 1500 from its second event.
    close(
        m.over_time[2].by_skill["account"].resolution_secs.p50,
        1500.0,
    );

    // The calendar helper the CLI and the relay use gives the same days.
    let records = merge(events());
    assert_eq!(
        boundaries_for(&records, Interval::Day, 100),
        vec![
            day("2026-11-20"),
            day("2026-11-21"),
            day("2026-11-22"),
            day("2026-11-23")
        ]
    );
    assert_eq!(
        boundaries_for(&records, Interval::Week, 100),
        vec![day("2026-11-16"), day("2026-11-23")]
    );
    assert_eq!(boundaries_for(&records, Interval::Hour, 2).len(), 3);
    assert_eq!(
        Interval::parse("month").unwrap_err().field(),
        Some("bucket")
    );

    // A narrower window leaves the other days outside.
    let m = metrics(vec![day("2026-11-21"), day("2026-11-22")]);
    assert_eq!(m.over_time.len(), 1);
    assert_eq!((m.undated, m.outside_buckets), (1, 6));
}
