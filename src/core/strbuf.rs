//! Small string builders for the core's messages (decision evidence, error texts, summaries):
//! concatenation, joining and decimal integers written by hand. The standard library's
//! `concat`/`join` (`alloc::str::join_generic_copy`) and integer `Display` (with
//! `Formatter::pad_integral`) cost over a kilobyte of wasm each, and only leave the module once
//! their last caller does, so the wasm-reachable code uses these instead.

/// The pieces one after another (what `[a, b, c].concat()` gives).
pub(crate) fn concat(parts: &[&str]) -> String {
    join(parts, "")
}

/// The pieces with `sep` between each two (what `parts.join(sep)` gives).
pub(crate) fn join(parts: &[&str], sep: &str) -> String {
    let len = parts.iter().map(|p| p.len() + sep.len()).sum::<usize>();
    let mut out = String::with_capacity(len);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// Appends `v` in decimal, with a `-` when negative (what `write!(out, "{v}")` gives).
pub(crate) fn push_int(out: &mut String, v: impl Into<i64>) {
    crate::core::json::write_i64(out, v.into());
}

/// `v` in decimal (what `v.to_string()` gives for an integer).
pub(crate) fn int(v: impl Into<i64>) -> String {
    let mut out = String::new();
    push_int(&mut out, v);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_library() {
        let parts = ["a", "", "bc", "déf"];
        assert_eq!(concat(&parts), parts.concat());
        assert_eq!(join(&parts, ", "), parts.join(", "));
        assert_eq!(join(&[], ", "), "");
        assert_eq!(join(&["x"], ", "), "x");
        for v in [
            0i64,
            7,
            -7,
            10,
            99,
            -100,
            i64::from(u32::MAX),
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(int(v), v.to_string());
        }
        let mut s = String::from("n=");
        push_int(&mut s, 42u32);
        assert_eq!(s, "n=42");
    }
}
