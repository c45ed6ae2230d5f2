//! Explicit requests for a human ("I need to speak to a person"), in English, Spanish, French,
//! German and Portuguese. Recall first: an explicit request always escalates, whatever the
//! thresholds, so missing one traps the customer; a false alarm sends to an agent a chat the bot
//! could have closed, so questions about the bot ("are you human?"), negations ("no need for a
//! person") and nouns used as modifiers ("my agent ID") do not count.
//!
//! The detector is structured, not a list of sentences. Each word of the message is folded and
//! given classes from the tables in `explicit/lexicon.rs` (verb of contact, routing verb, want
//! verb, human noun, qualifier, negation ...); long words are also matched with one or two
//! typos, and words written without spaces ("talktoahuman") are split into known words. Then
//! frames are matched inside each clause: a verb of contact or routing followed (or, for
//! verb-final German and relative clauses, preceded) by a human noun within a few words, a want
//! verb with a clear human noun ("can I get a human"), a human qualifier next to a human noun
//! ("real person"), a clause made only of a human noun and politeness ("agent pls"), "could
//! someone from your team (or from billing, or from the funeral home) look at it", "would it be
//! possible for one of your specialists to go through it", "I'd be grateful if someone from
//! your care team could call me", "can someone give me a call", "I'd rather explain it to
//! someone than the automated assistant", "is there a human I can talk to", "escalate this",
//! "transfer me", someone wanted on the telephone ("avoir quelqu'un au téléphone"), "I'd
//! rather ask one of your pharmacists directly", and a telephone number for a named unit of
//! the company's people or for one of them ("the direct number for your dispatch desk", "a
//! phone number for the repairs department", "die Durchwahl der Buchhaltung"). (Asking only
//! for the company's phone number, "your customer service number", is not taken as a
//! request: Bitext and Rasa label it as asking for contact details.) The staff may be named by
//! their trade ("one of your installation engineers", or an unknown plural such as
//! "ceramists"), and a from-phrase may stand between the person and a verb at the end ("mit
//! jemandem aus dem Sekretariat sprechen"). Also: going through something with one of the
//! company's people ("go through the setup with one of your technicians"), the telephone
//! preferred to the chat ("I'd rather sort it out by phone than over chat"), and a call asked
//! for someone else ("could one of your nurses give my mother a call"), and the case put
//! before them as a process ("how do I get this looked at by whoever handles disputes"), a
//! callback with its time ("a callback after 6.30") or asked of "you" ("can you ring me back"),
//! and a field of work inside "real person" ("an actual tax expert"), a call asked after
//! another service ("if one of the lab nurses could check the results and ring me back"),
//! and staff "able to" serve asked with "be" ("is someone from your team able to call me").
//! Each candidate is then vetoed by a negation in reach, a question about the bot's own
//! nature ("are you a real person?", "are you a bot or a real person?"), a first-person
//! possessive ("my agent"), talk of administering users ("add an agent to my account"), a
//! third party of the customer's own ("a call with the camp director"), a third party's wish
//! relayed ("my tenant emailed that he wants to talk to someone") or a following noun that
//! makes the human noun a modifier ("Human Resources module").
//!
//! The tables are compiled once into a [`Detector`] (a process-wide default serves [`detect`]);
//! the engine's call reads the signals' shared word list ([`words::Tokens`]) and builds only this
//! detector's token list from it, in a buffer kept per thread, so it allocates nothing else but
//! the evidence of a match; [`detect`] on plain text first cuts the text into words itself. Pure: no I/O, no `regex`, no `format!` on the hot path.

mod lexicon;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use self::lexicon::class::*;
use self::lexicon::lang;
use crate::core::signals::lexicon::{self as words, pack_word, with_scratch, Spare, WordCache};
use crate::core::sort::sort_by;
use crate::core::text;
use crate::core::word_list::{words, Words};

/// A detected request for a human.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The words of the message that matched, as the customer wrote them (folded).
    pub evidence: String,
    /// The language of the matched phrase: "en", "es", "fr", "de", "pt", or the language given
    /// with a policy phrase ("custom" when none).
    pub language: &'static str,
    /// Byte range of the matched words in the text passed in.
    pub span: Range<usize>,
}

/// Finds an explicit request for a human in `text`, including the policy's extra phrases (any
/// language, matched as whole folded words). Uses the built-in tables compiled once per process.
pub fn detect(text: &str, extra_phrases: &[String]) -> Option<Match> {
    with_words(text, |words, scratch| {
        detect_in_scratch(words, extra_phrases, scratch)
    })
}

/// Cuts `text` into words in this thread's spare buffers and runs `f` on them. The buffers are
/// kept for the next call unless the text was huge.
fn with_words<R>(text: &str, f: impl FnOnce(&words::Tokens, &mut Scratch) -> R) -> R {
    with_scratch(&SCRATCH, |scratch| {
        let words = words::Tokens::reusing(text, std::mem::take(&mut scratch.spare));
        let found = f(&words, scratch);
        if text.len() <= SPARE_TEXT_KEEP {
            scratch.spare = words.into_spare();
        }
        found
    })
}

/// [`detect`] on a message already cut into words (the signals' shared [`words::Tokens`]).
pub fn detect_in(words: &words::Tokens, extra_phrases: &[String]) -> Option<Match> {
    with_scratch(&SCRATCH, |scratch| {
        detect_in_scratch(words, extra_phrases, scratch)
    })
}

/// The detector of the built-in tables without policy phrases, compiled on first use and
/// shared by the whole process.
pub fn builtin() -> &'static Detector {
    static DEFAULT: OnceLock<Detector> = OnceLock::new();
    DEFAULT.get_or_init(Detector::default)
}

fn detect_in_scratch(
    words: &words::Tokens,
    extra_phrases: &[String],
    scratch: &mut Scratch,
) -> Option<Match> {
    let detector = builtin();
    detector.with_tokens(words, scratch, |tokens| {
        let text = tokens.original;
        if let Some(m) = detector.find_phrases(text, tokens) {
            return Some(m);
        }
        for phrase in extra_phrases {
            let words = text::words(phrase);
            if let Some(m) = match_words(text, tokens, &words, "custom") {
                return Some(m);
            }
        }
        detector.find_frames(text, tokens)
    })
}

/// The compiled tables: built once (they are sorted and merged here), then reused for every
/// message.
#[derive(Debug, Clone)]
pub struct Detector {
    /// Every known word with its classes, sorted by word.
    words: Vec<(&'static str, Info)>,
    /// Open-addressing hash index into `words`: the word's hash and its index + 1 (0 is
    /// empty), a power of two long. The hash is compared first, so a miss rarely compares text.
    slots: Vec<(u32, u16)>,
    /// Pairs of last letters a word split without spaces may end with (bit `26 * a + b`).
    endings: Vec<u64>,
    /// The words matched with typos, with the set of their letters.
    fuzzy: Vec<(&'static str, Info, u32)>,
    /// Per letter a-z: the `fuzzy` keys (bit = index, when there are at most 64 keys) whose
    /// first or second letter it is. A typo keeps one of those, so only these keys are tried.
    fuzzy_by_letter: [u64; 26],
    /// Per word length (up to 20 letters): the `fuzzy` keys (bit = index, when there are at
    /// most 64 keys) whose length allows a match at the key's typo limit.
    fuzzy_by_len: [u64; 21],
    /// Policy phrases: folded words and their language.
    extra: Vec<(Vec<String>, &'static str)>,
}

/// The classes and languages of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Info {
    class: u32,
    langs: u8,
}

/// One word of the message.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// Byte range in the folded buffer (the shared tokeniser's words, whole).
    folded: (u32, u32),
    /// Byte range in the original text.
    orig: (u32, u32),
    /// Clause number: punctuation starts a new clause.
    clause: u32,
    info: Info,
    /// Inside quotation marks: a mention ("our survey asks 'speak to a representative?'"),
    /// not a request.
    quoted: bool,
}

/// A tokenized message.
struct Tokens<'a> {
    original: &'a str,
    folded: &'a str,
    toks: Vec<Tok>,
}

impl Tokens<'_> {
    #[inline]
    fn word(&self, i: usize) -> &str {
        let (a, b) = self.toks[i].folded;
        // Spans of the word tokens, cut at char boundaries (`unwrap`: see `Tokens::word` in
        // `signals::lexicon`).
        self.folded.get(a as usize..b as usize).unwrap()
    }

    #[inline]
    fn has(&self, i: usize, class: u32) -> bool {
        self.toks.get(i).is_some_and(|t| t.info.class & class != 0)
    }

    #[inline]
    fn same_clause(&self, i: usize, j: usize) -> bool {
        i < self.toks.len() && j < self.toks.len() && self.toks[i].clause == self.toks[j].clause
    }

    fn first_byte(&self, i: usize) -> u8 {
        self.original.as_bytes()[self.toks[i].orig.0 as usize]
    }

    /// Whether word `i` is `word` (a one-word [`Tokens::is`], faster).
    #[inline(never)]
    fn is_word(&self, i: usize, word: &str) -> bool {
        i < self.toks.len() && self.word(i) == word
    }

    /// Whether word `i` is one of `words` (out of line: called from many places, rarely hot).
    #[inline(never)]
    fn is(&self, i: usize, words: Words) -> bool {
        i < self.toks.len() && words.contains(self.word(i))
    }
}

impl Default for Detector {
    /// The built-in tables without policy phrases.
    fn default() -> Detector {
        Detector::new::<&str, &str>(&[])
    }
}

