#!/usr/bin/env bash
# The benchmarks of .docs/BENCHMARKS.md, one per argument: capture | push | pull | passbook | reports | city | devices | first-visit | save | wall | burst. Each prints its
# numbers. Tools must be installed (`bash .ci/test.sh` once, or `WITH_BROWSER=1 bash .ci/install-tools.sh`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.ci/bin:$ROOT/target/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# `cargo bench` also builds the server binary into target/release, as `cargo leptos` does; without
# the bundle's name it would then serve pages that point at a missing script.
export LEPTOS_OUTPUT_NAME=lovebank
case "${1:-}" in
  capture)
    cd app && CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
      --features hydrate --target-dir ../target/front --test capture_bench -- --nocapture ;;
  push|reports|city)
    # The same benchmark on each store, one after the other: SQLite, then a throwaway PostgreSQL
    # with its disk syncs on (as SQLite's FULL).
    bench=sync_push; [ "$1" = reports ] && bench=office_reports; [ "$1" = city ] && bench=city_statistics
    echo "== SQLite"; cargo bench -p server --bench "$bench"
    # shellcheck source=postgres.sh
    source .ci/postgres.sh; postgres_start durable; trap postgres_stop EXIT
    echo "== PostgreSQL"; cargo bench -p server --bench "$bench" ;;
  devices)
    # 1,000 phones against one server on SQLite, then two servers on one PostgreSQL (the bench
    # starts the release server binaries itself).
    # shellcheck source=postgres.sh
    source .ci/postgres.sh; postgres_start durable; trap postgres_stop EXIT
    cargo bench -p server --bench devices ;;
  pull)
    leptos-release build
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } && node bench/pull.mjs ;;
  passbook)
    leptos-release build
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } && node bench/passbook.mjs ;;
  first-visit)
    leptos-release build
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } \
      && node bench/first_visit.mjs && PHONE=1 node bench/first_visit.mjs ;;
  save)
    [ -n "${BENCH_TARGET:-}" ] || leptos-release build
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } && node bench/save.mjs ;;
  wall)
    [ -n "${BENCH_TARGET:-}" ] || leptos-release build
    cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; } && node bench/wall.mjs ;;
  burst)
    leptos-release build
    cd end2end && node bench/signin_burst.mjs ;;
  *) echo "usage: bash .ci/bench.sh capture | push | pull | passbook | reports | city | devices | first-visit | save | wall | burst"; exit 2 ;;
esac
