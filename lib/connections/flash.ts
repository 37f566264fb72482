import type { AppError } from "@/lib/errors";

/**
 * One-shot messages after an OAuth callback. The callback route stores only a
 * known code in a short-lived cookie and redirects to the clean screen URL; the
 * screen shows the fixed text of that code once and clears the cookie. Nothing
 * from the URL or the vendor is ever rendered, and a reload shows nothing.
 */
export const FLASH_COOKIE = "ob_flash";
export const FLASH_MAX_AGE_SECONDS = 60;

export interface FlashMessage {
  kind: "success" | "error";
  text: string;
}

const DENIED = "Authorization was cancelled. Your previous connection (if any) is unchanged.";

export const FLASH_MESSAGES = {
  "acumatica.connected": { kind: "success", text: "Connected to Acumatica." },
  "acumatica.denied": { kind: "error", text: DENIED },
  "acumatica.settings_changed": { kind: "error", text: "The connection settings changed while you were signing in to Acumatica. Click Connect again." },
  // The cause and its fix are stored on the connection and shown in its status.
  "acumatica.failed": { kind: "error", text: "Acumatica did not connect. The reason and what to do are shown under Connection." },
  "acumatica.state_invalid": { kind: "error", text: "That sign-in answer did not match a Connect started here, or it took longer than 15 minutes. Click Connect again." },
  "acumatica.forbidden": { kind: "error", text: "Your role can view this workspace but not change its connections. Ask an owner or admin." },
  "tiktok.connected": { kind: "success", text: "TikTok Shop connected. The authorised shops are listed below." },
  "tiktok.denied": { kind: "error", text: DENIED },
  "tiktok.no_shop": { kind: "error", text: "The authorization covered no shop. Click Connect and select at least one shop." },
  "tiktok.shop_taken": { kind: "error", text: "A shop in that authorization is connected to another OrderBridge workspace. Disconnect it there first, then click Connect again." },
  "tiktok.failed": { kind: "error", text: "TikTok Shop did not connect. Click Connect to try again in a moment." },
  "tiktok.state_invalid": { kind: "error", text: "That authorization answer did not match a Connect started here, or it took longer than 15 minutes. Click Connect again." },
  "tiktok.forbidden": { kind: "error", text: "Your role can view this workspace but not change its connections. Ask an owner or admin." },
} as const satisfies Record<string, FlashMessage>;

export type FlashCode = keyof typeof FLASH_MESSAGES;
export type FlashScope = "acumatica" | "tiktok";

function isFlashCode(code: string): code is FlashCode {
  return Object.hasOwn(FLASH_MESSAGES, code);
}

/** The message of a cookie value meant for `scope`'s screen; anything else (unknown, another screen's) is null. */
export function readFlash(value: string | undefined, scope: FlashScope): { code: FlashCode; message: FlashMessage } | null {
  if (!value || !isFlashCode(value) || !value.startsWith(`${scope}.`)) return null;
  return { code: value, message: FLASH_MESSAGES[value] };
}

/** The code for a failed Connect callback, decided from the AppError's code and reason. */
export function connectFailureCode(scope: FlashScope, err: AppError): FlashCode {
  if (err.code === "forbidden") return `${scope}.forbidden`;
  const byReason = `${scope}.${err.reason ?? ""}`;
  if (err.reason && isFlashCode(byReason)) return byReason;
  return `${scope}.failed`;
}

/** Attributes of the flash cookie: readable only by the server, sent on the top-level redirect back, gone within a minute. */
export function flashCookieOptions(appUrl: string) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: FLASH_MAX_AGE_SECONDS, secure: appUrl.startsWith("https:") };
}
