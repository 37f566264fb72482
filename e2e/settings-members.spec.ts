import { expect, hydrated, test } from "./fixtures";
import { E2E_USERS, signInContext, signInViaApi } from "./helpers";

test("an owner adds a member, changes their role and removes them; the member changes their own password", async ({ browser }) => {
  const owner = await browser.newContext();
  await signInContext(owner, E2E_USERS.owner);
  const page = await owner.newPage();
  await page.goto("/settings");
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-mail", { exact: true }).fill("temp@e2e.test");
  await page.getByLabel("Role", { exact: true }).click();
  await page.getByRole("option", { name: /^Viewer/ }).click();
  await expect(page.getByLabel("Role", { exact: true })).toHaveText("Viewer");
  await page.getByLabel("Initial password").fill("temp-initial-password");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status").filter({ hasText: "temp@e2e.test added." })).toBeVisible();
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByRole("row", { name: /temp@e2e\.test/ })).toContainText("viewer");

  // The new member changes the password they were given.
  const member = await browser.newContext();
  await signInContext(member, { email: "temp@e2e.test", password: "temp-initial-password" });
  const memberPage = await member.newPage();
  await memberPage.goto("/settings");
  await hydrated(memberPage);
  await memberPage.waitForLoadState("networkidle");
  await memberPage.getByLabel("Current password", { exact: true }).fill("temp-initial-password");
  await memberPage.getByLabel("New password", { exact: true }).fill("temp-chosen-password");
  await memberPage.getByLabel("Repeat new password").fill("temp-chosen-password");
  await memberPage.getByRole("button", { name: "Change password" }).click();
  await expect(memberPage.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
  await member.clearCookies();
  await signInViaApi(member.request, { email: "temp@e2e.test", password: "temp-chosen-password" });
  await member.close();

  await members.getByLabel("Role of temp@e2e.test").click();
  await page.getByRole("option", { name: "admin", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "temp@e2e.test is now admin." })).toBeVisible();
  // Removing asks first; Cancel keeps the member.
  await members.getByRole("row", { name: /temp@e2e\.test/ }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog", { name: "Remove temp@e2e.test?" }).getByRole("button", { name: "Cancel" }).click();
  await expect(members.getByRole("row", { name: /temp@e2e\.test/ })).toContainText("admin");
  await members.getByRole("row", { name: /temp@e2e\.test/ }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog", { name: "Remove temp@e2e.test?" }).getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("status").filter({ hasText: "temp@e2e.test removed." })).toBeVisible();
  await expect(members.getByRole("row", { name: /temp@e2e\.test/ })).toHaveCount(0);
  await owner.close();
});
