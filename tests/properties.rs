//! Property tests: whatever it is fed (any Unicode, empty texts, megabyte messages, any
//! sequence of roles, any customer tier), the engine never panics, keeps its outputs in range
//! (sentiment in [-1, 1], score and reason strengths in [0, 1]) and keeps its invariants (a
//! turn exactly when escalating, never after the last message). Native only: proptest's RNG
//! has no wasm32-unknown-unknown backend.
#![cfg(not(target_arch = "wasm32"))]

use handoff::core::conversation::Customer;
use handoff::core::signals::topic::SkillTable;
use handoff::core::{Decision, Engine, Message, Role};
use proptest::prelude::*;

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        3 => Just(Role::Customer),
        2 => Just(Role::Bot),
        1 => Just(Role::Agent),
        1 => Just(Role::System),
    ]
}

/// Texts mixing arbitrary Unicode with the words the signals look for, so that matches (and
/// their edge cases) happen often.
fn text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "still not working",
        "HELP",
        "!!",
        "??",
        "refund",
        "charged twice",
        "hacked",
        "$431",
        "wasn't me",
        "real person",
        "thanks",
        "error 0x80",
        "lost all",
        "'s",
        "-",
        "é",
        "",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![words.prop_map(str::to_string), any::<String>()],
            0..12
        )
        .prop_map(|v| v.join(" ")),
    ]
}

fn assert_in_range(d: &Decision, messages: usize) {
    assert!(
        (-1.0..=1.0).contains(&d.sentiment),
        "sentiment {}",
        d.sentiment
    );
    assert!((0.0..=1.0).contains(&d.score), "score {}", d.score);
    for r in &d.reasons {
        assert!((0.0..=1.0).contains(&r.strength), "strength {}", r.strength);
        assert!(r.message_index < messages.max(1));
    }
    assert_eq!(d.escalate, d.turn.is_some());
    assert!(d.turn.map_or(true, |t| t < messages.max(1)));
    assert!(!d.explanation.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_and_stays_in_range(
        messages in prop::collection::vec((role(), text()), 0..16),
        tier in prop::option::of(prop_oneof![Just("vip".to_string()), any::<String>()]),
    ) {
        let mut engine = Engine::default();
        engine.set_customer(Customer { tier, ..Customer::default() });
        for (i, (role, text)) in messages.iter().enumerate() {
            let d = engine.observe(Message::new(*role, text.clone()));
            assert_in_range(&d, i + 1);
        }
        let d = engine.decision_now();
        assert_in_range(&d, messages.len());
        prop_assert_eq!(engine.messages().len(), messages.len());
        let customers = messages.iter().filter(|(r, _)| *r == Role::Customer).count();
        prop_assert_eq!(engine.sentiment_trajectory().len(), customers);
    }

    #[test]
    fn topics_never_empty(text in text()) {
        let topics = SkillTable::default().topics(&text);
        prop_assert!(!topics.is_empty());
    }
}

#[test]
fn megabyte_message_and_empty_texts() {
    let mut engine = Engine::default();
    let big = "I already tried that!! still NOT working ".repeat(26_000);
    assert!(big.len() > 1_000_000);
    let d = engine.observe(Message::new(Role::Customer, big));
    assert_in_range(&d, 1);
    assert_eq!(d.warnings.len(), 1);
    let d = engine.observe(Message::new(Role::Bot, ""));
    assert_in_range(&d, 2);
    let d = engine.observe(Message::new(Role::Customer, ""));
    assert_in_range(&d, 3);
    engine.reset();
    assert!(!engine.decision_now().escalate);
}

#[test]
fn messages_made_only_of_cues() {
    // Every table matches at every word; the engine clips the scored text, caps its per-message
    // lists and still answers in range, with the warning that it scored the start only.
    let texts = [
        "still not working ".repeat(60_000),
        "hacked fraud wasn't me all my files gone ".repeat(30_000),
        "refund cancel change update fix ".repeat(40_000),
    ];
    for text in &texts {
        let mut engine = Engine::default();
        for i in 0..6 {
            let d = engine.observe(Message::new(Role::Customer, text.clone()));
            assert_in_range(&d, 2 * i + 1);
            assert_eq!(d.warnings.len(), 1);
            let d = engine.observe(Message::new(Role::Bot, text.clone()));
            assert_in_range(&d, 2 * i + 2);
        }
        assert!(engine.decision_now().escalate);
    }
}
