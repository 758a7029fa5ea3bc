import { expect, test } from "./helpers";

// Runs hydrated and with JavaScript disabled: everything here must be in the server's HTML.

test("the home page shows the Love Bank and the demo sub-district's figures", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("爱心银行");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "爱心银行" })).toBeVisible();
  await expect(page.getByText("今天我帮你，明天他帮我").first()).toBeVisible();

  const table = page.getByRole("table");
  for (const community of ["福康社区", "安宁社区", "兴隆社区"]) {
    await expect(table.getByRole("rowheader", { name: community })).toBeVisible();
  }
  // Demo data: 12 volunteers (4 per community) and 6 households helped (each has verified service); other specs of the same run may
  // open accounts and register households. The totals row adds the communities up.
  const totals = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "合计" }) });
  let volunteers = 0;
  let households = 0;
  for (const community of ["福康社区", "安宁社区", "兴隆社区"]) {
    const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: community }) });
    volunteers += Number(await row.getByRole("cell").nth(0).innerText());
    households += Number(await row.getByRole("cell").nth(1).innerText());
  }
  expect(volunteers).toBeGreaterThanOrEqual(12);
  expect(households).toBeGreaterThanOrEqual(6);
  await expect(totals.getByRole("cell").nth(0)).toHaveText(String(volunteers));
  await expect(totals.getByRole("cell").nth(1)).toHaveText(String(households));
});

test("every reserved route answers with its page", async ({ page }) => {
  for (const [path, heading] of [
    ["/volunteer", "志愿者"],
    ["/wall", "微心愿墙"],
    ["/kiosk", "心愿屏"],
    ["/office", "工作台"],
  ]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
});

test("an unknown address gets a 404 page in Chinese", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("找不到这个页面。")).toBeVisible();
  await expect(page.getByRole("link", { name: "返回首页" })).toBeVisible();
});

test("the installable web app manifest and icons are served", async ({ request }) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.ok()).toBeTruthy();
  const body = await manifest.json();
  expect(body.short_name).toBe("爱心银行");
  expect(body.start_url).toBe("/");
  for (const icon of body.icons) {
    const res = await request.get(icon.src);
    expect(res.ok(), icon.src).toBeTruthy();
  }
});
