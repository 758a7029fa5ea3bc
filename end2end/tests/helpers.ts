import { APIRequestContext, expect, Page, test as base } from "@playwright/test";

/** Waits until the WebAssembly has taken over the page (the app marks `<html data-hydrated>`). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/**
 * `test` that fails when the page throws: a panic in the WebAssembly (a hydration mismatch, say)
 * surfaces as an uncaught page error even when the page still looks right.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // The Content-Security-Policy must let the app run: a blocked script or WebAssembly
      // compile is reported on the console, not thrown.
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      await use(errors);
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The demo accounts' password. */
export const PASSWORD = "lovebank";

/**
 * Opens a volunteer account in the signed-in staff member's community through the API (as the
 * 开户 page does), with a phone number no other test uses; returns that phone (the login).
 */
export async function openVolunteer(staff: APIRequestContext, name: string): Promise<string> {
  const phone = `13${5 + Math.floor(Math.random() * 3)}${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const res = await staff.post("/api/open_account", {
    form: {
      "file[name]": name,
      "file[gender]": "female",
      "file[birth_year]": "1990",
      "file[political_status]": "群众",
      "file[phone]": phone,
      password: PASSWORD,
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return phone;
}

/**
 * Posts an open wish in 福康社区 as the signed-in staff member (staff post on a resident's behalf,
 * so it goes straight onto the wall); returns the wish's id.
 */
export async function postWish(staff: APIRequestContext, need: string, capacity = "1"): Promise<string> {
  const res = await staff.post("/api/post_wish", {
    form: {
      "input[poster]": "福康社区居委会",
      "input[need]": need,
      "input[category]": "community_help",
      "input[capacity]": capacity,
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return await res.json();
}

/** Fills the service form (社区帮困, 09:00–10:30, with a witness) and presses save. */
export async function fillService(page: Page, content: string) {
  const form = page.getByTestId("service-form");
  await form.getByText("社区帮困").click();
  await form.getByLabel("开始").fill("09:00");
  await form.getByLabel("结束").fill("10:30");
  await form.getByLabel("服务地点").fill("福康社区服务站");
  await form.getByLabel("服务内容").fill(content);
  await form.getByLabel("见证人", { exact: true }).fill("马桂兰");
  await form.getByLabel("见证人电话").fill("13900020000");
  await page.getByTestId("save-service").click();
}

/** Signs in on the sign-in page and waits for the page the role lands on. */
export async function signInAs(page: Page, login: string, lands: RegExp) {
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill(login);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(lands);
}

/**
 * The lazy pages' chunk files of `group` ("volunteer", "kiosk", "office") that are not yet in
 * the service worker's cache, as the server lists them to the worker (`/sw-chunks/<group>`).
 */
export async function chunksNotKept(page: Page, group: string): Promise<string[]> {
  return page.evaluate(async (group) => {
    await navigator.serviceWorker.ready;
    const answer = await fetch(`/sw-chunks/${group}`);
    const files: string[] = answer.ok ? (await answer.json()).files : [];
    if (files.length === 0) return [`no chunk files listed for "${group}" (not a --split build?)`];
    const key = (await caches.keys()).find((k) => k.startsWith("lovebank-shell-"));
    if (!key) return files;
    const cache = await caches.open(key);
    const missing = [];
    for (const file of files) if (!(await cache.match(file))) missing.push(file);
    return missing;
  }, group);
}

/** Waits until the service worker keeps every chunk of `group`, so the network may go. */
export async function waitForOfflineChunks(page: Page, group: string) {
  await expect.poll(() => chunksNotKept(page, group), { timeout: 20_000 }).toEqual([]);
}

/**
 * Waits until the sync bar says the phone can work offline: the service worker keeps every
 * volunteer page (the log form and the wall are downloads of their own since they left the first
 * chunk). What a volunteer is told to wait for before a day without network.
 */
export async function waitForOfflineReady(page: Page, group = "volunteer") {
  await expect(page.getByTestId("offline-copy")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(page.getByTestId("offline-copy")).toHaveText(/本机可离线使用|Works offline/);
  // The bar says it only once it is true: every page of the role is already in the cache.
  expect(await chunksNotKept(page, group)).toEqual([]);
}

/** The paths of every file in the service worker's cache. */
export async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const key = (await caches.keys()).find((k) => k.startsWith("lovebank-shell-"));
    if (!key) return [];
    const cache = await caches.open(key);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
}
