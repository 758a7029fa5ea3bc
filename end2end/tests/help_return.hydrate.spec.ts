// 回报 on phones: a depositor asks for help paying an hour of her passbook (more than she holds is
// refused before anything is saved), the hour is reserved, the wall marks the request as a
// depositor's, a new volunteer of her community helps, staff verify, and her points page shows
// the hour paid.
import { Browser, Page } from "@playwright/test";
import { expect, openVolunteer, PASSWORD, signInAs, test, waitForHydration } from "./helpers";

async function phone(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  await signInAs(page, login, /\/volunteer$/);
  await expect(page.getByTestId("sync-last")).not.toHaveText("尚未同步");
  return page;
}

test("a depositor pays an hour of her passbook for help, and a helper's verified service pays it", async ({ browser }) => {
  test.setTimeout(120_000);
  const need = `想请人陪同去医院复查 ${Date.now()}`;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const serve = (start: string, end: string, content: string, wish?: string) => ({
    "input[date]": today,
    "input[start]": start,
    "input[end]": end,
    "input[place]": "福康社区服务站",
    "input[content]": content,
    "input[category]": "community_help",
    ...(wish ? { "input[beneficiary_kind]": "wish", "input[beneficiary]": wish } : {}),
    "input[witness_name]": "马桂兰",
    "input[witness_phone]": "13900020000",
  });
  // Both people are new volunteers of 福康社区 (other specs read the demo volunteers' logs).
  // staff1 opens their accounts, so the sub-district admin verifies their lines (custody rule).
  const staff = await browser.newContext();
  const signedIn = await staff.request.post("/api/sign_in", { form: { login: "staff1", password: PASSWORD } });
  expect(signedIn.ok(), await signedIn.text()).toBeTruthy();
  const admin = await browser.newContext();
  expect((await admin.request.post("/api/sign_in", { form: { login: "admin", password: PASSWORD } })).ok()).toBeTruthy();
  const depositorName = `存款人${Date.now() % 100000}`;
  const liu = await phone(browser, await openVolunteer(staff.request, depositorName));
  // Two hours she gave earlier today, verified: her deposit.
  const gave = await liu.request.post("/api/record_service", { form: serve("14:00", "16:00", "陪老人聊天") });
  expect(gave.ok(), await gave.text()).toBeTruthy();
  const deposit = await admin.request.post("/api/verify_record", { form: { id: await gave.json() } });
  expect(deposit.ok(), await deposit.text()).toBeTruthy();
  await liu.goto("/volunteer/points");
  await waitForHydration(liu);
  const account = liu.getByTestId("return-available");
  await expect(account).toContainText("可用 2.0 小时（累计服务 2.0 · 已支付 0.0 · 预留 0.0）");
  const before = 2;

  await liu.goto("/wall/new");
  await waitForHydration(liu);
  const form = liu.getByTestId("wish-form");
  await expect(form.getByTestId("wish-pay-available")).toContainText(`存折可用 ${before.toFixed(1)} 小时`);
  await form.getByTestId("wish-need-input").fill(need);
  await form.getByTestId("wish-category").selectOption("community_help");
  // More than she holds: refused on the phone, nothing saved.
  await form.getByTestId("wish-pay-hours").fill(String(Math.ceil(before) + 1));
  await form.getByTestId("submit-wish").click();
  await expect(liu.getByTestId("wish-failed")).toHaveText("存折中可用的时间不够支付这些小时，请减少支付时间。");
  await form.getByTestId("wish-pay-hours").fill("1.2");
  await form.getByTestId("submit-wish").click();
  await expect(form.getByTestId("error-Pay")).toHaveText("支付时间须在0.5到40小时之间，以半小时为单位。");
  await form.getByTestId("wish-pay-hours").fill("1");
  await form.getByTestId("submit-wish").click();
  await expect(liu.getByTestId("wish-saved")).toContainText("已保存在本机");
  await liu.goto("/wall");
  await waitForHydration(liu);
  const mine = liu.getByTestId("wish-note").filter({ hasText: need });
  await expect(mine.getByTestId("wish-status")).toContainText("等待社区审核", { timeout: 20_000 });
  await expect(mine.getByTestId("wish-depositor")).toHaveText("存折回报：发布人用自己存折中的 1.0 小时支付这次帮助。");

  // Staff approve it; the hour is held back on her points page.
  const listed = await staff.request.post("/api/wishes_to_review", { form: {} });
  expect(listed.ok(), await listed.text()).toBeTruthy();
  const review = await listed.json();
  const wish = review.find((w: any) => w.card.need === need).card.id;
  expect((await staff.request.post("/api/decide_wish", { form: { wish, decision: "approve", reason: "" } })).ok()).toBeTruthy();
  await liu.goto("/volunteer/points");
  await waitForHydration(liu);
  await expect(liu.getByTestId("return-reserved")).toContainText(`预留 1.0 小时：${need}`);

  // A helper (a new volunteer, so no other test's lines overlap his) sees it marked on the wall,
  // claims it, serves; staff verify his line.
  const helperName = `助人者${Date.now() % 100000}`;
  const wang = await phone(browser, await openVolunteer(staff.request, helperName));
  await wang.goto("/wall");
  await waitForHydration(wang);
  const onWall = wang.locator(`[data-testid="wish-note"][data-wish="${wish}"]`);
  await expect(onWall.getByTestId("wish-depositor")).toBeVisible();
  await onWall.getByTestId("claim-wish").click();
  await expect(onWall.getByTestId("wish-status")).toContainText("认领", { timeout: 20_000 });
  const served = await wang.request.post("/api/record_service", { form: serve("08:00", "10:00", "陪同复查", wish) });
  expect(served.ok(), await served.text()).toBeTruthy();
  const line = await served.json();
  const verified = await admin.request.post("/api/verify_record", { form: { id: line } });
  expect(verified.ok(), await verified.text()).toBeTruthy();

  // Her points page: the hour paid, to nobody, naming who helped.
  await liu.reload();
  await waitForHydration(liu);
  await expect(liu.getByTestId("return-paid")).toContainText(`支付 1.0 小时：${helperName} 帮助了「${need}」`, { timeout: 20_000 });
  await expect(liu.getByTestId("return-reserved")).toHaveCount(0);

  // Both passbooks show it, from the copy each phone keeps: hers as paid to the helper, his on
  // the very line the request paid for.
  await liu.goto("/volunteer");
  await waitForHydration(liu);
  await liu.getByTestId("sync-now").click();
  await expect(liu.getByTestId("passbook-return")).toHaveText(`支付 1.0 小时：${helperName}帮助了「${need}」`, { timeout: 20_000 });
  await wang.goto("/volunteer");
  await waitForHydration(wang);
  await wang.getByTestId("sync-now").click();
  const helped = wang.locator(`[data-testid="passbook-line"][data-id="${line}"]`);
  await expect(helped.getByTestId("line-return")).toHaveText(`回报：为${depositorName}的求助服务，${depositorName}用存折支付了 1.0 小时`, { timeout: 20_000 });
  await staff.close();
  await admin.close();
});
