#!/usr/bin/env bash
# Every test of Love Bank, from a fresh clone: `bash .ci/test.sh` (the README's second command).
# With an argument, one stage alone: lint | unit | build | e2e.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.ci/bin:$ROOT/target/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"
stage="${1:-all}"

step() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; printf '   (%ss)\n' $((SECONDS - t0)); }

# A full run writes about 7 GB under target/ (debug, browser and release builds); running out of disk
# half-way shows up as a baffling compiler error, so say it plainly first.
free_gb=$(( $(df -Pk "$ROOT" | awk 'NR==2 {print $4}') / 1024 / 1024 ))
if [ "$free_gb" -lt 10 ]; then
  printf '\033[1;33mwarning: only %s GB free on %s; a full test run needs about 10 GB.\033[0m\n' "$free_gb" "$ROOT"
fi

step "tools (each is installed once; later runs skip it)"
WITH_BROWSER=1 WITH_POSTGRES=1 timed bash .ci/install-tools.sh

lint() {
  step "format"
  timed cargo fmt --all -- --check
  step "the docs cite only code that exists (a moved file or a renamed test)"
  node .ci/doc-refs.mjs
  step "clippy: the browser bundle (wasm32, hydrate)"
  timed cargo clippy -p app --lib --target wasm32-unknown-unknown --features hydrate \
    --target-dir target/front -- -D warnings
  step "clippy: the server and the shared library (native, ssr)"
  timed cargo clippy -p server -p app --all-targets --features app/ssr -- -D warnings
}

unit() {
  step "native tests: domain, server, integration (real router, fresh database each)"
  # A hung test must fail the run, not hold CI for its whole budget.
  timed timeout 20m cargo test --workspace
  step "the same integration tests on PostgreSQL (a throwaway server): the second store's conformance"
  (
    # shellcheck source=postgres.sh
    source .ci/postgres.sh
    postgres_start
    trap postgres_stop EXIT
    # The same command as above, so the same build: `-p server` alone would resolve features
    # differently and build every test binary a second time (8 GB more, and minutes).
    timed timeout 20m cargo test --workspace
  )
  step "browser tests of the IndexedDB module (wasm-bindgen-test in headless Chromium)"
  (cd app && CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 timed timeout 15m \
    cargo test --target wasm32-unknown-unknown --features hydrate --target-dir ../target/front \
    --test local_db)
}

build() {
  step "release build (.ci/bin/leptos-release: cargo leptos with the bundle's std built for size, wasm-opt, the loader stub)"
  timed leptos-release build
}

# The end-to-end packages (Playwright, exceljs), installed once per clone.
end2end_packages() {
  (cd end2end && { [ -d node_modules/@playwright/test ] && [ -d node_modules/exceljs ] || npm ci --no-audit --no-fund; })
}

e2e() {
  step "end-to-end: Playwright in Debian's Chromium, hydrated and without JavaScript"
  end2end_packages
  (cd end2end && timed timeout 15m npx playwright test)
}

# A phone's first visit, counted on the wire (bench/first_visit.mjs), against the goal: 300 KB of
# JS + WASM + CSS. Counted: the shell, sign-in and the passbook in the first chunk; not counted: the
# worker's background copy for offline use, since the worker marks its requests. 298.9 KB since the
# outbox's push and the wording of refusals became chunks of their own and the first chunk lost its
# hashed import names (.docs/BENCHMARKS.md, session 35).
FIRST_VISIT_BUDGET_BYTES=300000
budget() {
  step "the first chunk holds no lazy page's text (the splitter kept each chunk's constants with it)"
  # When the splitter cannot re-pack the read-only data per chunk it keeps all of it in the first
  # chunk, silently (see SPLIT_DATA_SLACK in app/src/lib.rs). The kiosk's sentence is only ever
  # used by the kiosk's chunk, so finding it in the first one means that fallback happened.
  local main_wasm
  main_wasm=$(ls -t target/site/pkg/lovebank.*.wasm | head -1)
  if grep -q "Scan with your phone to claim a wish" "$main_wasm"; then
    echo "the first chunk ($main_wasm) carries the kiosk's text: the split kept all constants in it" >&2
    exit 1
  fi
  step "first visit budget: JS + WASM + CSS of /signin → /volunteer ≤ $FIRST_VISIT_BUDGET_BYTES bytes on the wire"
  end2end_packages
  (cd end2end && BUDGET_BYTES=$FIRST_VISIT_BUDGET_BYTES timed timeout 5m node bench/first_visit.mjs)
}

case "$stage" in
  lint) lint ;;
  unit) unit ;;
  build) build ;;
  e2e) build; e2e ;;
  budget) budget ;;
  all) lint; unit; build; e2e; budget; bash .ci/bundle-size.sh ;;
  *) echo "unknown stage: $stage (lint | unit | build | e2e | budget)"; exit 2 ;;
esac
step "passed: $stage"
