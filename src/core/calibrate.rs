//! Calibration: proposes a policy (threshold, and optionally weights) from outcomes. Each
//! conversation's outcome becomes a timing label (when it should have been handed off, if at
//! all); each conversation's per-message score trajectory under a candidate policy says when
//! that policy would hand off; a search on a training split picks the policy that minimises the
//! labelled errors under a handoff-rate ceiling, and a held-out split reports what would change.
//! The method is documented in `docs/calibration.md`.
//!
//! Scoring is supplied by the caller as a closure from a policy to trajectories (the CLI replays
//! conversations through [`super::Engine`]; tests use synthetic trajectories), so this module
//! stays pure and independent of how scores are computed. It proposes; it never applies.

use serde::Serialize;

use super::error::{Error, ErrorCode};
use super::outcomes::{Outcome, Verdict};
use super::policy::{Policy, Weights};

/// When a conversation should have been handed off, as learnt from its outcome. Turns are
/// 0-based message indices, as in `Decision::turn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Label {
    /// Should hand off after a message in `earliest..=latest`: before is too early, after is too
    /// late, never is a missed handoff.
    Within {
        /// The first acceptable turn.
        earliest: usize,
        /// The last acceptable turn.
        latest: usize,
    },
    /// Handing off before `earliest` is too early; later, or not at all, is fine.
    NotBefore {
        /// The first acceptable turn.
        earliest: usize,
    },
    /// Should not be handed off at all.
    Never,
}

/// What outcome a label came from (reported with each change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSource {
    /// The agent's verdict.
    Verdict(Verdict),
    /// A low CSAT (1 or 2) after a handoff without a verdict.
    LowCsat,
    /// A high CSAT (4 or 5) after a handoff without a verdict.
    HighCsat,
    /// Abandoned without a handoff, with a negative last sentiment.
    Missed,
    /// Resolved without a handoff.
    Resolved,
}

impl LabelSource {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LabelSource::Verdict(v) => v.as_str(),
            LabelSource::LowCsat => "low_csat",
            LabelSource::HighCsat => "high_csat",
            LabelSource::Missed => "missed",
            LabelSource::Resolved => "resolved",
        }
    }
}

/// How much a label counts: agents' verdicts and observed abandonment fully, inferences from
/// CSAT alone half.
pub const CSAT_LABEL_WEIGHT: f64 = 0.5;

/// A conversation as calibration sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The conversation's id (also decides its split).
    pub id: String,
    /// Its timing label, `None` when the outcome says nothing about timing (it still counts in
    /// the handoff rate).
    pub label: Option<(Label, LabelSource)>,
    /// How much the label counts.
    pub weight: f64,
}

/// Derives a conversation's timing label from its outcome. `messages` is the number of messages
/// before a person joined (the part the engine scores); the handoff turn is the outcome's
/// `handoff_turn`, or the last of those messages. The rules are the table in
/// `docs/calibration.md`.
pub fn label(
    outcome: Option<&Outcome>,
    messages: usize,
    negative_below: f32,
) -> Option<(Label, LabelSource, f64)> {
    let o = outcome?;
    if messages == 0 {
        return None;
    }
    let last = messages - 1;
    if o.handed_off() {
        let t = o.handoff_turn.unwrap_or(last);
        return match (o.verdict, o.csat) {
            (Some(Verdict::RightTime), _) => Some((
                Label::Within {
                    earliest: t,
                    latest: t,
                },
                LabelSource::Verdict(Verdict::RightTime),
                1.0,
            )),
            (Some(Verdict::TooLate), _) if t > 0 => Some((
                Label::Within {
                    earliest: 0,
                    latest: t - 1,
                },
                LabelSource::Verdict(Verdict::TooLate),
                1.0,
            )),
            (Some(Verdict::TooLate), _) => None,
            (Some(Verdict::TooEarly), _) => Some((
                Label::NotBefore { earliest: t + 1 },
                LabelSource::Verdict(Verdict::TooEarly),
                1.0,
            )),
            (Some(Verdict::NotNeeded), _) => {
                Some((Label::Never, LabelSource::Verdict(Verdict::NotNeeded), 1.0))
            }
            (None, Some(c)) if c <= 2 && t > 0 => Some((
                Label::Within {
                    earliest: 0,
                    latest: t - 1,
                },
                LabelSource::LowCsat,
                CSAT_LABEL_WEIGHT,
            )),
            (None, Some(c)) if c >= 4 => Some((
                Label::Within {
                    earliest: 0,
                    latest: t,
                },
                LabelSource::HighCsat,
                CSAT_LABEL_WEIGHT,
            )),
            _ => None,
        };
    }
    if o.is_abandoned() {
        if o.sentiment.is_some_and(|s| s < negative_below) {
            return Some((
                Label::Within {
                    earliest: 0,
                    latest: last,
                },
                LabelSource::Missed,
                1.0,
            ));
        }
        return None;
    }
    if o.csat.is_some_and(|c| c <= 2) {
        // Resolved by the bot but unhappy: whether a person would have helped is unknown.
        return None;
    }
    Some((Label::Never, LabelSource::Resolved, 1.0))
}

