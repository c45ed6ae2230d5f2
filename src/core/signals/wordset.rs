//! Word look-ups in constant time for the signals' hot paths: an FxHash-style hash of short
//! byte strings and a small open-addressing table from word to flag bits, built once from
//! static word lists (instead of a binary or linear search per word). Pure, no I/O.

/// A small set of words, each with flag bits, as a hash table. Built once by the caller from
/// its static lists (in a `OnceLock`).
pub struct WordBits {
    words: Vec<(&'static str, u16)>,
    /// Index + 1 into `words` per slot, 0 for an empty slot; a power of two long.
    slots: Vec<u16>,
}

impl WordBits {
    /// The set of `(word, bits)`; a word listed twice gets the union of its bits.
    pub fn new(entries: impl IntoIterator<Item = (&'static str, u16)>) -> WordBits {
        let mut words: Vec<(&'static str, u16)> = Vec::new();
        for (w, b) in entries {
            match words.iter_mut().find(|(x, _)| *x == w) {
                Some((_, bits)) => *bits |= b,
                None => words.push((w, b)),
            }
        }
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![0u16; size];
        for (n, (w, _)) in words.iter().enumerate() {
            let mut slot = hash(w.as_bytes()) & (size - 1);
            while slots.get(slot).is_some_and(|&s| s != 0) {
                slot = (slot + 1) & (size - 1);
            }
            if let Some(s) = slots.get_mut(slot) {
                *s = n as u16 + 1;
            }
        }
        WordBits { words, slots }
    }

    /// The bits of `word`, 0 when it is in no list.
    #[inline]
    pub fn get(&self, word: &str) -> u16 {
        let mask = self.slots.len() - 1;
        let mut slot = hash(word.as_bytes()) & mask;
        loop {
            let n = usize::from(self.slots[slot]);
            let Some(&(w, bits)) = n.checked_sub(1).and_then(|n| self.words.get(n)) else {
                return 0;
            };
            if w == word {
                return bits;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A small set of words with flag bits, keyed by the word hash [`Tokens`] already holds for
/// each word (`Tokens::hash`): no hashing or string comparison per word looked up. Two words
/// whose 32-bit hashes collide are taken for one another, which is rare enough to ignore for
/// the hints that use it (stakes, time lost). Built once by the caller (in a `OnceLock`).
///
/// [`Tokens`]: super::lexicon::Tokens
pub struct HashBits {
    /// (hash, bits) by open addressing on the hash; a power of two long, bits 0 marks an
    /// empty slot.
    slots: Vec<(u32, u16)>,
}

impl HashBits {
    /// The set of `(hash, bits)`; a hash listed twice gets the union of its bits. Entries with
    /// no bits are ignored.
    pub fn new(entries: impl IntoIterator<Item = (u32, u16)>) -> HashBits {
        let entries: Vec<(u32, u16)> = entries.into_iter().filter(|e| e.1 != 0).collect();
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u16); size];
        for (h, b) in entries {
            let mut at = h as usize & (size - 1);
            while let Some(slot) = slots.get_mut(at) {
                if slot.1 == 0 || slot.0 == h {
                    *slot = (h, slot.1 | b);
                    break;
                }
                at = (at + 1) & (size - 1);
            }
        }
        HashBits { slots }
    }

    /// The bits of the word whose hash is `hash`, 0 when it is in no list.
    #[inline]
    pub fn get(&self, hash: u32) -> u16 {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        while let Some(&(h, bits)) = self.slots.get(at) {
            if bits == 0 || h == hash {
                return bits;
            }
            at = (at + 1) & mask;
        }
        0
    }
}

/// An FxHash-style hash of a short key (words of the lexicon and of messages).
#[inline]
pub fn hash(key: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = key.len() as u64;
    let mut chunks = key.chunks_exact(4);
    for c in &mut chunks {
        let w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        h = (h.rotate_left(5) ^ u64::from(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    (h >> 32) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_and_merges_bits() {
        let words = ["the", "and", "very", "not", "", "the"];
        let set = WordBits::new(words.iter().enumerate().map(|(i, w)| (*w, 1u16 << i)));
        assert_eq!(set.get("the"), 1 | 1 << 5);
        assert_eq!(set.get("and"), 2);
        assert_eq!(set.get("very"), 4);
        assert_eq!(set.get(""), 16);
        assert_eq!(set.get("then"), 0);
        assert_eq!(set.get("th"), 0);
        let empty = WordBits::new([]);
        assert_eq!(empty.get("the"), 0);
    }

    #[test]
    fn hash_bits_merge_and_miss() {
        let set = HashBits::new([(7, 1), (7 + 64, 2), (7, 4), (9, 0)]);
        assert_eq!(set.get(7), 1 | 4);
        assert_eq!(set.get(7 + 64), 2);
        assert_eq!(set.get(9), 0);
        assert_eq!(set.get(8), 0);
        assert_eq!(HashBits::new([]).get(7), 0);
    }

    #[test]
    fn hash_depends_on_every_byte() {
        assert_ne!(hash(b"abcd"), hash(b"abce"));
        assert_ne!(hash(b"abcde"), hash(b"abcdf"));
        assert_ne!(hash(b"ab"), hash(b"ab\0"));
    }
}
