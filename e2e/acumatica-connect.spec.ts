import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { E2E_USERS, signInContext } from "./helpers";

const SANDBOX = "http://127.0.0.1:4211/AcumaticaERP";
const CLIENT_ID = "6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company";
const CLIENT_SECRET = "sandbox-acumatica-secret";
const DENIED = "Authorization was cancelled. Your previous connection (if any) is unchanged.";
/** Matches a text that ends with `text` (an accessible description is the hint, then the error). */
const endingWith = (text: string) => new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

test.describe.configure({ mode: "serial" });

async function fillConnection(page: Page, secret: string) {
  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("API URL").fill(SANDBOX);
  await expect(page.getByLabel("API EndPoint")).toHaveValue("Default/24.200.001");
  await page.getByLabel("API Client ID").fill(CLIENT_ID);
  await page.getByLabel("API Client Secret").fill(secret);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Connection settings saved.");
}

/** The instance's own sign-in and consent pages, as a merchant meets them. */
async function signIn(page: Page) {
  await expect(page).toHaveURL(/\/AcumaticaERP\/identity\//);
  // The instance shows its sign-in page, or (signed in already) its consent page: wait for one before choosing.
  await expect(page.getByLabel("Username").or(page.getByRole("button", { name: "Allow" }))).toBeVisible();
  if (await page.getByLabel("Username").isVisible()) {
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("sandbox");
    await page.getByRole("button", { name: "Sign in" }).click();
  }
}

async function signInAndConsent(page: Page) {
  await signIn(page);
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
  // Back on the clean screen URL: the outcome travels in a one-shot cookie, not in the query.
  await expect(page).toHaveURL(/\/connectors\/acumatica$/);
  await expect(page.getByRole("status")).toHaveText("Connected to Acumatica.");
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");
  await expect(page.getByTestId("connection-status")).toContainText(`Instance: ${SANDBOX}`);

  // The screen clears the one-shot cookie as soon as it has shown it…
  await expect.poll(async () => (await context.cookies()).some((c) => c.name === "ob_flash")).toBe(false);
  // …so a reload does not bring the message back.
  await page.reload();
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");
  await expect(page.getByText("Connected to Acumatica.")).toHaveCount(0);

  await page.getByRole("button", { name: "Test connection" }).click();
  const results = page.getByRole("table", { name: "Connection test" });
  await expect(results).toContainText("API EndPoint published");
  await expect(results.getByText("Failed")).toHaveCount(0);
  await expect(results.getByText("OK", { exact: true })).toHaveCount(5);
});

test("Deny on the consent page leaves the working connection as it was", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/acumatica");
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");
  await page.getByRole("button", { name: "Reconnect" }).click();
  await signIn(page);
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/connectors\/acumatica$/);
  await expect(page.getByRole("alert").filter({ hasText: "cancelled" })).toHaveText(DENIED);
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");
  await expect(page.getByTestId("connection-status").getByRole("alert")).toHaveCount(0);
  await expect.poll(async () => (await context.cookies()).some((c) => c.name === "ob_flash")).toBe(false);
  await page.reload();
  await expect(page.getByText(DENIED)).toHaveCount(0);
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
  await expect(page).toHaveURL(/\/connectors\/acumatica$/);
  await expect(page.getByRole("alert").filter({ hasText: "did not connect" })).toHaveText("Acumatica did not connect. The reason and what to do are shown under Connection.");
  // The reason comes from the stored connection, not from the URL.
  await expect(page.getByTestId("connection-status").getByRole("alert")).toContainText("Acumatica rejected the API Client ID or API Client Secret");

  // Putting the right secret back and connecting again recovers.
  await fillConnection(page, CLIENT_SECRET);
  await page.getByRole("button", { name: /^(Connect|Reconnect)$/ }).click();
  await signInAndConsent(page);
  await expect(page.getByRole("status")).toHaveText("Connected to Acumatica.");
});

test("Disconnect asks first: Cancel keeps the connection, confirming revokes and forgets the tokens", async ({ context, page }) => {
  await signInContext(context, E2E_USERS.owner);
  await page.goto("/connectors/acumatica");
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");

  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Disconnect Acumatica?" });
  await expect(dialog).toContainText("Orders stop being pushed to Acumatica.");
  await expect(dialog).toContainText("Shipments stop being pulled from Acumatica");
  await expect(dialog).toContainText("The tokens are revoked at the instance and forgotten.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("connection-status")).toContainText("Connected since");

  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("status")).toHaveText("Disconnected. The tokens were revoked and forgotten.");
  await expect(page.getByTestId("connection-status")).toContainText("Not connected");
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Disconnect" })).toHaveCount(0);
});

test("the first Save reports a missing secret together with the other field errors, each once", async ({ context, page }) => {
  // The other workspace has no Acumatica settings yet, so no secret is stored.
  await signInContext(context, E2E_USERS.other);
  await page.goto("/connectors/acumatica");
  await page.waitForLoadState("networkidle");
  const url = page.getByLabel("API URL");
  const clientId = page.getByLabel("API Client ID");
  const secret = page.getByLabel("API Client Secret");
  await url.fill("erp.example.com");
  await clientId.fill("my-client");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  const urlError = "Enter a full URL starting with https://, e.g. https://server_name/instance_name";
  const idError = "The API Client ID looks like GUID@Tenant, e.g. 6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company";
  const secretError = "Enter the API Client Secret of your Connected Application";
  for (const text of [urlError, idError, secretError]) await expect(page.getByText(text, { exact: true })).toHaveCount(1);
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(clientId).toHaveAttribute("aria-invalid", "true");
  await expect(secret).toHaveAttribute("aria-invalid", "true");
  await expect(secret).toHaveAccessibleDescription(endingWith(secretError));
  await expect(clientId).toHaveAccessibleDescription(endingWith(idError));

  // Fixing the shapes still leaves the secret to enter; http:// is accepted by the form.
  await url.fill("http://127.0.0.1:4211/AcumaticaERP");
  await clientId.fill(CLIENT_ID);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(secretError, { exact: true })).toHaveCount(1);
  await expect(page.getByText(idError)).toHaveCount(0);
  await expect(page.getByText(urlError)).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveCount(0);

  await secret.fill(CLIENT_SECRET);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Connection settings saved.");
  await expect(page.getByText(secretError)).toHaveCount(0);
  // With a secret stored, an empty field keeps it.
  await page.reload();
  await expect(page.getByLabel("API Client Secret")).toHaveAttribute("placeholder", "Set — leave empty to keep it");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Connection settings saved.");
});
