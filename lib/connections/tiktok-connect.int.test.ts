import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, oauthTokens, webhookEvents } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { createBoss, ensureQueues } from "@/lib/jobs/boss";
import type { RequestContext } from "@/lib/auth/context-types";
import { shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import type { TikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { startTikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { tiktokSandboxOptionsFromEnv } from "@/lib/connectors/tiktok-shop/sandbox/config";
import { parseWebhookEvent } from "@/lib/connectors/tiktok-shop/webhook";
import { JOB_REGISTRY } from "@/lib/sync/jobs/registry";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { recordTikTokWebhook } from "@/lib/webhooks/tiktok-intake";
import { listConnections } from "./queries";
import { completeTikTokConnect, disconnectTikTokShop, startTikTokConnect, updateTikTokShopToggles } from "./tiktok-connect";

let t: TestDatabase;
let sandbox: TikTokSandbox;
let boss: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  sandbox = await startTikTokSandbox({ ...tiktokSandboxOptionsFromEnv(env()), webhookSchedule: [60_000] });
  boss = createBoss(t.url, { supervise: false });
  await boss.start();
  await ensureQueues(boss, JOB_REGISTRY);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await sandbox?.close();
  await t?.close();
});

/** Connect as the merchant does it: start, approve the chosen shops on the sandbox page, finish with the redirect. */
async function connect(ctx: RequestContext, shops: Array<"US" | "UK" | "DE">) {
  const { authorizeUrl } = await startTikTokConnect(t.db, ctx);
  const state = new URL(authorizeUrl).searchParams.get("state")!;
  const form = new URLSearchParams({ service_id: env().tiktok.serviceId, state, decision: "authorize" });
  for (const s of shops) form.append("shop_id", shopFixture(s).id);
  const res = await fetch(`${sandbox.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
  return completeTikTokConnect(t.db, ctx, new URL(res.headers.get("location")!).searchParams);
}

describe("TikTok Shop Connect across workspaces", () => {
  it("connects one shop to one workspace at a time, and lets another take it once disconnected", async () => {
    const a = await seedWorkspace(t.db, { name: "A", email: "a@tts.test" });
    const b = await seedWorkspace(t.db, { name: "B", email: "b@tts.test" });
    expect((await connect(a, ["US", "UK"])).shops).toHaveLength(2);

    await expect(connect(b, ["US"])).rejects.toMatchObject({ code: "conflict", reason: "shop_taken" });
    // Nothing of B's attempt was kept: no token chain, no connection.
    expect(await t.db.select().from(oauthTokens).where(eq(oauthTokens.workspaceId, b.workspaceId))).toHaveLength(0);
    expect(await listConnections(t.db, b.workspaceId, "tiktok_shop")).toHaveLength(0);

    const aUs = (await listConnections(t.db, a.workspaceId, "tiktok_shop")).find((c) => c.externalId === shopFixture("US").id)!;
    // B cannot change or disconnect A's shop.
    await expect(updateTikTokShopToggles(t.db, b, { connectionId: aUs.id, pullOrders: false, pushFulfillments: false, pushProducts: false })).rejects.toMatchObject({ code: "not_found" });
    await expect(disconnectTikTokShop(t.db, b, aUs.id)).rejects.toMatchObject({ code: "not_found" });

    await disconnectTikTokShop(t.db, a, aUs.id);
    expect((await connect(b, ["US"])).shops).toEqual([shopFixture("US").name]);

    // The US shop's webhooks now route to B; the UK shop's still to A.
    const route = async (shopId: string, n: string) => {
      const { eventId } = await recordTikTokWebhook(
        t.pool,
        boss,
        parseWebhookEvent(`{"type":1,"tts_notification_id":"${n}","shop_id":"${shopId}","timestamp":1790000000,"data":{"order_id":"576461413038785752","order_status":"AWAITING_SHIPMENT"}}`),
      );
      return (await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId!)))[0]!.workspaceId;
    };
    expect(await route(shopFixture("US").id, "7392000000000000501")).toBe(b.workspaceId);
    expect(await route(shopFixture("UK").id, "7392000000000000502")).toBe(a.workspaceId);
  });

  it("refuses product push outside US/UK with the setup guide's sentence", async () => {
    const c = await seedWorkspace(t.db, { name: "C", email: "c@tts.test" });
    await connect(c, ["DE"]);
    const de = (await listConnections(t.db, c.workspaceId, "tiktok_shop"))[0]!;
    expect(de.settings).toMatchObject({ region: "DE", pullOrders: true, pushFulfillments: true, pushProducts: false, webhooksRegistered: true });
    await expect(updateTikTokShopToggles(t.db, c, { connectionId: de.id, pullOrders: true, pushFulfillments: true, pushProducts: true })).rejects.toMatchObject({
      code: "validation",
      message: "TikTok Shop product push is US/UK only. Outside those regions, manage the TikTok catalog directly in TikTok Shop.",
    });
    const [row] = await t.db.select().from(connections).where(eq(connections.id, de.id));
    expect(row!.settings).toMatchObject({ pushProducts: false });
  });
});
