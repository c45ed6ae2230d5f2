#!/usr/bin/env bash
# Sets up what is missing, builds the optimised wasm package, and serves the demo (the fake
# product page with the chat widget and the decision inspector) on 127.0.0.1, printing its URL.
# Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh
scripts/build-wasm.sh
port="${HANDOFF_DEMO_PORT:-8080}"
echo
echo "Handoff demo: http://127.0.0.1:${port}/"
echo
exec npx webpack serve --mode development --port "$port"