/// A conversation's scores under one policy: `scores[i]` is `Decision::score` after message
/// `i`; `bypass_turn` is the first turn at which a trigger that ignores thresholds (explicit
/// request, VIP, critical) handed off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trajectory {
    /// The combined score after each message, in [0, 1].
    pub scores: Vec<f32>,
    /// The first hand-off that no threshold can prevent.
    pub bypass_turn: Option<usize>,
}

impl Trajectory {
    /// The turn at which a policy with this threshold first hands off, if it does.
    pub fn first_turn(&self, threshold: f32) -> Option<usize> {
        let by_score = self.scores.iter().position(|&s| s >= threshold);
        match (by_score, self.bypass_turn) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// What to optimise: the weighted number of late handoffs (including missed ones) plus early
/// ones (including unneeded ones), subject to a ceiling on the handoff rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// Cost of a handoff later than its label allows, or a missed one.
    pub late_cost: f64,
    /// Cost of a handoff earlier than its label allows, or an unneeded one.
    pub early_cost: f64,
    /// The highest acceptable share of conversations handed off, in [0, 1].
    pub max_handoff_rate: f64,
}

impl Default for Objective {
    fn default() -> Objective {
        Objective {
            late_cost: 1.0,
            early_cost: 1.0,
            max_handoff_rate: 1.0,
        }
    }
}

/// How to search.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationOptions {
    /// Percent of conversations held out for evaluation, 0 to 90.
    pub holdout_percent: u32,
    /// Mixed into the hash that splits conversations, for a different but reproducible split.
    pub seed: u64,
    /// Spacing of the threshold grid, in (0, 0.5].
    pub step: f32,
    /// Also search the trigger weights (coordinate search; each candidate rescoring all
    /// conversations).
    pub search_weights: bool,
    /// Factors tried on each weight in coordinate search.
    pub weight_factors: Vec<f32>,
    /// Rounds of coordinate search.
    pub rounds: usize,
}

impl Default for CalibrationOptions {
    fn default() -> CalibrationOptions {
        CalibrationOptions {
            holdout_percent: 30,
            seed: 0,
            step: 0.005,
            search_weights: false,
            weight_factors: vec![0.5, 0.75, 1.25, 1.5, 2.0],
            rounds: 2,
        }
    }
}

/// A policy's predicted timing errors on a set of conversations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Effect {
    /// Conversations.
    pub conversations: usize,
    /// Of which with a timing label.
    pub labelled: usize,
    /// Conversations the policy hands off.
    pub handoffs: usize,
    /// `handoffs / conversations`.
    pub handoff_rate: Option<f64>,
    /// Labelled conversations handed off before their label allows (`Within`, `NotBefore`).
    pub too_early: usize,
    /// Labelled conversations handed off after their label allows.
    pub too_late: usize,
    /// Labelled conversations that should be handed off and are not.
    pub missed: usize,
    /// Conversations labelled `Never` that are handed off.
    pub unneeded: usize,
    /// Labelled conversations handed off in their window, or rightly not handed off.
    pub right: usize,
    /// `too_early / labelled handoffs`.
    pub too_early_rate: Option<f64>,
    /// `too_late / labelled handoffs`.
    pub too_late_rate: Option<f64>,
    /// `missed / labelled conversations that should be handed off`.
    pub missed_rate: Option<f64>,
    /// The objective's weighted cost (lower is better).
    pub cost: f64,
}

