import { expect, Page } from "@playwright/test";

/** Waits until the WebAssembly has taken over the page (the app marks `<html data-hydrated>`). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}
