// Benchmark: the passbook of a volunteer with thousands of lines, on a phone-sized screen.
//
//   bash .ci/bench.sh passbook        (BENCH_ENTRIES=5000 by default)
//
// Starts the release server with a fresh database, logs BENCH_ENTRIES services for one volunteer
// over HTTP (a "seed" device), has staff verify a third of them, then times on a fresh Chromium
// profile: sign-in → first sync → passbook drawn; a category filter; a month filter; "show more";
// and a reload with no network (the passbook drawn from the phone's copy). Prints the numbers.
import { spawn } from "node:child_process";
import { until } from "./until.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium as playwright } from "@playwright/test";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 5_000);
const BATCH = 500;
const PORT = 3201;
const BASE = `http://127.0.0.1:${PORT}`;
const LOGIN = "13800010003"; // 刘芳, 福康社区 (staff1)
const PASSWORD = "lovebank";
const CATEGORIES = ["community_help", "tutoring", "health", "education"];

const data = mkdtempSync(join(tmpdir(), "lovebank-bench-"));
const server = spawn(
  "../target/release/server",
  ["--listen", `127.0.0.1:${PORT}`, "--data-dir", data, "--demo-data"],
  { env: { ...process.env, LEPTOS_SITE_ROOT: "../target/site", LOVEBANK_LOG: "warn" }, stdio: "inherit" },
);


async function session(login) {
  const res = await fetch(`${BASE}/api/sign_in`, {
    method: "POST",
    body: new URLSearchParams({ login, password: PASSWORD }),
  });
  return [await res.json(), res.headers.get("set-cookie").split(";")[0]];
}

async function timed(what, action) {
  const start = performance.now();
  await action();
  const ms = performance.now() - start;
  console.log(`  ${what.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms`);
  return ms;
}

try {
  await until(async () => (await fetch(`${BASE}/healthz`)).ok, "server start");
  const [me, cookie] = await session(LOGIN);
  const ids = [];
  for (let seq = 1; seq <= ENTRIES; seq += BATCH) {
    const batch = [];
    for (let s = seq; s < Math.min(seq + BATCH, ENTRIES + 1); s++) {
      const day = new Date(Date.now() - (s % 700) * 86_400_000).toISOString().slice(0, 10);
      const id = crypto.randomUUID();
      ids.push(id);
      batch.push({
        id, device: "bench-seed", seq: s, author: me.person, schema: 1, kind: "service",
        body: JSON.stringify({
          date: day, start: "09:00", end: "10:30", place: "福康社区服务站",
          content: `陪伴独居老人（第 ${s} 次）`, category: CATEGORIES[s % CATEGORIES.length],
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
  const [, staff] = await session("staff1");
  for (const id of ids.filter((_, i) => i % 3 === 0)) {
    const res = await fetch(`${BASE}/api/verify_record`, {
      method: "POST",
      headers: { cookie: staff },
      body: new URLSearchParams({ id }),
    });
    if (!res.ok) throw new Error(`verify: ${res.status} ${await res.text()}`);
  }
  console.log(`passbook of ${ENTRIES} lines (+ the demo's), a third verified; phone 360×740, fresh profile:`);

  const browser = await playwright.launch(chromium);
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/signin`);
  await page.locator("html[data-hydrated=true]").waitFor();
  await page.getByLabel("手机号或用户名").fill(LOGIN);
  await page.getByLabel("密码").fill(PASSWORD);
  const lines = page.getByTestId("passbook-line");
  await timed("sign-in → first sync → passbook drawn (100 lines)", async () => {
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByTestId("passbook-not-synced").waitFor({ state: "detached", timeout: 300_000 });
    await lines.nth(99).waitFor();
  });
  await timed("category filter → lines drawn", async () => {
    await page.getByTestId("filter-category").selectOption("tutoring");
    await page.locator('[data-testid="passbook-line"]:has-text("义务家教")').nth(99).waitFor();
  });
  const month = await page.locator('[data-testid="filter-month"] option').nth(3).getAttribute("value");
  await timed(`month filter (${month}) → lines drawn`, async () => {
    await page.getByTestId("filter-month").selectOption(month);
    await page.waitForFunction(
      (m) => [...document.querySelectorAll('[data-testid="passbook-line"] .line-date')].every((d) => d.textContent.startsWith(m)),
      month,
    );
  });
  await page.getByTestId("filter-category").selectOption("");
  await page.getByTestId("filter-month").selectOption("");
  await lines.nth(99).waitFor();
  await timed("show more (100 → 200 lines)", async () => {
    await page.getByTestId("show-more").click();
    await lines.nth(199).waitFor();
  });
  await context.setOffline(true);
  await timed("reload with no network → passbook drawn from the phone's copy", async () => {
    await page.reload();
    await page.locator("html[data-hydrated=true]").waitFor();
    await lines.nth(99).waitFor();
  });
  const total = await page.getByTestId("total-verified").innerText();
  console.log(`  verified hours shown: ${total}`);
  await browser.close();
} finally {
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
