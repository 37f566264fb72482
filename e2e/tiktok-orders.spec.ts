import { expect, test } from "./fixtures";
import type { APIRequestContext, BrowserContext, Locator, Page } from "@playwright/test";
import { E2E_USERS, signInContext } from "./helpers";
import { ensureAcumaticaConnected, ensureTikTokShops, pick, saveSection, STANDARD, TIKTOK } from "./merchant";

/**
 * Orders from TikTok Shop to Acumatica, as a merchant does it: connect both
 * sides, save Steps 4, 6, 7 and 8 on Connectors → Acumatica, place orders in
 * the TikTok sandbox and watch them become sales orders; an unmapped shipping
 * option becomes an exception whose link opens the mapping row; Preview, Send
 * as test order and "Why isn't this order in Acumatica?"; a viewer sees it all
 * and can change nothing.
 *
 * The file name sorts after tiktok-connect.spec.ts on purpose: that spec starts
 * from a workspace without shops. This one reconnects whatever the earlier
 * specs left disconnected, and does not assume an empty database.
 */

const US_SHOP = "Northwind Merch US";
/** The one option this spec leaves unmapped until an order needs it. */
const ECONOMY = "7091146663229654787";

test.describe.configure({ mode: "serial" });

/** Server action ids the owner's page used, replayed with the viewer's session at the end. */
const actionIds: { saveCustomer?: string; sendTest?: string } = {};
let testOrderId = "";

