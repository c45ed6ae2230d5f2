//! Times the VADER lexicon's first use, which decodes the front-coded tables into the hash
//! table (`core::signals::sentiment::lexicon`), against a later look-up. Run with
//! `cargo run --release --example lexicon_first_use`.

use handoff::core::signals::sentiment::polarity;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let first = polarity("good");
    let cold = start.elapsed();
    let start = Instant::now();
    let second = polarity("horrible");
    let warm = start.elapsed();
    println!("first use (decodes the lexicon): {cold:?} -> {first:?}");
    println!("later call: {warm:?} -> {second:?}");
}
