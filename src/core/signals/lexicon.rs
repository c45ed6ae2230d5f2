//! Word-level matching shared by the rule-based signals (frustration, complexity, topics,
//! critical incidents): one pass that turns a message into folded, lightly stemmed words plus a
//! few character counts, and phrase tables compiled once (sorted by first word, looked up by
//! binary search) so that matching a message costs time linear in its length. Hand-written, no
//! `regex`, to keep the wasm small. Nothing here knows about thresholds or decisions.

use crate::core::text::fold_char;

/// A message cut into words, with the character counts the signals need. Built once per
/// message by [`Tokens::new`]; every table is matched against the same words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tokens {
    /// Folded, stemmed words, in order.
    pub words: Vec<String>,
    /// Letters in the text.
    pub letters: u32,
    /// Upper-case letters in words of at least two letters (so "I" and initials do not count).
    pub upper: u32,
    /// Letters in words of at least two letters.
    pub word_letters: u32,
    /// Characters in the text.
    pub chars: u32,
    /// Runs of two or more `!`.
    pub bang_runs: u32,
    /// Runs of two or more `?` (mixed `?!` runs count here too).
    pub question_runs: u32,
    /// Single `?` marks (each run counts once).
    pub questions: u32,
    /// Single `!` marks (each run counts once).
    pub bangs: u32,
    /// Currency amounts (`$38`, `£2,300`, `12 EUR`).
    pub money: u32,
    /// Tokens that look like codes: digits mixed with letters, or 3-digit HTTP-like statuses
    /// after "error"/"http" (`0x80070005`, `E1234`, `tp-7a91c2`).
    pub codes: u32,
    /// Numbers (runs of digits) in the text.
    pub numbers: u32,
}

impl Tokens {
    /// Tokenises `text` in one pass over its characters.
    pub fn new(text: &str) -> Tokens {
        let mut t = Tokens::default();
        let mut cur = String::new();
        let mut cur_upper = 0u32;
        let mut cur_letters = 0u32;
        let mut cur_digits = 0u32;
        let mut run_char = '\0';
        let mut run_len = 0u32;
        let mut prev = '\0';
        let mut currency_armed = false;
        let mut iter = text.chars().peekable();
        while let Some(c) = iter.next() {
            t.chars += 1;
            // Punctuation runs.
            if c == '!' || c == '?' {
                if run_len > 0 && (run_char == '!' || run_char == '?') {
                    run_len += 1;
                    if run_len == 2 {
                        if run_char == '!' && c == '!' {
                            t.bang_runs += 1;
                        } else {
                            t.question_runs += 1;
                        }
                    }
                } else {
                    run_char = c;
                    run_len = 1;
                    if c == '!' {
                        t.bangs += 1;
                    } else {
                        t.questions += 1;
                    }
                }
            } else {
                run_len = 0;
                run_char = '\0';
            }
            let folded = fold_char(c);
            let inner_apostrophe = folded == '\''
                && !cur.is_empty()
                && iter.peek().is_some_and(|n| n.is_alphanumeric());
            // Keep hyphens and dots inside codes ("tp-7a91c2", "v3") together with the word.
            let inner_joiner = (folded == '-' || folded == '_')
                && cur_digits + cur_letters > 0
                && iter.peek().is_some_and(|n| n.is_alphanumeric())
                && cur_digits > 0;
            if folded.is_alphanumeric() || inner_apostrophe || inner_joiner {
                if c.is_alphabetic() {
                    t.letters += 1;
                    cur_letters += 1;
                    if c.is_uppercase() {
                        cur_upper += 1;
                    }
                } else if c.is_ascii_digit() {
                    if cur_digits == 0 && cur_letters == 0 && currency_armed {
                        t.money += 1;
                    }
                    cur_digits += 1;
                }
                currency_armed = false;
                cur.push(folded);
            } else {
                // A currency sign arms the next number ("$38", "£ 2,300"); anything else but
                // one space after the sign disarms it.
                currency_armed =
                    is_currency(c) || (c == ' ' && is_currency(prev) && currency_armed);
                t.finish_word(&mut cur, cur_upper, cur_letters, cur_digits);
                cur_upper = 0;
                cur_letters = 0;
                cur_digits = 0;
            }
            prev = c;
        }
        t.finish_word(&mut cur, cur_upper, cur_letters, cur_digits);
        t
    }

    fn finish_word(&mut self, cur: &mut String, upper: u32, letters: u32, digits: u32) {
        if cur.is_empty() {
            return;
        }
        if letters >= 2 {
            self.word_letters += letters;
            self.upper += upper;
        }
        if digits > 0 {
            self.numbers += 1;
            if letters > 0 && digits + letters >= 3 {
                self.codes += 1;
            }
        }
        let word = std::mem::take(cur);
        if digits > 0 && letters == 0 {
            // "12 EUR", "300 dollars": an amount written with the currency after it.
            self.words.push(word);
            return;
        }
        if matches!(
            word.as_str(),
            "usd" | "eur" | "gbp" | "dollars" | "euros" | "pounds" | "bucks" | "reais" | "euro"
        ) && self
            .words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
        {
            self.money += 1;
        }
        self.words.push(stem(&word));
    }

    /// The share of upper-case letters among letters of words of two letters or more, in
    /// [0, 1]; 0 for texts with fewer than eight such letters (too short to shout).
    pub fn caps_ratio(&self) -> f32 {
        if self.word_letters < 8 {
            0.0
        } else {
            self.upper as f32 / self.word_letters as f32
        }
    }
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₹')
}

