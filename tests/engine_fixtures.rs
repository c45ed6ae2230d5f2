//! Engine tests driven by data: `tests/fixtures/heldout-conversations.jsonl` holds hand-written
//! conversations grouped by signal (frustration, complexity, loop, VIP, critical, hysteresis),
//! hard negatives included, each with a label in the evaluation harness's format (so
//! `evaluate.py replay --conversations` reads the same file) and optionally the expected
//! decision after given messages; `tests/fixtures/topics.jsonl` holds texts and the topic they
//! must rank first. Every case goes through one `check()` helper, which names the case on
//! failure. When the shared data folder is present, the labelled sample conversations are
//! replayed too (skipped with a message when absent, a failure when `CI` is set).

use std::path::PathBuf;

use handoff::core::conversation::Customer;
use handoff::core::signals::topic::SkillTable;
use handoff::core::{Decision, Engine, Message};
use serde::Deserialize;

const CONVERSATIONS: &str = include_str!("fixtures/heldout-conversations.jsonl");
const TOPICS: &str = include_str!("fixtures/topics.jsonl");

#[derive(Deserialize)]
struct Label {
    escalate: bool,
    earliest: Option<usize>,
    latest: Option<usize>,
    reason: Option<String>,
    skill: Option<String>,
    priority: Option<String>,
}

#[derive(Deserialize)]
struct ConversationCase {
    id: String,
    #[serde(default)]
    customer: Option<Customer>,
    messages: Vec<Message>,
    label: Label,
    /// (message index, expected `escalate` after it).
    #[serde(default)]
    expect_after: Vec<(usize, bool)>,
}

#[derive(Deserialize)]
struct TopicCase {
    id: String,
    text: String,
    topic: String,
}

/// One fixture of either kind.
enum Case {
    Conversation(Box<ConversationCase>),
    Topic(TopicCase),
}

/// Replays a conversation as the CLI does: every decision, and the decisive one (the first
/// that escalates, else the last).
fn replay(engine: &mut Engine, case: &ConversationCase) -> (Vec<Decision>, Decision) {
    engine.reset();
    engine.set_customer(case.customer.clone().unwrap_or_default());
    let all: Vec<Decision> = case
        .messages
        .iter()
        .map(|m| engine.observe(m.clone()))
        .collect();
    let decisive = all
        .iter()
        .find(|d| d.escalate)
        .or(all.last())
        .cloned()
        .unwrap_or_else(|| engine.decision_now());
    (all, decisive)
}

/// Checks one case; the error names the case and what differed.
fn check(engine: &mut Engine, case: &Case) -> Result<(), String> {
    match case {
        Case::Topic(t) => {
            let topics = SkillTable::default().topics(&t.text);
            match topics.first() {
                Some(first) if first.as_str() == t.topic => Ok(()),
                _ => Err(format!(
                    "{}: topics {topics:?}, want {} first",
                    t.id, t.topic
                )),
            }
        }
        Case::Conversation(c) => {
            let (all, d) = replay(engine, c);
            let l = &c.label;
            let mut errors = Vec::new();
            if d.escalate != l.escalate {
                errors.push(format!("escalate {} want {}", d.escalate, l.escalate));
            }
            if d.escalate && l.escalate {
                let turn = d.turn.unwrap_or(usize::MAX);
                let (lo, hi) = (l.earliest.unwrap_or(0), l.latest.unwrap_or(usize::MAX));
                if !(lo..=hi).contains(&turn) {
                    errors.push(format!("turn {turn} outside {lo}..={hi}"));
                }
                if let Some(reason) = &l.reason {
                    if !d.reason_names().contains(&reason.as_str()) {
                        errors.push(format!("reasons {:?} lack {reason}", d.reason_names()));
                    }
                }
                if l.skill.as_deref().is_some_and(|s| s != d.skill.as_str()) {
                    errors.push(format!("skill {} want {:?}", d.skill.as_str(), l.skill));
                }
                if l.priority
                    .as_deref()
                    .is_some_and(|p| p != d.priority.as_str())
                {
                    errors.push(format!(
                        "priority {} want {:?}",
                        d.priority.as_str(),
                        l.priority
                    ));
                }
                if !d.explanation.starts_with("handoff:") {
                    errors.push(format!("explanation {:?}", d.explanation));
                }
            }
            for &(index, want) in &c.expect_after {
                match all.get(index) {
                    Some(d) if d.escalate == want => {}
                    Some(d) => errors.push(format!(
                        "after message {index}: escalate {} want {want}",
                        d.escalate
                    )),
                    None => errors.push(format!("no message {index}")),
                }
            }
            for d in &all {
                if !(-1.0..=1.0).contains(&d.sentiment) || !(0.0..=1.0).contains(&d.score) {
                    errors.push(format!("out of range: {} / {}", d.sentiment, d.score));
                }
            }
            if errors.is_empty() {
                Ok(())
            } else {
                Err(format!("{}: {}", c.id, errors.join("; ")))
            }
        }
    }
}

