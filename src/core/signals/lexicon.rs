//! Word-level matching shared by the rule-based signals (frustration, complexity, topics,
//! critical incidents): one pass that turns a message into folded, lightly stemmed words plus a
//! few character counts, and phrase tables compiled once (sorted by first word, looked up by
//! binary search) so that matching a message costs time linear in its length. Hand-written, no
//! `regex`, to keep the wasm small. Nothing here knows about thresholds or decisions.

use std::cell::RefCell;
use std::thread::LocalKey;

use crate::core::text::fold_char;

/// A message cut into words, with the character counts the signals need. Built once per
/// message by [`Tokens::new`]; every table is matched against the same words, and the
/// explicit-request detector reads the same pass (the words unstemmed, their clauses and
/// quotations). The words live in one buffer, with one list of their places (`Place`: the
/// stem's span, the whole word's end, the span in the source text, the clause and quotation
/// marks) and one of their FNV-1a hashes (so that tables look words up by integer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tokens<'a> {
    text: &'a str,
    /// The words folded, whole, back to back; [`Place::stem`] holds their stems (a prefix).
    buf: String,
    places: Vec<Place>,
    hashes: Vec<u32>,
    /// The last word has digits and no letters (it may be an amount, "12 EUR").
    after_number: bool,
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
    /// Tokens that may be codes: digits mixed with letters, three characters or more
    /// (`0x80070005`, `E1234`, `tp-7a91c2`, but also `3rd` and `9pm`). A cheap first sieve:
    /// `complexity` reads the words again for the codes proper only when this is not 0.
    pub codes: u32,
    /// Numbers (runs of digits) in the text.
    pub numbers: u32,
}

/// Where a word stands in its message, for the explicit-request detector: its clause (a
/// count of the clause punctuation before it), whether it is inside quotation marks, and
/// whether hyphens or underscores join pieces of it ("tp-7a91c2"), which that detector reads
/// as separate words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Marks(u32);

impl Marks {
    const QUOTED: u32 = 1;
    const JOINED: u32 = 2;

    /// The clause number: clause punctuation (`.`, `?`, `,`, `(`, a dash ...) starts a new one.
    pub fn clause(self) -> u32 {
        self.0 >> 2
    }

    /// Inside quotation marks (a mention, not the writer's own words).
    pub fn quoted(self) -> bool {
        self.0 & Marks::QUOTED != 0
    }

    /// Pieces joined by `-` or `_` inside a code.
    pub fn joined(self) -> bool {
        self.0 & Marks::JOINED != 0
    }
}

/// Where one word of a [`Tokens`] is: one entry per word, so that a word costs one push for
/// all of it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Place {
    /// The byte range of the stem in the folded buffer (after a French elision: "abonnement"
    /// of "l'abonnement").
    stem: (u32, u32),
    /// The start of the whole folded word in the folded buffer.
    whole: u32,
    /// The end of the whole folded word in the folded buffer.
    end: u32,
    /// The byte range of the word in the text, as written.
    source: (u32, u32),
    marks: Marks,
}

/// The buffers of a [`Tokens`], kept between messages so that tokenising allocates nothing
/// once they have grown ([`Tokens::reusing`], [`Tokens::into_spare`]).
#[derive(Debug, Clone, Default)]
pub struct Spare {
    buf: String,
    places: Vec<Place>,
    hashes: Vec<u32>,
}

