//! `handoff score`: sentiment, explicit request and topics of single texts.

use handoff::core::signals::{explicit, sentiment};
use handoff::core::wire::{round3, ScoreIn, ScoreOut};

use crate::jsonl::{run_lines, Io, Report};

/// Runs the verb.
pub fn run(io: &Io) -> Result<Report, String> {
    let policy = io.policy()?;
    run_lines(io, |input: ScoreIn| {
        Ok(ScoreOut {
            id: input.id,
            sentiment: round3(sentiment::polarity(&input.text).compound),
            explicit_request: explicit::detect(&input.text, &policy.explicit_phrases).is_some(),
            topics: Vec::new(),
        })
    })
}
