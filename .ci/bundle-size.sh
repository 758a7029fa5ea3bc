#!/usr/bin/env bash
# Prints the release bundle's size (raw, gzip level 9, brotli quality 11) from target/site/pkg.
# Run after `cargo leptos build --release`. Uses Node's zlib, which has both compressors.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
node - <<'JS'
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const dir = "target/site/pkg";
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort() : [];
if (files.length === 0) { console.error("no bundle in target/site/pkg: build first"); process.exit(1); }
const pad = (s, n) => String(s).padStart(n);
console.log("file".padEnd(44) + pad("raw", 10) + pad("gzip", 10) + pad("brotli", 10));
for (const f of files) {
  const buf = fs.readFileSync(path.join(dir, f));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  const br = zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(f.padEnd(44) + pad(buf.length, 10) + pad(gz, 10) + pad(br, 10));
}
JS