impl Detector {
    /// Compiles the built-in tables plus extra phrases from the policy, each with its language
    /// code ("en", "es", "fr", "de", "pt"; anything else is reported as "custom").
    pub fn new<L: AsRef<str>, P: AsRef<str>>(extra: &[(L, P)]) -> Detector {
        let mut words: Vec<(&'static str, Info)> = Vec::new();
        for &(class, langs, list) in lexicon::TABLE {
            // ASCII spaces only (a test holds it): no Unicode white-space tables here.
            for w in list.split_ascii_whitespace() {
                words.push((w, Info { class, langs }));
            }
        }
        sort_by(&mut words, |a, b| a.0 < b.0);
        let mut merged: Vec<(&'static str, Info)> = Vec::with_capacity(words.len());
        for (w, info) in words {
            match merged.last_mut() {
                Some(last) if last.0 == w => {
                    last.1.class |= info.class;
                    last.1.langs |= info.langs;
                }
                _ => merged.push((w, info)),
            }
        }
        let lookup = |w: &str| {
            merged
                .binary_search_by(|e| e.0.cmp(w))
                .ok()
                .map(|i| merged[i].1)
        };
        let mut fuzzy: Vec<_> = lexicon::FUZZY
            .split_ascii_whitespace()
            .filter_map(|w| lookup(w).map(|info| (w, info, letter_set(w.as_bytes()))))
            .collect();
        sort_by(&mut fuzzy, |a, b| a.0.len() < b.0.len());
        let mut fuzzy_by_letter = [0u64; 26];
        for (n, (key, _, _)) in fuzzy.iter().enumerate().take(64) {
            for &b in key.as_bytes().iter().take(2) {
                if b.is_ascii_lowercase() {
                    fuzzy_by_letter[usize::from(b - b'a')] |= 1 << n;
                }
            }
        }
        let mut fuzzy_by_len = [0u64; 21];
        for (len, mask) in fuzzy_by_len.iter_mut().enumerate() {
            for (n, (key, _, _)) in fuzzy.iter().enumerate().take(64) {
                if length_fits(key.len(), len) {
                    *mask |= 1 << n;
                }
            }
        }
        let mut endings = vec![0u64; 26 * 26 / 64 + 1];
        for (w, info) in &merged {
            let ok = info.class & TARGET != 0 || matches!(*w, "me" | "us" | "to" | "with");
            if let Some(bit) = ending_bit(w.as_bytes()).filter(|_| ok) {
                endings[bit / 64] |= 1 << (bit % 64);
            }
        }
        let size = (merged.len() * 2).next_power_of_two();
        let mut slots = vec![(0u32, 0u16); size];
        for (i, (w, _)) in merged.iter().enumerate() {
            let full = hash(w.as_bytes());
            let mut h = full as usize & (size - 1);
            while slots.get(h).is_some_and(|s| s.1 != 0) {
                h = (h + 1) & (size - 1);
            }
            // The built-in tables have far fewer than 65,535 words (a test holds it).
            if let Some(slot) = slots.get_mut(h) {
                *slot = (full, i as u16 + 1);
            }
        }
        let extra = extra
            .iter()
            .map(|(l, p)| {
                let code = l.as_ref();
                let language = lang::CODES
                    .iter()
                    .find(|c| **c == code)
                    .copied()
                    .unwrap_or("custom");
                (text::words(p.as_ref()), language)
            })
            .filter(|(w, _)| !w.is_empty())
            .collect();
        Detector {
            words: merged,
            slots,
            endings,
            fuzzy,
            fuzzy_by_letter,
            fuzzy_by_len,
            extra,
        }
    }

    /// Finds an explicit request for a human in `text` (built-in frames and this detector's
    /// policy phrases).
    pub fn detect(&self, text: &str) -> Option<Match> {
        with_words(text, |words, scratch| {
            self.detect_in_scratch(words, scratch)
        })
    }

    /// [`Detector::detect`] on a message already cut into words (the signals' shared
    /// [`words::Tokens`]).
    pub fn detect_in(&self, words: &words::Tokens) -> Option<Match> {
        with_scratch(&SCRATCH, |scratch| self.detect_in_scratch(words, scratch))
    }

    fn detect_in_scratch(&self, words: &words::Tokens, scratch: &mut Scratch) -> Option<Match> {
        self.with_tokens(words, scratch, |tokens| {
            let text = tokens.original;
            self.find_phrases(text, tokens)
                .or_else(|| self.find_frames(text, tokens))
        })
    }

    /// Reads the words of a message into tokens (in the token buffer of the previous call on
    /// this thread, so that a message allocates nothing once it has grown), with the thread's
    /// remembered classifications, and runs `f` on the tokens.
    fn with_tokens<R>(
        &self,
        words: &words::Tokens,
        scratch: &mut Scratch,
        f: impl FnOnce(&Tokens) -> R,
    ) -> R {
        let mut toks = std::mem::take(&mut scratch.toks);
        self.tokenize(words, &mut toks, &mut scratch.seen);
        let tokens = Tokens {
            original: words.text(),
            folded: words.folded(),
            toks,
        };
        let out = f(&tokens);
        // A huge text: do not keep its token list for the life of the thread.
        if tokens.toks.capacity() <= SPARE_KEEP {
            scratch.toks = tokens.toks;
        }
        out
    }

    fn lookup(&self, w: &str) -> Option<Info> {
        let mask = self.slots.len() - 1;
        let full = hash(w.as_bytes());
        let mut h = full as usize & mask;
        loop {
            match self.slots[h] {
                (_, 0) => return None,
                (key, i) if key == full => {
                    let (word, info) = self.words[i as usize - 1];
                    if word == w {
                        return Some(info);
                    }
                }
                _ => {}
            }
            h = (h + 1) & mask;
        }
    }

    fn find_phrases(&self, text: &str, tokens: &Tokens) -> Option<Match> {
        self.extra
            .iter()
            .find_map(|(words, language)| match_words(text, tokens, words, language))
    }

    // ------------------------------------------------------------------ tokenizing

    /// The tokens of a message's words, with their classes: words joined by hyphens or
    /// underscores ("tp-7a91c2") are read as their pieces.
    fn tokenize(&self, words: &words::Tokens, toks: &mut Vec<Tok>, seen: &mut Seen) {
        toks.clear();
        toks.reserve(words.len() + 4);
        let folded = words.folded();
        for i in 0..words.len() {
            let marks = words.marks(i);
            let clause = marks.clause();
            let (fs, fe) = words.whole_span(i);
            let (os, oe) = words.source_span(i);
            let first = toks.len();
            if marks.joined() {
                // The k-th joiner of the folded word is the k-th character of the source that
                // folds to one.
                let mut source = words.text().get(os..oe).unwrap_or("").char_indices();
                let (mut f, mut o) = (fs, os);
                for (k, b) in folded.as_bytes()[fs..fe].iter().enumerate() {
                    if !matches!(b, b'-' | b'_') {
                        continue;
                    }
                    let (at, len) = source
                        .find(|&(_, c)| matches!(text::fold_char(c), '-' | '_'))
                        .map_or((oe, 0), |(j, c)| (os + j, c.len_utf8()));
                    self.push_word(toks, folded, (f, fs + k), (o, at), clause, seen);
                    (f, o) = (fs + k + 1, at + len);
                }
                self.push_word(toks, folded, (f, fe), (o, oe), clause, seen);
            } else {
                self.push_word(toks, folded, (fs, fe), (os, oe), clause, seen);
            }
            if marks.quoted() {
                for tok in &mut toks[first..] {
                    tok.quoted = true;
                }
            }
        }
        // A message that is all one quotation is the customer's own words.
        if toks.iter().all(|x| x.quoted) {
            for tok in toks.iter_mut() {
                tok.quoted = false;
            }
        }
    }

    /// Classifies the word `folded[fs..fe]` (written at `orig` in the text) and pushes its
    /// token(s).
    fn push_word(
        &self,
        toks: &mut Vec<Tok>,
        folded: &str,
        (fs, fe): (usize, usize),
        orig: (usize, usize),
        clause: u32,
        seen: &mut Seen,
    ) {
        let orig = (orig.0 as u32, orig.1 as u32);
        let word = folded.get(fs..fe).unwrap();
        // French elision: "j'aimerais" -> "j'" + "aimerais". Elisions have one or two
        // letters (and words never start with an apostrophe), so only those places are read.
        let b = word.as_bytes();
        let apostrophe = if b.get(1) == Some(&b'\'') {
            Some(1)
        } else {
            (b.get(2) == Some(&b'\'')).then_some(2)
        };
        if let Some(p) = apostrophe {
            if p + 1 < word.len()
                && word
                    .get(..p)
                    .is_some_and(|h| lexicon::ELISIONS.contains(&h))
            {
                let head = Info {
                    class: self
                        .lookup(word.get(..=p).unwrap_or(""))
                        .map_or(0, |i| i.class),
                    langs: lang::FR,
                };
                let head = Tok {
                    folded: (fs as u32, (fs + p + 1) as u32),
                    orig,
                    clause,
                    info: head,
                    quoted: false,
                };
                let rest = word.get(p + 1..).unwrap_or("");
                let info = self.classify(rest);
                toks.push(head);
                toks.push(Tok {
                    folded: ((fs + p + 1) as u32, fe as u32),
                    orig,
                    clause,
                    info,
                    quoted: false,
                });
                return;
            }
        }
        let key = pack_word(word.as_bytes());
        let info = match key.and_then(|key| seen.get(key)) {
            Some(info) => info,
            None => {
                let info = match self.lookup(word).or_else(|| self.suffix_or_fuzzy(word)) {
                    Some(info) => info,
                    None => {
                        let mut cuts = [0u8; 8];
                        if let Some(n) = self.segment(word, &mut cuts) {
                            let mut a = 0usize;
                            for &b in &cuts[..n] {
                                let b = b as usize;
                                let info = self
                                    .lookup(word.get(a..b).unwrap_or(""))
                                    .unwrap_or_default();
                                toks.push(Tok {
                                    folded: ((fs + a) as u32, (fs + b) as u32),
                                    orig,
                                    clause,
                                    info,
                                    quoted: false,
                                });
                                a = b;
                            }
                            return;
                        }
                        Info::default()
                    }
                };
                if let Some(key) = key {
                    seen.put(key, info);
                }
                info
            }
        };
        toks.push(Tok {
            folded: (fs as u32, fe as u32),
            orig,
            clause,
            info,
            quoted: false,
        });
    }

    fn classify(&self, word: &str) -> Info {
        self.lookup(word)
            .or_else(|| self.suffix_or_fuzzy(word))
            .unwrap_or_default()
    }

    /// German compound targets, then typo matching against the contact verbs and human nouns.
    fn suffix_or_fuzzy(&self, word: &str) -> Option<Info> {
        // The shortest suffix has 7 letters and needs 3 more before it.
        if word.len() >= 10 {
            for &(suffix, langs) in lexicon::TARGET_SUFFIXES {
                if word.len() > suffix.len() + 2 && word.ends_with(suffix) {
                    return Some(Info {
                        class: TARGET | STRONG,
                        langs,
                    });
                }
            }
        }
        // The plural of a person word the tables hold in the singular only ("uno de sus
        // farmacéuticos", "un de vos pharmaciens"): a person word too. Not a department
        // ("your services", "Microsoft Teams").
        if let Some(one) = word.strip_suffix('s').filter(|w| w.len() >= 5) {
            // English lists its plurals ("engineers"); "the new owners" are no staff.
            if let Some(info) =
                (self.lookup(one)).filter(|i| i.class & TARGET != 0 && i.langs & lang::EN == 0)
            {
                if info.class & (DEPARTMENT | UNIT) == 0 {
                    return Some(Info {
                        class: info.class & (TARGET | STRONG),
                        langs: info.langs,
                    });
                }
            }
        }
        let w = word.as_bytes();
        if w.len() < 4 || w.len() > 20 || !w.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        let letters = letter_set(w);
        let mut best: Option<(usize, Info)> = None;
        // Keys sharing one of the word's first two letters whose length fits (in key order),
        // as the tests below require; every key when there are too many for the bit sets.
        let all = self.fuzzy.len() > 64;
        let mut candidates = if all {
            0
        } else {
            (self.fuzzy_by_letter[usize::from(w[0] - b'a')]
                | self.fuzzy_by_letter[usize::from(w[1] - b'a')])
                & self.fuzzy_by_len[w.len()]
        };
        let mut next = 0;
        loop {
            let n = if all {
                next += 1;
                next - 1
            } else if candidates != 0 {
                let n = candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                n
            } else {
                break;
            };
            let Some(&(key, info, key_letters)) = self.fuzzy.get(n) else {
                break;
            };
            let k = key.as_bytes();
            if !length_fits(k.len(), w.len()) {
                continue;
            }
            let limit = typo_limit(k.len());
            // Four-letter keys: a swap ("tlak") or one doubled or inserted letter ("talkk").
            let short_insert = limit == 0 && w.len() == k.len() + 1;
            // Typos rarely change both of the first two letters, and each edit changes the
            // set of letters by at most two.
            if !(k[0] == w[0] || k[1] == w[1] || k[0] == w[1] || k[1] == w[0])
                || (letters ^ key_letters).count_ones() as usize > 2 * limit.max(1)
            {
                continue;
            }
            let d = if short_insert {
                match osa_distance(k, w, 1) {
                    Some(d) => d,
                    None => continue,
                }
            } else if limit == 0 {
                // Short words: only two swapped letters ("tlak").
                if swapped_once(k, w) {
                    1
                } else {
                    continue;
                }
            } else {
                match osa_distance(k, w, limit) {
                    Some(d) => d,
                    None => continue,
                }
            };
            if best.map_or(true, |(bd, _)| d < bd) {
                best = Some((d, info));
            }
        }
        best.map(|(_, info)| info)
    }

    /// Splits a long unknown word written without spaces into known words ("talktoahuman").
    /// Fills `cuts` with the end of each piece and returns their number.
    fn segment(&self, word: &str, cuts: &mut [u8; 8]) -> Option<usize> {
        let w = word.as_bytes();
        let n = w.len();
        if !(6..=24).contains(&n) || !w.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        // The last piece must be a human noun or "me", "to" ...: a cheap test on its last letters.
        let bit = ending_bit(w)?;
        if self.endings[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        // from[j] = start of the last piece ending at j (+1), 0 when j is unreachable.
        let mut from = [0u8; 25];
        from[0] = 1;
        for i in 0..n {
            if from[i] == 0 {
                continue;
            }
            // `j` also ends the piece cut from `word`: no iterator over `from` fits.
            #[allow(clippy::needless_range_loop)]
            for j in i + 1..=n.min(i + 15) {
                if from[j] != 0 {
                    continue;
                }
                let piece = word.get(i..j).unwrap_or("");
                let ok = match piece.len() {
                    1 => matches!(piece, "a" | "i" | "u") && j < n,
                    2 => j < n || matches!(piece, "me" | "us" | "to"),
                    _ => true,
                };
                if ok && self.lookup(piece).is_some() {
                    from[j] = i as u8 + 1;
                }
            }
        }
        if from[n] == 0 {
            return None;
        }
        let mut ends = [0u8; 8];
        let mut count = 0;
        let mut j = n;
        let mut useful = false;
        while j > 0 {
            if count == ends.len() {
                return None;
            }
            let i = from[j] as usize - 1;
            let class = self
                .lookup(word.get(i..j).unwrap_or(""))
                .map_or(0, |x| x.class);
            useful |= class & TARGET != 0;
            ends[count] = j as u8;
            count += 1;
            j = i;
        }
        // "connectme", "talkto": a verb and a short function word.
        let verb_and = count == 2
            && self
                .lookup(word.get(..ends[1] as usize).unwrap_or(""))
                .is_some_and(|x| x.class & (CONTACT | ROUTE) != 0)
            && matches!(
                word.get(ends[1] as usize..).unwrap_or(""),
                "me" | "us" | "to" | "with"
            );
        if count < 2 || !(useful || verb_and) {
            return None;
        }
        for k in 0..count {
            cuts[k] = ends[count - 1 - k];
        }
        Some(count)
    }

    // ------------------------------------------------------------------ frames

    fn find_frames(&self, text: &str, t: &Tokens) -> Option<Match> {
        // Every frame starts at a word of one of these classes (the clause-only frames need a
        // human noun): most messages have none, and are done with at once.
        const STARTS: u32 =
            ESCALATE | CONTACT | ROUTE | WANT | EXIST | MODAL | HUMANLY | TARGET | DIAL | PHONE;
        if !t.toks.iter().any(|tok| tok.info.class & STARTS != 0) {
            return None;
        }
        let n = t.toks.len();
        for i in 0..n {
            let c = t.toks[i].info.class;
            let found = (c & ESCALATE != 0)
                .then(|| escalate_frame(t, i))
                .flatten()
                .or_else(|| (c & CONTACT != 0).then(|| contact_frame(t, i)).flatten())
                .or_else(|| (c & ROUTE != 0).then(|| route_frame(t, i)).flatten())
                .or_else(|| (c & WANT != 0).then(|| want_frame(t, i)).flatten())
                .or_else(|| (c & EXIST != 0).then(|| exist_frame(t, i)).flatten())
                .or_else(|| {
                    // "for" is a back-gap word: the class test spares most words the
                    // string comparison.
                    (c & MODAL != 0
                        || c & BACK_GAP != 0 && t.is_word(i, "for")
                        || t.is(i, words!["is", "are"]))
                    .then(|| staff_subject_frame(t, i))
                    .flatten()
                })
                .or_else(|| {
                    (c & TARGET != 0)
                        .then(|| {
                            phone_target_frame(t, i)
                                .or_else(|| subject_first_frame(t, i))
                                .or_else(|| reviewed_by_frame(t, i))
                        })
                        .flatten()
                })
                .or_else(|| {
                    // A trade the tables do not know ("one of your brokers"), only after a
                    // determiner: most unknown "-ers" words ("orders", "users") are not.
                    (c == 0
                        && i > 0
                        && t.has(i - 1, DET | HUMANLY)
                        && (trade_noun(t, i) || doer_noun(t, i)))
                    .then(|| subject_first_frame(t, i))
                    .flatten()
                })
                .or_else(|| {
                    (c & (WANT | CALL) != 0)
                        .then(|| callback_frame(t, i))
                        .flatten()
                })
                .or_else(|| {
                    (c & TARGET != 0)
                        .then(|| {
                            preference_frame(t, i)
                                .or_else(|| with_staff_frame(t, i))
                                .or_else(|| settle_with_frame(t, i))
                        })
                        .flatten()
                })
                .or_else(|| (c & PHONE != 0).then(|| voice_frame(t, i)).flatten())
                .or_else(|| (c & DIAL != 0).then(|| unit_number_frame(t, i)).flatten())
                .or_else(|| {
                    (c & (HUMANLY | TARGET) != 0)
                        .then(|| bigram_frame(t, i))
                        .flatten()
                })
                .or_else(|| standalone_frame(t, i));
            if let Some((a, b)) = found {
                if t.toks[a].quoted && t.toks[b].quoted
                    || nature_question(t, a, b)
                    || practice_partner(t, a, b)
                    || unease(t, a)
                    || relayed(t, a)
                {
                    continue;
                }
                return Some(make_match(text, t, a, b, None));
            }
        }
        None
    }
}

// ---------------------------------------------------------------------- frames

/// "escalate this", "escalate to a manager", "please escalate".
fn escalate_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let next = i + 1;
    let ok = !t.same_clause(i, next)
        || t.has(next, POLITE)
        || t.is(
            next,
            words![
                "this",
                "it",
                "me",
                "my",
                "the",
                "to",
                "issue",
                "case",
                "ticket",
                "complaint",
                "matter",
                "request",
                "esto",
                "ceci",
                "das",
                "isso",
                "isto",
            ],
        );
    (ok && !negated(t, i, i)).then_some((i, if t.same_clause(i, next) { next } else { i }))
}

/// A verb of contact with a human noun after it ("talk to someone", "speak with one of your
/// agents") or, in German and relative clauses, before it ("mit einem Mitarbeiter sprechen",
/// "someone to talk to"). Also "I don't want to talk to a bot".
fn contact_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let head = t.toks[i].info;
    if i > 0 && t.same_clause(i, i - 1) && t.has(i - 1, POSSESSIVE) {
        return None; // "my phone"
    }
    if t.is_word(i, "hold") && !t.is_word(i + 1, "of") {
        return None; // only "get hold of someone"
    }
    if t.same_clause(i, i + 1) && t.has(i + 1, BOT) {
        return None; // "chat bot": a noun
    }
    if let Some(j) = scan_forward(t, i, 2, false) {
        // "contact customer support", "call the help desk": asks for contact details.
        let department = head.class & CALL != 0 && t.has(j, DEPARTMENT);
        // "call someone a name": calling a pronoun counts only when the clause ends or goes on
        // with a preposition or politeness ("ring someone about it", "call someone please").
        let pronoun = t.is(i, words!["call", "calling", "phone", "ring"])
            && t.is(j, words!(PRONOUNS))
            && t.same_clause(j, j + 1)
            && !t.is(
                j + 1,
                words![
                    "about",
                    "please",
                    "pls",
                    "now",
                    "today",
                    "asap",
                    "to",
                    "for",
                    "regarding",
                    "back",
                    "on",
                    "at",
                    "who",
                    "that",
                    "and",
                    "so",
                    "because",
                    "real",
                    "else",
                ],
            );
        // "chat services", "talk support": a noun compound, not a verb and its object.
        let compound = j == i + 1
            && (!t.has(j, STRONG)
                // "the contact person", "a chat agent": a noun before a noun.
                || i > 0 && t.same_clause(i, i - 1) && t.is(i - 1, words!["the", "a", "an", "our", "your"])
                // "add him as a second contact person": not after "to", "please", "can" ...
                || t.is_word(i, "contact")
                    && t.is(j, words!["person", "persons", "people"])
                    && i > 0
                    && t.same_clause(i, i - 1)
                    && !t.has(i - 1, MODAL | FILLER | PREP | BACK_GAP | WANT | POLITE));
        // "ask a human", but not "ask someone to send money".
        let ask = t.is(i, words!["ask", "asking"]);
        let ask_ok = !ask
            || (t.has(j, STRONG) && !t.is(j, words!["someone", "somebody"]) && j <= i + 3)
            || ask_staff(t, i, j);
        if t.has(j, TARGET)
            && !department
            && !pronoun
            && !compound
            && ask_ok
            && accept_target(t, i, j, false)
        {
            return Some((i, extend_target(t, j)));
        }
        // Rejecting the bot is asking for a human: "I don't want to talk to a bot".
        let prep = (i + 1..j).any(|k| t.has(k, PREP));
        if t.has(j, BOT) && prep && (negated(t, i, j) || clause_has(t, i, COMPLAINT)) {
            return Some((i, j));
        }
    }
    // "who can I talk to about a refund?", "who should we speak with".
    let who =
        (i.saturating_sub(4)..i).find(|&k| t.same_clause(i, k) && t.is(k, words!["who", "whom"]));
    if let Some(w) = who {
        let plain = (w + 1..i).all(|k| {
            t.is(
                k,
                words![
                    "can", "could", "should", "do", "may", "i", "we", "shall", "must", "need",
                    "to",
                ],
            )
        });
        // Only when the question ends there: "who do I speak with about my lost card" is
        // answered by the bot as well as by a person.
        let lead = t.is(i + 1, words!["to", "with"]) && !t.same_clause(i, i + 2)
            || t.is(i + 1, words!["to", "with"]) && t.is(i + 2, words!["please", "now", "here"])
            || !t.same_clause(i, i + 1);
        // Which party to reach in a case to come is a question, not a request: "if a tree
        // falls on the line, who do I call?", "who should I ring, you or the police?".
        let stop = |k: usize| {
            let (a, b) = (t.toks[k].orig.1 as usize, t.toks[w].orig.0 as usize);
            let gap = t.original.as_bytes().get(a..b).unwrap_or_default();
            !gap.iter().any(|c| matches!(c, b'.' | b'?' | b'!'))
        };
        let case = (w.saturating_sub(14)..w)
            .any(|k| t.is(k, words!["if", "si", "wenn", "falls", "caso"]) && stop(k))
            || t.is(i + 1, words!["you", "u"]) && t.is_word(i + 2, "or");
        if plain && lead && !case && !negated(t, w, i) {
            return Some((w, (i + 1).min(t.toks.len() - 1).max(i)));
        }
    }
    // A named person: "Could I talk to Tyrone King?"
    if let Some(m) = named_person(t, i) {
        return Some(m);
    }
    // "I don't want to talk to you".
    if t.is(i + 1, words!["to", "with"])
        && t.is(i + 2, words!["you", "u", "ya"])
        && negated(t, i, i)
    {
        let want = (i.saturating_sub(3)..i).any(|k| t.has(k, WANT));
        if want {
            return Some((i, i + 2));
        }
    }
    target_before(t, i)
}

/// A human noun before a verb of contact or routing: German puts the verb last ("mit einem
/// Mitarbeiter sprechen", "mit einem Menschen verbinden"); elsewhere only in relative clauses
/// ("someone to talk to", "a number I can call") or "have someone call me".
fn target_before(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let head = t.toks[i].info;
    let german = head.langs & lang::DE != 0;
    let mut gap = 0;
    let mut unknown = 0;
    let mut k = i;
    while k > 0 && i - k < 6 {
        k -= 1;
        if !t.same_clause(i, k) {
            break;
        }
        let c = t.toks[k].info.class;
        if c & TARGET != 0 || (c & NUMBER != 0 && head.class & CALL != 0) {
            // The word before the target's noun phrase: "have someone call me", "que
            // alguien me llame".
            let opener = {
                let mut b = k;
                while b > 0 && t.has(b - 1, DET | HUMANLY) && !t.has(b - 1, MODAL) {
                    b -= 1;
                }
                b > 0
                    && t.is(
                        b - 1,
                        words![
                            "have", "get", "can", "could", "would", "will", "please", "let",
                            "need", "want", "may", "que", "qu'",
                        ],
                    )
            };
            let clitics =
                (k + 1..i).all(|g| t.is(g, words!["me", "nos", "m'", "mich", "mir", "us"]));
            let ok = if german {
                true
            } else if gap > 0 && head.class & CALL != 0 && clitics {
                // "que alguien me llame", "qu'un conseiller me rappelle".
                opener
            } else if gap > 0 {
                // "someone to talk to", "una persona con la que pueda hablar".
                (k + 1..i).all(|g| t.has(g, BACK_GAP | POLITE | DET))
                    && (k + 1..i).any(|g| t.has(g, BACK_GAP))
            } else {
                // "have someone call me", "can a real agent call me".
                head.class & CALL != 0
                    && (i + 1..i + 4).any(|x| t.same_clause(i, x) && t.is(x, words!["me", "us"]))
                    && opener
            };
            if ok && (c & NUMBER != 0 || accept_target(t, k, k, false)) {
                let mut a = k;
                while a > 0 && t.same_clause(k, a - 1) && t.has(a - 1, DET | HUMANLY | PREP) {
                    a -= 1;
                }
                if !negated(t, a, i) && !identity_before(t, a) {
                    return Some((a, i));
                }
            }
            return None;
        }
        if c & (POSSESSIVE | NEG | BREAK | MODIFIED) != 0 {
            return None;
        }
        // The unit the person works in, between them and the verb: "mit jemandem aus dem
        // Sekretariat sprechen", "mit jemandem von der Buchhaltung reden".
        let from = german && t.is(k, words!["aus", "von", "vom", "bei", "beim"]);
        if c & (DET | PREP | FILLER | HUMANLY | BACK_GAP | POLITE) == 0 && !from {
            unknown += 1;
            if !german || unknown > 1 {
                return None;
            }
        }
        gap += 1;
    }
    None
}

/// "transfer me to an agent", "put me through to someone", "pásame con un asesor", and
/// "transfer me" on its own.
fn route_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let english = t.toks[i].info.langs & lang::EN != 0;
    // "make a transfer to a new person": a determiner makes the verb a noun.
    let noun = i > 0
        && t.same_clause(i, i - 1)
        && (t.has(i - 1, POSSESSIVE)
            || t.is(
                i - 1,
                words!["a", "an", "the", "another", "this", "that", "any", "one"],
            ) && t.toks[i].info.langs & lang::EN != 0);
    if noun {
        return None;
    }
    // "transfer me", "put me through", "connect me please".
    if t.is(i + 1, words!["me", "us"])
        && t.same_clause(i, i + 1)
        && t.is(
            i,
            words!["transfer", "connect", "forward", "redirect", "escalate", "put", "patch",],
        )
    {
        let mut k = i + 2;
        let through = t.is(k, words!["through", "thru"]);
        if through {
            k += 1;
        }
        let bare_ok = through || !t.is(i, words!["put", "patch"]);
        if bare_ok && (!t.same_clause(i, k) || t.has(k, POLITE)) {
            if !negated(t, i, i + 1) && !identity_before(t, i) {
                return Some((i, k.min(t.toks.len()) - 1));
            }
            return None;
        }
    }
    if let Some(j) = scan_forward(t, i, 1, english) {
        if t.has(j, TARGET) && accept_target(t, i, j, false) {
            return Some((i, extend_target(t, j)));
        }
    }
    if t.toks[i].info.langs & lang::DE != 0 {
        return target_before(t, i);
    }
    None
}

