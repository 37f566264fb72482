import { expect, test } from "./fixtures";
import { E2E_USERS, signInContext } from "./helpers";
import { ACUMATICA_OPERATOR, ensureAcumaticaConnected, ensureOrderSettings, ensureTikTokShops, STANDARD, TIKTOK, waitForOrderRow } from "./merchant";

/**
 * The whole loop, as a merchant drives it from the two consoles: an order paid
 * on TikTok Shop becomes a sales order in Acumatica; Acumatica ships it in two
 * packages with their own tracking numbers; both reach the TikTok order as
 * two packages, and the order page's timeline shows each one.
 *
 * The file name sorts after tiktok-products.spec.ts; the setup helpers only do
 * what is missing, so it also runs alone.
 */
test("order paid on TikTok → sales order → Acumatica ships two packages → two TikTok packages with tracking, on the order's timeline", async ({ context, page, request }) => {
  test.setTimeout(300_000);
  await signInContext(context, E2E_USERS.owner);
  await ensureTikTokShops(page);
  await ensureAcumaticaConnected(page);
  await ensureOrderSettings(page);

  // Step 8, the fulfillment part, on Connectors → Acumatica.
  await page.goto("/connectors/acumatica#catalog-settings");
  await page.waitForLoadState("networkidle");
  const catalog = page.getByRole("form", { name: "Products and fulfillments" });
  await expect(catalog).toBeVisible();
  let changed = false;
  for (const label of ["Pull shipping requests from Acumatica", "Pull fulfillments from Acumatica"]) {
    const toggle = catalog.getByLabel(label, { exact: true });
    if (!(await toggle.isChecked())) {
      await toggle.click();
      changed = true;
    }
  }
  if (changed) {
    await catalog.getByRole("button", { name: /^Save/ }).click();
    await expect(page.getByText("Products and fulfillments settings saved.").first()).toBeVisible();
  }

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

  // The buyer pays for 2 T-shirts and a mug.
  const placed = await request.post(`${TIKTOK}/_sandbox/orders`, {
    data: {
      region: "US",
      items: [
        { seller_sku: "TSHIRT-BLK-M", quantity: 2 },
        { seller_sku: "MUG-WHT", quantity: 1 },
      ],
      delivery_option_id: STANDARD,
      pay: true,
      release_hold: true,
    },
  });
  expect(placed.ok(), await placed.text()).toBe(true);
  const orderId = ((await placed.json()) as { id: string }).id;
  const row = await waitForOrderRow(page, orderId, /SO \w+/, 150_000);
  const [type, nbr] = (await row.getByRole("cell").nth(5).textContent())!.trim().split(" ") as [string, string];

  // Acumatica confirms one shipment in two boxes: the shirts in one, the mug in the other.
  const stamp = String(Date.now()).slice(-9);
  const shirts = `1Z999E2EA${stamp}`;
  const mug = `1Z999E2EB${stamp}`;
  const shipped = await request.post(`${ACUMATICA_OPERATOR}/sales-orders/${type}/${nbr}/ship`, {
    data: {
      packages: [
        { trackingNbr: shirts, contents: [{ inventoryId: "TSHIRT-BLK-M", qty: 2 }] },
        { trackingNbr: mug, contents: [{ inventoryId: "MUG-WHT", qty: 1 }] },
      ],
    },
  });
  expect(shipped.ok(), await shipped.text()).toBe(true);

  // The order page: both packages sent to TikTok Shop, each with its tracking and contents.
  await row.getByRole("link", { name: orderId }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(orderId);
  const pushed = page.getByTestId("timeline-event").and(page.locator('[data-kind="fulfillment-pushed"]'));
  await expect(async () => {
    await page.reload();
    await expect(pushed).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 120_000, intervals: [1_000, 2_000, 5_000] });
  await expect(pushed.filter({ hasText: shirts })).toContainText("2 × TSHIRT-BLK-M");
  await expect(pushed.filter({ hasText: mug })).toContainText("1 × MUG-WHT");
  await expect(page.getByTestId("timeline-event").filter({ hasText: `Acumatica shipment` }).first()).toBeVisible();

  // TikTok Shop holds two packages: the shirts' units under one tracking number, the mug under the other.
  const tiktok = (await (await request.get(`${TIKTOK}/_sandbox/orders/${orderId}`)).json()) as { line_items: Array<{ seller_sku: string; tracking_number?: string; package_id?: string }> };
  const trackingOf = (sku: string) => [...new Set(tiktok.line_items.filter((l) => l.seller_sku === sku).map((l) => l.tracking_number))];
  expect(trackingOf("TSHIRT-BLK-M")).toEqual([shirts]);
  expect(trackingOf("MUG-WHT")).toEqual([mug]);
  expect(new Set(tiktok.line_items.map((l) => l.package_id)).size).toBe(2);

  // Fulfillments lists both, pushed.
  await page.goto(`/fulfillments?f.q=${orderId}`);
  await expect(page.getByTestId("fulfillment-row")).toHaveCount(2);
  await expect(page.getByTestId("fulfillment-row").filter({ hasText: "Pushed" })).toHaveCount(2);
});