impl<'a> Tokens<'a> {
    /// Tokenises `text` in one pass over its characters.
    pub fn new(text: &'a str) -> Tokens<'a> {
        Tokens::reusing(text, Spare::default())
    }

    /// [`Tokens::new`] in the buffers of an earlier message.
    pub fn reusing(text: &'a str, spare: Spare) -> Tokens<'a> {
        let Spare {
            mut buf,
            mut places,
            mut hashes,
        } = spare;
        buf.clear();
        places.clear();
        hashes.clear();
        buf.reserve(text.len());
        let words = text.len() / 5 + 1;
        places.reserve(words);
        hashes.reserve(words);
        let mut t = Tokens {
            text,
            buf,
            places,
            hashes,
            ..Tokens::default()
        };
        let mut source = (0usize, 0usize);
        let mut start = 0usize;
        let mut cur_upper = 0u32;
        let mut cur_letters = 0u32;
        let mut cur_digits = 0u32;
        let mut run_char = '\0';
        let mut run_len = 0u32;
        // The start of the text counts as white space (for opening quotation marks).
        let mut prev = ' ';
        let mut currency_armed = false;
        // The word's clause and joiner marks; an open quotation: its mark and its first word.
        let mut marks = 0u32;
        let mut quote: Option<(char, usize)> = None;
        let bytes = text.as_bytes();
        let mut at = 0;
        // Ends the word being read, if any, and starts counting the next one.
        macro_rules! end_word {
            () => {
                if t.buf.len() > start {
                    t.finish_word(start, source, cur_upper, cur_letters, cur_digits, marks);
                    start = t.buf.len();
                    cur_upper = 0;
                    cur_letters = 0;
                    cur_digits = 0;
                    marks &= !Marks::JOINED;
                }
            };
        }
        while let Some(c) = char_at(text, at) {
            // The common case, a run of ASCII letters and digits, in one tight loop without
            // the general path's tests.
            let b = bytes[at];
            if is_ascii_alnum(b) {
                // A currency sign just before arms a number that starts a word ("$38").
                if b <= b'9' && cur_digits == 0 && cur_letters == 0 && currency_armed {
                    t.money += 1;
                }
                if t.buf.len() == start {
                    source.0 = at;
                }
                let (mut end, mut letters, mut upper) = (at, 0u32, 0u32);
                while let Some(&b) = bytes.get(end) {
                    if !is_ascii_alnum(b) {
                        break;
                    }
                    // Letters come after the digits, capitals before small letters.
                    let letter = b > b'9';
                    letters += u32::from(letter);
                    upper += u32::from(letter && b < b'a');
                    t.buf.push(char::from(if letter { b | 0x20 } else { b }));
                    end += 1;
                }
                let n = (end - at) as u32;
                t.chars += n;
                t.letters += letters;
                cur_letters += letters;
                cur_upper += upper;
                cur_digits += n - letters;
                run_len = 0;
                currency_armed = false;
                source.1 = end;
                prev = char::from(bytes[end - 1]);
                at = end;
                continue;
            }
            // The next most common case, a space: it ends a word and punctuation runs, and
            // keeps a currency sign armed ("$ 38").
            if b == b' ' {
                t.chars += 1;
                run_len = 0;
                currency_armed = currency_armed && is_currency(prev);
                end_word!();
                prev = ' ';
                at += 1;
                continue;
            }
            let next = at + c.len_utf8();
            t.chars += 1;
            // Punctuation runs.
            if c == '!' || c == '?' {
                if run_len > 0 {
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
            }
            let folded = fold_char(c);
            let in_word = t.buf.len() > start;
            // Only read for apostrophes (inner apostrophes, opening single quotes).
            let next_alnum =
                folded == '\'' && char_at(text, next).is_some_and(char::is_alphanumeric);
            let inner_apostrophe = in_word && next_alnum;
            // Keep hyphens and underscores inside codes ("tp-7a91c2") with the word.
            let inner_joiner = (folded == '-' || folded == '_')
                && cur_digits > 0
                && char_at(text, next).is_some_and(char::is_alphanumeric);
            if folded.is_alphanumeric() || inner_apostrophe || inner_joiner {
                // ASCII letters and digits took the fast path above.
                if c.is_alphabetic() {
                    t.letters += 1;
                    cur_letters += 1;
                    if c.is_uppercase() {
                        cur_upper += 1;
                    }
                }
                currency_armed = false;
                if !in_word {
                    source.0 = at;
                }
                source.1 = next;
                if inner_joiner {
                    marks |= Marks::JOINED;
                }
                t.buf.push(folded);
            } else {
                // A currency sign arms the next number ("$38"); anything else disarms it (one
                // space after the sign took the space path above, which keeps it armed).
                currency_armed = is_currency(c);
                // Most separators follow a word; runs of them (", ") end none.
                end_word!();
                // A sign after a number is an amount too ("800 €", "38$"), unless a number
                // follows it ("3 $40" is one amount, counted when "40" comes).
                if currency_armed
                    && t.after_number
                    && !char_at(text, next).is_some_and(|d| d.is_ascii_digit())
                {
                    t.money += 1;
                }
                // Quotation marks: double quotes, guillemets, and single quotes that open
                // before a word and close after one (not the apostrophe of "customers'
                // accounts").
                match (quote, folded) {
                    (None, '"' | '«' | '„') => quote = Some((folded, t.len())),
                    (None, '\'') if prev.is_whitespace() && next_alnum => {
                        quote = Some((folded, t.len()));
                    }
                    (Some((open, from)), '"' | '»' | '\'')
                        if open == folded || (open != '\'' && folded != '\'') =>
                    {
                        for place in &mut t.places[from..] {
                            place.marks.0 |= Marks::QUOTED;
                        }
                        quote = None;
                    }
                    _ => {}
                }
                if is_clause_mark(folded) {
                    marks += 4;
                }
            }
            prev = c;
            at = next;
        }
        t.finish_word(start, source, cur_upper, cur_letters, cur_digits, marks);
        t
    }

    fn finish_word(
        &mut self,
        start: usize,
        source: (usize, usize),
        upper: u32,
        letters: u32,
        digits: u32,
        marks: u32,
    ) {
        if self.buf.len() == start {
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
        let word = self.buf.get(start..).unwrap();
        if digits == 0
            && self.after_number
            && CURRENCY_WORDS.contains(&word)
            && !self.is_empty()
            && self
                .word(self.len() - 1)
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            // "12 EUR", "300 dollars": an amount written with the currency after it.
            self.money += 1;
        }
        let (skip, keep) = if digits > 0 && letters == 0 {
            (0, word.len())
        } else {
            let skip = elision_len(word.as_bytes());
            (skip, skip + stem_len(word.get(skip..).unwrap_or(word)))
        };
        // The whole word stays in `buf`; its stem is a part of it.
        let end = start + keep;
        let start_stem = start + skip;
        self.places.push(Place {
            stem: (start_stem as u32, end as u32),
            whole: start as u32,
            end: self.buf.len() as u32,
            source: (source.0 as u32, source.1 as u32),
            marks: Marks(marks),
        });
        self.hashes
            .push(fnv1a(&self.buf.as_bytes()[start_stem..end]));
        self.after_number = digits > 0 && letters == 0;
    }

    /// Gives back the buffers, for [`Tokens::reusing`].
    pub fn into_spare(self) -> Spare {
        Spare {
            buf: self.buf,
            places: self.places,
            hashes: self.hashes,
        }
    }

    /// The `i`-th word, folded but not stemmed.
    #[inline]
    pub fn whole_word(&self, i: usize) -> &str {
        let (a, b) = self.whole_span(i);
        self.buf.get(a..b).unwrap()
    }

    /// The byte range of the `i`-th word, folded but not stemmed, in [`Tokens::folded`].
    #[inline]
    pub fn whole_span(&self, i: usize) -> (usize, usize) {
        let place = &self.places[i];
        (place.whole as usize, place.end as usize)
    }

    /// Every word folded and not stemmed, back to back (sliced by [`Tokens::whole_span`]).
    pub fn folded(&self) -> &str {
        &self.buf
    }

    /// The byte range of the `i`-th word in the text, as written.
    #[inline]
    pub fn source_span(&self, i: usize) -> (usize, usize) {
        let (a, b) = self.places[i].source;
        (a as usize, b as usize)
    }

    /// The text the words were cut from.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The `i`-th word's clause and quotation marks.
    #[inline]
    pub fn marks(&self, i: usize) -> Marks {
        self.places[i].marks
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The `i`-th word, folded and stemmed.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        let (a, b) = self.places[i].stem;
        // `finish_word` cut the spans at char boundaries. `unwrap`, not `unwrap_or`: as fast
        // as indexing on this hot path, without the string-slice panic message code.
        self.buf.get(a as usize..b as usize).unwrap()
    }

    /// The length in bytes of the `i`-th word, folded and stemmed.
    #[inline]
    pub fn word_len(&self, i: usize) -> usize {
        let (a, b) = self.places[i].stem;
        (b - a) as usize
    }

    /// The `i`-th word's hash.
    pub fn hash(&self, i: usize) -> u32 {
        self.hashes[i]
    }

    /// Every word's hash, in order.
    pub fn hashes(&self) -> &[u32] {
        &self.hashes
    }

    /// Every word, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.word(i))
    }

    /// Words `start..start + len` as the text has them (case, accents and punctuation in
    /// between kept), for evidence a person reads.
    pub fn source(&self, start: usize, len: usize) -> &'a str {
        if len == 0 || start + len > self.places.len() {
            return "";
        }
        let (a, _) = self.places[start].source;
        let (_, b) = self.places[start + len - 1].source;
        self.text.get(a as usize..b as usize).unwrap_or("")
    }

    /// Words `start..start + len`, folded and stemmed, joined by spaces.
    pub fn quote(&self, start: usize, len: usize) -> String {
        let mut out = String::new();
        for i in start..(start + len).min(self.len()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(self.word(i));
        }
        out
    }

    /// Whether one of `cues` occurs among the `before` words preceding word `start`.
    pub fn preceded_by(&self, start: usize, before: usize, cues: &[&str]) -> bool {
        (start.saturating_sub(before)..start.min(self.len())).any(|i| cues.contains(&self.word(i)))
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

/// `s` in single quotes, as evidence quotes what the customer wrote (built by hand: this
/// runs for many messages, and `format!` costs more, in wasm above all).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    out.push_str(s);
    out.push('\'');
    out
}

/// FNV-1a, 32 bits: the word hash tables look words up by.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A word of at most 15 bytes packed into two integers for a cache key: its bytes little-endian
/// and zero-padded, its length in the top byte, so that two keys are equal exactly when the
/// words are. Each half is read with a few loads ([`load_le`]) rather than byte by byte, and
/// without a call to a copy or comparison routine (in wasm those are not inlined for a few
/// bytes). `None` for an empty or longer word.
#[inline]
pub(crate) fn pack_word(word: &[u8]) -> Option<(u64, u64)> {
    if word.is_empty() || word.len() > 15 {
        return None;
    }
    let (head, tail) = word.split_at(word.len().min(8));
    Some((load_le(head), load_le(tail) | (word.len() as u64) << 56))
}

/// Up to eight bytes as a little-endian integer, zero-padded: the value of
/// `bytes.iter().enumerate().fold(0, |acc, (i, b)| acc | b << 8 * i)`, from overlapping
/// reads (a byte read twice lands at the same place both times, so OR-ing the reads is exact).
#[inline(always)]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at =
        |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    match n {
        0 => 0,
        // Bytes 0, n / 2 and n - 1 cover one, two or three bytes.
        1..=3 => {
            u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1))
        }
        // The first four bytes and the last four.
        4..=8 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => 0,
    }
}

