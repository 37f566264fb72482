import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { connectFailureCode, FLASH_MESSAGES, flashCookieOptions, readFlash } from "./flash";

describe("readFlash", () => {
  it("maps a known code of the screen's connector to its fixed message", () => {
    expect(readFlash("acumatica.connected", "acumatica")).toEqual({ code: "acumatica.connected", message: { kind: "success", text: "Connected to Acumatica." } });
    expect(readFlash("tiktok.denied", "tiktok")?.message).toEqual({ kind: "error", text: "Authorization was cancelled. Your previous connection (if any) is unchanged." });
  });

  it("shows nothing for unknown codes, free text, another screen's code or no cookie", () => {
    expect(readFlash(undefined, "acumatica")).toBeNull();
    expect(readFlash("", "acumatica")).toBeNull();
    expect(readFlash("acumatica.pwned", "acumatica")).toBeNull();
    expect(readFlash("<script>alert(1)</script>", "acumatica")).toBeNull();
    expect(readFlash("Connected to Acumatica.", "acumatica")).toBeNull();
    expect(readFlash("toString", "acumatica")).toBeNull();
    expect(readFlash("__proto__", "tiktok")).toBeNull();
    expect(readFlash("tiktok.connected", "acumatica")).toBeNull();
  });

  it("has a message for every code, none of them empty", () => {
    for (const [code, m] of Object.entries(FLASH_MESSAGES)) {
      expect(code).toMatch(/^(acumatica|tiktok)\.[a-z_]+$/);
      expect(m.text.length, code).toBeGreaterThan(10);
    }
  });
});

describe("connectFailureCode", () => {
  const err = (code: ConstructorParameters<typeof AppError>[0], reason?: string) => new AppError(code, "free text from somewhere", undefined, undefined, reason);

  it("decides the code from the error's code and reason, never from its message", () => {
    expect(connectFailureCode("acumatica", err("connector_error", "denied"))).toBe("acumatica.denied");
    expect(connectFailureCode("acumatica", err("validation", "settings_changed"))).toBe("acumatica.settings_changed");
    expect(connectFailureCode("acumatica", err("validation", "state_invalid"))).toBe("acumatica.state_invalid");
    expect(connectFailureCode("acumatica", err("connector_error"))).toBe("acumatica.failed");
    expect(connectFailureCode("acumatica", err("forbidden"))).toBe("acumatica.forbidden");
    expect(connectFailureCode("tiktok", err("connector_error", "denied"))).toBe("tiktok.denied");
    expect(connectFailureCode("tiktok", err("conflict", "shop_taken"))).toBe("tiktok.shop_taken");
    expect(connectFailureCode("tiktok", err("connector_error", "no_shop"))).toBe("tiktok.no_shop");
    expect(connectFailureCode("tiktok", err("validation", "state_invalid"))).toBe("tiktok.state_invalid");
  });

  it("falls back to <connector>.failed for a reason without a message of its own", () => {
    expect(connectFailureCode("tiktok", err("connector_error", "settings_changed"))).toBe("tiktok.failed");
    expect(connectFailureCode("tiktok", err("conflict"))).toBe("tiktok.failed");
  });
});

describe("flashCookieOptions", () => {
  it("is httpOnly, SameSite=Lax, site-wide, one minute, and Secure only on https", () => {
    expect(flashCookieOptions("http://localhost:3000")).toEqual({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 60, secure: false });
    expect(flashCookieOptions("https://orderbridge.example.com")).toMatchObject({ secure: true });
  });
});
