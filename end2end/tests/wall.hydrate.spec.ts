// The micro-wish wall and the community kiosk end to end: a wish posted on a phone, approved in
// the office, appears on the kiosk without a reload; two volunteers claim the same one-to-one
// wish offline and exactly one holds it; fulfilment moves the wall and its counts; the kiosk
// survives a cut network and a reload; its token writes nothing.
import { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { expect, openVolunteer, PASSWORD, postWish, signInAs, test, waitForHydration, waitForOfflineChunks } from "./helpers";

/** Signs the API client of a context in (the cookie lands in the context). */
async function apiSignIn(request: APIRequestContext, login: string) {
  const res = await request.post("/api/sign_in", { form: { login, password: PASSWORD } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

let serial = 0;
/** A new volunteer of 福康社区 opened by its staff, so every test starts from a clean slate. */
async function newVolunteer(staff: APIRequestContext): Promise<string> {
  serial += 1;
  return openVolunteer(staff, `测试志愿者${serial}`);
}

async function signIn(page: Page, login: string) {
  await signInAs(page, login, /\/volunteer$/);
  await expect(page.getByTestId("sync-last")).not.toHaveText("尚未同步");
}

async function staffContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill("staff1");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/office$/);
  return { context, page };
}

async function kioskToken(staff: APIRequestContext): Promise<string> {
  const res = await staff.post("/api/register_kiosk", { form: { name: `大屏${Date.now()}` } });
  expect(res.ok(), await res.text()).toBeTruthy();
  return await res.json();
}

async function openKiosk(browser: Browser, token: string) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto("/kiosk");
  await waitForHydration(page);
  await page.getByTestId("kiosk-token-input").fill(token);
  await page.getByTestId("kiosk-sign-in").click();
  await expect(page.getByTestId("wall-counts")).toBeVisible();
  return { context, page };
}

function note(page: Page, wish: string) {
  return page.locator(`[data-testid="wish-note"][data-wish="${wish}"]`);
}

test("a wish posted on a phone is approved at the office and reaches the kiosk without a reload", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(90_000);
  const staff = await staffContext(browser);
  const kiosk = await openKiosk(browser, await kioskToken(staff.context.request));
  const openBefore = Number(await kiosk.page.getByTestId("count-open").textContent());

  // A volunteer posts a wish from the phone; its text holds markup, shown as typed.
  await apiSignIn(context.request, "staff1");
  const login = await newVolunteer(context.request);
  await signIn(page, login);
  await page.goto("/wall/new");
  await waitForHydration(page);
  const need = `<script>window.__pwned = 1</script>修剪楼下花坛 ${Date.now()}`;
  const form = page.getByTestId("wish-form");
  await form.getByTestId("wish-need-input").fill(need);
  await form.getByTestId("wish-offer").fill("送一盆绿萝");
  await form.getByTestId("wish-category").selectOption("environment");
  await form.getByTestId("submit-wish").click();
  await expect(page.getByTestId("wish-saved")).toContainText("已保存在本机");
  await page.getByRole("link", { name: "← 返回心愿墙" }).click();
  const mine = page.getByTestId("wish-note").filter({ hasText: "修剪楼下花坛" });
  await expect(mine).toHaveAttribute("data-state", "AwaitingApproval");
  await expect(mine.getByTestId("wish-status")).toContainText("等待社区审核", { timeout: 20_000 });

  // Staff approve it at the office.
  await staff.page.goto("/office/wishes");
  await waitForHydration(staff.page);
  const item = staff.page.getByTestId("review-item").filter({ hasText: "修剪楼下花坛" });
  await expect(item).toContainText("<script>");
  await item.getByTestId("approve-wish").click();
  await expect(item).toHaveCount(0);

  // The kiosk shows it by itself (it refreshes every 10 s), as text, with a QR code.
  const onKiosk = kiosk.page.getByTestId("kiosk-note").filter({ hasText: "修剪楼下花坛" });
  await expect(onKiosk).toBeVisible({ timeout: 25_000 });
  await expect(onKiosk.getByTestId("kiosk-need")).toHaveText(need);
  await expect(onKiosk.getByTestId("kiosk-qr")).toBeVisible();
  await expect(kiosk.page.getByTestId("count-open")).toHaveText(String(openBefore + 1));
  expect(await kiosk.page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  await kiosk.context.close();
  await staff.context.close();
});

test("two volunteers claim a one-to-one wish offline: one holds it, the other is told why; fulfilment moves the wall", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const staff = await staffContext(browser);
  const wish = await postWish(staff.context.request, `帮忙搬运旧家具 ${Date.now()}`);
  const phones = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, await newVolunteer(staff.context.request));
    await page.goto("/wall");
    await waitForHydration(page);
    await expect(note(page, wish)).toHaveAttribute("data-state", "Open");
    phones.push({ context, page });
  }
  const [first, second] = phones;
  const countsBefore = Number(await first.page.getByTestId("count-fulfilled").textContent());

  for (const phone of phones) {
    await phone.context.setOffline(true);
    await note(phone.page, wish).getByTestId("claim-wish").click();
    await expect(note(phone.page, wish).getByTestId("wish-status")).toHaveText("认领已存本机·待同步。");
  }
  await first.context.setOffline(false);
  await expect(note(first.page, wish).getByTestId("wish-status")).toHaveText("您已认领这个心愿。", {
    timeout: 20_000,
  });
  await second.context.setOffline(false);
  await expect(note(second.page, wish).getByTestId("wish-status")).toHaveText(
    "认领未成功：这个心愿已经被其他志愿者认领了。",
    { timeout: 20_000 },
  );
  await expect(note(second.page, wish).getByTestId("claim-wish")).toHaveCount(0);
  const wall = await (await staff.context.request.post("/api/community_wall", { form: {} })).json();
  const card = wall.cards.find((c: any) => c.id === wish);
  expect([card.claims, card.state]).toEqual([1, "claimed"]);

  // The winner logs the service that fulfilled it; staff confirm; the wall and counts follow.
  await note(first.page, wish).getByTestId("fulfil-wish").click();
  await expect(first.page).toHaveURL(new RegExp(`/volunteer/log\\?wish=${wish}`));
  const form = first.page.getByTestId("service-form");
  await expect(form.getByTestId("completes-wish")).toBeChecked();
  await form.getByText("社区帮困").click();
  await form.getByLabel("开始").fill("09:00");
  await form.getByLabel("结束").fill("11:00");
  await form.getByLabel("服务地点").fill("居民家中");
  await form.getByLabel("服务内容").fill("搬运旧家具下楼");
  await first.page.getByTestId("save-service").click();
  await expect(first.page.getByTestId("saved-note")).toBeVisible();
  await expect(first.page.getByTestId("sync-waiting")).toHaveText("全部已同步", { timeout: 20_000 });
  await first.page.getByTestId("tab-wall").click();
  await expect(note(first.page, wish).getByTestId("wish-status")).toHaveText("已报告完成，等待社区确认。", {
    timeout: 20_000,
  });

  await staff.page.goto("/office/wishes");
  await waitForHydration(staff.page);
  const item = staff.page.locator(`[data-testid="review-item"][data-wish="${wish}"]`);
  await expect(item.getByTestId("reported-by")).toBeVisible();
  await item.getByTestId("confirm-wish").click();
  await expect(item).toHaveCount(0);

  await first.page.getByTestId("sync-now").click();
  await expect(note(first.page, wish)).toHaveAttribute("data-state", "Fulfilled", { timeout: 20_000 });
  await expect(first.page.getByTestId("count-fulfilled")).toHaveText(String(countsBefore + 1));
  for (const phone of phones) await phone.context.close();
  await staff.context.close();
});

