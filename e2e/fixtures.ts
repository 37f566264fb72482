import { test as base } from "@playwright/test";
import type { Page } from "@playwright/test";

export { expect } from "@playwright/test";

/** Wait until React has hydrated the page (`html[data-hydrated]`, set in app/providers.tsx). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
}

/**
 * `test` whose `page.goto` to an app page (a path) and `page.reload` of an app page also wait until React has
 * hydrated it. Typing into server-rendered HTML before hydration can be undone halfway: hydration resets the value
 * between Playwright's select-all and its typing, leaving "old" + "new" in the field. Pages outside the app (the
 * sandboxes' sign-in and consent pages) are not waited for. Pages opened by hand (`context.newPage()`) call
 * `hydrated` themselves.
 */
export const test = base.extend({
  page: async ({ page, baseURL }, provide) => {
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    const inApp = () => !!baseURL && page.url().startsWith(baseURL);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      if (url.startsWith("/")) await hydrated(page);
      return response;
    };
    page.reload = async (options) => {
      const response = await reload(options);
      if (inApp()) await hydrated(page);
      return response;
    };
    await provide(page);
  },
});
