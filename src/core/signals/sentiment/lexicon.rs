//! Look-ups in the VADER lexicons embedded at build time (see `build.rs`): word and emoticon
//! valences, emoji valences, and the few case-sensitive emoticons. Pure; allocation-free once
//! the word table is built (on first use);
//! a miss is `None`, never a panic.

use crate::core::signals::wordset::hash;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/vader_tables.rs"));

/// Valence of a lower-case token (word or emoticon), on VADER's -4..4 scale.
pub fn word(lower: &str) -> Option<f32> {
    let index = table().get(lower.as_bytes())?;
    let score = *SCORES.get(index)?;
    Some((i32::from(score) - SCORE_BIAS) as f32 / 10.0)
}

/// The lexicon as an open-addressing hash table, decoded once from the front-coded bytes on
/// first use (about 90 KB of heap; the shipped tables stay compact).
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(Table::build)
}

/// Hash table from lexicon key to entry number (the index into `SCORES`).
struct Table {
    /// Every key, decoded, back to back.
    keys: Vec<u8>,
    /// Per entry: the end of its key in `keys` (its start is the previous entry's end).
    ends: Vec<u32>,
    /// Entry number + 1 per slot, 0 for an empty slot; a power of two long.
    slots: Vec<u32>,
}

impl Table {
    fn build() -> Table {
        let mut keys = Vec::with_capacity(LEXICON.len() * 2);
        let mut ends = Vec::with_capacity(SCORES.len());
        let mut prev_start = 0usize;
        let mut pos = 0usize;
        while pos < LEXICON.len() {
            let shared = usize::from(LEXICON[pos]);
            let Some(len) = LEXICON[pos + 1..].iter().position(|&b| b == b'\n') else {
                break;
            };
            let start = keys.len();
            keys.extend_from_within(prev_start..prev_start + shared.min(start - prev_start));
            keys.extend_from_slice(&LEXICON[pos + 1..pos + 1 + len]);
            ends.push(keys.len() as u32);
            prev_start = start;
            pos += len + 2;
        }
        let size = (ends.len() * 2).next_power_of_two().max(16);
        let mut table = Table {
            keys,
            ends,
            slots: vec![0; size],
        };
        let mask = size - 1;
        for n in 0..table.ends.len() {
            let mut slot = hash(table.key(n)) & mask;
            while table.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table.slots[slot] = n as u32 + 1;
        }
        table
    }

    /// The key of entry `n`.
    fn key(&self, n: usize) -> &[u8] {
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        &self.keys[start..self.ends[n] as usize]
    }

