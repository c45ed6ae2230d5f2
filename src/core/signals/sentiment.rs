//! Sentiment of one text, a VADER-class analyser: compound score in [-1, 1] plus the
//! positive, neutral and negative proportions.
//!
//! Written from Hutto and Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment
//! Analysis of Social Media Text" (ICWSM 2014) and the constants of its public reference
//! implementation. The lexicons are embedded at build time (`lexicon`); the rules are:
//! lexicon valence; boosters and dampeners up to three words before a word (scaled by
//! distance, 1, 0.95, 0.9); ALL-CAPS emphasis when the text mixes cases; negation up to three
//! words before (x -0.74), with "never so/this" (x 1.25) and "without doubt" (no flip);
//! "least"; "kind of"; "no" before a lexicon word; the special idioms; the contrastive "but"
//! (x 0.5 before, x 1.5 after); "!" and "?" emphasis; and normalisation with alpha = 15.
//!
//! Deliberate differences from the reference code, each a fix that generalises:
//! - a word is negated at most once, by its nearest negation (the reference re-negates
//!   "DON'T CARE DON'T CARE" back into a positive);
//! - idioms are found wherever they stand (the reference misses them in the first three
//!   words), "kind of" and "sort of" dampen towards zero whatever the sign, and every
//!   sentiment before "but" is halved (the reference's list search can miss repeated values);
//! - words keep their lexicon entry when followed by punctuation ("ok.", "no!"), emoticons
//!   followed by punctuation (":)." ) are kept, and single letters other than "I" are dropped;
//! - "like" counts only as the verb ("I like it"), not as the preposition ("looks like rain");
//! - "D:" and "D=" keep their own (negative) valence, which lower-casing merged away;
//! - an emoji is one token carrying its description's valence (computed at build time);
//! - curly apostrophes are straightened ("don’t" negates);
//! - "lack", "lacks", "lacking" and "devoid" negate, like "without";
//! - a repeated "no" ("NO NO NO") stays negative instead of negating the next "no";
//! - positive words in a question count half ("can you help?" is not praise), and every
//!   word after "would", "could", "should", "might" or "if" in its sentence counts half
//!   ("it could have been great");
//! - a word missing from the lexicon is read through its spelling: stretched letters
//!   ("goooood"), regular inflections ("movies", "gloriously") and negating prefixes
//!   ("unfunny");
//! - a stretched word or emoticon ("goooood", "sooo", ":)))") is emphasised like a booster;
//! - pieces glued together are read apart: words joined by sentence punctuation
//!   ("good...bad"), an emoticon glued to a word or to another one ("day:)", ":):)");
//!   HTML-escaped text is unescaped ("&lt;3" is a heart);
//! - negations and degree words do not reach across clause punctuation ("not there. great")
//!   other than commas, which also join lists ("not smart, handsome, nor funny");
//! - a negated negative word is only weakly positive (x -0.4: "not bad" is faint praise);
//! - what follows "but" (or "however") keeps its own weight: halving what comes before
//!   already makes it dominant, and the reference's x 1.5 over-weights it on every rated
//!   corpus;
//! - "!" counts up to eight times, not four ("great!!!!!!!" is more than "great!!!!"), and a
//!   sentence ending in "?!" is an exclamation, not a question;
//! - each "!" raises the compound score by the paper's rise in human ratings (0.292 on the
//!   -4..4 scale), added where the normalisation curve stands rather than to the raw sum,
//!   where it shrank to a third of that for texts that already carry sentiment;
//! - "pretty", "super", "damn", "freaking" and "bloody" right before a sentiment word are
//!   degree adverbs ("pretty bad" is bad, "damn good" is very good), not words of their own;
//! - "hope" and "wish" open an irrealis scope like "would", and count half themselves;
//! - a clause opened by "although" or "though" is a concession and counts half, as before
//!   "but";
//! - words the lexicon rates in isolation but that mostly do another job in running text
//!   (`discourse`): "please" and requests for help carry no sentiment, agreement markers
//!   ("yes", "ok", "agreed") count half, a sentence-opening "well" is a discourse marker,
//!   and "thanks for" before a complaint is sarcasm;
//! - a positive hashtag ("#win", "#love") is mostly a label and counts half;
//! - superlatives ("coolest"), dropped "g"s ("lovin") and a few informal spellings ("luv")
//!   are read as the lexicon word they spell.
//!
//! On top of VADER, `support` adds a small, explicit set of customer-support phrases
//! ("still not working", "waste of time", "thanks for nothing", ...). Scoring never fails and
//! never panics: any text, including empty or huge ones, gets a score.

mod discourse;
mod lexicon;
mod support;

use crate::core::signals::lexicon::{is_ascii_alnum, pack_word, with_scratch, WordCache};
use crate::core::signals::wordset::WordBits;
use crate::core::text;
use crate::core::word_list::{words, Words};
use std::cell::RefCell;
use std::sync::OnceLock;

/// VADER-style scores of one text.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Polarity {
    /// Normalised sum of valences, in [-1, 1].
    pub compound: f32,
    /// Proportion of the text that is positive, in [0, 1].
    pub pos: f32,
    /// Proportion of the text that is neutral, in [0, 1].
    pub neu: f32,
    /// Proportion of the text that is negative, in [0, 1].
    pub neg: f32,
}

/// Booster word intensity increase (paper: empirically derived mean rating increase).
const B_INCR: f64 = 0.293;
/// Dampener word intensity decrease.
const B_DECR: f64 = -0.293;
/// Intensity increase for a word in ALL CAPS when the rest of the text is not.
const C_INCR: f64 = 0.733;
/// Intensity increase for a word written with a letter stretched ("goooood", "sooo").
const STRETCH_INCR: f64 = 0.293;
/// Negation factor.
const N_SCALAR: f64 = -0.74;
/// Negation factor of a negative word: "not bad" is faint praise, weaker than "not good" is
/// criticism (the asymmetry of negation reported by Taboada et al., 2011).
const N_SCALAR_NEGATIVE: f64 = -0.4;
/// Factor on positive valences inside a question.
const QUESTION_DAMPING: f64 = 0.5;
/// Factor on valences in the scope of a modal or "if".
const IRREALIS_DAMPING: f64 = 0.5;
/// Factor on sentiment before a contrastive "but".
const BUT_BEFORE: f64 = 0.5;
/// Normalisation constant: approximates the maximum expected sum.
const ALPHA: f64 = 15.0;

/// Two-word dampeners.
const DAMPENER_PAIRS: &[[&str; 2]] = &[["kind", "of"], ["sort", "of"], ["just", "enough"]];

/// Idioms and special phrases that contain a lexicon word, with the valence they take.
const IDIOMS: &[(&[&str], f64)] = &[
    (&["the", "shit"], 3.0),
    (&["the", "bomb"], 3.0),
    (&["bad", "ass"], 1.5),
    (&["bus", "stop"], 0.0),
    (&["yeah", "right"], -2.0),
    (&["kiss", "of", "death"], -1.5),
    (&["to", "die", "for"], 3.0),
    (&["beating", "heart"], 3.1),
    (&["broken", "heart"], -2.9),
];

/// One token of the text: its folded (lower-case) form lives in the caller's buffer.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// Written in capitals (at least one cased letter, none lower case).
    upper: bool,
    /// Lexicon valence, if the token is a lexicon word, emoticon or emoji.
    valence: Option<f64>,
    /// The token is in a sentence that ends with a question mark.
    question: bool,
    /// The token ends a sentence (it, or punctuation right after it, ends in ".!?;").
    ends_sentence: bool,
    /// The token ends a clause (punctuation right after it): negations and degree words
    /// before it do not reach words after it.
    clause_end: bool,
    /// Word-list membership of the folded spelling ([`BOOSTER`], [`DAMPENER`], [`NEGATION`],
    /// and the bits of the words the sentence rules look for, such as [`MODAL`] or
    /// [`CONTRAST`]), computed once per token.
    class: u16,
    /// Written with a letter stretched ("goooood", ":)))"): emphasis.
    stretched: bool,
    /// A comma follows the token: it ends a clause of a list or a concession ("although it
    /// is slow, ...") but not a negation's reach ([`Token::clause_end`]).
    comma: bool,
}

impl Token {
    /// A token scored as a whole, without word rules: an emoji or a case-sensitive emoticon.
    fn scored(start: usize, end: usize, upper: bool, valence: f32) -> Token {
        Token {
            start,
            end,
            upper,
            valence: Some(f64::from(valence)),
            question: false,
            ends_sentence: false,
            clause_end: false,
            class: 0,
            stretched: false,
            comma: false,
        }
    }
}

