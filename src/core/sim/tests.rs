//! Simulator behaviour tests on small, hand-checkable runs: replayed arrivals with fixed
//! handle times, hold windows, strategies, abandonment, the offline path and validation.

use std::collections::BTreeMap;

use super::*;
use crate::core::routing::steps::{RoutingStep, SkillRequirement};

fn replay(times: &[(f64, Skill, f64)]) -> Arrivals {
    Arrivals::Replay(
        times
            .iter()
            .map(|&(at, skill, handle)| ReplayArrival {
                at,
                skill,
                handle: Some(handle),
            })
            .collect(),
    )
}

fn group(count: u32, skills: &[(Skill, u8)]) -> AgentGroup {
    AgentGroup {
        name: None,
        count,
        skills: skills.iter().copied().collect(),
        capacity: 1,
    }
}

fn config(floor: Floor, arrivals: Arrivals) -> SimConfig {
    SimConfig {
        floor,
        arrivals,
        handle: HandleTime::Exponential { mean: 1.0 },
        patience: None,
        strategy: Strategy::SkillsFirst,
        conversations: 1_000,
        warmup: 0,
        seed: 1,
        timeline_bins: 10,
    }
}

#[test]
fn replayed_single_agent_queue_has_exact_waits() {
    // One agent, handle 2 minutes each, arrivals at 0, 1 and 2: waits 0, 1 and 2.
    let c = config(
        Floor::uniform(1, 1),
        replay(&[
            (0.0, Skill::General, 2.0),
            (1.0, Skill::General, 2.0),
            (2.0, Skill::General, 2.0),
        ]),
    );
    let r = run(&c, &mut |_| {}).unwrap();
    assert_eq!(r.conversations, 3);
    assert!((r.mean_wait - 1.0).abs() < 1e-12);
    assert_eq!((r.p50_wait, r.p90_wait), (1.0, 2.0));
    assert_eq!(r.skill_match_rate, 1.0);
    // Busy the whole time from the first to the last arrival.
    assert!((r.utilisation - 1.0).abs() < 1e-12);
}

#[test]
fn capacity_lets_one_agent_take_several_at_once() {
    let mut floor = Floor::uniform(1, 1);
    floor.agents[0].capacity = 2;
    let c = config(
        floor,
        replay(&[
            (0.0, Skill::General, 2.0),
            (1.0, Skill::General, 2.0),
            (1.5, Skill::General, 2.0),
        ]),
    );
    let r = run(&c, &mut |_| {}).unwrap();
    // The first two are taken at once; the third waits until 2.0.
    assert!((r.mean_wait - 0.5 / 3.0).abs() < 1e-12, "{r:?}");
}

fn billing_floor() -> Floor {
    Floor {
        agents: vec![
            group(1, &[(Skill::Billing, 5)]),
            group(1, &[(Skill::General, 3)]),
        ],
        mix: BTreeMap::from([(Skill::Billing, 1.0)]),
        steps: Some(vec![
            RoutingStep::new("expert", SkillRequirement::Handoff, 4, Some(60.0)),
            RoutingStep::new("anyone", SkillRequirement::Any, 1, None),
        ]),
    }
}

