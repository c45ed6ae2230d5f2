//! The simulator against queueing theory, over 1,000,000 conversations per load level: with
//! one skill, exponential times and Poisson arrivals, the simulated mean wait must be within 3%
//! of Erlang C (no abandonment) or Erlang A (exponential patience), and the formula's value
//! must lie inside the simulator's 99% batch-means confidence interval.
//!
//! Each run takes well under a second in an optimised build and a few seconds in a debug one,
//! so the check runs in plain `cargo test` (see the README's "Simulator" section for timings).

use handoff::core::sim::{run, SimConfig, Strategy};

const CONVERSATIONS: usize = 1_000_000;

fn check(config: SimConfig) {
    let theory = config.theory().expect("a formula applies");
    let report = run(&config, &mut |_| {}).unwrap();
    let error = (report.mean_wait - theory.mean_wait).abs() / theory.mean_wait;
    let [lo, hi] = report.mean_wait_ci99;
    println!(
        "{} servers={} rate={:?} patience={:?}: simulated {:.4} [{lo:.4}, {hi:.4}], theory {:.4} \
         ({:+.2}%), abandonment {:.4} vs {:.4}",
        theory.model,
        theory.servers,
        config.arrivals,
        config.patience,
        report.mean_wait,
        theory.mean_wait,
        100.0 * (report.mean_wait - theory.mean_wait) / theory.mean_wait,
        report.abandonment_rate,
        theory.abandonment_rate,
    );
    assert!(error < 0.03, "mean wait off by {:.2}%", 100.0 * error);
    assert!(
        lo <= theory.mean_wait && theory.mean_wait <= hi,
        "theory {} outside the 99% CI [{lo}, {hi}]",
        theory.mean_wait
    );
    assert!((report.abandonment_rate - theory.abandonment_rate).abs() < 0.005);
    assert!((report.utilisation - theory.utilisation).abs() < 0.01);
}

#[test]
fn erlang_c_at_three_load_levels() {
    // 4-minute handle times; utilisation 0.5 (1 agent), 0.7 (2 agents) and 0.75 (4 agents).
    // These are loads where 1,000,000 conversations pin the mean down to about ±3% (99%);
    // see the README for heavier loads, where the interval is wider than 3%.
    for (agents, rate, seed) in [(1, 0.125, 1), (2, 0.35, 2), (4, 0.75, 3)] {
        check(SimConfig::poisson(agents, rate, 4.0, CONVERSATIONS, seed));
    }
}

#[test]
fn every_strategy_waits_the_same_on_identical_agents() {
    // With identical agents and one skill, which free agent takes a customer does not change
    // anyone's wait: all three strategies give the same waits from the same seed.
    let mut waits = Vec::new();
    for strategy in [
        Strategy::SkillsFirst,
        Strategy::RoundRobin,
        Strategy::LeastLoaded,
    ] {
        let mut config = SimConfig::poisson(4, 0.75, 4.0, 200_000, 7);
        config.strategy = strategy;
        let report = run(&config, &mut |_| {}).unwrap();
        waits.push((report.mean_wait, report.p90_wait));
    }
    assert!(waits[0].0 > 0.0);
    assert_eq!(waits[0], waits[1]);
    assert_eq!(waits[0], waits[2]);
}

#[test]
fn erlang_a_with_abandonment() {
    // Moderate, and overloaded (arrivals above capacity: abandonment keeps it stable).
    for (rate, patience, seed) in [(1.8, 3.0, 21), (2.4, 2.0, 22)] {
        let mut config = SimConfig::poisson(10, rate, 5.0, CONVERSATIONS, seed);
        config.patience = Some(patience);
        check(config);
    }
}
