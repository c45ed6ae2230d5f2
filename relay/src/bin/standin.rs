//! `handoff-standin`: runs the helpdesk stand-in on its own, for demos and manual tests.
//! `handoff-standin [--listen 127.0.0.1:8790] [--webhook-secret S]`; faults are set with
//! `POST /_standin/faults` and counters read with `GET /_standin/stats`.

use std::sync::Arc;

use clap::Parser;
use handoff::core::helpdesk::Secret;
use handoff_relay::standin::{router, Standin};
use handoff_relay::vendor::{shared_dir, VendorSchemas};

/// A local stand-in for the Zendesk, Sunshine Conversations and Intercom APIs and a webhook.
#[derive(Parser)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8790")]
    listen: std::net::SocketAddr,
    /// The webhook signing secret to verify.
    #[arg(
        long,
        env = "HANDOFF_STANDIN_WEBHOOK_SECRET",
        default_value = "standin-webhook-secret"
    )]
    webhook_secret: String,
    /// Answer repeated Zendesk Idempotency-Keys with the first answer, as Zendesk does.
    #[arg(long)]
    idempotency: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let schemas = match shared_dir().map(|d| VendorSchemas::load(&d)) {
        Some(Ok(s)) => Some(Arc::new(s)),
        Some(Err(e)) => {
            eprintln!("handoff-standin: vendor schemas: {e}");
            None
        }
        None => {
            eprintln!("handoff-standin: shared/specs not found; request bodies are not checked");
            None
        }
    };
    let state = Arc::new(Standin::new(
        schemas,
        args.idempotency,
        Secret::new(args.webhook_secret),
    ));
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("handoff-standin: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("handoff-standin: listening on http://{}", args.listen);
    if let Err(e) = axum::serve(listener, router(state)).await {
        eprintln!("handoff-standin: {e}");
    }
}
