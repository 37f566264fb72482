import { expect, test } from "./fixtures";
import { E2E_USERS, signInThroughPage } from "./helpers";

test("a merchant signs in through the page, sees the shell, and signs out", async ({ page }) => {
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/sign-in/);

  await signInThroughPage(page, E2E_USERS.owner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(E2E_USERS.owner.email);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Dashboard", "Orders", "Products", "Inventory", "Locations", "Fulfillments", "Exceptions", "TikTok Shop", "Acumatica", "Settings"]) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  await nav.getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await signInThroughPage(page, { email: E2E_USERS.other.email, password: "not-the-password" });
  await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});
