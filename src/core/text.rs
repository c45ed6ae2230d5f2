//! Small text helpers shared by the signals: word splitting, case and accent folding. Written
//! by hand (no `regex`) to keep the wasm small.

/// Folds a character for matching: lower case, common Latin accents removed, curly quotes
/// straightened. Returns the folded character (one char in, one char out).
#[inline(always)]
pub fn fold_char(c: char) -> char {
    // ASCII, the common case (inlined at every call): only the backtick and capitals change.
    if c.is_ascii() {
        if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        }
    } else {
        fold_other(c)
    }
}

/// [`fold_char`] for characters outside ASCII.
#[inline(never)]
fn fold_other(c: char) -> char {
    let c = match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        _ => c,
    };
    let lower = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        super::lowercase::first_lower(c)
    };
    match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => 's',
        other => other,
    }
}

/// Folds a whole string with [`fold_char`].
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Splits folded text into words: runs of letters, digits and apostrophes inside words.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let c = fold_char(c);
        let inner_apostrophe =
            c == '\'' && !cur.is_empty() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A set of byte pairs as 1,024 bits (a 10-bit hash, ASCII letters lower-cased): one probe
/// rules out most of the words or phrases a scanner looks for before any string comparison.
#[derive(Debug, Clone, Copy)]
pub struct PairSet([u64; 16]);

impl PairSet {
    /// The pairs that start `words` (each at least two bytes long).
    pub const fn of_starts(words: &[&str]) -> PairSet {
        let mut set = [0u64; 16];
        let mut k = 0;
        while k < words.len() {
            let w = words[k].as_bytes();
            let h = pair_hash(w[0], w[1]);
            set[h >> 6] |= 1 << (h & 63);
            k += 1;
        }
        PairSet(set)
    }

    /// Every pair of adjacent bytes of `text`.
    pub fn of_text(text: &[u8]) -> PairSet {
        let mut set = [0u64; 16];
        for w in text.windows(2) {
            let h = pair_hash(w[0], w[1]);
            set[h >> 6] |= 1 << (h & 63);
        }
        PairSet(set)
    }

    /// Whether the pair `(a, b)` may be in the set (never false when it is).
    #[inline]
    pub fn may_hold(&self, a: u8, b: u8) -> bool {
        let h = pair_hash(a, b);
        self.0[h >> 6] >> (h & 63) & 1 == 1
    }
}

/// A 10-bit hash of a pair of bytes, lower-cased.
const fn pair_hash(a: u8, b: u8) -> usize {
    (a.to_ascii_lowercase() as usize * 31 + b.to_ascii_lowercase() as usize) & 1023
}

/// The first occurrence of `needle` in `hay` at or after `from` (`None` for an empty needle).
pub fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() || hay.len() - from < needle.len() {
        return None;
    }
    let first = needle.first()?;
    (from..=hay.len() - needle.len())
        .find(|&k| hay.get(k) == Some(first) && hay.get(k..).is_some_and(|h| h.starts_with(needle)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_quotes() {
        assert_eq!(fold("Atención ÀÉÎÕÜ ß don’t"), "atencion aeiou s don't");
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        assert_eq!(
            words("I don't-want THIS!! 'quoted' 42x"),
            vec!["i", "don't", "want", "this", "quoted", "42x"]
        );
        assert!(words("").is_empty());
        assert!(words("!!! ...").is_empty());
    }
}
