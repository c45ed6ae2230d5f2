//! Frustration over a conversation, kept as running state so that each customer message costs
//! work linear in its own length. Two parts: *cues* accumulate with decay (phrases such as "I
//! already tried that" or "still not working", shouting in capitals, runs of `!!` and `??`),
//! and a *mood* read from the conversation so far (sentiment now versus at the start, replies
//! getting shorter, pleasantries present earlier and gone now). A resolution ("works now,
//! thanks") with no other cue calms the level down.

use super::lexicon::{quoted, PhraseTable, Tokens};
use super::packed;
use crate::core::word_list::words;

/// Built-in cues, packed ([`super::packed`]): groups `weight:phrase|…;`, the weight in
/// hundredths. Strong judgements weigh 0.45, "I already tried" and "still
/// not" kinds 0.3, mild sighs 0.15.
const CUES: &str = concat!(
    "45:frustrating|frustrated|waste of time|waste of my time|ridiculous|unacceptable|",
    "not acceptable|useless|fed up|sick of|sick and tired|are you kidding|you're kidding;",
    "35:a joke;",
    "45:pathetic|absurd;",
    "35:worst|terrible|awful;",
    "45:liar;",
    "40:nobody told me|no one told me;",
    "45:incompetent|wtf|i give up;",
    "40:hopeless|garbage;",
    "35:nonsense|insane;",
    "45:outrageous|infuriating|furious;",
    "35:angry;",
    "30:annoying|annoyed|disappointed|still not|still doesn't|still don't|still isn't|",
    "still can't|still no|still nothing|still broken|still the same|still waiting|twice now;",
    "35:third time;",
    "30:second time;",
    "35:just told you;",
    "25:same thing|same result|same problem|same error|same issue;",
    "20:no change|no difference;",
    "25:didn't work|did not work|nothing changed;",
    "40:losing patience|lost patience|out of patience|had enough;",
    "45:enough is enough;",
    "20:for a week;",
    "25:for weeks;",
    "20:for days;",
    "15:all day|going on for;",
    "30:es la segunda vez;",
    "20:otra vez|encore une fois;",
    "30:deuxieme fois|schon wieder|zum zweiten mal;",
    "20:outra vez;",
    "30:segunda vez|you just said;",
    "25:yes i know;",
    "35:already told you;",
    "30:already said;",
    "25:a third;",
    "35:again and again;",
    "30:keeps happening|already tried|already did;",
    "25:i already|i've already;",
    "30:tried that;",
    "35:tried everything;",
    "25:did that|done that;",
    "15:i did;",
    "20:checked;",
    "15:tried|restarted|rebooted|reinstalled|they did;",
    "30:a mess;",
    "25:seriously|forever;",
    "15:supposed to;",
    "35:not helpful;",
    "30:doesn't help|didn't help;",
    "35:not what i asked|not listening;",
    "30:that's not what|i just said|as i said|like i said|i told you;",
    "40:for the last time;",
    "30:anyone there;",
    "20:is anyone;",
    "15:ugh;",
    "10:honestly;",
    "20:come on;",
    "10:wow|brilliant;",
    "15:i'll just|no thanks|never got;",
    "30:can't believe;",
    "10:what a;",
    // Spanish, French, German, Portuguese.
    "30:ya lo intente|sigue sin|todavia no;",
    "45:ridiculo|inutil|harto;",
    "30:deja essaye|toujours pas;",
    "45:ridicule|inutile|marre;",
    "30:schon versucht|immer noch nicht;",
    "45:lacherlich|nutzlos;",
    "30:ja tentei|ainda nao;",
    "45:absurdo;",
);

/// Greetings and courtesies; their disappearance is a mood signal.
const PLEASANTRIES: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "good morning",
    "good afternoon",
    "good evening",
    "morning",
    "please",
    "thanks",
    "thank you",
    "thx",
    "cheers",
    "appreciate",
    "hola",
    "gracias",
    "por favor",
    "bonjour",
    "merci",
    "hallo",
    "danke",
    "bitte",
    "ola",
    "obrigado",
    "obrigada",
    "boa tarde",
    "bom dia",
];

