// The sync engine in a real browser: every tab follows the session (a stale tab never credits
// one person's service to another), and one sync runs at a time per browser (the Web Lock).
// Each test opens new volunteer accounts, so it depends on nothing else of the demo data.
import { Browser, Page } from "@playwright/test";
import { expect, fillService, openVolunteer, PASSWORD, signInAs, test, waitForHydration, waitForOfflineReady } from "./helpers";

/** Opens a new volunteer of 福康社区 as staff1; returns their login phone. */
async function newVolunteer(browser: Browser, name: string): Promise<string> {
  const office = await browser.newContext();
  await office.request.post("/api/sign_in", { form: { login: "staff1", password: PASSWORD } });
  const phone = await openVolunteer(office.request, name);
  await office.close();
  return phone;
}

async function signIn(page: Page, login: string) {
  await signInAs(page, login, /\/volunteer$/);
  await waitForOfflineReady(page);
  await expect(page.getByTestId("sync-last")).not.toHaveText("尚未同步");
}

async function openLog(page: Page) {
  await page.getByTestId("tab-log").click();
  await expect(page.getByTestId("service-form")).toBeVisible();
}

/** The contents of the person's entries on the server, signed in as `login` in a new context. */
async function contentsOf(browser: Browser, login: string): Promise<string[]> {
  const context = await browser.newContext();
  const request = context.request;
  await request.post("/api/sign_in", { form: { login, password: PASSWORD } });
  const who = await (await request.post("/api/who_am_i", { form: {} })).json();
  const res = await request.post("/api/sync_pull", {
    form: { expected: who.person, cursor: "0", limit: "1000" },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const changes: any[] = (await res.json()).changes;
  await context.close();
  return changes.map((c) => JSON.parse(c.entry.body).content);
}

test("a tab that missed a change of session follows it and never credits one person's service to another", async ({
  page,
  context,
  browser,
}) => {
  const a = await newVolunteer(browser, "甲志愿者");
  const b = await newVolunteer(browser, "乙志愿者");
  await signIn(page, a);
  await expect(page.getByTestId("person-name")).toHaveText("甲志愿者");

  // Another tab signs A out and B in: this tab follows at once.
  const other = await context.newPage();
  await signIn(other, b);
  await expect(page.getByTestId("person-name")).toHaveText("乙志愿者");
  await other.close();
  // Let this tab's sync as B finish first: a sync still running when the cookie changes below
  // would be told "signed out" and rightly follow the change, which is not what is tried here.
  await expect(page.getByTestId("passbook-not-synced")).toHaveCount(0);
  await expect(page.getByTestId("sync-running")).toHaveCount(0);

  // This tab misses the next change (it happens in this very page's storage, so no event):
  // the cookie and the shared record are A's again, the page still shows B.
  await context.request.post("/api/sign_in", { form: { login: a, password: PASSWORD } });
  const aMe = await (await context.request.post("/api/who_am_i", { form: {} })).json();
  await page.evaluate((me) => localStorage.setItem("lovebank.me", JSON.stringify(me)), aMe);
  await expect(page.getByTestId("person-name")).toHaveText("乙志愿者");

  // B's service typed into the stale tab is not saved as anyone's: the tab says so, and switches.
  await openLog(page);
  await fillService(page, "乙的服务（旧页面）");
  await expect(page.getByTestId("save-failed")).toContainText("另一个页面已切换了登录账号");
  await expect(page.getByTestId("person-name")).toHaveText("甲志愿者");
  await fillService(page, "甲的服务");
  await expect(page.getByTestId("saved-note")).toBeVisible();
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");

  expect(await contentsOf(browser, a)).toEqual(["甲的服务"]);
  expect(await contentsOf(browser, b)).toEqual([]);
});

test("a stale tab's push and pull under someone else's session are refused, and nothing of the other person is touched", async ({
  page,
  context,
  browser,
}) => {
  const a = await newVolunteer(browser, "丙志愿者");
  const b = await newVolunteer(browser, "丁志愿者");
  await signIn(page, a);
  await openLog(page);
  await context.setOffline(true);
  await fillService(page, "丙的离线服务");
  await expect(page.getByTestId("saved-note")).toBeVisible();
  // Meanwhile the browser's cookie became B's without this page hearing of it.
  await context.request.post("/api/sign_in", { form: { login: b, password: PASSWORD } });
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-problem")).toContainText("登录已过期");
  await expect(page.getByTestId("sync-waiting")).toHaveAttribute("data-count", "1");
  await expect(page.getByTestId("person-name")).toHaveText("丙志愿者");
  expect(await contentsOf(browser, b)).toEqual([]);
  // A signs in again: the entry goes up as A's.
  await signIn(page, a);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  expect(await contentsOf(browser, a)).toEqual(["丙的离线服务"]);
});

test("two tabs syncing at once send each entry once: one sync at a time per browser", async ({
  page,
  context,
  browser,
}) => {
  const login = await newVolunteer(browser, "戊志愿者");
  await signIn(page, login);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const second = await context.newPage();
  await second.goto("/volunteer/log");
  await waitForHydration(second);
  await expect(second.getByTestId("service-form")).toBeVisible();
  await openLog(page);

  await context.setOffline(true);
  for (const n of [1, 2, 3]) {
    await fillService(page, `同时同步 ${n}`);
    await expect(page.getByTestId("saved-note")).toBeVisible();
  }
  // Every push is held back a while, so a second runner would surely read the outbox before
  // the first one's reply clears it: only the lock keeps it from sending the same entries.
  const pushed: string[] = [];
  await context.route("**/api/sync_push", async (route) => {
    const body = route.request().postDataJSON();
    for (const entry of body.batch) pushed.push(entry.id);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await context.setOffline(false);
  await Promise.all([page.getByTestId("sync-now").click(), second.getByTestId("sync-now").click()]);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
  await expect(second.getByTestId("sync-waiting")).toHaveText("全部已同步");
  await page.waitForTimeout(2000);
  expect(pushed).toHaveLength(3);
  expect(new Set(pushed).size).toBe(3);
});

test("staff see a phone's set-aside entry on 同步异常 in words, and dismiss it with a reason", async ({
  page,
  browser,
}) => {
  const login = await newVolunteer(browser, "己志愿者");
  // The volunteer's phone sends a record whose end is before its start (an old app's bug).
  const phone = await browser.newContext();
  await phone.request.post("/api/sign_in", { form: { login, password: PASSWORD } });
  const who = await (await phone.request.post("/api/who_am_i", { form: {} })).json();
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const entry = {
    id: crypto.randomUUID(),
    device: crypto.randomUUID(),
    seq: 1,
    author: who.person,
    schema: 1,
    kind: "service",
    body: JSON.stringify({
      date: day, start: "11:00", end: "10:00", place: "福康社区服务站", content: "倒着的记录",
      category: "community_help", witness_name: "马桂兰", witness_phone: "13900020000",
    }),
  };
  const pushed = await phone.request.post("/api/sync_push", { data: { batch: [entry], captured: 1 } });
  expect((await pushed.json()).receipts[0][1].outcome).toBe("quarantined");
  await phone.close();

  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill("staff1");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/office/);
  await page.getByTestId("tab-sync").click();
  const row = page.getByTestId("quarantined-entry").filter({ hasText: "己志愿者" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("quarantine-reason")).toContainText("结束时间");
  await row.getByTestId("quarantine-dismiss").click();
  await expect(row.getByRole("alert")).toBeVisible(); // a dismissal needs its reason
  await row.getByTestId("quarantine-note").fill("已电话核实，为误填");
  await row.getByTestId("quarantine-dismiss").click();
  await expect(
    page.getByTestId("quarantined-entry").filter({ hasText: "己志愿者" }).getByTestId("quarantine-resolution"),
  ).toContainText("已作废");
});
