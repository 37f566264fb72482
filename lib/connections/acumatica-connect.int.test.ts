import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, oauthTokens } from "@/lib/db/schema";
import { refreshAccessToken } from "@/lib/connectors/acumatica/oauth";
import type { AcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { authorizeLikeBrowser, startTestSandbox, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { completeAcumaticaConnect, disconnectAcumatica, startAcumaticaConnect } from "./acumatica-connect";
import { getAcumaticaClient } from "./clients";
import { getConnection } from "./queries";
import { acumaticaConnectionSchema } from "./schemas";
import { saveAcumaticaConnection } from "./service";
import { createDbTokenStore } from "./token-store";

let t: TestDatabase;
let sandbox: AcumaticaSandbox;
beforeAll(async () => {
  [t, sandbox] = await Promise.all([createTestDatabase(), startTestSandbox()]);
});
afterAll(async () => {
  await sandbox?.close();
  await t?.close();
});

const form = () => acumaticaConnectionSchema.parse({ apiUrl: sandbox.url, endpoint: "Default/24.200.001", clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret });

describe("Acumatica Connect through the service layer", () => {
  it("connects with PKCE, uses the stored chain, and on Disconnect revokes it and forgets it", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Connect", email: "connect@acu.test" });
    await saveAcumaticaConnection(t.db, ctx, form());
    const { authorizeUrl } = await startAcumaticaConnect(t.db, ctx);
    expect(new URL(authorizeUrl).searchParams.get("code_challenge_method")).toBe("S256");
    const back = await authorizeLikeBrowser(sandbox, authorizeUrl);
    expect(back.pathname).toBe("/api/connectors/acumatica/callback");
    await completeAcumaticaConnect(t.db, ctx, back.searchParams);

    const view = await getConnection(t.db, ctx.workspaceId, "acumatica");
    expect(view).toMatchObject({ status: "connected", statusMessage: null });
    expect(view!.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const client = await getAcumaticaClient(t.db, ctx.workspaceId);
    expect((await client.warehouses.list()).length).toBeGreaterThanOrEqual(2);

    const [row] = await t.db.select().from(connections).where(eq(connections.workspaceId, ctx.workspaceId));
    const tokens = await createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId: row!.oauthTokenId! }).get();
    await disconnectAcumatica(t.db, ctx);
    expect(await getConnection(t.db, ctx.workspaceId, "acumatica")).toMatchObject({ status: "not_connected", tokenExpiresAt: null });
    expect(await t.db.select().from(oauthTokens).where(eq(oauthTokens.workspaceId, ctx.workspaceId))).toHaveLength(0);
    await expect(
      refreshAccessToken({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, refreshToken: tokens!.refreshToken! }),
    ).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("refuses a callback whose state it did not issue, or issued to someone else", async () => {
    const a = await seedWorkspace(t.db, { name: "A", email: "a@acu.test" });
    const b = await seedWorkspace(t.db, { name: "B", email: "b@acu.test" });
    await saveAcumaticaConnection(t.db, a, form());
    await saveAcumaticaConnection(t.db, b, form());
    await expect(completeAcumaticaConnect(t.db, a, new URLSearchParams({ code: "x", state: "forged" }))).rejects.toMatchObject({ code: "validation" });
    const { authorizeUrl } = await startAcumaticaConnect(t.db, a);
    const back = await authorizeLikeBrowser(sandbox, authorizeUrl);
    await expect(completeAcumaticaConnect(t.db, b, back.searchParams)).rejects.toMatchObject({ code: "validation" });
    expect(await getConnection(t.db, b.workspaceId, "acumatica")).toMatchObject({ status: "not_connected" });
    // The stranger's attempt did not burn the state: its owner still finishes the Connect with it.
    await completeAcumaticaConnect(t.db, a, back.searchParams);
    expect(await getConnection(t.db, a.workspaceId, "acumatica")).toMatchObject({ status: "connected" });
  });

  it("a denied first Connect changes nothing and says so", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Deny", email: "deny@acu.test" });
    await saveAcumaticaConnection(t.db, ctx, form());
    const { authorizeUrl } = await startAcumaticaConnect(t.db, ctx);
    const back = await authorizeLikeBrowser(sandbox, authorizeUrl, "deny");
    await expect(completeAcumaticaConnect(t.db, ctx, back.searchParams)).rejects.toMatchObject({ reason: "denied", message: expect.stringMatching(/cancelled/) });
    expect(await getConnection(t.db, ctx.workspaceId, "acumatica")).toMatchObject({ status: "not_connected", statusMessage: null });
  });

  it("a denied Reconnect leaves the working connection and its tokens as they were", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Reconnect deny", email: "redeny@acu.test" });
    await saveAcumaticaConnection(t.db, ctx, form());
    await completeAcumaticaConnect(t.db, ctx, (await authorizeLikeBrowser(sandbox, (await startAcumaticaConnect(t.db, ctx)).authorizeUrl)).searchParams);
    const [before] = await t.db.select().from(connections).where(eq(connections.workspaceId, ctx.workspaceId));
    const tokensBefore = await createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId: before!.oauthTokenId! }).get();

    const back = await authorizeLikeBrowser(sandbox, (await startAcumaticaConnect(t.db, ctx)).authorizeUrl, "deny");
    await expect(completeAcumaticaConnect(t.db, ctx, back.searchParams)).rejects.toMatchObject({ reason: "denied" });
    const [after] = await t.db.select().from(connections).where(eq(connections.workspaceId, ctx.workspaceId));
    expect(after).toMatchObject({ status: "connected", statusMessage: null, oauthTokenId: before!.oauthTokenId });
    expect(await createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId: after!.oauthTokenId! }).get()).toEqual(tokensBefore);
    // And the connection still works.
    expect((await (await getAcumaticaClient(t.db, ctx.workspaceId)).warehouses.list()).length).toBeGreaterThan(0);
  });

  it("a corrected secret clears a stale error, and an empty secret on the first save is refused", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Fix secret", email: "fix@acu.test" });
    await expect(saveAcumaticaConnection(t.db, ctx, { ...form(), clientSecret: "" })).rejects.toMatchObject({ fieldErrors: { clientSecret: [expect.any(String)] } });
    await saveAcumaticaConnection(t.db, ctx, { ...form(), clientSecret: "wrong" });
    const back = await authorizeLikeBrowser(sandbox, (await startAcumaticaConnect(t.db, ctx)).authorizeUrl);
    await expect(completeAcumaticaConnect(t.db, ctx, back.searchParams)).rejects.toMatchObject({ reason: "failed" });
    expect(await getConnection(t.db, ctx.workspaceId, "acumatica")).toMatchObject({ status: "error", statusMessage: expect.stringMatching(/rejected the API Client ID or API Client Secret/) });
    await saveAcumaticaConnection(t.db, ctx, form());
    expect(await getConnection(t.db, ctx.workspaceId, "acumatica")).toMatchObject({ status: "not_connected", statusMessage: null });
  });

  it("refuses to finish a Connect whose settings were changed meanwhile (the code never goes to the new URL)", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Changed", email: "changed@acu.test" });
    await saveAcumaticaConnection(t.db, ctx, form());
    const { authorizeUrl } = await startAcumaticaConnect(t.db, ctx);
    const back = await authorizeLikeBrowser(sandbox, authorizeUrl);
    await saveAcumaticaConnection(t.db, ctx, acumaticaConnectionSchema.parse({ ...form(), apiUrl: "https://elsewhere.example.com/erp", clientSecret: "" }));
    await expect(completeAcumaticaConnect(t.db, ctx, back.searchParams)).rejects.toThrow(/settings changed while you were signing in/);
    expect(await getConnection(t.db, ctx.workspaceId, "acumatica")).toMatchObject({ status: "not_connected" });
  });
});
