//! `handoff calibrate`: proposes a policy from historical conversations and their outcomes.
//! Replays every conversation through the engine under candidate policies to get its score
//! trajectory, labels it from its outcome and searches thresholds (and, with
//! `--search-weights`, weights) on a training split; prints the proposal and its effect on a
//! held-out split as one JSON object. It never changes a policy in place: `--write-policy`
//! writes the proposal to a new file for a person to review and deploy.

use std::collections::HashMap;
use std::path::PathBuf;

use handoff::core::calibrate::{
    calibrate, label, CalibrationOptions, Effect, Objective, Proposal, Sample, Trajectory,
};
use handoff::core::conversation::{Customer, Message, Role};
use handoff::core::outcomes::{merge, Outcome};
use handoff::core::policy::Policy;
use handoff::core::wire::ConversationIn;
use handoff::core::Engine;
use serde::Serialize;

use crate::jsonl::load_policy;
use crate::jsonl::Report;
use crate::metrics::Format;
use crate::records::for_each_record;

/// Options of `calibrate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Historical conversations, JSON Lines (the `replay` input format).
    #[arg(long)]
    pub conversations: PathBuf,
    /// Their outcome events, JSON Lines.
    #[arg(long)]
    pub outcomes: PathBuf,
    /// The policy in force (JSON); the built-in default when omitted.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// The highest acceptable share of conversations handed off, 0 to 1.
    #[arg(long, default_value_t = 1.0)]
    pub max_handoff_rate: f64,
    /// Cost of a late or missed handoff.
    #[arg(long, default_value_t = 1.0)]
    pub late_cost: f64,
    /// Cost of an early or unneeded handoff.
    #[arg(long, default_value_t = 1.0)]
    pub early_cost: f64,
    /// Percent of conversations held out to measure the proposal, 0 to 90.
    #[arg(long, default_value_t = 30)]
    pub holdout: u32,
    /// Seed of the train/held-out split.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Also search the trigger weights (slower: rescoring every conversation per candidate).
    #[arg(long)]
    pub search_weights: bool,
    /// An abandoned conversation without handoff whose last sentiment is below this is a
    /// missed handoff.
    #[arg(long, default_value_t = handoff::core::metrics::DEFAULT_NEGATIVE_BELOW, allow_hyphen_values = true)]
    pub negative_below: f32,
    /// Write the proposed policy document to this new file (never overwrites).
    #[arg(long)]
    pub write_policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

/// What the verb prints: the proposal, marked as such.
#[derive(Serialize)]
struct Output<'a> {
    status: &'static str,
    #[serde(flatten)]
    proposal: &'a Proposal,
}

/// A conversation reduced to what calibration scores: the messages before a person joined.
struct Scored {
    customer: Customer,
    messages: Vec<Message>,
}

/// The messages the engine decided on: up to the first agent message, and no further than
/// the recorded handoff turn.
fn bot_phase(messages: Vec<Message>, handoff_turn: Option<usize>) -> Vec<Message> {
    let agent = messages
        .iter()
        .position(|m| m.role == Role::Agent)
        .unwrap_or(messages.len());
    let end = handoff_turn.map_or(agent, |t| agent.min(t + 1));
    messages.into_iter().take(end).collect()
}

/// One trajectory: the engine's score after each message and its first bypass.
fn trajectory(policy: &Policy, c: &Scored) -> Trajectory {
    let mut engine = Engine::new(policy.clone());
    engine.set_customer(c.customer.clone());
    let mut t = Trajectory::default();
    for (i, m) in c.messages.iter().enumerate() {
        let d = engine.observe(m.clone());
        t.scores.push(d.score);
        if t.bypass_turn.is_none() && d.reasons.iter().any(|r| r.reason.bypasses_threshold()) {
            t.bypass_turn = Some(i);
        }
    }
    t
}

