import { describe, expect, it } from "vitest";
import type { DataTableParamsOptions } from "./data-table-params";
import { dataTableSearchParams, parseDataTableParams } from "./data-table-params";

const OPTS: DataTableParamsOptions = { sortable: ["receivedAt", "status"], filterable: ["status", "shop"], pageSizes: [25, 50, 100], defaultSort: [{ id: "receivedAt", desc: true }] };

describe("parseDataTableParams", () => {
  it("reads page (1-based in the URL), size, sort and filters", () => {
    const q = parseDataTableParams(new URLSearchParams("page=3&size=50&sort=status,-receivedAt&f.status=failed"), OPTS);
    expect(q).toEqual({
      pageIndex: 2,
      pageSize: 50,
      sorting: [
        { id: "status", desc: false },
        { id: "receivedAt", desc: true },
      ],
      filters: [{ id: "status", value: "failed" }],
    });
  });

  it("falls back to defaults for missing or out-of-range values", () => {
    const q = parseDataTableParams({ page: "0", size: "7" }, OPTS);
    expect(q).toEqual({ pageIndex: 0, pageSize: 25, sorting: [{ id: "receivedAt", desc: true }], filters: [] });
    expect(parseDataTableParams({ page: "abc" }, OPTS).pageIndex).toBe(0);
    expect(parseDataTableParams({ page: "2.5" }, OPTS).pageIndex).toBe(0);
  });

  it("ignores columns that are not listed as sortable or filterable", () => {
    const q = parseDataTableParams(new URLSearchParams("sort=password&f.secret=x&f.shop="), OPTS);
    expect(q.sorting).toEqual([{ id: "receivedAt", desc: true }]);
    expect(q.filters).toEqual([]);
  });

  it("accepts Next.js searchParams objects, taking the first of repeated keys", () => {
    expect(parseDataTableParams({ "f.shop": ["a", "b"], sort: "-status" }, OPTS)).toMatchObject({ filters: [{ id: "shop", value: "a" }], sorting: [{ id: "status", desc: true }] });
  });
});

describe("dataTableSearchParams", () => {
  it("writes only what differs from the defaults and keeps unrelated parameters", () => {
    const base = new URLSearchParams("tab=events&page=9&f.shop=old");
    const out = dataTableSearchParams({ pageIndex: 1, pageSize: 25, sorting: [{ id: "receivedAt", desc: true }], filters: [{ id: "status", value: "failed" }] }, OPTS, base);
    expect(out.toString()).toBe("tab=events&page=2&f.status=failed");
  });

  it("round-trips through parseDataTableParams", () => {
    const q = { pageIndex: 4, pageSize: 100, sorting: [{ id: "status", desc: false }], filters: [{ id: "shop", value: "Northwind US" }] };
    expect(parseDataTableParams(dataTableSearchParams(q, OPTS), OPTS)).toEqual(q);
  });
});
