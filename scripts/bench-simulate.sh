#!/usr/bin/env bash
# Benchmark of `handoff simulate`: simulated conversations per second for 1,000,000
# conversations on a 10-agent floor at 90% load, for each strategy, plus a 100-agent floor.
# Target: one million conversations in under 10 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/handoff"
for strategy in skills-first round-robin least-loaded; do
  printf '%-13s 10 agents:  ' "$strategy"
  "$bin" simulate --agents 10 --arrival-rate 1.8 --mean-handle 5 --conversations 1000000 \
    --strategy "$strategy" --seed 1 --no-progress --timing 2>&1 >/dev/null
done
printf '%-13s 100 agents: ' skills-first
"$bin" simulate --agents 100 --arrival-rate 19 --mean-handle 5 --patience 3 \
  --conversations 1000000 --seed 1 --no-progress --timing 2>&1 >/dev/null
