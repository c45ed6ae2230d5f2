//! Explicit requests for a human ("I need to speak to a person"). Recall first: an explicit
//! request always escalates, whatever the thresholds, so missing one traps the customer.

use crate::core::text;

/// A detected request for a human.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The words of the message that matched, as the customer wrote them (folded).
    pub evidence: String,
    /// The language of the matched phrase.
    pub language: &'static str,
}

/// Phrases (folded words) that ask for a human.
const PHRASES: &[(&str, &[&str])] = &[(
    "en",
    &[
        "speak to a person",
        "speak to a human",
        "talk to a person",
        "talk to a human",
        "talk to someone",
        "speak to someone",
        "real person",
        "human agent",
        "live agent",
        "representative",
        "operator",
        "transfer me",
        "escalate this",
        "your supervisor",
        "a supervisor",
        "number i can call",
    ],
)];

/// Words that, shortly before a phrase, negate it ("I don't want to talk to anyone").
const NEGATIONS: &[&str] = &["no", "not", "don't", "dont", "never", "without"];

/// Finds an explicit request for a human in `text`, including the policy's extra phrases.
pub fn detect(text: &str, extra_phrases: &[String]) -> Option<Match> {
    let words = text::words(text);
    let extra: Vec<Vec<String>> = extra_phrases.iter().map(|p| text::words(p)).collect();
    let builtin = PHRASES.iter().flat_map(|(lang, phrases)| {
        phrases
            .iter()
            .map(move |p| (*lang, p.split(' ').map(str::to_string).collect::<Vec<_>>()))
    });
    let custom = extra.into_iter().map(|p| ("custom", p));
    for (language, phrase) in builtin.chain(custom) {
        if phrase.is_empty() || phrase.len() > words.len() {
            continue;
        }
        for start in 0..=words.len() - phrase.len() {
            if words[start..start + phrase.len()] == phrase[..] {
                let window = &words[start.saturating_sub(4)..start];
                if window.iter().any(|w| NEGATIONS.contains(&w.as_str())) {
                    continue;
                }
                return Some(Match {
                    evidence: phrase.join(" "),
                    language,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_requests() {
        let m = detect("I need to speak to a person", &[]).unwrap();
        assert_eq!(m.evidence, "speak to a person");
        assert!(detect("can I get a REAL PERSON please", &[]).is_some());
    }

    #[test]
    fn ignores_negated_and_unrelated() {
        assert!(detect("I don't want to talk to someone, just tell me", &[]).is_none());
        assert!(detect("where is my invoice", &[]).is_none());
        assert!(detect("", &[]).is_none());
    }

    #[test]
    fn policy_phrases_count() {
        assert!(detect("quiero un humano", &[]).is_none());
        assert!(detect("quiero un humano", &["un humano".to_string()]).is_some());
    }
}
