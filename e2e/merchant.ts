import { expect } from "@playwright/test";
import type { APIRequestContext, Locator, Page } from "@playwright/test";

/**
 * What a spec needs in place before it starts, done the way a merchant does it
 * and only when it is not done yet (specs also run alone, or after others):
 * both sides connected, and the order settings of Steps 4, 6 and 8 saved.
 */
export const ACUMATICA = "http://127.0.0.1:4211/AcumaticaERP";
export const ACUMATICA_OPERATOR = "http://127.0.0.1:4211/_sandbox";
export const TIKTOK = "http://127.0.0.1:4212";
export const STANDARD = "7091146663229654785";
const CLIENT_ID = "6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company";
const CLIENT_SECRET = "sandbox-acumatica-secret";

/** The named TikTok shops connected (US by default), with Pull orders on for the US shop. */
export async function ensureTikTokShops(page: Page, shops: string[] = ["Northwind Merch US"]) {
  await page.goto("/connectors/tiktok-shop");
  await page.waitForLoadState("networkidle");
  const card = (name: string) => page.getByTestId("tiktok-shop").filter({ hasText: name });
  const connected = async (name: string) => (await card(name).count()) > 0 && (await card(name).getByTestId("connection-status").textContent())!.includes("Connected since");
  const missing: string[] = [];
  for (const s of shops) if (!(await connected(s))) missing.push(s);
  if (missing.length) {
    await page.getByRole("button", { name: /^(Connect|Reconnect|Connect another shop)$/ }).first().click();
    for (const s of shops) await page.getByLabel(new RegExp(s)).check();
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page).toHaveURL(/\/connectors\/tiktok-shop$/);
    for (const s of shops) await expect(card(s).getByTestId("connection-status")).toContainText("Connected since");
  }
  const us = card("Northwind Merch US");
  const pull = us.getByLabel("Pull orders");
  if ((await us.count()) && !(await pull.isChecked())) {
    await pull.check();
    await us.getByRole("button", { name: "Save", exact: true }).click();
    await expect(us.getByRole("status")).toHaveText("Settings saved.");
  }
}

export async function ensureAcumaticaConnected(page: Page) {
  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  if ((await page.getByTestId("connection-status").textContent())!.includes("Connected since")) return;
  const connection = page.getByRole("form", { name: "Connection settings" });
  await connection.getByLabel("API URL").fill(ACUMATICA);
  await connection.getByLabel("API Client ID").fill(CLIENT_ID);
  await connection.getByLabel("API Client Secret").fill(CLIENT_SECRET);
  await connection.getByRole("button", { name: "Save", exact: true }).click();
  await expect(connection.getByRole("status")).toHaveText("Connection settings saved.");
  await page.getByRole("button", { name: /^(Connect|Reconnect)$/ }).click();
  await expect(page).toHaveURL(/\/AcumaticaERP\/identity\//);
  // The instance shows its sign-in page, or (signed in already) its consent page: wait for one before choosing.
  await expect(page.getByLabel("Username").or(page.getByRole("button", { name: "Allow" }))).toBeVisible();
  if (await page.getByLabel("Username").isVisible()) {
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("sandbox");
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(/\/connectors\/acumatica$/);
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");
}

/** Picks an item of a Radix select (its options are named "<id> <description>"). */
export async function pick(page: Page, trigger: Locator, option: RegExp) {
  await trigger.click();
  await page.getByRole("option", { name: option }).click();
  await expect(page.getByRole("listbox")).toHaveCount(0);
}

/** Saves one settings section and waits for its message, with no field error left. */
export async function saveSection(page: Page, form: Locator, saved: string) {
  await form.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText(saved).first()).toBeVisible();
  await expect(form.getByRole("alert")).toHaveCount(0);
}

/** Generic customer TIKTOK, Standard shipping → UPSGROUND and payment TTS, Push orders to Acumatica on. */
export async function ensureOrderSettings(page: Page) {
  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  const customer = page.getByRole("form", { name: "Customer" });
  if ((await customer.getByLabel("Generic Customer Id").inputValue()) !== "TIKTOK") {
    await customer.getByLabel("Generic Customer Id").fill("TIKTOK");
    await saveSection(page, customer, "Customer settings saved.");
  }
  const mapping = page.getByRole("form", { name: "Orders to Acumatica" });
  const standard = page.locator(`#ship-via-${STANDARD}`);
  if (!(await standard.count()) || (await standard.getAttribute("data-unmapped")) || !(await mapping.getByRole("combobox", { name: "Payment method" }).textContent())?.includes("TTS")) {
    await mapping.getByRole("button", { name: "Refresh shipping options" }).click();
    await expect(page.getByText(/Read \d+ shipping options/)).toBeVisible();
    if (await standard.getAttribute("data-unmapped")) await pick(page, standard.getByRole("combobox"), /^UPSGROUND/);
    await pick(page, mapping.getByRole("combobox", { name: "Payment method" }), /^TTS/);
    await saveSection(page, mapping, "Orders to Acumatica mapping saved.");
  }
  const sync = page.getByRole("form", { name: "Sync settings" });
  const push = sync.getByLabel("Push orders to Acumatica", { exact: true });
  if (!(await push.isChecked())) {
    await push.click();
    await saveSection(page, sync, "Sync settings saved.");
  }
}

export async function placeOrder(request: APIRequestContext, sku: string, quantity = 1): Promise<string> {
  const res = await request.post(`${TIKTOK}/_sandbox/orders`, { data: { region: "US", items: [{ seller_sku: sku, quantity }], delivery_option_id: STANDARD, pay: true, release_hold: true } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { id: string }).id;
}

/** The order's row on Orders once it matches `ready` (found with the search box's URL). */
export async function waitForOrderRow(page: Page, externalId: string, ready: RegExp, timeout = 60_000): Promise<Locator> {
  const row = page.getByTestId("order-row").filter({ hasText: externalId });
  await expect(async () => {
    await page.goto(`/orders?f.q=${externalId}`);
    await expect(row).toContainText(ready, { timeout: 1_000 });
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
  return row;
}