/// Signs the customer's problem is solved ("works now, thanks").
const RESOLUTIONS: &[&str] = &[
    "thanks",
    "thank you",
    "it works",
    "that worked",
    "it worked",
    "works now",
    "works perfectly",
    "working now",
    "got it",
    "found it",
    "perfect",
    "solved",
    "fixed",
    "all good",
    "awesome",
    "cheers",
    "there it is",
    "that helps",
    "makes sense",
    "that works",
    "great",
    "nice",
    "done",
    "love it",
    "cool",
    "excellent",
    "sorted",
    "that did it",
    "all set",
    "gracias",
    "merci",
    "danke",
    "obrigado",
    "obrigada",
];

/// Words that, just before a strong cue, negate it ("not ridiculous").
const NEGATIONS: &[&str] = &["not", "isn't", "wasn't", "no", "never"];

/// The compiled frustration tables: cues, pleasantries and resolutions in one phrase table,
/// so that a message's words are walked once for all three.
#[derive(Debug, Clone)]
pub struct Tables {
    phrases: PhraseTable<Phrase>,
}

/// What a phrase of [`Tables`] is.
#[derive(Debug, Clone, Copy)]
enum Phrase {
    /// A frustration cue, with its weight.
    Cue(f32),
    /// A greeting or courtesy.
    Pleasantry,
    /// The problem is solved.
    Resolution,
}

/// The built-in tables, compiled once per process on first use.
pub fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(Tables::default)
}

impl Default for Tables {
    fn default() -> Tables {
        // The cues first: matches starting at one word are visited in insertion order, so the
        // cues keep the order a table of their own gave them.
        let mut phrases = PhraseTable::new(
            packed::rows(CUES).filter_map(|(w, p)| Some((p, Phrase::Cue(packed::hundredths(w)?)))),
        );
        phrases.extend(words!(PLEASANTRIES).iter().map(|p| (p, Phrase::Pleasantry)));
        phrases.extend(words!(RESOLUTIONS).iter().map(|p| (p, Phrase::Resolution)));
        Tables { phrases }
    }
}

/// What one customer message shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The evidence of this message's own cues, in [0, 1].
    pub cues: f32,
    /// The strongest cue quoted (or a description such as "capitals"), when any.
    pub evidence: Option<String>,
    /// Whether the message has a greeting or courtesy.
    pub pleasant: bool,
    /// Whether the message says the problem is solved (and has no frustration cue).
    pub resolved: bool,
    /// Whether the message has a sign of satisfaction at all (it may still ask more).
    pub satisfied: bool,
}

impl Tables {
    /// Reads one customer message.
    pub fn read(&self, tokens: &Tokens) -> Reading {
        let mut hits: Vec<(usize, usize, f32)> = Vec::new();
        let (mut pleasant, mut resolution) = (false, false);
        self.phrases
            .for_each_match(tokens, |s, l, &phrase| match phrase {
                Phrase::Cue(w) => {
                    if w < 0.4 || !tokens.preceded_by(s, 2, NEGATIONS) {
                        // Capped: the cue sum saturates long before, and a long message stays
                        // linear.
                        if hits.len() < 64 {
                            hits.push((s, l, w));
                        }
                    }
                }
                Phrase::Pleasantry => pleasant = true,
                Phrase::Resolution => resolution = true,
            });
        // Keep the heaviest of overlapping matches ("so frustrating" / "frustrating").
        crate::core::sort::sort_by(&mut hits, |a, b| {
            b.2.total_cmp(&a.2).then(b.1.cmp(&a.1)).is_lt()
        });
        let mut taken: Vec<(usize, usize, f32)> = Vec::new();
        for h in hits {
            if !taken.iter().any(|t| h.0 < t.0 + t.1 && t.0 < h.0 + h.1) {
                taken.push(h);
            }
        }
        let mut cues: f32 = taken.iter().map(|h| h.2).sum();
        let mut evidence = taken.first().map(|&(s, l, _)| quoted(tokens.source(s, l)));
        let caps = tokens.caps_ratio();
        if caps >= 0.6 {
            cues += 0.35;
            evidence.get_or_insert_with(|| "writing in capitals".to_string());
        } else if caps >= 0.3 {
            cues += 0.15;
        }
        let runs = (tokens.bang_runs + tokens.question_runs) as f32;
        if runs > 0.0 {
            cues += (0.15 * runs).min(0.3);
            evidence.get_or_insert_with(|| "repeated ! or ?".to_string());
        }
        Reading {
            cues: cues.min(1.0),
            evidence,
            pleasant,
            resolved: resolution && cues < 0.2,
            satisfied: resolution && cues < 0.2,
        }
    }
}

