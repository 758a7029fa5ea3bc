import { expect, test, waitForHydration } from "./helpers";

test("after one visit, the app reloads and runs with no network", async ({ page, context }) => {
  await page.goto("/");
  await waitForHydration(page);
  // The service worker must be active and its cache filled before the network goes.
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith("lovebank-shell-"))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toEqual(expect.arrayContaining(["/", "/volunteer", "/wall", "/kiosk", "/office"]));
  expect(cached.some((p) => p.endsWith(".wasm"))).toBeTruthy();
  expect(cached.some((p) => p.endsWith(".js") && p.startsWith("/pkg/"))).toBeTruthy();
  expect(cached.some((p) => p.endsWith(".css"))).toBeTruthy();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "爱心银行" })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByTestId("network-status")).toHaveText("离线");
  // The figures last seen online are still there.
  await expect(page.getByRole("rowheader", { name: "福康社区" })).toBeVisible();
  // And it runs: the language switch works without a network.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Love Bank" })).toBeVisible();
  await expect(page.getByTestId("network-status")).toHaveText("Offline");

  // A page of the shell never opened before also loads offline (precached).
  await page.goto("/volunteer");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Volunteers" })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId("network-status")).toHaveText("Online");
});

test("a page that was never saved gives a clear offline message", async ({ page, context }) => {
  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  const response = await page.goto("/never-visited");
  expect(response?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "当前离线" })).toBeVisible();
});

test("the worker's cache list comes from the build's hashed bundle", async ({ request, page }) => {
  const sw = await (await request.get("/sw.js")).text();
  await page.goto("/");
  const script = await page.locator('link[rel="modulepreload"]').getAttribute("href");
  expect(script).toMatch(/^\/pkg\/lovebank\.[^/]+\.js$/);
  expect(sw).toContain(`"${script}"`);
  expect(sw).toMatch(/const VERSION = "[0-9a-f]{16}";/);
});
