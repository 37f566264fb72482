import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, connections, locationChannelWarehouses, locations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { stopBossForDb } from "@/lib/jobs/transaction";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { addToWorkspace, seedWorkspace } from "@/lib/testing/fixtures";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { listLocations, listWarehouseMappings } from "./queries";
import { addLocationSchema } from "./schemas";
import { addLocation, saveWarehouseMapping } from "./service";

/** Locations: added here only in push mode (code = Acumatica WarehouseID, unique ignoring case); TikTok warehouses mapped per shop; viewers and other workspaces refused. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  if (t) await stopBossForDb(t.db);
  await t?.close();
});

let n = 0;
async function merchant(direction: "off" | "pull" | "push" = "push") {
  n += 1;
  const ctx = await seedWorkspace(t.db, { name: `Locations ${n}`, email: `loc${n}@example.test` });
  await saveOrderSettingsSection(t.db, ctx, "catalog", { locations: direction });
  return ctx;
}
const refused = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe("addLocation", () => {
  it("adds a manual location with an audit row; a code taken in any case is refused naming the code field", async () => {
    const ctx = await merchant();
    const { id } = await addLocation(t.db, ctx, addLocationSchema.parse({ code: "MAIN", name: " Main warehouse " }));
    expect(await listLocations(t.db, ctx.workspaceId)).toEqual([expect.objectContaining({ id, code: "MAIN", name: "Main warehouse", source: "manual", active: true, levels: 0 })]);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "location.add")))).toHaveLength(1);
    const err = await refused(addLocation(t.db, ctx, { code: "main", name: "" }));
    expect(err.fieldErrors).toEqual({ code: ["MAIN is already a location here (Acumatica Warehouse IDs ignore case): pick another code."] });
    // Another workspace may use the same code.
    const other = await merchant();
    await addLocation(t.db, other, { code: "MAIN", name: "" });
  });

  it("validates the code: 1–10 letters, digits, - or _", () => {
    const bad = (code: string) => addLocationSchema.safeParse({ code, name: "" }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(bad("")).toContain("code: Enter the code: the Acumatica Warehouse ID, e.g. MAIN");
    expect(bad("WAREHOUSE-01")).toContain("code: The code is at most 10 characters (an Acumatica Warehouse ID)");
    expect(bad("EAST 2")).toEqual(["code: The code takes letters, digits, - and _ only (no spaces)"]);
    expect(bad("EAST_2-b")).toBeUndefined();
  });

  it("is refused for a viewer, and unless Process locations information is Push locations to Acumatica", async () => {
    const ctx = await merchant("pull");
    const pull = await refused(addLocation(t.db, ctx, { code: "WEST", name: "" }));
    expect(pull.message).toBe("Acumatica is the source: Process locations information is set to Pull locations from Acumatica, so warehouses are added in Acumatica and come in from there.");
    await saveOrderSettingsSection(t.db, ctx, "catalog", { locations: "push" });
    const viewer = await addToWorkspace(t.db, await seedWorkspace(t.db, { name: "Viewer home", email: "locviewer@example.test" }), ctx.workspaceId, "viewer");
    expect((await refused(addLocation(t.db, viewer, { code: "WEST", name: "" }))).code).toBe("forbidden");
    expect(await listLocations(t.db, ctx.workspaceId)).toEqual([]);
  });
});

describe("saveWarehouseMapping", () => {
  it("maps a shop's TikTok warehouses to this workspace's locations; refuses unknown warehouses, foreign locations, foreign shops and viewers", async () => {
    const ctx = await merchant();
    const [shop] = await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "shop-1", displayName: "Northwind US", status: "connected" }).returning();
    await t.db.insert(locationChannelWarehouses).values([
      { workspaceId: ctx.workspaceId, connectionId: shop!.id, tiktokWarehouseId: "7001", tiktokWarehouseName: "US West" },
      { workspaceId: ctx.workspaceId, connectionId: shop!.id, tiktokWarehouseId: "7002", tiktokWarehouseName: "US East" },
    ]);
    const { id: main } = await addLocation(t.db, ctx, { code: "MAIN", name: "" });
    expect(await saveWarehouseMapping(t.db, ctx, { connectionId: shop!.id, mapping: { "7001": main, "7002": "" } })).toEqual({ saved: 1 });
    expect(await listWarehouseMappings(t.db, ctx.workspaceId)).toEqual([
      {
        connectionId: shop!.id,
        shopName: "Northwind US",
        connected: true,
        warehouses: [
          { tiktokWarehouseId: "7002", tiktokWarehouseName: "US East", locationId: null },
          { tiktokWarehouseId: "7001", tiktokWarehouseName: "US West", locationId: main },
        ],
      },
    ]);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "location.warehouse_mapping")))).toHaveLength(1);

    const other = await merchant();
    const { id: foreign } = await addLocation(t.db, other, { code: "ELSE", name: "" });
    expect((await refused(saveWarehouseMapping(t.db, ctx, { connectionId: shop!.id, mapping: { "7002": foreign, "9999": main } }))).fieldErrors).toEqual({
      "mapping.7002": ["That location is not in this workspace. Reload the page."],
      "mapping.9999": ["TikTok warehouse 9999 has not been read from this shop. Reload the page."],
    });
    expect((await refused(saveWarehouseMapping(t.db, other, { connectionId: shop!.id, mapping: {} }))).code).toBe("not_found");
    const viewer = await addToWorkspace(t.db, await seedWorkspace(t.db, { name: "Map viewer", email: "mapviewer@example.test" }), ctx.workspaceId, "viewer");
    expect((await refused(saveWarehouseMapping(t.db, viewer, { connectionId: shop!.id, mapping: { "7002": main } }))).code).toBe("forbidden");
    const [row] = await t.db.select().from(locationChannelWarehouses).where(eq(locationChannelWarehouses.tiktokWarehouseId, "7002"));
    expect(row!.locationId).toBeNull();
    expect(await t.db.select().from(locations).where(eq(locations.workspaceId, ctx.workspaceId))).toHaveLength(1);
  });
});
