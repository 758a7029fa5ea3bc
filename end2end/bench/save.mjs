// Benchmark: tap "save" on the log form → the line shows on the page as saved on this phone,
// timed inside the page, for a volunteer whose phone already holds 0, 1,000 and 10,000 lines,
// with Chromium's CPU slowed 4× (a mid-range phone). Beside each save, in the same page: a raw
// IndexedDB put of the same entry with strict durability (what saving costs at the least).
//
//   bash .ci/bench.sh save          (BENCH_TARGET=<dir> to time another build's target/)
//
// Five saves per volunteer; prints the median and the spread (min–max) of each, and the ratio of
// the medians. A benchmark, not a test: it fails only when a save does not show at all.
import { chromium as playwright } from "@playwright/test";
import { demoServer, PASSWORD, signIn } from "./demo_server.mjs";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
const HELD = (process.env.BENCH_HELD ?? "0,1000,10000").split(",").map(Number);
const RUNS = 5;
const CPU = 4;
const PORT = 3203;



/** A new volunteer of 福康社区 whose server already holds `lines` of their service. */
async function volunteerWith(staff, lines, n) {
  const phone = `1370000${String(n).padStart(4, "0")}`;
  const res = await fetch(`${BASE}/api/open_account`, {
    method: "POST",
    headers: { cookie: staff },
    body: new URLSearchParams({
      "file[name]": `测试${n}`, "file[gender]": "female", "file[birth_year]": "1990",
      "file[political_status]": "群众", "file[phone]": phone, password: PASSWORD,
    }),
  });
  if (!res.ok) throw new Error(`open account: ${res.status} ${await res.text()}`);
  const [me, cookie] = await signIn(BASE, phone);
  for (let seq = 1; seq <= lines; seq += 500) {
    const batch = [];
    for (let s = seq; s < Math.min(seq + 500, lines + 1); s++) {
      const day = new Date(Date.now() - (1 + (s % 600)) * 86_400_000).toISOString().slice(0, 10);
      batch.push({
        id: crypto.randomUUID(), device: `seed-${n}`, seq: s, author: me.person, schema: 1, kind: "service",
        body: JSON.stringify({
          date: day, start: "09:00", end: "10:30", place: "福康社区服务站",
          content: `陪伴独居老人（第 ${s} 次）`, category: "community_help",
          witness_name: "马桂兰", witness_phone: "13900020000",
        }),
      });
    }
    const pushed = await fetch(`${BASE}/api/sync_push`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ batch }),
    });
    if (!pushed.ok) throw new Error(`push: ${pushed.status} ${await pushed.text()}`);
  }
  return phone;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

/** Fills the form and taps save; resolves with the ms from the tap to the line on the page. */
async function timedSave(page, content, start, end) {
  const form = page.getByTestId("service-form");
  await form.getByText("社区帮困").click();
  await form.getByLabel("开始").fill(start);
  await form.getByLabel("结束").fill(end);
  await form.getByLabel("服务地点").fill("福康社区服务站");
  await form.getByLabel("服务内容").fill(content);
  await form.getByLabel("见证人", { exact: true }).fill("马桂兰");
  await form.getByLabel("见证人电话").fill("13900020000");
  return page.evaluate((content) => new Promise((resolve, reject) => {
    const button = document.querySelector('[data-testid="save-service"]');
    let tapped;
    const shown = () => [...document.querySelectorAll('[data-testid="local-line"]')]
      .some((line) => line.textContent.includes(content));
    const watch = new MutationObserver(() => {
      if (tapped !== undefined && shown()) {
        watch.disconnect();
        resolve(performance.now() - tapped);
      }
    });
    watch.observe(document.body, { childList: true, subtree: true, characterData: true });
    button.addEventListener("click", () => { tapped = performance.now(); }, { capture: true, once: true });
    setTimeout(() => reject(new Error(`"${content}" never showed`)), 30_000);
    button.click();
  }), content);
}

/** A strict-durability put of `value` in a scratch database of the same page. */
function rawPut(page, value) {
  return page.evaluate(async (value) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("bench-raw-put", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("raw");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const tx = db.transaction("raw", "readwrite", { durability: "strict" });
      tx.objectStore("raw").put(value, crypto.randomUUID());
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const ms = performance.now() - started;
    db.close();
    return ms;
  }, value);
}

const { base: BASE, stop } = await demoServer(PORT);
try {
  const [, staff] = await signIn(BASE, "staff1");
  const browser = await playwright.launch(chromium);
  console.log(`save → line shown, in the page, ${CPU}× CPU slowdown, ${RUNS} saves each (median, min–max):`);
  for (const [n, held] of HELD.entries()) {
    const phone = await volunteerWith(staff, held, n);
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${BASE}/signin`);
    await page.locator("html[data-hydrated=true]").waitFor();
    await page.getByLabel("手机号或用户名").fill(phone);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/volunteer$/);
    await page.locator('[data-testid="sync-last"]:not(:text("尚未同步"))').waitFor({ timeout: 300_000 });
    await page.getByTestId("passbook-not-synced").waitFor({ state: "detached", timeout: 300_000 });
    await page.goto(`${BASE}/volunteer/log`);
    await page.locator("html[data-hydrated=true]").waitFor();
    if (held > 0) await page.getByTestId("local-line").nth(Math.min(held, 100) - 1).waitFor({ timeout: 120_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU });
    const saves = [];
    const puts = [];
    for (let run = 0; run < RUNS; run++) {
      const content = `测速第 ${run + 1} 次（已有 ${held} 条）`;
      const start = `${String(12 + run).padStart(2, "0")}:00`;
      const end = `${String(12 + run).padStart(2, "0")}:30`;
      saves.push(await timedSave(page, content, start, end));
      // The same entry as the outbox keeps it, put raw.
      puts.push(await rawPut(page, JSON.stringify({
        id: crypto.randomUUID(), device: crypto.randomUUID(), seq: held + run + 1, author: "p", schema: 1,
        kind: "service", body: JSON.stringify({ date: "2026-11-30", start, end, place: "福康社区服务站",
          content, category: "community_help", witness_name: "马桂兰", witness_phone: "13900020000" }),
      })));
      // Let the sync the save starts finish before the next tap.
      await page.waitForTimeout(1_500);
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    console.log(`  ${String(held).padStart(6)} lines held: save ${spread(saves)}   raw put ${spread(puts)}   ratio ${(median(saves) / median(puts)).toFixed(2)}×`);
    await context.close();
  }
  await browser.close();
} finally {
  stop();
}
