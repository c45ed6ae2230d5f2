//! `relay-bench`: measures the relay's durable accept rate and latency on loopback. It starts
//! the `handoff-relay` binary next to it (local inbox destination, a fresh database in a temp
//! directory, rate limits off), or uses `--url` for a running relay, then posts `--packages`
//! distinct packages over `--connections` concurrent connections and prints accepts per second
//! and latency percentiles. Every 202 means the package was committed to SQLite first.
//!
//! `cargo run -p handoff-relay --release --bin relay-bench -- --packages 20000`

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::json;

/// Load generator for the relay's accept path.
#[derive(Parser)]
struct Args {
    /// Packages to post.
    #[arg(long, default_value_t = 20_000)]
    packages: usize,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// SQLite synchronous level for the spawned relay: full or normal.
    #[arg(long, default_value = "full")]
    synchronous: String,
    /// Use a running relay instead of spawning one.
    #[arg(long)]
    url: Option<String>,
}

/// Hex digits as the letters a-p the package schema uses for ids.
fn letters(hex: String) -> String {
    hex.chars()
        .map(|c| (b'a' + c.to_digit(16).unwrap_or(0) as u8) as char)
        .collect()
}

/// The sample package under an id unique to this run and index.
fn package(i: usize, run: u64) -> serde_json::Value {
    handoff_relay::sample::package(&format!(
        "hp_{}",
        letters(format!("{:016x}{:016x}", run, i))
    ))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = Args::parse();
    let mut child = None;
    let _dir;
    let base = match &args.url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            let exe = std::env::current_exe().expect("current exe");
            let relay = exe.with_file_name("handoff-relay");
            let dir = std::env::temp_dir().join(format!("relay-bench-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("temp dir");
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("port")
                .port();
            let config = json!({"listen": format!("127.0.0.1:{port}"), "db": dir.join("bench.sqlite"),
                "synchronous": args.synchronous, "rate_limits": {"per_client_per_sec": 0, "per_site_per_sec": 0}});
            child = Some(
                Command::new(&relay)
                    .env("HANDOFF_RELAY_CONFIG_JSON", config.to_string())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap_or_else(|e| {
                        panic!(
                            "starting {}: {e} (build it: cargo build --release -p handoff-relay)",
                            relay.display()
                        )
                    }),
            );
            _dir = dir;
            format!("http://127.0.0.1:{port}")
        }
    };
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections)
        .build()
        .expect("client");
    for _ in 0..500 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let bodies: Arc<Vec<String>> = Arc::new(
        (0..args.packages)
            .map(|i| package(i, run).to_string())
            .collect(),
    );
    let bytes = bodies.iter().map(String::len).sum::<usize>() / args.packages.max(1);
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(args.packages)));
    let failures = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.connections {
        let (http, base, bodies, next, latencies, failures) = (
            http.clone(),
            base.clone(),
            bodies.clone(),
            next.clone(),
            latencies.clone(),
            failures.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= bodies.len() {
                    break;
                }
                let t = Instant::now();
                let ok = http
                    .post(format!("{base}/v1/handoffs"))
                    .header("content-type", "application/json")
                    .body(bodies[i].clone())
                    .send()
                    .await
                    .map(|r| r.status().as_u16() == 202)
                    .unwrap_or(false);
                if ok {
                    mine.push(t.elapsed());
                } else {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies.lock().map(|mut l| l.extend(mine)).ok();
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed();
    let mut lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    lat.sort();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "relay-bench: {} packages ({} B each) over {} connections, synchronous={}: {:.0} accepts/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} failures",
        lat.len(),
        bytes,
        args.connections,
        if args.url.is_some() { "(external)" } else { &args.synchronous },
        lat.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        failures.load(Ordering::Relaxed)
    );
    if let Some(mut c) = child {
        let _ = c.kill();
        let _ = c.wait();
    }
}