/// A slot in a table of `slots` (a power of two) for a key from [`pack_word`]: a
/// multiplicative hash of both halves, so that a cache needs no second pass over the word.
#[inline]
pub(crate) fn packed_slot((lo, hi): (u64, u64), slots: usize) -> usize {
    let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 32) as usize & (slots - 1)
}

/// A two-way set-associative cache of per-word values, keyed by [`pack_word`] and placed by
/// [`packed_slot`] in one of `SLOTS / 2` sets of two entries (`SLOTS` a power of two), allocated
/// on the first `put`. A new word goes first in its set and pushes the set's first entry to the
/// second place, which drops the older second: two words that share a set both stay, where a
/// direct-mapped cache would evict one for the other on every alternation. The signals remember
/// word classes in it, because words recur from message to message.
#[derive(Default)]
pub(crate) struct WordCache<V, const SLOTS: usize>(Vec<((u64, u64), V)>);

impl<V: Copy + Default, const SLOTS: usize> WordCache<V, SLOTS> {
    /// An empty cache (no allocation).
    pub(crate) const fn new() -> Self {
        WordCache(Vec::new())
    }

    /// The first entry of `key`'s set.
    #[inline]
    fn set(key: (u64, u64)) -> usize {
        packed_slot(key, SLOTS / 2) * 2
    }

