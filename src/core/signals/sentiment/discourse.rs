//! Words that the lexicon rates in isolation but that, in running text, mostly do a job other
//! than evaluating: politeness and request markers ("please", "can you help me"), agreement
//! and backchannel markers ("yes", "ok"), the discourse marker "well" opening a sentence, and
//! the sarcastic "thanks for" followed by a complaint ("thanks for wasting my time"). Each rule
//! replaces the word's own valence; VADER's rules for its neighbours are untouched. Applied by
//! `valence_at` to lexicon words only; pure, allocation-free.

use super::Tokens;

/// Factor on agreement and backchannel markers ("yes", "yeah", "ok"): they acknowledge more
/// than they praise, so their lexicon valence counts half.
const MARKER_WEIGHT: f64 = 0.5;

/// The valence word `i` (positive lexicon valence `base`) takes as a discourse marker, or
/// `None` when it is used as an ordinary word.
pub(super) fn valence(tokens: &Tokens, i: usize, base: f64) -> Option<f64> {
    let word = tokens.word(i);
    let prev = || if i > 0 { tokens.word(i - 1) } else { "" };
    match word {
        // Politeness: a request, not a feeling ("please help", "please fix this").
        "please" => Some(0.0),
        // "can you help me", "I need help": a request for help is not praise.
        "help" | "helping" if is_request(prev(), tokens.word(i + 1)) => Some(0.0),
        "yes" | "yeah" | "yep" | "ok" | "okay" | "agree" | "agreed" | "true" => {
            Some(base * MARKER_WEIGHT)
        }
        // "Well, ...", "Oh well": the discourse marker, not the adverb ("works well").
        "well" if opens_sentence(tokens, i) && !is_participle(tokens.word(i + 1)) => Some(0.0),
        "thanks" | "thank" if thanks_for_complaint(tokens, i) => Some(0.0),
        _ => None,
    }
}

/// Whether "help" between `prev` and `next` is asked for ("need help", "help me").
fn is_request(prev: &str, next: &str) -> bool {
    matches!(
        prev,
        "need"
            | "needs"
            | "needed"
            | "please"
            | "pls"
            | "plz"
            | "can"
            | "could"
            | "would"
            | "will"
            | "you"
            | "someone"
            | "somebody"
            | "anyone"
            | "anybody"
            | "some"
            | "for"
            | "any"
    ) || matches!(next, "me" | "us")
}

/// Whether token `i` opens a sentence or a clause, or follows an interjection ("oh well").
fn opens_sentence(tokens: &Tokens, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| tokens.list.get(p)) else {
        return true;
    };
    prev.ends_sentence || prev.comma || matches!(tokens.word(i - 1), "oh" | "ah" | "ahh")
}

/// Participles that make "well" the adverb even at the start ("Well done!").
fn is_participle(next: &str) -> bool {
    matches!(
        next,
        "done" | "played" | "made" | "written" | "said" | "worth"
    )
}

/// "thanks for" or "thank you for" followed, in the same clause and within four words, by a
/// negative word: sarcasm ("thanks for ruining my week").
fn thanks_for_complaint(tokens: &Tokens, i: usize) -> bool {
    let for_at = if tokens.word(i + 1) == "for" {
        i + 1
    } else if tokens.word(i + 1) == "you" && tokens.word(i + 2) == "for" {
        i + 2
    } else {
        return false;
    };
    for k in for_at + 1..(for_at + 5).min(tokens.len()) {
        let Some(t) = tokens.list.get(k) else { break };
        if t.valence.is_some_and(|v| v < 0.0) {
            return true;
        }
        if t.clause_end {
            break;
        }
    }
    false
}