/// Old and new policy on the same conversations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The policy in force.
    pub old: Effect,
    /// The proposed policy.
    pub new: Effect,
}

/// How a conversation's handoff moves between two policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnChange {
    /// Handed off after an earlier message.
    Earlier,
    /// Handed off after a later message.
    Later,
    /// Handed off now, not before.
    NowEscalates,
    /// Not handed off any more.
    NoLongerEscalates,
}

/// How the handoff turn moves from `old` to `new`, `None` when it does not.
pub fn turn_change(old: Option<usize>, new: Option<usize>) -> Option<TurnChange> {
    match (old, new) {
        (Some(a), Some(b)) if b < a => Some(TurnChange::Earlier),
        (Some(a), Some(b)) if b > a => Some(TurnChange::Later),
        (None, Some(_)) => Some(TurnChange::NowEscalates),
        (Some(_), None) => Some(TurnChange::NoLongerEscalates),
        _ => None,
    }
}

/// A held-out conversation whose handoff changes under the proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The conversation's id.
    pub id: String,
    /// Its turn under the old policy.
    pub old_turn: Option<usize>,
    /// Its turn under the proposal.
    pub new_turn: Option<usize>,
    /// Which way it moves.
    pub change: TurnChange,
    /// The outcome its label came from, when labelled.
    pub outcome: Option<&'static str>,
    /// `better`, `worse` or `same` against its label (`unknown` without one).
    pub effect: &'static str,
}

/// How the conversations were split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Split {
    /// Percent held out.
    pub holdout_percent: u32,
    /// The split's seed.
    pub seed: u64,
    /// Training conversations.
    pub train: usize,
    /// Held-out conversations.
    pub holdout: usize,
}

/// A proposed policy and what it would change. Nothing is applied: a person reviews it and
/// deploys `policy` if they accept it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// The full proposed policy document.
    pub policy: Policy,
    /// The objective optimised.
    pub objective: Objective,
    /// Whether the proposal meets the handoff-rate ceiling on the training split.
    pub feasible: bool,
    /// The split.
    pub split: Split,
    /// Old and new on the training split.
    pub train: Comparison,
    /// Old and new on the held-out split: the expected effect.
    pub holdout: Comparison,
    /// Held-out conversations whose handoff moves.
    pub changes: Vec<Change>,
    /// Things a reviewer should know (infeasible ceiling, few labels, ...).
    pub warnings: Vec<String>,
}

/// Whether a conversation id falls in the held-out split: FNV-1a of the seed and the id,
/// modulo 100, below `percent`. Stable across runs, machines and input order.
pub fn is_holdout(id: &str, seed: u64, percent: u32) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(id.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Fold the high bits in: FNV's low bits alone are weakly mixed for short keys.
    ((h ^ (h >> 32)) % 100) < u64::from(percent)
}

/// Which error a handoff at `turn` makes against `label`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome3 {
    Right,
    Early,
    Late,
    Missed,
    Unneeded,
}

fn judge(label: Label, turn: Option<usize>) -> Outcome3 {
    match (label, turn) {
        (Label::Within { earliest, .. }, Some(t)) if t < earliest => Outcome3::Early,
        (Label::Within { latest, .. }, Some(t)) if t > latest => Outcome3::Late,
        (Label::Within { .. }, Some(_)) => Outcome3::Right,
        (Label::Within { .. }, None) => Outcome3::Missed,
        (Label::NotBefore { earliest }, Some(t)) if t < earliest => Outcome3::Early,
        (Label::NotBefore { .. }, _) => Outcome3::Right,
        (Label::Never, Some(_)) => Outcome3::Unneeded,
        (Label::Never, None) => Outcome3::Right,
    }
}

