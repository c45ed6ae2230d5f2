#!/usr/bin/env bash
# Measures the engine on the public labelled data in ../shared/data with the shared harness
# (../shared/tools): sentiment (VADER corpora, TweetEval, airline tweets), explicit requests
# (NLU++, Bitext, Rasa; false alarms on Banking77 and CLINC150), decisions on the labelled
# sample conversations, redaction (Presidio synthetic set), then one line per hand-written
# conversation batch (tests/fixtures/heldout-*.jsonl), then skill routing on the public intent
# sets (scripts/evaluate-skills.py). Prints the harness's tables.
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
# The project's own conversations, written and labelled blind to the engine
# (tests/fixtures/README.md says which were tuned on): one line of figures per file.
summary=$(cat <<'PY'
import json, sys
name, fig = sys.argv[1], json.load(sys.stdin)["figures"]
keys = [("decisions", "decision_accuracy"), ("in window", "in_window_rate"),
        ("reason", "reason_accuracy"), ("skill", "skill_accuracy"),
        ("priority", "priority_accuracy")]
parts = ["%s %s" % (label, "-" if fig[k] is None else "%.3f" % fig[k]) for label, k in keys]
n = fig["replay_conversations"]
right = round(fig["decision_accuracy"] * n)
print("%s: %d/%d decisions right; %s" % (name, right, n, ", ".join(parts)))
PY
)
for f in tests/fixtures/heldout-*.jsonl; do
  python3 "$shared/tools/evaluate.py" replay --cmd "$bin replay" --conversations "$f" --json 2>/dev/null \
    | tail -n 1 | python3 -c "$summary" "$(basename "$f")"
done
# Skill routing on the public intent sets (Bitext, Banking77, CLINC150): each text a one-message
# conversation, its decision's skill against the team its intent maps to (the tables in the
# script), on a DEV and a TEST half.
python3 scripts/evaluate-skills.py --cmd "$bin replay"
