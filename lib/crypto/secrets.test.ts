import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, openJson, sealJson } from "./secrets";

const key = randomBytes(32);

describe("secrets at rest", () => {
  it("round-trips and never contains the plain text", () => {
    const sealed = encryptSecret("client-secret-123", key);
    expect(sealed).not.toContain("client-secret-123");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed, key)).toBe("client-secret-123");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("rejects tampering and the wrong key", () => {
    const sealed = encryptSecret("value", key);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow();
  });

  it("seals JSON objects", () => {
    expect(openJson(sealJson({ a: "1", b: "2" }, key), key)).toEqual({ a: "1", b: "2" });
    expect(openJson(null, key)).toEqual({});
  });
});
