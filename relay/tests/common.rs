//! Helpers shared by the relay's integration tests: finding `shared/` (skip when absent, fail
//! when absent under `CI`), loading the vendor schemas once, and sample packages.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use handoff_relay::vendor::{shared_dir, VendorSchemas};
use serde_json::{json, Value};

/// The vendor schemas, or `None` (with a message) when `shared/` is absent outside CI.
pub fn schemas() -> Option<Arc<VendorSchemas>> {
    static SCHEMAS: OnceLock<Option<Arc<VendorSchemas>>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| match shared_dir() {
            Some(dir) => Some(Arc::new(VendorSchemas::load(&dir).expect("vendor schemas load"))),
            None => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "shared/specs is required when CI is set (set HANDOFF_SHARED_DIR)"
                );
                eprintln!("skipping vendor schema checks: shared/specs not found (set HANDOFF_SHARED_DIR)");
                None
            }
        })
        .clone()
}

/// A full package.
pub fn package(id: &str) -> Value {
    json!({
        "id": id,
        "conversation_id": "603012d7e0a3f9000c879b67",
        "summary": "Customer was charged twice for the March invoice and wants a refund.",
        "decision": {"reasons": ["explicit_request", "frustration"], "skill": "billing",
                     "priority": "high", "sentiment": -0.62},
        "customer": {"id": "536e564f316c83104c000020", "name": "Jane Doe",
                     "email": "jane@example.com", "tier": "vip"},
        "page": {"url": "https://shop.example/billing", "section": "invoices"},
        "tried_solutions": ["Sent the refund policy article"],
        "transcript": [{"role": "customer", "text": "I was charged twice!"},
                       {"role": "bot", "text": "Here is our refund policy."},
                       {"role": "customer", "text": "I want a human."}]
    })
}