/// Strips common English inflections (and a possessive `'s`) so that "charged", "charges" and
/// "charge" meet. Applied identically to tables and to text, so collisions stay rare and
/// harmless. Words of four characters or fewer are left alone.
pub fn stem(word: &str) -> String {
    let w = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word);
    if w.chars().count() <= 4 || !w.is_ascii() {
        return w.to_string();
    }
    for suffix in ["ing", "ed", "es", "s", "e"] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.len() < 3 || (suffix == "s" && (base.ends_with('s') || base.ends_with('u'))) {
                continue;
            }
            let b = base.as_bytes();
            // "cancelled" -> "cancel", "stopped" -> "stop".
            if suffix != "e" && suffix != "s" && b.len() >= 4 && b[b.len() - 1] == b[b.len() - 2] {
                return base[..base.len() - 1].to_string();
            }
            return base.to_string();
        }
    }
    w.to_string()
}

/// A compiled table of phrases (each a sequence of stemmed words), each carrying a value.
/// Built once; matching walks the text's words once and binary-searches each word among the
/// phrases' first words.
#[derive(Debug, Clone, Default)]
pub struct PhraseTable<T> {
    /// (first word, phrase index), sorted by first word.
    index: Vec<(Box<str>, u32)>,
    /// The phrases: their words and their value.
    phrases: Vec<(Vec<Box<str>>, T)>,
}

impl<T: Clone> PhraseTable<T> {
    /// An empty table.
    pub fn empty() -> PhraseTable<T> {
        PhraseTable {
            index: Vec::new(),
            phrases: Vec::new(),
        }
    }

    /// Compiles phrases given as plain text (folded and stemmed like messages are).
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, T)>) -> PhraseTable<T> {
        let mut table = PhraseTable::empty();
        for (phrase, value) in entries {
            table.add(phrase, value);
        }
        table
    }

    /// Adds one phrase; phrases without words are ignored.
    pub fn add(&mut self, phrase: &str, value: T) {
        let words: Vec<Box<str>> = Tokens::new(phrase)
            .words
            .into_iter()
            .map(String::into_boxed_str)
            .collect();
        let Some(first) = words.first().cloned() else {
            return;
        };
        let id = self.phrases.len() as u32;
        self.phrases.push((words, value));
        let at = self
            .index
            .partition_point(|(w, i)| (w.as_ref(), *i) < (first.as_ref(), id));
        self.index.insert(at, (first, id));
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether the table has no phrases.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Calls `f(start, length, value)` for every occurrence of every phrase in `words`.
    pub fn for_each_match(&self, words: &[String], mut f: impl FnMut(usize, usize, &T)) {
        for start in 0..words.len() {
            let w = words[start].as_str();
            let mut at = self.index.partition_point(|(k, _)| k.as_ref() < w);
            while let Some((k, id)) = self.index.get(at) {
                if k.as_ref() != w {
                    break;
                }
                let (phrase, value) = &self.phrases[*id as usize];
                let end = start + phrase.len();
                if end <= words.len()
                    && phrase[1..]
                        .iter()
                        .zip(&words[start + 1..end])
                        .all(|(p, w)| p.as_ref() == w.as_str())
                {
                    f(start, phrase.len(), value);
                }
                at += 1;
            }
        }
    }

    /// The words of a phrase match, joined by spaces (for evidence).
    pub fn quote(words: &[String], start: usize, len: usize) -> String {
        words[start..start + len].join(" ")
    }
}

/// Whether one of `cues` occurs among the `before` words preceding `start`.
pub fn preceded_by(words: &[String], start: usize, before: usize, cues: &[&str]) -> bool {
    words[start.saturating_sub(before)..start]
        .iter()
        .any(|w| cues.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("charged"), stem("charges"));
        assert_eq!(stem("charge"), stem("charged"));
        assert_eq!(stem("cancelled"), stem("cancel"));
        assert_eq!(stem("refunds"), "refund");
        assert_eq!(stem("crashes"), stem("crashing"));
        assert_eq!(stem("hacker's"), "hacker");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("bill"), "bill");
    }

    #[test]
    fn counts_shouting_punctuation_money_and_codes() {
        let t = Tokens::new("I DID NOT GET ANY ALERTS!! why?? $431 is insane, error 0x80070005");
        assert!(t.caps_ratio() > 0.4, "{}", t.caps_ratio());
        assert_eq!(t.bang_runs, 1);
        assert_eq!(t.question_runs, 1);
        assert_eq!(t.money, 1);
        assert_eq!(t.codes, 1);
        let t = Tokens::new("I paid 12 EUR and £2,300.50 went");
        assert_eq!(t.money, 2);
        assert_eq!(Tokens::new("i have 3 sites").money, 0);
        assert_eq!(Tokens::new("ok").caps_ratio(), 0.0);
    }

    #[test]
    fn phrase_table_finds_every_occurrence() {
        let table = PhraseTable::new([("still not working", 1), ("still", 2), ("not", 3)]);
        let t = Tokens::new("It is STILL not working, still.");
        let mut found = Vec::new();
        table.for_each_match(&t.words, |s, l, v| found.push((s, l, *v)));
        found.sort();
        assert_eq!(found, vec![(2, 1, 2), (2, 3, 1), (3, 1, 3), (5, 1, 2)]);
        assert!(PhraseTable::<u8>::new([("", 1)]).is_empty());
    }
}
