//! Sentiment of one text in VADER's compound convention, [-1, 1].
//!
//! Placeholder for the foundation: a handful of support words, so the engine has a real number
//! to carry. The VADER implementation (lexicon, boosters, negation, "but", capitals,
//! punctuation, emoji) replaces it in the trigger-engine work.

use crate::core::text;

/// VADER-style scores of one text.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Polarity {
    /// Normalised sum of valences, in [-1, 1].
    pub compound: f32,
}

const WORDS: &[(&str, f32)] = &[
    ("thanks", 1.9),
    ("great", 3.1),
    ("good", 1.9),
    ("bad", -2.5),
    ("ridiculous", -2.2),
    ("useless", -1.8),
    ("angry", -2.3),
    ("terrible", -2.1),
];

/// Scores a text.
pub fn polarity(s: &str) -> Polarity {
    let sum: f32 = text::words(s)
        .iter()
        .filter_map(|w| WORDS.iter().find(|(k, _)| k == w).map(|(_, v)| *v))
        .sum();
    Polarity {
        compound: sum / (sum * sum + 15.0).sqrt(),
    }
}
