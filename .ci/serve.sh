#!/usr/bin/env bash
# Runs Love Bank on http://127.0.0.1:3000 with SQLite in ./data and the demo data (README: the
# first of the two commands). Installs the build tools first when they are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash .ci/install-tools.sh
export PATH="$ROOT/.ci/bin:$ROOT/target/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LOVEBANK_DEMO_DATA="${LOVEBANK_DEMO_DATA:-true}" LOVEBANK_DATA_DIR="${LOVEBANK_DATA_DIR:-data}"
# cargo-leptos builds the browser's bundle, then the server. The bundle's build is mostly one core
# at a time, so the server's build starts beside it here; when `serve` reaches the server, Cargo
# waits for this build and finds nothing left to do (a failure here is built and shown again there).
mkdir -p target
cargo leptos build --release --precompress --split --server-only > target/server-build.log 2>&1 &
exec cargo leptos serve --release --precompress --split
