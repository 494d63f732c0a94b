#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (Playwright drives it; it never downloads a browser).
# Installs the chromium package when it is missing and this is root on Debian/Ubuntu; otherwise the
# browser tests skip with a message. RASHOMON_CHROMIUM may point at another Chromium binary.
set -euo pipefail
if [ -n "${RASHOMON_CHROMIUM:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || true
fi
command -v chromium >/dev/null || echo "scripts/chromium.sh: Chromium is not installed and cannot be installed here; the browser tests will skip" >&2