async function placeOrder(request: APIRequestContext, deliveryOptionId: string, sku = "TSHIRT-BLK-M", pay = true): Promise<string> {
  const res = await request.post(`${TIKTOK}/_sandbox/orders`, {
    data: { region: "US", items: [{ seller_sku: sku, quantity: 1 }], delivery_option_id: deliveryOptionId, pay, release_hold: pay },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const order = (await res.json()) as { id: string };
  expect(order.id).toMatch(/^\d+$/);
  return order.id;
}

/** The order's row on Orders (found with the search box's URL), once it matches `ready`. */
async function waitForOrderRow(page: Page, externalId: string, ready: RegExp): Promise<Locator> {
  const row = page.getByTestId("order-row").filter({ hasText: externalId });
  await expect(async () => {
    await page.goto(`/orders?f.q=${externalId}`);
    await expect(row).toContainText(ready, { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [500, 1_000, 2_000] });
  return row;
}

async function setPushOrders(page: Page, on: boolean) {
  await page.goto("/connectors/acumatica#sync-settings");
  await page.waitForLoadState("networkidle");
  const sync = page.getByRole("form", { name: "Sync settings" });
  const toggle = sync.getByLabel("Push orders to Acumatica", { exact: true });
  if ((await toggle.isChecked()) !== on) {
    await toggle.click();
    await saveSection(page, sync, "Sync settings saved.");
  }
}

test("a merchant saves the customer, the mapping, the order types and the sync settings on Connectors → Acumatica", async ({ context, page }) => {
  test.setTimeout(120_000);
  await signInContext(context, E2E_USERS.owner);
  // Connected, with Pull orders on for the US shop (an earlier spec turns it off).
  await ensureTikTokShops(page);
  await ensureAcumaticaConnected(page);

  // The seed's labels, word for word.
  for (const label of [
    "Customer matching strategy",
    "Generic Customer Id",
    "Use order type defined below when pushing sales orders to Acumatica",
    "Push orders to Acumatica",
    "Push canceled orders to Acumatica",
    "Allow push refund orders to Acumatica",
    "Push orders to Acumatica only for specific order sources",
    'Mark orders as "Sent to Fulfillment" when pushing to Acumatica',
  ]) {
    await expect(page.getByText(label, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Orders to Acumatica" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Customer matching strategy" })).toHaveText("Use a generic customer for all orders");

  // Step 4.
  const customer = page.getByRole("form", { name: "Customer" });
  await customer.getByLabel("Generic Customer Id").fill("TIKTOK");
  const [saveCustomer] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    customer.getByRole("button", { name: /^Save/ }).click(),
  ]);
  actionIds.saveCustomer = saveCustomer.headers()["next-action"];
  await expect(page.getByText("Customer settings saved.")).toBeVisible();

  // Step 6: read the shops' shipping options, map all but Economy shipping, and the payment method.
  const mapping = page.getByRole("form", { name: "Orders to Acumatica" });
  await mapping.getByRole("button", { name: "Refresh shipping options" }).click();
  await expect(page.getByText(/Read \d+ shipping options/)).toBeVisible();
  const economy = page.locator(`#ship-via-${ECONOMY}`);
  await expect(economy).toBeVisible();
  const rows = mapping.getByTestId("ship-via-row");
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const trigger = row.getByRole("combobox");
    if ((await row.getAttribute("id")) === `ship-via-${ECONOMY}`) await pick(page, trigger, /^Not mapped/);
    else if (await row.getAttribute("data-unmapped")) await pick(page, trigger, /^UPSGROUND/);
  }
  await pick(page, mapping.getByRole("combobox", { name: "Payment method" }), /^TTS/);
  // The unmapped option stays listed, and visibly flagged.
  await expect(economy).toHaveAttribute("data-unmapped", "true");
  await expect(economy).toContainText("Not mapped");
  await saveSection(page, mapping, "Orders to Acumatica mapping saved.");

  // Step 7: the defaults (SO, RC), with the known channels listed.
  const orderTypes = page.getByRole("form", { name: "Order types" });
  await expect(orderTypes.getByLabel("Default order type")).toHaveValue("SO");
  await expect(orderTypes.getByLabel("Refund order type")).toHaveValue("RC");
  await expect(orderTypes.getByRole("list", { name: "Known channels" })).toContainText("tiktok");
  await expect(orderTypes.getByRole("list", { name: "Known channels" })).toContainText("USLCNW4Q2P");
  // A malformed entry is refused on its own field.
  await orderTypes.getByRole("button", { name: "Add entry" }).click();
  await orderTypes.getByRole("textbox", { name: "Entry 1", exact: true }).fill("tiktok-TS");
  await orderTypes.getByRole("button", { name: /^Save/ }).click();
  await expect(orderTypes.getByText("Write the entry as channel:orderType, e.g. tiktok:TS")).toBeVisible();
  await expect(orderTypes.getByRole("textbox", { name: "Entry 1", exact: true })).toHaveAttribute("aria-invalid", "true");
  await orderTypes.getByRole("button", { name: "Remove entry 1" }).click();
  await saveSection(page, orderTypes, "Order types saved.");

  // Step 8.
  const sync = page.getByRole("form", { name: "Sync settings" });
  await expect(sync.getByLabel("Allow push refund orders to Acumatica")).not.toBeChecked();
  for (const label of ["Push orders to Acumatica", 'Mark orders as "Sent to Fulfillment" when pushing to Acumatica']) {
    const toggle = sync.getByLabel(label, { exact: true });
    if (!(await toggle.isChecked())) await toggle.click();
  }
  await saveSection(page, sync, "Sync settings saved.");

  // Taxes and fees: the defaults are Acumatica's (and the sandbox's) tax zone and taxes.
  const tax = page.getByRole("form", { name: "Taxes and fees" });
  await expect(tax.getByLabel("Tax zone")).toHaveValue("TIKTOK");
  await expect(tax).toContainText("The sales order total must equal what TikTok Shop charged the buyer");
  await saveSection(page, tax, "Taxes and fees saved.");

  await page.reload();
  await expect(page.getByRole("form", { name: "Customer" }).getByLabel("Generic Customer Id")).toHaveValue("TIKTOK");
  await expect(page.getByRole("form", { name: "Sync settings" }).getByLabel("Push orders to Acumatica", { exact: true })).toBeChecked();
  await expect(page.getByRole("form", { name: "Orders to Acumatica" }).getByRole("combobox", { name: "Payment method" })).toContainText("TTS");
});

test("an order placed on TikTok Shop shows on Orders with its Acumatica sales order", async ({ context, page, request }) => {
  test.setTimeout(90_000);
  await signInContext(context, E2E_USERS.owner);
  const externalId = await placeOrder(request, STANDARD);
  const row = await waitForOrderRow(page, externalId, /SO \w+/);
  await expect(row).toContainText(US_SHOP);
  await expect(row).toContainText("Sent to fulfillment");
  // "SO <number>" in the Acumatica order column.
  const salesOrder = (await row.getByRole("cell").nth(5).textContent())!.trim();
  expect(salesOrder).toMatch(/^SO \w+$/);

  // The search box finds it by its Acumatica order number too.
  await page.goto("/orders");
  await page.getByLabel("Search").fill(salesOrder.split(" ")[1]!);
  await expect(page).toHaveURL(/f\.q=/);
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(page.getByTestId("order-row")).toContainText(externalId);

  await page.getByRole("link", { name: externalId }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(externalId);
  await expect(page.getByTestId("sales-order")).toContainText(salesOrder);
  await expect(page.getByTestId("timeline-event").filter({ hasText: `Created sales order ${salesOrder}` })).toHaveCount(1);
  await expect(page.getByRole("table", { name: "Order lines" })).toContainText("TSHIRT-BLK-M");
  await expect(page.getByTestId("order-amounts")).toContainText("Total");
});

test("an unmapped shipping option opens an exception whose link lands on its mapping row; mapping it pushes the order", async ({ context, page, request }) => {
  test.setTimeout(120_000);
  await signInContext(context, E2E_USERS.owner);
  const externalId = await placeOrder(request, ECONOMY);
  const exception = page.getByTestId("exception-row").filter({ hasText: externalId });
  await expect(async () => {
    await page.goto("/exceptions");
    await expect(exception).toContainText("Economy shipping", { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [500, 1_000, 2_000] });
  await expect(exception).toContainText("Shipping option not mapped");
  await expect(page.getByTestId("exception-group").filter({ hasText: "Shipping option not mapped" })).toBeVisible();
  await expect(page.getByTestId("nav-exceptions-count").first()).toBeAttached();

  await exception.getByTestId("exception-fix").click();
  await expect(page).toHaveURL(new RegExp(`/connectors/acumatica#ship-via-${ECONOMY}$`));
  const row = page.locator(`#ship-via-${ECONOMY}`);
  await expect(row).toHaveAttribute("data-highlight", "true");
  await expect(row).toBeInViewport();
  await expect(row.getByRole("combobox")).toBeFocused();

  await pick(page, row.getByRole("combobox"), /^USPSPRIORITY/);
  await saveSection(page, page.getByRole("form", { name: "Orders to Acumatica" }), "Orders to Acumatica mapping saved.");

  // Saving the mapping retries what it held back: the order goes through and its exception closes itself.
  await waitForOrderRow(page, externalId, /SO \w+/);
  await page.goto("/exceptions?tab=closed");
  const closed = page.getByTestId("exception-row").filter({ hasText: externalId });
  await expect(closed).toContainText(/fixed: in Acumatica as SO \w+/);
  await expect(closed).toContainText("OrderBridge");
  await page.goto("/exceptions");
  await expect(page.getByTestId("exception-row").filter({ hasText: externalId })).toHaveCount(0);
});

test("with Push orders off, an order can be previewed, explained, and sent as a test order", async ({ context, page, request }) => {
  test.setTimeout(120_000);
  await signInContext(context, E2E_USERS.owner);
  await setPushOrders(page, false);
  const externalId = await placeOrder(request, STANDARD, "MUG-WHT");
  const row = await waitForOrderRow(page, externalId, /Not sent/);
  await row.getByRole("link", { name: externalId }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(externalId);
  testOrderId = page.url().split("/orders/")[1]!;

  await page.getByRole("button", { name: "Why isn't this order in Acumatica?" }).click();
  const why = page.getByTestId("why-panel");
  await expect(why.getByTestId("why-reason").filter({ hasText: "Push orders to Acumatica is off" })).toBeVisible();
  await expect(why.getByRole("link", { name: /Open Sync settings/ })).toHaveAttribute("href", "/connectors/acumatica#sync-settings");

  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("dialog", { name: "Preview of the Acumatica sales order" });
  await expect(preview.getByTestId("preview-holds")).toContainText("Push orders to Acumatica is off");
  const payload = JSON.parse((await preview.getByTestId("preview-payload").textContent())!) as Record<string, unknown>;
  expect(JSON.stringify(payload)).toContain("MUG-WHT");
  expect(JSON.stringify(payload)).toContain("TIKTOK");
  expect(JSON.stringify(payload)).toContain(externalId);
  await preview.getByRole("button", { name: "Close" }).click();
  // Preview sent nothing.
  await expect(page.getByTestId("sales-order")).toContainText("Not sent");

  await page.getByRole("button", { name: "Send as test order" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Send order ${externalId} to Acumatica as a test?` });
  const [sendTest] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    confirm.getByRole("button", { name: "Send test order" }).click(),
  ]);
  actionIds.sendTest = sendTest.headers()["next-action"];
  // The timeline refreshes itself with the result; no reload.
  await expect(page.getByTestId("timeline-event").filter({ hasText: /Sent as a test order: created sales order SO \w+/ })).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId("sales-order")).toContainText(/SO \w+/);

  await setPushOrders(page, true);
});

test("a SKU Acumatica knows by another name is mapped from the exception's link; another is dismissed with a reason", async ({ context, page, request }) => {
  test.setTimeout(120_000);
  await signInContext(context, E2E_USERS.owner);
  const capOrder = await placeOrder(request, STANDARD, "CAP-NAVY");
  const socksOrder = await placeOrder(request, STANDARD, "Socks-3PK");
  const cap = page.getByTestId("exception-row").filter({ hasText: capOrder });
  const socks = page.getByTestId("exception-row").filter({ hasText: socksOrder });
  await expect(async () => {
    await page.goto("/exceptions");
    await expect(cap).toContainText("CAP-NAVY", { timeout: 1_000 });
    await expect(socks).toContainText("Socks-3PK", { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [500, 1_000, 2_000] });

  // The fix link finds that exact SKU; no product has it yet, so the form creates it with its Acumatica SKU.
  await cap.getByTestId("exception-fix").click();
  await expect(page).toHaveURL(/\/products\?sku=CAP-NAVY$/);
  await expect(page.getByTestId("sku-not-found")).toContainText("No product with SKU CAP-NAVY yet");
  await page.getByLabel("Acumatica Channel SKU").fill("CAP-NVY");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CAP-NAVY");
  const options = page.getByRole("table", { name: "Channel Options" });
  await expect(options.getByTestId("channel-row-acumatica").getByLabel("Channel SKU")).toHaveValue("CAP-NVY");
  await expect(options.getByTestId("channel-row-tiktok")).toContainText("TikTok SKUs must match the master SKU in the app directly");
  await waitForOrderRow(page, capOrder, /SO \w+/);

  // Dismissing needs a reason, and the history says who dismissed it and why.
  await page.goto("/exceptions");
  await socks.getByRole("button", { name: "Dismiss" }).click();
  const dialog = page.getByRole("dialog", { name: "Dismiss this exception?" });
  await dialog.getByRole("button", { name: "Dismiss exception" }).click();
  await expect(dialog.getByText("Say why you dismiss it (at least 3 characters)")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Sold out; the buyer gets a refund on TikTok");
  await dialog.getByRole("button", { name: "Dismiss exception" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(socks).toHaveCount(0);
  await page.goto("/exceptions?tab=closed");
  const closed = page.getByTestId("exception-row").filter({ hasText: socksOrder });
  await expect(closed).toContainText("dismissed: Sold out; the buyer gets a refund on TikTok");
  await expect(closed).toContainText(E2E_USERS.owner.email);
});

test("a viewer sees orders, exceptions and the order settings but every change is absent or refused", async ({ browser, request }) => {
  test.setTimeout(90_000);
  const context: BrowserContext = await browser.newContext();
  await signInContext(context, E2E_USERS.viewer);
  const page = await context.newPage();
  // An unpaid order stays out of Acumatica: the owner could send or retry it, the viewer cannot.
  const unpaid = await placeOrder(request, STANDARD, "CAP-BLK", false);
  await waitForOrderRow(page, unpaid, /Awaiting payment/);

  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("You are a viewer in this workspace: you can see these settings but not change them.")).toBeVisible();
  for (const section of ["Customer", "Orders to Acumatica", "Order types", "Sync settings", "Taxes and fees"]) {
    const form = page.getByRole("form", { name: section });
    await expect(form).toBeVisible();
    await expect(form.getByRole("button", { name: /^Save/ })).toHaveCount(0);
  }
  await expect(page.getByRole("button", { name: "Refresh shipping options" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add entry" })).toHaveCount(0);
  await expect(page.getByLabel("Generic Customer Id")).toHaveValue("TIKTOK");
  await expect(page.getByLabel("Generic Customer Id")).toBeDisabled();
  await expect(page.getByLabel("Push orders to Acumatica", { exact: true })).toBeDisabled();

  await page.goto("/orders");
  await expect(page.getByTestId("order-row").first()).toBeVisible();

  await page.getByTestId("order-row").filter({ hasText: unpaid }).getByRole("link", { name: unpaid }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(unpaid);
  await expect(page.getByRole("button", { name: "Send as test order" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("dialog").getByTestId("preview-payload")).toContainText("CAP-BLK");
  await expect(page.getByRole("dialog").getByTestId("preview-holds")).toContainText("The buyer has not paid yet");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: "Why isn't this order in Acumatica?" }).click();
  await expect(page.getByTestId("why-reason").filter({ hasText: "The buyer has not paid yet" })).toBeVisible();

  await page.goto("/exceptions?tab=closed");
  await expect(page.getByTestId("exception-row").first()).toBeVisible();
  await page.goto("/exceptions");
  await expect(page.getByRole("button", { name: /Retry|Dismiss/ })).toHaveCount(0);

  // The server refuses the owner's own requests replayed with the viewer's session.
  expect(actionIds.saveCustomer && actionIds.sendTest).toBeTruthy();
  const replay = async (path: string, actionId: string, input: unknown) => {
    const res = await context.request.post(path, {
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([input]),
    });
    return res.text();
  };
  expect(await replay("/connectors/acumatica", actionIds.saveCustomer!, { strategy: "generic", genericCustomerId: "VIEWER" })).toContain("forbidden");
  expect(await replay(`/orders/${testOrderId}`, actionIds.sendTest!, { orderId: testOrderId })).toContain("forbidden");
  await page.goto("/connectors/acumatica");
  await expect(page.getByLabel("Generic Customer Id")).toHaveValue("TIKTOK");
  await context.close();
});
