use handoff::core::wire::ConversationIn;
use handoff::core::Engine;
use std::io::BufRead;
fn main() {
    let want: Vec<String> = std::env::args().skip(1).collect();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let c: ConversationIn = serde_json::from_str(&line).unwrap();
        if !want.is_empty() && !want.contains(&c.id) {
            continue;
        }
        let mut e = Engine::default();
        e.set_customer(c.customer.clone().unwrap_or_default());
        println!("== {}", c.id);
        for m in c.messages {
            let role = m.role.as_str();
            let t: String = m.text.chars().take(60).collect();
            let d = e.observe(m);
            let rs: Vec<String> = d
                .reasons
                .iter()
                .map(|r| {
                    format!(
                        "{}:{:.2}@{}",
                        r.reason.as_str(),
                        r.strength,
                        r.message_index
                    )
                })
                .collect();
            println!(
                "  {:4} esc={} score={:.2} sent={:.2} {} {:?} | {}",
                role,
                d.escalate as u8,
                d.score,
                d.sentiment,
                d.skill.as_str(),
                rs,
                t
            );
        }
    }
}