/// The running frustration state of one conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frustration {
    level: f32,
    accumulated: f32,
    messages: u32,
    first_sentiment: f32,
    total_chars: u32,
    pleasant_before: bool,
    evidence: Option<(usize, String)>,
}

/// How much accumulated cues fade at each customer message.
const DECAY: f32 = 0.7;

impl Frustration {
    /// Updates the state with a customer message (its index, reading, compound sentiment and
    /// length in characters) and returns the new level in [0, 1].
    pub fn observe(&mut self, index: usize, reading: &Reading, sentiment: f32, chars: u32) -> f32 {
        if reading.resolved {
            self.accumulated *= 0.3;
        } else {
            self.accumulated = self.accumulated * DECAY + reading.cues;
        }
        if reading.cues > 0.0 {
            if let Some(e) = &reading.evidence {
                let stronger = self.evidence.is_none() || reading.cues >= 0.3;
                if stronger {
                    self.evidence = Some((index, e.clone()));
                }
            }
        }
        // Mood: compared with how the conversation started.
        let mut mood = 0.0;
        if self.messages == 0 {
            self.first_sentiment = sentiment;
        } else if !reading.resolved {
            if self.pleasant_before && !reading.pleasant {
                mood += 0.1;
            }
            let mean_chars = self.total_chars as f32 / self.messages as f32;
            if (chars as f32) < 0.6 * mean_chars {
                mood += 0.1;
            }
            if sentiment < self.first_sentiment - 0.5 {
                mood += 0.1;
            }
        }
        if !reading.resolved {
            if sentiment <= -0.7 {
                mood += 0.2;
            } else if sentiment <= -0.4 {
                mood += 0.1;
            }
        }
        self.pleasant_before |= reading.pleasant;
        self.messages += 1;
        self.total_chars = self.total_chars.saturating_add(chars);
        self.level = (self.accumulated + mood).clamp(0.0, 1.0);
        if self.evidence.is_none() && mood >= 0.2 {
            self.evidence = Some((index, "mood turning negative".to_string()));
        }
        self.level
    }

    /// The current level in [0, 1].
    pub fn level(&self) -> f32 {
        self.level
    }

    /// The message index and quote of the strongest recent cue.
    pub fn evidence(&self) -> Option<&(usize, String)> {
        self.evidence.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_row_decodes() {
        for (tag, phrase) in packed::rows(CUES) {
            assert!(!phrase.is_empty(), "an empty phrase under {tag:?}");
            assert!(
                packed::hundredths(tag).is_some(),
                "tag {tag:?} of {phrase:?}"
            );
        }
    }

    fn read(text: &str) -> Reading {
        Tables::default().read(&Tokens::new(text))
    }

    #[test]
    fn cues_and_shouting_count() {
        assert!(read("this is so frustrating").cues >= 0.45);
        assert!(read("I DID NOT GET ANY ALERTS").cues >= 0.35);
        assert!(read("why?? why!!").cues >= 0.3);
        assert!(read("I already tried that, still not working").cues >= 0.5);
        assert_eq!(read("how do I export a report?").cues, 0.0);
        assert_eq!(read("this is not ridiculous at all").cues, 0.0);
    }

    #[test]
    fn resolution_needs_no_cue() {
        assert!(read("works now, thanks!").resolved);
        assert!(!read("wow, thanks, useless as ever").resolved);
    }

    #[test]
    fn level_accumulates_and_calms_down() {
        let t = Tables::default();
        let mut f = Frustration::default();
        let msgs = [
            "Hi, my export fails with an error",
            "I already tried that",
            "still not working. this is ridiculous",
        ];
        let mut last = 0.0;
        for (i, m) in msgs.iter().enumerate() {
            let level = f.observe(i * 2, &t.read(&Tokens::new(m)), -0.3, m.len() as u32);
            assert!(level >= last, "{level} < {last}");
            last = level;
        }
        assert!(last >= 0.6, "{last}");
        let calm = f.observe(6, &t.read(&Tokens::new("ok it works now, thanks")), 0.5, 22);
        assert!(calm < 0.4, "{calm}");
    }
}
