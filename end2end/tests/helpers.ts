import { expect, Page, test as base } from "@playwright/test";

/** Waits until the WebAssembly has taken over the page (the app marks `<html data-hydrated>`). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/**
 * `test` that fails when the page throws: a panic in the WebAssembly (a hydration mismatch, say)
 * surfaces as an uncaught page error even when the page still looks right.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // The Content-Security-Policy must let the app run: a blocked script or WebAssembly
      // compile is reported on the console, not thrown.
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      await use(errors);
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
