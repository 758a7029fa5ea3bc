// The volunteer's phone and the staff's desk together: a service logged offline on a phone is
// verified at the office and comes back to the passbook verified, with the cumulative time and the
// points; a rejection shows its reason; a correction shows both lines; every form refuses bad
// input field by field and saves nothing.
import { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, signInAs, test, waitForHydration, waitForOfflineChunks, waitForOfflineReady } from "./helpers";

const PHONE = { viewport: { width: 360, height: 740 }, locale: "zh-CN", hasTouch: true };
// Demo volunteers no other spec uses; each is in a different community (demo: i % 3).
const WANG_JIANGUO = "13800010000"; // 福康社区, staff1
const LI_XIUYING = "13800010001"; // 安宁社区, staff2
const ZHANG_WEI = "13800010002"; // 兴隆社区, staff3

/** A volunteer on a 360 px phone, signed in, first sync done, on the passbook. */
async function volunteerPhone(browser: Browser, login: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signInAs(page, login, /\/volunteer$/);
  await expect(page.getByTestId("sync-last")).not.toHaveText("尚未同步");
  await expect(page.getByTestId("passbook-not-synced")).toHaveCount(0);
  // The log form is a chunk of its own: a volunteer waits for the phone to be ready offline.
  await waitForOfflineReady(page);
  return [context, page];
}

async function staffDesk(browser: Browser, login: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, login, /\/office$/);
  await expect(page.getByTestId("office-page")).toBeVisible();
  return [context, page];
}

async function logService(
  page: Page,
  content: string,
  start: string,
  end: string,
  category = "义务维修",
  beforeSave?: () => Promise<void>,
) {
  await page.getByTestId("tab-log").click();
  const form = page.getByTestId("service-form");
  if (beforeSave) await beforeSave();
  await form.getByText(category).click();
  await form.getByLabel("开始").fill(start);
  await form.getByLabel("结束").fill(end);
  await form.getByLabel("服务地点").fill("福康社区 3号楼");
  await form.getByLabel("服务内容").fill(content);
  await form.getByLabel("见证人", { exact: true }).fill("马桂兰");
  await form.getByLabel("见证人电话").fill("13900020000");
  await page.getByTestId("save-service").click();
  await expect(page.getByTestId("saved-note")).toBeVisible();
}

function passbookLine(page: Page, text: string) {
  return page.getByTestId("passbook-line").filter({ hasText: text });
}

async function syncNow(page: Page) {
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-running")).toHaveCount(0);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
}

const hours = async (page: Page, id: string) => Number(await page.getByTestId(id).innerText());

