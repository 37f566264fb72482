import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauthTokens } from "@/lib/db/schema";
import type { AcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { passwordTokens, startTestSandbox, TEST_APP, testClient } from "@/lib/connectors/acumatica/sandbox/testing";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { createDbTokenStore, saveGrantTokens } from "./token-store";

const run = promisify(execFile);
let t: TestDatabase;
let sandbox: AcumaticaSandbox;

beforeAll(async () => {
  [t, sandbox] = await Promise.all([createTestDatabase(), startTestSandbox()]);
});
afterAll(async () => {
  await sandbox?.close();
  await t?.close();
});

describe("token chain shared by worker processes", () => {
  it("two processes refreshing the same chain concurrently keep one valid chain", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Race", email: "race@example.com" });
    const tokenId = await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: "race", tokens: await passwordTokens(sandbox) });
    const config = {
      databaseUrl: t.url,
      instanceUrl: sandbox.url,
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      workspaceId: ctx.workspaceId,
      tokenId,
      rounds: 6,
      startAt: Date.now() + 2_500,
    };
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const worker = path.join(process.cwd(), "lib", "testing", "refresh-race-worker.ts");
    const results = await Promise.all(
      [1, 2].map(async () => JSON.parse((await run(tsx, [worker, JSON.stringify(config)], { env: process.env, timeout: 60_000 })).stdout.trim()) as { calls: number; errors: string[] }),
    );
    // Without the cross-process lock the loser of a race presents a rotated (dead) refresh token and fails.
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.map((r) => r.calls)).toEqual([6, 6]);

    const [row] = await t.db.select().from(oauthTokens).where(eq(oauthTokens.id, tokenId));
    expect(row!.version).toBeGreaterThan(6);
    // The stored chain is still alive: expire it once more and a fresh client refreshes and calls successfully.
    await t.db.update(oauthTokens).set({ accessExpiresAt: sql`now() - interval '1 minute'` }).where(eq(oauthTokens.id, tokenId));
    const { client } = await testClient(sandbox, { tokenStore: createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId }) });
    await expect(client.warehouses.list({ top: 1 })).resolves.toBeDefined();
  });

  it("a token store of one workspace cannot read another workspace's chain", async () => {
    const a = await seedWorkspace(t.db, { name: "A", email: "a@tokens.test" });
    const b = await seedWorkspace(t.db, { name: "B", email: "b@tokens.test" });
    const tokenId = await saveGrantTokens(t.db, { workspaceId: b.workspaceId, provider: "acumatica", subject: "b", tokens: await passwordTokens(sandbox) });
    expect(await createDbTokenStore(t.db, { workspaceId: a.workspaceId, tokenId }).get()).toBeNull();
    expect(await createDbTokenStore(t.db, { workspaceId: b.workspaceId, tokenId }).get()).not.toBeNull();
    const raw = await t.db.execute(sql`select access_token_enc, refresh_token_enc from oauth_tokens where id = ${tokenId}`);
    const stored = await createDbTokenStore(t.db, { workspaceId: b.workspaceId, tokenId }).get();
    expect(JSON.stringify(raw.rows)).not.toContain(stored!.accessToken);
    expect(JSON.stringify(raw.rows)).not.toContain(stored!.refreshToken!);
  });

  it("takes over the lease of a process that died while refreshing", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Dead holder", email: "dead@tokens.test" });
    const tokenId = await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: "dead", tokens: await passwordTokens(sandbox) });
    await t.db
      .update(oauthTokens)
      .set({ refreshLeaseId: "00000000-0000-4000-8000-000000000000", refreshLeaseUntil: sql`now() - interval '1 second'`, accessExpiresAt: sql`now() - interval '1 minute'` })
      .where(eq(oauthTokens.id, tokenId));
    const store = createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId });
    const { client } = await testClient(sandbox, { tokenStore: store });
    await expect(client.warehouses.list({ top: 1 })).resolves.toBeDefined();
    const [row] = await t.db.select().from(oauthTokens).where(eq(oauthTokens.id, tokenId));
    expect(row).toMatchObject({ version: 2, refreshLeaseId: null, refreshLeaseUntil: null });
  });

  it("a reconnect during a refresh wins: the refresh of the old chain does not overwrite the new grant", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Reconnect", email: "reconnect@tokens.test" });
    const tokenId = await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: "same", tokens: await passwordTokens(sandbox) });
    const store = createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId });
    const newGrant = await passwordTokens(sandbox);
    const result = await store.withRefreshLock(async (current) => {
      // The merchant reconnects while this refresh is at the vendor.
      await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: "same", tokens: newGrant });
      return { ...current!, accessToken: "refreshed-old-chain", accessExpiresAt: new Date(Date.now() + 3_600_000) };
    });
    expect(result?.accessToken).toBe(newGrant.accessToken);
    expect((await store.get())?.accessToken).toBe(newGrant.accessToken);
    const [row] = await t.db.select().from(oauthTokens).where(eq(oauthTokens.id, tokenId));
    expect(row).toMatchObject({ refreshLeaseId: null, refreshLeaseUntil: null });
  });
});
