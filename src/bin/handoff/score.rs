//! `handoff score`: sentiment, explicit request and topics of single texts.

use handoff::core::signals::topic::SkillTable;
use handoff::core::signals::{explicit, sentiment};
use handoff::core::wire::{round3, ScoreIn, ScoreOut};

use crate::jsonl::{run_lines, Io, Report};

/// Runs the verb.
pub fn run(io: &Io) -> Result<Report, String> {
    let policy = io.policy()?;
    let extra = policy.explicit_phrases_by_language();
    let detector = explicit::Detector::new(&extra);
    let skills = SkillTable::new(
        policy
            .skills
            .iter()
            .flat_map(|(skill, words)| words.iter().map(move |w| (*skill, w.as_str()))),
    );
    run_lines(io, |input: ScoreIn| {
        Ok(ScoreOut {
            id: input.id,
            sentiment: round3(sentiment::polarity(&input.text).compound),
            explicit_request: detector.detect(&input.text).is_some(),
            topics: skills
                .topics(&input.text)
                .into_iter()
                .map(|s| s.as_str())
                .collect(),
        })
    })
}