/// [`Token::class`] bit: a booster.
const BOOSTER: u16 = 1;
/// [`Token::class`] bit: a dampener.
const DAMPENER: u16 = 2;
/// [`Token::class`] bit: a negation.
const NEGATION: u16 = 4;

/// Word-list bit: "like" after the word is the verb ([`LIKE_VERB_CONTEXT`]).
const LIKE_CONTEXT: u16 = 8;
/// Word-list bit: the word can start a support phrase (`support::starters`).
const STARTER: u16 = 16;
/// Word-list bit: an apology word (`support::APOLOGIES`).
const APOLOGY: u16 = 32;
/// Word-list bit: the word is part of one of the [`IDIOMS`].
const IDIOM_WORD: u16 = 64;
/// Word-list bit: the word starts one of the [`DAMPENER_PAIRS`].
const PAIR_HEAD: u16 = 128;
/// Word-list bit: a word that opens an irrealis scope ([`MODALS`]).
const MODAL: u16 = 256;
/// Word-list bit: a verb of desire ([`DESIRES`]).
const DESIRE: u16 = 512;
/// Word-list bit: a contrastive conjunction ([`CONTRASTS`], the "but" rule).
const CONTRAST: u16 = 1024;
/// Word-list bit: a word that opens a concession ([`CONCESSIONS`]).
const CONCESSION: u16 = 2048;

/// Words that open an irrealis scope (the sentence rules read them through [`MODAL`]).
const MODALS: &[&str] = &[
    "would",
    "could",
    "should",
    "might",
    "if",
    "would've",
    "could've",
    "should've",
];
/// Verbs of desire: they open an irrealis scope ("I hope it works") and their own positive
/// valence counts for less ([`DESIRE`]).
const DESIRES: &[&str] = &[
    "hope",
    "hopes",
    "hoping",
    "hopefully",
    "wish",
    "wishes",
    "wished",
    "wishing",
];
/// Contrastive conjunctions: sentiment before the first one counts half ([`CONTRAST`]).
const CONTRASTS: &[&str] = &["but", "however"];
/// Words that open a concession ([`CONCESSION`]).
const CONCESSIONS: &[&str] = &["although", "though", "albeit"];

/// The word-list bits of a folded word, from one hash look-up in a table built on first use.
/// Every word a rule looks for by spelling has a bit here, so that a token's cached class
/// answers all of them at once.
fn word_bits(word: &str) -> u16 {
    static TABLE: OnceLock<WordBits> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            // Packed lists: one length byte per word in the wasm's data, not a pointer and
            // a length (the table is built once, so walking them costs nothing per message).
            let list = |words: Words, bit: u16| words.iter().map(move |w| (w, bit));
            WordBits::new(
                list(words!(BOOSTERS), BOOSTER)
                    .chain(list(words!(DAMPENERS), DAMPENER))
                    .chain(list(words!(NEGATIONS), NEGATION))
                    .chain(list(words!(LIKE_VERB_CONTEXT), LIKE_CONTEXT))
                    .chain(support::starters().map(|w| (w, STARTER)))
                    .chain(list(words!(support::APOLOGIES), APOLOGY))
                    .chain(
                        IDIOMS
                            .iter()
                            .flat_map(|(p, _)| p.iter().map(|w| (*w, IDIOM_WORD))),
                    )
                    .chain(DAMPENER_PAIRS.iter().map(|p| (p[0], PAIR_HEAD)))
                    .chain(list(words!(MODALS), MODAL))
                    .chain(list(words!(DESIRES), DESIRE))
                    .chain(list(words!(CONTRASTS), CONTRAST))
                    .chain(list(words!(CONCESSIONS), CONCESSION)),
            )
        })
        .get(word)
}

/// The bits of a token's folded spelling kept on the token: its [`word_bits`], with
/// [`NEGATION`] also for the "n't" rule.
fn classify(word: &str) -> u16 {
    let mut class = word_bits(word);
    if has_nt(word) {
        class |= NEGATION;
    }
    class
}

/// The tokens of one text, with their folded spellings.
struct Tokens<'a> {
    /// The folded spellings, back to back (each token holds its range).
    buf: &'a str,
    list: &'a [Token],
}

impl Tokens<'_> {
    fn len(&self) -> usize {
        self.list.len()
    }

    /// The folded spelling of token `i` ("" when out of range, or for an emoji).
    #[inline]
    fn word(&self, i: usize) -> &str {
        self.list
            .get(i)
            .and_then(|t| self.buf.get(t.start..t.end))
            .unwrap_or("")
    }

    /// Whether tokens from `i` on spell `words`.
    fn spells(&self, i: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| i + k < self.len() && self.word(i + k) == *w)
    }

    /// [`is_booster`] of token `i`'s spelling.
    fn booster(&self, i: usize) -> Option<f64> {
        let class = self.list.get(i).map_or(0, |t| t.class);
        if class & BOOSTER != 0 {
            Some(B_INCR)
        } else if class & DAMPENER != 0 {
            Some(B_DECR)
        } else {
            None
        }
    }

    /// [`is_negation`] of token `i`'s spelling.
    fn negation(&self, i: usize) -> bool {
        self.list.get(i).is_some_and(|t| t.class & NEGATION != 0)
    }

    /// Whether token `i` can start a support phrase.
    fn starter(&self, i: usize) -> bool {
        self.has(i, STARTER)
    }

    /// Whether token `i`'s spelling has the word-list bit `bit`.
    #[inline]
    fn has(&self, i: usize, bit: u16) -> bool {
        self.list.get(i).is_some_and(|t| t.class & bit != 0)
    }

    fn in_lexicon(&self, i: usize) -> bool {
        self.list.get(i).is_some_and(|t| t.valence.is_some())
    }

    /// Whether token `i` carries a valence of its own (a lexicon word that is not the "kind"
    /// of "kind of").
    fn bears_sentiment(&self, i: usize) -> bool {
        self.in_lexicon(i) && !(self.word(i) == "kind" && self.word(i + 1) == "of")
    }
}

/// Scores a text. Never panics; an empty or sentiment-free text scores 0 with all
/// proportions 0.
pub fn polarity(s: &str) -> Polarity {
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    }
    with_scratch(&SCRATCH, |scratch| {
        let p = polarity_in(s, scratch);
        if scratch.buf.capacity() > SCRATCH_KEEP {
            // A huge text: do not keep its buffers for the life of the thread.
            *scratch = Scratch::default();
        }
        p
    })
}

/// Buffers reused from one call of [`polarity`] to the next, so that scoring a message
/// allocates nothing once they have grown.
#[derive(Default)]
struct Scratch {
    /// The folded spellings of the tokens, back to back.
    buf: String,
    list: Vec<Token>,
    sentiments: Vec<f64>,
}

/// Largest scratch buffer kept between calls, in bytes.
const SCRATCH_KEEP: usize = 1 << 16;