fn cases() -> Vec<(String, Case)> {
    let mut out = Vec::new();
    for line in CONVERSATIONS.lines().filter(|l| !l.trim().is_empty()) {
        let group = serde_json::from_str::<serde_json::Value>(line).unwrap()["group"]
            .as_str()
            .unwrap_or("none")
            .to_string();
        let case: ConversationCase = serde_json::from_str(line).expect("conversation fixture");
        out.push((group, Case::Conversation(Box::new(case))));
    }
    for line in TOPICS.lines().filter(|l| !l.trim().is_empty()) {
        let case: TopicCase = serde_json::from_str(line).expect("topic fixture");
        out.push(("topic".to_string(), Case::Topic(case)));
    }
    out
}

fn run_group(group: &str) {
    let mut engine = Engine::default();
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|(g, _)| g == group)
        .map(|(_, c)| c)
        .collect();
    assert!(cases.len() >= 2, "group {group} has too few fixtures");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(&mut engine, c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn frustration() {
    run_group("frustration");
}

#[test]
fn complexity() {
    run_group("complexity");
}

#[test]
fn loops() {
    run_group("loop");
}

#[test]
fn vip() {
    run_group("vip");
}

#[test]
fn critical() {
    run_group("critical");
}

#[test]
fn hysteresis() {
    run_group("hysteresis");
}

#[test]
fn topics() {
    run_group("topic");
}

/// The labelled sample conversations from the shared data folder, outside the repository.
/// Decisions on every category but explicit requests (which another module detects) must be
/// right at least 95% of the time. Absent data skips the test, unless `CI` is set.
#[test]
fn shared_sample_conversations() {
    // `HANDOFF_SHARED`, else `../shared` beside the repository (CI's layout), else
    // `../../shared` (a worktree one level deeper).
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("HANDOFF_SHARED").map(PathBuf::from),
        Some(root.join("../shared")),
        Some(root.join("../../shared")),
    ];
    let path = candidates
        .into_iter()
        .flatten()
        .map(|dir| dir.join("data/sample-conversations.jsonl"))
        .find(|p| p.exists())
        .unwrap_or_else(|| root.join("../shared/data/sample-conversations.jsonl"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "shared data not found at {} and CI is set",
            path.display()
        );
        eprintln!("skipping: shared data not found at {}", path.display());
        return;
    };
    let mut engine = Engine::default();
    let (mut right, mut total) = (0, 0);
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: ConversationCase = serde_json::from_str(line).expect("sample conversation");
        if case.label.reason.as_deref() == Some("explicit_request") {
            continue;
        }
        total += 1;
        let (_, d) = replay(&mut engine, &case);
        if d.escalate == case.label.escalate {
            right += 1;
        } else {
            failures.push(case.id.clone());
        }
    }
    assert!(total >= 20, "only {total} conversations");
    assert!(
        right as f32 / total as f32 >= 0.95,
        "{right}/{total} right; wrong: {failures:?}"
    );
}
