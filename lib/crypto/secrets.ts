import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * AES-256-GCM for secrets at rest (connector client secrets, OAuth tokens, PKCE
 * verifiers). Format: `v1.<iv>.<tag>.<ciphertext>` in base64url, so a stored
 * value is recognisable and the scheme can be rotated later by version.
 */
const VERSION = "v1";

export function encryptSecret(plain: string, key: Buffer = env().encryptionKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, key: Buffer = env().encryptionKey): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Not an encrypted secret (unknown format)");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** Encrypts a JSON object of secrets as one value. */
export function sealJson(value: Record<string, string>, key?: Buffer): string {
  return encryptSecret(JSON.stringify(value), key);
}

export function openJson(sealed: string | null | undefined, key?: Buffer): Record<string, string> {
  if (!sealed) return {};
  return JSON.parse(decryptSecret(sealed, key)) as Record<string, string>;
}
