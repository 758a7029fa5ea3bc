import { cachedPaths, chunksNotKept, expect, signInAs, test, waitForHydration, waitForOfflineChunks, waitForOfflineReady } from "./helpers";

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
  // The home page is a lazy route: its chunk is kept for everyone, signed in or not.
  await waitForOfflineChunks(page, "shell");

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
  // The app's script, and (the home page being a lazy route) the split build's chunk loader.
  const scripts = await page.locator('link[rel="modulepreload"]').evaluateAll((links) =>
    links.map((l) => l.getAttribute("href")!),
  );
  expect(scripts.some((s) => /^\/pkg\/lovebank\.[^/]+\.js$/.test(s)), scripts.join(" ")).toBeTruthy();
  for (const script of scripts) expect(sw).toContain(`"${script}"`);
  expect(sw).toMatch(/const VERSION = "[0-9a-f]{16}";/);
});

test("a volunteer's phone keeps the log form, the wall and the wish form for offline use and never downloads the office", async ({ page, context }) => {
  // Every request of the page and of its service worker (Chromium reports both to the context).
  const asked: string[] = [];
  context.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await signInAs(page, "13800010003", /\/volunteer$/);
  await waitForHydration(page);
  await waitForOfflineChunks(page, "volunteer");
  // Hundreds of small chunk files came as one download per group, not one request each.
  expect(asked.filter((p) => p === "/sw-pack/volunteer")).toHaveLength(1);
  expect(asked.filter((p) => /^\/pkg\/(chunk_|split_)/.test(p))).toEqual([]);
  // Nothing of the office reached this phone: every WebAssembly file it holds is the main
  // bundle or one of the volunteer's own chunks.
  const volunteerChunks = await page.evaluate(async () => {
    const files = async (group: string) => (await (await fetch(`/sw-chunks/${group}`)).json()).files as string[];
    return [...(await files("volunteer")), ...(await files("shell"))];
  });
  const wasm = (await cachedPaths(page)).filter((p) => p.endsWith(".wasm"));
  const foreign = wasm.filter((p) => !volunteerChunks.includes(p) && !/^\/pkg\/lovebank\.[^/]+\.wasm$/.test(p));
  expect(foreign).toEqual([]);
  expect(await chunksNotKept(page, "office")).not.toEqual([]);

  await context.setOffline(true);
  await page.goto("/wall/new");
  await waitForHydration(page);
  await expect(page.getByTestId("post-wish-page")).toBeVisible();
  await expect(page.getByTestId("wish-form")).toBeVisible();
  // The log form and the wall, reloaded offline, are whole too.
  await page.goto("/volunteer/log");
  await waitForHydration(page);
  await expect(page.getByTestId("service-form")).toBeVisible();
  await page.goto("/wall");
  await waitForHydration(page);
  await expect(page.getByTestId("wall-page")).toBeVisible();
  await context.setOffline(false);
});

test("an office PC reloads a lazy office page with no network after one visit", async ({ page, context }) => {
  await signInAs(page, "staff1", /\/office$/);
  await waitForHydration(page);
  await waitForOfflineChunks(page, "office");
  await context.setOffline(true);
  // Never opened on this PC, but its page and its chunk were kept.
  await page.goto("/office/wishes");
  await waitForHydration(page);
  await expect(page.getByTestId("wishes-review")).toBeVisible();
  // Client-side, to another lazy page, still offline.
  await page.getByTestId("tab-volunteers").click();
  await expect(page.getByTestId("volunteers")).toBeVisible();
  await context.setOffline(false);
});