test("the kiosk keeps showing the wishes when the network drops, even after a reload", async ({ browser }) => {
  test.setTimeout(60_000);
  const staff = await staffContext(browser);
  const kiosk = await openKiosk(browser, await kioskToken(staff.context.request));
  await expect(kiosk.page.getByTestId("kiosk-note").first()).toBeVisible();
  const shown = await kiosk.page.getByTestId("kiosk-need").first().textContent();
  // The kiosk's screen is a lazy page: its chunks must be kept before the network goes.
  await waitForOfflineChunks(kiosk.page, "kiosk");
  await kiosk.context.setOffline(true);
  await kiosk.page.reload();
  await waitForHydration(kiosk.page);
  await expect(kiosk.page.getByTestId("kiosk-need").first()).toHaveText(shown ?? "");
  await expect(kiosk.page.getByTestId("kiosk-status")).toContainText("离线 · 自", { timeout: 15_000 });
  await kiosk.context.setOffline(false);
  await expect(kiosk.page.getByTestId("kiosk-status")).toContainText("更新于", { timeout: 15_000 });
  await kiosk.context.close();
  await staff.context.close();
});

test("a kiosk's token writes nothing", async ({ browser }) => {
  const staff = await staffContext(browser);
  const kiosk = await openKiosk(browser, await kioskToken(staff.context.request));
  const writes: [string, Record<string, string>][] = [
    ["record_service", { "input[date]": "2026-11-01", "input[start]": "09:00", "input[end]": "10:00", "input[place]": "站", "input[content]": "x", "input[category]": "repair" }],
    ["verify_record", { id: "x" }],
    ["reject_record", { id: "x", reason: "x" }],
    ["reverse_record", { id: "x", reason: "x" }],
    ["set_points_rule", { per_hour: "1" }],
    ["request_redemption", { points: "1", item: "毛巾" }],
    ["open_account", { "file[name]": "x", password: "x" }],
    ["reset_password", { person: "x", new: "x" }],
    ["register_kiosk", { name: "x" }],
    ["add_category", { code: "x", name_zh: "x", name_en: "x", icon: "x" }],
    ["change_password", { current: "x", new: "xxxxxxxxxx" }],
    ["post_wish", { "input[poster]": "x", "input[need]": "x", "input[category]": "repair" }],
    ["decide_wish", { wish: "x", decision: "approve", reason: "" }],
  ];
  for (const [fn, form] of writes) {
    const res = await kiosk.context.request.post(`/api/${fn}`, { form });
    expect(res.status(), fn).toBeGreaterThanOrEqual(400);
    expect(await res.json(), fn).toBe("Forbidden");
  }
  const push = await kiosk.context.request.post("/api/sync_push", { data: { batch: [] } });
  expect(await push.json()).toBe("Forbidden");
  // And it still reads its wall.
  expect((await kiosk.context.request.post("/api/community_wall", { form: {} })).ok()).toBeTruthy();
  await kiosk.context.close();
  await staff.context.close();
});

