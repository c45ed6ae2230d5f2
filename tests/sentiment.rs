//! Sentiment analyser tests: the data-driven fixtures in `tests/fixtures/sentiment.tsv` (one
//! case per rule, hard cases, and the compound values the reference VADER prints for its
//! published examples), robustness on hostile input, and, when the shared data folder is
//! present, correlation floors on the VADER ICWSM-2014 corpora. No timing assertions.

use handoff::core::signals::sentiment::{polarity, Polarity};

const FIXTURES: &str = include_str!("fixtures/sentiment.tsv");

/// Checks one fixture line; returns a description of the failure, if any.
fn check(rule: &str, check: &str, text: &str, other: Option<&str>) -> Result<(), String> {
    let c = polarity(text).compound;
    let other_c = || {
        other
            .map(|o| polarity(o).compound)
            .ok_or_else(|| format!("[{rule}] `{check}` needs a second text"))
    };
    let ok = match check {
        "~0" => c.abs() < 0.05,
        "more" => c > other_c()?,
        "less" => c < other_c()?,
        "stronger" => c.abs() > other_c()?.abs(),
        "same" => (c - other_c()?).abs() < 1e-6,
        _ => {
            let (op, value) = check.split_at(1);
            let v: f32 = value
                .parse()
                .map_err(|_| format!("[{rule}] bad check `{check}`"))?;
            match op {
                "=" => (c - v).abs() < 0.0006,
                ">" => c > v,
                "<" => c < v,
                _ => return Err(format!("[{rule}] bad check `{check}`")),
            }
        }
    };
    if ok {
        Ok(())
    } else {
        let other = other.map_or(String::new(), |o| {
            format!(" vs {:?} ({})", o, polarity(o).compound)
        });
        Err(format!(
            "[{rule}] {text:?}: compound {c}, expected {check}{other}"
        ))
    }
}

#[test]
fn fixtures() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in FIXTURES.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(fields.len() >= 3, "malformed fixture line {line:?}");
        cases += 1;
        if let Err(e) = check(fields[0], fields[1], fields[2], fields.get(3).copied()) {
            failures.push(e);
        }
    }
    assert!(cases > 80, "only {cases} fixture cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn assert_sane(p: Polarity) {
    for v in [p.compound, p.pos, p.neu, p.neg] {
        assert!(v.is_finite(), "{p:?}");
    }
    assert!((-1.0..=1.0).contains(&p.compound), "{p:?}");
    for v in [p.pos, p.neu, p.neg] {
        assert!((0.0..=1.0).contains(&v), "{p:?}");
    }
    let total = p.pos + p.neu + p.neg;
    assert!(total == 0.0 || (total - 1.0).abs() < 1e-3, "{p:?}");
}

#[test]
fn proportions_follow_the_words() {
    let p = polarity("The book was good.");
    assert!(
        (p.pos - 0.492).abs() < 0.001 && (p.neu - 0.508).abs() < 0.001,
        "{p:?}"
    );
    assert_eq!(p.neg, 0.0);
    let p = polarity("VADER is not smart, handsome, nor funny.");
    assert!((p.neg - 0.646).abs() < 0.001 && p.pos == 0.0, "{p:?}");
    assert_eq!(polarity(""), Polarity::default());
}

#[test]
fn never_panics_on_hostile_input() {
    let samples = [
        "",
        " ",
        "\u{0}\u{1}\u{7f}",
        "n't",
        "'",
        "no",
        "no no no no",
        "but",
        "but but but",
        "least",
        "kind of",
        "never so",
        "without doubt",
        "the",
        "😁😁😁😁",
        "😁a😡b😁",
        "🏳️‍🌈👨‍👩‍👧‍👦",
        "İstanbul ǅ ß ẞ ﬁ Ω",
        "\u{202e}reversed\u{202c}",
        "\u{0301}\u{0301}\u{0301}",
        "a\u{200b}b",
        ":) :( D: :D :-P",
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "??????????",
        "ALL CAPS ONLY",
        "日本語のテキスト、とても良い",
        "مرحبا بالعالم",
    ];
    for s in samples {
        assert_sane(polarity(s));
    }
    // Every single character of several scripts, alone and between words.
    for c in (0u32..0x3000)
        .chain(0x1F300..0x1FAFF)
        .filter_map(char::from_u32)
    {
        assert_sane(polarity(&c.to_string()));
        assert_sane(polarity(&format!("not{c}good {c}")));
    }
}

#[test]
fn handles_a_megabyte() {
    let unit = "This is NOT good at all!!! but kind of :) 😡 sorry, still not working?? ";
    let big: String = unit.repeat(1_000_000 / unit.len() + 1);
    assert!(big.len() >= 1_000_000);
    let p = polarity(&big);
    assert_sane(p);
    let one_word: String = "a".repeat(1_000_000);
    assert_sane(polarity(&one_word));
    let stretched = format!("so{} good{}", "o".repeat(500_000), "!".repeat(500_000));
    assert!(polarity(&stretched).compound > 0.5);
    let spaces: String = " ".repeat(1_000_000);
    assert_eq!(polarity(&spaces), Polarity::default());
}

/// Pearson correlation.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// The shared data folder, when present: `$HANDOFF_SHARED_DATA`, else `../shared/data` beside
/// the repository. Absent data skips the test, unless `CI` is set.
fn shared_data() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("HANDOFF_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join("vader-icwsm2014").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "shared data not found at {} and CI is set",
        dir.display()
    );
    println!("skipping: shared data not found at {}", dir.display());
    None
}

#[test]
fn correlates_with_human_ratings() {
    let Some(dir) = shared_data() else {
        return;
    };
    // Floors under the measured figures (tweets 0.891, movie 0.471, Amazon 0.622, NYT 0.514 by
    // scripts/evaluate.sh), to catch regressions; the tweets floor sits closest, near the
    // issue's 0.89 target.
    for (file, floor) in [
        ("tweets_GroundTruth.txt", 0.885),
        ("movieReviewSnippets_GroundTruth.txt", 0.46),
        ("amazonReviewSnippets_GroundTruth.txt", 0.60),
        ("nytEditorialSnippets_GroundTruth.txt", 0.50),
    ] {
        let bytes = std::fs::read(dir.join("vader-icwsm2014").join(file)).expect("read corpus");
        let text = String::from_utf8_lossy(&bytes);
        let (mut gold, mut ours) = (Vec::new(), Vec::new());
        for line in text.lines() {
            let mut fields = line.trim_end_matches('\r').splitn(3, '\t');
            let (Some(_), Some(mean), Some(sentence)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Ok(mean) = mean.parse::<f64>() else {
                continue;
            };
            gold.push(mean);
            ours.push(f64::from(polarity(sentence).compound));
        }
        assert!(gold.len() > 3000, "{file}: {} rows", gold.len());
        let r = pearson(&ours, &gold);
        assert!(r >= floor, "{file}: r = {r:.4} < {floor}");
    }
}
