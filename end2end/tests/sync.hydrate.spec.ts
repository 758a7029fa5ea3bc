// The offline ledger end to end: entries captured without a network survive reloads, reach the
// server exactly once, and reach the person's other devices — plus the failure cases of
// .docs/SYNC.md a real browser shows: a lost reply, a reload mid-push, tabs and phones, an expired
// session, a poison entry.
import { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { expect, fillService, signInAs, test, waitForHydration, waitForOfflineReady } from "./helpers";

// Demo volunteers (server/src/demo): each test uses its own, so the tests stay independent.
const LIU_FANG = "13800010003";

/** Signs in through the form and waits for the first sync to finish. */
async function signIn(page: Page, login: string) {
  await signInAs(page, login, /\/volunteer$/);
  await waitForOfflineReady(page);
  await expect(page.getByTestId("volunteer-page")).toBeVisible();
  await expect(page.getByTestId("sync-last")).not.toHaveText("尚未同步");
  // The passbook opens first; services are logged on the "登记" tab.
  await page.getByTestId("tab-log").click();
  await expect(page).toHaveURL(/\/volunteer\/log$/);
  await expect(page.getByTestId("service-form")).toBeVisible();
}

/** The page's service worker has cached the shell, so a reload works offline. */
async function shellCached(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

let serial = 0;
/** Logs one service through the form and waits for "saved on this phone". */
async function logService(page: Page, content?: string, waitForSaved = true) {
  serial += 1;
  const text = content ?? `陪伴独居老人 #${serial}`;
  await fillService(page, text);
  if (!waitForSaved) return;
  await expect(page.getByTestId("saved-note")).toBeVisible();
  await expect(page.getByTestId("local-line").filter({ hasText: text })).toHaveCount(1);
}

/** What the server holds of the signed-in person's device entries (through the person's cookie). */
async function serverEntries(request: APIRequestContext): Promise<any[]> {
  const who = await (await request.post("/api/who_am_i", { form: {} })).json();
  const res = await request.post("/api/sync_pull", {
    form: { expected: who.person, cursor: "0", limit: "1000" },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()).changes;
}

function lines(page: Page, state?: string) {
  const all = page.getByTestId("local-line");
  return state ? page.locator(`[data-testid="local-line"][data-state="${state}"]`) : all;
}

async function freshVolunteer(context: BrowserContext, page: Page, login: string) {
  await signIn(page, login);
  await shellCached(page);
  expect(await serverEntries(context.request)).toHaveLength(0);
}

test("three services logged offline survive a reload, sync once, and reach a second device", async ({
  page,
  context,
  browser,
}) => {
  await freshVolunteer(context, page, LIU_FANG);

  await context.setOffline(true);
  await expect(page.getByTestId("network-status")).toHaveText("离线");
  for (let i = 0; i < 3; i++) await logService(page);
  await expect(lines(page, "waiting")).toHaveCount(3);
  await expect(page.getByTestId("sync-waiting")).toHaveText("3 条等待同步");

  // The tab reloads with no network: the app and the three entries are still there.
  await page.reload();
  await waitForHydration(page);
  await expect(lines(page, "waiting")).toHaveCount(3);
  await expect(page.getByTestId("sync-waiting")).toHaveAttribute("data-count", "3");

  // The network returns: the runner sends them by itself.
  await context.setOffline(false);
  await expect(lines(page, "synced")).toHaveCount(3);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  const held = await serverEntries(context.request);
  expect(held).toHaveLength(3);
  expect(new Set(held.map((c) => c.entry.id)).size).toBe(3);

  // The same person on another browser sees them after its first sync.
  const other = await browser.newContext({ locale: "zh-CN" });
  const tablet = await other.newPage();
  await signIn(tablet, LIU_FANG);
  await expect(lines(tablet, "synced")).toHaveCount(3);
  await expect(tablet.getByTestId("sync-waiting")).toHaveText("全部已同步");
  await other.close();
});

test("case 1: the server commits and the reply is lost; the replay makes no second row", async ({
  page,
  context,
}) => {
  await freshVolunteer(context, page, "13800010004");
  let lost = 0;
  await page.route("**/api/sync_push", async (route) => {
    if (lost === 0) {
      lost += 1;
      await route.fetch(); // the server stores the entry…
      await route.abort("failed"); // …and the phone never hears back.
    } else {
      await route.continue();
    }
  });
  await logService(page);
  await expect(page.getByTestId("sync-problem")).toContainText("连不上服务器");
  await expect(lines(page, "waiting")).toHaveCount(1);
  expect(await serverEntries(context.request)).toHaveLength(1);

  await page.getByTestId("sync-now").click();
  await expect(lines(page, "synced")).toHaveCount(1);
  await expect(page.getByTestId("sync-problem")).toHaveCount(0);
  expect(lost).toBe(1);
  expect(await serverEntries(context.request)).toHaveLength(1);
});

test("case 2: a reload in the middle of a push, before and after the server commits", async ({
  page,
  context,
}) => {
  await freshVolunteer(context, page, "13800010005");
  for (const commit of [false, true]) {
    let reloading: Promise<unknown> | undefined;
    let cut = false;
    await page.route("**/api/sync_push", async (route) => {
      // Only the push of the entry just saved is cut. The reloaded page pushes again, and on a
      // slow machine it may do so before this route is removed: that push must go through.
      if (cut) return route.continue();
      cut = true;
      if (commit) await route.fetch();
      // The push starts as soon as the entry is on disk; reload once the page has said so.
      await page.getByTestId("saved-note").waitFor();
      reloading = page.reload();
      await route.abort("failed").catch(() => {});
    });
    // The route reloads the page as soon as it says "saved": the note may be gone before this
    // test could see it, so only the route watches for it.
    await logService(page, commit ? "提交后刷新" : "提交前刷新", false);
    await expect.poll(() => reloading !== undefined).toBeTruthy();
    await reloading;
    await page.unroute("**/api/sync_push");
    await waitForHydration(page);
    // On start the runner sends what is still waiting.
    await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  }
  await expect(lines(page, "synced")).toHaveCount(2);
  const held = await serverEntries(context.request);
  expect(held.map((c) => JSON.parse(c.entry.body).content).sort()).toEqual(["提交前刷新", "提交后刷新"].sort());
});

test("case 3: two tabs of one browser and two phones of one volunteer, all offline", async ({
  page,
  context,
  browser,
}) => {
  await freshVolunteer(context, page, "13800010006");
  const second = await context.newPage();
  await second.goto("/volunteer/log");
  await waitForHydration(second);
  await expect(second.getByTestId("volunteer-page")).toBeVisible();

  const phone = await browser.newContext({ locale: "zh-CN" });
  const phonePage = await phone.newPage();
  await signIn(phonePage, "13800010006");
  await shellCached(phonePage);

  await context.setOffline(true);
  await phone.setOffline(true);
  await logService(page, "标签页一 A");
  await logService(second, "标签页二 A");
  await logService(page, "标签页一 B");
  await logService(second, "标签页二 B");
  await logService(phonePage, "同一班次"); // the same shift, logged on the other phone too
  await logService(page, "同一班次");

  await context.setOffline(false);
  await phone.setOffline(false);
  for (const p of [page, second, phonePage]) await p.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  await expect(phonePage.getByTestId("sync-waiting")).toHaveText("全部已同步");
  const held = await serverEntries(context.request);
  expect(held).toHaveLength(6);
  // One browser database, one device, gap-free numbers shared by both tabs: nothing quarantined.
  expect(held.every((c) => c.receipt.outcome === "accepted")).toBeTruthy();
  // Both tabs are one device (one browser database); the other phone is a second one.
  expect(new Set(held.map((c) => c.entry.device)).size).toBe(2);
  await phonePage.getByTestId("sync-now").click();
  await expect(lines(phonePage, "synced")).toHaveCount(6);
  await phone.close();
});

test("case 13: the session ends offline; the outbox waits for its author, never for someone else", async ({
  page,
  context,
}) => {
  await freshVolunteer(context, page, "13800010007");
  await context.setOffline(true);
  await logService(page, "过期前一");
  await logService(page, "过期前二");
  await context.clearCookies(); // the session expired while the phone was offline
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-problem")).toContainText("登录已过期");
  await expect(page.getByTestId("sync-waiting")).toHaveAttribute("data-count", "2");

  // Someone else signs in on this phone: they see none of it, and none of it is sent as theirs.
  await signIn(page, "13800010008");
  await expect(lines(page)).toHaveCount(0);
  await expect(page.getByTestId("others-waiting")).toContainText("另有 2 条");
  expect(await serverEntries(context.request)).toHaveLength(0);

  // The author signs in again: their two entries go up.
  await signIn(page, "13800010007");
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  await expect(lines(page, "synced")).toHaveCount(2);
  expect(await serverEntries(context.request)).toHaveLength(2);
});

test("case 14: a poison entry is quarantined and does not block the entries behind it", async ({
  page,
  context,
}) => {
  await freshVolunteer(context, page, "13800010009");
  await context.setOffline(true);
  await logService(page, "毒条目之前");
  // An entry the server can never apply, written into the outbox as an old or broken client would.
  await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, fail) => {
      const r = indexedDB.open("lovebank");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction(["meta", "outbox"], "readwrite");
    const meta = tx.objectStore("meta");
    const device: string = await new Promise((ok) => {
      const r = meta.get("device");
      r.onsuccess = () => ok(r.result);
    });
    const me = JSON.parse(localStorage.getItem("lovebank.me")!);
    const entry = {
      id: "0190c0de-dead-7000-8000-00000000beef",
      device,
      seq: 2,
      author: me.person,
      schema: 1,
      kind: "service",
      body: "{ not json",
    };
    tx.objectStore("outbox").put(JSON.stringify(entry), String(2).padStart(20, "0"));
    meta.put("2", "last_seq");
    await new Promise((ok) => (tx.oncomplete = ok));
    db.close();
  });
  await logService(page, "毒条目之后");
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await expect(lines(page, "synced")).toHaveCount(2);
  await expect(lines(page, "quarantined")).toHaveCount(1);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  const held = await serverEntries(context.request);
  expect(held.map((c) => JSON.parse(c.entry.body).content).sort()).toEqual(["毒条目之前", "毒条目之后"].sort());
});

test("what has not been sent can be exported as a file", async ({ page, context }) => {
  await freshVolunteer(context, page, "13800010010");
  await context.setOffline(true);
  await logService(page, "导出测试");
  const download = page.waitForEvent("download");
  await page.getByTestId("export-unsent").click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray();
  const unsent = JSON.parse(Buffer.concat(text).toString("utf8"));
  expect(unsent.waiting).toHaveLength(1);
  expect(JSON.parse(unsent.waiting[0].body).content).toBe("导出测试");
  await context.setOffline(false);
});

test("every invalid field of the service form shows its message and nothing is saved", async ({
  page,
  context,
}) => {
  await freshVolunteer(context, page, "13800010011");
  const form = page.getByTestId("service-form");
  await form.getByLabel("开始").fill("10:00");
  await form.getByLabel("结束").fill("09:00");
  await form.getByLabel("见证人", { exact: true }).fill("马桂兰");
  await form.getByLabel("见证人电话").fill("12345");
  await page.getByTestId("save-service").click();
  await expect(page.getByTestId("error-Category")).toBeVisible();
  await expect(page.getByTestId("error-Place")).toBeVisible();
  await expect(page.getByTestId("error-Content")).toBeVisible();
  await expect(page.getByTestId("error-EndTime")).toContainText("结束时间");
  await expect(page.getByTestId("error-WitnessPhone")).toBeVisible();
  await expect(page.getByTestId("saved-note")).toHaveCount(0);
  await expect(lines(page)).toHaveCount(0);
  expect(await serverEntries(context.request)).toHaveLength(0);
});
