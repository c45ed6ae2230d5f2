//! Packed phrase tables: the built-in phrase lists as one string each instead of arrays of
//! `(&str, tag…)` tuples, whose pointers, lengths and padding made up most of the shipped
//! wasm's data after the sentiment lexicon. A table is groups `tag:phrase|phrase|…;` in order;
//! each module reads its own tags (a weight in hundredths, a category letter) once, when it
//! compiles its table on first use, through a decoder that returns `None` for a tag it does not
//! define. A row whose tag does not decode is left out; each module's tests hold that every row
//! of its built-in table decodes.

/// The (tag, phrase) rows of a packed table, in order.
pub fn rows(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.split(';')
        .filter_map(|group| group.split_once(':'))
        .flat_map(|(tag, list)| {
            let tag = tag.trim();
            list.split('|').map(move |p| (tag, p.trim()))
        })
}

/// A weight written in hundredths ("45" is 0.45), exactly as the literal would be: the
/// division is correctly rounded. `None` unless `digits` is one to four ASCII digits.
pub fn hundredths(digits: &str) -> Option<f32> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits
        .bytes()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Some(n as f32 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_order_and_tags() {
        let rows: Vec<_> = rows("a 1:x|y z;\n  b:w;").collect();
        assert_eq!(rows, vec![("a 1", "x"), ("a 1", "y z"), ("b", "w")]);
    }

    #[test]
    fn hundredths_equal_the_literals() {
        for (s, w) in [
            ("5", 0.05f32),
            ("15", 0.15),
            ("35", 0.35),
            ("45", 0.45),
            ("150", 1.5),
        ] {
            assert_eq!(hundredths(s).map(f32::to_bits), Some(w.to_bits()), "{s}");
        }
        for n in 0..10_000u32 {
            let literal: f32 = format!("{}.{:02}", n / 100, n % 100).parse().unwrap();
            assert_eq!(
                hundredths(&n.to_string()).map(f32::to_bits),
                Some(literal.to_bits()),
                "{n}"
            );
        }
    }

    #[test]
    fn hundredths_reject_what_is_not_a_weight() {
        for s in ["", "4.5", "-5", "12345", " 45", "4x"] {
            assert_eq!(hundredths(s), None, "{s:?}");
        }
    }
}