test("a service logged offline on a phone is verified at the office and shows verified, with cumulative hours and points", async ({
  browser,
}) => {
  const [phone, page] = await volunteerPhone(browser, WANG_JIANGUO);
  const verifiedBefore = await hours(page, "total-verified");
  const balanceBefore = await hours(page, "total-balance");
  expect(verifiedBefore, "demo lines are verified").toBeGreaterThan(0);

  await phone.setOffline(true);
  // "For whom": the wishes 王建国 claimed and the households he served come with his file.
  let servedWhom = "";
  await logService(page, "修理厨房水龙头", "09:00", "10:30", "义务维修", async () => {
    const choice = page.getByTestId("beneficiary-choice");
    const household = choice.locator("option", { hasText: "家庭：" }).first();
    servedWhom = (await household.innerText()).replace("家庭：", "");
    await choice.selectOption({ label: await household.innerText() });
  });
  expect(servedWhom.length).toBeGreaterThan(0);
  // The form fits the phone: nothing sticks out sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByTestId("tab-passbook").click();
  await expect(passbookLine(page, "修理厨房水龙头")).toHaveAttribute("data-state", "waiting");
  await expect(passbookLine(page, "修理厨房水龙头")).toContainText("已存本机·待同步");
  await expect(page.getByTestId("total-pending")).not.toHaveText("0.0");

  await phone.setOffline(false);
  await syncNow(page);
  await expect(passbookLine(page, "修理厨房水龙头")).toHaveAttribute("data-state", "pending");
  // Awaiting review, it has not counted: no running total beside it.
  await expect(passbookLine(page, "修理厨房水龙头").getByTestId("line-cumulative")).toHaveCount(0);

  const [office, desk] = await staffDesk(browser, "staff1");
  const queued = desk.getByTestId("queue-line").filter({ hasText: "修理厨房水龙头" });
  await expect(queued).toContainText("王建国");
  await expect(queued).toContainText("马桂兰 13900020000");
  await expect(queued).toContainText(`服务对象：${servedWhom}`);
  await queued.getByTestId("verify-one").click();
  await expect(desk.getByTestId("queue-outcome")).toContainText("已核实 1 条");
  await expect(queued).toHaveCount(0);

  await syncNow(page);
  const line = passbookLine(page, "修理厨房水龙头");
  await expect(line).toHaveAttribute("data-state", "verified");
  const expected = (verifiedBefore + 1.5).toFixed(1);
  await expect(page.getByTestId("total-verified")).toHaveText(expected);
  // Dated today, it is the newest verified line: the cumulative time after it is the total.
  await expect(line.getByTestId("line-cumulative")).toHaveText(`累计 ${expected} 小时`);
  const stateText = await line.getByTestId("line-state").innerText();
  const earned = Number(/积分 (-?[\d.]+)/.exec(stateText)?.[1]);
  expect(earned).toBeGreaterThan(0);
  await expect(page.getByTestId("total-balance")).toHaveText((balanceBefore + earned).toFixed(2));

  // Points: where they came from.
  await page.getByTestId("tab-points").click();
  await expect(page.getByTestId("points-source").filter({ hasText: "修理厨房水龙头" })).toContainText(`+${earned.toFixed(2)}`);

  // Filters: one category keeps only its lines.
  await page.getByTestId("tab-passbook").click();
  await page.getByTestId("filter-category").selectOption("repair");
  const shown = page.getByTestId("passbook-line");
  expect(await shown.count()).toBeGreaterThan(0);
  for (const text of await shown.allInnerTexts()) expect(text).toContain("义务维修");
  await page.getByTestId("filter-category").selectOption("legal");
  await expect(page.getByTestId("passbook-empty")).toHaveText("没有符合条件的记录。");

  // The printable passbook holds the same lines and totals.
  await page.getByTestId("filter-category").selectOption("");
  await page.getByTestId("print-link").click();
  await expect(page.getByTestId("print-name")).toHaveText("王建国");
  await expect(page.getByTestId("print-totals")).toContainText(`已核实服务 ${expected} 小时`);
  await expect(page.getByTestId("print-line").filter({ hasText: "修理厨房水龙头" })).toHaveCount(1);

  // Offline again, the passbook still shows it verified (the copy is on the phone). The printable
  // passbook is a lazy page: its chunk must be kept before the network goes.
  await waitForOfflineChunks(page, "volunteer");
  await phone.setOffline(true);
  await page.reload();
  await waitForHydration(page);
  await page.getByTestId("tab-passbook").click();
  await expect(passbookLine(page, "修理厨房水龙头")).toHaveAttribute("data-state", "verified");
  await office.close();
  await phone.close();
});

test("two overlapping lines are marked as likely duplicates, rejected together, and the volunteer reads the reason", async ({
  browser,
}) => {
  const [phone, page] = await volunteerPhone(browser, LI_XIUYING);
  await logService(page, "陪同就医（上午）", "08:00", "10:00", "医疗保健");
  await logService(page, "陪同就医（重复）", "09:30", "11:00", "医疗保健");
  await syncNow(page);

  const [office, desk] = await staffDesk(browser, "staff2");
  const first = desk.getByTestId("queue-line").filter({ hasText: "陪同就医（上午）" });
  const second = desk.getByTestId("queue-line").filter({ hasText: "陪同就医（重复）" });
  await expect(first.getByTestId("duplicate-badge")).toBeVisible();
  await expect(second.getByTestId("duplicate-badge")).toBeVisible();

  // Rejecting without a reason is refused, and nothing changes.
  await first.getByTestId("queue-select").check();
  await second.getByTestId("queue-select").check();
  await desk.getByTestId("reject-selected").click();
  await expect(desk.getByTestId("queue-failure").first()).toContainText("请填写原因");
  await expect(first).toHaveCount(1);

  await desk.getByTestId("bulk-reason").fill("同一时段重复登记，请核对后重新登记");
  await desk.getByTestId("reject-selected").click();
  await expect(desk.getByTestId("queue-outcome")).toContainText("已驳回 2 条");
  await expect(first).toHaveCount(0);
  await expect(second).toHaveCount(0);

  await page.getByTestId("tab-passbook").click();
  await syncNow(page);
  for (const text of ["陪同就医（上午）", "陪同就医（重复）"]) {
    const line = passbookLine(page, text);
    await expect(line).toHaveAttribute("data-state", "rejected");
    await expect(line).toContainText("未通过：同一时段重复登记，请核对后重新登记");
  }
  await office.close();
  await phone.close();
});