/// "can I get a human", "I want a real person", "gimme a proper human", "quiero un agente".
fn want_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let info = t.toks[i].info;
    if info.class & WANT_MODAL != 0 {
        let modal = (i.saturating_sub(2)..i).any(|k| {
            t.has(k, MODAL) || t.is(k, words!["i'd", "id", "we'd", "would", "wd", "i'll"])
        });
        if !modal {
            return None;
        }
    }
    // "do I need a person to ...?" asks about a requirement.
    if i >= 2
        && t.is(i - 1, words!["i", "we"])
        && t.is(i - 2, words!["do", "will", "would", "does"])
    {
        return None;
    }
    strict_noun_frame(t, i)
}

/// "is there a human I can talk to", "are there any real people", "do you have human support".
fn exist_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    // "is a human available", "is anyone available to chat".
    if t.is(i, words!["is", "are"]) {
        let mut j = i + 1;
        while t.same_clause(i, j) && t.has(j, DET | HUMANLY) && !t.has(j, TARGET) && j - i < 4 {
            j += 1;
        }
        let found = t.same_clause(i, j) && t.has(j, TARGET) && {
            let end = extend_target(t, j);
            // "... available to check my car" is an errand, "... available to chat" is not.
            let errand = t.is_word(end + 2, "to")
                && !t.is(
                    end + 3,
                    words!["help", "assist", "talk", "speak", "chat", "answer", "take"],
                );
            t.is(end + 1, words!["available", "around", "online", "free"])
                && (t.has(j, STRONG) || t.is(j, words!["anyone", "anybody"]))
                && !errand
                && !negated(t, i, end + 1)
        };
        return found.then(|| (i, extend_target(t, j) + 1));
    }
    // French "il y a quelqu'un de l'équipe", "y a-t-il quelqu'un": the noun after "a" (and
    // "t", "il").
    if t.is_word(i, "y") {
        if !t.is_word(i + 1, "a") || !t.same_clause(i, i + 1) {
            return None;
        }
        let h = if t.is_word(i + 2, "t") && t.is_word(i + 3, "il") {
            i + 3
        } else {
            i + 1
        };
        return strict_noun_frame(t, h).map(|(_, b)| (i, b));
    }
    let there = t.is_word(i, "there") && i > 0 && t.is(i - 1, words!["is", "are", "any"])
        || t.is(i, words!["there's", "theres", "hay", "tem", "ha", "existe"])
        || t.is_word(i, "es") && i > 0 && t.is_word(i - 1, "gibt");
    if !there {
        return None;
    }
    strict_noun_frame(t, i)
}

