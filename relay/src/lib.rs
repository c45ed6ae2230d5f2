//! The Handoff relay: accepts handoff packages over HTTP, writes them durably to SQLite before
//! answering, and delivers them to the configured helpdesk with retries, or keeps them in the
//! local inbox. The request bodies come from the pure builders in `handoff::core::helpdesk`;
//! this crate owns every side effect (sockets, the database, clocks, randomness).
//!
//! Modules: [`config`] (file and environment), [`store`] (SQLite, group commit), [`server`]
//! (the HTTP API: validation, site keys, origins, CORS, rate limits), [`feedback`] (outcome
//! events, metrics, stored packages), [`canvas`] (the Intercom Canvas Kit sidebar), [`worker`] and
//! [`deliver`] (the delivery loop and one function per destination), [`standin`] (a local
//! stand-in for each helpdesk API, for tests) and [`vendor`] (the vendors' OpenAPI schemas as
//! JSON Schema validators).

pub mod canvas;
pub mod config;
pub mod deliver;
pub mod feedback;
pub mod ratelimit;
pub mod sample;
pub mod server;
pub mod standin;
pub mod store;
pub mod vendor;
pub mod worker;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Runs the relay on `listener` until `shutdown` completes: opens the store, starts the
/// delivery worker and serves the API.
pub async fn serve(
    config: config::Config,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    use std::sync::Arc;
    let store = store::Store::open(&config.db, config.synchronous == "full")?;
    let wake = Arc::new(tokio::sync::Notify::new());
    let dest = Arc::new(config.destination.clone());
    tokio::spawn(worker::run(
        store.clone(),
        dest,
        config.delivery.clone(),
        wake.clone(),
    ));
    let validator = vendor::package_validator();
    let app = Arc::new(server::App::new(config, store, wake, validator));
    axum::serve(
        listener,
        server::router(app).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| e.to_string())
}
