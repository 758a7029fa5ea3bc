// Service categories from the office's page: staff add one and retire another; a volunteer's
// phone offers the change after its next sync — and still after a reload with no network.
import { expect, openVolunteer, PASSWORD, signInAs, test, waitForHydration, waitForOfflineChunks } from "./helpers";

test("a category added at the office reaches the phone's log form after a sync, offline too; a retired one leaves it", async ({ browser }) => {
  test.setTimeout(90_000);
  const office = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk = await office.newPage();
  await signInAs(desk, "staff1", /\/office$/);
  const login = await openVolunteer(desk.request, "类别测试");
  await desk.getByTestId("tab-categories").click();
  await waitForHydration(desk);

  // Bad input: each field says what is wrong, nothing is added.
  const form = desk.getByTestId("new-category-form");
  await form.getByTestId("category-code").fill("Meals!");
  await form.getByTestId("add-category").click();
  await expect(form.getByTestId("error-Category")).toBeVisible();
  await expect(form.getByTestId("error-Name")).toBeVisible();
  const code = `meals_${Date.now() % 100000}`;
  await form.getByTestId("category-code").fill(code);
  await form.getByTestId("category-zh").fill("助餐送餐");
  await form.getByTestId("category-en").fill("Meals");
  await form.getByTestId("category-icon").fill("🍲");
  await form.getByTestId("add-category").click();
  await expect(form.getByTestId("category-added")).toBeVisible();
  await expect(desk.locator(`[data-testid="category-row"][data-code="${code}"]`)).toBeVisible();
  // 法律援助 is retired: kept, marked, no longer offered.
  const legal = desk.locator('[data-testid="category-row"][data-code="legal"]');
  await legal.getByTestId("retire-category").click();
  await expect(legal.getByTestId("category-retired")).toBeVisible();

  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await phoneContext.newPage();
  await phone.goto("/signin");
  await waitForHydration(phone);
  await phone.getByLabel("手机号或用户名").fill(login);
  await phone.getByLabel("密码").fill(PASSWORD);
  await phone.getByRole("button", { name: "登录" }).click();
  await expect(phone).toHaveURL(/\/volunteer$/);
  // The first sync after signing in fetched the categories: the log form (opened in the app,
  // no reload) offers them.
  await phone.getByTestId("tab-log").click();
  const choices = phone.locator(".category-choice");
  await expect(choices.filter({ hasText: "助餐送餐" })).toBeVisible();
  await expect(choices.filter({ hasText: "法律援助" })).toHaveCount(0);

  await waitForOfflineChunks(phone, "volunteer");
  await phoneContext.setOffline(true);
  await phone.reload();
  await waitForHydration(phone);
  await expect(choices.filter({ hasText: "助餐送餐" })).toBeVisible();
  await expect(choices.filter({ hasText: "法律援助" })).toHaveCount(0);
  // A service in the new category, logged offline: the passbook names the category.
  const service = phone.getByTestId("service-form");
  await service.getByText("助餐送餐").click();
  await service.getByLabel("开始").fill("11:00");
  await service.getByLabel("结束").fill("12:00");
  await service.getByLabel("服务地点").fill("福康社区老年食堂");
  await service.getByLabel("服务内容").fill("为独居老人送午餐");
  await phone.getByTestId("save-service").click();
  await phone.getByTestId("tab-passbook").click();
  const line = phone.getByTestId("passbook-line").filter({ hasText: "为独居老人送午餐" });
  await expect(line).toContainText("🍲 助餐送餐");
  await phoneContext.setOffline(false);

  // Restored for the other tests (the demo data offers it).
  await legal.getByTestId("retire-category").click();
  await expect(legal.getByTestId("category-retired")).toHaveCount(0);
  await phoneContext.close();
  await office.close();
});