/// A person preferred to the bot: "I'd rather explain it to someone on your team than the
/// automated assistant", "preferiría explicárselo a alguien de su equipo y no al asistente
/// automático". A word of preference before the person (within six words), and after them
/// (within eight) a word of contrast ("than", "not", "instead", "que", "plutôt", "statt",
/// "als") before the bot or the automated assistant.
fn preference_frame(t: &Tokens, k: usize) -> Option<(usize, usize)> {
    const MACHINE: &[&str] = &[
        "assistant",
        "automated",
        "automatic",
        "chatbot",
        "asistente",
        "automatico",
        "automatique",
        "assistente",
        "automatisch",
        "automatizado",
        "virtual",
        "virtuel",
    ];
    let p = (k.saturating_sub(6)..k).find(|&p| t.same_clause(k, p) && t.is(p, words!(PREFER)))?;
    let bot = (k + 1..k + 9)
        .find(|&b| t.same_clause(k, b) && (t.has(b, BOT) || t.is(b, words!(MACHINE))))?;
    let contrast = (k + 1..bot).any(|c| t.is(c, words!(CONTRAST)));
    (contrast && !negated(t, p, k) && !identity_before(t, p)).then_some((p, bot))
}

/// Words of preference ("rather", "prefiero", "lieber"), for [`preference_frame`] and
/// [`voice_frame`].
const PREFER: &[&str] = &[
    "rather",
    "prefer",
    "preferably",
    "preferiria",
    "prefiero",
    "prefiro",
    "preferia",
    "prefere",
    "preferais",
    "preferes",
    "prefererais",
    "preferirais",
    "lieber",
];

/// Words of contrast after a preference ("than", "instead", "plutôt", "als").
const CONTRAST: &[&str] = &[
    "than", "not", "instead", "no", "que", "plutot", "qu'", "statt", "als", "nao", "vez", "over",
];

/// "ask" with the company's people as its object, wished for by the customer: "I'd really
/// rather ask one of your pharmacists directly", "can I ask your engineers about it". The
/// person follows "your"; a wish ("rather", "prefer", "like", "want", "need", "can I"), or
/// "directly" after the person, shows the customer wants to put the question to them;
/// "ask your team to update the site" (an errand) does not count.
fn ask_staff(t: &Tokens, i: usize, j: usize) -> bool {
    let end = extend_target(t, j);
    let yours = (i + 1..j).any(|k| t.is(k, words!["your", "ur"]));
    let wish = (i.saturating_sub(4)..i).any(|k| {
        t.same_clause(i, k)
            && (t.has(k, WANT) && !t.has(k, COGNITIVE)
                || t.is_word(k, "rather")
                || t.has(k, MODAL) && t.is(k + 1, words!["i", "we"]))
    });
    // "directly" after the person, but not "to" or "for" (an errand).
    let same = t.same_clause(end, end + 1);
    let filler = same && t.has(end + 1, FILLER);
    yours && (wish || filler) && !(same && !filler && t.has(end + 1, PREP | BACK_GAP))
}

/// A telephone number for a named unit of the company's people, or for one of them: "the
/// direct number for your dispatch desk", "is there a phone number for the repairs
/// department?", "the permits counter's direct line", "a number for one of your engineers",
/// "el número del departamento de reparaciones", "le numéro du service des réparations", "die
/// Durchwahl der Buchhaltung". The unit is a head noun ("department", "desk", "equipo") with a
/// name of its own before it (or after it, after a connector of another language than
/// English), or a unit word such as "billing". A generic name ("customer service", "support",
/// "care", "help desk": determiners and department words in the tables) makes it the
/// company's number, which asks for contact details. The customer's own number ("my number
/// for the ...") and changing a number do not count.
fn unit_number_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    // Connectors after which a person or a bare unit may follow ("a number for someone",
    // "the number for billing", "die Nummer der Buchhaltung") ...
    const FOR: &[&str] = &[
        "for", "to", "para", "pour", "fur", "der", "des", "vom", "von",
    ];
    // ... and the others, after which only a named unit may.
    const OF: &[&str] = &["of", "de", "del", "du", "do", "da"];
    let name = |k: usize| unit_noun(t, i, k, 0);
    // An English head ("the mentoring service number" is the company's).
    let head = |k: usize| unit_head(t, i, k) && !t.is_word(k, "service");
    let number_words = words![
        "phone",
        "telephone",
        "direct",
        "contact",
        "directo",
        "direto"
    ];
    if t.is_word(i, "line") && !(i > 0 && t.is(i - 1, number_words)) {
        return None;
    }
    // The customer's own number, or changing one: "my phone number for the ...", "update the
    // number for the sales team".
    let own = (i.saturating_sub(4)..i).any(|k| {
        t.same_clause(i, k)
            && (t.has(k, POSSESSIVE | ADMIN)
                || t.is(k, words!["change", "changed", "update", "updated", "edit"]))
    });
    if own {
        return None;
    }
    // "the repairs department's number", "your dispatch desk phone number".
    let mut h = i;
    while h > 0 && i - h < 3 && t.is(h - 1, number_words) {
        h -= 1;
    }
    if h > 1 && head(h - 1) && name(h - 2) && !negated(t, h - 2, i) {
        return Some((h - 2, i));
    }
    // Forward: the number, "direct" or "de teléfono", the connector, determiners, the unit.
    // A noun before the number makes it another number ("the account number for ...").
    if h > 0 && name(h - 1) {
        return None;
    }
    let mut c = i + 1;
    while c - i < 4
        && (t.has(c, PHONE) || t.is(c, number_words) || t.is(c, words!(OF)) && t.has(c + 1, PHONE))
    {
        c += 1;
    }
    let for_ = t.is(c, words!(FOR));
    if !t.same_clause(i, c) || !for_ && !t.is(c, words!(OF)) {
        return None;
    }
    let mut d = c + 1;
    while d - c < 4 && t.same_clause(i, d) && t.has(d, DET) {
        d += 1;
    }
    if !t.same_clause(i, d) {
        return None;
    }
    let end = if unit_head(t, i, d) && !t.is(c, words!["of", "for", "to"]) {
        // "del departamento de reparaciones", "du service comptabilité".
        let q = d + 1 + usize::from(t.is(d + 1, words!(OF)) || t.is_word(d + 1, "des"));
        name(q).then_some(q)?
    } else if for_ && t.has(d, TARGET) && !t.has(d, DEPARTMENT) {
        // A person: "a number for someone", "a direct line to a human".
        d
    } else if t.is_word(c, "to") {
        // "pass the number to the sales team" gives it.
        return None;
    } else if for_ && t.has(d, UNIT) && !(t.same_clause(d, d + 1) && name(d + 1)) {
        // A bare unit: "the number for billing", not "the number for billing purposes".
        d
    } else {
        // "for your dispatch desk", "for the repairs department", not "of the department
        // store".
        let h = (d + 1..d + 3).find(|&h| head(h))?;
        let open = !unit_noun(t, i, h + 1, TARGET) || t.is(h + 1, words!["at", "in", "direct"]);
        ((d..h).all(name) && open).then_some(h)?
    };
    (!negated(t, i, end)).then_some((i, end))
}

/// Whether word `k`, in the clause of word `i`, is a noun that may name a unit: an unknown
/// word, a unit word ("repairs", "billing") or a modifier noun, or one of the classes `also`
/// (not a determiner, nor a department or person word: "customer service" is no name).
#[inline(never)]
fn unit_noun(t: &Tokens, i: usize, k: usize, also: u32) -> bool {
    t.same_clause(i, k) && t.toks[k].info.class & !(UNIT | KNOWN | MODIFIED | also) == 0
}

/// Whether word `k`, in the clause of word `i`, is the head noun of a unit ("department",
/// "desk", "equipo", "service"), possibly with "'s" ("the repairs department's").
#[inline(never)]
fn unit_head(t: &Tokens, i: usize, k: usize) -> bool {
    const HEADS: &[&str] = &[
        "department",
        "departments",
        "dept",
        "desk",
        "team",
        "office",
        "counter",
        "division",
        "section",
        "departamento",
        "oficina",
        "equipo",
        "mostrador",
        "seccion",
        "service",
        "bureau",
        "equipe",
        "guichet",
        "departement",
        "buro",
        "setor",
        "balcao",
        "abteilung",
        "equipa",
    ];
    t.same_clause(i, k) && {
        let w = t.word(k);
        let stem = w.len() - if w.as_bytes().ends_with(b"'s") { 2 } else { 0 };
        words!(HEADS).contains(w.get(..stem).unwrap_or(w))
    }
}

/// A person asked to call the customer: "can someone give me a call", "could you get someone
/// to give me a ring", "get whoever handles refunds to call me", "have one of your team phone
/// me back". The call is "give me a ring/call/bell/buzz" or a calling verb with "me" or "us";
/// the person comes before it, after "can", "could", "please", "have", "get", "ask" or "if".
/// With "to" before the call, the person may be described in between ("whoever looks after
/// trade accounts to give me a ring"); without it, only a determiner may stand between.
fn callback_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    const OPENERS: &[&str] = &[
        "can", "could", "would", "will", "please", "pls", "plz", "have", "get", "ask", "if", "let",
        "need", "want", "might", "may", "cn", "cud",
    ];
    let us = |x: usize| t.same_clause(i, x) && t.is(x, words!["me", "us"]);
    let end = if t.is_word(i, "give") {
        // "give me a ring", "give us a call back"; "give my husband a call".
        let mut e = i + 1;
        if !us(e) {
            gives_call(t, i)?
        } else {
            e += 1;
            if t.is(e, words!["a", "an"]) {
                e += 1;
            }
            if !t.same_clause(i, e) || !t.is(e, words!(CALLS)) {
                return None;
            }
            e
        }
    } else if t.has(i, CALL) && us(i + 1) {
        i + 1
    } else {
        return None;
    };
    // The company asked to call back at a time, no person named: "can you ring me back after
    // six", "please call us back this evening" (the bot cannot call, so a person is meant; a
    // bare "can you call me back?" is left to the other frames, Rasa reads it as out of scope).
    let back = t.same_clause(i, end + 2)
        && t.is_word(end + 1, "back")
        && (t.is(end + 2, words!(WHEN)) || t.is(end + 2, words!["at", "on"]));
    let asked = |o: usize| {
        t.same_clause(i, o) && t.is(o, words!["please", "pls", "plz"])
            || o > 0
                && t.same_clause(i, o)
                && t.is(o, words!["you", "u"])
                && t.same_clause(i, o - 1)
                && t.is(o - 1, words!["can", "could", "would", "will", "cn", "cud"])
    };
    if back && i > 0 && asked(i - 1) && !negated(t, i - 1, end) {
        return Some((i - 1, end + 1));
    }
    let to = i > 0 && t.same_clause(i, i - 1) && t.is_word(i - 1, "to");
    let last = if to { i - 1 } else { i };
    let mut k = last;
    while k > 0 && last - k < 7 {
        k -= 1;
        if !t.same_clause(i, k) {
            return None;
        }
        if t.has(k, TARGET) {
            break;
        }
        // Without "to", only "the", "a", "one of your" ... between the person and the call.
        if !to && !t.has(k, DET | HUMANLY | FILLER | PREP) {
            return None;
        }
        if t.has(k, NEG | BREAK) {
            return None;
        }
    }
    if !t.has(k, TARGET) {
        return None;
    }
    // The unit after the person: "can someone from your repairs team give me a ring".
    if let Some(f) = (k.saturating_sub(3)..k)
        .find(|&f| f > 0 && t.same_clause(k, f - 1) && t.is(f, words!["from", "in", "at"]))
    {
        if t.has(f - 1, TARGET) {
            k = f - 1;
        }
    }
    if possessive_before(t, k) {
        return None;
    }
    let mut a = k;
    while a > 0 && t.same_clause(k, a - 1) && t.has(a - 1, DET | HUMANLY) && !t.has(a - 1, MODAL) {
        a -= 1;
    }
    // "could you get someone ...": the opener may have "you" after it.
    let mut o = a.checked_sub(1)?;
    if t.is_word(o, "you") || t.is_word(o, "u") {
        o = o.checked_sub(1)?;
    }
    let opened = t.same_clause(k, o) && t.is(o, words!(OPENERS));
    (opened && !negated(t, o, end) && !identity_before(t, a)).then_some((a, end))
}

/// What the company's people may be asked to do ("could someone from your team look at it").
const SERVICE: &[&str] = &[
    "help", "assist", "look", "check", "call", "contact", "take", "handle", "talk", "speak",
    "review", "go", "explain", "sort", "fix", "reach", "answer", "chat", "ring", "phone", "deal",
    "step", "join", "jump", "get", "walk", "email", "follow", "discuss", "work",
];

