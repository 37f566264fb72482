import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, webhookEvents } from "@/lib/db/schema";
import { createBoss, ensureQueues } from "@/lib/jobs/boss";
import { runJob } from "@/lib/jobs/worker";
import { parseWebhookEvent } from "@/lib/connectors/tiktok-shop/webhook";
import { JOB_REGISTRY } from "@/lib/sync/jobs/registry";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { listWebhookEvents } from "./queries";
import { computeWebhookSignature } from "@/lib/connectors/tiktok-shop/signing";
import { intakeTikTokWebhook, recordTikTokWebhook } from "./tiktok-intake";

let t: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = createBoss(t.url, { supervise: false });
  await boss.start();
  await ensureQueues(boss, JOB_REGISTRY);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await t?.close();
});

const body = (id: string, shopId: string) =>
  `{"type":1,"tts_notification_id":"${id}","shop_id":"${shopId}","timestamp":1790000000,"data":{"order_id":"576461413038785752","order_status":"AWAITING_SHIPMENT","update_time":1790000000}}`;

async function jobsFor(eventId: string) {
  const res = await t.db.execute(sql`select id, data from pgboss.job where name = 'tiktok-shop.process-webhook' and data->>'eventId' = ${eventId}`);
  return res.rows;
}

describe("TikTok Shop webhook intake", () => {
  it("refuses a forged or stale notification and stores nothing; accepts a fresh one", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Replay target", email: "replay@example.com" });
    await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000066", displayName: "US shop", status: "connected" });
    const limits = { appKey: "k", appSecret: "s", maxAgeSec: 900, maxSkewSec: 60 };
    const now = Math.floor(Date.now() / 1000);
    const make = (id: string, ts: number) =>
      `{"type":6,"tts_notification_id":"${id}","shop_id":"7495000000000000066","timestamp":${ts},"data":{"message":"deauthorized"}}`;
    const send = (raw: string, sign = true) =>
      intakeTikTokWebhook(t.pool, boss, { rawBody: Buffer.from(raw), authorization: sign ? computeWebhookSignature("k", "s", raw) : "00" }, limits);

    expect(await send(make("7392000000000000771", now - 3600))).toMatchObject({ status: 400, error: expect.stringMatching(/older than 900 s/) });
    expect(await send(make("7392000000000000772", now + 600))).toMatchObject({ status: 400, error: expect.stringMatching(/future/) });
    expect(await send(make("7392000000000000773", now), false)).toMatchObject({ status: 401 });
    const stored = await t.db.select().from(webhookEvents).where(eq(webhookEvents.shopId, "7495000000000000066"));
    expect(stored).toEqual([]);
    // The seller deauthorization was not applied either.
    const [conn] = await t.db.select().from(connections).where(eq(connections.externalId, "7495000000000000066"));
    expect(conn!.status).toBe("connected");

    const fresh = await send(make("7392000000000000774", now - 30));
    expect(fresh.status).toBe(200);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.shopId, "7495000000000000066"))).toHaveLength(1);
  });

  it("records a delivery once and enqueues one job, even when delivered twice", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Shop owner", email: "hooks@example.com" });
    await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000001", displayName: "US shop" });
    const event = parseWebhookEvent(body("7392000000000000001", "7495000000000000001"));

    const first = await recordTikTokWebhook(t.pool, boss, event);
    const second = await recordTikTokWebhook(t.pool, boss, event);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ eventId: null, duplicate: true });

    const rows = await t.db.select().from(webhookEvents).where(eq(webhookEvents.notificationId, "7392000000000000001"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workspaceId: ctx.workspaceId, topic: "ORDER_STATUS_CHANGE", status: "queued", shopId: "7495000000000000001" });
    // The 18-digit order id survives as a string.
    expect((rows[0]!.payload.data as Record<string, unknown>).order_id).toBe("576461413038785752");
    expect(await jobsFor(first.eventId!)).toHaveLength(1);
    // Only the shop's workspace sees it.
    const stranger = await seedWorkspace(t.db, { name: "Stranger", email: "stranger@example.com" });
    expect((await listWebhookEvents(t.db, ctx.workspaceId, "tiktok_shop")).map((e) => e.id)).toContain(first.eventId);
    expect(await listWebhookEvents(t.db, stranger.workspaceId, "tiktok_shop")).toEqual([]);
  });

  it("keeps an event for an unknown shop but enqueues nothing", async () => {
    const res = await recordTikTokWebhook(t.pool, boss, parseWebhookEvent(body("7392000000000000002", "1111111111111111111")));
    const [row] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, res.eventId!));
    expect(row).toMatchObject({ workspaceId: null, status: "ignored" });
    expect(await jobsFor(res.eventId!)).toHaveLength(0);
  });

  it("rejects a job payload that is not an event id without retrying", async () => {
    const def = JOB_REGISTRY.find((j) => j.name === "tiktok-shop.process-webhook")!;
    await expect(runJob(def, { id: "x", name: def.name, data: { eventId: "not-a-uuid" } }, t.db)).resolves.toMatchObject({ permanentFailure: expect.stringContaining("eventId") });
  });

  it("marks the shop deauthorized, and records an upcoming expiry, when the worker runs those events", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Deauth", email: "deauth@example.com" });
    const [conn] = await t.db
      .insert(connections)
      .values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000009", status: "connected" })
      .returning();
    const def = JOB_REGISTRY.find((j) => j.name === "tiktok-shop.process-webhook")!;
    const deliver = async (raw: string) => {
      const { eventId } = await recordTikTokWebhook(t.pool, boss, parseWebhookEvent(raw));
      await runJob(def, { id: "job", name: def.name, data: { eventId } }, t.db);
      return (await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId!)))[0]!;
    };
    const expiring = await deliver(`{"type":7,"tts_notification_id":"7392000000000000031","shop_id":"7495000000000000009","timestamp":1790000000,"data":{"message":"soon","expiration_time":1795000000}}`);
    expect(expiring.status).toBe("processed");
    let [row] = await t.db.select().from(connections).where(eq(connections.id, conn!.id));
    expect(row).toMatchObject({ status: "connected", statusMessage: expect.stringContaining("Click Reconnect before then") });

    await deliver(`{"type":6,"tts_notification_id":"7392000000000000032","shop_id":"7495000000000000009","timestamp":1790000001,"data":{"message":"deauthorized"}}`);
    [row] = await t.db.select().from(connections).where(eq(connections.id, conn!.id));
    expect(row).toMatchObject({ status: "deauthorized", statusMessage: expect.stringContaining("Reconnect") });
  });

  it("keeps but does not work the events of a disconnected shop", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Gone", email: "gone@example.com" });
    await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000077", status: "not_connected" });
    const def = JOB_REGISTRY.find((j) => j.name === "tiktok-shop.process-webhook")!;
    const { eventId } = await recordTikTokWebhook(t.pool, boss, parseWebhookEvent(body("7392000000000000077", "7495000000000000077")));
    await expect(runJob(def, { id: "job", name: def.name, data: { eventId } }, t.db)).resolves.toEqual({});
    const [row] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId!));
    expect(row).toMatchObject({ status: "ignored", statusMessage: expect.stringContaining("not connected") });
  });

  it("marks an event failed, with the reason, when its job gives up", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Fails", email: "fails@example.com" });
    // Connected, but with no token chain: the order cannot be read.
    await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000088", status: "connected" });
    const def = JOB_REGISTRY.find((j) => j.name === "tiktok-shop.process-webhook")!;
    const { eventId } = await recordTikTokWebhook(t.pool, boss, parseWebhookEvent(body("7392000000000000088", "7495000000000000088")));
    const res = await runJob(def, { id: "job", name: def.name, data: { eventId }, finalAttempt: false }, t.db);
    expect(res.permanentFailure).toMatch(/not connected/);
    const [row] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId!));
    expect(row).toMatchObject({ status: "failed", statusMessage: expect.stringMatching(/not connected/) });
  });
});
