import { describe, expect, it } from "vitest";
import { addMoney, fromUnits, moneyEquals, moneyToNumber, mulMoney, subMoney, toUnits } from "./money";

describe("money", () => {
  it("parses decimal strings exactly", () => {
    expect(toUnits("21.99")).toBe(219900);
    expect(toUnits("0.1")).toBe(1000);
    expect(toUnits("-3.5")).toBe(-35000);
    expect(toUnits("15000")).toBe(150000000);
    expect(toUnits("1.0000")).toBe(10000);
    expect(() => toUnits("1.23456")).toThrow(/more than 4 decimals/);
    expect(() => toUnits("1e3")).toThrow(/Not a decimal/);
  });
  it("adds without floating point drift", () => {
    // 0.1 + 0.2 is the classic float failure.
    expect(addMoney("0.1", "0.2")).toBe("0.30");
    expect(addMoney("80.97", "6.41", "0.28")).toBe("87.66");
    expect(subMoney("61.98", "7.00")).toBe("54.98");
    expect(mulMoney("24.99", 3)).toBe("74.97");
    expect(moneyEquals("1.50", "1.5")).toBe(true);
  });
  it("formats with at least two decimals and keeps a third when present", () => {
    expect(fromUnits(219900)).toBe("21.99");
    expect(fromUnits(10000)).toBe("1.00");
    expect(fromUnits(12345)).toBe("1.2345");
    expect(fromUnits(-500)).toBe("-0.05");
    expect(moneyToNumber("21.99")).toBe(21.99);
  });
});
