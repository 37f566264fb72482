import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATE_ITEMS } from "./fixtures";
import type { AcumaticaSandbox } from "./sandbox/server";
import { callOperator, startTestSandbox, testClient } from "./sandbox/testing";

/**
 * The item master as the catalog pull reads it: matrix templates
 * (`TemplateItems`) beside their variant stock items, the modified stamp each
 * endpoint version offers, and the operator's item controls.
 */
let sandbox: AcumaticaSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe("matrix templates and variants", () => {
  it("lists templates with their Matrix; a variant names its template in TemplateItemID", async () => {
    const { client } = await testClient(sandbox);
    const pages = [];
    for await (const page of client.templateItems.listModifiedSince(undefined, { expand: ["Matrix"] })) pages.push(...page);
    expect(pages.map((t) => t.InventoryID)).toEqual(TEMPLATE_ITEMS.map((t) => t.InventoryID));
    expect(pages[0]!.Matrix?.map((m) => m.InventoryID)).toContain("TSHIRT-RED-L");
    expect(await client.stockItems.get("TSHIRT-RED-L")).toMatchObject({ TemplateItemID: "TSHIRT" });
  });

  it("adds and changes items like a user in Acumatica: the change moves LastModified, a new variant joins its template's Matrix", async () => {
    const { client } = await testClient(sandbox);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await callOperator(sandbox, "POST", "/items", { InventoryID: "TSHIRT-GRN-S", Description: "Classic tee, Green, Small", DefaultPrice: 19.5, TemplateItemID: "TSHIRT", Attributes: { COLOR: "Green", SIZE: "Small" } });
    await callOperator(sandbox, "POST", "/items", { InventoryID: "CANDLE-LAV", ItemStatus: "Inactive" });
    const changed = [];
    for await (const page of client.stockItems.listModifiedSince(since, { expand: ["Attributes"] })) changed.push(...page);
    expect(changed.map((i) => [i.InventoryID, i.ItemStatus])).toEqual([
      ["CANDLE-LAV", "Inactive"],
      ["TSHIRT-GRN-S", "Active"],
    ]);
    expect(changed.find((i) => i.InventoryID === "TSHIRT-GRN-S")!.Attributes?.map((a) => a.Value)).toEqual(["Green", "Small"]);
    const [tee] = await (async () => {
      const out = [];
      for await (const page of client.templateItems.listModifiedSince(undefined, { expand: ["Matrix"] })) out.push(...page);
      return out;
    })();
    expect(tee!.Matrix?.map((m) => m.InventoryID)).toContain("TSHIRT-GRN-S");
    await expect(callOperator(sandbox, "POST", "/items", { InventoryID: "X-1", TemplateItemID: "NOPE" })).rejects.toThrow("Template item NOPE not found");
  });

  it("adds many items at once, some as the variants of new templates, and pages through them", async () => {
    const { client } = await testClient(sandbox);
    const res = await callOperator<{ created: number }>(sandbox, "POST", "/items/bulk", { count: 45, prefix: "BULKT", templateEvery: 2 });
    expect(res.created).toBe(45);
    const bulk = [];
    for await (const page of client.stockItems.listModifiedSince(undefined, { pageSize: 20, filter: "startswith(InventoryID,'BULKT-')" })) bulk.push(...page);
    expect(bulk).toHaveLength(45);
    // Groups of 10: the 1st, 3rd and 5th are variants (templates BULKT-T000001, -T000003, -T000005).
    expect(bulk.filter((i) => i.TemplateItemID).map((i) => i.TemplateItemID)).toEqual([...Array(10).fill("BULKT-T000001"), ...Array(10).fill("BULKT-T000003"), ...Array(5).fill("BULKT-T000005")]);
  });
});

describe("the modified stamp per endpoint version", () => {
  it("filters on LastModifiedDateTime on Default/24.200.001 and on LastModified elsewhere (e.g. Pipe17/001)", async () => {
    const { client: v24 } = await testClient(sandbox);
    const { client: pipe17 } = await testClient(sandbox, { endpoint: "Pipe17/001" });
    expect(v24.itemModifiedField).toBe("LastModifiedDateTime");
    expect(pipe17.itemModifiedField).toBe("LastModified");
    // The sandbox's clock runs a little ahead after a bulk insert (its stamps never tie): let it pass.
    await new Promise((r) => setTimeout(r, 100));
    const since = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await callOperator(sandbox, "POST", "/items", { InventoryID: "MUG-BLK", Description: "Ceramic mug 11 oz, matte black" });
    const read = async (c: typeof v24) => {
      const out: string[] = [];
      for await (const page of c.stockItems.listModifiedSince(since, { select: ["InventoryID", c.itemModifiedField] })) out.push(...page.map((i) => `${i.InventoryID} ${!!(i.LastModifiedDateTime ?? i.LastModified)}`));
      return out;
    };
    expect(await read(v24)).toEqual(["MUG-BLK true"]);
    expect(await read(pipe17)).toEqual(["MUG-BLK true"]);
  });
});
