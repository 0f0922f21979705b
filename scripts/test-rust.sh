#!/usr/bin/env bash
# The Soroban driver's own Rust tests (`cargo test --release`: the protocol, the equivalence rules,
# the snapshot cache, the mutant writer), for CI and before a change to adapters/soroban is merged.
# Uses CARGO_TARGET_DIR as the driver's build does (scripts/setup.sh: the target directory outside
# the clone, so the release dependencies already built are reused).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/blend-harness/soroban-target}"
# rustup's cargo, in a shell that never sourced its env
if ! command -v cargo >/dev/null 2>&1 && [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo" ]; then
  PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
echo "test-rust: cargo test --release (target $CARGO_TARGET_DIR)"
cargo test --release --quiet --manifest-path adapters/soroban/Cargo.toml
echo "test-rust: ok"
