import { describe, expect, it } from "vitest";
import { readInventoryCsv } from "./csv";

const rows = (text: string) => {
  const r = readInventoryCsv(text);
  if (!r.ok) throw new Error(r.fileError);
  return r.rows;
};

describe("readInventoryCsv", () => {
  it("reads sku,location,quantity with their line numbers, in any column order, ignoring other columns", () => {
    expect(rows("location,quantity,sku,on_hand\r\nMAIN,12,CAP-NAVY,99\r\n\r\nEAST,0,MUG-WHT,\r\n")).toEqual([
      { line: 2, sku: "CAP-NAVY", location: "MAIN", quantity: 12, error: null },
      { line: 4, sku: "MUG-WHT", location: "EAST", quantity: 0, error: null },
    ]);
  });

  it("names the column of each bad row: empty cells, stray spaces, non-integer, negative and too large quantities", () => {
    const got = rows(["sku,location,quantity", ",MAIN,1", "A,,1", '" A",MAIN,1', "A,MAIN ,1", "A,MAIN,1.5", "B,MAIN,-2", "C,MAIN,", "D,MAIN,twelve", "E,MAIN,99999999999"].join("\n"));
    expect(got.map((r) => [r.line, r.error?.field])).toEqual([
      [2, "sku"],
      [3, "location"],
      [4, "sku"],
      [5, "location"],
      [6, "quantity"],
      [7, "quantity"],
      [8, "quantity"],
      [9, "quantity"],
      [10, "quantity"],
    ]);
    expect(got[4]!.error!.message).toBe('"1.5" is not a whole number.');
    expect(got[5]!.error!.message).toBe("-2 is negative: a quantity is 0 or more.");
    expect(got[2]!.error!.message).toContain("starts or ends with a space");
  });

  it("refuses the same SKU × location twice, pointing at the first line; the same SKU at two locations is fine", () => {
    const got = rows("sku,location,quantity\nA,MAIN,1\nA,EAST,2\nA,MAIN,3\na,MAIN,4");
    expect(got.map((r) => r.error?.message ?? null)).toEqual([null, null, "A at MAIN is listed twice (also on line 2): keep one row.", null]);
  });

  it("reports file problems instead of rows: missing columns, no rows, broken quotes", () => {
    expect(readInventoryCsv("sku,qty\nA,1")).toEqual({ ok: false, fileError: "The first line must name the columns sku, location and quantity (missing: location, quantity)." });
    expect(readInventoryCsv("sku,location,quantity\n")).toEqual({ ok: false, fileError: "The file has no rows below its header." });
    expect(readInventoryCsv('sku,location,quantity\n"A,MAIN,1')).toMatchObject({ ok: false, fileError: expect.stringContaining("not closed") });
  });
});
