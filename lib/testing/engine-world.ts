import { and, eq, inArray } from "drizzle-orm";
import type { RequestContext } from "@/lib/auth/context-types";
import { connections } from "@/lib/db/schema";
import { completeAcumaticaConnect, startAcumaticaConnect } from "@/lib/connections/acumatica-connect";
import { acumaticaConnectionSchema } from "@/lib/connections/schemas";
import { saveAcumaticaConnection } from "@/lib/connections/service";
import { completeTikTokConnect, startTikTokConnect } from "@/lib/connections/tiktok-connect";
import { listConnections } from "@/lib/connections/queries";
import type { AcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { authorizeLikeBrowser, startTestSandbox as startAcumaticaTestSandbox, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import type { TikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { startTikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { env, resetEnvForTests, TIKTOK_SANDBOX_APP } from "@/lib/env";
import { bossForDb, stopBossForDb, withJobTransaction } from "@/lib/jobs/transaction";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import type { TestDatabase } from "./test-db";
import { createTestDatabase } from "./test-db";
import { seedWorkspace } from "./fixtures";

/**
 * The whole path for engine tests: a test database, both sandboxes on free
 * ports (the app's TikTok settings pointed at this file's TikTok sandbox), and
 * helpers to connect both sides the way a merchant does (Connect on each).
 */
export interface EngineWorld {
  t: TestDatabase;
  acumatica: AcumaticaSandbox;
  tiktok: TikTokSandbox;
  deps(over?: Partial<EngineDeps>): EngineDeps;
  /** A workspace with Acumatica and the given TikTok shops connected. */
  merchant(name: string, shops?: Array<"US" | "UK" | "DE">): Promise<{ ctx: RequestContext; shops: Record<string, string> }>;
  close(): Promise<void>;
}

let seq = 0;

export async function startEngineWorld(opts: { acumatica?: Parameters<typeof startAcumaticaTestSandbox>[0]; webhookSchedule?: number[] } = {}): Promise<EngineWorld> {
  const tiktok = await startTikTokSandbox({
    port: 0,
    ...TIKTOK_SANDBOX_APP,
    redirectUri: "http://localhost:3000/api/connectors/tiktok-shop/callback",
    webhookSchedule: opts.webhookSchedule ?? [60_000],
  });
  // The sandboxes listen on loopback: allowed through the operator list, as `npm run dev` does.
  process.env.OUTBOUND_ALLOWED_HOSTS ??= "127.0.0.1,localhost";
  process.env.TIKTOK_SHOP_API_URL = tiktok.url;
  process.env.TIKTOK_SHOP_AUTH_URL = tiktok.url;
  process.env.TIKTOK_SHOP_AUTHORIZE_URL = `${tiktok.url}/oauth/authorize`;
  resetEnvForTests();
  const [t, acumatica] = await Promise.all([createTestDatabase(), startAcumaticaTestSandbox(opts.acumatica)]);
  const world: EngineWorld = {
    t,
    acumatica,
    tiktok,
    deps: (over = {}) => ({ db: t.db, transaction: (fn) => withJobTransaction(t.db, fn), settleMs: 0, ...over }),
    async merchant(name, shops = ["US"]) {
      const n = ++seq;
      const ctx = await seedWorkspace(t.db, { name, email: `owner-${n}-${Date.now()}@engine.test` });
      await saveAcumaticaConnection(
        t.db,
        ctx,
        acumaticaConnectionSchema.parse({ apiUrl: acumatica.url, endpoint: "Default/24.200.001", clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret }),
      );
      const back = await authorizeLikeBrowser(acumatica, (await startAcumaticaConnect(t.db, ctx)).authorizeUrl);
      await completeAcumaticaConnect(t.db, ctx, back.searchParams);
      // A shop is connected to one workspace at a time: earlier tests' merchants let go of it first.
      await t.db
        .update(connections)
        .set({ status: "not_connected" })
        .where(and(eq(connections.provider, "tiktok_shop"), inArray(connections.externalId, shops.map((s) => shopFixture(s).id))));
      const { authorizeUrl } = await startTikTokConnect(t.db, ctx);
      const form = new URLSearchParams({ service_id: env().tiktok.serviceId, state: new URL(authorizeUrl).searchParams.get("state")!, decision: "authorize" });
      for (const s of shops) form.append("shop_id", shopFixture(s).id);
      const res = await fetch(`${tiktok.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
      await completeTikTokConnect(t.db, ctx, new URL(res.headers.get("location")!).searchParams);
      const conns = await listConnections(t.db, ctx.workspaceId, "tiktok_shop");
      return { ctx, shops: Object.fromEntries(shops.map((s) => [s, conns.find((c) => c.externalId === shopFixture(s).id)!.id])) };
    },
    async close() {
      await stopBossForDb(t.db);
      await Promise.allSettled([acumatica.close(), tiktok.close()]);
      await t.close();
    },
  };
  return world;
}

/** The order settings of Steps 4, 6, 7, 8 as a merchant fills them for the sandboxes. */
export async function configureOrders(db: TestDatabase["db"], ctx: RequestContext, over: { sync?: Record<string, unknown>; shipVia?: Record<string, string> } = {}) {
  const us = shopFixture("US");
  await saveOrderSettingsSection(db, ctx, "customer", { strategy: "generic", genericCustomerId: "TIKTOK" });
  await saveOrderSettingsSection(db, ctx, "mapping", {
    shipVia: over.shipVia ?? Object.fromEntries(us.deliveryOptions.map((d) => [d.id, "UPSGROUND"])),
    paymentMethod: "TTS",
  });
  await saveOrderSettingsSection(db, ctx, "sync", {
    pushOrders: true,
    pushCanceledOrders: true,
    allowRefunds: false,
    limitToSources: false,
    sources: [],
    markSentToFulfillment: true,
    ...over.sync,
  } as never);
}

/**
 * Works the queues like a worker would, until nothing due is left (jobs
 * scheduled for later stay queued): fetch through pg-boss, run each job's
 * handler with the registry's batch semantics, complete or fail it. Returns
 * the number of jobs run per queue.
 */
export async function drainQueues(db: TestDatabase["db"], opts: { maxRounds?: number; only?: string[] } = {}): Promise<Record<string, number>> {
  const { JOB_REGISTRY } = await import("@/lib/sync/jobs/registry");
  const { runBatch } = await import("@/lib/jobs/worker");
  const boss = await bossForDb(db);
  const ran: Record<string, number> = {};
  for (let round = 0; round < (opts.maxRounds ?? 20); round++) {
    let any = false;
    for (const def of JOB_REGISTRY) {
      if (opts.only && !opts.only.includes(def.name)) continue;
      const jobs = await boss.fetch<Record<string, unknown>>(def.name, { batchSize: def.options.batchSize ?? 10, includeMetadata: true });
      if (!jobs.length) continue;
      any = true;
      ran[def.name] = (ran[def.name] ?? 0) + jobs.length;
      const failures = await runBatch(def, jobs.map((j) => ({ id: j.id, name: j.name, data: j.data, finalAttempt: j.retryCount >= j.retryLimit })), { db, boss });
      for (const [id, err] of failures) await boss.fail(def.name, id, { message: err instanceof Error ? err.message : String(err) });
      const done = jobs.map((j) => j.id).filter((id) => !failures.has(id));
      if (done.length) await boss.complete(def.name, done);
    }
    if (!any) break;
  }
  return ran;
}
