import { expect, test } from "./fixtures";
import { E2E_USERS, readSeed, signInContext } from "./helpers";

test("a member of one workspace cannot read or change another through pages or actions", async ({ context, page }) => {
  const seed = readSeed();
  await signInContext(context, E2E_USERS.other);
  // Point the workspace cookie at the owner's workspace, as a tampering client would.
  await context.addCookies([{ name: "ob_ws", value: seed.ownerWorkspaceId, url: "http://localhost:3210" }]);

  await page.goto("/settings");
  await page.waitForLoadState("networkidle");
  await expect(page.getByLabel("Workspace name")).toHaveValue("Other Company");
  await expect(page.getByRole("cell", { name: E2E_USERS.owner.email })).toHaveCount(0);

  // A rename goes to the member's own workspace only.
  await page.getByLabel("Workspace name").fill("Other Company Renamed");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Workspace name saved.");

  await context.clearCookies();
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/settings");
  await expect(page.getByLabel("Workspace name")).not.toHaveValue("Other Company Renamed");
  await expect(page.getByLabel("Workspace name")).not.toHaveValue("");
});
