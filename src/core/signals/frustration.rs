//! Frustration over a conversation, kept as running state so that each customer message costs
//! work linear in its own length. Two parts: *cues* accumulate with decay (phrases such as "I
//! already tried that" or "still not working", shouting in capitals, runs of `!!` and `??`),
//! and a *mood* read from the conversation so far (sentiment now versus at the start, replies
//! getting shorter, pleasantries present earlier and gone now). A resolution ("works now,
//! thanks") with no other cue calms the level down.

use super::lexicon::{PhraseTable, Tokens};

/// Built-in cues: (phrase, weight). Strong judgements weigh 0.45, "I already tried" and "still
/// not" kinds 0.3, mild sighs 0.15.
const CUES: &[(&str, f32)] = &[
    ("frustrating", 0.45),
    ("frustrated", 0.45),
    ("waste of time", 0.45),
    ("waste of my time", 0.45),
    ("ridiculous", 0.45),
    ("unacceptable", 0.45),
    ("not acceptable", 0.45),
    ("useless", 0.45),
    ("fed up", 0.45),
    ("sick of", 0.45),
    ("sick and tired", 0.45),
    ("are you kidding", 0.45),
    ("you're kidding", 0.45),
    ("a joke", 0.35),
    ("pathetic", 0.45),
    ("absurd", 0.45),
    ("worst", 0.35),
    ("terrible", 0.35),
    ("awful", 0.35),
    ("liar", 0.45),
    ("nobody told me", 0.4),
    ("no one told me", 0.4),
    ("incompetent", 0.45),
    ("wtf", 0.45),
    ("i give up", 0.45),
    ("hopeless", 0.4),
    ("garbage", 0.4),
    ("nonsense", 0.35),
    ("insane", 0.35),
    ("outrageous", 0.45),
    ("infuriating", 0.45),
    ("furious", 0.45),
    ("angry", 0.35),
    ("annoying", 0.3),
    ("annoyed", 0.3),
    ("disappointed", 0.3),
    ("still not", 0.3),
    ("still doesn't", 0.3),
    ("still don't", 0.3),
    ("still isn't", 0.3),
    ("still can't", 0.3),
    ("still no", 0.3),
    ("still nothing", 0.3),
    ("still broken", 0.3),
    ("still the same", 0.3),
    ("still waiting", 0.3),
    ("twice now", 0.3),
    ("third time", 0.35),
    ("second time", 0.3),
    ("just told you", 0.35),
    ("same thing", 0.25),
    ("same result", 0.25),
    ("same problem", 0.25),
    ("same error", 0.25),
    ("same issue", 0.25),
    ("no change", 0.2),
    ("no difference", 0.2),
    ("didn't work", 0.25),
    ("did not work", 0.25),
    ("nothing changed", 0.25),
    ("losing patience", 0.4),
    ("lost patience", 0.4),
    ("out of patience", 0.4),
    ("had enough", 0.4),
    ("enough is enough", 0.45),
    ("for a week", 0.2),
    ("for weeks", 0.25),
    ("for days", 0.2),
    ("all day", 0.15),
    ("going on for", 0.15),
    ("es la segunda vez", 0.3),
    ("otra vez", 0.2),
    ("encore une fois", 0.2),
    ("deuxieme fois", 0.3),
    ("schon wieder", 0.3),
    ("zum zweiten mal", 0.3),
    ("outra vez", 0.2),
    ("segunda vez", 0.3),
    ("you just said", 0.3),
    ("yes i know", 0.25),
    ("already told you", 0.35),
    ("already said", 0.3),
    ("a third", 0.25),
    ("again and again", 0.35),
    ("keeps happening", 0.3),
    ("already tried", 0.3),
    ("already did", 0.3),
    ("i already", 0.25),
    ("i've already", 0.25),
    ("tried that", 0.3),
    ("tried everything", 0.35),
    ("did that", 0.25),
    ("done that", 0.25),
    ("i did", 0.15),
    ("checked", 0.2),
    ("tried", 0.15),
    ("restarted", 0.15),
    ("rebooted", 0.15),
    ("reinstalled", 0.15),
    ("they did", 0.15),
    ("a mess", 0.3),
    ("seriously", 0.25),
    ("forever", 0.25),
    ("supposed to", 0.15),
    ("not helpful", 0.35),
    ("doesn't help", 0.3),
    ("didn't help", 0.3),
    ("not what i asked", 0.35),
    ("not listening", 0.35),
    ("that's not what", 0.3),
    ("i just said", 0.3),
    ("as i said", 0.3),
    ("like i said", 0.3),
    ("i told you", 0.3),
    ("for the last time", 0.4),
    ("anyone there", 0.3),
    ("is anyone", 0.2),
    ("ugh", 0.15),
    ("honestly", 0.1),
    ("come on", 0.2),
    ("wow", 0.1),
    ("brilliant", 0.1),
    ("i'll just", 0.15),
    ("no thanks", 0.15),
    ("never got", 0.15),
    ("can't believe", 0.3),
    ("what a", 0.1),
    // Spanish, French, German, Portuguese.
    ("ya lo intente", 0.3),
    ("sigue sin", 0.3),
    ("todavia no", 0.3),
    ("ridiculo", 0.45),
    ("inutil", 0.45),
    ("harto", 0.45),
    ("deja essaye", 0.3),
    ("toujours pas", 0.3),
    ("ridicule", 0.45),
    ("inutile", 0.45),
    ("marre", 0.45),
    ("schon versucht", 0.3),
    ("immer noch nicht", 0.3),
    ("lacherlich", 0.45),
    ("nutzlos", 0.45),
    ("ja tentei", 0.3),
    ("ainda nao", 0.3),
    ("absurdo", 0.45),
];

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

/// The compiled frustration tables.
#[derive(Debug, Clone)]
pub struct Tables {
    cues: PhraseTable<f32>,
    pleasantries: PhraseTable<()>,
    resolutions: PhraseTable<()>,
}

/// The built-in tables, compiled once per process on first use.
pub fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(Tables::default)
}

impl Default for Tables {
    fn default() -> Tables {
        Tables {
            cues: PhraseTable::new(CUES.iter().copied()),
            pleasantries: PhraseTable::new(PLEASANTRIES.iter().map(|p| (*p, ()))),
            resolutions: PhraseTable::new(RESOLUTIONS.iter().map(|p| (*p, ()))),
        }
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
        self.cues.for_each_match(tokens, |s, l, &w| {
            if w < 0.4 || !tokens.preceded_by(s, 2, NEGATIONS) {
                // Capped: the cue sum saturates long before, and a long message stays linear.
                if hits.len() < 64 {
                    hits.push((s, l, w));
                }
            }
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
        let mut evidence = taken
            .first()
            .map(|&(s, l, _)| format!("'{}'", tokens.source(s, l)));
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
        let mut pleasant = false;
        self.pleasantries
            .for_each_match(tokens, |_, _, _| pleasant = true);
        let mut resolution = false;
        self.resolutions
            .for_each_match(tokens, |_, _, _| resolution = true);
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
