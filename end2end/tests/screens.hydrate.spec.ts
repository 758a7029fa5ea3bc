// What people saw on real screen sizes: nothing cut off or pushed sideways on a 390 px phone, in
// either language.
import { expect, signInAs, test, waitForHydration } from "./helpers";

test.use({ viewport: { width: 390, height: 844 } });

for (const [lang, button] of [["zh", null], ["en", "English"]] as const) {
  test(`the volunteer's five tabs fit a 390 px phone, none cut (${lang})`, async ({ page }) => {
    await signInAs(page, "13800010003", /\/volunteer$/);
    await waitForHydration(page);
    if (button) await page.getByRole("button", { name: button }).click();
    const tabs = page.locator(".volunteer-tabs .tab");
    await expect(tabs).toHaveCount(5);
    for (const tab of await tabs.all()) {
      await expect(tab).toBeInViewport({ ratio: 1 });
      // The word inside is whole: no ellipsis, no clipping.
      const cut = await tab.locator("span").evaluate((s) => s.scrollWidth > s.clientWidth);
      expect(cut, await tab.innerText()).toBe(false);
      // An SVG icon, not an emoji that a device without an emoji font shows as a box.
      await expect(tab.locator("svg.tab-icon")).toHaveCount(1);
    }
    // The header's five places are all in sight, none scrolled off the edge.
    for (const link of await page.locator("header.top nav a").all()) {
      await expect(link).toBeInViewport({ ratio: 1 });
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `test-results/volunteer-tabs-390-${lang}.png` });
  });
}
