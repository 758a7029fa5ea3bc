import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The release server built by `cargo leptos build --release`, on its own port, with a fresh
// database (demo data) per run, so a test never depends on what a previous run left behind.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATA_DIR = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "lovebank-e2e-"));
const SERVER = process.env.E2E_SERVER ?? "../target/release/server";

export const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  // Without the background-networking flags Chromium keeps calling Google on this closed network.
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    launchOptions: chromium,
    locale: "zh-CN",
    trace: "retain-on-failure",
  },
  // Every spec runs with JavaScript (hydrated) and without it (server-rendered HTML only);
  // `*.hydrate.spec.ts` needs JavaScript and is skipped in the second run.
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false }, testIgnore: /.*\.hydrate\.spec\.ts/ },
  ],
  webServer: {
    command: `${SERVER} --listen 127.0.0.1:${PORT} --data-dir ${DATA_DIR} --demo-data`,
    url: `${BASE_URL}/healthz`,
    env: { LEPTOS_SITE_ROOT: "../target/site", LOVEBANK_LOG: "warn" },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