test("a wish opened from the kiosk's QR code asks to sign in, then lands ready to claim", async ({
  page,
  context,
}) => {
  await apiSignIn(context.request, "staff1");
  const wish = await postWish(context.request, `陪老人去医院复查 ${Date.now()}`);
  const login = await newVolunteer(context.request);
  await context.clearCookies();
  await page.goto(`/wall/${wish}`);
  await waitForHydration(page);
  await page.getByTestId("please-sign-in").getByRole("link", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/signin\?next=/);
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill(login);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(new RegExp(`/wall/${wish}$`));
  await expect(note(page, wish).getByTestId("claim-wish")).toBeVisible({ timeout: 15_000 });
});

test("staff post a wish from the kiosk's staff mode with their password, and it shows at once", async ({ browser }) => {
  test.setTimeout(60_000);
  const staff = await staffContext(browser);
  const kiosk = await openKiosk(browser, await kioskToken(staff.context.request));
  await kiosk.page.getByTestId("kiosk-staff-mode").click();
  const panel = kiosk.page.getByTestId("kiosk-staff-panel");
  await panel.getByTestId("kiosk-staff-login").fill("staff1");
  await panel.getByTestId("kiosk-staff-password").fill("wrong-password");
  const need = `帮忙更换楼道灯泡 ${Date.now()}`;
  await panel.getByTestId("wish-poster").fill("李奶奶");
  await panel.getByTestId("wish-need-input").fill(need);
  await panel.getByTestId("wish-category").selectOption("repair");
  await panel.getByTestId("submit-wish").click();
  await expect(panel.getByTestId("wish-failed")).toHaveText("手机号/用户名或密码不正确。");
  await expect(panel.getByTestId("kiosk-staff-password")).toHaveValue("");
  await panel.getByTestId("kiosk-staff-password").fill(PASSWORD);
  await panel.getByTestId("submit-wish").click();
  await expect(panel.getByTestId("wish-saved")).toHaveText("已发布到心愿墙。");
  await kiosk.page.getByTestId("kiosk-staff-mode").click();
  await expect(kiosk.page.getByTestId("kiosk-note").filter({ hasText: need })).toBeVisible({ timeout: 25_000 });
  await kiosk.context.close();
  await staff.context.close();
});

test("a wall of many wishes draws 30 notes and shows the rest on request; a filter starts again at 30", async ({ page, browser }) => {
  const staff = await staffContext(browser);
  for (let i = 0; i < 32; i++) await postWish(staff.context.request, `长长的心愿墙 ${i}`);
  await signIn(page, await newVolunteer(staff.context.request));
  await page.goto("/wall");
  await waitForHydration(page);
  const notes = page.getByTestId("wish-note");
  await expect(notes).toHaveCount(30);
  await page.getByTestId("show-more").click();
  expect(await notes.count()).toBeGreaterThan(31);
  await page.getByTestId("wall-category").selectOption("community_help");
  await expect(notes).toHaveCount(30);
  await staff.context.close();
});

