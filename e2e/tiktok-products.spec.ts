import { expect, test } from "./fixtures";
import { E2E_USERS, signInContext } from "./helpers";
import { ACUMATICA_OPERATOR, ensureAcumaticaConnected, ensureOrderSettings, ensureTikTokShops, placeOrder, waitForOrderRow } from "./merchant";

/**
 * Products and fulfillments as a merchant meets them: a TikTok SKU Acumatica
 * knows by another name holds its order back until the Channel SKU is entered
 * on the product page; a package shipped in Acumatica shows on Fulfillments
 * once pushed to TikTok Shop; a shop outside the US and the UK says why it
 * gets no product push.
 *
 * The file name sorts after tiktok-orders.spec.ts (which maps CAP-NAVY too);
 * each test sets up what it needs when it is missing, so it also runs alone.
 */
test.describe.configure({ mode: "serial" });

const REFUSAL = "TikTok Shop product push is US/UK only. Outside those regions, manage the TikTok catalog directly in TikTok Shop.";

test("a Channel SKU entered on the product page fixes the open SKU exception of a CAP-NAVY order", async ({ context, page, request }) => {
  test.setTimeout(300_000);
  await signInContext(context, E2E_USERS.owner);
  await ensureTikTokShops(page);
  await ensureAcumaticaConnected(page);
  await ensureOrderSettings(page);

  // CAP-NAVY as a product whose Acumatica row is empty (an earlier spec may have mapped it).
  await page.goto("/products?sku=CAP-NAVY");
  if (await page.getByTestId("sku-not-found").isVisible()) {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  }
  const acumaticaRow = page.getByRole("table", { name: "Channel Options" }).getByTestId("channel-row-acumatica");
  if ((await acumaticaRow.getByLabel("Channel SKU").inputValue()) !== "") {
    await acumaticaRow.getByLabel("Channel SKU").fill("");
    await acumaticaRow.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Channel SKU saved.").first()).toBeVisible();
  }

  const orderId = await placeOrder(request, "CAP-NAVY");
  const exception = page.getByTestId("exception-row").filter({ hasText: orderId });
  // Webhook-driven within seconds; the 2-minute pull is the fallback when a delivery is lost.
  await expect(async () => {
    await page.goto("/exceptions");
    await expect(exception).toContainText("CAP-NAVY", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [500, 1_000, 2_000] });
  await expect(exception).toContainText("SKU not found in Acumatica");

  // The merchant finds the product on Products and enters Acumatica's SKU in Channel Options.
  await page.goto("/products");
  await page.getByLabel("Search").fill("CAP-NAVY");
  await expect(page).toHaveURL(/f\.q=CAP-NAVY/);
  await page.getByTestId("product-row").filter({ hasText: "CAP-NAVY" }).getByRole("link", { name: "CAP-NAVY" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CAP-NAVY");
  const options = page.getByRole("table", { name: "Channel Options" });
  await expect(options.getByTestId("channel-row-tiktok")).toContainText("TikTok SKUs must match the master SKU in the app directly");
  await expect(options.getByTestId("channel-row-tiktok").getByRole("textbox")).toHaveCount(0);
  await options.getByTestId("channel-row-acumatica").getByLabel("Channel SKU").fill("CAP-NVY");
  await options.getByTestId("channel-row-acumatica").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Channel SKU saved\. 1 order held back by this SKU was sent again\./).first()).toBeVisible();

  // The order goes through and its exception closes itself.
  await waitForOrderRow(page, orderId, /SO \w+/, 120_000);
  await page.goto("/exceptions");
  await expect(page.getByTestId("exception-row").filter({ hasText: orderId })).toHaveCount(0);
  await page.goto("/exceptions?tab=closed");
  await expect(page.getByTestId("exception-row").filter({ hasText: orderId })).toContainText(/fixed: in Acumatica as SO \w+/);
});

test("Channel SKUs imported from a CSV: a file with a bad row imports nothing, a clean one applies; the resync panel shows on Products", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/products?sku=CAP-NAVY");
  if (await page.getByTestId("sku-not-found").isVisible()) {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  }
  const acumaticaRow = page.getByRole("table", { name: "Channel Options" }).getByTestId("channel-row-acumatica");
  const before = await acumaticaRow.getByLabel("Channel SKU").inputValue();
  const next = before === "CAP-NVY" ? "" : "CAP-NVY";

  await page.goto("/products/import");
  const content = page.getByLabel("Or paste its content");
  const preview = page.getByRole("button", { name: "Preview" });
  const importButton = page.getByRole("button", { name: /^Import/ });
  await content.fill(`sku,acumatica_channel_sku\nCAP-NAVY,${next}\nNO-SUCH-SKU-E2E,ABC`);
  await preview.click();
  const rows = page.getByTestId("import-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveAttribute("data-error", "true");
  await expect(page.getByTestId("import-preview")).toContainText("2 rows: 1 change, 1 with a problem");
  await expect(importButton).toBeDisabled();

  // Editing the content drops the old preview; the clean file imports its one change.
  await content.fill(`sku,acumatica_channel_sku\nCAP-NAVY,${next}`);
  await expect(page.getByTestId("import-preview")).toHaveCount(0);
  await preview.click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(next ? "Set" : "Clear (send the master SKU)");
  await expect(importButton).toHaveText("Import 1 change");
  await importButton.click();
  await expect(page.getByText("Imported 1 Channel SKU change.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByTestId("catalog-resync")).toBeVisible();

  // Back as it was (the next spec expects CAP-NAVY mapped as the first test left it).
  await page.goto("/products/import");
  await content.fill(`sku,acumatica_channel_sku\nCAP-NAVY,${before}`);
  await preview.click();
  await importButton.click();
  await expect(page).toHaveURL(/\/products$/);
});

test("a package shipped in Acumatica shows on Fulfillments once pushed to TikTok Shop, and opens its order", async ({ context, page, request }) => {
  test.setTimeout(360_000);
  await signInContext(context, E2E_USERS.owner);
  await ensureTikTokShops(page);
  await ensureAcumaticaConnected(page);
  await ensureOrderSettings(page);

  // Step 8: the fulfillment part, saved from the Fulfillments screen.
  await page.goto("/fulfillments");
  await page.waitForLoadState("networkidle");
  const settings = page.getByRole("form", { name: "Fulfillment sync" });
  for (const label of ["Pull shipping requests from Acumatica", "Pull fulfillments from Acumatica"]) {
    const toggle = settings.getByLabel(label, { exact: true });
    if (!(await toggle.isChecked())) await toggle.click();
  }
  await settings.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText("Fulfillment sync settings saved.").first()).toBeVisible();
  await expect(page.getByText("Northwind Merch US: on")).toBeVisible();

  // The carrier: Acumatica's UPSGROUND is UPS on TikTok Shop.
  await page.goto("/connectors/tiktok-shop");
  const us = page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch US" });
  const carrier = us.getByRole("combobox", { name: "TikTok provider for UPSGROUND" });
  await expect(carrier).toBeVisible();
  if (!(await carrier.textContent())?.includes("UPS")) {
    await carrier.click();
    await page.getByRole("option", { name: "UPS", exact: true }).click();
    await us.getByRole("button", { name: "Save carrier mapping" }).click();
    await expect(page.getByText("Carrier mapping of Northwind Merch US saved.").first()).toBeVisible();
  }

  const orderId = await placeOrder(request, "MUG-BLK");
  const row = await waitForOrderRow(page, orderId, /SO \w+/, 150_000);
  const [type, nbr] = (await row.getByRole("cell").nth(5).textContent())!.trim().split(" ") as [string, string];
  const tracking = `1Z999E2E${String(Date.now()).slice(-10)}`;
  const shipped = await request.post(`${ACUMATICA_OPERATOR}/sales-orders/${type}/${nbr}/ship`, { data: { packages: [{ trackingNbr: tracking }] } });
  expect(shipped.ok(), await shipped.text()).toBe(true);

  const fulfillment = page.getByTestId("fulfillment-row").filter({ hasText: tracking });
  await expect(async () => {
    await page.goto(`/fulfillments?f.status=pushed&f.q=${tracking}`);
    await expect(fulfillment).toContainText("Pushed", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [1_000, 2_000, 5_000] });
  await expect(fulfillment).toContainText(orderId);
  await expect(fulfillment).toContainText("UPSGROUND");
  await expect(fulfillment).toContainText(/\d{15,}/);
  await expect(fulfillment).toContainText("UTC");

  // Filtering by another status hides it; the row opens its order.
  await page.goto(`/fulfillments?f.status=failed&f.q=${tracking}`);
  await expect(fulfillment).toHaveCount(0);
  await page.goto(`/fulfillments?f.q=${tracking}`);
  await fulfillment.getByTestId("fulfillment-order-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(orderId);
});

test("Products shows a shop outside the US and the UK the setup guide's sentence instead of product push", async ({ context, page }) => {
  test.setTimeout(120_000);
  await signInContext(context, E2E_USERS.owner);
  await ensureTikTokShops(page, ["Northwind Merch US", "Northwind Merch DE"]);
  await page.goto("/products");
  const de = page.getByTestId("shop-listings").filter({ hasText: "Northwind Merch DE" });
  await expect(de.getByTestId("product-push-refused")).toHaveText(REFUSAL);
  await expect(de.getByRole("button", { name: "Push catalog now" })).toHaveCount(0);
  const us = page.getByTestId("shop-listings").filter({ hasText: "Northwind Merch US" });
  await expect(us.getByTestId("product-push-refused")).toHaveCount(0);
  await expect(us.getByLabel("TikTok category for new listings")).toBeVisible();

  // On a product's page too, per shop.
  await page.goto("/products?sku=CAP-NAVY");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CAP-NAVY");
  const listing = page.getByTestId("product-listing").filter({ hasText: "Northwind Merch DE" });
  await expect(listing.getByTestId("product-push-refused")).toHaveText(REFUSAL);
  await expect(listing.getByRole("button", { name: "Push now" })).toHaveCount(0);
});
