//! Sorting for the shipped wasm: one shared, mostly non-generic sort instead of the standard
//! library's sort instantiated once per element type and comparator (each instance is several
//! kilobytes of wasm). [`sort_by`] is stable: an insertion sort for short lists, and above that a
//! bottom-up merge sort of indices behind one `dyn` comparator, so large inputs stay
//! O(n log n). [`sort_u64`] sorts plain keys (a radix sort above a few dozen).

/// Lists up to this length are insertion-sorted in place.
const SHORT: usize = 24;

/// Sorts `v` stably by `less` (a strict "comes before"), like `sort_by` with the matching
/// ordering.
pub fn sort_by<T>(v: &mut Vec<T>, mut less: impl FnMut(&T, &T) -> bool) {
    // The merge path reads items with `get`: this function is instantiated once per element
    // type, and each bounds check would bring a panic path. (The insertion sort keeps its
    // indexing: it runs per message, and `get` there was slower.)
    if v.len() <= SHORT {
        insertion_sort(v, less);
        return;
    }
    let order = {
        let items: &[T] = v;
        merge_order(
            items.len(),
            &mut |a, b| match (items.get(a as usize), items.get(b as usize)) {
                (Some(x), Some(y)) => less(x, y),
                _ => false,
            },
        )
    };
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i as usize).and_then(Option::take)),
    );
}

/// Sorts a short slice stably in place by `less` (a strict "comes before"): [`sort_by`]'s path
/// for short lists, and for callers that keep their items in a fixed array.
pub fn insertion_sort<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// A comparator by index, called through a vtable with this one method. (Through
/// `dyn FnMut`, every comparator would also get a `call_once` copy in the wasm's function
/// table, which nothing calls.)
trait Less {
    fn less(&mut self, a: u32, b: u32) -> bool;
}

impl<F: FnMut(u32, u32) -> bool> Less for F {
    fn less(&mut self, a: u32, b: u32) -> bool {
        self(a, b)
    }
}

/// The stable sorted order of `n` items compared by index: a bottom-up merge sort.
fn merge_order(n: usize, less: &mut dyn Less) -> Vec<u32> {
    let mut a: Vec<u32> = (0..n as u32).collect();
    let mut b: Vec<u32> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the right run only when strictly before: equal items keep order.
                if j < end && (i >= mid || less.less(a[j], a[i])) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Sorts plain keys: insertion sort for short lists, else a least-significant-digit radix
/// sort on bytes that skips the bytes all keys share (the high half of widened `u32`s), so
/// linear in the length.
pub fn sort_u64(v: &mut [u64]) {
    if v.len() <= 2 * SHORT {
        insertion(v);
        return;
    }
    let mut buf = vec![0u64; v.len()];
    for shift in (0..64).step_by(8) {
        let mut count = [0usize; 256];
        for &x in v.iter() {
            count[(x >> shift) as usize & 0xff] += 1;
        }
        if count.contains(&v.len()) {
            continue;
        }
        let mut at = 0;
        for c in count.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for &x in v.iter() {
            let d = (x >> shift) as usize & 0xff;
            buf[count[d]] = x;
            count[d] += 1;
        }
        v.copy_from_slice(&buf);
    }
}

/// Sorts `u32` keys: short lists in place by insertion, longer ones through [`sort_u64`] (no
/// radix sort of its own).
pub fn sort_u32(v: &mut [u32]) {
    if v.len() <= 2 * SHORT {
        insertion(v);
        return;
    }
    let mut wide: Vec<u64> = v.iter().map(|&x| u64::from(x)).collect();
    sort_u64(&mut wide);
    for (d, s) in v.iter_mut().zip(wide) {
        *d = s as u32;
    }
}

/// Insertion sort of plain keys, in place: the short lists' sort.
fn insertion<T: Ord + Copy>(v: &mut [T]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no RNG dependency).
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn sort_by_matches_std_stable_sort_at_every_length() {
        let mut seed = 7;
        for n in [0, 1, 2, 3, 5, 23, 24, 25, 31, 64, 100, 257, 1000] {
            let v: Vec<(u64, usize)> = (0..n).map(|i| (lcg(&mut seed) % 10, i)).collect();
            let mut want = v.clone();
            want.sort_by_key(|a| a.0);
            let mut got = v.clone();
            sort_by(&mut got, |a, b| a.0 < b.0);
            assert_eq!(got, want, "n = {n}");
        }
    }

    #[test]
    fn integer_sorts_match_std() {
        let mut seed = 11;
        for n in [0, 1, 2, 47, 48, 49, 500, 5000] {
            let v: Vec<u32> = (0..n).map(|_| lcg(&mut seed) as u32).collect();
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v.clone();
            sort_u32(&mut got);
            assert_eq!(got, want, "n = {n}");
            // Few distinct values, and full 64-bit keys.
            let v: Vec<u64> = (0..n)
                .map(|_| (lcg(&mut seed) % 7) << 40 | lcg(&mut seed) << 33)
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v.clone();
            sort_u64(&mut got);
            assert_eq!(got, want, "n = {n}");
        }
    }
}
