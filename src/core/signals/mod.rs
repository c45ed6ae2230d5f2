//! Escalation signals, each a pure function of text (or of the conversation so far). The
//! engine (`core::engine`) combines them; nothing here knows about thresholds.

pub mod complexity;
pub mod critical;
pub mod explicit;
pub mod frustration;
pub mod lexicon;
pub mod packed;
pub mod repetition;
pub mod sentiment;
pub mod stakes;
pub mod topic;
pub mod wordset;
