import http from "node:http";
import { expect, test } from "./fixtures";
import { computeWebhookSignature } from "../lib/connectors/tiktok-shop/signing";
import { E2E_USERS, signInContext } from "./helpers";

/** POSTs `bytes` with chunked transfer encoding (no Content-Length) and returns the status. */
function postChunked(path: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "localhost", port: 3210, path, method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    for (let sent = 0; sent < bytes; sent += 16 * 1024) req.write(Buffer.alloc(16 * 1024, 120));
    req.end();
  });
}

const APP_KEY = "6a1sandboxkey";
const APP_SECRET = "sandbox-tiktok-app-secret";
const SANDBOX = "http://127.0.0.1:4212";

test.describe.configure({ mode: "serial" });

const DENIED = "Authorization was cancelled. Your previous connection (if any) is unchanged.";

test("deny on the authorization page shows a clear message once and connects nothing", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/tiktok-shop");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  // The outcome travels in a one-shot cookie holding a code; the URL stays clean and no query text is shown.
  await expect(page).toHaveURL(/\/connectors\/tiktok-shop$/);
  await expect(page.getByRole("alert").filter({ hasText: "cancelled" })).toHaveText(DENIED);
  await expect(page.getByTestId("tiktok-shop")).toHaveCount(0);
  // The screen clears the one-shot cookie as soon as it has shown it…
  await expect.poll(async () => (await context.cookies()).some((c) => c.name === "ob_flash")).toBe(false);
  // …so a reload does not bring the message back.
  await page.reload();
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeVisible();
  await expect(page.getByText(DENIED)).toHaveCount(0);
});

test("a forged callback with free text in the query shows only a fixed message", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/api/connectors/tiktok-shop/callback?state=forged&error=%3Cb%3EYour%20shop%20was%20hacked%3C%2Fb%3E");
  await expect(page).toHaveURL(/\/connectors\/tiktok-shop$/);
  await expect(page.getByRole("alert").filter({ hasText: "Connect again" })).toContainText("did not match a Connect started here");
  await expect(page.getByText("hacked")).toHaveCount(0);
});

test("a merchant connects, approves on the sandbox page, and lands back with the shops listed", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/tiktok-shop");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByLabel(/Northwind Merch US/)).toBeChecked();
  await page.getByLabel(/Northwind Merch DE/).check();
  await page.getByRole("button", { name: "Authorize" }).click();

  await expect(page).toHaveURL(/\/connectors\/tiktok-shop$/);
  await expect(page.getByRole("status")).toHaveText("TikTok Shop connected. The authorised shops are listed below.");
  const shops = page.getByTestId("tiktok-shop");
  await expect(shops).toHaveCount(3);
  const us = shops.filter({ hasText: "Northwind Merch US" });
  await expect(us.getByTestId("connection-status")).toContainText("Connected since");
  await expect(us.getByLabel("Pull orders")).toBeChecked();
  await expect(us.getByLabel("Push fulfillments")).toBeChecked();
  await expect(us.getByLabel("Push products")).toBeEnabled();
  const de = shops.filter({ hasText: "Northwind Merch DE" });
  await expect(de.getByLabel("Push products")).toBeDisabled();
  await expect(de).toContainText("TikTok Shop product push is US/UK only. Outside those regions, manage the TikTok catalog directly in TikTok Shop.");

  // Toggles are stored per shop.
  await us.getByLabel("Pull orders").uncheck();
  await us.getByRole("button", { name: "Save", exact: true }).click();
  await expect(us.getByRole("status")).toHaveText("Settings saved.");
  await page.reload();
  await expect(page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch US" }).getByLabel("Pull orders")).not.toBeChecked();
});

test("an order placed on TikTok Shop reaches the app by webhook and the worker reads it back", async ({ context, page, request }) => {
  await signInContext(context, E2E_USERS.owner);
  const placed = await request.post(`${SANDBOX}/_sandbox/orders`, { data: { region: "US", items: [{ seller_sku: "TSHIRT-BLK-M", quantity: 2 }], pay: true } });
  expect(placed.ok(), await placed.text()).toBe(true);
  await page.goto("/connectors/tiktok-shop");
  // The table refreshes itself (react-query polling): no reload needed.
  await expect(page.getByTestId("webhook-event").filter({ hasText: "ORDER_STATUS_CHANGE" }).filter({ hasText: "processed" }).first()).toContainText(/Order \d+ (is |read back)/, {
    timeout: 30_000,
  });
});