/// [`polarity`] with the caller's buffers.
fn polarity_in(s: &str, scratch: &mut Scratch) -> Polarity {
    let Scratch {
        buf,
        list,
        sentiments,
    } = scratch;
    buf.clear();
    list.clear();
    sentiments.clear();
    let marks = tokenize(s, buf, list);
    let tokens = Tokens { buf, list };
    if tokens.len() == 0 {
        return Polarity::default();
    }
    // One pass for the capitals and for the word-list bits present anywhere in the text: a
    // rule whose words are all absent (most texts have no "but", no support phrase) is
    // skipped whole, as it would change nothing.
    let (mut upper, mut present) = (0usize, 0u16);
    for t in list.iter() {
        upper += usize::from(t.upper);
        present |= t.class;
    }
    let cap_diff = upper > 0 && upper < list.len();

    // One pass over the tokens: each token's valence with the word rules (`valence_at`), then
    // the two sentence-scope rules, the question rule before the irrealis rule. Those read only
    // the token itself and the running irrealis state, so applying them as each valence is made
    // gives what separate passes over the finished list would.
    let mut irrealis = false;
    sentiments.extend(list.iter().enumerate().map(|(i, t)| {
        // Most tokens carry no valence, and every word rule gives those 0: no call for them.
        let mut v = if t.valence.is_some() {
            valence_at(&tokens, i, cap_diff)
        } else {
            0.0
        };
        // A question asserts nothing: positive words in one count for less. Negative ones keep
        // their weight ("why is it still broken?" is a complaint). This is a softened form of
        // the irrealis blocking of lexicon-based analysers (Taboada et al., 2011).
        if t.question && v > 0.0 {
            v *= QUESTION_DAMPING;
        }
        // Irrealis: after "would", "could", "should", "might" or "if", and after the verbs of
        // desire "hope" and "wish", up to the end of the sentence, words describe what is not
        // ("it could have been good", "if it worked", "I wish it worked") and count for less,
        // as in the irrealis blocking of Taboada et al. (2011), softened.
        if irrealis {
            v *= IRREALIS_DAMPING;
        }
        let desire = t.class & DESIRE != 0;
        if desire && v > 0.0 {
            // "I hope", "I wish": the wish is not the fact.
            v *= IRREALIS_DAMPING;
        }
        if t.class & (DESIRE | MODAL) != 0 {
            irrealis = true;
        }
        if t.ends_sentence {
            irrealis = false;
        }
        v
    }));
    let sentiments = &mut sentiments[..];

    // Support phrases begin with a starter; repeated apologies need an apology.
    if present & (STARTER | APOLOGY) != 0 {
        support::apply(&tokens, sentiments);
    }
    if present & CONCESSION != 0 {
        concession(&tokens, sentiments);
    }
    if present & CONTRAST != 0 {
        but_shift(&tokens, sentiments);
    }
    score(sentiments, marks)
}

/// Splits a text into tokens as VADER does: on white space, with punctuation stripped from the
/// edges of words, emoticons from the lexicon kept whole, single letters other than "I"
/// dropped. Each emoji with a valence is a token of its own.
fn tokenize(s: &str, buf: &mut String, out: &mut Vec<Token>) -> Marks {
    let mut sentence_start = 0;
    if !s.is_ascii() {
        for chunk in s.split_whitespace() {
            if chunk.bytes().all(|b| b.is_ascii_alphanumeric()) {
                push_plain(chunk, buf, out);
            } else {
                push_chunk(chunk, &mut sentence_start, buf, out);
            }
        }
        return Marks::count(s);
    }
    // ASCII text: one pass over the bytes finds the chunks between white space, whether each
    // is a plain word, and counts the "!" and "?".
    let b = s.as_bytes();
    let mut marks = Marks::default();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if BYTE_CLASS[usize::from(c)] & SPACE != 0 {
            i += 1;
            continue;
        }
        let start = i;
        // The classes every byte of the chunk has, and those some byte has.
        let (mut all, mut any) = (!0u8, 0u8);
        while let Some(&c) = b.get(i) {
            let class = BYTE_CLASS[usize::from(c)];
            if class & SPACE != 0 {
                break;
            }
            all &= class;
            any |= class;
            i += 1;
        }
        if any & (BANG | QUESTION) != 0 {
            for &c in &b[start..i] {
                marks.add(c);
            }
        }
        let Some(chunk) = s.get(start..i) else {
            continue;
        };
        if all & ALNUM != 0 {
            // The common case, a plain word: no emoji, entity, emoticon, glued pieces or
            // edge punctuation, and no sentence end.
            push_plain_cased(chunk, any & UPPER != 0, any & LOWER != 0, buf, out);
        } else {
            push_chunk(chunk, &mut sentence_start, buf, out);
        }
    }
    marks
}

/// Adds the pieces of a chunk: emoji apart, the text between them by [`push_piece`].
fn push_pieces(chunk: &str, buf: &mut String, out: &mut Vec<Token>) {
    let mut piece_start = 0;
    // Emoji are never ASCII: most chunks skip the scan.
    let scan = if chunk.is_ascii() { "" } else { chunk };
    for (at, c) in scan.char_indices() {
        // Emoji are all above U+00A8.
        if (c as u32) < 0xA9 {
            continue;
        }
        if let Some(v) = lexicon::emoji(c) {
            push_piece(chunk.get(piece_start..at).unwrap_or(""), buf, out);
            out.push(Token::scored(buf.len(), buf.len(), false, v));
            piece_start = at + c.len_utf8();
        }
    }
    push_piece(chunk.get(piece_start..).unwrap_or(""), buf, out);
}

/// The next most common chunks after plain words: a word of ASCII letters and digits,
/// possibly with apostrophes inside ("don't"), possibly followed by sentence punctuation
/// ("today.", "you!!", "it's,"). Added as [`push_pieces`] would add it, without its general
/// search for emoticons and glued words. `false` (nothing added) for any other chunk, for a
/// chunk that is an emoticon as written ("d;"), and for a word with apostrophes ending in a
/// repeated letter before punctuation ("I'll."), which the emoticon rules read otherwise.
fn push_punctuated(chunk: &str, buf: &mut String, out: &mut Vec<Token>) -> bool {
    let b = chunk.as_bytes();
    let Some(word) = punctuated_word(b) else {
        return false;
    };
    let (tail, last) = (&b[word..], b[word - 1]);
    let apostrophe = b[..word].contains(&b'\'');
    if apostrophe && !tail.is_empty() && b.get(word.wrapping_sub(2)) == Some(&last) {
        return false;
    }
    let (mut lower, mut upper) = (false, false);
    for c in &b[..word] {
        lower |= c.is_ascii_lowercase();
        upper |= c.is_ascii_uppercase();
    }
    // No case-sensitive emoticon has the shape of a word with sentence punctuation after it
    // (a test reads `lexicon::CASED` with `punctuated_word`), so none is looked up here.
    let start = buf.len();
    buf.push_str(chunk);
    lower_from(buf, start);
    // A chunk spelled like a lexicon entry ("d;", a wink) is that entry, read by the general
    // splitter.
    if !tail.is_empty() && PUNCTUATED_ENTRIES.contains(&buf.get(start..).unwrap_or("")) {
        buf.truncate(start);
        return false;
    }
    push_word(upper && !lower, buf, start, start, start + word, out);
    true
}

/// The lexicon entries of the shape [`punctuated_word`] reads with punctuation after the word
/// (the lexicon's test finds every one), so that [`push_punctuated`] needs no look-up.
const PUNCTUATED_ENTRIES: &[&str] = &["d;"];

/// The length of the word in a chunk of the shape [`push_punctuated`] takes: ASCII letters,
/// digits and apostrophes, starting and ending with a letter or digit, then only sentence
/// punctuation (`.`, `,`, `!`, `?`, `;`). `None` for any other chunk.
fn punctuated_word(b: &[u8]) -> Option<usize> {
    let word = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'\'')
        .count();
    let last = *b.get(word.checked_sub(1)?)?;
    let shaped = b[0].is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && b[word..]
            .iter()
            .all(|c| matches!(c, b'.' | b',' | b'!' | b'?' | b';'));
    shaped.then_some(word)
}

/// A mention or a hashtag ("@united", "#fail"; most chunks of tweets that are not plain
/// words): "@" or "#" and ASCII letters or digits, added as [`push_pieces`] would add it (the
/// word after the sign, a hashtag with its valence rule: no lexicon entry or emoticon is "@"
/// and letters or digits, and none starts with "#", as the lexicon's tests check), without its
/// general search. `false` (nothing added) for any other chunk.
fn push_mention(chunk: &str, buf: &mut String, out: &mut Vec<Token>) -> bool {
    let b = chunk.as_bytes();
    if b.len() < 2 || !matches!(b[0], b'@' | b'#') || !b[1..].iter().all(|&c| is_ascii_alnum(c)) {
        return false;
    }
    let start = buf.len();
    buf.push_str(chunk);
    lower_from(buf, start);
    push_word(is_upper(chunk), buf, start, start + 1, buf.len(), out);
    true
}

/// Adds the tokens of one chunk of text between white space (not a plain word), and marks
/// the sentence and clause ends its trailing punctuation makes; `sentence_start` is the
/// first token of the current sentence.
fn push_chunk(chunk: &str, sentence_start: &mut usize, buf: &mut String, out: &mut Vec<Token>) {
    if push_mention(chunk, buf, out) {
        // Nothing follows the name to end a sentence or clause.
        return;
    }
    if !push_punctuated(chunk, buf, out) {
        push_pieces(chunk, buf, out);
    }

    // A chunk ending in "?", ".", "!" or ";" ends a sentence; mark questions.
    let tail = chunk.len()
        - chunk
            .bytes()
            .rev()
            .take_while(u8::is_ascii_punctuation)
            .count();
    let tail = chunk.get(tail..).unwrap_or("");
    if tail.is_empty() {
        return;
    }
    if tail.contains('?') && !tail.contains('!') {
        for token in out.get_mut(*sentence_start..).unwrap_or_default() {
            token.question = true;
        }
    }
    mark_end(out, tail);
    if tail.bytes().any(|c| matches!(c, b'?' | b'.' | b'!' | b';')) {
        *sentence_start = out.len();
        if let Some(last) = out.last_mut() {
            last.ends_sentence = true;
        }
    }
}

