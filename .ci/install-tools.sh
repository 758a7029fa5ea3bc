#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already there.
# Safe to run again: each step checks first. Versions are pinned to what was measured to work
# together (see README "Two commands"); how the two tools built from source are compiled:
# cargo-leptos-profile.toml and wasm-bindgen-profile.toml.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pinned in Cargo.toml
BINARYEN_VERSION=132.0.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/target/tools"     # npm-installed wasm-opt lives here (never Debian's binaryen)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

need_apt=()
command -v curl >/dev/null || need_apt+=(curl ca-certificates)
command -v node >/dev/null || need_apt+=(nodejs npm)
if [ "${WITH_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
# The WebDriver for wasm-bindgen-test's browser tests of the IndexedDB module.
if [ "${WITH_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromedriver ]; then need_apt+=(chromium-driver); fi
# A Chinese font (5 MB), so screen tests measure the widths a Chinese reader sees, not empty boxes.
if [ "${WITH_BROWSER:-0}" = 1 ] && [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then need_apt+=(fonts-wqy-microhei); fi
# PostgreSQL: the second store's tests run against a throwaway server (.ci/postgres.sh).
if [ "${WITH_POSTGRES:-0}" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need_apt+=(postgresql); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# The release bundle compiles its own standard library for size (.ci/bin/leptos-release).
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "rustup component add rust-src"
  rustup component add rust-src
fi

if ! cargo-leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  # The published lockfile pins cargo-util-schemas 0.14.2, which needs a newer rustc than this
  # machine has; 0.14.1 is API-compatible. Build from the crate source with that one pin moved.
  # Its own profile asks for whole-program LTO in one codegen unit, all of it optimised; a build
  # tool needs speed only where it crunches bytes: cargo-leptos-profile.toml says where.
  say "building cargo-leptos $CARGO_LEPTOS_VERSION from source (about 8 minutes, once)"
  t0=$SECONDS
  src="$(mktemp -d)"
  curl -sSfL "https://static.crates.io/crates/cargo-leptos/cargo-leptos-$CARGO_LEPTOS_VERSION.crate" \
    | tar -xz -C "$src"
  (cd "$src/cargo-leptos-$CARGO_LEPTOS_VERSION" \
    && cargo update -q -p cargo-util-schemas --precise 0.14.1 \
    && cargo install -q --path . --locked --config "$ROOT/.ci/cargo-leptos-profile.toml")
  rm -rf "$src"
  say "cargo-leptos built in $((SECONDS - t0)) s"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  t0=$SECONDS
  # Without --locked: its lockfile names a crate version the registry no longer has.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
    --config "$ROOT/.ci/wasm-bindgen-profile.toml"
  say "wasm-bindgen-cli built in $((SECONDS - t0)) s"
fi

if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ]; then
  say "npm install binaryen@$BINARYEN_VERSION (wasm-opt)"
  mkdir -p "$TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null
fi
say "tools ready"
