import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, connections } from "@/lib/db/schema";
import { seedWorkspace } from "@/lib/testing/fixtures";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { parseStoredSettings, tiktokShopSettingsSchema } from "./stored-settings";
import { updateTikTokBuyerRequests } from "./tiktok-buyer-requests";

/** The Buyer requests settings of a shop: stored in its connection's settings, saved with audit, by owners and admins only. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(() => t?.close());

async function shop(workspaceId: string, status: "connected" | "not_connected" = "connected") {
  const [row] = await t.db
    .insert(connections)
    .values({ workspaceId, provider: "tiktok_shop", externalId: `shop-${Math.random().toString(36).slice(2)}`, displayName: "Test shop", status, settings: { region: "US", pullOrders: true } })
    .returning();
  return row!;
}

describe("Buyer requests settings", () => {
  it("default to Leave to Seller Center for shops saved before they existed", () => {
    expect(parseStoredSettings(tiktokShopSettingsSchema, { region: "US" }, "test")).toMatchObject({ buyerCancellations: "leave", buyerReturns: "leave" });
  });

  it("an owner saves them into the shop's settings (other settings kept), with an audit row", async () => {
    const owner = await seedWorkspace(t.db, { name: "Owner ws", email: "owner@buyer-requests.test" });
    const row = await shop(owner.workspaceId);
    await updateTikTokBuyerRequests(t.db, owner, { connectionId: row.id, buyerCancellations: "approveIfNotShipped", buyerReturns: "approve" });
    const [after] = await t.db.select().from(connections).where(eq(connections.id, row.id));
    expect(after!.settings).toMatchObject({ region: "US", pullOrders: true, buyerCancellations: "approveIfNotShipped", buyerReturns: "approve" });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, owner.workspaceId), eq(auditLog.action, "connection.tiktok_shop.buyer_requests")));
    expect(audit).toMatchObject({ target: row.id, actorUserId: owner.userId, details: { from: { buyerCancellations: "leave", buyerReturns: "leave" }, to: { buyerCancellations: "approveIfNotShipped", buyerReturns: "approve" } } });
  });

  it("a viewer cannot change them; another workspace's shop and a disconnected shop are refused", async () => {
    const viewer = await seedWorkspace(t.db, { name: "Viewer ws", email: "viewer@buyer-requests.test", role: "viewer" });
    const row = await shop(viewer.workspaceId);
    await expect(updateTikTokBuyerRequests(t.db, viewer, { connectionId: row.id, buyerCancellations: "approveIfNotShipped", buyerReturns: "leave" })).rejects.toMatchObject({ code: "forbidden" });
    const admin = await seedWorkspace(t.db, { name: "Admin ws", email: "admin@buyer-requests.test", role: "admin" });
    await expect(updateTikTokBuyerRequests(t.db, admin, { connectionId: row.id, buyerCancellations: "leave", buyerReturns: "approve" })).rejects.toMatchObject({ code: "not_found" });
    const off = await shop(admin.workspaceId, "not_connected");
    await expect(updateTikTokBuyerRequests(t.db, admin, { connectionId: off.id, buyerCancellations: "leave", buyerReturns: "approve" })).rejects.toMatchObject({ code: "validation" });
    const mine = await shop(admin.workspaceId);
    await updateTikTokBuyerRequests(t.db, admin, { connectionId: mine.id, buyerCancellations: "leave", buyerReturns: "approve" });
    expect((await t.db.select().from(connections).where(eq(connections.id, mine.id)))[0]!.settings).toMatchObject({ buyerReturns: "approve" });
  });
});
