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
