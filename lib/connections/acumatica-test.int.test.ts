import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "@/lib/db/schema";
import type { AcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { passwordTokens, startTestSandbox, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import type { RequestContext } from "@/lib/auth/context-types";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { testAcumaticaConnection } from "./acumatica-test";
import type { ConnectionCheck } from "./acumatica-test";
import { acumaticaConnectionSchema } from "./schemas";
import { saveAcumaticaConnection } from "./service";
import { saveGrantTokens } from "./token-store";

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

  it("bad client secret", async () => {
    const c = byId(await testAcumaticaConnection(t.db, await workspaceWith({ clientSecret: "wrong-secret" })));
    expect(c.reachable!.status).toBe("ok");
    expect(c.credentials).toMatchObject({ status: "failed" });
    expect(c.credentials!.detail).toMatch(/rejected the API Client ID or API Client Secret/);
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
      expect(c.token!.status).toBe("ok");
    } finally {
      sandbox.setEndpointPublished("Pipe17", "001", true);
    }
  });
});
