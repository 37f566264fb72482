import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { and, eq, inArray } from "drizzle-orm";
import { locationChannelWarehouses, locations, productListings, products } from "@/lib/db/schema";
import { callOperator } from "@/lib/connectors/acumatica/sandbox/testing";
import { listRecords } from "@/lib/connectors/acumatica/sandbox/store";
import { shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { updateTikTokShopToggles } from "@/lib/connections/tiktok-connect";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";
import { pullInventory } from "@/lib/sync/inventory/pull-inventory";
import { pushInventoryToTikTok } from "@/lib/sync/inventory/push-tiktok";
import { syncLocations } from "@/lib/sync/locations/sync-locations";
import { startEngineWorld } from "@/lib/testing/engine-world";

type Report = (name: string, value: string) => void;

/** Heap in use after a full collection (with --expose-gc; otherwise as it stands): flat across runs means no leak. */
const heapAfterGcMiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const peakRssMiB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;

/**
 * The inventory scenario of `npm run bench` (BENCH_INVENTORY=1): `n` stock items stocked in two warehouses
 * (WHOLESALE, EAST), each a hub product and a TikTok SKU (100 SKUs per TikTok product, linked listings) of a shop
 * whose two TikTok warehouses are mapped to them. Measured: the first inventory pull (items/s, Acumatica calls),
 * the first push of every level to TikTok Shop (calls), then a tenth of the items changed in Acumatica: the
 * incremental pull and the push of only those changes. The Acumatica licence pace is lifted (the engine is
 * measured; at the default 10 requests/s the call counts give the wall time); TikTok's client keeps its 20 calls/s.
 * Peak RSS is this process's, sandboxes included.
 */
export async function benchInventory(report: Report, opts: { n: number }) {
  const w = await startEngineWorld({ acumatica: { limits: { requestsPerMinute: 1_000_000, maxConcurrentRequests: 100 } } });
  const deps = w.deps({ clientOptions: { budget: { perSecond: 100_000, burst: 100_000, concurrency: 16 }, maxConcurrency: 16 } });
  try {
    const { ctx, shops } = await w.merchant("Bench inventory", ["US"]);
    const shop = shops.US!;
    const store = w.acumatica.store();
    for (let made = 0; made < opts.n; made += 5_000) await callOperator(w.acumatica, "POST", "/items/bulk", { count: Math.min(5_000, opts.n - made), prefix: "INV" });
    const items = listRecords(store, "StockItem").filter((i) => String(i.InventoryID).startsWith("INV-"));
    items.forEach((item, k) => {
      item.WarehouseDetails = [
        { id: crypto.randomUUID(), WarehouseID: "WHOLESALE", QtyOnHand: (k % 50) + 1, IsDefault: true, Status: "Active" },
        { id: crypto.randomUUID(), WarehouseID: "EAST", QtyOnHand: (k % 30) + 1, IsDefault: false, Status: "Active" },
      ];
      item._qtyModified = store.now();
    });
    await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: true, locations: "pull" });
    const setup = performance.now();
    await pullProducts(deps, { workspaceId: ctx.workspaceId });
    report("  set-up: catalog pulled", `${((performance.now() - setup) / 1000).toFixed(1)} s`);
    await syncLocations(deps, { workspaceId: ctx.workspaceId });
    const us = shopFixture("US");
    const loc = new Map((await w.t.db.select().from(locations).where(eq(locations.workspaceId, ctx.workspaceId))).map((l) => [l.code, l.id]));
    const main = us.warehouses.find((x) => x.key === "main")!.id;
    const east = us.warehouses.find((x) => x.key === "east")!.id;
    await w.t.db.update(locationChannelWarehouses).set({ locationId: loc.get("WHOLESALE")! }).where(and(eq(locationChannelWarehouses.connectionId, shop), eq(locationChannelWarehouses.tiktokWarehouseId, main)));
    await w.t.db.update(locationChannelWarehouses).set({ locationId: loc.get("EAST")! }).where(and(eq(locationChannelWarehouses.connectionId, shop), eq(locationChannelWarehouses.tiktokWarehouseId, east)));

    // TikTok: 100 SKUs per product, listed and linked in the hub.
    const state = w.tiktok.state();
    const hub = await w.t.db.select({ id: products.id, sku: products.sku }).from(products).where(and(eq(products.workspaceId, ctx.workspaceId), inArray(products.sku, items.map((i) => String(i.InventoryID)))));
    const links: Array<typeof productListings.$inferInsert> = [];
    for (let i = 0; i < hub.length; i += 100) {
      const productId = `79${String(1_000_000 + i).padStart(17, "0")}`;
      const skus = hub.slice(i, i + 100).map((h, j) => {
        const skuId = `78${String(1_000_000 + i + j).padStart(17, "0")}`;
        links.push({ workspaceId: ctx.workspaceId, productId: h.id, connectionId: shop, tiktokProductId: productId, tiktokSkuId: skuId, status: "linked" });
        return { id: skuId, productId, sellerSku: h.sku, name: h.sku, priceCents: 1000, inventory: { [main]: 0, [east]: 0 } };
      });
      const now = Math.floor(Date.now() / 1000);
      state.products.set(productId, { id: productId, shopId: us.id, title: `Bench ${i}`, description: "", categoryId: "600001", status: "ACTIVATE", createTime: now, updateTime: now, skus, createdByApi: false });
    }
    for (let i = 0; i < links.length; i += 1000) await w.t.db.insert(productListings).values(links.slice(i, i + 1000));

    await saveOrderSettingsSection(w.t.db, ctx, "catalog", { inventory: "pull" });
    const pull = async (label: string, mode: "incremental" | "full" = "incremental") => {
      const t0 = performance.now();
      const c = await pullInventory(deps, { workspaceId: ctx.workspaceId, mode }, { overlapMs: 0 });
      const s = (performance.now() - t0) / 1000;
      if ("skipped" in c) throw new Error(c.skipped);
      report(label, `${(c.read / s).toFixed(0)} items/s (${c.read.toLocaleString("en")} items × 2 warehouses, ${s.toFixed(1)} s, ${c.calls} Acumatica calls, ${c.summaries} summaries, ${(c.levelsCreated + c.levelsChanged).toLocaleString("en")} levels written)`);
      const gc = typeof (globalThis as { gc?: unknown }).gc === "function" ? "after GC" : "(run with NODE_OPTIONS=--expose-gc to collect first)";
      report("  memory", `peak RSS ${peakRssMiB().toFixed(0)} MiB, heap ${gc} ${heapAfterGcMiB().toFixed(0)} MiB (this process, sandboxes included)`);
    };
    const push = async (label: string) => {
      const t0 = performance.now();
      const c = await pushInventoryToTikTok(deps, { workspaceId: ctx.workspaceId, connectionId: shop });
      const s = (performance.now() - t0) / 1000;
      if ("skipped" in c) throw new Error(c.skipped);
      report(label, `${(c.sent / s).toFixed(0)} SKUs/s (${c.sent.toLocaleString("en")} SKUs, ${s.toFixed(1)} s, ${c.calls} TikTok calls, ${c.refused} refused)`);
    };
    await pull(`inventory pull, first, ${opts.n.toLocaleString("en")} SKUs`);
    await updateTikTokShopToggles(w.t.db, ctx, { connectionId: shop, pullOrders: false, pushFulfillments: false, pushProducts: false, pushInventory: true });
    await push(`TikTok inventory push, first (every level)`);
    // A tenth of the items change in Acumatica.
    const tenth = Math.max(1, Math.floor(items.length / 10));
    for (const item of items.slice(0, tenth)) {
      const rows = item.WarehouseDetails as Array<{ QtyOnHand: number }>;
      rows[0]!.QtyOnHand += 7;
      item._qtyModified = store.now();
    }
    await pull(`inventory pull, ${tenth.toLocaleString("en")} changed items`);
    await push(`TikTok inventory push, the changes only`);
    await pull(`Force inventory resync, ${opts.n.toLocaleString("en")} SKUs (all re-read)`, "full");
    await pull(`Force inventory resync, again`, "full");
  } finally {
    await w.close();
  }
}
