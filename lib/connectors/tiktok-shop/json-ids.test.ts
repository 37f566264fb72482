import { describe, expect, it } from "vitest";
import { parseJsonKeepingIds, quoteUnsafeIntegers } from "./json-ids";

describe("parseJsonKeepingIds", () => {
  it("keeps every digit of ids beyond 2^53 sent as JSON numbers", () => {
    const v = parseJsonKeepingIds('{"data":{"product_id":1729592969712207013,"n":[7494049642642441621,-9007199254740993]}}') as { data: { product_id: unknown; n: unknown[] } };
    expect(v.data.product_id).toBe("1729592969712207013");
    expect(v.data.n).toEqual(["7494049642642441621", "-9007199254740993"]);
    // what plain JSON.parse would have done
    expect(String((JSON.parse('{"x":1729592969712207013}') as { x: number }).x)).not.toBe("1729592969712207013");
  });

  it("leaves safe numbers, decimals, exponents and strings alone", () => {
    const v = parseJsonKeepingIds('{"a":42,"b":-1.5,"c":1e21,"d":"1729592969712207013","e":"x\\"1234567890123456789","f":9007199254740991}');
    expect(v).toEqual({ a: 42, b: -1.5, c: 1e21, d: "1729592969712207013", e: 'x"1234567890123456789', f: 9007199254740991 });
  });

  it("does not touch digits inside strings or keys", () => {
    expect(quoteUnsafeIntegers('{"12345678901234567890":"12345678901234567890"}')).toBe('{"12345678901234567890":"12345678901234567890"}');
  });
});
