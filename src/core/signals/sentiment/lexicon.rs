//! Look-ups in the VADER lexicons embedded at build time (see `build.rs`): word and emoticon
//! valences, emoji valences, and the few case-sensitive emoticons. Pure and allocation-free;
//! a miss is `None`, never a panic.

include!(concat!(env!("OUT_DIR"), "/vader_tables.rs"));

/// Valence of a lower-case token (word or emoticon), on VADER's -4..4 scale.
pub fn word(lower: &str) -> Option<f32> {
    find(LEXICON, lower.as_bytes())
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
        match line_key.cmp(key) {
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
    fn every_lexicon_line_is_found() {
        let mut lines = 0;
        for line in LEXICON.split_terminator('\n') {
            let (key, score) = line.split_at(line.len() - 1);
            let expected = (i32::from(score.as_bytes()[0]) - SCORE_BIAS) as f32 / 10.0;
            assert_eq!(word(key), Some(expected), "{key}");
            lines += 1;
        }
        assert!(lines > 7000, "{lines} lines");
    }
}
