import { describe, expect, it } from "vitest";
import type { Order } from "@/lib/connectors/tiktok-shop/api-types";
import type { HubOrder } from "@/lib/orders/types";
import { isPackageShipped, pickTikTokPackages } from "./tiktok-shipping-packages";

type Unit = { id: string; sku: string; pkg?: string; status?: string };

const tiktokOrder = (units: Unit[]) =>
  ({ line_items: units.map((u) => ({ id: u.id, seller_sku: u.sku, package_id: u.pkg, display_status: u.status ?? "AWAITING_SHIPMENT" })) }) as unknown as Order;

const hubOrder = (lines: Array<{ lineNo: number; sku: string; ids: string[] }>) => ({ lines: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, channelLineIds: l.ids })) }) as unknown as HubOrder;

const hub = hubOrder([
  { lineNo: 1, sku: "MUG", ids: ["m1", "m2"] },
  { lineNo: 2, sku: "CAP", ids: ["c1"] },
]);

describe("the TikTok packages an Acumatica shipment ships", () => {
  it("is the package holding the shipped units", () => {
    const order = tiktokOrder([
      { id: "m1", sku: "MUG", pkg: "P1" },
      { id: "m2", sku: "MUG", pkg: "P1" },
      { id: "c1", sku: "CAP", pkg: "P1" },
    ]);
    expect(pickTikTokPackages(hub, order, [{ lineNo: 1, sku: "MUG", quantity: 2 }, { lineNo: 2, sku: "CAP", quantity: 1 }])).toEqual({ packageIds: ["P1"] });
  });

  it("spans the packages TikTok split the order into, and skips those shipped already", () => {
    const order = tiktokOrder([
      { id: "m1", sku: "MUG", pkg: "P1", status: "AWAITING_COLLECTION" },
      { id: "m2", sku: "MUG", pkg: "P2" },
      { id: "c1", sku: "CAP", pkg: "P3" },
    ]);
    expect(pickTikTokPackages(hub, order, [{ lineNo: 1, sku: "MUG", quantity: 1 }, { lineNo: 2, sku: "CAP", quantity: 1 }])).toEqual({ packageIds: ["P2", "P3"] });
    expect(isPackageShipped(order, "P1")).toBe(true);
    expect(isPackageShipped(order, "P2")).toBe(false);
  });

  it("refuses to ship a package that also holds units Acumatica did not ship", () => {
    const order = tiktokOrder([
      { id: "m1", sku: "MUG", pkg: "P1" },
      { id: "m2", sku: "MUG", pkg: "P1" },
      { id: "c1", sku: "CAP", pkg: "P1" },
    ]);
    const pick = pickTikTokPackages(hub, order, [{ lineNo: 1, sku: "MUG", quantity: 2 }]);
    expect(pick).toMatchObject({ problem: expect.stringContaining("TikTok package P1 also holds 1 unit(s) (CAP)") });
  });

  it("says so when TikTok has fewer unshipped units than Acumatica shipped, or no package yet", () => {
    const shipped = tiktokOrder([
      { id: "m1", sku: "MUG", pkg: "P1", status: "IN_TRANSIT" },
      { id: "m2", sku: "MUG", pkg: "P1", status: "CANCELLED" },
      { id: "c1", sku: "CAP", pkg: "P2" },
    ]);
    expect(pickTikTokPackages(hub, shipped, [{ lineNo: 1, sku: "MUG", quantity: 1 }])).toMatchObject({ problem: expect.stringContaining("0 unshipped unit(s) of MUG") });
    const noPackage = tiktokOrder([{ id: "c1", sku: "CAP" }]);
    expect(pickTikTokPackages(hub, noPackage, [{ lineNo: 2, sku: "CAP", quantity: 1 }])).toMatchObject({ problem: expect.stringContaining("not created the package") });
  });
});
