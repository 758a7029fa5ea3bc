import { expect, test, waitForHydration } from "./helpers";

test("switching to English is immediate and remembered after a reload", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Love Bank" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Wish wall" })).toBeVisible();
  await expect(page).toHaveTitle("Love Bank");
  expect(await page.evaluate(() => localStorage.getItem("lovebank.lang"))).toBe('"en"');

  await page.reload();
  // The server already renders English (cookie mirror), so there is no flash of Chinese.
  await expect(page.getByRole("heading", { level: 1, name: "Love Bank" })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "爱心银行" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("the stored choice wins even when the cookie is gone", async ({ page, context }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Love Bank" })).toBeVisible();
  await context.clearCookies();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Love Bank" })).toBeVisible();

  // A lazy page too (its chunk arrives mid-hydration): the server sends Chinese, the stored choice
  // turns the whole page English once hydrated, the lazy part included.
  await context.clearCookies();
  await page.goto("/wall/new");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Wish wall" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Please sign in first.");
  await expect(page.getByRole("main")).not.toContainText(/[\u4e00-\u9fff]/);
});

test("client-side navigation keeps the app and marks the current page", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "微心愿墙" }).click();
  await expect(page).toHaveURL(/\/wall$/);
  await expect(page.getByRole("heading", { level: 1, name: "微心愿墙" })).toBeVisible();
  await expect(page.getByRole("link", { name: "微心愿墙" })).toHaveAttribute("aria-current", "page");
});
