//! `handoff replay`: feeds each conversation's messages to the engine one at a time, as a live
//! widget would, and reports the first decision to hand off (or the last decision). With
//! `--compare OLD`, replays under both policies and prints only the conversations whose
//! decision differs (see `compare.rs`).

use handoff::core::conversation::Customer;
use handoff::core::wire::{ConversationIn, ReplayOut};
use handoff::core::{Decision, Engine, Message};

use crate::jsonl::{run_lines, Io, Report};

/// Options of `replay`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub(crate) io: Io,
    /// Also replay under this (old) policy and print only the decisions that differ.
    #[arg(long, value_name = "OLD")]
    pub(crate) compare: Option<std::path::PathBuf>,
}

/// Runs the verb.
pub fn run(args: &Args) -> Result<Report, String> {
    let policy = args.io.policy()?;
    if let Some(old) = &args.compare {
        return crate::compare::run(&args.io, policy, old);
    }
    let mut engine = Engine::new(policy);
    run_lines(&args.io, |conversation: ConversationIn| {
        let decision = replay_one(&mut engine, conversation.customer, conversation.messages);
        Ok(ReplayOut::new(conversation.id, &decision))
    })
}

/// Replays one conversation and returns its decisive (first hand-off) or last decision.
pub fn replay_one(
    engine: &mut Engine,
    customer: Option<Customer>,
    messages: Vec<Message>,
) -> Decision {
    engine.reset();
    engine.set_customer(customer.unwrap_or_default());
    for message in messages {
        engine.observe(message);
    }
    engine.decisive()
}
