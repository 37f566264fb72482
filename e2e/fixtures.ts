import { test as base } from "@playwright/test";

export { expect } from "@playwright/test";

/**
 * `test` whose `page.goto` to an app page (a path) also waits until React has hydrated it (`html[data-hydrated]`,
 * set in app/providers.tsx). Typing into server-rendered HTML before hydration can be undone halfway: hydration resets
 * the value between Playwright's select-all and its typing, leaving "old" + "new" in the field. Pages outside the
 * app (the sandboxes' sign-in and consent pages) are not waited for.
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      if (url.startsWith("/")) await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
      return response;
    };
    await provide(page);
  },
});