test("a verified line corrected by a reversal: the volunteer sees both lines and the hours taken back", async ({
  browser,
}) => {
  const [phone, page] = await volunteerPhone(browser, ZHANG_WEI);
  const verifiedBefore = await hours(page, "total-verified");
  await logService(page, "维修社区电脑", "14:00", "16:00", "义务维修");
  await syncNow(page);

  const [office, desk] = await staffDesk(browser, "staff3");
  await desk.getByTestId("queue-line").filter({ hasText: "维修社区电脑" }).getByTestId("verify-one").click();
  await expect(desk.getByTestId("queue-outcome")).toContainText("已核实 1 条");

  await desk.getByTestId("tab-volunteers").click();
  await desk.locator('[data-testid="volunteer-row"][data-name="张伟"]').getByTestId("open-passbook").click();
  const book = desk.getByTestId("staff-passbook");
  const original = book.locator(".staff-line").filter({ hasText: "维修社区电脑" });
  await original.getByTestId("reverse-open").click();
  // No reason: refused with a message, nothing added.
  await original.getByTestId("reverse-confirm").click();
  await expect(book.getByTestId("reverse-failed")).toBeVisible();
  await original.getByTestId("reverse-reason").fill("活动取消，误登记");
  await original.getByTestId("reverse-confirm").click();
  await expect(book.getByTestId("reverse-ok")).toBeVisible();
  await expect(book.getByTestId("passbook-line").filter({ hasText: "维修社区电脑" })).toHaveCount(2);

  await page.getByTestId("tab-passbook").click();
  await syncNow(page);
  const both = passbookLine(page, "维修社区电脑");
  await expect(both).toHaveCount(2);
  await expect(both.getByTestId("reversal-note")).toHaveText("冲正：活动取消，误登记");
  await expect(both.filter({ hasText: "冲正" }).getByTestId("line-hours")).toHaveText("-2.0 小时");
  await expect(page.getByTestId("total-verified")).toHaveText(verifiedBefore.toFixed(1));
  await office.close();
  await phone.close();
});

test("opening an account: every bad field has its message, a taken phone is refused, a good file opens and signs in", async ({
  browser,
}) => {
  const [office, desk] = await staffDesk(browser, "staff1");
  await desk.getByTestId("tab-open").click();
  const form = desk.getByTestId("open-account-form");
  await desk.getByTestId("open-account").click();
  for (const field of ["Name", "Gender", "BirthYear", "PoliticalStatus", "Phone", "Password"]) {
    await expect(form.getByTestId(`error-${field}`)).toBeVisible();
  }
  await expect(desk.getByTestId("open-ok")).toHaveCount(0);

  await form.getByLabel("姓名").fill("周晓梅");
  await desk.getByTestId("gender").selectOption("female");
  await form.getByLabel("出生年份").fill("1899");
  await desk.getByTestId("political-status").selectOption("群众");
  await form.getByLabel("手机号（登录账号）").fill(WANG_JIANGUO); // already registered
  await form.getByLabel("初始密码（至少 8 位）").fill("short");
  await desk.getByTestId("open-account").click();
  await expect(form.getByTestId("error-BirthYear")).toBeVisible();
  await expect(form.getByTestId("error-Password")).toBeVisible();
  await expect(form.getByTestId("error-Name")).toHaveCount(0);

  await form.getByLabel("出生年份").fill("1985");
  await form.getByLabel("初始密码（至少 8 位）").fill("zhou-first-pass");
  await desk.getByTestId("open-account").click();
  // Only the server knows the number is taken: its answer lands beside the field.
  await expect(form.getByTestId("error-Phone")).toBeVisible();
  await expect(desk.getByTestId("open-ok")).toHaveCount(0);

  await form.getByLabel("手机号（登录账号）").fill("13700137000");
  await desk.getByTestId("open-account").click();
  await expect(desk.getByTestId("open-ok")).toContainText("周晓梅");
  await desk.getByTestId("tab-volunteers").click();
  await expect(desk.locator('[data-testid="volunteer-row"][data-name="周晓梅"]')).toBeVisible();

  const phone = await browser.newContext(PHONE);
  const newcomer = await phone.newPage();
  await newcomer.goto("/signin");
  await waitForHydration(newcomer);
  await newcomer.getByLabel("手机号或用户名").fill("13700137000");
  await newcomer.getByLabel("密码").fill("zhou-first-pass");
  await newcomer.getByRole("button", { name: "登录" }).click();
  await expect(newcomer.getByTestId("person-name")).toHaveText("周晓梅");
  // An empty passbook says how the first line gets there, and leads to the log form.
  await expect(newcomer.getByTestId("passbook-empty")).toContainText("做完一次志愿服务后");
  await newcomer.getByTestId("log-first-service").click();
  await expect(newcomer.getByTestId("service-form")).toBeVisible();
  await phone.close();
  await office.close();
});

