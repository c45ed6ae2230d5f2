#!/usr/bin/env bash
# Sets up what is missing, then runs every check Handoff has, in order: format, lints (host
# and wasm32), rustdoc, native tests, wasm-bindgen tests in Node and in headless Chromium, the
# optimised wasm build, the production webpack build, the end-to-end browser tests on that
# build, and the wasm size budget. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

start=$(date +%s)
step() {
  printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - start ))" "$*"
}

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (host)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32-unknown-unknown: the full module, then the scoring module)"
cargo clippy -p handoff --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p handoff --target wasm32-unknown-unknown --lib --no-default-features \
  --features console_error_panic_hook -- -D warnings

step "rustdoc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "cargo test (native)"
cargo test --workspace

step "wasm-bindgen-test in Node"
wasm-pack --log-level warn test --node --mode no-install -- --test node

step "wasm-bindgen-test in headless Chromium"
wasm-pack --log-level warn test --headless --chrome --mode no-install -- --test browser

step "optimised wasm builds (pkg/ and pkg/score/)"
scripts/build-wasm.sh

step "webpack production build (dist/) and the Zendesk app package"
npx webpack --mode production --stats errors-warnings
node scripts/build-zendesk-app.mjs

step "JS tests in Node: the optimised packages' API, both modules deciding alike, the .d.ts snapshots, the Zendesk app checks"
node --experimental-wasm-modules --no-warnings --test tests/js/

step "relay binary for the end-to-end tests"
cargo build -p handoff-relay --quiet

step "end-to-end tests in headless Chromium (on the optimised build, with the real relay)"
node --test tests/e2e/

step "wasm size budgets (the scoring module and the full module)"
node scripts/size-report.mjs

step "all checks passed in $(( $(date +%s) - start ))s"
