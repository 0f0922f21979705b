#!/usr/bin/env bash
# The project's set-up: Debian's Chromium (the browser test opens report.html in it), the npm
# packages, the compiled package (dist/), and the Soroban driver (adapters/soroban: the real Blend v2 contracts, for the lockstep
# tests), i.e. `apt-get install -y chromium && npm ci && npm run build && cargo build --release` of the driver.
# Idempotent: apt is skipped when /usr/bin/chromium is already there; the driver's target
# directory is outside the clone (the one `blend-harness check --impl soroban` uses), so a second
# build is a no-op and a rebuild after a change is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup: /usr/bin/chromium is missing and installing it needs root (apt-get install -y chromium)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # the package lists may be missing on a fresh image: update them only then
  ${SUDO[@]+"${SUDO[@]}"} apt-get install -y chromium || { ${SUDO[@]+"${SUDO[@]}"} apt-get update && ${SUDO[@]+"${SUDO[@]}"} apt-get install -y chromium; }
fi
npm ci --no-audit --no-fund
# the compiled package (dist/, tsc -p tsconfig.build.json): package.json's `bin`, so that `npx blend-harness`
# works in the clone (there it runs the sources: bin/blend-harness.mjs), and what `npm pack` ships
npm run build
# The Soroban driver: a clean build takes a few minutes (crates.io downloads, then ~150 crates);
# without cargo it is left out (its tests skip, saying so), except under CI, where it is required.
target="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/blend-harness/soroban-target}"
# rustup's cargo, in a shell that never sourced its env
if ! command -v cargo >/dev/null 2>&1 && [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo" ]; then
  PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
if command -v cargo >/dev/null 2>&1; then
  echo "setup: building the Soroban driver (cargo build --release, target $target)..."
  start=$SECONDS
  CARGO_TARGET_DIR="$target" cargo build --release --quiet --manifest-path adapters/soroban/Cargo.toml
  echo "setup: Soroban driver ready in $((SECONDS - start)) s: $target/release/blend-harness-soroban"
elif [ -n "${CI:-}" ]; then
  echo "setup: cargo is not on PATH; CI needs it to build the Soroban driver (rustup: https://rustup.rs)" >&2
  exit 1
else
  echo "setup: cargo is not on PATH: the Soroban driver is not built (its tests skip, saying so)"
fi