    /// The value remembered for `key`.
    #[inline]
    pub(crate) fn get(&self, key: (u64, u64)) -> Option<V> {
        let set = Self::set(key);
        let pair = self.0.get(set..set + 2)?;
        pair.iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, value)| value)
    }

    /// Remembers `value` for `key`. The empty key `(0, 0)`, which no word packs to, marks an
    /// empty entry.
    pub(crate) fn put(&mut self, key: (u64, u64), value: V) {
        if self.0.is_empty() {
            self.0.resize(SLOTS, ((0, 0), V::default()));
        }
        let set = Self::set(key);
        if let Some(pair) = self.0.get_mut(set..set + 2) {
            pair[1] = pair[0];
            pair[0] = (key, value);
        }
    }
}

/// Runs `f` on this thread's scratch value in `key` (buffers a signal reuses from message to
/// message, so that a message allocates nothing once they have grown). The value is taken out
/// of the cell for the call and put back after: a nested call, or a call while the thread is
/// being torn down, starts from a fresh value instead of failing.
pub(crate) fn with_scratch<T: Default, R>(
    key: &'static LocalKey<RefCell<T>>,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    let mut scratch = key.try_with(RefCell::take).unwrap_or_default();
    let out = f(&mut scratch);
    let _ = key.try_with(|cell| cell.replace(scratch));
    out
}

/// Whether byte `b` is an ASCII letter or digit: a shift and a mask, cheaper than the range
/// tests of `u8::is_ascii_alphanumeric` in the tokenisers' per-byte loops.
#[inline(always)]
pub(crate) fn is_ascii_alnum(b: u8) -> bool {
    // Bits 48-57 ('0'-'9') of the low word; 65-90 ('A'-'Z') and 97-122 ('a'-'z') of the high.
    const LOW: u64 = 0x3ff << 48;
    const HIGH: u64 = (0x3ff_ffff << 1) | (0x3ff_ffff << 33);
    match b {
        0..=63 => LOW >> b & 1 != 0,
        64..=127 => HIGH >> (b - 64) & 1 != 0,
        _ => false,
    }
}

/// The character starting at byte `at` of `text` (a character boundary), with a fast path for
/// ASCII; `None` at the end.
#[inline(always)]
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(at..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// Whether folded character `c` ends a clause, for [`Marks::clause`].
fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '.' | '?'
            | '!'
            | ';'
            | ':'
            | ','
            | '('
            | ')'
            | '['
            | ']'
            | '\n'
            | '¿'
            | '¡'
            | '"'
            | '…'
            | '|'
            | '—'
            | '–'
    )
}