fn cost_of(o: Outcome3, objective: &Objective) -> f64 {
    match o {
        Outcome3::Right => 0.0,
        Outcome3::Early | Outcome3::Unneeded => objective.early_cost,
        Outcome3::Late | Outcome3::Missed => objective.late_cost,
    }
}

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The effect of handing off at `turns[i]` on the samples `which`.
fn evaluate(
    samples: &[Sample],
    turns: &[Option<usize>],
    which: &[usize],
    objective: &Objective,
) -> Effect {
    let mut e = Effect {
        conversations: which.len(),
        ..Effect::default()
    };
    let mut labelled_handoffs = 0;
    let mut should = 0;
    for &i in which {
        let turn = turns[i];
        if turn.is_some() {
            e.handoffs += 1;
        }
        let Some((label, _)) = samples[i].label else {
            continue;
        };
        e.labelled += 1;
        if turn.is_some() {
            labelled_handoffs += 1;
        }
        if matches!(label, Label::Within { .. }) {
            should += 1;
        }
        let o = judge(label, turn);
        match o {
            Outcome3::Right => e.right += 1,
            Outcome3::Early => e.too_early += 1,
            Outcome3::Late => e.too_late += 1,
            Outcome3::Missed => e.missed += 1,
            Outcome3::Unneeded => e.unneeded += 1,
        }
        e.cost += samples[i].weight * cost_of(o, objective);
    }
    e.handoff_rate = rate(e.handoffs, e.conversations);
    e.too_early_rate = rate(e.too_early, labelled_handoffs);
    e.too_late_rate = rate(e.too_late, labelled_handoffs);
    e.missed_rate = rate(e.missed, should);
    e
}

/// Ranks candidates: first by how far they exceed the rate ceiling (0 when within), then cost.
fn key(e: &Effect, objective: &Objective) -> (f64, f64) {
    let excess = (e.handoff_rate.unwrap_or(0.0) - objective.max_handoff_rate).max(0.0);
    (excess, e.cost)
}

fn better(a: (f64, f64), b: (f64, f64)) -> bool {
    const EPS: f64 = 1e-9;
    a.0 < b.0 - EPS || ((a.0 - b.0).abs() <= EPS && a.1 < b.1 - EPS)
}

fn same(a: (f64, f64), b: (f64, f64)) -> bool {
    !better(a, b) && !better(b, a)
}

/// The best threshold on the grid for fixed trajectories: among grid points with the best key,
/// the middle of the widest run of consecutive ones (the optimum is a plateau; its middle is
/// the most robust choice).
fn best_threshold(
    samples: &[Sample],
    trajectories: &[Trajectory],
    train: &[usize],
    objective: &Objective,
    step: f32,
) -> (f32, (f64, f64)) {
    let n = (1.0 / step).round().max(1.0) as usize;
    let grid: Vec<f32> = (1..=n).map(|k| (k as f32 * step).min(1.0)).collect();
    let mut turns = vec![None; samples.len()];
    let keys: Vec<(f64, f64)> = grid
        .iter()
        .map(|&t| {
            for &i in train {
                turns[i] = trajectories[i].first_turn(t);
            }
            key(&evaluate(samples, &turns, train, objective), objective)
        })
        .collect();
    let mut best = keys[0];
    for &k in &keys[1..] {
        if better(k, best) {
            best = k;
        }
    }
    let (mut run_start, mut widest) = (0, (0, 0));
    let mut in_run = false;
    for (i, &k) in keys.iter().enumerate() {
        if same(k, best) {
            if !in_run {
                run_start = i;
                in_run = true;
            }
            if i - run_start > widest.1 - widest.0 || !same(keys[widest.0], best) {
                widest = (run_start, i);
            }
        } else {
            in_run = false;
        }
    }
    let threshold = (grid[widest.0] + grid[widest.1]) / 2.0;
    (threshold, best)
}

fn check_options(objective: &Objective, options: &CalibrationOptions) -> Result<(), Error> {
    let bad = |field: &str, message: &str| {
        Err(Error::new(ErrorCode::InvalidValue, message.to_string()).at(field.to_string()))
    };
    if !(objective.max_handoff_rate.is_finite()
        && (0.0..=1.0).contains(&objective.max_handoff_rate))
    {
        return bad("max_handoff_rate", "must be from 0 to 1");
    }
    for (v, field) in [
        (objective.late_cost, "late_cost"),
        (objective.early_cost, "early_cost"),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return bad(field, "must be a number >= 0");
        }
    }
    if options.holdout_percent > 90 {
        return bad("holdout_percent", "must be from 0 to 90");
    }
    if !(options.step.is_finite() && options.step > 0.0 && options.step <= 0.5) {
        return bad("step", "must be above 0 and at most 0.5");
    }
    if options
        .weight_factors
        .iter()
        .any(|f| !(f.is_finite() && *f >= 0.0))
    {
        return bad("weight_factors", "must be numbers >= 0");
    }
    Ok(())
}