/// Marks the last token as ending a clause (after punctuation other than a comma) or at a
/// comma, from the punctuation `punct` that follows it.
fn mark_end(out: &mut [Token], punct: &str) {
    if let Some(last) = out.last_mut() {
        last.clause_end |= punct.contains(|c: char| c != ',');
        last.comma |= punct.contains(',');
    }
}

/// Punctuation stripped from the edges of words: ASCII punctuation, as Python's
/// `string.punctuation`, plus typographic quotes, dashes and ellipses.
fn is_edge_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(
        c,
        '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2026}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{00BF}'
            | '\u{00A1}'
    )
}

/// Adds one white-space-free piece of text as tokens: split where words are glued by
/// sentence punctuation or an emoticon is glued to a word ([`split_point`]).
fn push_piece(piece: &str, buf: &mut String, out: &mut Vec<Token>) {
    if piece.bytes().any(|c| c == b'&') {
        if let Some(plain) = unescape_html(piece) {
            return push_split(&plain, buf, out);
        }
    }
    push_split(piece, buf, out);
}

/// HTML-escaped text ("&lt;3" is a heart) with "&lt;", "&gt;" and "&amp;" replaced, in one
/// pass from the left; `None` when it has none of them. Rare, so the copy's allocation does
/// not matter; kept out of line, off the common path.
#[cold]
#[inline(never)]
fn unescape_html(piece: &str) -> Option<String> {
    const ENTITIES: [(&[u8], u8); 3] = [(b"&lt;", b'<'), (b"&gt;", b'>'), (b"&amp;", b'&')];
    let mut plain = Vec::with_capacity(piece.len());
    let mut rest = piece.as_bytes();
    let mut found = false;
    while let Some((&c, tail)) = rest.split_first() {
        let entity = ENTITIES.iter().find(|(e, _)| rest.starts_with(e));
        if let Some(&(e, b)) = entity {
            plain.push(b);
            rest = rest.get(e.len()..).unwrap_or_default();
            found = true;
        } else {
            plain.push(c);
            rest = tail;
        }
    }
    // Only whole ASCII sequences were replaced by ASCII bytes: still UTF-8.
    found.then(|| String::from_utf8(plain).ok()).flatten()
}

/// [`push_piece`] after unescaping.
fn push_split(piece: &str, buf: &mut String, out: &mut Vec<Token>) {
    let mut rest = piece;
    while let Some((left, right)) = split_point(rest) {
        push_single(rest.get(..left).unwrap_or(""), buf, out);
        mark_end(out, rest.get(left..right).unwrap_or(""));
        rest = rest.get(right..).unwrap_or("");
    }
    push_single(rest, buf, out);
}

/// Whether an ASCII piece, lower-cased, is a lexicon entry (at most 8 bytes: emoticons).
fn is_emoticon_entry(piece: &[u8]) -> bool {
    let mut lower = [0u8; 8];
    let Some(dst) = lower.get_mut(..piece.len()) else {
        return false;
    };
    dst.copy_from_slice(piece);
    dst.make_ascii_lowercase();
    std::str::from_utf8(dst).is_ok_and(|w| lexicon::word(w).is_some())
}

/// Whether bytes open an emoticon: a prefix with eyes (":", ";", "=") or a heart ("<3").
fn has_eyes(piece: &[u8]) -> bool {
    piece.iter().any(|b| matches!(b, b':' | b';' | b'='))
        || piece.starts_with(b"<3")
        || piece.starts_with(b"</3")
}

