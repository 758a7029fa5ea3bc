// Benchmark: the wish wall of a community with 1,000 open wishes on a 390 px phone, Chromium's CPU
// slowed 4×, timed inside the page from the tap to the next frame after the notes changed:
// first draw (tab tapped on the passbook), a category filter, the filter back to all, and a
// claim redrawn on its note. Five rounds; prints the median and the spread (min–max).
//
//   bash .ci/bench.sh wall          (BENCH_TARGET=<dir> to time another build's target/)
import { chromium as playwright } from "@playwright/test";
import { until } from "./until.mjs";
import { demoServer, PASSWORD, signIn } from "./demo_server.mjs";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
const WISHES = Number(process.env.BENCH_WISHES ?? 1_000);
const ROUNDS = 5;
const CPU = 4;
const PORT = 3204;
const CATEGORIES = ["community_help", "tutoring", "health", "repair", "environment"];



const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${median(xs).toFixed(0).padStart(5)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

/**
 * Runs `act` in the page (its source is sent; its one parameter must be named `arg`) and resolves with the ms from it to the first frame after `done()`
 * holds (checked on every change of the page).
 */
function timed(page, act, done, arg) {
  return page.evaluate(([act, done, arg]) => new Promise((resolve, reject) => {
    const acted = new Function("arg", act);
    const holds = new Function("arg", done);
    let started;
    const finish = () => requestAnimationFrame(() => resolve(performance.now() - started));
    const watch = new MutationObserver(() => {
      if (holds(arg)) {
        watch.disconnect();
        finish();
      }
    });
    watch.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    setTimeout(() => reject(new Error("never drawn")), 60_000);
    started = performance.now();
    acted(arg);
  }), [act.toString().replace(/^[^{]*{|}$/g, ""), done.toString().replace(/^[^{]*{|}$/g, ""), arg]);
}

const notes = 'return document.querySelectorAll(\'[data-testid="wish-note"]\')';

const { base: BASE, stop } = await demoServer(PORT);
try {
  const [, staff] = await signIn(BASE, "staff1");
  for (let i = 0; i < WISHES; i++) {
    const res = await fetch(`${BASE}/api/post_wish`, {
      method: "POST",
      headers: { cookie: staff },
      body: new URLSearchParams({
        "input[poster]": `居民${i}`,
        "input[need]": `第 ${i} 个心愿：${"帮忙修理家里的水龙头，".repeat(1 + (i % 4))}`,
        "input[category]": CATEGORIES[i % CATEGORIES.length],
        "input[capacity]": String(1 + (i % 3)),
      }),
    });
    if (!res.ok) throw new Error(`post wish: ${res.status} ${await res.text()}`);
  }
  const browser = await playwright.launch(chromium);
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/signin`);
  await page.locator("html[data-hydrated=true]").waitFor();
  await page.getByLabel("手机号或用户名").fill("13800010003");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/volunteer$/);
  await page.locator('[data-testid="sync-last"]:not(:text("尚未同步"))').waitFor({ timeout: 120_000 });
  // The wall's copy arrives with the sync: wait until it holds every wish.
  await page.goto(`${BASE}/wall`);
  await page.getByTestId("wish-note").first().waitFor({ timeout: 120_000 });
  await until(async () => Number(await page.getByTestId("count-open").textContent()) >= WISHES, "wall copy", 120_000);
  const shownAtFirst = await page.getByTestId("wish-note").count();
  await page.goto(`${BASE}/volunteer`);
  await page.locator("html[data-hydrated=true]").waitFor();

  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU });
  const times = { first: [], filter: [], all: [], claim: [] };
  for (let round = 0; round < ROUNDS; round++) {
    times.first.push(await timed(page,
      () => { document.querySelector('a[href="/wall"]').click(); },
      () => { return document.querySelectorAll('[data-testid="wish-note"]').length > 0; }));
    const category = CATEGORIES[1 + (round % 4)];
    times.filter.push(await timed(page,
      (arg) => { const s = document.querySelector('[data-testid="wall-category"]'); s.value = arg; s.dispatchEvent(new Event("change", { bubbles: true })); },
      (arg) => { const n = [...document.querySelectorAll('[data-testid="wish-note"]')]; return n.length > 0 && n.every((e) => e.classList.contains(`note-${arg}`)); },
      category));
    times.all.push(await timed(page,
      () => { const s = document.querySelector('[data-testid="wall-category"]'); s.value = ""; s.dispatchEvent(new Event("change", { bubbles: true })); },
      () => { return new Set([...document.querySelectorAll('[data-testid="wish-note"]')].map((e) => e.className)).size > 1; }));
    const wish = await page.locator('[data-testid="wish-note"]:has([data-testid="claim-wish"])').first().getAttribute("data-wish");
    times.claim.push(await timed(page,
      (arg) => { document.querySelector(`[data-wish="${arg}"] [data-testid="claim-wish"]`).click(); },
      (arg) => { const n = document.querySelector(`[data-wish="${arg}"]`); return !!n && !n.querySelector('[data-testid="claim-wish"]') && !!n.querySelector('[data-testid="wish-status"]'); },
      wish));
    await page.waitForTimeout(1_000);
    await page.evaluate(() => document.querySelector('a[href="/volunteer"]').click());
    await page.getByTestId("passbook").waitFor();
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  console.log(`wall of ${WISHES} open wishes (${shownAtFirst} notes drawn at first), 390×844, ${CPU}× CPU, ${ROUNDS} rounds (median, min–max):`);
  console.log(`  first draw (wall tab tapped)      ${spread(times.first)}`);
  console.log(`  category filter                   ${spread(times.filter)}`);
  console.log(`  filter back to all                ${spread(times.all)}`);
  console.log(`  claim → its note redrawn          ${spread(times.claim)}`);
  await browser.close();
} finally {
  stop();
}