/// Whether `c` is a currency sign (written before or after an amount).
pub(crate) fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₹')
}

/// Currency words written after an amount ("12 EUR", "300 dollars"), folded.
pub(crate) const CURRENCY_WORDS: &[&str] = &[
    "usd", "eur", "gbp", "dollar", "dollars", "euro", "euros", "pound", "pounds", "buck", "bucks",
    "reais",
];

/// Strips common English inflections (and a possessive `'s`) so that "charged", "charges" and
/// "charge" meet. Applied identically to tables and to text, so collisions stay rare and
/// harmless. Words of four characters or fewer are left alone.
pub fn stem(word: &str) -> &str {
    word.get(..stem_len(word)).unwrap()
}

/// The length of a French elision that opens a folded word ("l'", "d'", "qu'" of
/// "l'abonnement", "d'acces", "qu'il"), which its stem leaves out so that "l'application" is
/// "application" to every table; 0 when there is none. The rest must be two letters at least
/// ("c'est" is "est"; "l'a" stays whole).
fn elision_len(b: &[u8]) -> usize {
    let skip = match b {
        [b'j' | b'l' | b'd' | b'n' | b'm' | b't' | b's' | b'c', b'\'', ..] => 2,
        [b'q', b'u', b'\'', ..] => 3,
        _ => return 0,
    };
    match b.get(skip..) {
        Some([x, y, ..]) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => skip,
        _ => 0,
    }
}

/// The length of [`stem`]'s result: stemming only ever cuts a suffix.
fn stem_len(word: &str) -> usize {
    // On bytes: every suffix is ASCII, so this cuts at the same places as on characters. The
    // suffixes are compared byte by byte (no call to a comparison routine for two bytes).
    let b = word.as_bytes();
    let w = match b {
        [rest @ .., b'\'', b's'] | [rest @ .., b'\''] => rest,
        _ => b,
    };
    let n = w.len();
    if n <= 4 || !w.is_ascii() {
        return n;
    }
    let ends = |suffix: &[u8]| w[n - suffix.len()..].iter().eq(suffix);
    // The suffixes that can match, in the order "ing", "ed", "es", "s", "e" (the last letter
    // picks them): their length, and whether it is the plural "s".
    let last = w[n - 1];
    let candidates: &[(usize, bool)] = match last {
        b'g' if ends(b"ing") => &[(3, false)],
        b'd' if ends(b"ed") => &[(2, false)],
        b's' if ends(b"es") => &[(2, false), (1, true)],
        b's' => &[(1, true)],
        b'e' => &[(1, false)],
        _ => &[],
    };
    for &(len, plural) in candidates {
        let base = n - len;
        if base < 3 || (plural && matches!(w[base - 1], b's' | b'u')) {
            continue;
        }
        // "cancelled" -> "cancel", "stopped" -> "stop".
        if last != b'e' && !plural && base >= 4 && w[base - 1] == w[base - 2] {
            return base - 1;
        }
        return base;
    }
    n
}

/// Bits in a [`PhraseTable`]'s first-word filter (512 bytes per table).
const FILTER_BITS: usize = 4096;

/// Sorts a phrase index by (hash, id) as packed integer keys (not generic, so compiled once).
fn sort_index(index: &mut [(u32, u32)]) {
    let mut keys: Vec<u64> = index
        .iter()
        .map(|&(h, id)| u64::from(h) << 32 | u64::from(id))
        .collect();
    crate::core::sort::sort_u64(&mut keys);
    for (e, k) in index.iter_mut().zip(keys) {
        *e = ((k >> 32) as u32, k as u32);
    }
}

/// The first-word filter of a phrase index (not generic, so compiled once).
fn first_word_filter(index: &[(u32, u32)]) -> Filter {
    let mut filter = [0u64; FILTER_BITS / 64];
    for &(h, _) in index {
        let bit = h as usize % FILTER_BITS;
        filter[bit / 64] |= 1 << (bit % 64);
    }
    filter
}

/// A [`PhraseTable`]'s first-word filter: a fixed size, so that a test needs no bounds check.
type Filter = [u64; FILTER_BITS / 64];

/// Whether some phrase may start with a word of hash `h` (no false negatives).
#[inline]
fn may_start(filter: &Filter, h: u32) -> bool {
    let bit = h as usize % FILTER_BITS;
    filter[bit / 64] & (1 << (bit % 64)) != 0
}

/// The first slot of a first word's hash `h` in a slot table of `mask + 1` slots: the middle
/// bits of a multiplicative hash (FNV-1a's low bits follow the last letter, which many words
/// share).
#[inline]
fn first_slot(h: u32, mask: usize) -> usize {
    (h.wrapping_mul(0x9e37_79b9) >> 16) as usize & mask
}

