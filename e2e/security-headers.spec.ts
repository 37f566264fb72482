import { expect, test } from "./fixtures";
import { E2E_USERS, enumerateRoutes, signInContext } from "./helpers";

const PAGES = enumerateRoutes()
  .filter((r) => r.kind === "page" && !r.url.includes("/x"))
  .map((r) => r.url);

test("every page carries the security headers and runs under its CSP without a violation", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => violations.push(`${page.url()}: ${e.message}`));
  const nonces = new Set<string>();
  for (const url of PAGES) {
    const res = await page.goto(url);
    expect(res, url).not.toBeNull();
    const h = res!.headers();
    const csp = h["content-security-policy"] ?? "";
    expect(csp, url).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, url).toContain("frame-ancestors 'none'");
    expect(csp, url).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    nonces.add(/'nonce-([^']+)'/.exec(csp)![1]!);
    expect(h["x-content-type-options"], url).toBe("nosniff");
    expect(h["referrer-policy"], url).toBe("same-origin");
    expect(h["permissions-policy"], url).toContain("camera=()");
    expect(h["x-frame-options"], url).toBe("DENY");
    await page.waitForLoadState("networkidle");
  }
  // A fresh nonce per response.
  expect(nonces.size).toBe(PAGES.length);

  // The scripts really run under the policy: a client-side form validates and a navigation works without reload.
  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("API URL").fill("not a url");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Enter a full URL/).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("route handlers carry the headers too, and state-changing ones refuse other sites", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.headers()["x-content-type-options"]).toBe("nosniff");
  expect(health.headers()["content-security-policy"]).toContain("default-src 'none'");
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const crossSite = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: E2E_USERS.owner.email, password: E2E_USERS.owner.password, json: "true" },
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
});

test("session cookies are HttpOnly and SameSite=Lax", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-mail").fill(E2E_USERS.other.email);
  await page.getByLabel("Password").fill(E2E_USERS.other.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await context.close();
});
