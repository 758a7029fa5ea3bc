// Takes out of the first chunk (the main WebAssembly module and its JavaScript glue) two kinds of
// bytes that do nothing in the browser, then writes the .br and .gz copies again.
//
//   node .ci/slim-main-module.mjs [site-pkg-dir]     (default target/site/pkg)
//
// 1. Import names. wasm-bindgen names each function the module imports from its glue
//    `__wbg_<name>_<16 hex digits>` (the digits keep names apart across crates). The name is
//    written twice, once in the module's import section and once as a key of the glue's import
//    object: 289 names whose random digits no compressor can shrink, about 7 KB at brotli 11 of
//    the two files. Each becomes a short name (`wa`, `wb`, …), the same in both files.
// 2. Empty table segments. The chunk splitter reserves the table slots that a lazy chunk fills
//    when it arrives with segments of `ref.null`: the table already starts out null, so they only
//    restate it (400 segments, about 17 KB before compression). A segment is left out only when
//    every entry is null and no other segment writes a slot in its range, so the table each
//    instantiation builds is the same.
//
// The module's file name keeps cargo-leptos' content hash: the rewrite depends only on that
// content, so one name still means one content. Anything this script does not expect (a hashed
// name the glue and the module do not share, a segment it cannot read) stops the build.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.argv[2] ?? "target/site/pkg";
const fail = (message) => {
  console.error(`slim-main-module: ${message}`);
  process.exit(1);
};
const only = (pattern) => {
  const found = readdirSync(dir).filter((f) => pattern.test(f));
  if (found.length !== 1) fail(`expected one file matching ${pattern} in ${dir}, found ${found.length}`);
  return found[0];
};
const wasmName = only(/^lovebank\.[^.]+\.wasm$/);
const jsName = only(/^lovebank\.[^.]+\.js$/);
const wasm = readFileSync(join(dir, wasmName));
const glue = readFileSync(join(dir, jsName), "utf8");
const GLUE_MODULE = "./lovebank_bg.js";
const HASHED = /^[A-Za-z_][A-Za-z_0-9]*_[0-9a-f]{16}$/;

