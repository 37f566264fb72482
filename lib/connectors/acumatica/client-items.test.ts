import { describe, expect, it } from "vitest";
import { itemModifiedField } from "./client";

describe("itemModifiedField", () => {
  it("uses LastModifiedDateTime only on Default/24.200.001 (spec §4.6), LastModified on every other endpoint", () => {
    expect(itemModifiedField("Default/24.200.001")).toBe("LastModifiedDateTime");
    expect(itemModifiedField("/Default/24.200.001/")).toBe("LastModifiedDateTime");
    expect(itemModifiedField("Default/23.200.001")).toBe("LastModified");
    expect(itemModifiedField("Default/22.200.001")).toBe("LastModified");
    expect(itemModifiedField("Pipe17/001")).toBe("LastModified");
  });
});
