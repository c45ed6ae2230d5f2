#!/usr/bin/env bash
# Builds the two wasm packages (release profile, sized for shipping) and optimises each with
# wasm-opt -Oz from the npm package `binaryen` (Debian's binaryen 108 corrupts current
# wasm-bindgen output, so wasm-pack's own wasm-opt step is off in Cargo.toml):
#   pkg/        the full module: scoring, packaging (`buildPackage`, `compactPackage`), `Outbox`
#   pkg/score/  the scoring module (no `package` feature): `observe`, `setCustomer`,
#               `capturePage`, `reset`; the widget loads it with the page and the full module
#               only once a conversation starts.
set -euo pipefail
cd "$(dirname "$0")/.."

opt=node_modules/.bin/wasm-opt
if [ ! -x "$opt" ]; then
  echo "build-wasm: $opt is missing; run scripts/setup.sh (npm ci installs binaryen)" >&2
  exit 1
fi

# build OUT_DIR OUT_NAME [cargo args...]
build() {
  local out=$1 name=$2
  shift 2
  wasm-pack build --release --target bundler --mode no-install --out-dir "$out" --out-name "$name" -- "$@"
  local wasm="$out/${name}_bg.wasm"
  # --converge repeats -Oz until it stops shrinking the module; the producers and
  # target_features sections are metadata that no engine or bundler reads. -ocimfs 20 keeps
  # binaryen from inlining every function with one caller whatever its size (its default),
  # which folded each signal into one 55 KB `observe` function: with the signals kept apart the
  # module is 7.3 KB smaller gzipped and observe() ran 3% to 16% faster in Node over three
  # interleaved runs (npm run bench --baseline, 2026-11-25).
  "$opt" -Oz --converge --one-caller-inline-max-function-size 20 --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  echo "build-wasm: $(wc -c < "$wasm") bytes in $wasm after wasm-opt -Oz"
}

build pkg handoff
build pkg/score handoff_score --no-default-features --features console_error_panic_hook
