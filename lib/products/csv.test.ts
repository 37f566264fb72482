import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, spreadsheetText, toCsv } from "./csv";

describe("CSV", () => {
  it("reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF, a BOM, and keeps each row's line number", () => {
    const t = parseCsv('\uFEFFsku,acumatica_channel_sku\r\nCAP-NAVY,CAP-NVY\r\n"MUG, WHITE","say ""hi""\nthere"\r\n\r\nLAST,\n');
    expect(t.header).toEqual(["sku", "acumatica_channel_sku"]);
    expect(t.rows).toEqual([
      { line: 2, cells: ["CAP-NAVY", "CAP-NVY"] },
      { line: 3, cells: ["MUG, WHITE", 'say "hi"\nthere'] },
      { line: 6, cells: ["LAST", ""] },
    ]);
  });

  it("keeps spaces (the import reports them rather than trimming a SKU)", () => {
    expect(parseCsv("sku,x\n CAP ,\n").rows[0]!.cells).toEqual([" CAP ", ""]);
  });

  it("reports an unclosed quote and a stray quote with their line", () => {
    expect(() => parseCsv('sku\n"open\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('sku\nab"c\n')).toThrow(/Line 2/);
  });

  it("writes what it reads back, quoting only when needed; names are defused for spreadsheets, SKUs never", () => {
    const csv = toCsv(["sku", "name"], [["-DASH", spreadsheetText("=HYPERLINK()")], [" SPACED", 'a "quoted", name']]);
    expect(csv).toBe('sku,name\r\n-DASH,\'=HYPERLINK()\r\n" SPACED","a ""quoted"", name"\r\n');
    expect(parseCsv(csv).rows.map((r) => r.cells)).toEqual([
      ["-DASH", "'=HYPERLINK()"],
      [" SPACED", 'a "quoted", name'],
    ]);
  });
});
