#!/usr/bin/env bash
# Fresh machine → analyze the bundled demo corpus into out/ (SQLite DB, rashomon/1 JSON, HTML report).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/rashomon analyze examples/ --db out/rashomon.db --json out/out.json --report out/report "$@"
