#!/usr/bin/env bash
# Runs Love Bank on http://127.0.0.1:3000 with SQLite in ./data and the demo data (README: the
# first of the two commands). Installs the build tools first when they are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash .ci/install-tools.sh
export PATH="$ROOT/.ci/bin:$ROOT/target/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LOVEBANK_DEMO_DATA="${LOVEBANK_DEMO_DATA:-true}" LOVEBANK_DATA_DIR="${LOVEBANK_DATA_DIR:-data}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec leptos-release serve
