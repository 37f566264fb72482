import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "@/lib/db/schema";
import type { AcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { passwordTokens, startTestSandbox, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import type { RequestContext } from "@/lib/auth/context-types";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { addToWorkspace, seedWorkspace } from "@/lib/testing/fixtures";
import { revokeToken } from "@/lib/connectors/acumatica/oauth";
import { testAcumaticaConnection } from "./acumatica-test";
import type { ConnectionCheck } from "./acumatica-test";
import { acumaticaConnectionSchema } from "./schemas";
import { saveAcumaticaConnection } from "./service";
import { createDbTokenStore, saveGrantTokens } from "./token-store";

let t: TestDatabase;
let sandbox: AcumaticaSandbox;
let n = 0;

beforeAll(async () => {
  [t, sandbox] = await Promise.all([createTestDatabase(), startTestSandbox()]);
});
afterAll(async () => {
  await sandbox?.close();
  await t?.close();
});

async function workspaceWith(over: Partial<{ apiUrl: string; endpoint: string; clientId: string; clientSecret: string }>, connected = false): Promise<RequestContext> {
  const ctx = await seedWorkspace(t.db, { name: `WS ${++n}`, email: `test-${n}@conn.test` });
  const form = acumaticaConnectionSchema.parse({ apiUrl: sandbox.url, endpoint: "Default/24.200.001", clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, ...over });
  const { id } = await saveAcumaticaConnection(t.db, ctx, form);
  if (connected) {
    const tokenId = await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: `s${n}`, tokens: await passwordTokens(sandbox) });
    await t.db.update(connections).set({ oauthTokenId: tokenId, status: "connected" }).where(eq(connections.id, id));
  }
  return ctx;
}

const byId = (checks: ConnectionCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe("Test connection names the troubleshooting case that applies", () => {
  it("all checks pass on a good, connected setup", async () => {
    const checks = await testAcumaticaConnection(t.db, await workspaceWith({}, true));
    expect(checks.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("wrong URL", async () => {
    const c = byId(await testAcumaticaConnection(t.db, await workspaceWith({ apiUrl: `${sandbox.origin}/WrongInstance` })));
    expect(c.reachable).toMatchObject({ status: "failed" });
    expect(c.reachable!.detail).toMatch(/No Acumatica instance answers/);
    expect(c.credentials!.status).toBe("skipped");
  });

  it("bad client secret: proven by renewing the stored authorization, never with a made-up token", async () => {
    const c = byId(await testAcumaticaConnection(t.db, await workspaceWith({ clientSecret: "wrong-secret" }, true)));
    expect(c.reachable!.status).toBe("ok");
    expect(c.credentials).toMatchObject({ status: "failed" });
    expect(c.credentials!.detail).toMatch(/rejected the API Client ID or API Client Secret/);
    // Before the first Connect there is nothing to renew: the code exchange checks the secret.
    const fresh = byId(await testAcumaticaConnection(t.db, await workspaceWith({ clientSecret: "wrong-secret" })));
    expect(fresh.credentials).toMatchObject({ status: "skipped", detail: expect.stringMatching(/when you click Connect/) });
  });

  it("an expired or revoked authorization is not reported as working", async () => {
    const ctx = await workspaceWith({}, true);
    const [row] = await t.db.select().from(connections).where(eq(connections.workspaceId, ctx.workspaceId));
    // The chain dies at the instance (revoked, or past its lifetime) while the app still holds it.
    const tokens = await createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId: row!.oauthTokenId! }).get();
    await revokeToken({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, token: tokens!.refreshToken!, tokenTypeHint: "refresh_token" });
    await revokeToken({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, token: tokens!.accessToken, tokenTypeHint: "access_token" });
    const c = byId(await testAcumaticaConnection(t.db, ctx));
    expect(c.credentials!.status).toBe("ok");
    expect(c.token).toMatchObject({ status: "failed" });
    expect(c.token!.detail).toMatch(/no longer valid|Reconnect|Connect/);
  });

  it("requires the permission to change connector settings", async () => {
    const owner = await workspaceWith({}, true);
    const viewer = await addToWorkspace(t.db, await seedWorkspace(t.db, { name: "Viewer home", email: `viewer-${++n}@conn.test` }), owner.workspaceId, "viewer");
    await expect(testAcumaticaConnection(t.db, viewer)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses a private or metadata address without probing it, and says only which case applies", async () => {
    for (const apiUrl of ["https://169.254.169.254/AcumaticaERP", "http://10.0.0.1/AcumaticaERP", "https://[fd00:ec2::254]/AcumaticaERP"]) {
      const ctx = await workspaceWith({});
      // Stored directly (as if saved before a policy change): the save itself refuses these, see below.
      await t.db.update(connections).set({ settings: { apiUrl, endpoint: "Default/24.200.001", clientId: TEST_APP.clientId } }).where(eq(connections.workspaceId, ctx.workspaceId));
      const c = byId(await testAcumaticaConnection(t.db, ctx));
      expect(c.reachable).toMatchObject({ status: "failed" });
      expect(c.reachable!.detail).toMatch(/private or reserved network address|must start with https/);
      expect(c.reachable!.detail).not.toMatch(/169\.254|10\.0\.0\.1|fd00|HTTP \d/);
    }
    const ctx = await seedWorkspace(t.db, { name: `WS ${++n}`, email: `test-${n}@conn.test` });
    for (const apiUrl of ["https://169.254.169.254/AcumaticaERP", "http://192.168.1.20/AcumaticaERP", "http://erp.example.com/AcumaticaERP"]) {
      const form = acumaticaConnectionSchema.parse({ apiUrl, endpoint: "Default/24.200.001", clientId: TEST_APP.clientId, clientSecret: "s" });
      await expect(saveAcumaticaConnection(t.db, ctx, form)).rejects.toMatchObject({ code: "validation", fieldErrors: { apiUrl: [expect.any(String)] } });
    }
  });

  it("an API URL that redirects is reported as such, and the redirect is not followed", async () => {
    const hits: string[] = [];
    const redirector = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/AcumaticaERP`;
      const c = byId(await testAcumaticaConnection(t.db, await workspaceWith({ apiUrl: url })));
      expect(c.reachable).toMatchObject({ status: "failed", detail: "The API URL redirects to http://169.254.169.254/latest/meta-data/; enter the final URL." });
      expect(hits).toEqual(["/AcumaticaERP/identity/.well-known/openid-configuration"]);
    } finally {
      await new Promise<void>((r) => redirector.close(() => r()));
    }
  });

  it("redirect URI not registered on the Connected Application", async () => {
    const other = await startTestSandbox({ connectedApps: [{ ...TEST_APP, redirectUris: ["https://elsewhere.example.com/callback"] }] });
    try {
      const c = byId(await testAcumaticaConnection(t.db, await workspaceWith({ apiUrl: other.url })));
      expect(c.redirect_uri).toMatchObject({ status: "failed" });
      expect(c.redirect_uri!.detail).toMatch(/does not list http:\/\/localhost:3000\/api\/connectors\/acumatica\/callback/);
    } finally {
      await other.close();
    }
  });

  it("endpoint not published", async () => {
    sandbox.setEndpointPublished("Pipe17", "001", false);
    try {
      const c = byId(await testAcumaticaConnection(t.db, await workspaceWith({ endpoint: "Pipe17/001" }, true)));
      expect(c.endpoint).toMatchObject({ status: "failed" });
      expect(c.endpoint!.detail).toMatch(/not published/);
      expect(c.token!.status).toBe("skipped");
    } finally {
      sandbox.setEndpointPublished("Pipe17", "001", true);
    }
  });
});
