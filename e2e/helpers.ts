import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { E2E_DATA_DIR } from "../playwright.config";
import type { E2eSeed } from "../lib/testing/e2e-seed";

export { E2E_USERS } from "../lib/testing/e2e-seed";

export function readSeed(): E2eSeed {
  return JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "e2e-seed.json"), "utf8")) as E2eSeed;
}

/** Signs in through next-auth's own endpoints (CSRF token, then credentials) — for specs that are not about signing in. */
export async function signInViaApi(request: APIRequestContext, user: { email: string; password: string }) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(res.ok()).toBe(true);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(user.email);
}

/** Where auth.setup.ts keeps the session of a seeded person. */
export function sessionFile(email: string): string {
  return path.join(E2E_DATA_DIR, "sessions", `${email}.json`);
}

/** Puts a person's session into a browser context: the one saved by auth.setup.ts, else a fresh sign-in. */
export async function signInContext(context: BrowserContext, user: { email: string; password: string }) {
  const file = sessionFile(user.email);
  if (existsSync(file)) {
    const state = JSON.parse(readFileSync(file, "utf8")) as { cookies: Parameters<BrowserContext["addCookies"]>[0] };
    await context.addCookies(state.cookies);
    return;
  }
  await signInViaApi(context.request, user);
}

export async function signInThroughPage(page: Page, user: { email: string; password: string }) {
  await page.goto("/sign-in");
  // Type only once React has hydrated the form, or the controlled inputs can lose or double the text.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export interface AppRoute {
  kind: "page" | "api";
  /** URL with dynamic segments filled with a placeholder. */
  url: string;
  methods: string[];
  file: string;
}

const APP_DIR = path.join(process.cwd(), "app");

/** Every page and route handler under app/, found from the files themselves. */
export function enumerateRoutes(dir = APP_DIR, segments: string[] = []): AppRoute[] {
  const out: AppRoute[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const seg = entry.startsWith("(") && entry.endsWith(")") ? null : entry.startsWith("[") ? (entry.startsWith("[...") ? "x/y" : "x") : entry;
      out.push(...enumerateRoutes(full, seg ? [...segments, seg] : segments));
      continue;
    }
    const url = "/" + segments.join("/");
    if (entry === "page.tsx") out.push({ kind: "page", url, methods: ["GET"], file: full });
    if (entry === "route.ts") {
      const src = readFileSync(full, "utf8");
      const methods = new Set<string>();
      for (const m of src.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
      for (const m of src.matchAll(/\bas (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
      out.push({ kind: "api", url, methods: [...methods], file: full });
    }
  }
  return out;
}
