//! Handoff packages against their JSON Schema (`schema/handoff-package.v1.json`): every
//! package built here, and every one `handoff package` writes for the shared sample
//! conversations, validates; both forms stay under their size limits (the core's size equals
//! `serde_json`'s); and no planted personal data or secret survives into either form.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use handoff::core::context::{PageContext, Viewport, Visit};
use handoff::core::conversation::{Customer, Message, Role};
use handoff::core::package::{Inputs, Package, MAX_COMPACT_BYTES, MAX_PACKAGE_BYTES};
use handoff::core::redact::RedactionPolicy;
use handoff::core::Engine;
use serde_json::Value;

fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/handoff-package.v1.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct Validators {
    package: jsonschema::Validator,
    compact: jsonschema::Validator,
}

fn validators() -> Validators {
    let doc = schema();
    let compact = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": doc["$defs"].clone(),
        "$ref": "#/$defs/compact",
    });
    Validators {
        package: jsonschema::validator_for(&doc).expect("package schema compiles"),
        compact: jsonschema::validator_for(&compact).expect("compact schema compiles"),
    }
}

fn assert_valid(v: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// Checks one output line (`{"id", "package", "compact"}`): schema, sizes, flatness.
fn check_line(v: &Validators, line: &Value) {
    let id = line["id"].as_str().unwrap_or("?");
    assert_valid(&v.package, &line["package"], &format!("package of {id}"));
    assert_valid(
        &v.compact,
        &line["compact"],
        &format!("compact form of {id}"),
    );
    let package_bytes = serde_json::to_string(&line["package"]).unwrap().len();
    let compact_bytes = serde_json::to_string(&line["compact"]).unwrap().len();
    assert!(
        package_bytes <= MAX_PACKAGE_BYTES,
        "{id}: package {package_bytes} bytes"
    );
    assert!(
        compact_bytes <= MAX_COMPACT_BYTES,
        "{id}: compact {compact_bytes} bytes"
    );
    for (k, value) in line["compact"].as_object().unwrap() {
        assert!(
            value.is_string() || value.is_number() || value.is_boolean(),
            "{id}: compact {k} is not flat"
        );
    }
}

/// Builds a package the way the CLI does and checks it, returning the output line.
fn package_line(v: &Validators, conversation: &Conversation) -> Value {
    let mut engine = Engine::default();
    engine.set_customer(conversation.customer.clone());
    for m in &conversation.messages {
        engine.observe(m.clone());
    }
    let decision = engine.decisive();
    let redaction = RedactionPolicy::default();
    let package = Package::build(&Inputs::from_engine(
        &engine,
        &decision,
        conversation.page.as_ref(),
        &redaction,
        "2026-11-24T17:00:00.250+01:00",
        "nonce-1",
    ))
    .unwrap();
    let compact = package.compact();
    // The core's own sizes are the real serialized sizes.
    assert_eq!(
        package.size(),
        serde_json::to_string(&package).unwrap().len()
    );
    assert_eq!(
        compact.size(),
        serde_json::to_string(&compact).unwrap().len()
    );
    let line = serde_json::json!({"id": "t", "package": package, "compact": compact});
    check_line(v, &line);
    line
}

struct Conversation {
    customer: Customer,
    page: Option<PageContext>,
    messages: Vec<Message>,
}

fn rich_page() -> PageContext {
    PageContext {
        url: Some("https://u:p@app.example.com/settings/billing?tab=payment&sid=x#card".into()),
        title: Some("Billing settings".into()),
        section: Some("Payment method".into()),
        breadcrumb: vec!["Settings".into(), "Billing".into()],
        trail: vec![Visit {
            url: Some("https://app.example.com/invoices?id=7".into()),
            title: Some("Invoices".into()),
            section: None,
        }],
        last_click: Some("Update card".into()),
        errors: vec!["Your card was declined (code card_declined)".into()],
        viewport: Some(Viewport {
            width: 1280,
            height: 800,
        }),
        language: Some("en-GB".into()),
        time_zone: Some("Europe/London".into()),
    }
}

#[test]
fn built_packages_match_the_schema() {
    let v = validators();
    let full_customer = Customer {
        id: Some("u-42".into()),
        name: Some("Jane Doe".into()),
        email: Some("jane@example.com".into()),
        tier: Some("enterprise".into()),
        plan: Some("Scale".into()),
        tenure_days: Some(900),
        open_tickets: Some(1),
        language: Some("en".into()),
    };
    let msg = |r: Role, t: &str| Message::new(r, t);
    let cases = vec![
        // Empty conversation, nothing known.
        Conversation {
            customer: Customer::default(),
            page: None,
            messages: vec![],
        },
        // Bot only, empty page object.
        Conversation {
            customer: Customer::default(),
            page: Some(PageContext::default()),
            messages: vec![msg(Role::Bot, "Hello! How can I help?")],
        },
        // The contract's example, with a VIP customer and a rich page.
        Conversation {
            customer: full_customer.clone(),
            page: Some(rich_page()),
            messages: vec![
                Message {
                    role: Role::Customer,
                    text: "hi, my invoice is wrong".into(),
                    ts: Some("2026-11-20T10:00:00Z".into()),
                },
                msg(
                    Role::Bot,
                    "Sorry to hear that! Have you checked Billing > Invoices?",
                ),
                msg(Role::Customer, "yes I ALREADY did that. this is ridiculous"),
                msg(Role::System, "agent joined"),
                msg(Role::Agent, "Hi Jane, looking now."),
            ],
        },
        // Control characters, quotes, emoji and other scripts.
        Conversation {
            customer: Customer {
                name: Some("Zoë \"Z\" Ångström".into()),
                ..Customer::default()
            },
            page: None,
            messages: vec![
                msg(
                    Role::Customer,
                    "tab\there\u{1}\u{7f} \\ \"q\" 😀 日本語 I need a human",
                ),
                msg(
                    Role::Bot,
                    "Try https://help.example.com/a?token=abcdef123456 please",
                ),
            ],
        },
    ];
    for c in &cases {
        package_line(&v, c);
    }
}

#[test]
fn huge_conversations_stay_under_both_limits() {
    let v = validators();
    // 500 messages of 2,000 characters, with separators, quotes and multi-byte text.
    let chunk = "Ünïcode \"quoted\" \\ text\n with digits 12345 and words ";
    let mut messages = Vec::new();
    for k in 0..500 {
        let role = if k % 2 == 0 {
            Role::Customer
        } else {
            Role::Bot
        };
        let mut text = format!("#{k} ");
        while text.chars().count() < 2000 {
            text.push_str(chunk);
        }
        let text: String = text.chars().take(2000).collect();
        messages.push(Message::new(role, text));
    }
    messages[250] = Message::new(Role::Customer, "I want to speak to a human agent please");
    let line = package_line(
        &v,
        &Conversation {
            customer: Customer {
                id: Some("x".repeat(10_000)),
                plan: Some("p".repeat(10_000)),
                ..Customer::default()
            },
            page: Some(PageContext {
                url: Some(format!("https://a.example/{}", "seg/".repeat(5000))),
                title: Some("t".repeat(10_000)),
                errors: vec!["e".repeat(10_000); 50],
                ..rich_page()
            }),
            messages,
        },
    );
    let t = &line["package"]["transcript"];
    assert_eq!(t["compacted"], true);
    let kept: Vec<u64> = t["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["index"].as_u64().unwrap())
        .collect();
    // The first and latest messages and every message that triggered a reason are kept (with
    // identical filler the engine may fire on a loop before message 250).
    let mut must: Vec<u64> = line["package"]["decision"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message_index"].as_u64().unwrap())
        .collect();
    assert!(!must.is_empty(), "the conversation triggered");
    must.extend([0, 499]);
    for m in must {
        assert!(kept.contains(&m), "{m} not kept: {kept:?}");
    }
}

/// Identifiers planted in every free-text field; none may survive in either form. The last
/// two are passwords, which have no shape of their own: they are planted after a cue
/// (`password:`), as a customer would type them.
const PLANTED: &[&str] = &[
    "jane.doe@example.com",
    "+1 (415) 555-0132",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "123-45-6789",
    "AB 12 34 56 C",
    "sk_live_51HxYzABCdef1234567890",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "AKIAIOSFODNN7EXAMPLE",
    "xoxb-123456789012-abcdefghijkl",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    "hunter2Secret!",
    "s3cr3tPassw0rd",
];

#[test]
fn no_planted_secret_survives() {
    let v = validators();
    let all =
        PLANTED[..11].join(" and ") + &format!(" password: {} pwd={}", PLANTED[11], PLANTED[12]);
    let text = format!(
        "my email {} phone {} card {} iban {} ssn {} nino {} keys {} {} {} {} jwt {} \
         password: {} and Authorization: Bearer {}",
        PLANTED[0],
        PLANTED[1],
        PLANTED[2],
        PLANTED[3],
        PLANTED[4],
        PLANTED[5],
        PLANTED[6],
        PLANTED[7],
        PLANTED[8],
        PLANTED[9],
        PLANTED[10],
        PLANTED[11],
        PLANTED[12],
    );
    let page = PageContext {
        url: Some(format!(
            "https://jane:{}@app.example.com/u/{}?email={}&token={}#access_token={}",
            PLANTED[11], PLANTED[0], PLANTED[0], PLANTED[12], PLANTED[6]
        )),
        title: Some(format!("Account {}", PLANTED[0])),
        section: Some(format!("Card {}", PLANTED[2])),
        breadcrumb: vec![format!("IBAN {}", PLANTED[3])],
        trail: vec![Visit {
            url: Some(format!("https://app.example.com/?sid={}", PLANTED[12])),
            title: Some(format!("call {}", PLANTED[1])),
            section: None,
        }],
        last_click: Some(format!("SSN {}", PLANTED[4])),
        errors: vec![format!("api key {}", PLANTED[6])],
        ..PageContext::default()
    };
    let conversation = Conversation {
        customer: Customer {
            id: Some("u-1".into()),
            name: Some(format!("Jane {}", PLANTED[0])),
            email: Some(PLANTED[0].into()),
            plan: Some(format!("Pro {}", PLANTED[8])),
            ..Customer::default()
        },
        page: Some(page),
        messages: vec![
            Message::new(Role::Customer, text.clone()),
            Message::new(Role::Bot, format!("Try this: {all}")),
            Message::new(Role::Customer, format!("no luck. I want a human. {all}")),
        ],
    };
    let line = package_line(&v, &conversation);
    let out = serde_json::to_string(&line).unwrap();
    let digits_out: String = out.chars().filter(|c| c.is_ascii_digit()).collect();
    for secret in PLANTED {
        assert!(!out.contains(secret), "{secret} survived");
        // Also no spaced or punctuated variant of a number (a card's last four may stay).
        let digits: String = secret.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() >= 9 && secret.chars().filter(|c| c.is_ascii_alphabetic()).count() < 3 {
            assert!(!digits_out.contains(&digits), "digits of {secret} survived");
        }
    }
    let counts = &line["package"]["redaction"];
    for kind in ["email", "phone", "card", "iban", "national_id", "secret"] {
        assert!(
            counts[kind].as_u64().unwrap() > 0,
            "no {kind} counted: {counts}"
        );
    }
}

/// The shared data folder, wherever this worktree sits; `None` when absent.
fn shared_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("HANDOFF_SHARED") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(manifest.join("../shared"));
    candidates.push(manifest.join("../../shared"));
    candidates.into_iter().find(|d| d.join("data").is_dir())
}

#[test]
fn sample_conversations_through_the_cli_match_the_schema() {
    let Some(shared) = shared_dir() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is absent but CI is set: the sample conversations must be checked"
        );
        eprintln!("skipped: ../shared (sample conversations) is absent");
        return;
    };
    let path = shared.join("data/sample-conversations.jsonl");
    let input = std::fs::read(&path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(["package", "--created-at", "2026-11-24T17:00:00Z"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "handoff package failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = validators();
    let expected = input
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    let lines: Vec<Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), expected);
    let mut ids = std::collections::HashSet::new();
    for line in &lines {
        check_line(&v, line);
        assert!(ids.insert(line["package"]["id"].as_str().unwrap().to_string()));
    }
}

#[test]
fn the_cli_rejects_bad_lines_with_codes_and_keeps_going() {
    let input = b"{\"id\": \"a\", \"messages\": [{\"role\": \"robot\", \"text\": \"x\"}]}\n\
                  {\"id\": \"b\", \"page\": {\"url\": \"https://x.example/?k=v\", \"extra\": 1},\
                   \"messages\": [{\"role\": \"customer\", \"text\": \"call 415-555-0132\"}]}\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args([
            "package",
            "--created-at",
            "2026-11-24T17:00:00Z",
            "--nonce",
            "n",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 1: invalid_role"), "{stderr}");
    let line: Value = serde_json::from_slice(out.stdout.trim_ascii_end()).unwrap();
    assert_eq!(line["id"], "b");
    assert_eq!(
        line["package"]["transcript"]["messages"][0]["text"],
        "call [phone]"
    );
    assert_eq!(line["package"]["page"]["url"], "https://x.example/?k=");
    check_line(&validators(), &line);
}

#[test]
fn the_cli_reads_a_redaction_policy() {
    let dir = std::env::temp_dir().join(format!("handoff-package-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("redaction.json");
    std::fs::write(
        &good,
        r#"{"phone": false, "patterns": [{"name": "employee_id", "glob": "EMP-######"}]}"#,
    )
    .unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"phones": false}"#).unwrap();
    let input = b"{\"id\": \"a\", \"messages\": [{\"role\": \"customer\", \
                  \"text\": \"I am EMP-004211, call 415-555-0132 or a@b.io\"}]}\n";
    let run = |policy: &PathBuf| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
            .args([
                "package",
                "--created-at",
                "2026-11-24T17:00:00Z",
                "--redaction",
            ])
            .arg(policy)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A rejected policy ends the run before stdin is read: a broken pipe is expected.
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
    };
    let out = run(&good);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: Value = serde_json::from_slice(out.stdout.trim_ascii_end()).unwrap();
    assert_eq!(
        line["package"]["transcript"]["messages"][0]["text"],
        "I am [employee_id], call 415-555-0132 or [email]"
    );
    let counts = &line["package"]["redaction"];
    assert_eq!(
        (counts["custom"].as_u64(), counts["phone"].as_u64()),
        (Some(1), Some(0))
    );
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("phones"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn escape_heavy_texts_stay_under_both_limits() {
    // Control characters take six bytes each in JSON: limits must hold on serialized bytes.
    let v = validators();
    let nasty = "\u{1}\"\\".repeat(700);
    let mut messages = Vec::new();
    for k in 0..120 {
        let text = if k % 2 == 0 {
            format!("I need a human {nasty}")
        } else {
            format!("Please try this {nasty}")
        };
        let role = if k % 2 == 0 {
            Role::Customer
        } else {
            Role::Bot
        };
        messages.push(Message::new(role, text));
    }
    let line = package_line(
        &v,
        &Conversation {
            customer: Customer {
                id: Some(nasty.clone()),
                tier: Some(nasty.clone()),
                plan: Some(nasty.clone()),
                ..Customer::default()
            },
            page: Some(PageContext {
                url: Some(format!("https://a.example/{nasty}")),
                title: Some(nasty.clone()),
                section: Some(nasty.clone()),
                ..PageContext::default()
            }),
            messages,
        },
    );
    assert!(line["compact"]["handoff_summary"]
        .as_str()
        .unwrap()
        .starts_with("I need a human"));
}
