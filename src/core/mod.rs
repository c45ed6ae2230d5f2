//! The pure core: conversation, signals, policy, decision. No I/O, no wasm-bindgen, js-sys,
//! web-sys or gloo (a test in `tests/architecture.rs` enforces this), so everything here is
//! tested natively with `cargo test` and shared by the CLI, the wasm facade and the relay.

pub mod calibrate;
pub mod context;
pub mod conversation;
pub mod decision;
pub mod engine;
pub mod error;
pub mod helpdesk;
pub mod json;
pub mod json_de;
pub mod lowercase;
pub mod metrics;
pub mod outcomes;
pub mod package;
pub mod policy;
pub mod redact;
pub mod retry;
pub mod routing;
pub mod signals;
pub mod sim;
pub mod sort;
pub mod sorted_map;
pub(crate) mod strbuf;
pub mod text;
pub mod wire;
pub(crate) mod word_list;

pub use conversation::{Message, Role};
pub use decision::{Decision, Priority, Reason, Skill, Trigger};
pub use engine::Engine;
pub use error::{Error, ErrorCode};
pub use policy::Policy;

/// The engine's version, carried in packages and reports.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
