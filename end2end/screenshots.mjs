// Takes the README's screenshots from the release build: `bash .ci/test.sh build && node screenshots.mjs`.
// Starts its own server on a fresh demo database, so the pictures show exactly what a newcomer sees.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PORT = 3199;
const BASE = `http://127.0.0.1:${PORT}`;
const server = spawn(
  "../target/release/server",
  ["--listen", `127.0.0.1:${PORT}`, "--data-dir", mkdtempSync(join(tmpdir(), "lovebank-shots-")), "--demo-data"],
  { env: { ...process.env, LEPTOS_SITE_ROOT: "../target/site", LOVEBANK_LOG: "warn" }, stdio: "inherit" },
);
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) break;
    } catch {}
    if (i > 100) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const shots = [
    { name: "home-desktop", viewport: { width: 1280, height: 900 } },
    { name: "home-phone", viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
  ];
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: shot.deviceScaleFactor ?? 1, locale: "zh-CN" });
    await page.goto(BASE + "/");
    await page.locator("html[data-hydrated=true]").waitFor();
    await page.screenshot({ path: `../.docs/${shot.name}.png`, fullPage: shot.name.endsWith("phone") });
    console.log(`.docs/${shot.name}.png`);
    await page.close();
  }
  // The volunteer's phone, offline, with services saved on the phone and waiting to sync.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(BASE + "/signin");
  await page.locator("html[data-hydrated=true]").waitFor();
  await page.getByLabel("手机号或用户名").fill("13800010003");
  await page.getByLabel("密码").fill("lovebank");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("sync-last").filter({ hasNotText: "尚未同步" }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The passbook first: totals, lines with their state and the cumulative verified time.
  await page.getByTestId("passbook-line").first().waitFor();
  await page.screenshot({ path: "../.docs/volunteer-passbook.png", fullPage: true });
  console.log(".docs/volunteer-passbook.png");
  await page.getByTestId("tab-log").click();
  const form = page.getByTestId("service-form");
  const log = async (content, start, end) => {
    await form.getByText("社区帮困").click();
    await form.getByLabel("开始").fill(start);
    await form.getByLabel("结束").fill(end);
    await form.getByLabel("服务地点").fill("福康社区服务站");
    await form.getByLabel("服务内容").fill(content);
    await form.getByLabel("见证人", { exact: true }).fill("马桂兰");
    await form.getByLabel("见证人电话").fill("13900020000");
    await page.getByTestId("save-service").click();
    await page.getByTestId("local-line").filter({ hasText: content }).waitFor();
  };
  await log("陪伴独居老人聊天、读报", "09:00", "10:30");
  await context.setOffline(true);
  await log("帮助马奶奶购买药品", "14:00", "15:00");
  await log("楼道垃圾清理", "16:00", "16:45");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "../.docs/volunteer-phone-offline.png", fullPage: true });
  console.log(".docs/volunteer-phone-offline.png");
  await context.close();
  // The staff's verification queue at the office.
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const desk = await office.newPage();
  await desk.goto(BASE + "/signin");
  await desk.locator("html[data-hydrated=true]").waitFor();
  await desk.getByLabel("手机号或用户名").fill("staff1");
  await desk.getByLabel("密码").fill("lovebank");
  await desk.getByRole("button", { name: "登录" }).click();
  await desk.getByTestId("queue-line").first().waitFor();
  await desk.screenshot({ path: "../.docs/office-queue.png", fullPage: false });
  console.log(".docs/office-queue.png");
  // The statistics of this year for 福康社区: figures, server-drawn charts, tables.
  await desk.goto(BASE + "/office/statistics");
  await desk.getByTestId("stats-chart").first().waitFor();
  await desk.screenshot({ path: "../.docs/office-statistics.png", fullPage: true });
  console.log(".docs/office-statistics.png");
  // A service certificate for 刘芳, issued from her file.
  await desk.goto(BASE + "/office/volunteers");
  await desk.getByTestId("volunteer-search").fill("刘芳");
  await desk.getByTestId("open-passbook").first().click();
  await desk.getByTestId("issue-certificate").click();
  await desk.getByTestId("certificate-number").waitFor();
  await desk.setViewportSize({ width: 900, height: 1200 });
  await desk.screenshot({ path: "../.docs/certificate.png", fullPage: true });
  console.log(".docs/certificate.png");
  await desk.setViewportSize({ width: 1280, height: 900 });
  // A kiosk for 福康社区, registered by its staff, on a 1920×1080 wall display.
  const token = await (await office.request.post(BASE + "/api/register_kiosk", { form: { name: "活动室大屏" } })).json();
  await office.close();
  const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "zh-CN" });
  const kiosk = await screen.newPage();
  await kiosk.goto(BASE + "/kiosk");
  await kiosk.locator("html[data-hydrated=true]").waitFor();
  await kiosk.getByTestId("kiosk-token-input").fill(token);
  await kiosk.getByTestId("kiosk-sign-in").click();
  await kiosk.getByTestId("kiosk-qr").first().waitFor();
  await kiosk.screenshot({ path: "../.docs/kiosk.png" });
  console.log(".docs/kiosk.png");
  await screen.close();
  // The wish wall on a volunteer's phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "zh-CN" });
  const wallPage = await phone.newPage();
  await wallPage.goto(BASE + "/signin");
  await wallPage.locator("html[data-hydrated=true]").waitFor();
  await wallPage.getByLabel("手机号或用户名").fill("13800010006");
  await wallPage.getByLabel("密码").fill("lovebank");
  await wallPage.getByRole("button", { name: "登录" }).click();
  await wallPage.getByTestId("sync-last").filter({ hasNotText: "尚未同步" }).waitFor();
  await wallPage.getByTestId("tab-wall").click();
  await wallPage.getByTestId("wish-note").first().waitFor();
  await wallPage.screenshot({ path: "../.docs/wall-phone.png", fullPage: true });
  console.log(".docs/wall-phone.png");
  await phone.close();
  await browser.close();
} finally {
  server.kill("SIGTERM");
}
