use handoff::core::signals::{
    complexity, critical::CriticalTable, explicit, frustration, lexicon::Tokens, sentiment,
    topic::SkillTable,
};
use handoff::core::wire::ConversationIn;
use std::io::BufRead;
fn time<F: FnMut(&str)>(name: &str, texts: &[String], mut f: F) {
    let t = std::time::Instant::now();
    for _ in 0..100 {
        for s in texts {
            f(s);
        }
    }
    println!(
        "{name}: {:.2} us/msg",
        t.elapsed().as_secs_f64() * 1e6 / (100 * texts.len()) as f64
    );
}
fn main() {
    let convs: Vec<ConversationIn> = std::io::stdin()
        .lock()
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    let texts: Vec<String> = convs
        .iter()
        .flat_map(|c| c.messages.iter())
        .map(|m| m.text.clone())
        .collect();
    time("sentiment", &texts, |s| {
        std::hint::black_box(sentiment::polarity(s));
    });
    time("explicit", &texts, |s| {
        std::hint::black_box(explicit::detect(s, &[]));
    });
    time("tokens", &texts, |s| {
        std::hint::black_box(Tokens::new(s));
    });
    let ct = CriticalTable::default();
    let st = SkillTable::default();
    let ft = frustration::Tables::default();
    let xt = complexity::Tables::default();
    let toks: Vec<Tokens> = texts.iter().map(|s| Tokens::new(s)).collect();
    let t = std::time::Instant::now();
    for _ in 0..100 {
        for tk in &toks {
            std::hint::black_box(ct.detect(tk));
        }
    }
    println!(
        "critical: {:.2}",
        t.elapsed().as_secs_f64() * 1e6 / (100 * texts.len()) as f64
    );
    let t = std::time::Instant::now();
    for _ in 0..100 {
        for tk in &toks {
            std::hint::black_box(st.scores(tk));
            std::hint::black_box(ft.read(tk));
            std::hint::black_box(xt.read(tk, true));
        }
    }
    println!(
        "skills+frus+cx: {:.2}",
        t.elapsed().as_secs_f64() * 1e6 / (100 * texts.len()) as f64
    );
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(CriticalTable::default());
    }
    println!(
        "critical new: {:.1}",
        t.elapsed().as_secs_f64() * 1e6 / 20.0
    );
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(SkillTable::default());
    }
    println!("skill new: {:.1}", t.elapsed().as_secs_f64() * 1e6 / 20.0);
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(frustration::Tables::default());
        std::hint::black_box(complexity::Tables::default());
    }
    println!("frus+cx new: {:.1}", t.elapsed().as_secs_f64() * 1e6 / 20.0);
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(handoff::core::Engine::default());
    }
    println!("engine new: {:.1}", t.elapsed().as_secs_f64() * 1e6 / 20.0);
    let mut e = handoff::core::Engine::default();
    for m in &convs[8].messages {
        e.observe(m.clone());
    }
    let t = std::time::Instant::now();
    for _ in 0..2000 {
        std::hint::black_box(e.decision_now());
    }
    println!(
        "decision_now: {:.2}",
        t.elapsed().as_secs_f64() * 1e6 / 2000.0
    );
}
#[allow(dead_code)]
fn unused() {}
