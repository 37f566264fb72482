import { expect, test } from "./fixtures";
import { enumerateRoutes } from "./helpers";

/** Reachable without a session: the sign-in page, health, next-auth's own endpoints. */
const PUBLIC = [/^\/sign-in$/, /^\/api\/health$/, /^\/api\/auth(\/|$)/];
/** Route handlers a browser lands on (OAuth callbacks): they send the person to sign in and back. */
const BROWSER_LANDING = [/^\/api\/connectors\/[^/]+\/callback$/];

test("every page and API route refuses a request without a session", async ({ request }) => {
  const routes = enumerateRoutes();
  const guarded = routes.filter((r) => !PUBLIC.some((p) => p.test(r.url)));
  expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(10);
  expect(guarded.filter((r) => r.kind === "api").length).toBeGreaterThanOrEqual(3);
  for (const route of guarded) {
    for (const method of route.methods) {
      const res = await request.fetch(route.url, { method, maxRedirects: 0, data: method === "GET" ? undefined : "{}" });
      const where = `${method} ${route.url} (${route.file})`;
      if (route.kind === "page" && route.url !== "/") {
        expect(res.status(), where).toBe(307);
        expect(res.headers()["location"], where).toMatch(/\/sign-in/);
      } else if (route.kind === "page") {
        // "/" forwards to the dashboard, which is guarded.
        expect([307, 308], where).toContain(res.status());
      } else if (BROWSER_LANDING.some((p) => p.test(route.url))) {
        expect(res.status(), where).toBe(307);
        expect(res.headers()["location"], where).toContain(`/sign-in?callbackUrl=${encodeURIComponent(route.url)}`);
      } else {
        expect(res.status(), where).toBe(401);
      }
    }
  }
});
