// A volunteer's first visit on a fresh phone, counted on the wire: sign-in page → sign in → the
// passbook, then the few seconds in which the service worker stores the app for offline use.
//
//   bash .ci/bench.sh first-visit        (needs the release build)
//
// The browser talks to the server through a small counting proxy, so what is counted is what the
// phone downloads: compressed bytes as sent, every request the page and its service worker make,
// nothing the HTTP cache answered. Prints each file, the totals by kind, and how many times the
// WebAssembly came over the network. With BUDGET_BYTES set, exits 1 when the JS + WASM + CSS of
// the visit (up to the passbook, without the worker's precache, which marks its requests with
// `X-Lovebank-Precache: 1`) exceeds it.
//
// PHONE=1 also emulates a mid-range phone (1.6 Mbit/s down, 150 ms round trip, 4x CPU slowdown)
// and prints how long the sign-in page and the passbook took to become usable. The link is
// emulated in the proxy, shared by every response: DevTools' network emulation of the page does
// not reach its service worker, whose downloads would otherwise run at full speed.
import http from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium as playwright } from "@playwright/test";
import { until } from "./until.mjs";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
const SERVER_PORT = 3210;
const PROXY_PORT = 3211;
const BASE = `http://127.0.0.1:${PROXY_PORT}`;
const LOGIN = "13800010003";
const PASSWORD = "lovebank";
const TARGET = process.env.BENCH_TARGET ?? "../target";
const BUDGET = process.env.BUDGET_BYTES ? Number(process.env.BUDGET_BYTES) : null;
const PHONE = process.env.PHONE === "1";

