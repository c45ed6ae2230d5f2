//! The fault test: a retrying client streams 10,000 packages (`HANDOFF_FAULT_PACKAGES` to
//! change) to a relay process that is killed with SIGKILL at random moments and restarted on the
//! same database, while the stand-in Zendesk answers with random and bursty 429s (with
//! `Retry-After`), 503s and connections dropped after the ticket was created. The stand-in does
//! not honour `Idempotency-Key` here, so only the relay's own durability and look-up-before-retry
//! stand between a fault and a duplicate. Every package must be created exactly once.

mod common;
use common::get_json;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use handoff_relay::standin::Faults;
use serde_json::{json, Value};

const SECRET: &str = "zd-fault-secret-do-not-log";

/// The relay child process; killed when dropped so a failing test leaves nothing behind.
struct Relay {
    child: Option<Child>,
    config: String,
    log: std::path::PathBuf,
}

impl Relay {
    fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_handoff-relay"))
            .env("HANDOFF_RELAY_CONFIG_JSON", &self.config)
            .env_remove("HANDOFF_RELAY_CONFIG")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reap.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn wait_healthy(http: &reqwest::Client, base: &str) {
    for _ in 0..500 {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the relay did not come up");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_package_stream_loses_and_duplicates_nothing() {
    let total: usize = std::env::var("HANDOFF_FAULT_PACKAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let started = Instant::now();
    let (standin, state) = common::start_standin(false).await;
    state.set_faults(Faults {
        rate_429: 0.02,
        rate_5xx: 0.02,
        rate_drop: 0.02,
        retry_after_s: 1,
        ..Faults::default()
    });

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = common::temp_dir("fault");
    // `HANDOFF_FAULT_DESTINATION=webhook` runs the same test against the signed webhook (with
    // its look-up URL) instead of Zendesk.
    let destination = match std::env::var("HANDOFF_FAULT_DESTINATION").as_deref() {
        Ok("webhook") => {
            json!({"webhook": {"url": format!("{standin}/webhook"), "secret": common::WEBHOOK_SECRET,
                                            "lookup_url": format!("{standin}/webhook/{{id}}")}})
        }
        _ => {
            json!({"zendesk": {"base_url": standin, "auth": {"basic": {"user": "bot@acme.test/token", "password": SECRET}},
                                "fields": {"handoff_id": 458}}})
        }
    };
    let config = json!({
        "listen": format!("127.0.0.1:{port}"),
        "db": dir.join("relay.sqlite"),
        "rate_limits": {"per_client_per_sec": 0, "per_site_per_sec": 0},
        "delivery": {"concurrency": 32, "max_attempts": 10000, "backoff_base_ms": 20, "backoff_max_ms": 500, "timeout_ms": 3000},
        "destination": destination,
    });
    let mut relay = Relay {
        child: None,
        config: config.to_string(),
        log: dir.join("relay.log"),
    };
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    relay.start();
    wait_healthy(&http, &base).await;

    // Bursts: every 700 ms, 40 answers in a row of 429 or 503.
    let bursting = Arc::new(AtomicBool::new(true));
    let burster = {
        let (state, bursting) = (state.clone(), bursting.clone());
        tokio::spawn(async move {
            let mut flip = false;
            while bursting.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(700)).await;
                let mut f = Faults {
                    rate_429: 0.02,
                    rate_5xx: 0.02,
                    rate_drop: 0.02,
                    retry_after_s: 1,
                    ..Faults::default()
                };
                if flip {
                    f.burst_429 = 40
                } else {
                    f.burst_5xx = 40
                }
                flip = !flip;
                state.set_faults(f);
            }
        })
    };

    // The retrying client: 32 connections, each package posted until it gets a 202.
    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(AtomicUsize::new(0));
    let retries = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..32 {
        let (http, base, next, acked, retries) = (
            http.clone(),
            base.clone(),
            next.clone(),
            acked.clone(),
            retries.clone(),
        );
        clients.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return;
                }
                let pkg = common::package(&common::pid(i as u64));
                loop {
                    match http
                        .post(format!("{base}/v1/handoffs"))
                        .json(&pkg)
                        .send()
                        .await
                    {
                        Ok(r) if r.status().as_u16() == 202 => break,
                        Ok(r) => assert!(r.status().is_server_error(), "unexpected {}", r.status()),
                        Err(_) => {}
                    }
                    retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(20 + fastrand::u64(0..30))).await;
                }
                acked.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }

    // The killer: SIGKILL at random moments while packages stream in, and a few more while the
    // backlog is being delivered; at least 6 kills in all.
    let kills = Arc::new(Mutex::new(0usize));
    let posting_done = || acked.load(Ordering::Relaxed) >= total;
    let mut kills_after_posting = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(150 + fastrand::u64(0..900))).await;
        relay.kill();
        *kills.lock().unwrap() += 1;
        tokio::time::sleep(Duration::from_millis(fastrand::u64(0..200))).await;
        relay.start();
        wait_healthy(&http, &base).await;
        if posting_done() {
            kills_after_posting += 1;
        }
        let n = *kills.lock().unwrap();
        if posting_done() && n >= 6 && kills_after_posting >= 2 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(200),
            "the stream did not finish"
        );
    }
    for c in clients {
        c.await.unwrap();
    }
    bursting.store(false, Ordering::Relaxed);
    burster.await.unwrap();
    let stream_time = started.elapsed();

    // Everything acknowledged must reach the helpdesk exactly once.
    let deadline = Instant::now() + Duration::from_secs(120);
    while state.stats().distinct < total {
        assert!(
            Instant::now() < deadline,
            "only {} of {total} delivered: {:?}",
            state.stats().distinct,
            state.stats()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let the relay record the last outcomes, then check its own view.
    let mut health = Value::Null;
    for _ in 0..200 {
        health = get_json(&http, &format!("{base}/healthz")).await;
        if health["counts"]["delivered"] == json!(total) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stats = state.stats();
    eprintln!(
        "fault test: {total} packages, {} kills, {} client retries, stream {:.1}s, total {:.1}s; stand-in: {} created, {} 429, {} 5xx, {} dropped, {} look-ups",
        kills.lock().unwrap(),
        retries.load(Ordering::Relaxed),
        stream_time.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        stats.created,
        stats.served_429,
        stats.served_5xx,
        stats.dropped,
        stats.lookups
    );
    assert!(stats.invalid.is_empty(), "{:?}", stats.invalid);
    assert_eq!(stats.duplicates, Vec::<String>::new());
    assert_eq!((stats.distinct, stats.created), (total, total));
    assert_eq!(health["counts"], json!({"delivered": total}), "{health}");
    assert!(stats.served_429 > 0 && stats.served_5xx > 0 && stats.dropped > 0);
    for i in (0..total).step_by(997) {
        assert_eq!(state.created_count(&common::pid(i as u64)), 1);
    }
    relay.kill();
    let log = std::fs::read_to_string(dir.join("relay.log")).unwrap();
    assert!(
        !log.contains(SECRET) && !log.contains(common::WEBHOOK_SECRET),
        "the relay logged a secret"
    );
    assert!(!log.contains(&handoff::core::helpdesk::base64(
        format!("bot@acme.test/token:{SECRET}").as_bytes()
    )));
}
