#!/usr/bin/env bash
# The Soroban driver's Rust lints, for CI: formatting (`cargo fmt --check`, settings in
# adapters/soroban/rustfmt.toml) and clippy on every target with warnings as errors. Exits non-zero
# on the first that fails. Uses CARGO_TARGET_DIR as the driver's build does (scripts/setup.sh: the
# target directory outside the clone, so clippy reuses the compiled dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/blend-harness/soroban-target}"
# rustup's cargo, in a shell that never sourced its env
if ! command -v cargo >/dev/null 2>&1 && [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo" ]; then
  PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
manifest=adapters/soroban/Cargo.toml
echo "lint-rust: cargo fmt --check"
cargo fmt --check --manifest-path "$manifest"
echo "lint-rust: cargo clippy --release --all-targets -D warnings (target $CARGO_TARGET_DIR)"
cargo clippy --release --quiet --manifest-path "$manifest" --all-targets -- -D warnings
echo "lint-rust: ok"
