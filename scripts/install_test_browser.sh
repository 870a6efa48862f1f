#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/web, marker `browser`).
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (or sudo)
# and Debian's package repositories (not the browser builds Playwright would download).
set -euo pipefail

BROWSER=/usr/bin/chromium

if [[ -x "$BROWSER" ]]; then
    echo "chromium present: $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")"
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "error: $BROWSER is missing and installing it needs root (apt-get install -y chromium)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y chromium

if [[ ! -x "$BROWSER" ]]; then
    echo "error: apt-get installed chromium but $BROWSER is still missing" >&2
    exit 1
fi
echo "chromium installed: $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")"