/// The slot table of a sorted phrase index (not generic, so compiled once): open addressing
/// from each distinct first-word hash to its first entry in the index (+ 1; 0 for an empty
/// slot), in at least twice as many slots as there are such hashes, so that a probe for a
/// word that starts no phrase mostly ends at the first slot.
fn first_slots(index: &[(u32, u32)]) -> Vec<u32> {
    let starts = || (0..index.len()).filter(|&at| at == 0 || index[at - 1].0 != index[at].0);
    let size = (starts().count() * 2).next_power_of_two().max(16);
    let mut slots = vec![0u32; size];
    for at in starts() {
        let mut slot = first_slot(index[at].0, size - 1);
        while slots[slot] != 0 {
            slot = (slot + 1) & (size - 1);
        }
        slots[slot] = at as u32 + 1;
    }
    slots
}

/// The first entry of the index whose first word has hash `h`, from the slot table (not
/// generic, so compiled once). The table is never full, so the probe ends.
#[inline]
fn first_entry(slots: &[u32], index: &[(u32, u32)], h: u32) -> Option<usize> {
    let mask = slots.len().checked_sub(1)?;
    let mut slot = first_slot(h, mask);
    loop {
        let at = (*slots.get(slot)? as usize).checked_sub(1)?;
        if index.get(at)?.0 == h {
            return Some(at);
        }
        slot = (slot + 1) & mask;
    }
}

/// A phrase's words folded and stemmed like messages: their hashes, and the words joined by
/// spaces; `None` for a phrase without words. Not generic, so compiled once rather than in
/// every table's `extend`.
fn compile_phrase(phrase: &str) -> Option<(Vec<u32>, Box<str>)> {
    let tokens = Tokens::new(phrase);
    if tokens.is_empty() {
        return None;
    }
    let words = tokens.quote(0, tokens.len()).into_boxed_str();
    Some((tokens.hashes().to_vec(), words))
}

/// A compiled table of phrases (each a sequence of stemmed words), each carrying a value.
/// Built once: entries are sorted by the hash of their first word, so matching walks the
/// text's words once, rules most out with a filter and finds the others' hash among the
/// entries with a slot table (integer comparisons only), then confirms a candidate word by
/// word. The matching lives in `PhraseIndex`, which is not generic, so it is compiled once
/// rather than once per value type and caller.
#[derive(Debug, Clone)]
pub struct PhraseTable<T> {
    index: PhraseIndex,
    /// The phrases' values, by phrase id.
    values: Vec<T>,
}

/// The words of a [`PhraseTable`]'s phrases and the structures that find them in a text.
#[derive(Debug, Clone)]
struct PhraseIndex {
    /// (hash of the first word, phrase id), sorted.
    index: Vec<(u32, u32)>,
    /// One bit per value of a first word's hash modulo [`FILTER_BITS`]: words whose bit is
    /// clear start no phrase, and skip the slot table.
    filter: Filter,
    /// The slot table of the index ([`first_slots`]), for the words the filter lets through.
    slots: Vec<u32>,
    /// The phrases by id: their words' hashes and their words.
    phrases: Vec<(Vec<u32>, Box<str>)>,
}

impl PhraseIndex {
    /// Adds a phrase as the next id; `false` for a phrase without words (not added).
    fn push(&mut self, phrase: &str) -> bool {
        let Some((hashes, words)) = compile_phrase(phrase) else {
            return false;
        };
        self.index.push((hashes[0], self.phrases.len() as u32));
        self.phrases.push((hashes, words));
        true
    }

    /// Sorts the index and rebuilds its filter and slot table after pushes.
    fn seal(&mut self) {
        sort_index(&mut self.index);
        self.filter = first_word_filter(&self.index);
        self.slots = first_slots(&self.index);
    }

    /// Calls `f(start, length, id)` for every occurrence of every phrase in `tokens`.
    fn for_each_match(&self, tokens: &Tokens, f: &mut dyn FnMut(usize, usize, usize)) {
        let hashes = tokens.hashes();
        for start in 0..hashes.len() {
            let h = hashes[start];
            if !may_start(&self.filter, h) {
                continue;
            }
            let Some(mut at) = first_entry(&self.slots, &self.index, h) else {
                continue;
            };
            while let Some(&(k, id)) = self.index.get(at) {
                if k != h {
                    break;
                }
                let (phrase, words) = &self.phrases[id as usize];
                let end = start + phrase.len();
                // Element by element: no call to a comparison routine for a few words.
                if end <= hashes.len()
                    && phrase[1..].iter().eq(&hashes[start + 1..end])
                    && same_words(words.as_bytes(), tokens, start..end)
                {
                    f(start, phrase.len(), id as usize);
                }
                at += 1;
            }
        }
    }
}

