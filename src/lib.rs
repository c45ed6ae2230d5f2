//! Handoff: an AI-to-human handoff engine for helpdesks.
//!
//! The pure engine lives in [`core`] and is what native tools, the relay and tests use. The
//! wasm build adds three edges, each a module of its own: the JS facade (`wasm`), page context
//! capture (`page`) and transport (`transport`, the only module that does HTTP). The edges are
//! compiled for `wasm32` only, so native builds never pull in wasm-bindgen or web-sys.
#![deny(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(all(target_arch = "wasm32", feature = "package"))]
mod transport;
#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(all(target_arch = "wasm32", feature = "package"))]
pub use transport::Outbox;
#[cfg(target_arch = "wasm32")]
pub use wasm::HandoffEngine;

/// The wasm build's allocator: talc, which ships smaller than the default dlmalloc (2.3 KB
/// gzip) and is no slower on `observe`. Single-threaded wasm only, as this build is.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
