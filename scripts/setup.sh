#!/usr/bin/env bash
# The project's set-up: Debian's Chromium (the browser test opens report.html in it) and the npm
# packages, i.e. `apt-get install -y chromium && npm ci`. Idempotent: apt is skipped when
# /usr/bin/chromium is already there.
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
