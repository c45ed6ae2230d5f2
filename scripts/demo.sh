#!/usr/bin/env bash
# Sets up what is missing, builds the optimised wasm package and the relay, then runs the whole
# loop on this machine: the relay with its local inbox on 127.0.0.1:8787, and the demo (the fake
# product page with the widget, a scripted bot, the decision inspector and the agent sidebar on
# the newest handoff) on http://127.0.0.1:8080/. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh
scripts/build-wasm.sh
cargo build -p handoff-relay --quiet

relay_port="${HANDOFF_RELAY_PORT:-8787}"
demo_port="${HANDOFF_DEMO_PORT:-8080}"
data_dir="${HANDOFF_DEMO_DATA:-target/demo}"
mkdir -p "$data_dir"
"${CARGO_TARGET_DIR:-target}/debug/handoff-relay" --listen "127.0.0.1:${relay_port}" --db "$data_dir/handoff.sqlite" &
relay_pid=$!
trap 'kill "$relay_pid" 2>/dev/null || true' EXIT INT TERM

echo
echo "Handoff demo:   http://127.0.0.1:${demo_port}/"
echo "Agent sidebar:  http://127.0.0.1:${demo_port}/sidebar.html"
echo "Outcomes:       http://127.0.0.1:${demo_port}/dashboard.html"
echo "Relay inbox:    http://127.0.0.1:${relay_port}/v1/inbox"
echo
HANDOFF_RELAY="http://127.0.0.1:${relay_port}" npx webpack serve --mode development --port "$demo_port"
