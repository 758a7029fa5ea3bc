// The seed's practices on the phone: the witness signs on the spot with a finger (offline), and a
// volunteer proposes a self-organised activity for their building (offline), staff approve it,
// another volunteer joins it from their phone, and staff close it with the attendance.
import type { Browser, BrowserContext, Page } from "@playwright/test";

import { expect, fillService, openVolunteer, PASSWORD, signInAs, test, waitForHydration } from "./helpers";

async function phone(browser: Browser, login: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  await signInAs(page, login, /\/volunteer$/);
  await expect(page.getByTestId("sync-last")).not.toHaveText("尚未同步");
  return [context, page];
}

async function desk(browser: Browser, login: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, login, /\/office$/);
  return [context, page];
}

async function syncNow(page: Page) {
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-running")).toHaveCount(0);
  await expect(page.getByTestId("sync-waiting")).toHaveText("全部已同步");
}

/** Draws a zigzag signature across the pad with the mouse, as a finger would. */
async function sign(page: Page) {
  const pad = page.getByTestId("signature-pad");
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + 20 + i * 20, box.y + (i % 2 ? 15 : box.height - 15), { steps: 3 });
  }
  await page.mouse.up();
}

test("the witness signs on the volunteer's phone offline; the passbook and the queue show it signed", async ({ browser }) => {
  test.setTimeout(120_000);
  const staff = await browser.newContext();
  const opened = await staff.request.post("/api/sign_in", { form: { login: "staff1", password: PASSWORD } });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  const [context, page] = await phone(browser, await openVolunteer(staff.request, "签名测试志愿者"));
  const content = `帮独居老人换灯泡 ${Date.now()}`;

  await page.goto("/volunteer/log");
  await waitForHydration(page);
  await context.setOffline(true);
  // A tap is not a signature: the form says so in Chinese and saves nothing.
  const pad = page.getByTestId("signature-pad");
  await pad.click();
  await fillService(page, content);
  await expect(page.getByTestId("error-WitnessSignature")).toHaveText("签名没有写完整，请见证人在框内重新签名。");
  await page.getByTestId("signature-clear").click();
  await sign(page);
  await expect(pad.locator("path")).toHaveAttribute("d", /^M\d+ \d+(L\d+ \d+){8,}/);
  await page.getByTestId("save-service").click();
  await expect(page.getByTestId("saved-note")).toContainText("已保存在本机");
  // Saved: the pad is empty for the next line.
  await expect(page.getByTestId("signature-clear")).toBeDisabled();

  await page.getByTestId("tab-passbook").click();
  const line = page.getByTestId("passbook-line").filter({ hasText: content });
  await expect(line).toHaveAttribute("data-state", "waiting");
  await expect(line.getByTestId("witness-signed")).toHaveText("见证人已现场签名");
  await context.setOffline(false);
  await syncNow(page);
  await expect(line).toHaveAttribute("data-state", "pending");
  await expect(line.getByTestId("witness-signed")).toHaveText("见证人已现场签名");

  // staff1 opened the account, so the sub-district admin verifies its lines (custody rule).
  const [office, queue] = await desk(browser, "admin");
  await waitForHydration(queue);
  await queue.getByTestId("queue-filter-volunteer").fill("签名测试志愿者");
  await queue.getByTestId("queue-filter-apply").click();
  const queued = queue.getByTestId("queue-line").filter({ hasText: content });
  await expect(queued.getByTestId("witness-signed")).toContainText("见证人已现场签名确认");
  await expect(queued.getByTestId("witness-signed").locator("path")).toHaveAttribute("d", /^M\d+ \d+(L\d+ \d+){8,}/);
  await office.close();
  await context.close();
  await staff.close();
});

