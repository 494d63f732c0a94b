#!/usr/bin/env bash
# Fresh machine → install everything the tests need (Python packages, Chromium, a PostgreSQL server), run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/chromium.sh
read -r PG_URL PG_DATA < <(bash scripts/postgres.sh || true) || true
if [ -n "${PG_URL:-}" ]; then
  export RASHOMON_TEST_POSTGRES="$PG_URL"
  PG_CTL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl
  stop_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_CTL" -D "$PG_DATA" stop -m fast >/dev/null; else "$PG_CTL" -D "$PG_DATA" stop -m fast >/dev/null; fi; rm -rf "$PG_DATA"; }
  trap stop_pg EXIT
fi
.venv/bin/python -m pytest -q "$@"