test("a volunteer gives a place back offline and another takes it; a poster withdraws her own wish; staff set the waiting period", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const staff = await staffContext(browser);
  const wish = await postWish(staff.context.request, `陪老人去医院复查 ${Date.now()}`);
  const phones = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, await newVolunteer(staff.context.request));
    await page.goto("/wall");
    await waitForHydration(page);
    phones.push({ context, page });
  }
  const [first, second] = phones;

  // The first volunteer takes it, then gives it back while offline: asked once more, kept on
  // the phone, sent when the network returns.
  await note(first.page, wish).getByTestId("claim-wish").click();
  await expect(note(first.page, wish).getByTestId("wish-status")).toHaveText("您已认领这个心愿。", {
    timeout: 20_000,
  });
  await first.context.setOffline(true);
  await note(first.page, wish).getByTestId("release-wish").click();
  await expect(note(first.page, wish).getByTestId("wish-confirm")).toContainText("确定退出认领");
  await note(first.page, wish).getByTestId("wish-confirm-yes").click();
  await expect(note(first.page, wish).getByTestId("wish-status")).toHaveText("退出认领已存本机·待同步。");
  await expect(note(first.page, wish).getByTestId("release-wish")).toHaveCount(0);
  await first.context.setOffline(false);
  await first.page.getByTestId("sync-now").click();
  await expect(note(first.page, wish).getByTestId("wish-reopened")).toBeVisible({ timeout: 20_000 });
  await expect(note(first.page, wish)).toHaveAttribute("data-state", "Open");

  // The second volunteer's wall says the place is open again, and they take it.
  await second.page.getByTestId("sync-now").click();
  await expect(note(second.page, wish).getByTestId("wish-reopened")).toBeVisible({ timeout: 20_000 });
  await note(second.page, wish).getByTestId("claim-wish").click();
  await expect(note(second.page, wish).getByTestId("wish-status")).toHaveText("您已认领这个心愿。", {
    timeout: 20_000,
  });
  const wall = await (await staff.context.request.post("/api/community_wall", { form: {} })).json();
  const card = wall.cards.find((c: any) => c.id === wish);
  expect([card.claims, card.state, card.reopened]).toEqual([1, "claimed", false]);

  // The second volunteer posts a wish of her own, staff approve it, and she withdraws it.
  await second.page.goto("/wall/new");
  await waitForHydration(second.page);
  const need = `想找人教我包饺子 ${Date.now()}`;
  const form = second.page.getByTestId("wish-form");
  await form.getByTestId("wish-need-input").fill(need);
  await form.getByTestId("wish-category").selectOption("community_help");
  await form.getByTestId("submit-wish").click();
  await expect(second.page.getByTestId("wish-saved")).toContainText("已保存在本机");
  await second.page.getByRole("link", { name: "← 返回心愿墙" }).click();
  const mine = second.page.getByTestId("wish-note").filter({ hasText: need });
  await expect(mine.getByTestId("wish-status")).toContainText("等待社区审核", { timeout: 20_000 });
  await staff.page.goto("/office/wishes");
  await waitForHydration(staff.page);
  await staff.page.getByTestId("review-item").filter({ hasText: need }).getByTestId("approve-wish").click();
  await expect(staff.page.getByTestId("review-item").filter({ hasText: need })).toHaveCount(0);
  await second.page.getByTestId("sync-now").click();
  await expect(mine).toHaveAttribute("data-state", "Open", { timeout: 20_000 });
  await mine.getByTestId("withdraw-wish").click();
  await mine.getByTestId("wish-confirm-no").click();
  await expect(mine.getByTestId("wish-confirm")).toHaveCount(0);
  await mine.getByTestId("withdraw-wish").click();
  await mine.getByTestId("wish-confirm-yes").click();
  await expect(mine.getByTestId("wish-status")).toHaveText(/已撤回|您已撤回这个心愿。/, { timeout: 20_000 });
  await second.page.getByTestId("sync-now").click();
  await expect(mine).toHaveAttribute("data-state", "Withdrawn", { timeout: 20_000 });
  await expect(mine.getByTestId("wish-status")).toHaveText("您已撤回这个心愿。");
  await first.page.getByTestId("sync-now").click();
  await expect(first.page.getByTestId("wish-note").filter({ hasText: need })).toHaveCount(0, { timeout: 20_000 });

  // Staff set how long a wish may wait; out of range is refused in Chinese.
  const days = staff.page.getByTestId("waiting-days");
  await expect(days).toHaveValue("60");
  await days.fill("3");
  await staff.page.getByTestId("waiting-days-form").getByRole("button", { name: "保存" }).click();
  await expect(staff.page.getByTestId("waiting-days-form").getByRole("alert")).toHaveText("久候天数须在 7 到 365 天之间。");
  await days.fill("30");
  await staff.page.getByTestId("waiting-days-form").getByRole("button", { name: "保存" }).click();
  await expect(staff.page.getByTestId("waiting-days-form").getByRole("status")).toHaveText("已保存。");
  const saved = await (await staff.context.request.post("/api/wish_waiting_days", { form: {} })).json();
  expect(saved).toBe(30);
  for (const phone of phones) await phone.context.close();
  await staff.context.close();
});
