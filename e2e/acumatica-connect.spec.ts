import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { E2E_USERS, signInContext } from "./helpers";

const SANDBOX = "http://127.0.0.1:4211/AcumaticaERP";
const CLIENT_ID = "6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company";
const CLIENT_SECRET = "sandbox-acumatica-secret";

test.describe.configure({ mode: "serial" });

async function fillConnection(page: Page, secret: string) {
  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("API URL").fill(SANDBOX);
  await expect(page.getByLabel("API EndPoint")).toHaveValue("Default/24.200.001");
  await page.getByLabel("API Client ID").fill(CLIENT_ID);
  await page.getByLabel("API Client Secret").fill(secret);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Connection settings saved.");
}

/** The instance's own sign-in and consent pages, as a merchant meets them. */
async function signInAndConsent(page: Page) {
  await expect(page).toHaveURL(/\/AcumaticaERP\/identity\//);
  if (await page.getByLabel("Username").isVisible()) {
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("sandbox");
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await page.getByRole("button", { name: "Allow" }).click();
}

test("a merchant fills the Connection form, connects through the instance's pages, and lands back Connected", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await fillConnection(page, CLIENT_SECRET);
  await expect(page.getByTestId("redirect-uri")).toHaveText("http://localhost:3210/api/connectors/acumatica/callback");
  // The secret is never sent back to the browser.
  await expect(page.getByLabel("API Client Secret")).toHaveValue("");
  expect(await page.content()).not.toContain(CLIENT_SECRET);

  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await signInAndConsent(page);
  await expect(page).toHaveURL(/\/connectors\/acumatica\?connected=1/);
  await expect(page.getByRole("status")).toHaveText("Connected to Acumatica.");
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");
  await expect(page.getByTestId("connection-status")).toContainText(`Instance: ${SANDBOX}`);

  await page.getByRole("button", { name: "Test connection" }).click();
  const results = page.getByRole("table", { name: "Connection test" });
  await expect(results).toContainText("API EndPoint published");
  await expect(results.getByText("Failed")).toHaveCount(0);
  await expect(results.getByText("OK", { exact: true })).toHaveCount(5);
});

test("a wrong client secret gets an actionable error from Test connection and from Connect", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await fillConnection(page, "not-the-secret");
  await page.getByRole("button", { name: "Test connection" }).click();
  const row = page.getByRole("table", { name: "Connection test" }).getByRole("row", { name: /API Client ID and Secret accepted/ });
  await expect(row).toContainText("Failed");
  await expect(row).toContainText("Acumatica rejected the API Client ID or API Client Secret");

  await page.getByRole("button", { name: /^(Connect|Reconnect)$/ }).click();
  await signInAndConsent(page);
  await expect(page).toHaveURL(/\/connectors\/acumatica\?error=/);
  await expect(page.getByRole("alert").filter({ hasText: "API Client Secret" })).toContainText("Acumatica rejected the API Client ID or API Client Secret");

  // Putting the right secret back and connecting again recovers.
  await fillConnection(page, CLIENT_SECRET);
  await page.getByRole("button", { name: /^(Connect|Reconnect)$/ }).click();
  await signInAndConsent(page);
  await expect(page.getByRole("status")).toHaveText("Connected to Acumatica.");
});

test("Disconnect revokes and forgets the tokens", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/acumatica");
  await expect(page.getByTestId("connection-status")).toContainText("Connected");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("status")).toHaveText("Disconnected. The tokens were revoked and forgotten.");
  await expect(page.getByTestId("connection-status")).toContainText("Not connected");
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeVisible();
});
