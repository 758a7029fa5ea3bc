#!/usr/bin/env bash
# The benchmarks of docs/BENCHMARKS.md, one per argument: capture | push | pull | passbook | reports. Each prints its
# numbers. Tools must be installed (`bash .ci/test.sh` once, or `WITH_BROWSER=1 bash .ci/install-tools.sh`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/target/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
case "${1:-}" in
  capture)
    cd app && CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
      --features hydrate --target-dir ../target/front --test capture_bench -- --nocapture ;;
  push)
    cargo bench -p server --bench sync_push ;;
  reports)
    cargo bench -p server --bench office_reports ;;
  pull)
    cargo leptos build --release
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } && node bench/pull.mjs ;;
  passbook)
    cargo leptos build --release
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } && node bench/passbook.mjs ;;
  *) echo "usage: bash .ci/bench.sh capture | push | pull | passbook | reports"; exit 2 ;;
esac
