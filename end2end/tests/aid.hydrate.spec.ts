// Aid (慰问) on an office PC: a partner is added, money and goods are given to a household in a
// campaign, bad amounts are refused in Chinese, the campaign page adds it up and exports it, a
// mistaken gift is reversed with its reason, and the statistics count the household as helped.
import { expect, signInAs, test, waitForHydration } from "./helpers";

const stamp = () => String(Date.now() % 1_000_000).padStart(6, "0");

test("staff give aid in a campaign, see it added up and exported, and reverse a mistake", async ({ page }) => {
  test.setTimeout(90_000);
  const n = stamp();
  const head = `慰问户${n}`;
  const partner = `爱心超市${n}`;
  const campaign = `春节慰问${n}`;
  await signInAs(page, "staff1", /\/office$/);
  const household = await page.request.post("/api/register_household", {
    form: {
      "input[head]": head,
      "input[address]": "福康社区 6号楼 101",
      "input[members]": "2",
      "input[hardship_type]": "低保家庭",
      "input[needs]": "节日慰问",
    },
  });
  expect(household.ok(), await household.text()).toBeTruthy();
  const before = await (await page.request.post("/api/statistics", { form: { "input[community]": "" } })).json();

  await page.getByTestId("tab-aid").click();
  await expect(page.getByTestId("aid-page")).toBeVisible();
  await waitForHydration(page);

  // A partner: a name is required, then it is listed and offered in the aid form.
  const partners = page.getByTestId("partners");
  await partners.getByTestId("partner-save").click();
  await expect(partners.getByTestId("error-Partner")).toHaveText("请填写共建单位。");
  await partners.getByTestId("partner-name").fill(partner);
  await partners.getByTestId("partner-contact").fill("李经理 13900001111");
  await partners.getByTestId("partner-save").click();
  await expect(partners.getByTestId("partner-row").filter({ hasText: partner })).toContainText("企业");

  const form = page.getByTestId("aid-form");
  await form.getByTestId("aid-household").selectOption({ label: `${head} · 福康社区 6号楼 101` });
  await form.getByTestId("aid-campaign").fill(campaign);
  await form.getByTestId("aid-partner").selectOption({ label: partner });
  // Money is exact to the fen: a third decimal is a typo, said in Chinese, nothing saved.
  await form.getByTestId("aid-amount").fill("500.555");
  await form.getByTestId("aid-save").click();
  await expect(form.getByTestId("error-Amount")).toHaveText("慰问金额请填写元，例如 500 或 500.50，最多两位小数。");
  await form.getByTestId("aid-amount").fill("500");
  await form.getByTestId("aid-save").click();
  await expect(page.getByTestId("aid-saved")).toHaveText("已登记：500.00 元");

  // Goods from the community itself; then a mistaken 900 yuan.
  await form.getByTestId("aid-household").selectOption({ label: `${head} · 福康社区 6号楼 101` });
  await form.getByTestId("aid-kind-goods").check();
  await form.getByTestId("aid-partner").selectOption({ label: "社区自筹" });
  await form.getByTestId("aid-goods").fill("大米");
  await form.getByTestId("aid-count").fill("2");
  await form.getByTestId("aid-save").click();
  await expect(page.getByTestId("aid-saved")).toHaveText("已登记：大米 × 2");
  await form.getByTestId("aid-household").selectOption({ label: `${head} · 福康社区 6号楼 101` });
  await form.getByTestId("aid-kind-money").check();
  await form.getByTestId("aid-partner").selectOption({ label: partner });
  await form.getByTestId("aid-amount").fill("900");
  await form.getByTestId("aid-save").click();
  await expect(page.getByTestId("aid-saved")).toHaveText("已登记：900.00 元");

  // The mistake is reversed with a reason; both rows stay listed.
  const wrong = page.getByTestId("aid-row").filter({ hasText: head }).filter({ hasText: "900.00 元" });
  await wrong.getByTestId("aid-reverse").click();
  await wrong.getByTestId("aid-reverse-confirm").click();
  await expect(wrong.getByTestId("error-Reason")).toHaveText("请填写原因。");
  await wrong.getByTestId("aid-reverse-reason").fill("金额录错");
  await wrong.getByTestId("aid-reverse-confirm").click();
  const rows = page.getByTestId("aid-row").filter({ hasText: head });
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: "冲正：900.00 元" })).toContainText("金额录错");
  await expect(rows.filter({ hasText: "已冲正 · 900.00 元" })).toHaveCount(1);

  // The campaign page: one household, 500.00 yuan, the rice, by partner.
  await page.getByTestId("campaign-row").filter({ hasText: campaign }).getByTestId("campaign-link").click();
  await expect(page).toHaveURL(/\/office\/campaign\?campaign=/);
  await expect(page.getByTestId("campaign-name")).toHaveText(campaign);
  await expect(page.getByTestId("campaign-households")).toHaveText("1");
  await expect(page.getByTestId("campaign-money")).toHaveText("500.00");
  await expect(page.getByTestId("campaign-goods")).toHaveText("大米 × 2");
  const byPartner = page.getByTestId("campaign-partner-row");
  await expect(byPartner.first()).toContainText(partner);
  await expect(byPartner.nth(1)).toContainText("社区自筹");
  await expect(page.getByTestId("campaign-household-row")).toContainText(head);
  const csv = await page.getByTestId("export-campaign-csv").getAttribute("href");
  const file = await page.request.get(csv!);
  expect(file.ok()).toBeTruthy();
  const text = await file.text();
  expect(text).toContain(`${head},福康社区,福康社区 6号楼 101,500,大米 × 2`);
  expect(text).toContain(`${partner}（1户）`);

  // Opened directly (a bookmark), it hydrates the same; in English too.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("campaign-money")).toHaveText("500.00");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByText("Households reached").first()).toBeVisible();
  await expect(byPartner.nth(1)).toContainText("The community itself");
  await page.getByRole("button", { name: "中文" }).click();

  // The statistics count the household once, as helped by aid.
  const after = await (await page.request.post("/api/statistics", { form: { "input[community]": "" } })).json();
  expect(after.statistics.households_helped - before.statistics.households_helped).toBe(1);
  expect(after.statistics.households_helped_by_aid - before.statistics.households_helped_by_aid).toBe(1);
  await page.goto("/office/statistics");
  await waitForHydration(page);
  await expect(page.getByTestId("stat-helped")).toHaveText(
    `${after.statistics.households_helped}/${after.statistics.households_helped_by_service}/${after.statistics.households_helped_by_wish}/${after.statistics.households_helped_by_aid}`,
  );
});
