// Rewrites the split build's chunk loader (`__wasm_split.<hash>.js`) so that a phone's first visit
// downloads almost none of it, then writes the .br and .gz copies again.
//
//   node .ci/compact-split-loader.mjs [site-pkg-dir]     (default target/site/pkg)
//
// The WebAssembly imports one function per lazy page from that file, so every first visit
// downloads it, although it is used only when a lazy page is first opened. cargo-leptos writes one
// function per chunk file, each followed by the full list of chunks it waits for, and a comment
// naming every lazy page that uses the chunk: 224 KB of text, 16.4 KB at brotli 11.
//
// - `__wasm_split_pages.<hash>.js` gets the same loaders built from two tables: the file names,
//   and each file's dependencies as ranges of indexes ("32-48,198-222"). The helpers at the top
//   (shared imports, the retry after a failed download, the callback into Rust) are kept as
//   cargo-leptos wrote them, and every export keeps its name.
// - `__wasm_split.<hash>.js` becomes a stub with the same exports, each importing the pages
//   loader on its first call. A failed import (offline, not yet kept by the service worker) tells
//   Rust the page did not load, as the loader itself does, and the next call tries again.
//
// Anything in the file this script does not recognise stops the build: a loader that lost a chunk
// would fail only when a person opens that page.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.argv[2] ?? "target/site/pkg";
const names = readdirSync(dir).filter((f) => /^__wasm_split\.[^.]+\.js$/.test(f));
if (names.length !== 1) {
  console.error(`compact-split-loader: expected one __wasm_split.<hash>.js in ${dir}, found ${names.length}`);
  process.exit(1);
}
const path = join(dir, names[0]);
const pagesName = names[0].replace(/^__wasm_split\./, "__wasm_split_pages.");
const source = readFileSync(path, "utf8");
const MARK = "// compacted by .ci/compact-split-loader.mjs";
if (source.includes(MARK)) {
  console.log(`${names[0]}: already compacted`);
  process.exit(0);
}

// One loader: `makeLoad(() => { fetch("./file") … }, [deps])`, as a chunk or as an export.
const LOADER =
  String.raw`makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);\s*` +
  String.raw`return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*,\s*\[([^\]]*)\]\)`;
const CHUNK = new RegExp(String.raw`^const (__chunk_\d+) = ${LOADER};\n`, "gm");
const EXPORT = new RegExp(String.raw`^export const (\w+) = wrapAsyncCb\(${LOADER}\);\n`, "gm");
const COMMENT = /^\/\*[^\n]*\*\/\n/gm;

const mainImport = source.match(/^import \{ initSync \} from "(\.\/[^"]+)";$/m);
if (!mainImport) {
  console.error("compact-split-loader: the loader does not import initSync from the main script");
  process.exit(1);
}
const firstLoader = source.search(/^(\/\*|const __chunk_|export const )/m);
if (firstLoader < 0) {
  console.error("compact-split-loader: no loader found; has cargo-leptos changed the file's shape?");
  process.exit(1);
}
const helpers = source.slice(0, firstLoader);
for (const needed of ["function makeLoad(", "function wrapAsyncCb(", "function getSharedImports("]) {
  if (!helpers.includes(needed)) {
    console.error(`compact-split-loader: the helpers lack ${needed}`);
    process.exit(1);
  }
}
const body = source.slice(firstLoader);

const files = [];
const depsOf = [];
const indexOf = new Map(); // __chunk_N → index in files
const exportsOf = []; // [export name, index]
const depIndexes = (list) =>
  list.split(",").map((d) => d.trim()).filter(Boolean).map((d) => {
    if (!indexOf.has(d)) throw new Error(`a dependency on ${d} before it is defined`);
    return indexOf.get(d);
  });
let rest = body.replace(COMMENT, "");
rest = rest.replace(CHUNK, (_, name, file, deps) => {
  indexOf.set(name, files.length);
  files.push(file);
  depsOf.push(depIndexes(deps));
  return "";
});
rest = rest.replace(EXPORT, (_, name, file, deps) => {
  exportsOf.push([name, files.length]);
  files.push(file);
  depsOf.push(depIndexes(deps));
  return "";
});
if (rest.trim() !== "") {
  console.error(`compact-split-loader: unrecognised text in ${names[0]}:\n${rest.trim().slice(0, 400)}`);
  process.exit(1);
}
if (exportsOf.length === 0) {
  console.error("compact-split-loader: no exported loader found");
  process.exit(1);
}

/** [3,4,5,9] → "3-5,9" */
const ranges = (list) => {
  const out = [];
  for (let i = 0; i < list.length; i++) {
    let j = i;
    while (j + 1 < list.length && list[j + 1] === list[j] + 1) j++;
    out.push(j > i ? `${list[i]}-${list[j]}` : `${list[i]}`);
    i = j;
  }
  return out.join(",");
};

const compact = `${helpers}${MARK}: the same loaders, built from two tables.
const files = ${JSON.stringify(files.join(" "))}.split(" ");
const deps = ${JSON.stringify(depsOf.map(ranges).join("|"))}.split("|").map((list) => list === "" ? [] :
    list.split(",").flatMap((range) => {
        const [from, to = from] = range.split("-").map(Number);
        return Array.from({ length: to - from + 1 }, (_, k) => from + k);
    }));
const loaders = files.map((file, i) => makeLoad(() => {
    const src = fetch(new URL("./" + file, import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, deps[i].map((d) => () => loaders[d]())));
${exportsOf.map(([name, i]) => `export const ${name} = wrapAsyncCb(loaders[${i}]);`).join("\n")}
`;

const stub = `import { initSync } from ${JSON.stringify(mainImport[1])};
${MARK}: the loaders are in ${pagesName}, imported when a lazy page is first opened.
let pages;
let attempt = 0;
// Chromium asks again after a failed dynamic import; a browser that keeps the failure under its
// address would not, so a retry asks under a new fragment (the service worker's cache ignores
// fragments, so a copy it kept meanwhile still answers).
const loadPages = () => pages ??= import(\`./${pagesName}\${attempt ? "#retry" + attempt : ""}\`)
    .catch((e) => { pages = undefined; attempt += 1; throw e; });
const page = (name) => (callbackIndex, callbackData) => loadPages().then(
    (loaders) => loaders[name](callbackIndex, callbackData),
    (e) => {
        console.error(e);
        initSync(undefined, undefined).__indirect_function_table.get(callbackIndex)(callbackData, false);
    });
${exportsOf.map(([name]) => `export const ${name} = page(${JSON.stringify(name)});`).join("\n")}
`;

/** Writes the file with its brotli and gzip copies; returns the brotli copy's length. */
const write = (file, text) => {
  const br = brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: text.length },
  });
  writeFileSync(file, text);
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(text, { level: 9 }));
  return br.length;
};
const pagesBr = write(join(dir, pagesName), compact);
const stubBr = write(path, stub);
console.log(
  `${names[0]}: ${source.length} bytes, brotli ${brotliCompressSync(source).length} → stub ${stub.length} bytes, ` +
    `brotli ${stubBr}; ${pagesName}: ${files.length} loaders (${exportsOf.length} pages), ` +
    `${compact.length} bytes, brotli ${pagesBr}`,
);