test("my file and points: bad input is refused beside the field and nothing is saved; a change made offline applies at sync", async ({
  browser,
}) => {
  const [phone, page] = await volunteerPhone(browser, LI_XIUYING);
  await page.getByTestId("tab-file").click();
  const form = page.getByTestId("contact-form");
  await form.getByLabel("手机号（也是登录账号）").fill("12");
  await page.getByTestId("save-file").click();
  await expect(form.getByTestId("error-Phone")).toBeVisible();
  await expect(page.getByTestId("file-saved")).toHaveCount(0);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");

  // A new phone is a new login: it asks for the password, and nothing is saved without it.
  await form.getByLabel("手机号（也是登录账号）").fill("13912345678");
  await expect(form.getByTestId("phone-password")).toBeVisible();
  await page.getByTestId("save-file").click();
  await expect(form.getByTestId("error-Phone")).toHaveText("更换手机号需要联网并输入密码确认。");
  await expect(page.getByTestId("file-saved")).toHaveCount(0);

  await form.getByLabel("手机号（也是登录账号）").fill(LI_XIUYING);
  await expect(form.getByTestId("phone-password")).toHaveCount(0);
  await phone.setOffline(true);
  await form.getByLabel("技能特长").fill("缝补、理发、量血压");
  await page.getByTestId("save-file").click();
  await expect(page.getByTestId("file-saved")).toContainText("已保存在本机");
  await expect(page.getByTestId("file-change-state")).toContainText("等待同步");
  await phone.setOffline(false);
  await syncNow(page);
  await expect(page.getByTestId("file-change-state")).toHaveCount(0);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("contact-form").getByLabel("技能特长")).toHaveValue("缝补、理发、量血压");

  await page.getByTestId("tab-points").click();
  await page.getByTestId("redeem").click();
  await expect(page.getByTestId("error-Points")).toBeVisible();
  await page.getByLabel("兑换物品或服务").fill("电饭煲");
  await page.getByLabel("所需积分").fill("99999");
  await page.getByTestId("redeem").click();
  await expect(page.getByTestId("redeem-failed")).toContainText("积分余额不足");
  await expect(page.getByTestId("redemption")).toHaveCount(0);

  await page.getByLabel("所需积分").fill("0.5");
  await page.getByLabel("兑换物品或服务").fill("毛巾");
  await page.getByTestId("redeem").click();
  await expect(page.getByTestId("redeem-ok")).toBeVisible();
  await expect(page.getByTestId("redemption").filter({ hasText: "毛巾" })).toContainText("待领取");

  // A catalogue pick fills both fields; typing in one makes the request free text again. A pick
  // sent as is costs the catalogue's price (the server looks it up).
  const lunch = page.getByTestId("catalogue-pick").filter({ hasText: "社区食堂午餐券" });
  await lunch.click();
  await expect(lunch).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("兑换物品或服务")).toHaveValue("社区食堂午餐券");
  await page.getByLabel("所需积分").fill("3");
  await expect(lunch).toHaveAttribute("aria-pressed", "false");
  await lunch.click();
  await page.getByTestId("redeem").click();
  await expect(page.getByTestId("redemption").filter({ hasText: "社区食堂午餐券" })).toContainText("待领取");
  await expect(lunch).toHaveAttribute("aria-pressed", "false");
  await phone.close();
});
