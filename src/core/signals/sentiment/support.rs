//! Customer-support language that VADER's general lexicon misreads or underrates: repeated
//! failure ("still not working", "I already tried that"), wasted effort ("waste of time",
//! "this is the third time"), unhelpfulness ("not helpful", "doesn't help"), sarcasm ("oh
//! great, another link", "thanks for nothing", "wow, so helpful") and apologies said over and
//! over. A small, explicit rule set, applied after VADER's word rules and before the "but"
//! shift.
//!
//! Two kinds of rule, both data below:
//! - `WORDS`: single words whose lexicon valence is replaced, so VADER's own rules (negation,
//!   boosters, capitals) still apply to them ("not useless" stays mild);
//! - `PHRASES`: token sequences; each element lists the words it accepts, separated by `|`. A match
//!   replaces the sentiment of every token it covers by one valence, carried by its last
//!   token, so a sarcastic "great" counts for nothing and the phrase counts once. Matches are
//!   taken left to right, longest first, and never overlap.
//!
//! Valences are on VADER's -4..4 scale. The phrases are specific to complaints about a service;
//! they occur rarely in general text, which keeps VADER's reference results intact.

use super::Tokens;
use std::sync::OnceLock;

/// Single words re-rated for support conversations (lower case).
const WORDS: &[(&str, f64)] = &[
    ("useless", -2.5),
    ("ridiculous", -2.3),
    ("pointless", -2.0),
    ("unhelpful", -2.0),
    ("unacceptable", -2.5),
];

/// Support phrases and the valence each takes.
const PHRASES: &[(&[&str], f64)] = &[
    // Repeated failure.
    (
        &["already", "tried|did|done|checked|restarted|rebooted|reset"],
        -1.5,
    ),
    (&["tried", "that|this|it", "already"], -1.5),
    (&["tried", "everything"], -1.8),
    (
        &[
            "still",
            "not|isn't|isnt|doesn't|doesnt|won't|wont|can't|cant|didn't|didnt",
            "working|work|fixed|resolved|solved|helping|help|loading|load|arrived|here|answered",
        ],
        -2.3,
    ),
    (
        &[
            "still",
            "does|is|did",
            "not",
            "work|working|help|load|loading",
        ],
        -2.3,
    ),
    (
        &[
            "still",
            "broken|waiting|nothing|stuck|failing|crashing|down",
        ],
        -2.0,
    ),
    (&["not|isn't|isnt|stopped|never", "working"], -1.8),
    (&["doesn't|doesnt|didn't|didnt|won't|wont", "work"], -1.8),
    (&["does|did", "not", "work"], -1.8),
    (
        &[
            "this|it",
            "is",
            "the",
            "second|third|fourth|fifth|tenth|umpteenth",
            "time",
        ],
        -1.8,
    ),
    (
        &[
            "for",
            "the",
            "second|third|fourth|fifth|tenth|umpteenth",
            "time",
        ],
        -1.5,
    ),
    (&["how", "many", "times"], -1.5),
    (&["going|go|running", "in|round", "circles"], -1.8),
    (&["waste", "of", "time|money|effort"], -2.5),
    (&["waste", "of", "my|our", "time|money"], -2.5),
    (
        &["wasted", "my|our", "time|day|morning|afternoon|evening"],
        -2.5,
    ),
    // Unhelpfulness.
    (&["not|isn't|isnt|wasn't|wasnt|never", "helpful"], -2.0),
    (
        &["not|isn't|isnt|wasn't|wasnt", "very|at|really", "helpful"],
        -2.0,
    ),
    (&["doesn't|doesnt|didn't|didnt|won't|wont", "help"], -1.8),
    (&["does|did", "not", "help"], -1.8),
    (&["not|isn't|isnt", "helping"], -1.8),
    (&["no", "help"], -1.8),
    // Sarcasm.
    (&["thanks|thank", "for", "nothing"], -2.5),
    (
        &[
            "oh",
            "great|wonderful|perfect|fantastic|brilliant|joy|lovely|super|awesome",
        ],
        -1.5,
    ),
    (
        &[
            "great|wonderful|perfect|fantastic|brilliant|awesome",
            "another",
        ],
        -1.0,
    ),
    (
        &[
            "another",
            "link|article|faq|bot|automated|canned|template|survey",
        ],
        -1.5,
    ),
    (&["wow", "so|very|really", "helpful|useful"], -2.0),
    (&["very|so|really", "helpful", "not"], -2.0),
];

/// Apology words: from the second one on, each adds this much negativity.
pub(super) const APOLOGIES: &[&str] = &[
    "sorry",
    "apologies",
    "apologise",
    "apologize",
    "apologizing",
];
const REPEATED_APOLOGY: f64 = -1.0;