#[test]
fn skills_first_holds_for_the_expert_then_relaxes() {
    // The expert is busy until 10; the second customer holds one minute, then the
    // generalist takes them. A third arrives when the expert is free again.
    let arrivals = replay(&[
        (0.0, Skill::Billing, 10.0),
        (1.0, Skill::Billing, 5.0),
        (10.5, Skill::Billing, 1.0),
    ]);
    let r = run(&config(billing_floor(), arrivals.clone()), &mut |_| {}).unwrap();
    assert!((r.mean_wait - 1.0 / 3.0).abs() < 1e-12, "{r:?}");
    assert!((r.skill_match_rate - 2.0 / 3.0).abs() < 1e-12);
    // Round robin ignores skills: the second customer gets the generalist straight away (so
    // nobody waits), and the third goes to the expert, whose turn it is again.
    let mut rr = config(billing_floor(), arrivals);
    rr.strategy = Strategy::RoundRobin;
    let r = run(&rr, &mut |_| {}).unwrap();
    assert_eq!(r.mean_wait, 0.0);
    assert!((r.skill_match_rate - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn the_expert_freeing_up_takes_a_holding_customer() {
    // Expert busy until 1.5; a customer arriving at 1.0 holds for the expert (60 s window)
    // and gets them at 1.5 rather than the free generalist.
    let arrivals = replay(&[(0.0, Skill::Billing, 1.5), (1.0, Skill::Billing, 1.0)]);
    let r = run(&config(billing_floor(), arrivals), &mut |_| {}).unwrap();
    assert!((r.mean_wait - 0.25).abs() < 1e-12, "{r:?}");
    assert_eq!(r.skill_match_rate, 1.0);
}

#[test]
fn skills_first_matches_skills_better_than_skill_blind_strategies() {
    let floor = Floor {
        agents: vec![
            group(3, &[(Skill::Billing, 5)]),
            group(3, &[(Skill::Technical, 5)]),
        ],
        mix: BTreeMap::from([(Skill::Billing, 1.0), (Skill::Technical, 1.0)]),
        steps: None,
    };
    let mut c = config(floor, Arrivals::Poisson { rate: 1.0 });
    c.conversations = 20_000;
    c.warmup = 400;
    c.handle = HandleTime::Lognormal { mean: 4.0, cv: 0.8 };
    let skills = run(&c, &mut |_| {}).unwrap();
    c.strategy = Strategy::LeastLoaded;
    let blind = run(&c, &mut |_| {}).unwrap();
    assert!(skills.skill_match_rate > 0.9, "{skills:?}");
    assert!(blind.skill_match_rate < 0.7, "{blind:?}");
    assert!(skills.p90_wait >= 0.0 && skills.p50_wait <= skills.p90_wait);
    assert!(c.theory().is_none(), "two skills: no formula applies");
}

#[test]
fn less_patience_means_more_abandonment() {
    let mut c = SimConfig::poisson(2, 2.2, 1.0, 20_000, 3);
    c.patience = Some(5.0);
    let patient = run(&c, &mut |_| {}).unwrap();
    c.patience = Some(0.5);
    let hasty = run(&c, &mut |_| {}).unwrap();
    assert!(patient.abandonment_rate > 0.0);
    assert!(hasty.abandonment_rate > patient.abandonment_rate);
    assert!(hasty.mean_wait < patient.mean_wait);
}

#[test]
fn every_step_expiring_takes_the_offline_path() {
    let floor = Floor {
        agents: vec![group(1, &[(Skill::General, 3)])],
        mix: BTreeMap::from([(Skill::Billing, 1.0)]),
        steps: Some(vec![RoutingStep::new(
            "billing_only",
            SkillRequirement::Handoff,
            1,
            Some(60.0),
        )]),
    };
    let mut c = config(floor, Arrivals::Poisson { rate: 1.0 });
    c.conversations = 100;
    let r = run(&c, &mut |_| {}).unwrap();
    assert_eq!(
        r.offline_rate, 1.0,
        "nobody has billing: every handoff becomes a ticket"
    );
}

#[test]
fn same_seed_same_run_and_progress_is_reported() {
    let c = SimConfig::poisson(3, 2.0, 1.0, 140_000, 9);
    let mut calls = Vec::new();
    let a = run(&c, &mut |n| calls.push(n)).unwrap();
    let b = run(&c, &mut |_| {}).unwrap();
    assert_eq!(a, b);
    assert_eq!(calls, [65_536, 131_072, 140_000]);
    let other = run(
        &SimConfig {
            seed: 10,
            ..c.clone()
        },
        &mut |_| {},
    )
    .unwrap();
    assert_ne!(a.mean_wait, other.mean_wait);
    assert_eq!(a.measured, 140_000 - 2_800);
    assert!(!a.timeline.is_empty());
}

#[test]
fn bad_inputs_are_rejected_with_their_field() {
    let base = SimConfig::poisson(2, 1.0, 1.0, 100, 1);
    let cases: Vec<(SimConfig, &str)> = vec![
        (
            SimConfig {
                arrivals: Arrivals::Poisson { rate: 0.0 },
                ..base.clone()
            },
            "arrival_rate",
        ),
        (
            SimConfig {
                handle: HandleTime::Exponential { mean: -1.0 },
                ..base.clone()
            },
            "mean_handle",
        ),
        (
            SimConfig {
                patience: Some(f64::NAN),
                ..base.clone()
            },
            "patience",
        ),
        (
            SimConfig {
                conversations: 0,
                ..base.clone()
            },
            "conversations",
        ),
        (
            SimConfig {
                floor: Floor::uniform(0, 1),
                ..base.clone()
            },
            "floor.agents[0].count",
        ),
        (
            SimConfig {
                arrivals: replay(&[(2.0, Skill::General, 1.0), (1.0, Skill::General, 1.0)]),
                ..base.clone()
            },
            "replay[1].at",
        ),
    ];
    for (c, field) in cases {
        let err = run(&c, &mut |_| {}).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("invalid_value", Some(field)),
            "{err}"
        );
    }
}

#[test]
fn theory_applies_only_to_the_textbook_setup() {
    let c = SimConfig::poisson(10, 1.8, 5.0, 1000, 1);
    assert_eq!(c.theory().unwrap().model, "erlang_c");
    let a = SimConfig {
        patience: Some(3.0),
        ..c.clone()
    };
    assert_eq!(a.theory().unwrap().model, "erlang_a");
    let lognormal = SimConfig {
        handle: HandleTime::Lognormal { mean: 5.0, cv: 1.0 },
        ..c.clone()
    };
    assert!(lognormal.theory().is_none());
    let unstable = SimConfig {
        arrivals: Arrivals::Poisson { rate: 2.0 },
        ..c.clone()
    };
    assert!(
        unstable.theory().is_none(),
        "Erlang C needs utilisation below 1"
    );
    // A specialist hold that admits some agents but not others breaks the formula.
    let mut mixed = c.clone();
    mixed.floor.agents.push(group(1, &[(Skill::General, 5)]));
    assert!(mixed.theory().is_none());
}
