//! Look-ups in the VADER lexicons embedded at build time (see `build.rs`): word and emoticon
//! valences, emoji valences, and the few case-sensitive emoticons. Pure and allocation-free;
//! a miss is `None`, never a panic.

include!(concat!(env!("OUT_DIR"), "/vader_tables.rs"));

/// Valence of a lower-case token (word or emoticon), on VADER's -4..4 scale.
pub fn word(lower: &str) -> Option<f32> {
    let key = lower.as_bytes();
    // The last restart point whose key is not after `key`.
    let block = RESTARTS
        .partition_point(|&offset| {
            restart_key(usize::from(offset)).is_some_and(|k| compare(k, key).is_le())
        })
        .checked_sub(1)?;
    // Decode up to RESTART entries from there.
    let mut buf = [0u8; 64];
    let mut pos = usize::from(*RESTARTS.get(block)?);
    for k in 0..RESTART {
        let shared = usize::from(*LEXICON.get(pos)?);
        let rest = LEXICON.get(pos + 1..)?;
        let suffix = &rest[..rest.iter().position(|&b| b == b'\n')?];
        let len = shared + suffix.len();
        buf.get_mut(shared..len)?.copy_from_slice(suffix);
        match compare(&buf[..len], key) {
            std::cmp::Ordering::Equal => {
                let score = *SCORES.get(block * RESTART + k)?;
                return Some((i32::from(score) - SCORE_BIAS) as f32 / 10.0);
            }
            std::cmp::Ordering::Greater => return None,
            std::cmp::Ordering::Less => pos += 2 + suffix.len(),
        }
    }
    None
}

/// The key of the restart entry at `offset` (it shares nothing with the entry before).
fn restart_key(offset: usize) -> Option<&'static [u8]> {
    let rest = LEXICON.get(offset + 1..)?;
    rest.get(..rest.iter().position(|&b| b == b'\n')?)
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
/// Plurals, adverbs in -ly, nouns in -ness, gerunds and -ful adjectives of lexicon words carry
/// their base word's valence ("movies", "gloriously", "sadness").
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
];

/// Negating prefixes: "unfunny" reads as a negated "funny".
const NEGATING_PREFIXES: &[&str] = &["un", "dis", "non"];

/// Longest word the fallbacks consider (longer ones are not words).
const MAX_DERIVED: usize = 40;

/// Valence of a lower-case word missing from the lexicon, read through its spelling: regular
/// inflections of a lexicon word, then a negating prefix (scaled by `negation`, VADER's negation factor). `None` when nothing
/// applies. Allocation-free.
pub fn derived(lower: &str, negation: f32) -> Option<f32> {
    let bytes = lower.as_bytes();
    if bytes.len() > MAX_DERIVED || !bytes.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let mut buf = [0u8; MAX_DERIVED + 4];
    if bytes.len() <= 4 {
        return None;
    }
    for &(suffix, replacement) in SUFFIXES {
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
    }
    for prefix in NEGATING_PREFIXES {
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
        assert_eq!(word("d:"), Some(1.2));
        assert!(emoji('😁').is_some_and(|v| v > 0.0));
        assert!(emoji('a').is_none());
    }

    #[test]
    fn derives_inflected_words() {
        assert_eq!(derived("gloriously", -0.74), word("glorious"));
        assert_eq!(derived("heroes", -0.74), word("hero"));
        assert_eq!(derived("unfunny", -0.74), word("funny").map(|v| v * -0.74));
        assert_eq!(derived("table", -0.74), None);
        assert_eq!(derived("", -0.74), None);
        assert_eq!(derived("caf\u{e9}s", -0.74), None);
        assert_eq!(derived(&"s".repeat(100), -0.74), None);
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