test("a phone cut off before it kept the log form says so in Chinese, and the app keeps working", async ({ page, context, pageErrors }) => {
  // Every lazy chunk fails to arrive, one by one or packed, as on a phone whose network went right
  // after the passbook (the worker's own requests included: Chromium routes them through the
  // context).
  const chunk = /\/pkg\/(chunk_|split_)[^/]*\.wasm$|\/sw-pack\/\w+$/;
  await context.route(chunk, (route) => route.abort("internetdisconnected"));
  await signInAs(page, "13800010003", /\/volunteer$/);
  await waitForHydration(page);
  await expect(page.getByTestId("total-verified")).toBeVisible();
  await expect(page.getByTestId("offline-copy")).toHaveAttribute("data-state", "incomplete", { timeout: 20_000 });
  await expect(page.getByTestId("offline-copy")).toHaveText("部分页面未存到本机，联网后补齐");

  await page.getByTestId("tab-log").click();
  await expect(page.getByTestId("page-not-kept")).toContainText("这个页面还没有保存到本机");
  await expect(page.getByTestId("service-form")).toHaveCount(0);
  // The app did not stop: the passbook, in the first chunk, still answers, and the form is tried
  // again (and refused again) on the next tap.
  await page.getByTestId("tab-passbook").click();
  await expect(page).toHaveURL(/\/volunteer$/);
  await expect(page.getByTestId("total-verified")).toBeVisible();
  await page.getByTestId("tab-log").click();
  await expect(page.getByTestId("page-not-kept")).toBeVisible();

  // The network is back: "try again" opens the form, and the phone is then ready offline.
  await context.unroute(chunk);
  await page.getByTestId("page-not-kept-retry").click();
  await waitForHydration(page);
  await expect(page.getByTestId("service-form")).toBeVisible();
  await waitForOfflineReady(page);
  await context.setOffline(true);
  await page.getByTestId("tab-passbook").click();
  await page.getByTestId("tab-wall").click();
  await expect(page.getByTestId("wall-page")).toBeVisible();
  await context.setOffline(false);

  // The splitter's loader starts a chunk's download beside its dependencies' and leaves it
  // unawaited when a dependency fails first, so the browser reports that download's failure as
  // uncaught; the app met the same failure and showed it. Nothing else may have been thrown.
  const others = pageErrors.filter((e) => e !== "Failed to fetch");
  pageErrors.splice(0, pageErrors.length, ...others);
});

test("a lazy page whose loader script did not arrive says so, and opens once the network is back", async ({ page, context }) => {
  // The release build moves the chunk loaders out of the first visit into a script imported when
  // a lazy page is first opened (.ci/compact-split-loader.mjs). That import fails here.
  const loader = /\/pkg\/__wasm_split_pages\.[^/]+\.js$/;
  await context.route(loader, (route) => route.abort("internetdisconnected"));
  await signInAs(page, "13800010003", /\/volunteer$/);
  await waitForHydration(page);
  await expect(page.getByTestId("total-verified")).toBeVisible();
  await page.getByTestId("tab-log").click();
  await expect(page.getByTestId("page-not-kept")).toContainText("这个页面还没有保存到本机");
  await page.getByTestId("tab-passbook").click();
  await expect(page.getByTestId("total-verified")).toBeVisible();

  // A failed import stays failed under its address; the next tap must really ask again.
  await context.unroute(loader);
  await page.getByTestId("tab-log").click();
  await expect(page.getByTestId("service-form")).toBeVisible();
});

test("a chunk pack cut short keeps nothing from it, and the worker fetches the files one by one", async ({ page, context }) => {
  // Half of the real pack arrives, as when a phone's network drops mid-download behind a proxy
  // that still answers 200: its files' lengths no longer add up.
  await context.route(/\/sw-pack\/\w+$/, async (route) => {
    const whole = await (await route.fetch()).body();
    await route.fulfill({ status: 200, contentType: "application/octet-stream", body: whole.subarray(0, whole.length >> 1) });
  });
  const asked: string[] = [];
  context.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await signInAs(page, "13800010003", /\/volunteer$/);
  await waitForHydration(page);
  // Every file is still kept, each of its own request, and each opens offline.
  await waitForOfflineReady(page);
  expect(asked.filter((p) => /^\/pkg\/(chunk_|split_)/.test(p)).length).toBeGreaterThan(100);
  await context.setOffline(true);
  await page.getByTestId("tab-log").click();
  await expect(page.getByTestId("service-form")).toBeVisible();
  await context.setOffline(false);
});