/// Whether `words` (stems joined by single spaces, as [`compile_phrase`] writes them) are the
/// stems of words `range` of `tokens`: each word compared in place, without splitting `words`.
fn same_words(mut words: &[u8], tokens: &Tokens, range: std::ops::Range<usize>) -> bool {
    for (k, i) in range.enumerate() {
        if k > 0 {
            match words {
                [b' ', rest @ ..] => words = rest,
                _ => return false,
            }
        }
        let w = tokens.word(i).as_bytes();
        match words.get(..w.len()) {
            Some(head) if head.iter().eq(w) => words = &words[w.len()..],
            _ => return false,
        }
    }
    words.is_empty()
}

impl<T> Default for PhraseTable<T> {
    fn default() -> PhraseTable<T> {
        PhraseTable::empty()
    }
}

impl<T> PhraseTable<T> {
    /// An empty table.
    pub fn empty() -> PhraseTable<T> {
        PhraseTable {
            index: PhraseIndex {
                index: Vec::new(),
                filter: [0; FILTER_BITS / 64],
                slots: Vec::new(),
                phrases: Vec::new(),
            },
            values: Vec::new(),
        }
    }

    /// Compiles phrases given as plain text (folded and stemmed like messages are).
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, T)>) -> PhraseTable<T> {
        let mut table = PhraseTable::empty();
        table.extend(entries);
        table
    }

    /// Adds phrases; phrases without words are ignored. Sorts the index once per call.
    pub fn extend<'a>(&mut self, entries: impl IntoIterator<Item = (&'a str, T)>) {
        for (phrase, value) in entries {
            if self.index.push(phrase) {
                self.values.push(value);
            }
        }
        self.index.seal();
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the table has no phrases.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Calls `f(start, length, value)` for every occurrence of every phrase in `tokens`.
    pub fn for_each_match(&self, tokens: &Tokens, mut f: impl FnMut(usize, usize, &T)) {
        // Policy tables are often empty: no word to walk then.
        if self.values.is_empty() {
            return;
        }
        self.index.for_each_match(tokens, &mut |start, len, id| {
            f(start, len, &self.values[id])
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_words_are_their_bytes_and_length() {
        let fold = |b: &[u8]| {
            b.iter()
                .enumerate()
                .fold(0u64, |acc, (i, &x)| acc | u64::from(x) << (8 * i))
        };
        let text = b"abcdefghijklmnopq\xff\x01";
        for start in 0..3 {
            for end in start..text.len() {
                let w = &text[start..end];
                let expected = (!w.is_empty() && w.len() <= 15).then(|| {
                    let (head, tail) = w.split_at(w.len().min(8));
                    (fold(head), fold(tail) | (w.len() as u64) << 56)
                });
                assert_eq!(pack_word(w), expected, "{w:?}");
            }
        }
    }

    #[test]
    fn ascii_alnum_agrees_with_std() {
        for b in 0..=255u8 {
            assert_eq!(is_ascii_alnum(b), b.is_ascii_alphanumeric(), "byte {b}");
        }
    }

    #[test]
    fn french_elisions_leave_the_stem_and_keep_the_whole_word() {
        let t = Tokens::new("L'application d'accès qu'il c'est l'a m'a aujourd'hui I'm");
        let stems: Vec<&str> = (0..t.len()).map(|i| t.word(i)).collect();
        // "l'a" and "m'a" leave one letter: kept whole, as is a word with the apostrophe
        // inside ("aujourd'hui") or after another letter ("i'm").
        assert_eq!(
            stems,
            [
                "application",
                stem("acces"),
                "il",
                "est",
                "l'a",
                "m'a",
                "aujourd'hui",
                "i'm"
            ]
        );
        assert_eq!(t.whole_word(0), "l'application");
        assert_eq!(t.source(1, 1), "d'accès");
        assert_eq!(t.hashes()[0], Tokens::new("application").hashes()[0]);
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("charged"), stem("charges"));
        assert_eq!(stem("charge"), stem("charged"));
        assert_eq!(stem("cancelled"), stem("cancel"));
        assert_eq!(stem("refunds"), "refund");
        assert_eq!(stem("it's"), "it");
        assert_eq!(stem("crashes"), stem("crashing"));
        assert_eq!(stem("hacker's"), "hacker");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("bill"), "bill");
    }

    /// The suffix rules as first written (a loop over every suffix), to check the faster
    /// [`stem_len`] against.
    fn stem_len_reference(word: &str) -> usize {
        let b = word.as_bytes();
        let w = b
            .strip_suffix(b"'s")
            .or_else(|| b.strip_suffix(b"'"))
            .unwrap_or(b);
        if w.len() <= 4 || !w.is_ascii() {
            return w.len();
        }
        for suffix in [&b"ing"[..], b"ed", b"es", b"s", b"e"] {
            if let Some(base) = w.strip_suffix(suffix) {
                let plural = suffix == b"s";
                if base.len() < 3 || (plural && matches!(base.last(), Some(b's' | b'u'))) {
                    continue;
                }
                if suffix != b"e"
                    && !plural
                    && base.len() >= 4
                    && base[base.len() - 1] == base[base.len() - 2]
                {
                    return base.len() - 1;
                }
                return base.len();
            }
        }
        w.len()
    }

    #[test]
    fn stem_agrees_with_the_suffix_list() {
        let stems = "a ab' abc's it's ding doing sing bring running stopped added fed freed misses \
            uses boxes bus buses status cats glass menus ss's take rate free cancelled café naïve's \
            helloes aaaes aaaas kiss' passes dresses emailed ed eded queue queues queued queueing \
            x' '";
        for w in std::iter::once("").chain(stems.split_whitespace()) {
            assert_eq!(stem_len(w), stem_len_reference(w), "{w:?}");
        }
        // Every short ASCII tail on a few bases.
        let tails = [
            "", "s", "e", "d", "g", "es", "ed", "ng", "ing", "'", "'s", "ss", "us", "gs",
        ];
        for base in ["a", "ab", "abc", "abcd", "abcc", "abccd", "hello", "xxxxx"] {
            for tail in tails {
                let w = format!("{base}{tail}");
                assert_eq!(stem_len(&w), stem_len_reference(&w), "{w:?}");
            }
        }
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
        assert_eq!(Tokens::new("800 € held, 38$ more, 9,99€").money, 3);
        assert_eq!(Tokens::new("3 $40 items and 2 €-coins").money, 2);
        assert_eq!(Tokens::new("i have 3 sites").money, 0);
        assert_eq!(Tokens::new("ok").caps_ratio(), 0.0);
    }

    #[test]
    fn marks_clauses_quotations_and_joined_codes() {
        let t = Tokens::new("Hi, he said \"talk to 'a human'\" about 7A-91c2 (ok)");
        let words: Vec<&str> = (0..t.len()).map(|i| t.whole_word(i)).collect();
        assert_eq!(
            words,
            ["hi", "he", "said", "talk", "to", "a", "human", "about", "7a-91c2", "ok"]
        );
        let clauses: Vec<u32> = (0..t.len()).map(|i| t.marks(i).clause()).collect();
        assert_eq!(clauses, [0, 1, 1, 2, 2, 2, 2, 3, 3, 4]);
        let quoted: Vec<usize> = (0..t.len()).filter(|&i| t.marks(i).quoted()).collect();
        assert_eq!(quoted, [3, 4, 5, 6]);
        let joined: Vec<usize> = (0..t.len()).filter(|&i| t.marks(i).joined()).collect();
        assert_eq!(joined, [8]);
        // Stems are prefixes of the whole words; sources are the words as written.
        assert_eq!((t.word(3), t.whole_word(3)), ("talk", "talk"));
        let t = Tokens::new("it kept crashing");
        assert_eq!((t.word(2), t.whole_word(2)), ("crash", "crashing"));
        assert_eq!(t.source_span(2), (8, 16));
        // An opening single quote needs white space (or the start) before it.
        let t = Tokens::new("'talk to a human' said the customers' accounts");
        let quoted: Vec<usize> = (0..t.len()).filter(|&i| t.marks(i).quoted()).collect();
        assert_eq!(quoted, [0, 1, 2, 3]);
    }

    #[test]
    fn slot_table_finds_each_first_word() {
        // Sorted by hash, as `sort_index` leaves an index; many hashes share low bits.
        let mut index: Vec<(u32, u32)> = (0..300u32).map(|n| ((n % 100) << 8, n)).collect();
        sort_index(&mut index);
        let slots = first_slots(&index);
        assert!(slots.len() >= 200 && slots.len().is_power_of_two());
        for n in 0..100u32 {
            let first = index.iter().position(|&(h, _)| h == n << 8);
            assert_eq!(first_entry(&slots, &index, n << 8), first, "{n}");
            assert_eq!(first_entry(&slots, &index, (n << 8) + 1), None, "{n}");
        }
        assert_eq!(first_entry(&[], &[], 7), None);
    }

    #[test]
    fn phrase_table_finds_every_occurrence() {
        let table = PhraseTable::new([("still not working", 1), ("still", 2), ("not", 3)]);
        let t = Tokens::new("It is STILL not working, still.");
        let mut found = Vec::new();
        table.for_each_match(&t, |s, l, v| found.push((s, l, *v)));
        found.sort();
        assert_eq!(found, vec![(2, 1, 2), (2, 3, 1), (3, 1, 3), (5, 1, 2)]);
        assert_eq!(t.source(2, 3), "STILL not working");
        assert_eq!(t.quote(2, 3), "still not work");
        assert_eq!(t.source(5, 2), "");
        assert!(PhraseTable::<u8>::new([("", 1)]).is_empty());
    }
}