test("webhooks: a valid signature is accepted once even when delivered twice; a bad one is refused and stored nowhere", async ({ context, page, request }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/tiktok-shop");
  const shopId = (await page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch UK" }).textContent())!.match(/Shop id: (\d+)/)![1]!;
  const before = await page.getByTestId("webhook-event").count();

  const now = Math.floor(Date.now() / 1000);
  const body = `{"type":7,"tts_notification_id":"7392000000000000123","shop_id":"${shopId}","timestamp":${now},"data":{"message":"expiring","expiration_time":${now + 20 * 86400}}}`;
  const headers = { "content-type": "application/json", authorization: computeWebhookSignature(APP_KEY, APP_SECRET, body) };
  for (let i = 0; i < 2; i++) {
    const res = await request.post("/api/webhooks/tiktok-shop", { data: body, headers });
    expect(res.status()).toBe(200);
    // TikTok expects an empty body.
    expect(await res.text()).toBe("");
  }
  // A correctly signed but old notification (a replay) is refused.
  const old = body.replace("7392000000000000123", "7392000000000000124").replace(`"timestamp":${now}`, `"timestamp":${now - 3600}`);
  const replay = await request.post("/api/webhooks/tiktok-shop", { data: old, headers: { ...headers, authorization: computeWebhookSignature(APP_KEY, APP_SECRET, old) } });
  expect(replay.status()).toBe(400);
  const forged = await request.post("/api/webhooks/tiktok-shop", {
    data: body.replace("7392000000000000123", "7392000000000000999"),
    headers,
  });
  expect(forged.status()).toBe(401);
  const garbage = "not json at all";
  const malformed = await request.post("/api/webhooks/tiktok-shop", {
    // A Buffer is sent as is (a string with a JSON content type would be re-encoded by Playwright).
    data: Buffer.from(garbage),
    headers: { "content-type": "application/json", authorization: computeWebhookSignature(APP_KEY, APP_SECRET, garbage) },
  });
  expect(malformed.status()).toBe(400);
  const tooBig = await request.post("/api/webhooks/tiktok-shop", { data: "x".repeat(300 * 1024), headers: { "content-type": "application/json" } });
  expect(tooBig.status()).toBe(413);
  expect(await postChunked("/api/webhooks/tiktok-shop", 300 * 1024)).toBe(413);

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch UK" })).toContainText("Click Reconnect before then", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("webhook-event").filter({ hasText: "UPCOMING_AUTHORIZATION_EXPIRATION" })).toHaveCount(1);
  await expect(page.getByTestId("webhook-event")).toHaveCount(before + 1);
});

test("Disconnect of a shop asks first; a disconnected shop offers Reconnect instead of toggles that would do nothing", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/tiktok-shop");
  const de = page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch DE" });
  await expect(de.getByTestId("connection-status")).toContainText("Connected since");

  await de.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Disconnect Northwind Merch DE?" });
  await expect(dialog).toContainText("Orders from this shop stop being pulled.");
  await expect(dialog).toContainText("Fulfillments stop being pushed to this shop.");
  await expect(dialog).toContainText("Webhooks from this shop are ignored.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(de.getByTestId("connection-status")).toContainText("Connected since");
  await expect(de.getByLabel("Pull orders")).toBeVisible();

  await de.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(de.getByTestId("connection-status")).toContainText("Not connected");
  await expect(de.getByLabel("Pull orders")).toHaveCount(0);
  await expect(de.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(de.getByRole("button", { name: "Disconnect" })).toHaveCount(0);
  await expect(de.getByTestId("shop-disconnected")).toContainText("nothing syncs with it");
  await expect(de.getByRole("button", { name: "Reconnect" })).toBeVisible();
  // The other shops keep working.
  await expect(page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch US" }).getByTestId("connection-status")).toContainText("Connected since");
});

test("an authorization that outlives the app session continues once the merchant signs in again", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/tiktok-shop");
  await page.getByRole("button", { name: /Connect|Reconnect/ }).first().click();
  await expect(page.getByRole("button", { name: "Authorize" })).toBeVisible();
  // The app session ends while the merchant is on TikTok's page.
  await context.clearCookies({ domain: "localhost" });
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-mail").fill(E2E_USERS.owner.email);
  await page.getByLabel("Password").fill(E2E_USERS.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/connectors\/tiktok-shop$/);
  await expect(page.getByRole("status")).toHaveText("TikTok Shop connected. The authorised shops are listed below.");
  await expect(page.getByTestId("tiktok-shop").filter({ hasText: "Northwind Merch US" }).getByTestId("connection-status")).toContainText("Connected since");
});
