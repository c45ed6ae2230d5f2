//! wasm-bindgen-test suite for the JS facade, run in Node by `wasm-pack test --node`.
#![cfg(target_arch = "wasm32")]

mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn explicit_request_escalates() {
    common::explicit_request_escalates();
}

#[wasm_bindgen_test]
fn bad_input_throws_coded_errors() {
    common::bad_input_throws_coded_errors();
}

#[wasm_bindgen_test]
fn odd_text_never_panics() {
    common::odd_text_never_panics();
}