/// The company's people as the subject of a wish, the modal after them: "I'd be grateful if
/// someone from your care team could go through it with me", "est-ce que quelqu'un du
/// secrétariat pourrait me recontacter ?", "it would help if somebody in billing could call me
/// back". After "if", "that", "whether" or their counterparts; a person named on their own
/// ("if someone could ...") counts only when asked to call. In Spanish, French and Portuguese
/// the question may also open on the person and their unit, asked to call or talk:
/// "¿alguien del equipo de la tienda me puede llamar?", "alguém da equipa pode falar comigo?".
fn subject_first_frame(t: &Tokens, k: usize) -> Option<(usize, usize)> {
    const OPENERS: &[&str] = &[
        "if", "that", "whether", "si", "que", "qu'", "ob", "dass", "se",
    ];
    // The other languages' "from" are [`FROM_UNIT`].
    const FROM: &[&str] = &["from", "of", "in", "on", "at"];
    const MODALS: &[&str] = &[
        "could",
        "can",
        "would",
        "will",
        "might",
        "pourrait",
        "pourriez",
        "pourraient",
        "peut",
        "podria",
        "podrian",
        "puede",
        "pueden",
        "konnte",
        "konnten",
        "kann",
        "poderia",
        "pode",
    ];
    const CLITICS: &[&str] = &[
        "me", "us", "nous", "m'", "mich", "mir", "moi", "nos", "please",
    ];
    let mut a = k;
    // One word naming their unit before the person: "one of the clinic nurses", "the
    // billing staff" (not "the delivery person", the customer's courier).
    if a > 1
        && (t.has(a - 1, UNIT)
            || t.is(
                a - 1,
                words!["office", "clinic", "practice", "admin", "booking", "bookings"],
            ))
        && t.same_clause(k, a - 2)
        && t.has(a - 2, DET)
    {
        a -= 1;
    }
    while a > 0 && t.same_clause(k, a - 1) && t.has(a - 1, DET | HUMANLY) {
        a -= 1;
    }
    let opened = a > 0 && t.same_clause(k, a - 1) && t.is(a - 1, words!(OPENERS));
    // Portuguese "is there a way" before the person of a unit, the verb bare: "tem como
    // alguém da contabilidade me ligar?", "dá para alguém do suporte falar comigo?".
    if a > 1
        && t.same_clause(k, a - 2)
        && t.is(a - 1, words!["como", "para"])
        && t.is(a - 2, words!["tem", "ha", "da", "daria", "teria"])
    {
        let end = extend_target(t, k);
        let unit = t.is(end + 1, words!(FROM_UNIT))
            && (end + 2..end + 4).any(|u| t.same_clause(k, u) && t.has(u, UNIT | DEPARTMENT));
        let v = (end + 2..end + 8).find(|&x| t.same_clause(k, x) && t.has(x, CONTACT | CALL))?;
        return (unit && !negated(t, a, v)).then_some((a - 2, v));
    }
    // Or the question opens on the person and their unit: "¿alguien del equipo de la tienda
    // me puede llamar?", "alguém da equipa pode falar comigo?".
    let opens = a == 0 || !t.same_clause(k, a - 1);
    if !opened && !opens {
        return None;
    }
    let end = extend_target(t, k);
    // The unit they work in: "from your care team", "du secrétariat", "in billing".
    let mut m = end + 1;
    let from = t.is(m, words!(FROM)) || t.is(m, words!(FROM_UNIT));
    if from {
        m += 1;
        while m - end < 7 && t.same_clause(k, m) && !t.is(m, words!(MODALS)) {
            m += 1;
        }
    }
    let unit = from && (end + 2..m).any(|u| t.has(u, UNIT | DEPARTMENT));
    // Without an opener, only where the modal after the subject asks (Spanish, French,
    // Portuguese): "someone from the warranty team will ring me back" is told, and German
    // asks with the verb first.
    let asks = !t.is(
        m,
        words!["could", "can", "would", "will", "might", "konnte", "konnten", "kann"],
    );
    if !(opened || unit && asks && t.has(k, STRONG)) {
        return None;
    }
    if !t.same_clause(k, m) || !t.is(m, words!(MODALS)) {
        return None;
    }
    let mut v = m + 1;
    while v - m < 4 && t.same_clause(k, v) && (t.is(v, words!(CLITICS)) || t.has(v, FILLER)) {
        v += 1;
    }
    // A call asked for the customer: "call me", "ring us", "give me a call".
    let me = |x: usize| t.is(x, words!["me", "us"]);
    let given = gives_call(t, v).filter(|&c| (v + 1..c).any(me));
    let calls_me = |v: usize| t.has(v, CALL) && (v + 1..v + 4).any(me);
    let mut call_me = given.is_some() || calls_me(v);
    let service = opened && t.is(v, words!(SERVICE));
    // Two services joined, the call second: "if one of your nurses could check the chart
    // and ring me back".
    if service && !call_me {
        if let Some(x) = (v + 1..v + 6).find(|&x| t.same_clause(k, x) && t.is_word(x, "and")) {
            call_me = gives_call(t, x + 1).is_some_and(|c| (x + 2..c).any(me)) || calls_me(x + 1);
        }
    }
    let verb_ok = t.same_clause(k, v)
        && (service || t.has(v, CONTACT | CALL) || given.is_some())
        && (from || call_me);
    let pronoun = t.is(k, words!(PRONOUNS));
    // Staff named by a trade, known or not ("if one of your brokers could give me a call",
    // "one of the nurses"): the company's own ("your", "one of the"), asked to call.
    let trade =
        !t.has(k, STRONG) && (a..k).any(|g| t.is(g, words!["your", "ur", "one"])) && call_me;
    let who_ok = from || pronoun || t.has(k, STRONG) || trade;
    (verb_ok && who_ok && !possessive_before(t, a) && !negated(t, a, v) && !identity_before(t, a))
        .then_some((a, given.unwrap_or(v)))
}

/// A question whose subject is explicitly the company's people: "could someone from your team
/// look at it?", "could a member of your print team go over the proof with me?", "can one of
/// your agents call me?". ("Can someone assist me" alone is not enough.)
fn staff_subject_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    // "would it be possible for one of your specialists to go through it": the subject of an
    // infinitive.
    let infinitive = t.is_word(i, "for")
        && i > 0
        && t.same_clause(i, i - 1)
        && t.is(i - 1, words!["possible", "way", "chance", "able", "option"]);
    // "is someone from your team able to call me": "able to" asked with the verb "be".
    let be = t.is(i, words!["is", "are"]);
    // A modal verb ("could", "cud", "cna"): the MODAL class less its softeners.
    let modal = t.has(i, MODAL) && !t.is(i, words!["please", "let", "do"]);
    if !infinitive && !be && !modal {
        return None;
    }
    let mut yours = false;
    // One word naming the unit between "your" and the noun: "your claims specialists".
    let mut unit = false;
    // After "or": "one of your ceramists or someone on the lab team".
    let mut alt = false;
    let mut j = i + 1;
    while t.same_clause(i, j) && j - i <= 9 {
        let c = t.toks[j].info.class;
        // A noun of the "-er" or "-or" kind after "your" ("your boot fitters") is a trade
        // only when asked to call or talk: "one of your adapters work" names a thing.
        let doer = yours && c & TARGET == 0 && !trade_noun(t, j) && doer_noun(t, j);
        if c & TARGET != 0 || yours && trade_noun(t, j) || doer {
            let mut end = extend_target(t, j);
            if !alt && t.is_word(end + 1, "or") && t.same_clause(j, end + 2) {
                alt = true;
                j = end + 2;
                continue;
            }
            let open = !yours || alt;
            // "someone from your team", "a member of your print team", and a unit named on
            // its own: "someone from billing", "somebody in the claims department".
            let from = t.is(end + 1, words!["from", "frm", "of", "in", "on"]);
            let the = usize::from(t.is(end + 2, words!["the", "customer"]));
            let dept = end + 2 + the;
            if open && from && t.same_clause(j, dept) && t.has(dept, UNIT | DEPARTMENT) {
                yours = true;
                end += 2 + the;
                if t.same_clause(j, end + 1) && t.has(end + 1, TARGET) {
                    end += 1; // "someone in the claims department"
                }
            } else if let Some(place) = (open && (from || t.is_word(end + 1, "at")))
                .then(|| business_place(t, j, end + 2))
                .flatten()
            {
                // "someone from the funeral home", "somebody at the clinic".
                yours = true;
                end = place;
            } else if open && from && t.is(end + 2, words!["your", "ur"]) {
                yours = true;
                end += 2;
                while end - j < 6 && t.same_clause(j, end + 1) && !t.has(end + 1, TARGET) {
                    end += 1;
                }
                if t.same_clause(j, end + 1) && t.has(end + 1, TARGET) {
                    // "your support crew".
                    end = extend_target(t, end + 1);
                }
            }
            // The company's people, or a clear human noun, asked to do a service: "could a
            // human take over", but not "can your agents see my password".
            let mut v = end + 1;
            while t.same_clause(i, v) && t.has(v, POLITE | FILLER) && v - end < 3 {
                v += 1;
            }
            // "would someone from billing be able to talk me through it".
            if !infinitive
                && t.is_word(v, "be")
                && t.is_word(v + 1, "able")
                && t.is_word(v + 2, "to")
                && t.same_clause(i, v + 3)
            {
                v += 3;
            } else if be {
                if !(t.is_word(v, "able") && t.is_word(v + 1, "to")) {
                    return None;
                }
                v += 2;
            }
            if infinitive {
                if !t.is_word(v, "to") {
                    return None;
                }
                v += 1;
            }
            let pronoun = t.is(j, words!(PRONOUNS));
            let who_ok = yours || (c & STRONG != 0 && !pronoun);
            let service = if doer {
                t.has(v, CALL) || t.is(v, words!["talk", "speak", "chat"])
            } else {
                t.is(v, words!(SERVICE))
            };
            let ok = who_ok
                && t.same_clause(i, v)
                && (service || gives_call(t, v).is_some())
                && !negated(t, i, end)
                && !identity_before(t, i);
            return ok.then_some((i, v));
        }
        let named = yours
            && !unit
            && c & !(UNIT | KNOWN | MODIFIED) == 0
            && t.same_clause(j, j + 1)
            && (t.has(j + 1, TARGET) || trade_noun(t, j + 1) || doer_noun(t, j + 1));
        if !t.has(j, DET | HUMANLY) && !named {
            return None;
        }
        unit |= named;
        yours |= t.is(j, words!["your", "ur"]);
        j += 1;
    }
    None
}

/// The company named as a place of business after "from" or "at": "the", at most one more
/// word, then a place such as "home", "clinic" or "office" ("someone from the funeral
/// home", "somebody at the clinic"). Returns the place's index.
fn business_place(t: &Tokens, j: usize, the: usize) -> Option<usize> {
    const PLACES: &[&str] = &[
        "home",
        "office",
        "clinic",
        "store",
        "shop",
        "branch",
        "bank",
        "company",
        "firm",
        "practice",
        "agency",
        "desk",
        "centre",
        "center",
        "counter",
        "hospital",
        "pharmacy",
        "school",
        "hotel",
        "venue",
        "studio",
        "salon",
        "garage",
        "dealership",
        "warehouse",
        "depot",
        "headquarters",
        "restaurant",
        "gym",
        "camp",
        "council",
        "university",
        "college",
        "surgery",
        "marina",
        "club",
        "team",
        "department",
        "dept",
        "unit",
        "division",
        "section",
    ];
    if !t.is(the, words!["the"]) {
        return None;
    }
    (the + 1..the + 3).find(|&p| t.same_clause(j, p) && t.is(p, words!(PLACES)))
}

/// A word naming the company's people by a trade the tables do not list, after "your": an
/// unknown plural ending like a trade ("ceramists", "dieticians", "auctioneers").
fn trade_noun(t: &Tokens, j: usize) -> bool {
    let w = t.word(j).as_bytes();
    t.toks[j].info.class == 0
        && w.len() > 6
        && ends_any(w, &[b"ists", b"ians", b"eers"])
        // "playlists", "checklists", but "journalists".
        && (!w.ends_with(b"lists") || w.ends_with(b"alists"))
}

/// An unknown plural of the "-ers" or "-ors" kind ("fitters", "groomers", "instructors"),
/// which may name a trade or a thing ("filters"): [`staff_subject_frame`] takes it for the
/// company's people only when they are asked to call or talk.
fn doer_noun(t: &Tokens, j: usize) -> bool {
    let w = t.word(j).as_bytes();
    t.toks[j].info.class == 0 && w.len() > 5 && ends_any(w, &[b"ers", b"ors"])
}

/// When a callback is wanted: "a callback this evening", "a callback after 6.30".
const WHEN: &[&str] = &[
    "this", "tonight", "today", "tomorrow", "after", "before", "between", "around", "anytime",
    "later", "sometime", "asap", "when", "once",
];

/// What is given in "give me a ring": the call, for [`callback_frame`] and [`gives_call`].
const CALLS: &[&str] = &["ring", "call", "bell", "buzz", "callback"];

/// A call given to someone: "give me a ring", "give Dr. Okafor a quick call", "give my
/// husband a call". "give", the person (one to three words, across the full stop of a title
/// such as "Dr."), "a" or "an", at most one word such as "quick", then the call. Returns the
/// call's index.
fn gives_call(t: &Tokens, v: usize) -> Option<usize> {
    const TITLES: &[&str] = &["dr", "mr", "mrs", "ms"];
    if !t.is(v, words!["give", "giving"]) {
        return None;
    }
    let mut k = v + 1;
    while k - v <= 4 && k < t.toks.len() {
        if !t.same_clause(k - 1, k) && !t.is(k - 1, words!(TITLES)) {
            return None;
        }
        if t.is(k, words!["a", "an"]) {
            break;
        }
        if t.has(k, NEG | BREAK | BOT) {
            return None;
        }
        k += 1;
    }
    if k == v + 1 || !t.is(k, words!["a", "an"]) {
        return None;
    }
    let mut c = k + 1;
    if t.same_clause(k, c) && t.is(c, words!["quick", "brief", "short"]) {
        c += 1;
    }
    (t.same_clause(k, c) && t.is(c, words!(CALLS))).then_some(c)
}

/// "With" and its counterparts, before one of the company's people ([`with_staff_frame`],
/// [`settle_with_frame`]).
const WITH: &[&str] = &["with", "wth", "w", "con", "avec", "com", "mit"];

/// "Your" and its counterparts, before one of the company's people ([`with_staff_frame`],
/// [`settle_with_frame`]).
const YOUR: &[&str] = &[
    "your", "ur", "su", "sus", "vos", "votre", "seu", "sua", "seus",
];

