import { describe, expect, it } from "vitest";
import { redact } from "./logger";

describe("log redaction", () => {
  it("hides secret-looking keys at any depth and keeps the rest", () => {
    const out = redact({
      shop: "US",
      clientSecret: "abc",
      tokens: { accessToken: "t1", refresh_token: "t2" },
      headers: { authorization: "Bearer x", "x-tts-access-token": "y", accept: "json" },
      list: [{ password: "p", name: "n" }],
      code: "oauth-code",
      sign: "deadbeef",
    }) as Record<string, unknown>;
    const text = JSON.stringify(out);
    for (const secret of ["abc", "t1", "t2", "Bearer x", '"y"', '"p"', "oauth-code", "deadbeef"]) expect(text).not.toContain(secret);
    expect(out.shop).toBe("US");
    expect((out.headers as Record<string, unknown>).accept).toBe("json");
    expect((out.list as Array<Record<string, unknown>>)[0]!.name).toBe("n");
  });

  it("keeps errors readable", () => {
    const out = redact({ err: new Error("boom") }) as { err: { message: string } };
    expect(out.err.message).toBe("boom");
  });
});
