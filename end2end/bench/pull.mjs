// Benchmark: a fresh browser pulls 100,000 entries into IndexedDB.
//
//   make bench-pull        (needs the release build: `cargo leptos build --release`)
//
// Starts the release server with a fresh database, pushes ENTRIES entries for one volunteer from
// a "seed" device over HTTP, then signs that volunteer in on a fresh Chromium profile and times
// the first sync until every entry is in the browser's database. Prints the numbers.
import { spawn } from "node:child_process";
import { until } from "./until.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium as playwright } from "@playwright/test";

// The same Chromium and flags as the tests (playwright.config.ts).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const BATCH = 500;
const PORT = 3200;
const BASE = `http://127.0.0.1:${PORT}`;
const LOGIN = "13800010003";
const PASSWORD = "lovebank";

// BENCH_TARGET: another build's target folder (to measure an older release beside this one).
const TARGET = process.env.BENCH_TARGET ?? "../target";
const data = mkdtempSync(join(tmpdir(), "lovebank-bench-"));
const server = spawn(
  `${TARGET}/release/server`,
  ["--listen", `127.0.0.1:${PORT}`, "--data-dir", data, "--demo-data"],
  { env: { ...process.env, LEPTOS_SITE_ROOT: `${TARGET}/site`, LOVEBANK_LOG: "warn" }, stdio: "inherit" },
);


try {
  await until(async () => (await fetch(`${BASE}/healthz`)).ok, "server start");
  const signIn = await fetch(`${BASE}/api/sign_in`, {
    method: "POST",
    body: new URLSearchParams({ login: LOGIN, password: PASSWORD }),
  });
  const me = await signIn.json();
  const cookie = signIn.headers.get("set-cookie").split(";")[0];

  const t0 = performance.now();
  for (let seq = 1; seq <= ENTRIES; seq += BATCH) {
    const batch = [];
    for (let s = seq; s < Math.min(seq + BATCH, ENTRIES + 1); s++) {
      const day = new Date(Date.now() - (s % 300) * 86_400_000).toISOString().slice(0, 10);
      batch.push({
        id: crypto.randomUUID(),
        device: "bench-seed",
        seq: s,
        author: me.person,
        schema: 1,
        kind: "service",
        body: JSON.stringify({
          date: day, start: "09:00", end: "10:30", place: "福康社区服务站",
          content: `陪伴独居老人（第 ${s} 次）`, category: "community_help",
          witness_name: "马桂兰", witness_phone: "13900020000",
        }),
      });
    }
    const res = await fetch(`${BASE}/api/sync_push`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ batch }),
    });
    if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
  }
  const seeded = performance.now() - t0;
  console.log(`seeded ${ENTRIES} entries over HTTP in ${(seeded / 1000).toFixed(1)} s (${Math.round(ENTRIES / (seeded / 1000))} entries/s)`);

  const browser = await playwright.launch(chromium);
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${BASE}/signin`);
  await page.locator("html[data-hydrated=true]").waitFor();
  await page.getByLabel("手机号或用户名").fill(LOGIN);
  await page.getByLabel("密码").fill(PASSWORD);
  const start = performance.now();
  await page.getByRole("button", { name: "登录" }).click();
  // When the last page is in (the progress line counts what was received), apart from the
  // reconcile and the passbook copy that follow.
  const lastPage = page
    .getByTestId("sync-running")
    .filter({ hasText: `已接收 ${ENTRIES} 条` })
    .waitFor({ timeout: 300_000 })
    .then(() => performance.now() - start)
    .catch(() => NaN);
  await page.getByTestId("sync-last").filter({ hasNotText: "尚未同步" }).waitFor({ timeout: 300_000 });
  const pulled = performance.now() - start;
  console.log(`  of which: last page stored after ${((await lastPage) / 1000).toFixed(2)} s`);
  // Then the passbook copy arrives and is drawn (not part of the pull; printed for the record).
  await page.getByTestId("passbook-not-synced").waitFor({ state: "detached", timeout: 300_000 });
  await page.getByTestId("passbook-line").nth(99).waitFor({ timeout: 300_000 });
  const drawn = performance.now() - start;
  const held = await page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const open = indexedDB.open("lovebank");
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          // A row holds a page of changes (an array), or one change.
          const all = open.result.transaction("view").objectStore("view").getAll();
          all.onsuccess = () => {
            const ids = new Set();
            for (const row of all.result) {
              const parsed = JSON.parse(row);
              for (const c of Array.isArray(parsed) ? parsed : [parsed]) ids.add(c.change);
            }
            ok(ids.size);
          };
        };
      }),
  );
  const shown = await page.getByTestId("passbook-line").count();
  const problem = await page.getByTestId("sync-problem").count();
  console.log(`fresh browser: sign-in → ${held} entries in IndexedDB, reconciled${problem ? " WITH A PROBLEM" : ""}: ${(pulled / 1000).toFixed(2)} s (${Math.round(held / (pulled / 1000))} entries/s; ${shown} lines drawn)`);
  console.log(`  passbook copy of ${ENTRIES} lines fetched and drawn after ${(drawn / 1000).toFixed(2)} s`);
  if (held !== ENTRIES) throw new Error(`expected ${ENTRIES} entries in the browser, found ${held}`);

  // The raw baseline, in the same browser and run: the same pages fetched from the same server
  // function and stored one row per page in a scratch database, with none of the app's logic
  // (no cursor, no count, no stale-page check, no proof, no Web Lock).
  const raw = await page.evaluate(async ({ entries, person }) => {
    const db = await new Promise((ok, fail) => {
      const open = indexedDB.open(`raw-${Math.random()}`, 1);
      open.onupgradeneeded = () => open.result.createObjectStore("rows");
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const t = performance.now();
    let cursor = 0;
    let count = 0;
    for (;;) {
      const res = await fetch("/api/sync_pull", {
        method: "POST",
        body: new URLSearchParams({ expected: person, cursor: String(cursor), limit: "2000" }),
      });
      const page = await res.json();
      await new Promise((ok, fail) => {
        const tx = db.transaction("rows", "readwrite");
        tx.objectStore("rows").put(JSON.stringify(page.changes), cursor);
        tx.oncomplete = ok;
        tx.onerror = () => fail(tx.error);
      });
      count += page.changes.length;
      cursor = page.next;
      if (!page.more) break;
    }
    return { ms: performance.now() - t, count };
  }, { entries: ENTRIES, person: me.person });
  console.log(`  raw baseline (same pages fetched and stored one row each, no app logic): ${(raw.ms / 1000).toFixed(2)} s for ${raw.count} entries; the app's pull takes ${(pulled / raw.ms).toFixed(2)}× that`);
  await browser.close();
} finally {
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
