import { mkdirSync } from "node:fs";
import { expect, hydrated, test } from "./fixtures";
import type { Locator, Page } from "@playwright/test";
import { E2E_USERS, signInContext } from "./helpers";

/**
 * Inventory and locations as a merchant meets them: Push mode set on
 * Connectors → Acumatica, a location added (a bad code refused, naming the
 * field), quantities imported from a CSV (a file with a bad row imports
 * nothing; the fixed file imports), a quantity edited in the table, and a
 * viewer who sees all of it read-only. Both directions go back to Off at the
 * end, so later specs meet the defaults.
 *
 * Screenshots (desktop and 375 px) of the three screens go to $SHOTS_DIR when set.
 */
test.describe.configure({ mode: "serial" });

const SKU = "INV-E2E-MUG";
const CODE = "E2EWH";
const SHOTS = process.env.SHOTS_DIR;

async function pick(page: Page, trigger: Locator, option: string) {
  await trigger.click();
  await page.getByRole("option", { name: option, exact: true }).click();
  await expect(page.getByRole("listbox")).toHaveCount(0);
}

/** Save a settings form and wait for its server action's answer (a message of an earlier save may still show). */
async function saveForm(page: Page, form: Locator) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && !!r.request().headers()["next-action"]),
    form.getByRole("button", { name: /^Save/ }).click(),
  ]);
  await expect(page.getByText("Inventory and locations settings saved.").first()).toBeVisible();
}