/// Runs the verb.
pub fn run(args: &Args) -> Result<Report, String> {
    let base = match &args.policy {
        Some(path) => load_policy(path)?,
        None => Policy::default(),
    };
    if let Some(path) = &args.write_policy {
        if path.exists() {
            return Err(format!(
                "refusing to overwrite {}: write the proposal to a new file",
                path.display()
            ));
        }
    }
    let mut events = Vec::new();
    let outcomes_name = args.outcomes.display().to_string();
    let mut failed = for_each_record(Some(&args.outcomes), Some(&outcomes_name), |o: Outcome| {
        o.validate()?;
        events.push(o);
        Ok(())
    })?;
    let outcomes: HashMap<String, Outcome> = merge(events)
        .into_iter()
        .map(|o| (o.conversation_id.clone(), o))
        .collect();

    let mut samples = Vec::new();
    let mut scored = Vec::new();
    let mut matched = 0;
    let conversations_name = args.conversations.display().to_string();
    failed += for_each_record(
        Some(&args.conversations),
        Some(&conversations_name),
        |c: ConversationIn| {
            let outcome = outcomes.get(&c.id);
            matched += usize::from(outcome.is_some());
            let messages = bot_phase(c.messages, outcome.and_then(|o| o.handoff_turn));
            let labelled = label(outcome, messages.len(), args.negative_below);
            samples.push(Sample {
                id: c.id,
                label: labelled.map(|(l, s, _)| (l, s)),
                weight: labelled.map_or(0.0, |(_, _, w)| w),
            });
            scored.push(Scored {
                customer: c.customer.unwrap_or_default(),
                messages,
            });
            Ok(())
        },
    )?;
    if matched < outcomes.len() {
        eprintln!(
            "calibrate: {} outcomes name no conversation in {conversations_name}; ignored",
            outcomes.len() - matched
        );
    }
    let objective = Objective {
        late_cost: args.late_cost,
        early_cost: args.early_cost,
        max_handoff_rate: args.max_handoff_rate,
    };
    let options = CalibrationOptions {
        holdout_percent: args.holdout,
        seed: args.seed,
        search_weights: args.search_weights,
        ..CalibrationOptions::default()
    };
    let proposal = calibrate(&base, &samples, &objective, &options, |p: &Policy| {
        scored.iter().map(|c| trajectory(p, c)).collect()
    })
    .map_err(|e| format!("calibrate: {e}"))?;

    match args.format {
        Format::Json => {
            let out = Output {
                status: "proposed",
                proposal: &proposal,
            };
            println!(
                "{}",
                serde_json::to_string(&out).map_err(|e| e.to_string())?
            );
        }
        Format::Table => print!("{}", table(&base, &proposal)),
    }
    eprintln!(
        "calibrate: threshold {} -> {}; held-out cost {:.1} -> {:.1}; {} held-out conversations \
         change; nothing applied",
        base.threshold,
        proposal.policy.threshold,
        proposal.holdout.old.cost,
        proposal.holdout.new.cost,
        proposal.changes.len()
    );
    if let Some(path) = &args.write_policy {
        let text = serde_json::to_string_pretty(&proposal.policy).map_err(|e| e.to_string())?;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{text}\n").as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!(
            "calibrate: wrote the proposed policy to {}; review it, compare with \
             `handoff replay --policy {} --compare <current>`, and deploy it yourself",
            path.display(),
            path.display()
        );
    }
    Ok(Report {
        ok: samples.len(),
        failed,
    })
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn effect_row(split: &str, which: &str, e: &Effect) -> String {
    format!(
        "{split:<9} {which:<4} {:>6} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8.1}\n",
        e.conversations,
        e.labelled,
        rate(e.handoff_rate),
        e.too_early,
        e.too_late,
        e.missed,
        e.unneeded,
        e.cost
    )
}

/// The proposal for people: the policy change, the effect table and the changes.
fn table(base: &Policy, p: &Proposal) -> String {
    let w0 = &base.weights;
    let w1 = &p.policy.weights;
    let mut out = format!(
        "proposed (not applied): threshold {} -> {}, release_threshold {} -> {}, weights \
         frustration {} -> {}, complexity {} -> {}, loop {} -> {}\n",
        base.threshold,
        p.policy.threshold,
        base.release_threshold,
        p.policy.release_threshold,
        w0.frustration,
        w1.frustration,
        w0.complexity,
        w1.complexity,
        w0.r#loop,
        w1.r#loop
    );
    out.push_str(&format!(
        "objective: late cost {}, early cost {}, max handoff rate {}{}\n",
        p.objective.late_cost,
        p.objective.early_cost,
        p.objective.max_handoff_rate,
        if p.feasible { "" } else { " (NOT MET)" }
    ));
    out.push_str(&format!(
        "{:<9} {:<4} {:>6} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}\n",
        "split", "", "convs", "labels", "rate", "early", "late", "missed", "unneed", "cost"
    ));
    for (split, c) in [("train", &p.train), ("held-out", &p.holdout)] {
        out.push_str(&effect_row(split, "old", &c.old));
        out.push_str(&effect_row(split, "new", &c.new));
    }
    for c in &p.changes {
        let turn = |t: Option<usize>| t.map_or_else(|| "never".to_string(), |t| t.to_string());
        out.push_str(&format!(
            "{:<24} {:>5} -> {:<5} {:?} ({}, {})\n",
            c.id,
            turn(c.old_turn),
            turn(c.new_turn),
            c.change,
            c.outcome.unwrap_or("no label"),
            c.effect
        ));
    }
    for w in &p.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}
