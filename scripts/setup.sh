#!/usr/bin/env bash
# Installs what building and testing Handoff needs, and only what is missing: the wasm32
# target, wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version, wasm-pack, Debian's
# chromium and chromium-driver, and the npm packages from package-lock.json. Idempotent: a
# second run takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Rust: the wasm target and the lint components.
installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
installed_components=$(rustup component list --installed)
for c in rustfmt clippy; do
  if ! grep -q "^$c" <<<"$installed_components"; then
    say "adding rustup component $c"
    rustup component add "$c"
  fi
done

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}'); about 3 minutes"
  cargo install wasm-bindgen-cli --version "$want" --force
fi
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack; about 3 minutes"
  cargo install wasm-pack
fi

# Debian's Chromium and its driver, for wasm-bindgen-test in the browser and the e2e tests.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm packages, exactly as locked.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "ready (wasm-bindgen $want, $(wasm-pack --version), $(node --version))"
