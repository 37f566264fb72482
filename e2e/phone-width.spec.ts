import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { E2E_USERS, signInContext } from "./helpers";

/** Every entry of the navigation, in order, as a merchant sees it. */
const NAV = [
  { label: "Dashboard", path: "/dashboard" },
  { label: "Orders", path: "/orders" },
  { label: "Products", path: "/products" },
  { label: "Inventory", path: "/inventory" },
  { label: "Locations", path: "/locations" },
  { label: "Fulfillments", path: "/fulfillments" },
  { label: "Exceptions", path: "/exceptions" },
  { label: "TikTok Shop", path: "/connectors/tiktok-shop" },
  { label: "Acumatica", path: "/connectors/acumatica" },
  { label: "Settings", path: "/settings" },
];

test.use({ viewport: { width: 390, height: 844 } });

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("at phone width the sign-in page fits the screen", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
});

test("at phone width the menu opens, every page is reachable from it, and no page scrolls sideways", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/dashboard");
  // The sidebar is folded away; its links are not on screen until the menu opens.
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

  for (const item of NAV) {
    await page.getByRole("button", { name: "Open menu" }).click();
    const menu = page.getByRole("dialog");
    const nav = menu.getByRole("navigation", { name: "Main" });
    for (const { label } of NAV) await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(menu).toContainText(E2E_USERS.owner.email);
    await nav.getByRole("link", { name: item.label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${item.path}$`));
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1, name: item.label })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await pageWidth(page), item.path).toBeLessThanOrEqual(390);
  }
});

test("at phone width a wide table scrolls inside its own box, not the page", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/settings");
  const members = page.getByRole("table", { name: "Members" });
  await expect(members).toBeVisible();
  const box = await members.evaluate((t) => {
    const container = t.parentElement!;
    return { table: t.scrollWidth, container: container.clientWidth, overflow: getComputedStyle(container).overflowX };
  });
  expect(box.overflow).toBe("auto");
  expect(box.container).toBeLessThanOrEqual(390);
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
});
