import { expect, hydrated, test } from "./fixtures";
import { E2E_USERS, signInContext } from "./helpers";

test("a viewer sees settings read-only and the server refuses their change", async ({ browser }) => {
  // Capture the rename action's request as an owner sends it from the page…
  const ownerContext = await browser.newContext();
  await signInContext(ownerContext, E2E_USERS.owner);
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto("/settings");
  await hydrated(ownerPage);
  await ownerPage.getByLabel("Workspace name").fill("Owner Co");
  const [actionRequest] = await Promise.all([
    ownerPage.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    ownerPage.getByRole("button", { name: "Save" }).click(),
  ]);
  await expect(ownerPage.getByRole("status")).toHaveText("Workspace name saved.");
  const actionId = actionRequest.headers()["next-action"]!;
  await ownerContext.close();

  const viewerContext = await browser.newContext();
  await signInContext(viewerContext, E2E_USERS.viewer);
  const page = await viewerContext.newPage();
  await page.goto("/settings");
  await expect(page.getByText("You are a viewer in this workspace")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);

  // …then replay it with the viewer's session: the server must refuse.
  const res = await viewerContext.request.post("/settings", {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify([{ name: "Viewer was here" }]),
  });
  const body = await res.text();
  expect(body).toContain("forbidden");
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Workspace name")).toHaveValue("Owner Co");
  await viewerContext.close();
});
