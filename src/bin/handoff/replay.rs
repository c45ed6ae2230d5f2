//! `handoff replay`: feeds each conversation's messages to the engine one at a time, as a live
//! widget would, and reports the first decision to hand off (or the last decision).

use handoff::core::wire::{ConversationIn, ReplayOut};
use handoff::core::Engine;

use crate::jsonl::{run_lines, Io, Report};

/// Options of `replay`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    io: Io,
}

/// Runs the verb.
pub fn run(args: &Args) -> Result<Report, String> {
    let policy = args.io.policy()?;
    let mut engine = Engine::new(policy);
    run_lines(&args.io, |conversation: ConversationIn| {
        engine.reset();
        engine.set_customer(conversation.customer.unwrap_or_default());
        let mut decisive = None;
        let mut last = None;
        for message in conversation.messages {
            let decision = engine.observe(message);
            if decision.escalate && decisive.is_none() {
                decisive = Some(decision.clone());
            }
            last = Some(decision);
        }
        let decision = decisive.or(last).unwrap_or_else(|| engine.decision_now());
        Ok(ReplayOut::new(conversation.id, &decision))
    })
}
