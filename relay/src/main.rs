//! `handoff-relay`: the relay server. Reads the configuration (`--config` file,
//! `HANDOFF_RELAY_CONFIG`, or `HANDOFF_RELAY_CONFIG_JSON`), opens the SQLite store, and serves
//! the HTTP API while the delivery worker runs. See `relay/README.md`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use handoff_relay::config::Config;

/// Accepts handoff packages, stores them durably and delivers them to a helpdesk.
#[derive(Parser)]
#[command(name = "handoff-relay", version)]
struct Args {
    /// Configuration file (JSON).
    #[arg(long, env = "HANDOFF_RELAY_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on (overrides the file).
    #[arg(long, env = "HANDOFF_RELAY_LISTEN")]
    listen: Option<SocketAddr>,
    /// SQLite database file (overrides the file).
    #[arg(long, env = "HANDOFF_RELAY_DB")]
    db: Option<PathBuf>,
}

fn load(args: &Args) -> Result<Config, String> {
    let mut config = if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        Config::from_json(&text)?
    } else if let Ok(text) = std::env::var("HANDOFF_RELAY_CONFIG_JSON") {
        Config::from_json(&text)?
    } else {
        Config::default()
    };
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if let Some(db) = &args.db {
        config.db = db.clone();
    }
    Ok(config)
}

fn main() {
    let args = Args::parse();
    let config = match load(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("handoff-relay: {e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("handoff-relay: starting the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(serve(config)) {
        eprintln!("handoff-relay: {e}");
        std::process::exit(1);
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("listening on {}: {e}", config.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!(
        "handoff-relay: listening on http://{local}, destination {}, {} site(s){}",
        config.destination_name(),
        config.sites.len(),
        if config.sites.is_empty() {
            " (loopback clients only)"
        } else {
            ""
        }
    );
    handoff_relay::serve(config, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}