async function setDirections(page: Page, inventory: string, locations: string) {
  await page.goto("/connectors/acumatica#inventory-settings");
  await page.waitForLoadState("networkidle");
  const form = page.getByRole("form", { name: "Inventory and locations" });
  await pick(page, form.getByLabel("Process inventory information"), inventory);
  await pick(page, form.getByLabel("Process locations information"), locations);
  await saveForm(page, form);
}

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("push mode: add a location, import quantities (a bad row imports nothing), edit one in the table", async ({ context, page }) => {
  test.setTimeout(180_000);
  await signInContext(context, E2E_USERS.owner);
  await page.setViewportSize({ width: 1280, height: 900 });
  await setDirections(page, "Push inventory updates to Acumatica", "Push locations to Acumatica");

  // Excluded SKUs keep their exact text; a trailing space is shown.
  const form = page.getByRole("form", { name: "Inventory and locations" });
  await form.getByLabel("SKU to exclude").fill("Socks-3PK ");
  await form.getByRole("button", { name: "Add SKU" }).click();
  await expect(form.getByTestId("excluded-skus")).toContainText("Socks-3PK␣");
  await saveForm(page, form);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("form", { name: "Inventory and locations" }).getByTestId("excluded-skus")).toContainText("(1 trailing space)");
  await page.getByRole("form", { name: "Inventory and locations" }).getByRole("button", { name: 'Remove "Socks-3PK "' }).click();
  await saveForm(page, page.getByRole("form", { name: "Inventory and locations" }));

  // A location: the code is the Acumatica Warehouse ID.
  await page.goto("/locations");
  await expect(page.getByTestId("locations-direction")).toContainText("Push locations to Acumatica");
  const add = page.getByRole("form", { name: "Add location" });
  if ((await page.getByTestId("location-row").filter({ hasText: CODE }).count()) === 0) {
    await add.getByLabel("Code").fill("EAST 2");
    await add.getByRole("button", { name: "Add location" }).click();
    await expect(add.getByText("The code takes letters, digits, - and _ only (no spaces)")).toBeVisible();
    await add.getByLabel("Code").fill(CODE);
    await add.getByLabel("Name").fill("E2E warehouse");
    await add.getByRole("button", { name: "Add location" }).click();
    await expect(page.getByTestId("location-row").filter({ hasText: CODE })).toContainText("Added here");
  }
  await add.getByLabel("Code").fill(CODE.toLowerCase());
  await add.getByRole("button", { name: "Add location" }).click();
  await expect(add.getByText(`${CODE} is already a location here`)).toBeVisible();

  // A product to count (created as a SKU seen on TikTok would be).
  await page.goto(`/products?sku=${SKU}`);
  if (await page.getByTestId("sku-not-found").isVisible()) {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  }

  // A file with a bad row: every row is checked, nothing is imported.
  await page.goto("/inventory/import");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Or paste its content").fill(`sku,location,quantity\n${SKU},${CODE},5\n${SKU.toLowerCase()},${CODE},2\n`);
  await page.getByRole("button", { name: "Preview" }).click();
  const bad = page.getByTestId("import-row").filter({ hasText: "Line 3" });
  await expect(bad).toContainText(`Line 3, sku: No product has the SKU ${SKU.toLowerCase()}. Did you mean ${SKU}?`);
  await expect(page.getByRole("button", { name: /^Import/ })).toBeDisabled();
  await shoot(page, "inventory-import-errors");
  // The fixed file imports.
  await page.getByLabel("Or paste its content").fill(`sku,location,quantity\n${SKU},${CODE},5\n`);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("import-row")).toContainText(/→ 5/);
  await page.getByRole("button", { name: /^Import/ }).click();
  await expect(page).toHaveURL(/\/inventory$/);

  // Edit the quantity in the table: a negative number is refused, naming the field.
  await page.getByLabel("SKU starts with").fill(SKU);
  await expect(page).toHaveURL(/f\.sku=INV-E2E-MUG/);
  const row = page.getByTestId("inventory-row").filter({ hasText: CODE });
  await expect(row.getByTestId("available")).toHaveText("5");
  await row.getByRole("button", { name: `Edit quantity of ${SKU} at ${CODE}` }).click();
  await row.getByRole("textbox", { name: `Quantity of ${SKU} at ${CODE}` }).fill("-1");
  await row.getByRole("button", { name: `Save quantity of ${SKU} at ${CODE}` }).click();
  await expect(row).toContainText("Quantity: The quantity cannot be negative");
  await row.getByRole("textbox", { name: `Quantity of ${SKU} at ${CODE}` }).fill("7");
  await row.getByRole("button", { name: `Save quantity of ${SKU} at ${CODE}` }).click();
  await expect(row.getByTestId("available")).toHaveText("7");
  await expect(row).toContainText("Edited here");

  await page.goto("/inventory");
  await shoot(page, "inventory");
  await page.goto("/locations");
  await shoot(page, "locations");
  await page.goto("/connectors/acumatica#inventory-settings");
  await page.waitForLoadState("networkidle");
  if (SHOTS) {
    await page.locator("#inventory-settings").screenshot({ path: `${SHOTS}/acumatica-inventory-settings-desktop.png` });
    await page.setViewportSize({ width: 375, height: 1400 });
    await page.waitForTimeout(300);
    await page.locator("#inventory-settings").scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -70));
    await page.screenshot({ path: `${SHOTS}/acumatica-inventory-settings-375.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test("a viewer sees inventory, locations and the settings read-only", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.viewer);
  await page.goto("/inventory");
  await expect(page.getByText("You are a viewer in this workspace")).toBeVisible();
  await expect(page.getByTestId("inventory-row").filter({ hasText: SKU }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Edit quantity/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import CSV" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
  await page.goto("/inventory/import");
  await expect(page.getByText("Only owners and admins can import quantities.")).toBeVisible();
  await page.goto("/locations");
  await expect(page.getByTestId("location-row").filter({ hasText: CODE })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add location" })).toHaveCount(0);
  await page.goto("/connectors/acumatica#inventory-settings");
  const form = page.getByRole("form", { name: "Inventory and locations" });
  await expect(form.getByLabel("Process inventory information")).toBeDisabled();
  await expect(form.getByRole("button", { name: /^Save/ })).toHaveCount(0);
  await expect(form.getByRole("button", { name: "Force inventory resync" })).toHaveCount(0);
  if (SHOTS) {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/inventory");
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${SHOTS}/inventory-viewer-375.png`, fullPage: true });
  }
});

test("pull mode: quantities are read-only with the reason; then both directions go back to Off", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await setDirections(page, "Pull inventory updates from Acumatica", "Pull locations from Acumatica");
  await page.goto("/inventory");
  await expect(page.getByTestId("inventory-read-only")).toContainText("Acumatica is the source:");
  await expect(page.getByRole("button", { name: /^Edit quantity/ })).toHaveCount(0);
  await page.goto("/inventory/import");
  await expect(page.getByTestId("inventory-read-only")).toContainText("Acumatica is the source:");
  await setDirections(page, "Off", "Off");
});