/// Going through something with one of the company's people: "go through the camera setup
/// with one of your event technicians", "talk it through with your engineers", "walk me
/// through it with someone on your team", "repasar la instalación con uno de sus técnicos",
/// "revoir le devis avec l'un de vos conseillers". The person, after "your" (or its
/// counterparts), follows "with" (or its counterparts); before it in the clause (within eight
/// words) "go", "walk", "talk" or "run" with "through" or "over", or a verb of reviewing of
/// another language. A past tense ("went through it with one of your technicians") is a story.
fn with_staff_frame(t: &Tokens, k: usize) -> Option<(usize, usize)> {
    const GO: &[&str] = &["go", "walk", "talk", "run"];
    const REVIEW: &[&str] = &["repasar", "revisar", "repassar", "revoir"];
    // Back over determiners and one name of a unit ("your event technicians") to "with".
    let mut w = k;
    let mut yours = false;
    let mut named = false;
    while w > 0 && k - w < 6 && t.same_clause(k, w - 1) {
        w -= 1;
        if t.is(w, words!(WITH)) {
            break;
        }
        yours |= t.is(w, words!(YOUR));
        let c = t.toks[w].info.class;
        // "with someone on your design team".
        let from = t.is(w, words!["on", "from", "in", "at", "of"]) && w > 0 && t.has(w - 1, TARGET);
        if c & (DET | HUMANLY) == 0 && !(from || c & TARGET != 0 && yours) {
            if named || yours || c & !(UNIT | KNOWN | MODIFIED) != 0 {
                return None;
            }
            named = true;
        }
    }
    if !yours || !t.is(w, words!(WITH)) || possessive_before(t, k) {
        return None;
    }
    let verb = (w.saturating_sub(8)..w).find(|&p| {
        t.same_clause(w, p)
            && (t.is(p, words!(REVIEW))
                || t.is(p, words!["through", "thru", "over"])
                    && (p.saturating_sub(3)..p).any(|g| t.is(g, words!(GO))))
    })?;
    let a = (verb.saturating_sub(3)..=verb)
        .find(|&g| t.same_clause(verb, g) && t.is(g, words!(GO)))
        .unwrap_or(verb);
    let end = extend_target(t, k);
    (!negated(t, a, end) && !identity_before(t, a)).then_some((a, end))
}

/// A call, or the matter settled, with a person, asked for: "could you arrange a call with
/// someone from your team", "I'd like to sort this out with someone over the phone", "can I
/// go over the bill with an agent", "quisiera resolverlo con un asesor", "je voudrais régler
/// ça avec un conseiller", "gostaria de resolver isso com um atendente", "ich möchte das mit
/// einem Mitarbeiter klären". The person follows "with" (or its counterparts) over
/// determiners, and is a person word that counts alone ("someone", "an agent") or the
/// company's ("one of your pharmacists"). Before "with" in the clause: a talk noun ("a call",
/// "a word", "un appel") or a verb of settling (in German after the person); before that, a
/// want or a modal ("I'd like", "could you", "möchte"). A story ("I sorted it out with
/// someone yesterday") has no want, and is no request.
fn settle_with_frame(t: &Tokens, k: usize) -> Option<(usize, usize)> {
    const TALK: &[&str] = &[
        "call",
        "chat",
        "word",
        "conversation",
        "meeting",
        "appointment",
        "session",
        "llamada",
        "cita",
        "reunion",
        "conversacion",
        "appel",
        "entretien",
        "rdv",
        "gesprach",
        "termin",
        "anruf",
        "telefonat",
        "chamada",
        "ligacao",
        "conversa",
        "reuniao",
    ];
    const SETTLE: &[&str] = &[
        "sort",
        "resolve",
        "settle",
        "clarify",
        "fix",
        "review",
        "figure",
        "handle",
        "straighten",
        "resolver",
        "resolverlo",
        "aclarar",
        "tratar",
        "revisar",
        "regler",
        "discuter",
        "traiter",
        "clarifier",
        "revoir",
        "esclarecer",
        "conversar",
    ];
    // ("besprechen" is a verb of contact: the contact frame reads it.)
    const SETTLE_AFTER: &[&str] = &["klaren", "regeln", "losen", "durchgehen"];
    const WANTING: &[&str] = &[
        "please", "pls", "plz", "rather", "lieber", "arrange", "book", "schedule", "set",
        "organise", "organize", "kann", "konnte", "konnten", "konnen", "wurde", "puedo", "podria",
        "puede", "pueden", "puis", "pourrais", "pourriez", "peux", "posso", "poderia", "pode",
    ];
    let yours = |g: usize| t.is(g, words!(YOUR));
    // Back over determiners and "one of your" to "with".
    let mut w = k;
    let mut own = false;
    while w > 0 && k - w < 5 && t.same_clause(k, w - 1) {
        w -= 1;
        if t.is(w, words!(WITH)) {
            break;
        }
        own |= yours(w);
        if !t.has(w, DET | HUMANLY) && !t.is_word(w, "of") {
            return None;
        }
    }
    if w == k || !t.is(w, words!(WITH)) || possessive_before(t, k) || third_party_before(t, k) {
        return None;
    }
    let end = extend_target(t, k);
    if !(t.has(k, STRONG) || own || (end + 1..end + 4).any(|g| t.same_clause(k, g) && yours(g))) {
        return None;
    }
    let wanting = |p: usize| t.has(p, WANT | WANT_MODAL | MODAL) || t.is(p, words!(WANTING));
    // The talk noun or settling verb before "with", within five words.
    let head = (w.saturating_sub(5)..w)
        .rev()
        .find(|&p| t.same_clause(w, p) && (t.is(p, words!(TALK)) || t.is(p, words!(SETTLE))))
        .or_else(|| {
            // German puts the verb last: "mit einem Mitarbeiter klären".
            (end + 1..end + 3).find(|&p| t.same_clause(k, p) && t.is(p, words!(SETTLE_AFTER)))
        })?;
    let from = head.min(w);
    let a = (from.saturating_sub(6)..from)
        .rev()
        .find(|&p| t.same_clause(from, p) && wanting(p))?;
    let b = end.max(head);
    (!negated(t, a, b) && !identity_before(t, a)).then_some((a, b))
}

/// The telephone preferred to the chat: "I'd rather sort out the timing by voice than over
/// chat", "I'd prefer to do this on the phone instead of typing", "prefiero hablarlo por
/// teléfono que por chat", "lieber telefonisch als im Chat". A word of preference before the
/// telephone (within eight words), then within six a word of contrast, then within three the
/// chat, text or bot. The telephone is a way of talking, after a preposition ("on my phone",
/// "the voice assistant" do not count).
fn voice_frame(t: &Tokens, k: usize) -> Option<(usize, usize)> {
    const CHANNEL: &[&str] = &[
        "chat",
        "chatting",
        "text",
        "texting",
        "typing",
        "here",
        "messages",
        "writing",
        "escrito",
        "ecrit",
        "schriftlich",
    ];
    let p = (k.saturating_sub(8)..k).find(|&p| t.same_clause(k, p) && t.is(p, words!(PREFER)))?;
    // The telephone as a way of talking ("by voice", "on the phone", "telefonisch"), not a
    // noun's modifier ("the voice assistant", "the phone app").
    let way = (k.saturating_sub(2)..k).any(|g| phone_after(t, g) == Some(k))
        || t.is_word(k, "telefonisch");
    if !way || (p..k).any(|g| t.has(g, NEG | BREAK)) {
        return None;
    }
    let c = (k + 1..k + 7).find(|&c| t.same_clause(k, c) && t.is(c, words!(CONTRAST)))?;
    let e = (c + 1..c + 4)
        .find(|&e| t.same_clause(c, e) && (t.is(e, words!(CHANNEL)) || t.has(e, BOT)))?;
    (!negated(t, p, k) && !identity_before(t, p)).then_some((p, e))
}

/// The telephone after a human noun: "on the phone", "over the phone", "by phone", "au
/// téléphone", "al teléfono", "am Telefon", "ao telefone". Returns the last word.
fn phone_after(t: &Tokens, k: usize) -> Option<usize> {
    let prep = words!["on", "over", "by", "au", "par", "al", "por", "am", "ao"];
    if !t.same_clause(k, k + 1) || !t.is(k, prep) {
        return None;
    }
    let det = t.is(k + 1, words!["the", "el", "le", "o", "dem", "a"]) && t.same_clause(k, k + 2);
    let p = k + 1 + usize::from(det);
    t.has(p, PHONE).then_some(p)
}

/// Someone of the company's on the telephone, asked for: "can I have someone on the phone",
/// "est-ce que je peux avoir quelqu'un au téléphone", "quiero a alguien al teléfono", "kann ich
/// jemanden am Telefon haben". A verb of wanting or having governs it (before the noun, or
/// after the phone in German), so "someone on the phone told me" stays a story.
fn phone_target_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let end = extend_target(t, i);
    let strong = t.has(i, STRONG) || i > 0 && t.same_clause(i, i - 1) && t.has(i - 1, HUMANLY);
    let p = phone_after(t, end + 1)?;
    if !strong || possessive_before(t, i) || admin_before(t, i) {
        return None;
    }
    const HAVE: &[&str] = &[
        "have", "get", "put", "avoir", "mettre", "passer", "tener", "poner", "haben", "bekommen",
        "ter", "por", "colocar",
    ];
    let before = (i.saturating_sub(5)..i)
        .find(|&k| t.same_clause(i, k) && (t.has(k, WANT | ROUTE) || t.is(k, words!(HAVE))));
    let after = t.same_clause(p, p + 1) && t.is(p + 1, words!["haben", "bekommen", "sprechen"]);
    let a = match (before, after) {
        (Some(k), _) => k,
        (None, true) => i,
        (None, false) => return None,
    };
    let b = if after { p + 1 } else { p };
    (!negated(t, a, b) && !identity_before(t, a)).then_some((a, b))
}

/// A head followed only by determiners, qualifiers and fillers, then a clear human noun that
/// ends the noun phrase.
fn strict_noun_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let mut humanly = false;
    let mut j = i + 1;
    while t.same_clause(i, j) && j - i <= 5 {
        let c = t.toks[j].info.class;
        if c & TARGET != 0 {
            // Chat shorthand for a person, from the company's people: "get sb from ur team",
            // "anyone frm support".
            let from_staff = t.is(j, words!["sb", "anyone", "anybody", "any1"])
                && t.is(j + 1, words!["from", "frm"])
                && t.same_clause(j, j + 2)
                && (t.is(j + 2, words!["your", "ur"]) || t.has(j + 2, DEPARTMENT | UNIT));
            let strong = c & STRONG != 0
                || humanly
                || from_staff
                || t.same_clause(j, j + 1) && t.has(j + 1, HUMANLY | ELSE | TARGET);
            let same_language = t.toks[i].info.langs & t.toks[j].info.langs != 0;
            // "I need someone to look at my car" asks for a service, not for the helpdesk's
            // people; "can you get someone to help me" does.
            let pronoun = t.is(j, words!(PRONOUNS));
            let errand = pronoun
                && t.is_word(j + 1, "to")
                && t.same_clause(j, j + 2)
                && !t.is(
                    j + 2,
                    words![
                        "help", "assist", "talk", "speak", "chat", "call", "contact", "explain",
                        "answer", "advise",
                    ],
                );
            if strong
                && same_language
                && !errand
                && !admin_before(t, j)
                && accept_target(t, i, j, true)
            {
                return Some((i, extend_target(t, j)));
            }
            return None;
        }
        if c & (POSSESSIVE | NEG | MODIFIED | BOT) != 0 {
            return None;
        }
        if c & (DET | HUMANLY | FILLER | PREP | POLITE) == 0 {
            return None;
        }
        humanly |= c & HUMANLY != 0;
        j += 1;
    }
    None
}

/// "real person", "live agent", "persona real", "echten Menschen", anywhere in a clause.
fn bigram_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let j = i + 1;
    if !t.same_clause(i, j) {
        return None;
    }
    // A field of work between "actual"/"real" and the expert: "an actual tax expert", "a
    // real mortgage advisor" (not "real estate agent").
    let field = t.is(i, words!["actual", "actualy", "real", "genuine"])
        && t.toks[j].info.class & !KNOWN == 0
        && !t.is_word(j, "estate")
        && t.same_clause(j, j + 1)
        && t.has(j + 1, TARGET)
        && !t.has(j + 1, HUMANLY);
    let j = if field { j + 1 } else { j };
    let (q, n) = if t.has(i, HUMANLY) && t.has(j, TARGET) {
        (i, j)
    } else if t.has(i, TARGET)
        && t.has(j, HUMANLY)
        && !t.has(i, HUMANLY)
        && t.toks[i].info.langs & lang::EN == 0
    {
        (j, i)
    } else {
        return None;
    };
    if t.word(q) == t.word(n) {
        return None;
    }
    let a = i;
    let b = extend_target(t, j);
    if t.same_clause(b, b + 1) && (t.has(b + 1, MODIFIED) || maker_noun(t, b + 1)) {
        return None;
    }
    if possessive_before(t, a)
        || negated(t, chain_start(t, a), b)
        || identity_before(t, a)
        || admin_before(t, a)
    {
        return None;
    }
    Some((a, b))
}

/// Indefinite pronouns for a person, with their chat shorthand ("sum1", "smone", "sb"): as
/// objects they ask for a service ("someone to fix my car") unless the company's people
/// are meant.
const PRONOUNS: &[&str] = &[
    "someone", "somebody", "anyone", "anybody", "sum1", "some1", "sumone", "smone", "sumbody", "sb",
];

/// A noun the tables do not know that names who or what does a piece of work, after "human"
/// ("an actual human translator", "real human moderators", "human translation"): the service
/// is ordered made by people, the customer is not asking to talk to one.
fn maker_noun(t: &Tokens, k: usize) -> bool {
    // Six letters or more: not "later", "after".
    let w = t.word(k).as_bytes();
    t.toks[k].info.class == 0
        && w.len() > 5
        && ends_any(
            w,
            &[
                b"or", b"ors", b"er", b"ers", b"ist", b"ists", b"ion", b"ions",
            ],
        )
}

/// Whether `w` ends with one of `ends`.
fn ends_any(w: &[u8], ends: &[&[u8]]) -> bool {
    ends.iter().any(|e| w.ends_with(e))
}

