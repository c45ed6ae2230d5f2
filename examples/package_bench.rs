//! Native benchmark of handoff package building: the conversation of `bench/package-bench.mjs`
//! (200 messages, a customer and a page context), built with `Package::build`, compacted with
//! `Package::compact` and written as JSON, timed apart so a profile shows where the time goes.
//! Run with `cargo run --release --example package_bench [-- rounds]` (or under
//! `valgrind --tool=callgrind`). It prints figures and a checksum of the output; it asserts
//! nothing about time.

use handoff::core::context::{PageContext, Visit};
use handoff::core::conversation::Customer;
use handoff::core::package::{Inputs, Package};
use handoff::core::{json, Engine, Message, Role};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    let customer_lines = [
        "hi, my invoice INV-2026-0311 shows a double charge",
        "I already tried the refund form, it says error E-4012",
        "my card 4242 4242 4242 4242 was charged twice, email me at dana@example.com",
        "this is still not working and honestly ridiculous",
        "can you check order JP-55120 please",
    ];
    let bot_lines = [
        "Sorry to hear that! Have you checked Billing > Invoices?",
        "You can request a refund from Billing > Refunds. It takes 5 to 7 days.",
        "Try clearing your browser cache and signing in again.",
    ];
    let mut engine = Engine::default();
    engine.set_customer(Customer {
        id: Some("cus_1".into()),
        name: Some("Dana".into()),
        tier: Some("pro".into()),
        plan: Some("Growth".into()),
        tenure_days: Some(400),
        open_tickets: Some(1),
        ..Customer::default()
    });
    for i in 0..200 {
        let customer = i % 2 == 0;
        let (role, line) = if customer {
            (Role::Customer, customer_lines[i % customer_lines.len()])
        } else {
            (Role::Bot, bot_lines[i % bot_lines.len()])
        };
        engine.observe(Message::new(role, format!("{line} ({i})")));
    }
    // The decision the package records, as the wasm facade takes it.
    let decision = engine.decisive();
    let page = PageContext {
        url: Some("https://app.example.com/billing/payment?tab=2&token=abc".into()),
        title: Some("Billing".into()),
        section: Some("Billing > Payment method".into()),
        breadcrumb: vec!["Billing".into(), "Payment method".into()],
        trail: [
            "Dashboard",
            "Billing > Invoices",
            "Billing > Payment method",
        ]
        .iter()
        .map(|s| Visit {
            section: Some(s.to_string()),
            ..Visit::default()
        })
        .collect(),
        last_click: Some("Update card".into()),
        errors: vec!["Card declined (code 51)".into()],
        ..PageContext::default()
    };
    let redaction = engine.policy().redaction.clone();
    let (mut build, mut compact, mut write) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut checksum = 0u64;
    for round in 0..rounds {
        let nonce = format!("n{round}");
        let inputs = Inputs::from_engine(
            &engine,
            &decision,
            Some(&page),
            &redaction,
            "2026-11-24T18:00:00Z",
            &nonce,
        );
        let t0 = Instant::now();
        let p = black_box(Package::build(&inputs).expect("valid inputs"));
        let t1 = Instant::now();
        let c = black_box(p.compact());
        let t2 = Instant::now();
        let full = json::to_string(&p).expect("writable");
        let small = json::to_string(&c).expect("writable");
        let t3 = Instant::now();
        build += t1 - t0;
        compact += t2 - t1;
        write += t3 - t2;
        if round == 0 {
            checksum = fnv(full.as_bytes()) ^ fnv(small.as_bytes()).rotate_left(1);
            println!(
                "package {} bytes, compact {} bytes, checksum {checksum:016x}",
                full.len(),
                small.len()
            );
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / rounds as f64;
    println!(
        "{rounds} rounds: build {:.1} us, compact {:.1} us, JSON of both {:.1} us",
        per(build),
        per(compact),
        per(write)
    );
    black_box(checksum);
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}
