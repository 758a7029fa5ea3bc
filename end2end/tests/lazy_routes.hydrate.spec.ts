// Every page that arrives as its own WebAssembly chunk (the home page, the volunteer's pages but
// the passbook, the wish form, the online application, the office, the kiosk, the print pages)
// hydrates when opened directly and when reached by a link: lazy routes are where a hydration
// mismatch or an "indirect call to null" would show, and the page-error fixture fails the test on
// either.
import { expect, signInAs, test, waitForHydration } from "./helpers";

const OFFICE_PAGES: [string, string, string][] = [
  ["/office", "tab-queue", "queue"],
  ["/office/wishes", "tab-wishes", "wishes-review"],
  ["/office/volunteers", "tab-volunteers", "volunteers"],
  ["/office/households", "tab-households", "households"],
  ["/office/agreements", "tab-agreements", "agreements"],
  ["/office/activities", "tab-activities", "activities"],
  ["/office/aid", "tab-aid", "aid-page"],
  ["/office/points", "tab-points", "points-admin"],
  ["/office/statistics", "tab-statistics", "statistics"],
  ["/office/open", "tab-open", "open-account-form"],
  ["/office/applications", "tab-applications", "applications-page"],
  ["/office/audit", "tab-audit", "audit-page"],
  ["/office/sync", "tab-sync", "sync-problems-page"],
  ["/office/kiosks", "tab-kiosks", "kiosks-page"],
  ["/office/categories", "tab-categories", "categories-page"],
  ["/office/sub-district", "tab-sub-district", "sub-district-page"],
];

test("every office page hydrates when opened directly, and each tab reaches the next", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin", /\/office$/);
  // The admin's account is named after the role: the header says it once.
  await expect(page.getByTestId("person-name")).toHaveText("街道管理员");
  await expect(page.getByTestId("person-where")).toHaveText("");
  for (const [i, [path, , content]] of OFFICE_PAGES.entries()) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByTestId(content), path).toBeVisible();
    // A link to the next lazy page loads its chunk and shows it without a reload.
    const [nextPath, nextTab, nextContent] = OFFICE_PAGES[(i + 1) % OFFICE_PAGES.length];
    await page.getByTestId(nextTab).click();
    await expect(page).toHaveURL(new RegExp(`${nextPath}$`));
    await expect(page.getByTestId(nextContent), `${path} → ${nextPath}`).toBeVisible();
  }
});

test("the print pages hydrate when opened directly", async ({ page }) => {
  await signInAs(page, "staff1", /\/office$/);
  await page.goto("/office/agreements");
  await waitForHydration(page);
  const agreement = await page.getByTestId("print-agreement").first().getAttribute("href");
  expect(agreement).toMatch(/^\/print\/agreement\//);
  await page.goto(agreement!);
  await waitForHydration(page);
  await expect(page.getByTestId("agreement-print")).toContainText("志愿服务帮扶协议书");

  await page.goto("/office/volunteers");
  await waitForHydration(page);
  await page.getByTestId("volunteer-search").fill("刘芳");
  await page.getByTestId("volunteer-row").getByTestId("open-passbook").click();
  await page.getByTestId("issue-certificate").click();
  await expect(page).toHaveURL(/\/print\/certificate\//);
  const number = await page.getByTestId("certificate-number").textContent();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("certificate-number")).toHaveText(number!);
});

test("the online application hydrates when opened directly and from the sign-in page", async ({ page }) => {
  await page.goto("/apply");
  await waitForHydration(page);
  await expect(page.getByTestId("apply-form")).toBeVisible();
  await expect(page.getByTestId("apply-community").locator("option")).not.toHaveCount(1);
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByTestId("apply-link").click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByTestId("apply-form")).toBeVisible();
});

test("the kiosk and the wish form hydrate when opened directly", async ({ page }) => {
  await page.goto("/kiosk");
  await waitForHydration(page);
  await expect(page.getByTestId("kiosk")).toBeVisible();

  await signInAs(page, "13800010003", /\/volunteer$/);
  await page.goto("/wall/new");
  await waitForHydration(page);
  await expect(page.getByTestId("wish-form")).toBeVisible();
  // From the wall by its link, without a reload: the chunk is fetched when first needed.
  await page.goto("/wall");
  await waitForHydration(page);
  await page.getByTestId("post-wish-link").click();
  await expect(page).toHaveURL(/\/wall\/new$/);
  await expect(page.getByTestId("wish-form")).toBeVisible();
});

test("the volunteer's points, file, printable passbook and a wish's page hydrate directly and by link", async ({ page }) => {
  await signInAs(page, "13800010003", /\/volunteer$/);
  await page.goto("/volunteer/points");
  await waitForHydration(page);
  await expect(page.getByTestId("points-page")).toBeVisible();
  await page.getByTestId("tab-file").click();
  await expect(page.getByTestId("file-page")).toBeVisible();
  await page.goto("/volunteer/file");
  await waitForHydration(page);
  await expect(page.getByTestId("file-page")).toBeVisible();
  await page.getByTestId("tab-points").click();
  await expect(page.getByTestId("points-page")).toBeVisible();
  await page.goto("/volunteer/print");
  await waitForHydration(page);
  await expect(page.getByTestId("print-page")).toBeVisible();

  // A wish's own page, reached from the wall's "详情" link, then reloaded.
  await page.goto("/wall");
  await waitForHydration(page);
  await page.locator("a.note-link").first().click();
  await expect(page).toHaveURL(/\/wall\/[^/]+$/);
  await expect(page.getByTestId("wish-page")).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("wish-page")).toBeVisible();
  await expect(page.getByTestId("wish-missing")).toHaveCount(0);
});

test("the lazy home page, the log form and the wall hydrate directly and by link", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await expect(page.getByRole("rowheader", { name: "福康社区" })).toBeVisible();

  await signInAs(page, "13800010003", /\/volunteer$/);
  // By the tabs, without a reload: each fetches its chunk when first needed.
  await page.getByTestId("tab-log").click();
  await expect(page).toHaveURL(/\/volunteer\/log$/);
  await expect(page.getByTestId("service-form")).toBeVisible();
  await page.getByTestId("tab-wall").click();
  await expect(page).toHaveURL(/\/wall$/);
  await expect(page.getByTestId("wall-page")).toBeVisible();
  // And opened directly.
  for (const [path, content] of [["/volunteer/log", "service-form"], ["/wall", "wall-page"]]) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByTestId(content), path).toBeVisible();
  }
  // Back home by the header's link.
  await page.locator("header.top a.brand").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("rowheader", { name: "福康社区" })).toBeVisible();
});
