#!/usr/bin/env bash
# Measures the engine on the public labelled data in ../shared/data with the shared harness
# (../shared/tools): sentiment (VADER corpora, TweetEval, airline tweets), explicit requests
# (NLU++, Bitext, Rasa; false alarms on Banking77 and CLINC150), decisions on the labelled
# sample conversations, and redaction (Presidio synthetic set). Prints the harness's tables.
# Beside the test suite, not in it: the tests keep to the project's own fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${HANDOFF_SHARED:-../shared}"
if [ ! -d "$shared/tools" ]; then
  echo "evaluate: $shared/tools not found (set HANDOFF_SHARED to the shared folder)" >&2
  exit 2
fi
cargo build --release --bin handoff --quiet
# The binary cargo just built, wherever CARGO_TARGET_DIR puts it.
bin="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/handoff"
python3 "$shared/tools/evaluate.py" all --cmd "$bin score" --replay-cmd "$bin replay" "$@"
python3 "$shared/tools/evaluate_redaction.py" --cmd "$bin package"
