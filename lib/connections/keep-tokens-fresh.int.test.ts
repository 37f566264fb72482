import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, oauthTokens } from "@/lib/db/schema";
import type { AcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { passwordTokens, startTestSandbox as startAcumatica, TEST_APP as ACU_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { revokeToken } from "@/lib/connectors/acumatica/oauth";
import type { TikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { connectSeller, startTestSandbox as startTikTok, TEST_APP as TT_APP } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { keepTokensFresh } from "./keep-tokens-fresh";
import { acumaticaConnectionSchema } from "./schemas";
import { saveAcumaticaConnection } from "./service";
import { createDbTokenStore, saveGrantTokens } from "./token-store";

let t: TestDatabase;
let acu: AcumaticaSandbox;
let tts: TikTokSandbox;
let n = 0;

beforeAll(async () => {
  [t, acu, tts] = await Promise.all([createTestDatabase(), startAcumatica(), startTikTok()]);
});
afterAll(async () => {
  await Promise.all([acu?.close(), tts?.close()]);
  await t?.close();
});

const tiktok = () => ({ authUrl: tts.url, appKey: TT_APP.appKey, appSecret: TT_APP.appSecret });

async function acumaticaConnection() {
  const ctx = await seedWorkspace(t.db, { name: `Keep ${++n}`, email: `keep-${n}@tokens.test` });
  const { id } = await saveAcumaticaConnection(
    t.db,
    ctx,
    acumaticaConnectionSchema.parse({ apiUrl: acu.url, endpoint: "Default/24.200.001", clientId: ACU_APP.clientId, clientSecret: ACU_APP.clientSecret }),
  );
  const tokens = await passwordTokens(acu);
  const tokenId = await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: `k${n}`, tokens });
  await t.db.update(connections).set({ oauthTokenId: tokenId, status: "connected" }).where(eq(connections.id, id));
  // Expiring in five minutes.
  await t.db.update(oauthTokens).set({ accessExpiresAt: sql`now() + interval '5 minutes'` }).where(eq(oauthTokens.id, tokenId));
  return { ctx, id, tokenId, tokens };
}

describe("token upkeep between syncs", () => {
  it("refreshes an Acumatica chain about to expire and leaves a fresh one alone", async () => {
    const a = await acumaticaConnection();
    const before = (await t.db.select().from(oauthTokens).where(eq(oauthTokens.id, a.tokenId)))[0]!;
    const first = await keepTokensFresh(t.db, { tiktok: tiktok() });
    expect(first.refreshed).toBeGreaterThanOrEqual(1);
    const after = (await t.db.select().from(oauthTokens).where(eq(oauthTokens.id, a.tokenId)))[0]!;
    expect(after.version).toBe(before.version + 1);
    expect(after.accessExpiresAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const second = await keepTokensFresh(t.db, { tiktok: tiktok() });
    expect(second.refreshed).toBe(0);
  });

  it("marks a connection whose chain Acumatica refused, so the merchant sees Connect", async () => {
    const a = await acumaticaConnection();
    await revokeToken({ instanceUrl: acu.url, clientId: ACU_APP.clientId, clientSecret: ACU_APP.clientSecret, token: a.tokens.refreshToken!, tokenTypeHint: "refresh_token" });
    const res = await keepTokensFresh(t.db, { tiktok: tiktok() });
    expect(res.lost).toBe(1);
    const [row] = await t.db.select().from(connections).where(eq(connections.id, a.id));
    expect(row).toMatchObject({ status: "error", statusMessage: expect.stringContaining("Click Connect") });
  });

  it("refreshes a TikTok chain once for all the shops that share it, and warns before the authorization ends", async () => {
    const ctx = await seedWorkspace(t.db, { name: "TT", email: "tt@tokens.test" });
    const tokens = await connectSeller(tts);
    const tokenId = await saveGrantTokens(t.db, { workspaceId: ctx.workspaceId, provider: "tiktok_shop", subject: "seller", tokens });
    for (const shop of ["7495000000000000101", "7495000000000000102"]) {
      await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: shop, oauthTokenId: tokenId, status: "connected" });
    }
    await t.db
      .update(oauthTokens)
      .set({ accessExpiresAt: sql`now() + interval '1 minute'`, refreshExpiresAt: sql`now() + interval '3 days'` })
      .where(eq(oauthTokens.id, tokenId));
    const res = await keepTokensFresh(t.db, { tiktok: tiktok() });
    expect(res).toMatchObject({ refreshed: 1, lost: 0, warned: 1 });
    const stored = await createDbTokenStore(t.db, { workspaceId: ctx.workspaceId, tokenId }).get();
    expect(stored!.accessToken).not.toBe(tokens.accessToken);
    const shops = await t.db.select().from(connections).where(eq(connections.oauthTokenId, tokenId));
    expect(shops.map((s) => s.statusMessage)).toEqual([expect.stringContaining("Click Reconnect before then"), expect.stringContaining("Click Reconnect before then")]);
  });
});
