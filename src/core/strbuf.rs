//! Small string builders for the core's messages (decision evidence, error texts, summaries):
//! concatenation and joining. The standard library's `concat`/`join` on string slices
//! (`alloc::str::join_generic_copy`, about 1 KB of wasm) only leaves the module once its last
//! caller does, so the wasm-reachable code uses these instead.

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
        assert_eq!(
            concat(&["multi-part request (", "a, b", ")"]),
            "multi-part request (a, b)"
        );
    }
}
