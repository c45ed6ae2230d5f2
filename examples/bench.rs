use handoff::core::wire::ConversationIn;
use handoff::core::Engine;
use std::io::BufRead;
fn main() {
    let convs: Vec<ConversationIn> = std::io::stdin()
        .lock()
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    let mut e = Engine::default();
    let n_msgs: usize = convs.iter().map(|c| c.messages.len()).sum();
    let bytes: usize = convs
        .iter()
        .flat_map(|c| c.messages.iter())
        .map(|m| m.text.len())
        .sum();
    let reps = 200;
    let t = std::time::Instant::now();
    for _ in 0..reps {
        for c in &convs {
            e.reset();
            e.set_customer(c.customer.clone().unwrap_or_default());
            for m in &c.messages {
                std::hint::black_box(e.observe(m.clone()));
            }
        }
    }
    let el = t.elapsed();
    println!(
        "{} msgs x {} reps, avg {} bytes/msg: {:.2} us/msg",
        n_msgs,
        reps,
        bytes / n_msgs,
        el.as_secs_f64() * 1e6 / (n_msgs * reps) as f64
    );
    let t = std::time::Instant::now();
    for _ in 0..200 {
        std::hint::black_box(Engine::default());
    }
    println!(
        "Engine::new: {:.1} us",
        t.elapsed().as_secs_f64() * 1e6 / 200.0
    );
    // a long conversation: 400 messages
    let t = std::time::Instant::now();
    let mut e = Engine::default();
    let c = &convs[8];
    for i in 0..400 {
        let m = &c.messages[i % c.messages.len()];
        std::hint::black_box(e.observe(m.clone()));
    }
    println!(
        "400-message conversation: {:.2} us/msg",
        t.elapsed().as_secs_f64() * 1e6 / 400.0
    );
}