fn scored<F>(score: &mut F, policy: &Policy, n: usize) -> Result<Vec<Trajectory>, Error>
where
    F: FnMut(&Policy) -> Vec<Trajectory>,
{
    let t = score(policy);
    if t.len() != n {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "the scorer returned {} trajectories for {n} conversations",
                t.len()
            ),
        )
        .at("trajectories"));
    }
    Ok(t)
}

/// Proposes a policy from `base` (the policy in force) and labelled samples. `score` maps a
/// candidate policy to one trajectory per sample, in the samples' order; it is called once for
/// the base policy and once per weight candidate. Fails on bad options, a scorer that returns
/// the wrong number of trajectories, or no labelled conversation in the training split.
pub fn calibrate<F>(
    base: &Policy,
    samples: &[Sample],
    objective: &Objective,
    options: &CalibrationOptions,
    mut score: F,
) -> Result<Proposal, Error>
where
    F: FnMut(&Policy) -> Vec<Trajectory>,
{
    check_options(objective, options)?;
    let (mut train, mut holdout) = (Vec::new(), Vec::new());
    for (i, s) in samples.iter().enumerate() {
        if is_holdout(&s.id, options.seed, options.holdout_percent) {
            holdout.push(i);
        } else {
            train.push(i);
        }
    }
    if !train.iter().any(|&i| samples[i].label.is_some()) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "no conversation in the training split has an outcome that says when to hand off",
        )
        .at("outcomes"));
    }
    let base_traj = scored(&mut score, base, samples.len())?;
    let (mut best_threshold_value, mut best_key) =
        best_threshold(samples, &base_traj, &train, objective, options.step);
    // Without evidence for a change, keep the threshold in force: when it is as good as the
    // best grid point, the proposal leaves it alone.
    let base_turns: Vec<Option<usize>> = base_traj
        .iter()
        .map(|t| t.first_turn(base.threshold))
        .collect();
    if same(
        key(
            &evaluate(samples, &base_turns, &train, objective),
            objective,
        ),
        best_key,
    ) {
        best_threshold_value = base.threshold;
    }
    let mut best_weights = base.weights.clone();
    let mut best_traj = base_traj.clone();

    if options.search_weights {
        for _ in 0..options.rounds {
            let mut improved = false;
            for coord in 0..3 {
                for &factor in &options.weight_factors {
                    let mut w = best_weights.clone();
                    let slot = weight_slot(&mut w, coord);
                    let value = (*slot * factor).clamp(0.0, 10.0);
                    if value == *slot {
                        continue;
                    }
                    *slot = value;
                    let candidate = Policy {
                        weights: w.clone(),
                        ..base.clone()
                    };
                    let traj = scored(&mut score, &candidate, samples.len())?;
                    let (t, k) = best_threshold(samples, &traj, &train, objective, options.step);
                    if better(k, best_key) {
                        best_key = k;
                        best_threshold_value = t;
                        best_weights = w;
                        best_traj = traj;
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    let threshold = (best_threshold_value * 1000.0).round() / 1000.0;
    let threshold = threshold.clamp(0.001, 1.0);
    // Keep the hysteresis gap proportional: the release threshold scales with the threshold.
    let release = if base.threshold > 0.0 {
        (base.release_threshold * threshold / base.threshold).min(threshold)
    } else {
        base.release_threshold.min(threshold)
    };
    let release = (release * 1000.0).round() / 1000.0;
    let mut policy = Policy {
        threshold,
        release_threshold: release.min(threshold),
        weights: best_weights,
        ..base.clone()
    };
    if !base.name.ends_with("+calibrated") {
        policy.name = format!("{}+calibrated", base.name);
    }
    policy.validate()?;

    let turns_of = |traj: &[Trajectory], t: f32| -> Vec<Option<usize>> {
        traj.iter().map(|tr| tr.first_turn(t)).collect()
    };
    let old_turns = turns_of(&base_traj, base.threshold);
    let new_turns = turns_of(&best_traj, policy.threshold);
    let compare = |which: &[usize]| Comparison {
        old: evaluate(samples, &old_turns, which, objective),
        new: evaluate(samples, &new_turns, which, objective),
    };
    let train_cmp = compare(&train);
    let holdout_cmp = compare(&holdout);
    let feasible = train_cmp.new.handoff_rate.unwrap_or(0.0) <= objective.max_handoff_rate + 1e-9;

    let changes = holdout
        .iter()
        .filter_map(|&i| {
            let change = turn_change(old_turns[i], new_turns[i])?;
            let (outcome, effect) = match samples[i].label {
                None => (None, "unknown"),
                Some((label, source)) => {
                    let before = cost_of(judge(label, old_turns[i]), objective);
                    let after = cost_of(judge(label, new_turns[i]), objective);
                    let effect = if after < before {
                        "better"
                    } else if after > before {
                        "worse"
                    } else {
                        "same"
                    };
                    (Some(source.as_str()), effect)
                }
            };
            Some(Change {
                id: samples[i].id.clone(),
                old_turn: old_turns[i],
                new_turn: new_turns[i],
                change,
                outcome,
                effect,
            })
        })
        .collect();

    let mut warnings = Vec::new();
    if !feasible {
        warnings.push(format!(
            "no policy searched keeps the handoff rate at or below {}; this one comes closest \
             (handoffs that no threshold can prevent: explicit requests, VIP, critical)",
            objective.max_handoff_rate
        ));
    }
    if train_cmp.new.labelled < 30 {
        warnings.push(format!(
            "only {} labelled conversations in the training split; treat the proposal as weak",
            train_cmp.new.labelled
        ));
    }
    if holdout.is_empty() {
        warnings.push("no held-out conversations: the expected effect is not measured".into());
    }
    Ok(Proposal {
        policy,
        objective: objective.clone(),
        feasible,
        split: Split {
            holdout_percent: options.holdout_percent,
            seed: options.seed,
            train: train.len(),
            holdout: holdout.len(),
        },
        train: train_cmp,
        holdout: holdout_cmp,
        changes,
        warnings,
    })
}

fn weight_slot(w: &mut Weights, coord: usize) -> &mut f32 {
    match coord {
        0 => &mut w.frustration,
        1 => &mut w.complexity,
        _ => &mut w.r#loop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(json: &str) -> Outcome {
        let mut de = serde_json::Deserializer::from_str(json);
        Outcome::from_deserializer(&mut de).unwrap()
    }

    #[test]
    fn labels_follow_the_documented_table() {
        let l = |json: &str| label(Some(&outcome(json)), 6, -0.05);
        let h = r#""conversation_id":"c","handoff_id":"h","handoff_turn":3"#;
        assert_eq!(
            l(&format!(r#"{{{h},"verdict":"right_time"}}"#)).unwrap().0,
            Label::Within {
                earliest: 3,
                latest: 3
            }
        );
        assert_eq!(
            l(&format!(r#"{{{h},"verdict":"too_late"}}"#)).unwrap().0,
            Label::Within {
                earliest: 0,
                latest: 2
            }
        );
        assert_eq!(
            l(&format!(r#"{{{h},"verdict":"too_early"}}"#)).unwrap().0,
            Label::NotBefore { earliest: 4 }
        );
        assert_eq!(
            l(&format!(r#"{{{h},"verdict":"not_needed"}}"#)).unwrap().0,
            Label::Never
        );
        let low = l(&format!(r#"{{{h},"csat":1}}"#)).unwrap();
        assert_eq!((low.1, low.2), (LabelSource::LowCsat, CSAT_LABEL_WEIGHT));
        assert_eq!(l(&format!(r#"{{{h},"csat":3}}"#)), None);
        // Without handoff_turn, the handoff is after the last scored message.
        let no_turn = r#"{"conversation_id":"c","handoff_id":"h","verdict":"right_time"}"#;
        assert_eq!(
            l(no_turn).unwrap().0,
            Label::Within {
                earliest: 5,
                latest: 5
            }
        );
        let missed = r#"{"conversation_id":"c","abandoned":true,"sentiment":-0.5}"#;
        assert_eq!(l(missed).unwrap().1, LabelSource::Missed);
        let left = r#"{"conversation_id":"c","abandoned":true,"sentiment":0.2}"#;
        assert_eq!(l(left), None);
        assert_eq!(l(r#"{"conversation_id":"c"}"#).unwrap().0, Label::Never);
        assert_eq!(l(r#"{"conversation_id":"c","csat":1}"#), None);
        assert_eq!(label(None, 6, -0.05), None);
    }

    #[test]
    fn first_turn_takes_the_earlier_of_score_and_bypass() {
        let t = Trajectory {
            scores: vec![0.1, 0.5, 0.9],
            bypass_turn: None,
        };
        assert_eq!(t.first_turn(0.5), Some(1));
        assert_eq!(t.first_turn(0.95), None);
        let t = Trajectory {
            bypass_turn: Some(0),
            ..t
        };
        assert_eq!(t.first_turn(0.95), Some(0));
    }

    #[test]
    fn judging_and_turn_changes() {
        let w = Label::Within {
            earliest: 2,
            latest: 4,
        };
        assert_eq!(judge(w, Some(1)), Outcome3::Early);
        assert_eq!(judge(w, Some(3)), Outcome3::Right);
        assert_eq!(judge(w, Some(5)), Outcome3::Late);
        assert_eq!(judge(w, None), Outcome3::Missed);
        assert_eq!(
            judge(Label::NotBefore { earliest: 2 }, None),
            Outcome3::Right
        );
        assert_eq!(judge(Label::Never, Some(0)), Outcome3::Unneeded);
        assert_eq!(turn_change(Some(3), Some(1)), Some(TurnChange::Earlier));
        assert_eq!(
            turn_change(Some(3), None),
            Some(TurnChange::NoLongerEscalates)
        );
        assert_eq!(turn_change(None, None), None);
    }

    #[test]
    fn split_is_stable_and_roughly_proportional() {
        let ids: Vec<String> = (0..2000).map(|i| format!("conv-{i}")).collect();
        let held = ids.iter().filter(|id| is_holdout(id, 0, 30)).count();
        assert!((500..700).contains(&held), "{held}");
        assert!(ids
            .iter()
            .all(|id| is_holdout(id, 7, 30) == is_holdout(id, 7, 30)));
        assert!(ids.iter().all(|id| !is_holdout(id, 0, 0)));
        let moved = ids
            .iter()
            .filter(|id| is_holdout(id, 0, 30) != is_holdout(id, 1, 30))
            .count();
        assert!(moved > 100, "a new seed gives a new split: {moved}");
    }

    #[test]
    fn bad_options_and_inputs_are_errors() {
        let samples = vec![Sample {
            id: "a".into(),
            label: Some((Label::Never, LabelSource::Resolved)),
            weight: 1.0,
        }];
        let opts = CalibrationOptions {
            holdout_percent: 0,
            ..CalibrationOptions::default()
        };
        let bad = Objective {
            max_handoff_rate: 1.5,
            ..Objective::default()
        };
        let e = calibrate(&Policy::default(), &samples, &bad, &opts, |_| vec![]).unwrap_err();
        assert_eq!(e.field(), Some("max_handoff_rate"));
        let e = calibrate(
            &Policy::default(),
            &samples,
            &Objective::default(),
            &opts,
            |_| vec![],
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("trajectories"));
        let unlabelled = vec![Sample {
            label: None,
            ..samples[0].clone()
        }];
        let e = calibrate(
            &Policy::default(),
            &unlabelled,
            &Objective::default(),
            &opts,
            |_| vec![Trajectory::default()],
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_value", Some("outcomes")));
    }

    #[test]
    fn without_evidence_the_threshold_stays() {
        // Every score is 0 (no threshold can change a decision): keep the policy in force.
        let samples: Vec<Sample> = (0..50)
            .map(|i| Sample {
                id: format!("c{i}"),
                label: Some((Label::Never, LabelSource::Resolved)),
                weight: 1.0,
            })
            .collect();
        let base = Policy {
            threshold: 0.73,
            release_threshold: 0.5,
            ..Policy::default()
        };
        let flat = |_: &Policy| {
            vec![
                Trajectory {
                    scores: vec![0.0; 4],
                    bypass_turn: None,
                };
                50
            ]
        };
        let p = calibrate(
            &base,
            &samples,
            &Objective::default(),
            &CalibrationOptions::default(),
            flat,
        )
        .unwrap();
        assert_eq!(p.policy.threshold, 0.73);
        assert_eq!(p.policy.release_threshold, 0.5);
        assert!(p.changes.is_empty());
        assert_eq!(p.policy.name, "default+calibrated");
    }
}