// --- reading and writing the binary format ---
let at = 0;
const uleb = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const sleb32 = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[at++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return shift < 32 && byte & 0x40 ? result | (-1 << shift) : result;
};
const toLeb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};
const name = () => {
  const length = uleb();
  const text = wasm.subarray(at, at + length).toString("utf8");
  at += length;
  return text;
};
const skipLimits = () => {
  const flags = uleb();
  uleb();
  if (flags & 1) uleb();
};
/** A constant expression `i32.const n; end`, as a table offset. */
const offsetExpression = () => {
  if (wasm[at++] !== 0x41) fail("a table segment's offset is not an i32 constant");
  const value = sleb32();
  if (wasm[at++] !== 0x0b) fail("a table segment's offset is longer than one constant");
  return value;
};
const section = (id, body) => Buffer.concat([Buffer.from([id]), toLeb(body.length), body]);

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmName} is not a WebAssembly module`);
if (glue.includes(`"${GLUE_MODULE}"`) === false) fail(`${jsName} does not name ${GLUE_MODULE}`);

const shortName = (index) => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let text = "";
  let i = index;
  do {
    text = letters[i % letters.length] + text;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return `w${text}`;
};

const renamed = new Map();
const out = [wasm.subarray(0, 8)];
let dropped = 0;
let kept = 0;
at = 8;
while (at < wasm.length) {
  const start = at;
  const id = wasm[at++];
  const length = uleb();
  const end = at + length;
  if (id === 2) {
    const count = uleb();
    const imports = [toLeb(count)];
    for (let i = 0; i < count; i++) {
      const module = name();
      let field = name();
      const descriptor = at;
      const kind = wasm[at++];
      if (kind === 0) uleb();
      else if (kind === 1) {
        at++;
        skipLimits();
      } else if (kind === 2) skipLimits();
      else if (kind === 3) at += 2;
      else if (kind === 4) {
        at++;
        uleb();
      } else fail(`an import of unknown kind ${kind}`);
      if (module === GLUE_MODULE && HASHED.test(field)) {
        if (renamed.has(field)) fail(`${field} is imported twice`);
        const short = shortName(renamed.size);
        renamed.set(field, short);
        field = short;
      }
      const moduleBytes = Buffer.from(module, "utf8");
      const fieldBytes = Buffer.from(field, "utf8");
      imports.push(toLeb(moduleBytes.length), moduleBytes, toLeb(fieldBytes.length), fieldBytes,
        wasm.subarray(descriptor, at));
    }
    if (at !== end) fail("the import section did not end where it said");
    out.push(section(2, Buffer.concat(imports)));
  } else if (id === 9) {
    const count = uleb();
    const segments = [];
    for (let i = 0; i < count; i++) {
      const segmentStart = at;
      const flags = uleb();
      let offset;
      let entries;
      let allNull = false;
      if (flags === 0) {
        // Function indexes: never null.
        offset = offsetExpression();
        entries = uleb();
        for (let j = 0; j < entries; j++) uleb();
      } else if (flags === 4) {
        // Expressions: `ref.null func` (d0 70 0b) or `ref.func i` (d2 i 0b).
        offset = offsetExpression();
        entries = uleb();
        allNull = true;
        for (let j = 0; j < entries; j++) {
          const opcode = wasm[at++];
          if (opcode === 0xd0) {
            if (wasm[at++] !== 0x70) fail("a null entry of a type other than funcref");
          } else if (opcode === 0xd2) {
            allNull = false;
            uleb();
          } else fail(`a table entry with opcode 0x${opcode.toString(16)}`);
          if (wasm[at++] !== 0x0b) fail("a table entry longer than one instruction");
        }
      } else fail(`a table segment of kind ${flags}`);
      segments.push({ bytes: wasm.subarray(segmentStart, at), from: offset, to: offset + entries, allNull });
    }
    if (at !== end) fail("the table section did not end where it said");
    const written = segments.filter((s) => !s.allNull);
    const overlaps = (a, b) => a.from < b.to && b.from < a.to;
    const left = segments.filter((s) => !s.allNull || written.some((w) => overlaps(s, w)));
    dropped = segments.length - left.length;
    kept = left.length;
    out.push(section(9, Buffer.concat([toLeb(left.length), ...left.map((s) => s.bytes)])));
  } else {
    out.push(wasm.subarray(start, end));
  }
  at = end;
}
if (at !== wasm.length) fail("the module did not end where its last section said");

if (renamed.size === 0) {
  const already = /\bwa:/.test(glue);
  if (already) {
    console.log(`${wasmName}: already slimmed`);
    process.exit(0);
  }
  fail(`no import of ${wasmName} has a hashed name: has wasm-bindgen changed its naming?`);
}
const used = new Set();
const slimGlue = glue.replace(/\b[A-Za-z_][A-Za-z_0-9]*_[0-9a-f]{16}\b/g, (found) => {
  const short = renamed.get(found);
  if (!short) fail(`${jsName} names ${found}, which ${wasmName} does not import`);
  used.add(found);
  return short;
});
for (const field of renamed.keys()) {
  if (!used.has(field)) fail(`${wasmName} imports ${field}, which ${jsName} does not define`);
}
const slimWasm = Buffer.concat(out);

const brotli = (content) => brotliCompressSync(content, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
});
/** Writes the file with its brotli and gzip copies; returns the brotli copy's length. */
const write = (file, content) => {
  const br = brotli(content);
  writeFileSync(file, content);
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  return br.length;
};
const wasmBefore = brotli(wasm).length;
const glueBefore = brotli(Buffer.from(glue)).length;
const wasmAfter = write(join(dir, wasmName), slimWasm);
const glueAfter = write(join(dir, jsName), Buffer.from(slimGlue));
console.log(
  `${wasmName}: ${renamed.size} imports renamed, ${dropped} empty table segments left out (${kept} kept); ` +
    `${wasm.length} → ${slimWasm.length} bytes, brotli ${wasmBefore} → ${wasmAfter}. ` +
    `${jsName}: ${glue.length} → ${slimGlue.length} bytes, brotli ${glueBefore} → ${glueAfter}`,
);