    /// The entry number of `key`, if it is in the lexicon.
    #[inline]
    fn get(&self, key: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = hash(key) & mask;
        loop {
            let n = *self.slots.get(slot)? as usize;
            if n == 0 {
                return None;
            }
            if self.key(n - 1) == key {
                return Some(n - 1);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Every lexicon entry, in order (for tests).
#[cfg(test)]
fn entries() -> Vec<(String, f32)> {
    let mut out = Vec::new();
    let mut key: Vec<u8> = Vec::new();
    let mut pos = 0;
    let mut n = 0;
    while pos < LEXICON.len() {
        let shared = usize::from(LEXICON[pos]);
        let end = pos + 1 + LEXICON[pos + 1..].iter().position(|&b| b == b'\n').unwrap();
        key.truncate(shared);
        key.extend_from_slice(&LEXICON[pos + 1..end]);
        let score = (i32::from(SCORES[n]) - SCORE_BIAS) as f32 / 10.0;
        out.push((String::from_utf8(key.clone()).expect("UTF-8 key"), score));
        pos = end + 1;
        n += 1;
    }
    assert_eq!(n, SCORES.len());
    out
}

/// Longest key of the case-sensitive emoticons, in bytes: longer pieces need no look-up.
pub const CASED_MAX_LEN: usize = 8;

/// Valence of an emoticon spelled exactly so, when lower-casing merged it with another one
/// ("D:" is dismay, "d:" is not).
pub fn cased(token: &str) -> Option<f32> {
    find(CASED, token.as_bytes())
}

/// Valence of one emoji character (its description's valence), if it carries any.
pub fn emoji(c: char) -> Option<f32> {
    let mut buf = [0u8; 4];
    find(EMOJI, c.encode_utf8(&mut buf).as_bytes())
}

/// Inflections tried, in order, on a word missing from the lexicon: (suffix, replacement).
/// Plurals, adverbs in -ly, nouns in -ness, gerunds, -ful adjectives and superlatives of
/// lexicon words carry their base word's valence ("movies", "gloriously", "sadness",
/// "coolest"). Comparatives in -er are left out: most such words are agent nouns ("player").
const SUFFIXES: &[(&str, &str)] = &[
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ly", ""),
    ("ily", "y"),
    ("ally", "al"),
    ("ness", ""),
    ("iness", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ful", ""),
    ("iest", "y"),
    ("est", ""),
    ("est", "e"),
];

/// Longest spelling in [`ALIASES`].
const ALIAS_MAX_LEN: usize = 6;

/// Informal spellings of lexicon words, read as the word they spell: (spelling, word).
/// Sorted by spelling.
const ALIASES: &[(&str, &str)] = &[
    ("argh", "ugh"),
    ("eww", "gross"),
    ("ewww", "gross"),
    ("grr", "grrr"),
    ("hehe", "haha"),
    ("hehehe", "hahaha"),
    ("luv", "love"),
    ("luvs", "loves"),
    ("thanx", "thanks"),
    ("thnx", "thanks"),
    ("yuck", "gross"),
];

/// Negating prefixes: "unfunny" reads as a negated "funny".
const NEGATING_PREFIXES: &[&str] = &["un", "dis", "non"];

/// Longest word the fallbacks consider (longer ones are not words).
const MAX_DERIVED: usize = 40;

/// Valence of a lower-case word missing from the lexicon, read through its spelling: an
/// informal spelling ("luv"), a dropped final "g" ("lovin"), regular inflections of a
/// lexicon word (with a doubled final consonant: "biggest"), then a negating prefix (scaled
/// by `negation`, VADER's negation factor). `None` when nothing applies. Allocation-free.
pub fn derived(lower: &str, negation: f32) -> Option<f32> {
    if lower.len() <= ALIAS_MAX_LEN {
        if let Ok(k) = ALIASES.binary_search_by(|(a, _)| (*a).cmp(lower)) {
            return word(ALIASES[k].1);
        }
    }
    let bytes = lower.as_bytes();
    if bytes.len() > MAX_DERIVED || !bytes.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let mut buf = [0u8; MAX_DERIVED + 4];
    if bytes.len() <= 4 {
        return None;
    }
    if bytes.ends_with(b"in") {
        // "lovin", "rockin": the "-ing" with its "g" dropped.
        buf[..bytes.len()].copy_from_slice(bytes);
        buf[bytes.len()] = b'g';
        if let Some(v) = std::str::from_utf8(&buf[..=bytes.len()])
            .ok()
            .and_then(word)
        {
            return Some(v);
        }
    }
    let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
    for &(suffix, replacement) in SUFFIXES {
        // The last byte rules out most suffixes without a comparison.
        if suffix.as_bytes().last() != Some(&last) {
            continue;
        }
        let Some(stem) = lower.strip_suffix(suffix) else {
            continue;
        };
        if stem.len() < 3 {
            continue;
        }
        let n = stem.len() + replacement.len();
        buf[..stem.len()].copy_from_slice(stem.as_bytes());
        buf[stem.len()..n].copy_from_slice(replacement.as_bytes());
        if let Some(v) = std::str::from_utf8(&buf[..n]).ok().and_then(word) {
            return Some(v);
        }
        // A consonant doubled before a superlative: "biggest", "saddest".
        let s = stem.as_bytes();
        if suffix == "est" && s.len() >= 4 && s[s.len() - 1] == s[s.len() - 2] {
            if let Some(v) = std::str::from_utf8(&s[..s.len() - 1]).ok().and_then(word) {
                return Some(v);
            }
        }
    }
    for prefix in NEGATING_PREFIXES {
        if prefix.as_bytes().first() != Some(&first) {
            continue;
        }
        if let Some(v) = lower.strip_prefix(prefix).and_then(word) {
            return Some(v * negation);
        }
    }
    None
}

/// Byte-wise comparison, inlined: keys are short, so a loop beats a call to `memcmp`.
#[inline]
fn compare(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Binary search in a sorted table of `key`, score byte, `\n` lines.
fn find(table: &str, key: &[u8]) -> Option<f32> {
    let data = table.as_bytes();
    // `lo` and `hi` are always line starts (or the end).
    let (mut lo, mut hi) = (0usize, data.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = data
            .get(lo..mid)?
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |p| lo + p + 1);
        let end = start + data.get(start..hi)?.iter().position(|&b| b == b'\n')?;
        if end <= start {
            return None;
        }
        let line_key = data.get(start..end - 1)?;
        match compare(line_key, key) {
            std::cmp::Ordering::Equal => {
                let score = i32::from(*data.get(end - 1)?) - SCORE_BIAS;
                return Some(score as f32 / 10.0);
            }
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_emoticons_and_emoji() {
        assert_eq!(word("good"), Some(1.9));
        assert_eq!(word("horrible"), Some(-2.5));
        assert_eq!(word(":)"), Some(2.0));
        assert_eq!(word("$:"), Some(-1.5));
        assert_eq!(word("qqxqq"), None);
        assert_eq!(word(""), None);
        assert_eq!(word("goodx"), None);
        assert_eq!(cased("D:"), Some(-2.9));
        for line in CASED.lines() {
            assert!(line.len() <= CASED_MAX_LEN + 1, "{line:?}");
        }
        assert_eq!(word("d:"), Some(1.2));
        assert!(emoji('😁').is_some_and(|v| v > 0.0));
        assert!(emoji('a').is_none());
    }

    #[test]
    fn derives_inflected_words() {
        assert_eq!(derived("gloriously", -0.74), word("glorious"));
        assert_eq!(derived("heroes", -0.74), word("hero"));
        assert_eq!(derived("unfunny", -0.74), word("funny").map(|v| v * -0.74));
        assert_eq!(derived("coolest", -0.74), word("cool"));
        assert_eq!(derived("saddest", -0.74), word("sad"));
        assert_eq!(derived("lovin", -0.74), word("loving"));
        assert_eq!(derived("luv", -0.74), word("love"));
        assert_eq!(derived("player", -0.74), None);
        for pair in ALIASES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{pair:?}");
        }
        for (alias, spelled) in ALIASES {
            assert!(alias.len() <= ALIAS_MAX_LEN, "{alias}");
            assert!(
                word(alias).is_none() && word(spelled).is_some(),
                "{alias} {spelled}"
            );
        }
        assert_eq!(derived("table", -0.74), None);
        assert_eq!(derived("", -0.74), None);
        assert_eq!(derived("caf\u{e9}s", -0.74), None);
        assert_eq!(derived(&"s".repeat(100), -0.74), None);
    }

    /// The decoded table is exactly the asset file, parsed plainly: lower-cased keys (the
    /// later line wins), valences rounded to tenths and clamped to -4..4, in byte order.
    #[test]
    fn decoded_lexicon_equals_a_plain_parse_of_the_asset() {
        let text = include_str!("../../../../assets/vader/vader_lexicon.txt");
        let mut plain = std::collections::BTreeMap::new();
        for line in text.lines() {
            let mut fields = line.split('\t');
            let (Some(key), Some(mean)) = (fields.next(), fields.next()) else {
                continue;
            };
            let (key, Ok(mean)) = (key.trim(), mean.trim().parse::<f64>()) else {
                continue;
            };
            if !key.is_empty() {
                let score = ((mean * 10.0).round() as i32).clamp(-40, 40) + SCORE_BIAS;
                plain.insert(key.to_lowercase().into_bytes(), score as u8);
            }
        }
        let table = table();
        assert_eq!(table.ends.len(), plain.len());
        assert_eq!(SCORES.len(), plain.len());
        for (n, (key, &score)) in plain.iter().enumerate() {
            assert_eq!((table.key(n), SCORES[n]), (&key[..], score), "entry {n}");
        }
        let bytes: usize = plain.keys().map(Vec::len).sum();
        assert_eq!(table.keys.len(), bytes);
    }

    #[test]
    fn no_entry_starts_with_a_hashtag_sign() {
        // `push_mention` reads "#" and letters as a hashtag without looking it up.
        assert!(entries().iter().all(|(key, _)| !key.starts_with('#')));
        assert!(!CASED.contains('#'));
        assert_eq!(word("#fail"), None);
    }

    #[test]
    fn punctuated_entries_are_listed() {
        // `push_punctuated` compares a word with punctuation after it with this list instead
        // of looking it up: it must hold every such entry.
        use super::super::{punctuated_word, PUNCTUATED_ENTRIES};
        let mut found: Vec<String> = entries()
            .into_iter()
            .map(|(key, _)| key)
            .filter(|key| punctuated_word(key.as_bytes()).is_some_and(|w| w < key.len()))
            .collect();
        found.sort();
        assert_eq!(found, PUNCTUATED_ENTRIES);
    }

    #[test]
    fn every_lexicon_entry_is_found() {
        let entries = entries();
        assert!(entries.len() > 7000, "{} entries", entries.len());
        for pair in entries.windows(2) {
            assert!(
                pair[0].0.as_bytes() < pair[1].0.as_bytes(),
                "{pair:?} out of order"
            );
        }
        for (key, score) in &entries {
            assert_eq!(word(key), Some(*score), "{key}");
            let longer = format!("{key}\u{1}");
            assert_eq!(word(&longer), None, "{longer:?}");
        }
    }
}
