//! Word lists packed into one string at compile time, for the cold scanners (redaction's
//! keyword lists, the package summary's cue lists). A `&[&str]` table costs 8 bytes of
//! pointer and length per entry in the wasm's data, bytes that gzip poorly; packed, each word
//! costs one length byte. Iterating is a little slower than walking a slice, so the scoring
//! path reads these lists only where it compiles its look-up structures once, on first use
//! (the sentiment word classes, the stop words, frustration's phrase tables), never per
//! message.

/// A packed word list: each word is one length byte (below 128, so the whole list is valid
/// UTF-8) followed by the word. Made by the crate-private `words!` macro.
#[derive(Debug, Clone, Copy)]
pub struct Words(&'static str);

impl Words {
    /// The list from bytes [`pack`] made; panics on bytes that are not UTF-8 (at compile time,
    /// inside `words!`).
    pub const fn new(bytes: &'static [u8]) -> Words {
        match std::str::from_utf8(bytes) {
            Ok(s) => Words(s),
            Err(_) => panic!("a packed word list is UTF-8"),
        }
    }

    /// The words, in the order listed.
    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        let mut rest = self.0;
        std::iter::from_fn(move || {
            let len = *rest.as_bytes().first()? as usize;
            let word = rest.get(1..1 + len)?;
            // Cannot fail once `word` was cut; `get` keeps a panic path out of every caller.
            rest = rest.get(1 + len..)?;
            Some(word)
        })
    }

    /// Whether `word` is one of the words: compared as bytes, length first, with no slicing
    /// that could panic (the explicit detector's frames test words against short lists).
    pub fn contains(self, word: &str) -> bool {
        let w = word.as_bytes();
        let mut rest = self.0.as_bytes();
        while let Some((&len, tail)) = rest.split_first() {
            let Some((x, next)) = tail.split_at_checked(usize::from(len)) else {
                break;
            };
            // Length and first byte before the whole comparison: most entries differ there.
            if x.len() == w.len() && x.first() == w.first() && x == w {
                return true;
            }
            rest = next;
        }
        false
    }

    /// Whether one of the words satisfies `f`.
    pub fn any(self, f: impl FnMut(&'static str) -> bool) -> bool {
        self.iter().any(f)
    }
}

/// The packed size of `words`: one length byte plus the bytes of each word.
pub const fn packed_len(words: &[&str]) -> usize {
    let mut n = 0;
    let mut k = 0;
    while k < words.len() {
        n += 1 + words[k].len();
        k += 1;
    }
    n
}

/// `words` packed (see [`Words`]); `N` must be [`packed_len`] of them, and each word shorter
/// than 128 bytes (checked at compile time).
pub const fn pack<const N: usize>(words: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut k = 0;
    while k < words.len() {
        let w = words[k].as_bytes();
        assert!(w.len() < 128, "a packed word is shorter than 128 bytes");
        out[at] = w.len() as u8;
        at += 1;
        let mut i = 0;
        while i < w.len() {
            out[at] = w[i];
            at += 1;
            i += 1;
        }
        k += 1;
    }
    assert!(at == N, "N is the packed length");
    out
}

/// A [`Words`] list from string literals or a constant `&[&str]`, packed at compile time:
/// `words!["card", "visa"]` or `words!(LIST)`.
macro_rules! words {
    ($($word:literal),+ $(,)?) => {
        $crate::core::word_list::words!(&[$($word),+])
    };
    ($list:expr) => {{
        // Names a caller's constant is unlikely to have: one named `PACKED_LIST`, `BYTES` or
        // `WORDS` would be shadowed here and not compile.
        const PACKED_LIST: &[&str] = $list;
        const BYTES: [u8; $crate::core::word_list::packed_len(PACKED_LIST)] =
            $crate::core::word_list::pack(PACKED_LIST);
        const WORDS: $crate::core::word_list::Words = $crate::core::word_list::Words::new(&BYTES);
        WORDS
    }};
}
pub(crate) use words;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_back_in_order() {
        const LIST: &[&str] = &["a", "", "teléfono", "€", "client secret"];
        let packed = words!(LIST);
        assert_eq!(packed.iter().collect::<Vec<_>>(), LIST);
        assert!(packed.any(|w| w == "€"));
        assert!(!packed.any(|w| w == "b"));
        for w in LIST {
            assert!(packed.contains(w), "{w}");
        }
        for w in ["b", "t", "teléfon", "teléfonos", "client", "€€"] {
            assert!(!packed.contains(w), "{w}");
        }
        let literal = words!["x", "yz"];
        assert_eq!(literal.iter().collect::<Vec<_>>(), ["x", "yz"]);
        assert_eq!(packed_len(LIST), 5 + 1 + 9 + 3 + 13);
    }
}