/// Where a piece that is not a lexicon entry as a whole splits in two, as (end of the left
/// part, start of the right part): an emoticon followed by more (":):)", ":)thanks"), a
/// word followed by an emoticon ("day:)", "day:(("), or two words joined by sentence
/// punctuation ("good...bad", "fun,but"). Web addresses, mentions and e-mail addresses
/// are never split.
fn split_point(piece: &str) -> Option<(usize, usize)> {
    let b = piece.as_bytes();
    if b.len() < 3 {
        return None;
    }
    // Only these bytes inside a piece can split it, besides an emoticon at its start.
    let splits = |c: &u8| matches!(c, b'.' | b',' | b'!' | b'?' | b';' | b':' | b'=' | b'<');
    if b[0].is_ascii_alphanumeric() && !b[1..b.len() - 1].iter().any(splits) {
        return None;
    }
    if !b[1..b.len() - 1].iter().any(u8::is_ascii_punctuation) {
        return None;
    }
    if b.contains(&b'@') || b.windows(3).any(|w| w == b"://") || b.starts_with(b"www.") {
        return None;
    }
    let trimmed = trim_end_stops(piece).as_bytes();
    if trimmed.len() <= 8 && is_emoticon_entry(trimmed) {
        return None;
    }
    // An emoticon with its last character repeated (":)))") stays whole.
    if let Some(&last) = trimmed.last() {
        let once = trimmed.len() - trimmed.iter().rev().take_while(|&&c| c == last).count() + 1;
        if once < trimmed.len() && once <= 8 && is_emoticon_entry(&trimmed[..once]) {
            return None;
        }
    }
    // An emoticon first, then more.
    if !b[0].is_ascii_alphanumeric() {
        for len in [4, 3, 2] {
            let Some(head) = b.get(..len) else { continue };
            if len < b.len() && has_eyes(head) && is_emoticon_entry(head) {
                return Some((len, len));
            }
        }
    }
    // A word, then an emoticon (with its letters repeated, or sentence punctuation after).
    if let Some(at) = (1..b.len()).find(|&i| matches!(b[i], b':' | b';' | b'=' | b'<')) {
        if b[at - 1].is_ascii_alphanumeric() {
            let tail = &trimmed[at.min(trimmed.len())..];
            let last = tail.last().copied();
            let collapsed =
                tail.len() - tail.iter().rev().take_while(|&&c| Some(c) == last).count() + 1;
            let tail = &tail[..collapsed.min(tail.len())];
            if tail.len() >= 2 && is_emoticon_entry(tail) {
                return Some((at, at));
            }
        }
    }
    // Words joined by sentence punctuation.
    let mut i = 1;
    while i + 1 < b.len() {
        if matches!(b[i], b'.' | b',' | b'!' | b'?' | b';') && b[i - 1].is_ascii_alphabetic() {
            let end = i + b[i..]
                .iter()
                .take_while(|c| matches!(c, b'.' | b',' | b'!' | b'?' | b';'))
                .count();
            if b.get(end).is_some_and(u8::is_ascii_alphabetic) {
                return Some((i, end));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

/// Adds one piece of text without white space as a token, if it is one.
fn push_single(piece: &str, buf: &mut String, out: &mut Vec<Token>) {
    if piece.is_empty() {
        return;
    }
    // Emoticons whose case matters ("D:").
    // Only emoticons with a capital letter are case-sensitive entries.
    let punctuated = piece.len() <= lexicon::CASED_MAX_LEN
        && piece.bytes().any(|b| b.is_ascii_punctuation())
        && piece.bytes().any(|b| b.is_ascii_uppercase());
    if let Some(v) = punctuated.then(|| lexicon::cased(piece)).flatten() {
        let start = buf.len();
        buf.push_str(piece);
        out.push(Token::scored(start, buf.len(), is_upper(piece), v));
        return;
    }
    let start = buf.len();
    if piece.is_ascii() && !piece.contains('`') {
        // What `fold_char` does to ASCII, a byte at a time.
        buf.push_str(piece);
        lower_from(buf, start);
    } else {
        buf.extend(piece.chars().map(text::fold_char));
    }
    let folded = buf.get(start..).unwrap();
    // The piece as written, when it is a lexicon entry (emoticons, "(:", "<3"), or an
    // emoticon followed by sentence punctuation (":).", ":D!!"). A piece without edge
    // punctuation is looked up once, below.
    let has_edges = folded.starts_with(is_edge_punct) || folded.ends_with(is_edge_punct);
    if has_edges {
        let trimmed = trim_end_stops(folded);
        let found = lookup(folded).map(|v| (v, folded.len())).or_else(|| {
            let shorter = !trimmed.is_empty() && trimmed.len() < folded.len();
            shorter
                .then(|| lookup(trimmed))
                .flatten()
                .map(|v| (v, trimmed.len()))
        });
        // An emoticon with its last character repeated (":)))", ":((", "<333"): the
        // emoticon, stretched.
        let repeated = || {
            let last = trimmed.chars().next_back()?;
            let once = trimmed.trim_end_matches(last).len() + last.len_utf8();
            let shorter = trimmed.get(..once)?;
            (once < trimmed.len()
                && shorter.len() >= 2
                && !shorter.bytes().all(|c| c.is_ascii_alphanumeric()))
            .then(|| lookup(shorter))
            .flatten()
            .map(|v| (v, once))
        };
        let (found, stretched) = match found {
            Some(f) => (Some(f), false),
            None => (repeated(), true),
        };
        if let Some((v, len)) = found {
            out.push(Token {
                start,
                end: start + len,
                upper: is_upper(piece),
                valence: Some(v),
                question: false,
                ends_sentence: false,
                clause_end: false,
                class: classify(folded.get(..len).unwrap_or("")),
                stretched,
                comma: false,
            });
            return;
        }
    }
    let (offset, stripped) = strip_edges(folded);
    if stripped.is_empty() {
        // Pure punctuation.
        buf.truncate(start);
        return;
    }
    push_word(
        is_upper(piece),
        buf,
        start,
        start + offset,
        start + offset + stripped.len(),
        out,
    );
}

/// [`push_single`] of a piece made of ASCII letters and digits only.
fn push_plain(piece: &str, buf: &mut String, out: &mut Vec<Token>) {
    let (mut lower, mut upper) = (false, false);
    for b in piece.bytes() {
        lower |= b.is_ascii_lowercase();
        upper |= b.is_ascii_uppercase();
    }
    push_plain_cased(piece, upper, lower, buf, out);
}

/// `s` without its trailing sentence punctuation (`.`, `,`, `!`, `?`, `;`), trimmed on bytes
/// (no char pattern searcher in the wasm); the cut follows a byte that is not one of them, so
/// it is a char boundary.
fn trim_end_stops(s: &str) -> &str {
    let n = s
        .bytes()
        .rev()
        .take_while(|c| matches!(c, b'.' | b',' | b'!' | b'?' | b';'))
        .count();
    s.get(..s.len() - n).unwrap_or("")
}

/// `s` without [`is_edge_punct`] characters at either end, and where that begins in `s` (by
/// hand: `trim_matches` with a predicate brings in a pattern searcher).
fn strip_edges(s: &str) -> (usize, &str) {
    let keep = |&(_, c): &(usize, char)| !is_edge_punct(c);
    let start = s.char_indices().find(keep).map_or(s.len(), |(i, _)| i);
    let end = s
        .char_indices()
        .rev()
        .find(keep)
        .map_or(start, |(i, c)| i + c.len_utf8());
    (start, s.get(start..end).unwrap_or(""))
}

/// Lower-cases the ASCII letters of `buf` from `start` (the end of `buf` before a push: a
/// char boundary).
#[inline]
fn lower_from(buf: &mut str, start: usize) {
    if let Some(tail) = buf.get_mut(start..) {
        tail.make_ascii_lowercase();
    }
}

/// [`push_plain`] of a piece whose capitals (`upper`) and small letters (`lower`) are known.
#[inline]
fn push_plain_cased(piece: &str, upper: bool, lower: bool, buf: &mut String, out: &mut Vec<Token>) {
    let start = buf.len();
    buf.push_str(piece);
    lower_from(buf, start);
    // `is_upper` of the piece: a capital and no lower-case letter.
    push_word(upper && !lower, buf, start, start, buf.len(), out);
}

/// Adds the word folded into `buf[a..b]` (written as `piece`, its edge punctuation stripped)
/// as a token; `start` is where the piece's folded text begins in `buf`.
fn push_word(
    upper: bool,
    buf: &mut String,
    start: usize,
    a: usize,
    b: usize,
    out: &mut Vec<Token>,
) {
    let stripped = buf.get(a..b).unwrap();
    let analysis = analyse(stripped);
    let Analysis {
        mut class,
        drop,
        stretch,
        ..
    } = analysis;
    let mut valence = analysis.valence();
    if drop {
        buf.truncate(start);
        return;
    }
    if a > start && buf.get(start..a).is_some_and(|s| s.ends_with('#')) {
        valence = valence.map(hashtag_valence);
    }
    let (mut a, mut b) = (a, b);
    let mut stretched = false;
    if stretch {
        // "goooood", "sooo": the word with its stretched letters cut to two, else to one, when
        // that is a word the rules know. Rare, so the copy's allocation does not matter.
        for keep in [2, 1] {
            let word = collapse(stripped, keep);
            let known = lookup_word(&word);
            if known.is_some() || is_booster(&word).is_some() || is_negation(&word) {
                valence = known;
                class = classify(&word);
                stretched = true;
                a = buf.len();
                buf.push_str(&word);
                b = buf.len();
                break;
            }
        }
    }
    out.push(Token {
        start: a,
        end: b,
        upper,
        valence,
        question: false,
        ends_sentence: false,
        clause_end: false,
        class,
        stretched,
        comma: false,
    });
}

/// The valence of a lexicon word written as a hashtag. A positive hashtag is mostly a topic
/// or a campaign label ("#win", "#love", "#giveaway") and counts half; a negative one is
/// mostly a verdict ("#fail") and keeps its valence.
fn hashtag_valence(v: f64) -> f64 {
    if v > 0.0 {
        v * HASHTAG_POSITIVE
    } else {
        v
    }
}

/// Factor on the valence of a positive hashtag.
const HASHTAG_POSITIVE: f64 = 0.5;

/// Slots in the per-thread cache of [`analyse`] (a power of two): 4096 of 32 bytes, 128 KB.
const CACHE_SLOTS: usize = 4096;

/// What the rules know of a folded word on its own, from [`analyse`]: 16 bytes, so that a
/// cache slot (with its 16-byte key) is 32.
#[derive(Clone, Copy, Default)]
struct Analysis {
    /// The [`lookup_classified`] valence, NaN for none (no valence is NaN); read through
    /// [`Analysis::valence`]. A plain `f64` rather than an `Option`, which would take 16 bytes.
    valence: f64,
    /// The [`classify`] bits.
    class: u16,
    /// A single letter or digit without a valence: dropped, as it carries nothing and would
    /// only stretch the windows. The pronoun "I" stays: it tells the verb "like" from the
    /// preposition.
    drop: bool,
    /// No valence, but a letter written three times in a row: read through [`collapse`].
    stretch: bool,
}

impl Analysis {
    fn of(word: &str) -> Analysis {
        let class = classify(word);
        let valence = lookup_classified(word, class);
        let none = valence.is_none();
        Analysis {
            valence: valence.unwrap_or(f64::NAN),
            class,
            drop: none && word.chars().nth(1).is_none() && word != "i",
            stretch: none && is_stretched(word),
        }
    }

    /// The valence, if the word has one.
    #[inline]
    fn valence(self) -> Option<f64> {
        (!self.valence.is_nan()).then_some(self.valence)
    }
}

/// The [`Analysis`] of a folded word. It is a pure function of the word, which costs several
/// hash look-ups (word lists, lexicon, inflections, prefixes) when the word is not in the
/// lexicon; words recur from message to message, so short ones are remembered in a small
/// two-way set-associative per-thread cache.
fn analyse(word: &str) -> Analysis {
    thread_local! {
        static CACHE: RefCell<WordCache<Analysis, CACHE_SLOTS>> =
            const { RefCell::new(WordCache::new()) };
    }
    let Some(key) = pack_word(word.as_bytes()) else {
        return Analysis::of(word);
    };
    let cached = CACHE.try_with(|cache| {
        let mut cache = cache.try_borrow_mut().ok()?;
        if let Some(analysis) = cache.get(key) {
            return Some(analysis);
        }
        let analysis = Analysis::of(word);
        cache.put(key, analysis);
        Some(analysis)
    });
    cached.ok().flatten().unwrap_or_else(|| Analysis::of(word))
}

/// The valence of a folded token: the support re-rating if any, else the lexicon's.
fn lookup(lower: &str) -> Option<f64> {
    support::override_valence(lower).or_else(|| lexicon::word(lower).map(f64::from))
}

/// [`lookup`], falling back on the word's spelling (stretched letters, inflections, negating
/// prefixes) for words the lexicon does not hold.
fn lookup_word(lower: &str) -> Option<f64> {
    lookup_classified(lower, classify(lower))
}

/// [`lookup_word`] of a word whose [`classify`] bits are known.
fn lookup_classified(lower: &str, class: u16) -> Option<f64> {
    lookup(lower).or_else(|| {
        // Modifiers stay modifiers ("lacks" is a negation, not an inflected "lack").
        if class & (NEGATION | BOOSTER | DAMPENER) != 0 {
            return None;
        }
        lexicon::derived(lower, N_SCALAR as f32).map(f64::from)
    })
}

/// Whether a word has a letter three times in a row.
fn is_stretched(word: &str) -> bool {
    word.as_bytes()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic())
}

/// The word with every run of one character cut to at most `keep` characters.
fn collapse(word: &str, keep: usize) -> String {
    let mut out = String::with_capacity(word.len());
    let mut prev = None;
    let mut run = 0;
    for c in word.chars() {
        run = if prev == Some(c) { run + 1 } else { 1 };
        prev = Some(c);
        if run <= keep {
            out.push(c);
        }
    }
    out
}

/// Python's `str.isupper`: at least one cased letter, and no lower-case one.
fn is_upper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase) && b.iter().any(u8::is_ascii_uppercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Degree adverbs that raise intensity (sorted: looked up by binary search).
const BOOSTERS: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flippin",
    "flipping",
    "frackin",
    "fracking",
    "frickin",
    "fricking",
    "friggin",
    "frigging",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "fully",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

/// Degree adverbs that lower intensity (sorted).
const DAMPENERS: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "kind-of",
    "kinda",
    "kindof",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sort-of",
    "sorta",
    "sortof",
];

/// Negation words, besides any word containing "n't" (sorted). Besides VADER's list: "lack",
/// "lacks", "lacking" and "devoid", the standard negation cues of "lacks charm", "devoid of
/// joy".
const NEGATIONS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "despite", "devoid", "didnt", "doesnt",
    "dont", "hadnt", "hasnt", "havent", "isnt", "lack", "lacking", "lacks", "mightnt", "mustnt",
    "neednt", "neither", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt",
    "rarely", "seldom", "shant", "shouldnt", "uh-uh", "uhuh", "wasnt", "werent", "without", "wont",
    "wouldnt",
];

/// Words after which "like" is the verb (sorted): subject pronouns, auxiliaries, "to", and
/// adverbs that go before verbs ("I really like it", "you'd like", "don't like").
const LIKE_VERB_CONTEXT: &[&str] = &[
    "actually",
    "also",
    "and",
    "could",
    "definitely",
    "did",
    "didnt",
    "do",
    "does",
    "dont",
    "i",
    "just",
    "may",
    "might",
    "people",
    "really",
    "should",
    "so",
    "still",
    "they",
    "to",
    "totally",
    "truly",
    "we",
    "who",
    "will",
    "would",
    "you",
];

/// The intensity change of a degree adverb: boosters raise, dampeners lower.
fn is_booster(word: &str) -> Option<f64> {
    let bits = word_bits(word);
    if bits & BOOSTER != 0 {
        Some(B_INCR)
    } else if bits & DAMPENER != 0 {
        Some(B_DECR)
    } else {
        None
    }
}

/// Negation words, and any word containing "n't".
fn is_negation(word: &str) -> bool {
    word_bits(word) & NEGATION != 0 || has_nt(word)
}

/// Whether a word contains "n't" (a byte scan; faster than a substring search on short words).
fn has_nt(word: &str) -> bool {
    word.as_bytes().windows(3).any(|w| w == b"n't")
}

/// Whether "like" after this word is the verb. Elsewhere "like" is the preposition or a
/// filler ("looks like rain", "it's like 3am").
fn likes_as_verb(prev: &str) -> bool {
    word_bits(prev) & LIKE_CONTEXT != 0 || prev.ends_with("n't") || prev.ends_with("'d")
}

/// The scalar a booster or dampener `i` adds to a word of valence `valence`.
fn booster_scalar(tokens: &Tokens, i: usize, valence: f64, cap_diff: bool) -> f64 {
    let Some(mut scalar) = tokens.booster(i) else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if cap_diff && tokens.list.get(i).is_some_and(|t| t.upper) {
        scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    if tokens.list.get(i).is_some_and(|t| t.stretched) {
        scalar += if valence > 0.0 {
            STRETCH_INCR
        } else {
            -STRETCH_INCR
        };
    }
    scalar
}

/// The valence token `i` contributes, with every rule that looks at its neighbours.
fn valence_at(tokens: &Tokens, i: usize, cap_diff: bool) -> f64 {
    // Most tokens carry no valence, and every rule below gives those 0: skip them at once.
    let Some(mut base) = tokens.list.get(i).and_then(|t| t.valence) else {
        return 0.0;
    };
    let word = tokens.word(i);
    if tokens.booster(i).is_some() || (word == "kind" && tokens.word(i + 1) == "of") {
        return 0.0;
    }
    if word == "like" && !likes_as_verb(if i > 0 { tokens.word(i - 1) } else { "" }) {
        // "feels like a TV movie": the preposition, not the verb the lexicon rates.
        return 0.0;
    }
    // Every discourse marker is a positive lexicon word.
    if let Some(v) = (base > 0.0)
        .then(|| discourse::valence(tokens, i, base))
        .flatten()
    {
        if v == 0.0 {
            return 0.0;
        }
        base = v;
    }
    if degree_before_sentiment(word).is_some() && modifies_next(tokens, i) {
        // "pretty bad", "damn good": a degree adverb here, not a word of its own.
        return 0.0;
    }
    let mut valence = base;

    // "no" as a negation of the next lexicon word rather than a word of its own. A repeated
    // "no" ("no no no") is an emphatic no, not a negated one (the reference turns each "no"
    // after the first into a positive).
    if word == "no" && tokens.in_lexicon(i + 1) && tokens.word(i + 1) != "no" {
        valence = 0.0;
    }
    let prev = |k: usize| if i >= k { tokens.word(i - k) } else { "" };
    let after_no =
        prev(1) == "no" || prev(2) == "no" || (prev(3) == "no" && matches!(prev(1), "or" | "nor"));
    if after_no && word != "no" {
        valence = negate_valence(base);
    }

    if cap_diff && tokens.list.get(i).is_some_and(|t| t.upper) {
        valence += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    if tokens.list.get(i).is_some_and(|t| t.stretched) && valence != 0.0 {
        valence += if valence > 0.0 {
            STRETCH_INCR
        } else {
            -STRETCH_INCR
        };
    }

    // Modifiers up to three words before the word; words with a valence of their own are
    // skipped. A word is negated at most once (the reference negates "DON'T CARE DON'T CARE"
    // twice, back into a positive).
    let mut negated = false;
    for distance in 0..3 {
        if i <= distance {
            break;
        }
        let j = i - distance - 1;
        if tokens.list[j].clause_end {
            break;
        }
        if tokens.bears_sentiment(j) {
            if distance == 0 && modifies_next(tokens, j) {
                if let Some(s) = degree_before_sentiment(tokens.word(j)) {
                    valence += if valence < 0.0 { -s } else { s };
                }
            }
            continue;
        }
        let mut scalar = booster_scalar(tokens, j, valence, cap_diff);
        if distance == 1 {
            scalar *= 0.95;
        } else if distance == 2 {
            scalar *= 0.9;
        }
        valence += scalar;
        if !negated {
            let (v, flipped) = negation(tokens, valence, distance, i);
            valence = v;
            negated = flipped;
        }
    }
    valence = idioms(tokens, valence, i);
    least(tokens, valence, i)
}

/// Lexicon words that are degree adverbs right before a sentiment word, with the intensity
/// they add there: "pretty" moderates ("pretty bad" is about as bad as "bad", not "pretty"
/// plus "bad"), "super" and the expletives "damn", "freaking", "bloody" intensify ("damn
/// good"), as "fricking" does in VADER's list. Elsewhere they keep their own valence ("a
/// pretty dress", "damn!").
fn degree_before_sentiment(word: &str) -> Option<f64> {
    match word {
        "pretty" => Some(0.0),
        "super" | "damn" | "damned" | "freaking" | "freakin" | "bloody" => Some(B_INCR),
        _ => None,
    }
}

/// Whether token `i` stands right before a sentiment word in the same clause.
fn modifies_next(tokens: &Tokens, i: usize) -> bool {
    tokens
        .list
        .get(i)
        .is_some_and(|t| !t.clause_end && !t.comma)
        && tokens.bears_sentiment(i + 1)
}

/// A negated valence: flipped and scaled (x -0.74); a negated negative word is only weakly
/// positive ("not bad" is faint praise), so it is scaled less.
fn negate_valence(valence: f64) -> f64 {
    if valence < 0.0 {
        valence * N_SCALAR_NEGATIVE
    } else {
        valence * N_SCALAR
    }
}

/// The negation rule for the modifier `distance + 1` words before word `i`: the new valence,
/// and whether it was negated.
fn negation(tokens: &Tokens, valence: f64, distance: usize, i: usize) -> (f64, bool) {
    let w = |k: usize| tokens.word(i - k);
    let so_this = |k: usize| matches!(w(k), "so" | "this");
    let negate = |k: usize| {
        if tokens.negation(i - k) {
            (negate_valence(valence), true)
        } else {
            (valence, false)
        }
    };
    match distance {
        0 => negate(1),
        1 => {
            if w(2) == "never" && so_this(1) {
                (valence * 1.25, false)
            } else if w(2) == "without" && w(1) == "doubt" {
                (valence, false)
            } else {
                negate(2)
            }
        }
        _ => {
            // As in the reference, "so" or "this" right before the word also counts here.
            if (w(3) == "never" && so_this(2)) || so_this(1) {
                (valence * 1.25, false)
            } else if w(3) == "without" && (w(2) == "doubt" || w(1) == "doubt") {
                (valence, false)
            } else {
                negate(3)
            }
        }
    }
}

/// A special idiom that contains word `i` replaces its valence; "kind of", "sort of" or
/// "just enough" one or two words before it dampens it.
fn idioms(tokens: &Tokens, mut valence: f64, i: usize) -> f64 {
    // Word-list bits rule out most words before any phrase is compared.
    let idiom = tokens.has(i, IDIOM_WORD);
    for &(phrase, value) in IDIOMS.iter().filter(|_| idiom) {
        let n = phrase.len();
        if ((i + 1).saturating_sub(n)..=i).any(|start| tokens.spells(start, phrase)) {
            valence = value;
            break;
        }
    }
    let pair_before =
        (i >= 2 && tokens.has(i - 2, PAIR_HEAD)) || (i >= 3 && tokens.has(i - 3, PAIR_HEAD));
    for pair in DAMPENER_PAIRS.iter().filter(|_| pair_before) {
        let before =
            (i >= 2 && tokens.spells(i - 2, pair)) || (i >= 3 && tokens.spells(i - 3, pair));
        if before {
            valence += if valence < 0.0 { -B_DECR } else { B_DECR };
        }
    }
    valence
}

/// "least" before a word negates it, except in "at least" and "very least".
fn least(tokens: &Tokens, valence: f64, i: usize) -> f64 {
    if i >= 1 && tokens.word(i - 1) == "least" && !tokens.in_lexicon(i - 1) {
        let before = if i >= 2 { tokens.word(i - 2) } else { "" };
        if before != "at" && before != "very" {
            return negate_valence(valence);
        }
    }
    valence
}

/// Concession: a clause opened by "although", "though" or "albeit" grants a point the
/// writer then sets aside ("although the screen is lovely, the battery is useless"), so its
/// sentiment counts half, as before a contrastive "but". The clause runs to the next comma
/// or clause punctuation.
fn concession(tokens: &Tokens, sentiments: &mut [f64]) {
    let n = tokens.len().min(sentiments.len());
    let mut i = 0;
    while i < n {
        let opens = tokens.has(i, CONCESSION)
            && !tokens.list[i].clause_end
            && (i == 0
                || tokens.list[i - 1].clause_end
                || tokens.list[i - 1].comma
                || tokens.word(i - 1) == "even");
        if !opens {
            i += 1;
            continue;
        }
        i += 1;
        while i < n {
            sentiments[i] *= BUT_BEFORE;
            let t = &tokens.list[i];
            i += 1;
            if t.clause_end || t.comma {
                break;
            }
        }
    }
}

/// The contrastive "but": sentiment before the first "but" counts half. What follows keeps its
/// weight: the reference's 1.5 after "but" over-weights it on every rated corpus, and halving
/// what comes before already makes the second clause dominant.
fn but_shift(tokens: &Tokens, sentiments: &mut [f64]) {
    let Some(at) = tokens.list.iter().position(|t| t.class & CONTRAST != 0) else {
        return;
    };
    for v in sentiments.iter_mut().take(at) {
        *v *= BUT_BEFORE;
    }
}

/// The number of "!" and of "?" in a text.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    bangs: usize,
    questions: usize,
}

impl Marks {
    fn count(s: &str) -> Marks {
        let mut marks = Marks::default();
        for b in s.bytes() {
            marks.add(b);
        }
        marks
    }

    #[inline]
    fn add(&mut self, b: u8) {
        let class = BYTE_CLASS[usize::from(b)];
        self.bangs += usize::from(class & BANG != 0);
        self.questions += usize::from(class & QUESTION != 0);
    }
}

/// [`BYTE_CLASS`] bit: white space (the ASCII characters `char::is_whitespace` accepts).
const SPACE: u8 = 1;
/// [`BYTE_CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 2;
/// [`BYTE_CLASS`] bit: "!".
const BANG: u8 = 4;
/// [`BYTE_CLASS`] bit: "?".
const QUESTION: u8 = 8;
/// [`BYTE_CLASS`] bit: an ASCII capital letter.
const UPPER: u8 = 16;
/// [`BYTE_CLASS`] bit: an ASCII small letter.
const LOWER: u8 = 32;

/// The class bits of every byte, for the one-pass scan of ASCII text.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if matches!(c, b'\t'..=b'\r' | b' ') {
            SPACE
        } else if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_lowercase() {
            ALNUM | LOWER
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c == b'!' {
            BANG
        } else if c == b'?' {
            QUESTION
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Emphasis from "!" (up to eight, 0.292 each) and "?" (two or three, 0.18 each; more, 0.96),
/// added to the sentiment-bearing side of the proportions, as VADER does.
fn punctuation_emphasis(marks: Marks) -> f64 {
    let Marks { bangs, questions } = marks;
    let ep = bangs.min(8) as f64 * 0.292;
    let qm = match questions {
        0 | 1 => 0.0,
        2 | 3 => questions as f64 * 0.18,
        _ => 0.96,
    };
    ep + qm
}

/// Normalises the sum into the compound score (alpha = 15, clipped to [-1, 1]).
fn normalize(sum: f64) -> f64 {
    let norm = sum / (sum * sum + ALPHA).sqrt();
    if norm.is_nan() {
        0.0
    } else {
        norm.clamp(-1.0, 1.0)
    }
}

/// Rise in the compound score for each "!": the paper's measured rise in human ratings
/// (0.292 on the -4..4 scale) carried onto the -1..1 compound scale.
const EXCLAMATION_INCR: f64 = 0.292 / 4.0;

/// Most "!" counted.
const MAX_EXCLAMATIONS: usize = 8;

/// The compound score of a sum of valences, with the "!" and "?" emphasis.
///
/// VADER adds the paper's rise for a "!" to the sum before normalising, where it shrinks to
/// a third or less of the rise in human ratings for a text that already carries sentiment
/// ("great!!", rated well above "great", scored barely above it). Here the rise is added
/// where the normalisation curve stands: the sum grows by what raises the compound score by
/// the paper's rise (to first order), so each "!" counts as much as it did for the raters,
/// and the score still never reaches 1. "?" keeps VADER's emphasis on the sum.
fn compound_of(sum: f64, marks: Marks) -> f64 {
    let questions = punctuation_emphasis(Marks { bangs: 0, ..marks });
    let sum = if sum > 0.0 {
        sum + questions
    } else if sum < 0.0 {
        sum - questions
    } else {
        return 0.0;
    };
    let bangs = marks.bangs.min(MAX_EXCLAMATIONS) as f64;
    // The slope of `normalize` at `sum`: d/dx x / sqrt(x^2 + alpha) = alpha / (x^2 + alpha)^1.5.
    let square = sum * sum + ALPHA;
    let slope = ALPHA / (square * square.sqrt());
    let rise = bangs * EXCLAMATION_INCR / slope;
    normalize(sum + sum.signum() * rise)
}

/// Turns per-token sentiments into the compound score and the proportions.
fn score(sentiments: &[f64], marks: Marks) -> Polarity {
    let emphasis = punctuation_emphasis(marks);
    let sum: f64 = sentiments.iter().sum();
    let compound = compound_of(sum, marks);

    // Each sentiment-bearing word counts one more than its valence, to weigh it against the
    // neutral words that count one each.
    let (mut pos, mut neg, mut neu) = (0.0f64, 0.0f64, 0.0f64);
    for &v in sentiments {
        if v > 0.0 {
            pos += v + 1.0;
        } else if v < 0.0 {
            neg += v - 1.0;
        } else {
            neu += 1.0;
        }
    }
    if pos > neg.abs() {
        pos += emphasis;
    } else if pos < neg.abs() {
        neg -= emphasis;
    }
    let total = pos + neg.abs() + neu;
    if total <= 0.0 || !total.is_finite() {
        return Polarity {
            compound: compound as f32,
            ..Polarity::default()
        };
    }
    Polarity {
        compound: compound as f32,
        pos: (pos / total).abs() as f32,
        neu: (neu / total).abs() as f32,
        neg: (neg / total).abs() as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token as (folded word, valence, class, upper, stretched).
    type Seen = (String, Option<f64>, u16, bool, bool);

    /// The tokens a chunk function adds, when it adds any.
    fn tokens_by(
        chunk: &str,
        add: impl Fn(&str, &mut String, &mut Vec<Token>) -> bool,
    ) -> Option<Vec<Seen>> {
        let (mut buf, mut out) = (String::new(), Vec::new());
        add(chunk, &mut buf, &mut out).then(|| {
            out.iter()
                .map(|t| {
                    let word = buf[t.start..t.end].to_string();
                    (word, t.valence, t.class, t.upper, t.stretched)
                })
                .collect()
        })
    }

    #[test]
    fn fast_paths_add_what_the_general_splitter_adds() {
        let words = [
            "good", "GOOD", "Good", "d", "D", "i", "I", "xd", "XD", "don't", "DON'T", "I'll",
            "can't", "it's", "sooo", "goooood", "www", "a1", "lol", "no", "NO", "kinda", "movies",
            "unfunny", "useless", "like", "b'b", "ok", "hmm", "x3", "d'd",
        ];
        let tails = ["", ".", "!!", "?", ",", ";", ".!?", "...", "!?!"];
        let (mut fast, mut plain) = (0, 0);
        for word in words {
            for tail in tails {
                let chunk = format!("{word}{tail}");
                let general = tokens_by(&chunk, |c, b, o| {
                    push_pieces(c, b, o);
                    true
                });
                if chunk.bytes().all(|c| c.is_ascii_alphanumeric()) {
                    plain += 1;
                    let by_plain = tokens_by(&chunk, |c, b, o| {
                        push_plain(c, b, o);
                        true
                    });
                    assert_eq!(by_plain, general, "{chunk:?}");
                }
                if let Some(tokens) = tokens_by(&chunk, push_punctuated) {
                    fast += 1;
                    assert_eq!(Some(tokens), general, "{chunk:?}");
                }
                for sign in ['@', '#'] {
                    let mention = format!("{sign}{word}{tail}");
                    if let Some(tokens) = tokens_by(&mention, push_mention) {
                        fast += 1;
                        let general = tokens_by(&mention, |c, b, o| {
                            push_pieces(c, b, o);
                            true
                        });
                        assert_eq!(Some(tokens), general, "{mention:?}");
                    }
                }
            }
        }
        for name in [
            "@united",
            "@JetBlue",
            "@AmericanAir",
            "@a",
            "@X",
            "@22",
            "@mattt",
            "#fail",
            "#FAIL",
            "#love",
            "#Win",
            "#goodd",
            "#sooo",
            "#no",
            "#1",
            "#x",
        ] {
            let general = tokens_by(name, |c, b, o| {
                push_pieces(c, b, o);
                true
            });
            assert_eq!(tokens_by(name, push_mention), general, "{name:?}");
        }
        // The fast paths were taken, and refused what they must leave to the splitter.
        assert!(fast > 200 && plain > 20, "{fast} {plain}");
        let mut sink = (String::new(), Vec::new());
        assert!(!push_punctuated("d;", &mut sink.0, &mut sink.1));
        assert!(!push_punctuated("I'll.", &mut sink.0, &mut sink.1));
        assert!(!push_punctuated(":)", &mut sink.0, &mut sink.1));
        assert!(!push_mention("@", &mut sink.0, &mut sink.1));
        assert!(!push_mention("@united!", &mut sink.0, &mut sink.1));
        assert!(!push_mention("@:", &mut sink.0, &mut sink.1));
        assert!(!push_mention("#", &mut sink.0, &mut sink.1));
        assert!(!push_mention("#fail!", &mut sink.0, &mut sink.1));
        assert!(sink.1.is_empty() && sink.0.is_empty());
    }

    #[test]
    fn rule_words_have_their_bits() {
        let lists = [
            (MODALS, MODAL),
            (DESIRES, DESIRE),
            (CONTRASTS, CONTRAST),
            (CONCESSIONS, CONCESSION),
        ];
        for (list, bit) in lists {
            for w in list {
                assert!(classify(w) & bit != 0, "{w}");
            }
        }
        let rules = MODAL | DESIRE | CONTRAST | CONCESSION;
        for w in ["wouldn't", "hoped", "butter", "thought", "", "is", "But"] {
            assert_eq!(classify(w) & rules, 0, "{w}");
        }
        // The sentence rules read the bits: "but" halves what precedes it, "hope" dampens.
        let but = polarity("the screen is great but the battery died");
        let plain = polarity("the screen is great the battery died");
        assert!(but.compound < plain.compound, "{but:?} {plain:?}");
        assert!(polarity("I hope it is great").compound < polarity("it is great").compound);
    }

    #[test]
    fn no_case_sensitive_emoticon_is_a_punctuated_word() {
        // `push_punctuated` skips the case-sensitive look-up on this ground.
        let keys: Vec<&str> = lexicon::CASED
            .lines()
            .filter_map(|line| line.get(..line.len().checked_sub(1)?))
            .collect();
        assert!(keys.contains(&"D:") && keys.len() > 10, "{keys:?}");
        for key in keys {
            assert_eq!(punctuated_word(key.as_bytes()), None, "{key:?}");
        }
        assert_eq!(punctuated_word(b"Thanks!!"), Some(6));
        assert_eq!(punctuated_word(b"don't."), Some(5));
        assert_eq!(punctuated_word(b"O.O"), None);
    }

    #[test]
    fn ascii_white_space_is_rusts() {
        for b in 0..128u8 {
            let class = BYTE_CLASS[usize::from(b)];
            assert_eq!(class & SPACE != 0, char::from(b).is_whitespace(), "{b}");
            assert_eq!(class & ALNUM != 0, b.is_ascii_alphanumeric(), "{b}");
            assert_eq!(class & UPPER != 0, b.is_ascii_uppercase(), "{b}");
            assert_eq!(class & LOWER != 0, b.is_ascii_lowercase(), "{b}");
        }
    }

    #[test]
    fn html_entities_unescape_like_three_replaces() {
        for text in [
            "&lt;3",
            "a&amp;lt;b",
            "&amp;amp;",
            "&&lt;gt;",
            "x&gt;&lt;&amp;y",
            "&l&lt;t;",
            "caf\u{e9}&amp;",
            "&amp",
        ] {
            let replaced = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let expected = (replaced != text).then_some(replaced);
            assert_eq!(unescape_html(text), expected, "{text}");
        }
        assert!(polarity("&lt;3").compound > 0.0);
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [BOOSTERS, DAMPENERS, NEGATIONS, LIKE_VERB_CONTEXT] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{pair:?}");
            }
        }
        assert_eq!(is_booster("very"), Some(B_INCR));
        assert_eq!(is_booster("slightly"), Some(B_DECR));
        assert_eq!(is_booster("table"), None);
        assert!(is_negation("never") && is_negation("shouldn't") && !is_negation("ever"));
        assert!(likes_as_verb("i") && likes_as_verb("you'd") && !likes_as_verb("feels"));
    }
}