/// A clause made only of a human noun, qualifiers and politeness: "agent pls", "Operator!",
/// "einen echten Menschen", "someone from customer care".
fn standalone_frame(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let clause = t.toks[i].clause;
    if i > 0 && t.toks[i - 1].clause == clause {
        return None; // only at the start of a clause
    }
    // Words other than a human noun, "human" words, determiners, fillers, politeness,
    // prepositions and "else" (or "from") rule the clause out; the first one is read before
    // the clause is walked.
    let allowed = DET | HUMANLY | TARGET | FILLER | POLITE | PREP | ELSE;
    let rejects = |k: usize| {
        let c = t.toks[k].info.class;
        c & (NEG | POSSESSIVE | MODIFIED | BOT) != 0 || (c & allowed == 0 && !t.is_word(k, "from"))
    };
    if rejects(i) {
        return None;
    }
    let mut end = i;
    while end + 1 < t.toks.len() && t.toks[end + 1].clause == clause {
        end += 1;
    }
    if end - i >= 6 {
        return None;
    }
    let mut strong = false;
    let mut humanly = false;
    let mut target = false;
    for k in i..=end {
        let c = t.toks[k].info.class;
        if rejects(k) {
            return None;
        }
        if c & TARGET != 0 {
            target = true;
            strong |= c & STRONG != 0 && !t.is(k, words!["people", "boss"]);
        }
        humanly |= c & HUMANLY != 0;
    }
    (target && (strong || humanly)).then_some((i, end))
}

// ---------------------------------------------------------------------- helpers

/// From a head at `i`, walks forward over determiners, prepositions and fillers (and at most
/// `unknown` other words) to the first human noun or bot noun. After a routing verb, unknown
/// words are allowed only once a preposition was seen; `need_prep` (English routing verbs)
/// requires that preposition before the noun ("send someone money" is a payment).
fn scan_forward(t: &Tokens, i: usize, unknown: usize, need_prep: bool) -> Option<usize> {
    let route = t.has(i, ROUTE);
    let mut left = unknown;
    let mut prep = false;
    let mut reach = 7;
    let mut j = i + 1;
    while t.same_clause(i, j) && j - i <= reach {
        // "discuter par téléphone avec l'un de vos conseillers": the telephone is a gap.
        if let Some(p) = (reach == 7).then(|| phone_after(t, j)).flatten() {
            reach += p + 1 - j;
            j = p + 1;
            continue;
        }
        let c = t.toks[j].info.class;
        let undone_bot = c & BOT != 0 && t.is(j - 1, words!["non", "not"]);
        if c & (TARGET | BOT) != 0 && !undone_bot {
            if need_prep && !prep {
                return None;
            }
            // A machine qualifier before the noun: "virtual agent", unless "non-robotic".
            if j > i + 1 && t.has(j - 1, BOT) && c & TARGET != 0 {
                let undone = j > i + 2 && t.is(j - 2, words!["non", "not", "no"]);
                if !undone {
                    return None;
                }
            }
            return Some(j);
        }
        // "phone number for ...", "transfer money to ...": the verb has another object. After
        // other verbs a noun in between is just an unknown word ("the account team").
        let object = c & MODIFIED != 0 && t.has(i, CALL | ROUTE);
        if c & (POSSESSIVE | BREAK | NEG) != 0 || object {
            return None;
        }
        if c & BOT != 0 {
            // "non-robotic": the next word is the target.
            j += 1;
            continue;
        }
        const ROUTE_OBJECTS: &[&str] = &[
            "this",
            "it",
            "call",
            "chat",
            "conversation",
            "case",
            "issue",
            "ticket",
            "complaint",
            "matter",
            "line",
            "through",
            "thru",
            "over",
        ];
        let gap = DET | PREP | FILLER | HUMANLY | POLITE;
        let word = t.word(j);
        if c & gap != 0 {
            prep |= c & PREP != 0;
        } else if word == "non" || (route && words!(ROUTE_OBJECTS).contains(word)) {
            // "non-robotic agents", "transfer this call to ...".
        } else if c & (CONTACT | ROUTE | WANT) != 0 {
            return None;
        } else if left > 0 && (prep || !route) {
            // Routing verbs take no object but the conversation before the preposition:
            // "transferir dinero a otra persona" is a payment.
            left -= 1;
        } else {
            return None;
        }
        j += 1;
    }
    None
}

/// "talk to Tyrone King": a verb of speaking, "to"/"with" and a capitalised unknown word that
/// ends the clause or is followed by another capitalised word.
fn named_person(t: &Tokens, i: usize) -> Option<(usize, usize)> {
    let speaking = t.is(
        i,
        words!["talk", "speak", "chat", "talking", "speaking", "chatting"],
    );
    if !speaking || !t.is(i + 1, words!["to", "with"]) || !t.same_clause(i, i + 2) {
        return None;
    }
    let j = i + 2;
    let capital =
        |k: usize, text_byte: u8| t.toks[k].info.class == 0 && text_byte.is_ascii_uppercase();
    let first = t.first_byte(j);
    if !capital(j, first) || t.word(j).len() < 2 {
        return None;
    }
    let end = if t.same_clause(j, j + 1) {
        if !capital(j + 1, t.first_byte(j + 1)) {
            return None;
        }
        j + 1
    } else {
        j
    };
    if t.same_clause(end, end + 1) || negated(t, i, end) {
        return None;
    }
    Some((i, end))
}

/// Vetoes on a target at `j` reached from a head at `h`: a noun that follows it as its head
/// ("agent ID", "Human Resources"), "X of my company", a possessive, a question about the bot.
/// `strict` (want frames) also requires the noun phrase to end there.
fn accept_target(t: &Tokens, h: usize, j: usize, strict: bool) -> bool {
    let end = extend_target(t, j);
    let next = end + 1;
    if t.same_clause(end, next) {
        let w = t.word(next);
        if t.has(next, MODIFIED) || w.ends_with("'s") {
            return false;
        }
        if w == "of" && t.same_clause(end, next + 1) && t.has(next + 1, POSSESSIVE) {
            return false;
        }
        // "Human or Elf": a capitalised noun and a capitalised unknown word as its alternative
        // name a kind (a game's races and classes), not a person to talk to.
        let capital = |k: usize| t.first_byte(k).is_ascii_uppercase();
        if w == "or"
            && t.same_clause(end, next + 1)
            && t.toks[next + 1].info.class == 0
            && capital(next + 1)
            && capital(end)
        {
            return false;
        }
        if strict {
            let ok = t.has(
                next,
                POLITE | PREP | BACK_GAP | SOFT_BREAK | ELSE | HUMANLY | TARGET | FILLER | BREAK,
            ) || t.is(
                next,
                words![
                    "on", "at", "in", "from", "frm", "or", "who", "ok", "available", "disponible",
                    "disponivel", "verfugbar",
                ],
            )
                || t.is(next, words!["de", "do", "da"]) && t.has(next + 1, HUMANLY)
                // "alguém da equipa do espaço", "alguien del equipo", "jemanden aus dem Team".
                || t.is(next, words!(FROM_UNIT))
                    && (next + 1..next + 3)
                        .find(|&u| !t.has(u, DET) || !t.same_clause(next, u))
                        .is_some_and(|u| t.same_clause(next, u) && t.has(u, UNIT | DEPARTMENT))
                || w.ends_with("ing")
                // "a callback this evening", "a callback after 6.30".
                || t.is_word(end, "callback") && t.is(next, words!(WHEN))
                // "can I have a human look at it".
                || t.is(
                    next,
                    words!["look", "check", "help", "call", "contact", "review", "handle", "assist"],
                );
            if !ok {
                return false;
            }
        }
    }
    let a = h.min(j);
    !possessive_before(t, j)
        && !third_party_before(t, j)
        && !trade_as_adjective(t, j)
        && !negated(t, a, end)
        && !identity_before(t, a.min(j))
}

/// "From" before the unit a person works in, in the other languages ("alguien del equipo").
const FROM_UNIT: &[&str] = &[
    "de", "del", "da", "do", "dos", "das", "du", "des", "aus", "vom", "von",
];

/// A third party of the customer's own named just before the noun, reached through the
/// product and not one of the company's people: "a call with the camp director", "the
/// school counsellor", "the listing agent", "the seller's agent".
fn third_party_before(t: &Tokens, j: usize) -> bool {
    const THIRD: &[&str] = &[
        "camp",
        "school",
        "daycare",
        "nursery",
        "club",
        "venue",
        "landlord",
        "host",
        "listing",
        "seller",
        "seller's",
        "buyer's",
        "son's",
        "daughter's",
    ];
    j > 0 && t.same_clause(j, j - 1) && t.is(j - 1, words!(THIRD))
}

/// "técnico" and "técnica" after a noun are adjectives ("un problema técnico", "a técnica de
/// calibração" is a technique): a person only after a determiner ("um técnico", "uno de sus
/// técnicos").
fn trade_as_adjective(t: &Tokens, j: usize) -> bool {
    t.is(j, words!["tecnico", "tecnica", "tecnicos", "tecnicas"])
        && !(j > 0
            && (t.has(j - 1, DET) || t.is(j - 1, words!["dos", "das", "los", "las", "del", "de"])))
}

/// The case put before the company's people, asked as a process: "what's the process for
/// getting this looked at by whoever handles escrow disputes", "how do I get this in front
/// of someone who can fix it", "can it be reviewed by one of your engineers". A human noun at `k` after "by" (or "in front of") and
/// determiners; before it a participle of review; before that, within eight words, a verb of
/// getting or wanting, "be" or "how": what was done ("it was checked by a technician") does
/// not count.
fn reviewed_by_frame(t: &Tokens, k: usize) -> Option<(usize, usize)> {
    const REVIEWED: &[&str] = &[
        "looked",
        "reviewed",
        "checked",
        "seen",
        "handled",
        "examined",
        "investigated",
        "assessed",
        "escalated",
        "sorted",
        "dealt",
        "addressed",
    ];
    // "in front of someone": the place itself is the review ("of" is also a determiner).
    let front = |b: usize| {
        b >= 2 && t.is_word(b, "of") && t.is_word(b - 1, "front") && t.is_word(b - 2, "in")
    };
    let mut w = k;
    while w > 0 && k - w < 4 && t.same_clause(k, w - 1) && t.has(w - 1, DET) && !front(w - 1) {
        w -= 1;
    }
    let b = w.checked_sub(1).filter(|&b| t.same_clause(k, b))?;
    let q = if front(b) {
        b - 2
    } else if t.is_word(b, "by") {
        (b.saturating_sub(3)..b)
            .rev()
            .find(|&q| t.same_clause(b, q) && t.is(q, words!(REVIEWED)))?
    } else {
        return None;
    };
    (q.saturating_sub(8)..q)
        .any(|g| {
            t.same_clause(q, g)
                && (t.has(g, WANT) || t.is(g, words!["be", "process", "how", "way"]))
        })
        .then_some(())?;
    accept_target(t, q, k, false).then(|| (q, extend_target(t, k)))
}

/// The last word of a run of human nouns and qualifiers starting at `j` ("customer service
/// representative", "persona real").
fn extend_target(t: &Tokens, j: usize) -> usize {
    let mut b = j;
    while b - j < 3 && t.same_clause(j, b + 1) && t.has(b + 1, TARGET | HUMANLY | ELSE) {
        b += 1;
    }
    b
}

/// Administration of people as users of a product ("add a human operator to our workspace",
/// "how do I hire an agent") shortly before `j`.
fn admin_before(t: &Tokens, j: usize) -> bool {
    (j.saturating_sub(5)..j).any(|k| t.same_clause(j, k) && t.has(k, ADMIN))
}

fn possessive_before(t: &Tokens, j: usize) -> bool {
    j > 0 && t.same_clause(j, j - 1) && t.has(j - 1, POSSESSIVE)
}

fn clause_has(t: &Tokens, i: usize, class: u32) -> bool {
    // Bounded, so that long messages stay linear.
    (i.saturating_sub(12)..(i + 12).min(t.toks.len()))
        .any(|k| t.same_clause(i, k) && t.has(k, class))
}

/// A negation in reach of the words `a..=b`: before them in the same clause (up to six words,
/// not past "but", "please", "and" ...) or between them. "I don't know how to talk to someone"
/// is not negated: the negation governs "know".
fn negated(t: &Tokens, a: usize, b: usize) -> bool {
    let is_neg = |k: usize| {
        if !t.has(k, NEG) {
            return false;
        }
        // "don't know", "do not understand", "no idea": the negation is about something else.
        let cognitive = (k + 1..=k + 2).any(|x| t.same_clause(k, x) && t.has(x, COGNITIVE))
            || t.is(
                k + 1,
                words!["idea", "clue", "problem", "worries", "offense", "offence"],
            );
        !cognitive
    };
    if (a..=b).any(|k| k != a && is_neg(k)) {
        return true;
    }
    let mut k = a;
    if is_neg(a) {
        return true;
    }
    while k > 0 && a - k < 6 {
        k -= 1;
        if !t.same_clause(a, k) || t.has(k, SOFT_BREAK) && !t.has(k, NEG) {
            return false;
        }
        if is_neg(k) {
            return true;
        }
    }
    false
}

/// The start of the verb chain that governs the noun phrase at `a` ("need to transfer me to a
/// real person"), so that a negation is looked for before the verb, not before the noun.
fn chain_start(t: &Tokens, a: usize) -> usize {
    let chain = CONTACT | ROUTE | WANT | PREP | DET | FILLER | HUMANLY | MODAL;
    let mut k = a;
    while k > 0 && a - k < 8 && t.same_clause(a, k - 1) && t.has(k - 1, chain) {
        k -= 1;
    }
    k
}