/// The support valence of a single word, overriding the lexicon's.
pub(super) fn override_valence(lower: &str) -> Option<f64> {
    WORDS.iter().find(|(w, _)| *w == lower).map(|&(_, v)| v)
}

/// Applies the phrase and apology rules to the per-token sentiments.
pub(super) fn apply(tokens: &Tokens, sentiments: &mut [f64]) {
    let n = tokens.len().min(sentiments.len());
    let mut i = 0;
    while i < n {
        if !tokens.starter(i) {
            i += 1;
            continue;
        }
        // The longest phrase that matches, the last of equally long ones.
        let mut candidates = phrases_starting_with(tokens.word(i));
        let mut best: Option<&(&[&str], f64)> = None;
        while candidates != 0 {
            let n = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let Some(entry) = PHRASES.get(n) else { break };
            let longest = match best {
                Some(b) => entry.0.len() >= b.0.len(),
                None => true,
            };
            if longest && matches_at(tokens, i, entry.0) {
                best = Some(entry);
            }
        }
        match best {
            Some(&(phrase, value)) => {
                let end = (i + phrase.len()).min(n);
                for v in &mut sentiments[i..end] {
                    *v = 0.0;
                }
                sentiments[end - 1] = value;
                i = end;
            }
            None => i += 1,
        }
    }

    let mut apologies = 0;
    for (i, v) in sentiments.iter_mut().enumerate().take(n) {
        if tokens.has(i, super::APOLOGY) {
            apologies += 1;
            if apologies > 1 {
                *v += REPEATED_APOLOGY;
            }
        }
    }
}

/// The phrases (bit `n` for `PHRASES[n]`) whose first word can be `word`, from a table
/// built on first use: a starter is then compared with only its own phrases.
fn phrases_starting_with(word: &str) -> u64 {
    static TABLE: OnceLock<Vec<(&'static str, u64)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: Vec<(&'static str, u64)> = Vec::new();
        for (n, (phrase, _)) in PHRASES.iter().enumerate().take(64) {
            for w in phrase[0].split('|') {
                match table.iter_mut().find(|(x, _)| *x == w) {
                    Some((_, bits)) => *bits |= 1 << n,
                    None => table.push((w, 1 << n)),
                }
            }
        }
        // The shared sort (the standard one would add its own instance to the wasm); the
        // words are distinct, so this is the order `sort_unstable` gave.
        crate::core::sort::sort_by(&mut table, |a, b| a.0 < b.0);
        table
    });
    table
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .map_or(0, |k| table[k].1)
}

/// Words that can start a phrase (the first words of `PHRASES`): the tokens' quick filter.
pub(super) fn starters() -> impl Iterator<Item = &'static str> {
    PHRASES.iter().flat_map(|(phrase, _)| phrase[0].split('|'))
}

/// Whether a word can start a phrase, as the tokens' filter sees it.
#[cfg(test)]
fn starts_phrase(word: &str) -> bool {
    super::classify(word) & super::STARTER != 0
}

fn matches_at(tokens: &Tokens, i: usize, phrase: &[&str]) -> bool {
    i + phrase.len() <= tokens.len()
        && phrase
            .iter()
            .enumerate()
            .all(|(k, alternatives)| is_alternative(alternatives, tokens.word(i + k)))
}

/// Whether `word` is one of the `|`-separated `alternatives` (a scan, without a splitter).
fn is_alternative(alternatives: &str, word: &str) -> bool {
    let (all, word) = (alternatives.as_bytes(), word.as_bytes());
    let mut start = 0;
    loop {
        let end = all[start..]
            .iter()
            .position(|&b| b == b'|')
            .map_or(all.len(), |p| start + p);
        if all[start..end] == *word {
            return true;
        }
        if end == all.len() {
            return false;
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_filter_knows_every_phrase() {
        for (phrase, _) in PHRASES {
            for word in phrase[0].split('|') {
                assert!(starts_phrase(word), "{word}");
                assert!(phrases_starting_with(word) != 0, "{word}");
            }
        }
        assert!(!starts_phrase("table"));
        assert_eq!(phrases_starting_with("table"), 0);
        assert!(PHRASES.len() <= 64, "phrase bits are a u64");
        assert!(is_alternative("not|isn't|never", "not"));
        assert!(is_alternative("not|isn't|never", "isn't"));
        assert!(is_alternative("not|isn't|never", "never"));
        assert!(!is_alternative("not|isn't|never", "no"));
        assert!(!is_alternative("not|isn't|never", "never|"));
        assert!(!is_alternative("not|isn't|never", ""));
        assert!(is_alternative("still", "still"));
    }
}