// Every response through the proxy: path, encoding, bytes on the wire (status line and headers
// included), and the phase of the visit it belongs to.
const seen = [];
let phase = "visit";
// One phone's downlink: each response waits a round trip, then every byte takes its turn.
const LINK = PHONE ? { roundTripMs: 150, bytesPerMs: 1.6e6 / 8 / 1000 } : null;
let linkFreeAt = 0;
/** When `bytes` more will have crossed the link, for a response asked at `asked`. */
const linkDue = (bytes, asked) => {
  const start = Math.max(Date.now(), linkFreeAt, asked + LINK.roundTripMs);
  linkFreeAt = start + bytes / LINK.bytesPerMs;
  return linkFreeAt;
};
const sleepUntil = (due) => new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
const proxy = http.createServer((req, res) => {
  const asked = Date.now();
  const upstream = http.request(
    { host: "127.0.0.1", port: SERVER_PORT, path: req.url, method: req.method, headers: req.headers },
    (up) => {
      let bytes = 0;
      const headerBytes = Buffer.byteLength(
        `HTTP/1.1 ${up.statusCode} ${up.statusMessage}\r\n` +
          Object.entries(up.headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n",
      );
      up.on("data", (chunk) => { bytes += chunk.length; });
      if (LINK) {
        // Each response's parts in order, each when the link has carried it.
        let sent = Promise.resolve();
        const deliver = (bytes, action) => {
          const due = linkDue(bytes, asked);
          sent = sent.then(() => sleepUntil(due)).then(action);
        };
        deliver(headerBytes, () => res.writeHead(up.statusCode, up.statusMessage, up.headers));
        up.on("data", (chunk) => deliver(chunk.length, () => res.write(chunk)));
        up.on("end", () => deliver(0, () => res.end()));
      } else {
        res.writeHead(up.statusCode, up.statusMessage, up.headers);
        up.pipe(res);
      }
      // The worker's background copy for offline use is marked by the worker itself, so it is
      // counted as the worker's whenever it happens to start (it races the passbook's last
      // frames); what a page needed is never marked.
      const keeping = req.headers["x-lovebank-precache"] === "1";
      up.on("end", () => seen.push({
        path: req.url.split("?")[0], status: up.statusCode, phase: keeping && phase === "visit" ? "worker" : phase,
        encoding: up.headers["content-encoding"] ?? "-", body: bytes, wire: bytes + headerBytes,
      }));
    },
  );
  upstream.on("error", () => { res.statusCode = 502; res.end(); });
  req.pipe(upstream);
});

const kind = (path) =>
  path.startsWith("/sw-pack/") ? "pack" : /\.wasm$/.test(path) ? "wasm" : /\.js$/.test(path) ? "js" : /\.css$/.test(path) ? "css"
    : path.startsWith("/api/") ? "api" : /\.(png|svg|webmanifest)$/.test(path) ? "static" : "html";

const data = mkdtempSync(join(tmpdir(), "lovebank-first-visit-"));
const server = spawn(
  `${TARGET}/release/server`,
  ["--listen", `127.0.0.1:${SERVER_PORT}`, "--data-dir", data, "--demo-data"],
  { env: { ...process.env, LEPTOS_SITE_ROOT: `${TARGET}/site`, LOVEBANK_LOG: "warn" }, stdio: "inherit" },
);
let failed = false;
try {
  await new Promise((resolve) => proxy.listen(PROXY_PORT, "127.0.0.1", resolve));
  await until(async () => (await fetch(`http://127.0.0.1:${SERVER_PORT}/healthz`)).ok, "server start");
  // A server in service has long built its chunk packs (at start-up, seconds of CPU): wait for
  // them, so the visit does not share the CPU with their compression.
  for (const group of ["shell", "volunteer", "kiosk"]) {
    await fetch(`http://127.0.0.1:${SERVER_PORT}/sw-pack/${group}`, { headers: { "Accept-Encoding": "br" } });
  }

  const browser = await playwright.launch(chromium);
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  if (PHONE) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  }
  const hydrated = () => page.waitForSelector("html[data-hydrated='true']", { timeout: 120_000 });

  const t0 = performance.now();
  await page.goto(`${BASE}/signin`);
  await hydrated();
  const signInReady = performance.now() - t0;
  const form = page.getByTestId("sign-in-form");
  await form.locator("input[name=login]").fill(LOGIN);
  await form.locator("input[name=password]").fill(PASSWORD);
  const t1 = performance.now();
  await form.locator("button[type=submit]").click();
  await page.waitForURL(/\/volunteer/, { timeout: 120_000 });
  await hydrated();
  await page.getByTestId("passbook").waitFor({ timeout: 120_000 });
  const passbookReady = performance.now() - t1;

  // What the service worker downloads to keep the app offline, after the page is usable.
  // The log form and the wall are lazy chunks: the phone can log a service offline once the
  // worker has kept them, which the sync bar says ("本机可离线使用").
  phase = "worker";
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.locator("[data-testid=offline-copy][data-state=ready]").waitFor({ timeout: 120_000 });
  const offlineReady = performance.now() - t1;
  await page.waitForTimeout(500);
  phase = "after";
  await browser.close();

  const visit = seen.filter((r) => r.phase === "visit");
  console.log(`first visit of ${TARGET}: /signin → sign in → /volunteer (390×844${PHONE ? ", phone emulation" : ""})`);
  console.log("phase   kind    enc   bytes on wire  path");
  for (const r of seen.filter((r) => r.phase !== "after")) {
    console.log(`${r.phase.padEnd(7)} ${kind(r.path).padEnd(7)} ${r.encoding.padEnd(5)} ${String(r.wire).padStart(13)}  ${r.path}`);
  }
  const sum = (rows, kinds) => rows.filter((r) => kinds.includes(kind(r.path))).reduce((a, r) => a + r.wire, 0);
  const code = sum(visit, ["js", "wasm", "css"]);
  const all = seen.filter((r) => r.phase !== "after");
  console.log(`JS + WASM + CSS up to the passbook: ${code} bytes`);
  console.log(`everything up to the passbook:      ${sum(visit, ["js", "wasm", "css", "html", "api", "static"])} bytes`);
  console.log(`everything incl. the worker's copy: ${sum(all, ["js", "wasm", "css", "html", "api", "static", "pack"])} bytes`);
  const wasm = all.filter((r) => kind(r.path) === "wasm");
  const chunks = wasm.filter((r) => /\/pkg\/(chunk_|split_)/.test(r.path));
  const mainDownloads = wasm.length - chunks.length;
  console.log(`main WebAssembly bundle downloads: ${mainDownloads}`);
  for (const p of ["visit", "worker"]) {
    const mine = chunks.filter((r) => r.phase === p);
    console.log(`lazy chunks (${p}): ${mine.length} files, ${mine.reduce((a, r) => a + r.wire, 0)} bytes`);
  }
  const packs = all.filter((r) => kind(r.path) === "pack");
  console.log(`chunk packs (worker): ${packs.length} downloads, ${packs.reduce((a, r) => a + r.wire, 0)} bytes`);
  const workerRows = all.filter((r) => r.phase === "worker");
  console.log(`the worker's copy: ${workerRows.length} requests, ${workerRows.reduce((a, r) => a + r.wire, 0)} bytes`);
  if (mainDownloads !== 1) {
    console.error(`the main bundle was downloaded ${mainDownloads} times, not once`);
    failed = true;
  }
  if (PHONE) {
    console.log(`sign-in page usable after ${Math.round(signInReady)} ms; passbook usable ${Math.round(passbookReady)} ms after tapping sign in`);
  }
  console.log(`ready to work offline (every volunteer page kept) ${Math.round(offlineReady)} ms after tapping sign in`);
  if (BUDGET !== null) {
    if (code > BUDGET) {
      console.error(`over budget: ${code} bytes of JS + WASM + CSS > ${BUDGET}`);
      failed = true;
    } else {
      console.log(`within budget: ${code} ≤ ${BUDGET} bytes`);
    }
  }
} finally {
  server.kill();
  proxy.close();
  rmSync(data, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