/// A question or remark about the bot's nature just before `a`: "are you a real person",
/// "am I talking to a human", "you sound like a real human", "êtes-vous humain". Looks back over
/// determiners, qualifiers, prepositions and verbs of contact only.
fn identity_before(t: &Tokens, a: usize) -> bool {
    let mut k = a;
    for _ in 0..7 {
        if is_identity(t, k, true) {
            return true;
        }
        if k == 0 || !t.same_clause(a, k - 1) {
            return false;
        }
        k -= 1;
        let c = t.toks[k].info.class;
        let pass = c & (DET | HUMANLY | FILLER | PREP | CONTACT) != 0 && c & MODAL == 0
            || t.is(k, words!["like", "to"]);
        // "are you a bot or a real person": the question runs on past the other alternative.
        // ("o" is also an article: checked before the article passes.)
        if k > 0 && t.is(k, words!["or", "o", "ou", "oder"]) {
            let mut j = k - 1;
            while j > 0 && t.same_clause(k, j) && t.has(j, DET) && t.toks[j].info.class & BOT == 0 {
                j -= 1;
            }
            if t.same_clause(k, j) && t.has(j, BOT | TARGET | HUMANLY) {
                k = j;
                continue;
            }
        }
        if !pass {
            // "are you", "you sound": the pair ends on the word that stopped the look-back.
            return is_identity(t, k, true)
                || (k > 0 && t.same_clause(k, k - 1) && is_identity(t, k - 1, false));
        }
    }
    false
}

/// A question whether one of the product's parts is a person or a machine, not a request for
/// one: "is the conversation partner a bot or a real human?", "are the tutors real people?",
/// "is the coach a real person or AI?". A verb "be" before the matched words `a..=b` in their
/// clause, with only a noun phrase between ("the conversation partner"), and either a machine
/// as the other alternative or the question opening and closing the clause on a subject with
/// a determiner. "Is there a person ...", "is it possible to talk to a human" and "is the manager a real person I can
/// talk to" stay requests.
fn nature_question(t: &Tokens, a: usize, b: usize) -> bool {
    const BE: &[&str] = &[
        "is", "are", "was", "were", "ist", "sind", "est", "sont", "es", "son", "e", "sao",
    ];
    const OR: &[&str] = &["or", "o", "ou", "oder"];
    let Some(k) = (a.saturating_sub(9)..a)
        .rev()
        .find(|&k| t.same_clause(a, k) && t.is(k, words!(BE)))
    else {
        return false;
    };
    if k > 0 && t.same_clause(k, k - 1) && t.is_word(k - 1, "gibt") {
        return false;
    }
    // Only a noun phrase between: no verb, negation, "there" or "it" ("is it possible").
    const VERBS: u32 = CONTACT | ROUTE | WANT | MODAL | EXIST | NEG | PHONE | DIAL | BACK_GAP;
    let between = k + 1..a;
    if between.is_empty()
        || between.clone().any(|g| {
            t.has(g, VERBS)
                || t.is(
                    g,
                    words!["it", "this", "that", "you", "u", "i", "we", "ce", "c'", "il", "elle"],
                )
        })
        || !between.clone().any(|g| !t.has(g, DET | HUMANLY))
    {
        return false;
    }
    let bot_before =
        between.clone().any(|g| t.has(g, BOT)) && between.clone().any(|g| t.is(g, words!(OR)));
    let bot_after = t.same_clause(b, b + 1)
        && t.is(b + 1, words!(OR))
        && (b + 2..b + 5).any(|g| t.same_clause(b, g) && t.has(g, BOT));
    // "Is the tutor ...", "are your coaches ...": the subject opens on a determiner.
    let opens = (k == 0 || !t.same_clause(k, k - 1)) && t.has(k + 1, DET | POSSESSIVE);
    let closes = !t.same_clause(b, b + 1);
    bot_before || bot_after || opens && closes
}

/// A person wanted as the product's practice partner, not as support: "I want to practise
/// with a real person", "a real human to rehearse with", "mit einem echten Menschen üben". A
/// verb of practising within four words before the matched words `a..=b` or after them, in
/// their clause.
fn practice_partner(t: &Tokens, a: usize, b: usize) -> bool {
    const PRACTICE: &[&str] = &[
        "practise",
        "practice",
        "practising",
        "practicing",
        "rehearse",
        "rehearsing",
        "practicar",
        "pratiquer",
        "uben",
        "praticar",
    ];
    (a.saturating_sub(4)..a)
        .chain(b + 1..b + 5)
        .any(|g| t.same_clause(a, g) && t.is(g, words!(PRACTICE)))
}

/// Talking to people told as a feeling, not asked for: "I get really nervous talking to
/// actual people", "I'm shy about speaking with real humans". A word of unease just before
/// the gerund before the words at `a` (or before "about" or "of" before it).
fn unease(t: &Tokens, a: usize) -> bool {
    const UNEASE: &[&str] = &[
        "nervous",
        "anxious",
        "shy",
        "scared",
        "afraid",
        "uncomfortable",
        "awkward",
        "terrified",
        "intimidated",
        "hate",
        "dread",
    ];
    // Back from the person ("actual people") to the verb ("talking to").
    let mut a = a;
    while a > 0 && t.same_clause(a, a - 1) && t.has(a, DET | HUMANLY | PREP | FILLER) {
        a -= 1;
    }
    if a == 0 || !t.word(a).ends_with("ing") || !t.has(a, CONTACT) {
        return false;
    }
    let p = a - 1;
    let p = if p > 0 && t.is(p, words!["about", "of", "when"]) {
        p - 1
    } else {
        p
    };
    t.same_clause(a, p) && t.is(p, words!(UNEASE))
}

/// A wish for a person relayed from a third party, not the customer's own: "a guest messaged
/// that they'd like to talk to someone", "my tenant said he wants to speak to a person". A
/// third-person subject just before the request's verbs, after a verb of saying or writing
/// (and "that"), unless a member of the customer's household said it.
fn relayed(t: &Tokens, a: usize) -> bool {
    const THEY: &[&str] = &[
        "she", "he", "they", "she'd", "he'd", "they'd", "she's", "he's", "ella", "elle", "il",
        "ils", "elles", "er", "ela", "ele",
    ];
    const SAID: &[&str] = &[
        "said",
        "says",
        "wrote",
        "writes",
        "asked",
        "asks",
        "told",
        "mentioned",
        "messaged",
        "texted",
        "emailed",
        "replied",
        "dijo",
        "escribio",
        "dit",
        "ecrit",
        "sagte",
        "schrieb",
        "disse",
        "escreveu",
    ];
    let k = chain_start(t, a);
    if k == 0 || !t.same_clause(a, k - 1) || !t.is(k - 1, words!(THEY)) {
        return false;
    }
    let s = k - 1;
    let s = if s > 0 && t.is(s - 1, words!["that", "que", "dass"]) {
        s - 1
    } else {
        s
    };
    // The customer's own household speaks for the account: "my husband said he wants to
    // speak to a manager" is a request.
    const HOUSEHOLD: &[&str] = &[
        "husband", "wife", "partner", "spouse", "mom", "mum", "mother", "dad", "father", "son",
        "daughter", "esposo", "esposa", "marido", "mujer", "mari", "femme", "mann", "frau",
        "mulher",
    ];
    s > 0
        && t.same_clause(a, s - 1)
        && t.is(s - 1, words!(SAID))
        && !(s > 1 && t.is(s - 2, words!(HOUSEHOLD)))
}

/// Whether the word at `k` starts a statement about being (or not being) human: a pair ("are
/// you", "you sound", "bist du") or, with `singles`, one word ("you're", "I'm", "soy").
fn is_identity(t: &Tokens, k: usize, singles: bool) -> bool {
    const YOU: &[&str] = &[
        "you", "u", "ya", "i", "this", "it", "that", "du", "vous", "tu", "usted", "sie", "voce",
        "vc", "ich",
    ];
    const BE: &[&str] = &[
        "are", "r", "am", "is", "eres", "etes", "es", "bist", "sind", "bin", "e", "sou", "suis",
    ];
    let w = t.word(k);
    if singles
        && matches!(
            w,
            "you're"
                | "youre"
                | "u're"
                | "being"
                | "i'm"
                | "im"
                | "soy"
                | "suis"
                | "sou"
                | "eres"
                | "bist"
        )
    {
        return true;
    }
    let next = k + 1;
    if words!(BE).contains(w) && t.same_clause(k, next) && words!(YOU).contains(t.word(next)) {
        return true;
    }
    if words!(YOU).contains(w) && t.same_clause(k, next) {
        let n = t.word(next);
        if words!(BE).contains(n)
            || words!["sound", "sounds", "seem", "seems", "look", "looks", "act", "'re"].contains(n)
        {
            return true;
        }
    }
    // "your a real person".
    matches!(w, "your" | "ur") && t.is(next, words!["a", "an"])
}

// ---------------------------------------------------------------------- matching helpers

fn make_match(text: &str, t: &Tokens, a: usize, b: usize, language: Option<&'static str>) -> Match {
    let span = t.toks[a].orig.0 as usize..t.toks[b].orig.1 as usize;
    debug_assert!(span.end <= text.len());
    let language = language.unwrap_or_else(|| match_language(t, a, b));
    // The folded words, with a space for each character between two words (pieces of one
    // word, at an elision or split without spaces, share its place in the text and join up).
    let mut evidence = String::with_capacity(span.len());
    for k in a..=b {
        if k > a {
            let (prev, next) = (t.toks[k - 1].orig, t.toks[k].orig);
            if prev != next {
                let gap = text.get(prev.1 as usize..next.0 as usize).unwrap_or("");
                evidence.extend(gap.chars().map(|_| ' '));
            }
        }
        evidence.push_str(t.word(k));
    }
    Match {
        evidence,
        language,
        span,
    }
}

/// The language of the words `a..=b` (and the word before them, often the verb or pronoun that
/// governs them): the language most of them belong to; ties go to the earlier code in
/// [`lang::CODES`].
fn match_language(t: &Tokens, a: usize, b: usize) -> &'static str {
    let mut votes = [0u8; 5];
    let from = if a > 0 && t.same_clause(a, a - 1) {
        a - 1
    } else {
        a
    };
    for k in from..=b {
        let langs = t.toks[k].info.langs;
        for (l, v) in votes.iter_mut().enumerate() {
            *v += u8::from(langs & (1 << l) != 0);
        }
    }
    let best = (0..5).fold(0, |best, l| if votes[l] > votes[best] { l } else { best });
    lang::CODES[best]
}

/// A policy phrase (folded words) found as consecutive words of the message, not negated.
fn match_words(text: &str, t: &Tokens, words: &[String], language: &'static str) -> Option<Match> {
    let n = words.len();
    if n == 0 || n > t.toks.len() {
        return None;
    }
    (0..=t.toks.len() - n)
        .find(|&s| (0..n).all(|k| t.word(s + k) == words[k]) && !negated(t, s, s + n - 1))
        .map(|s| make_match(text, t, s, s + n - 1, Some(language)))
}

/// The bit of a word's last two letters (a-z only) in [`Detector::endings`].
fn ending_bit(w: &[u8]) -> Option<usize> {
    match w {
        [.., a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
            Some(26 * usize::from(a - b'a') + usize::from(b - b'a'))
        }
        _ => None,
    }
}

/// How many typos a fuzzy key of `len` letters allows.
fn typo_limit(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether a word of `word` letters can be a fuzzy key of `key` letters with typos: within
/// the key's typo limit, or one letter more for a four-letter key ("talkk").
fn length_fits(key: usize, word: usize) -> bool {
    let limit = typo_limit(key);
    key >= 4 && (key.abs_diff(word) <= limit || (limit == 0 && word == key + 1))
}

/// Most tokens [`Detector::with_tokens`] keeps room for between calls.
const SPARE_KEEP: usize = 1 << 12;
/// The longest text whose word buffers a thread keeps for its next call (64 KiB).
const SPARE_TEXT_KEEP: usize = 1 << 16;

/// Slots of the remembered classifications (a power of two; about 96 KB).
const SEEN_SLOTS: usize = 4096;

/// The buffers and remembered classifications of [`Detector::with_tokens`], kept per thread
/// (the shared tokeniser's buffers for [`detect`] on plain text, the tokens, the classes).
#[derive(Default)]
struct Scratch {
    spare: Spare,
    toks: Vec<Tok>,
    seen: Seen,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The classes of recently classified one-token words (looked up, typo-matched or unknown), by
/// word, in a two-way set-associative table of [`SEEN_SLOTS`] (empty until the first word): a
/// word costs one probe the next time instead of a look-up, typo matching and segmenting.
/// Classification depends only on the built-in tables (policy phrases are matched apart), so
/// every detector shares it. Words split in pieces or at an elision are not remembered.
type Seen = WordCache<Info, SEEN_SLOTS>;

/// FNV-1a, for the word index.
fn hash(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The set of letters a-z in a word, one bit each.
fn letter_set(word: &[u8]) -> u32 {
    word.iter()
        .filter(|b| b.is_ascii_lowercase())
        .fold(0, |m, &b| m | 1 << (b - b'a'))
}

/// Whether `w` is `k` with two adjacent letters swapped.
fn swapped_once(k: &[u8], w: &[u8]) -> bool {
    if k.len() != w.len() {
        return false;
    }
    match k.iter().zip(w).position(|(x, y)| x != y) {
        Some(i) if i + 1 < k.len() => {
            k[i] == w[i + 1] && k[i + 1] == w[i] && k[i + 2..] == w[i + 2..]
        }
        _ => false,
    }
}

/// Optimal-string-alignment distance (edits and adjacent swaps) between `a` and `b`, or None
/// when it exceeds `limit`. Words are at most 20 bytes.
fn osa_distance(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    const W: usize = 24;
    if a.len() >= W || b.len() >= W {
        return None;
    }
    let mut prev2 = [0u8; W];
    let mut prev = [0u8; W];
    let mut cur = [0u8; W];
    for (j, cell) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u8;
    }
    for i in 1..=a.len() {
        cur[0] = i as u8;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min as usize > limit {
            return None;
        }
        prev2 = prev;
        prev = cur;
    }
    let d = prev[b.len()] as usize;
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests;
