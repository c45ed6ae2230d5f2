//! Native benchmark of the per-message path: scores a fixed corpus of support messages and
//! prints microseconds per message for `sentiment::polarity`, the shared word list
//! (`lexicon::Tokens::new`), `explicit::detect_in` over prebuilt words (the detector's share of
//! the engine's work), `explicit::detect` on plain text (both) and `Engine::observe_ref`
//! (`Engine::observe` without copying the decision out, the path the wasm facade takes;
//! conversations of 12 customer messages, `Engine::reset` between them).
//!
//! The corpus is the `instruction` column of the Bitext customer-support data set and the
//! `text` column of the Twitter airline data set under `../shared/data` (or `HANDOFF_DATA`)
//! when present, else a synthetic corpus built from fixed phrases. Run with
//! `cargo run --release --example engine_bench [-- max_messages]`. It prints figures only; it
//! asserts nothing about time.

use handoff::core::signals::lexicon::Tokens;
use handoff::core::signals::{explicit, sentiment};
use handoff::core::{Engine, Message, Role};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Messages per conversation in the engine run.
const CONVERSATION: usize = 12;

fn main() {
    let max: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let (corpus, source) = corpus(max);
    let bytes: usize = corpus.iter().map(String::len).sum();
    println!(
        "corpus: {} messages, {:.1} bytes/message ({source})",
        corpus.len(),
        bytes as f64 / corpus.len() as f64
    );

    // Warm up the lazily built tables.
    for m in corpus.iter().take(100) {
        black_box(sentiment::polarity(m));
        black_box(explicit::detect(m, &[]));
    }

    // A checksum of every output bit, to compare builds: an optimisation must not move it.
    let mut sum = Checksum::default();
    for m in &corpus {
        let p = sentiment::polarity(m);
        for x in [p.compound, p.pos, p.neu, p.neg] {
            sum.add(u64::from(x.to_bits()));
        }
        match explicit::detect(m, &[]) {
            Some(found) => {
                sum.add(found.span.start as u64);
                sum.add(found.span.end as u64);
                sum.add_str(found.language);
                sum.add_str(&found.evidence);
            }
            None => sum.add(u64::MAX),
        }
    }
    let mut engine = Engine::default();
    for conversation in corpus.chunks(CONVERSATION) {
        engine.reset();
        for m in conversation {
            let d = engine.observe_ref(Message::new(Role::Customer, m.as_str()));
            sum.add_str(&format!("{d:?}"));
        }
    }
    println!("output checksum: {:016x}", sum.0);

    let rounds = 3;
    report("sentiment::polarity", &corpus, rounds, |m| {
        black_box(sentiment::polarity(black_box(m)));
    });
    report("lexicon::Tokens::new", &corpus, rounds, |m| {
        black_box(Tokens::new(black_box(m)));
    });
    let words: Vec<Tokens> = corpus.iter().map(|m| Tokens::new(m)).collect();
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        for w in &words {
            black_box(explicit::detect_in(black_box(w), &[]));
        }
        best = best.min(per_message(start, words.len()));
    }
    println!("{:<22} {best:>8.2} us/message", "explicit::detect_in");
    report("explicit::detect", &corpus, rounds, |m| {
        black_box(explicit::detect(black_box(m), &[]));
    });

    let mut best = f64::INFINITY;
    let mut handoffs = 0usize;
    for _ in 0..rounds {
        handoffs = 0;
        let start = Instant::now();
        for conversation in corpus.chunks(CONVERSATION) {
            engine.reset();
            for m in conversation {
                let d = engine.observe_ref(Message::new(Role::Customer, m.as_str()));
                handoffs += usize::from(black_box(d).escalate);
            }
        }
        best = best.min(per_message(start, corpus.len()));
    }
    println!(
        "{:<22} {best:>8.2} us/message ({handoffs} handoff decisions)",
        "Engine::observe"
    );
}

/// FNV-1a over the outputs.
#[derive(Default)]
struct Checksum(u64);

impl Checksum {
    fn add(&mut self, x: u64) {
        for b in x.to_le_bytes() {
            self.byte(b);
        }
    }

    fn add_str(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0xff);
    }

    fn byte(&mut self, b: u8) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
}

/// Times `f` over the corpus `rounds` times and prints the best µs per message.
fn report(name: &str, corpus: &[String], rounds: usize, mut f: impl FnMut(&str)) {
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        for m in corpus {
            f(m);
        }
        best = best.min(per_message(start, corpus.len()));
    }
    println!("{name:<22} {best:>8.2} us/message");
}

fn per_message(start: Instant, n: usize) -> f64 {
    start.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64
}

/// The corpus: real support messages when the shared data is present, else synthetic ones.
fn corpus(max: usize) -> (Vec<String>, String) {
    let root = std::env::var_os("HANDOFF_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let root = if root.exists() {
        root
    } else {
        PathBuf::from("/work/shared/data")
    };
    let mut out = Vec::new();
    let mut sources = Vec::new();
    let tweets = column(&root.join("twitter-airline-sentiment/Tweets.csv"), "text");
    if !tweets.is_empty() {
        sources.push(format!("{} tweets", tweets.len()));
    }
    let mut bitext = Vec::new();
    if let Ok(dir) = std::fs::read_dir(root.join("bitext-customer-support")) {
        let mut paths: Vec<PathBuf> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        paths.sort();
        for p in paths {
            bitext.extend(column(&p, "instruction"));
        }
    }
    if !bitext.is_empty() {
        sources.push(format!("{} bitext instructions", bitext.len()));
    }
    // Interleave the sources so both are in the measured prefix.
    let (mut a, mut b) = (tweets.into_iter(), bitext.into_iter());
    loop {
        let (x, y) = (a.next(), b.next());
        if x.is_none() && y.is_none() {
            break;
        }
        out.extend(x);
        out.extend(y);
    }
    if out.is_empty() {
        out = synthetic(max);
        sources.push("synthetic".to_string());
    }
    out.truncate(max);
    (out, sources.join(" + "))
}

/// One named column of a CSV file (RFC 4180 quoting); empty when the file is absent.
fn column(path: &Path, name: &str) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let rows = parse_csv(&text);
    let Some(header) = rows.first() else {
        return Vec::new();
    };
    let Some(at) = header.iter().position(|h| h == name) else {
        return Vec::new();
    };
    rows.iter()
        .skip(1)
        .filter_map(|r| r.get(at))
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect()
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A deterministic corpus of support-like messages from fixed parts.
fn synthetic(n: usize) -> Vec<String> {
    const OPENINGS: &[&str] = &[
        "Hi, ",
        "Hello! ",
        "",
        "Ugh. ",
        "Thanks, but ",
        "I already told you: ",
    ];
    const BODIES: &[&str] = &[
        "my order #4417 never arrived and nobody answers my emails",
        "how do I change the shipping address on my account?",
        "the app keeps crashing when I open the payment page",
        "I was charged twice for the same subscription this month",
        "can I speak to a real person please",
        "this is the third time I ask, still not working!!",
        "great, that fixed it, thank you so much :)",
        "I want a refund, the product is broken and useless",
        "where can I download my invoice for March",
        "your bot is not helping at all, get me an agent",
    ];
    const ENDINGS: &[&str] = &["", " Thanks.", " ASAP!", " ???", " This is ridiculous."];
    (0..n)
        .map(|i| {
            format!(
                "{}{}{}",
                OPENINGS[i % OPENINGS.len()],
                BODIES[(i / 3) % BODIES.len()],
                ENDINGS[(i / 7) % ENDINGS.len()]
            )
        })
        .collect()
}
