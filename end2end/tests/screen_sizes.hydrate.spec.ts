// The main screens at the sizes people use them — a 390 px phone, a 1366×768 office PC, a
// 1920×1080 kiosk screen — in both languages: nothing pushed sideways past the screen's edge,
// the phone's wall shows a wish in its first screen, and the kiosk fits its screen whatever
// the wishes' length (nobody scrolls a kiosk).
import { Page } from "@playwright/test";
import { expect, PASSWORD, postWish, signInAs, test, waitForHydration } from "./helpers";

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "office", width: 1366, height: 768 },
  { name: "screen", width: 1920, height: 1080 },
];

const VOLUNTEER_PAGES = ["/volunteer", "/volunteer/log", "/wall", "/volunteer/points", "/volunteer/file"];
const OFFICE_PAGES = ["/office", "/office/volunteers", "/office/households", "/office/statistics", "/office/activities"];

async function toEnglish(page: Page) {
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
}

/** Fails with the page and the widest elements when anything reaches past the screen's edge. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const width = page.viewportSize()!.width;
  const overflow = await page.evaluate((width) => {
    if (document.documentElement.scrollWidth <= width) return [];
    // What scrolls inside its own box (the office's tab strip, a wide table) is not the page.
    const clipped = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    return [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
  }, width);
  expect(overflow, `${where} at ${width} px`).toEqual([]);
}

for (const size of SIZES) {
  for (const lang of ["zh", "en"] as const) {
    test(`volunteer's pages at ${size.width}×${size.height} (${lang}): nothing past the edge`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      await signInAs(page, "13800010003", /\/volunteer$/);
      if (lang === "en") await toEnglish(page);
      for (const path of VOLUNTEER_PAGES) {
        await page.goto(path);
        await waitForHydration(page);
        await expect(page.locator("main")).not.toBeEmpty();
        await expectNoSidewaysScroll(page, path);
        if (path === "/wall" && size.name === "phone") {
          // The wall's first wish starts in the first screen, not below the filters.
          await expect(page.getByTestId("wish-note").first()).toBeVisible();
          const top = await page.getByTestId("wish-note").first().evaluate((n) => n.getBoundingClientRect().top);
          expect(top, "first wish's top on the phone").toBeLessThan(size.height - 120);
        }
      }
      await page.screenshot({ path: `test-results/wall-${size.width}-${lang}.png` });
      await context.close();
    });

    test(`office pages at ${size.width}×${size.height} (${lang}): nothing past the edge`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      await signInAs(page, "staff1", /\/office$/);
      if (lang === "en") await toEnglish(page);
      for (const path of OFFICE_PAGES) {
        await page.goto(path);
        await waitForHydration(page);
        await expect(page.locator("main")).not.toBeEmpty();
        await expectNoSidewaysScroll(page, path);
        if (path === "/office/statistics") {
          // The eight figures fill their rows: no card sits alone on the last one. The report
          // is fetched after hydration; wait for it before measuring.
          await expect(page.locator(".stats-figures .card")).toHaveCount(8);
          const tops = await page.locator(".stats-figures .card").evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().top)));
          expect(tops).toHaveLength(8);
          expect(tops.filter((top) => top === tops[tops.length - 1]).length, `cards on the last row: ${tops}`).toBeGreaterThan(1);
        }
      }
      await context.close();
    });
  }
}

test("the kiosk fits a 1920×1080 screen with long wishes, in both languages", async ({ browser }) => {
  const staff = await browser.newContext();
  const signIn = await staff.request.post("/api/sign_in", { form: { login: "staff1", password: PASSWORD } });
  expect(signIn.ok()).toBeTruthy();
  // Six long wishes: the newest fill the kiosk's first page.
  for (let i = 0; i < 6; i++) {
    await postWish(staff.request, `第${i}个很长的心愿：${"家里老人行动不便，需要志愿者每周上门帮忙买菜、打扫卫生、陪同就医，".repeat(4)}`);
  }
  const token = await (await staff.request.post("/api/register_kiosk", { form: { name: `大屏${Date.now()}` } })).json();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto("/kiosk");
  await waitForHydration(page);
  await page.getByTestId("kiosk-token-input").fill(token);
  await page.getByTestId("kiosk-sign-in").click();
  await expect(page.getByTestId("wall-counts")).toBeVisible();
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await page.evaluate(() => { document.cookie = "lovebank_lang=en; path=/"; });
      await page.reload();
      await waitForHydration(page);
      await expect(page.getByTestId("wall-counts")).toBeVisible();
    }
    await expect(page.locator(".kiosk-note").first()).toBeVisible();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, `kiosk height (${lang})`).toBeLessThanOrEqual(1080);
    // The scan hint, the page counter and the status line are on the screen.
    await expect(page.locator(".kiosk-foot")).toBeInViewport({ ratio: 1 });
    await expectNoSidewaysScroll(page, `/kiosk (${lang})`);
    await page.screenshot({ path: `test-results/kiosk-1920-${lang}.png` });
  }
  await context.close();
  await staff.close();
});
