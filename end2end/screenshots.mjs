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
    await page.screenshot({ path: `../docs/${shot.name}.png`, fullPage: shot.name.endsWith("phone") });
    console.log(`docs/${shot.name}.png`);
    await page.close();
  }
  await browser.close();
} finally {
  server.kill("SIGTERM");
}