test("a volunteer proposes a courtyard activity offline; staff approve it, a neighbour joins, staff close it", async ({ browser }) => {
  test.setTimeout(150_000);
  const staff = await browser.newContext();
  const opened = await staff.request.post("/api/sign_in", { form: { login: "staff1", password: PASSWORD } });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  const [organiserContext, organiser] = await phone(browser, await openVolunteer(staff.request, "楼院组织者"));
  const [neighbourContext, neighbour] = await phone(browser, await openVolunteer(staff.request, "楼院邻居"));
  const title = `5号楼院落清扫 ${Date.now()}`;

  await organiser.getByTestId("tab-log").click();
  await organiser.getByTestId("to-activities").click();
  await expect(organiser).toHaveURL(/\/volunteer\/activities$/);
  const form = organiser.getByTestId("proposal-form");
  await expect(form).toBeVisible();
  await organiserContext.setOffline(true);
  // Nothing named: each field says what is missing, and nothing is saved.
  await form.getByTestId("propose-activity").click();
  await expect(form.getByTestId("error-Title")).toBeVisible();
  await expect(form.getByTestId("error-Place")).toBeVisible();
  await form.getByLabel("活动名称").fill(title);
  await form.getByLabel("楼院（楼栋或院落）").fill("福康社区5号楼院");
  await form.getByLabel("服务类别").selectOption("environment");
  await form.getByLabel("活动内容和邀请对象").fill("邀请5号楼的志愿者一起清扫落叶");
  await form.getByTestId("propose-activity").click();
  await expect(organiser.getByTestId("proposal-saved")).toContainText("已保存在本机");
  await organiserContext.setOffline(false);
  await syncNow(organiser);
  const mine = organiser.getByTestId("invitation").filter({ hasText: title });
  await expect(mine).toHaveAttribute("data-status", "proposed");
  await expect(mine).toContainText("待审批");

  // Before approval the neighbour is not invited.
  await neighbour.goto("/volunteer/activities");
  await waitForHydration(neighbour);
  await expect(neighbour.getByTestId("invitations")).not.toContainText("加载中");
  await expect(neighbour.getByTestId("invitation").filter({ hasText: title })).toHaveCount(0);

  const [office, activities] = await desk(browser, "staff1");
  await activities.goto("/office/activities");
  await waitForHydration(activities);
  const card = activities.getByTestId("activity").filter({ hasText: title });
  await expect(card.getByTestId("activity-status")).toHaveText("待审批");
  await expect(card.getByTestId("activity-proposer")).toContainText("楼院组织者");
  await expect(card.getByTestId("activity-witness")).toContainText("楼院组织者");
  await card.getByTestId("approve-activity").click();
  await expect(card.getByTestId("activity-status")).toHaveCount(0);
  await expect(card.getByTestId("close-activity")).toBeVisible();

  // The neighbour is invited now and joins from the phone.
  await neighbour.reload();
  await waitForHydration(neighbour);
  const invited = neighbour.getByTestId("invitation").filter({ hasText: title });
  await expect(invited).toHaveAttribute("data-status", "approved");
  await invited.getByTestId("join-activity").click();
  await expect(invited.getByTestId("joined")).toBeVisible();
  await syncNow(neighbour);
  await expect(invited.getByTestId("joined")).toHaveText("已报名参加。");

  await activities.reload();
  await waitForHydration(activities);
  await expect(card.getByTestId("activity-attendees")).toContainText("参加人员（2 人）");
  await card.getByTestId("close-activity").click();
  await activities.getByTestId("close-confirm").click();
  await expect(activities.getByTestId("activity-outcome")).toContainText("已为 2 名参加人员生成待审核的服务记录");

  // In English the organiser's page reads in English.
  await organiser.evaluate(() => { document.cookie = "lovebank_lang=en; path=/"; });
  await organiser.reload();
  await waitForHydration(organiser);
  await expect(organiser.getByTestId("proposal-form")).toContainText("Propose an activity");
  await office.close();
  await organiserContext.close();
  await neighbourContext.close();
  await staff.close();
});
