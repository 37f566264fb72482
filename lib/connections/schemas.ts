import { z } from "zod";

export const DEFAULT_ACUMATICA_ENDPOINT = "Default/24.200.001";

export const API_URL_REQUIRED = "Enter your Acumatica instance URL, e.g. https://server_name/instance_name";
export const API_URL_INVALID = "Enter a full URL starting with https://, e.g. https://server_name/instance_name";
export const CLIENT_ID_SHAPE = "The API Client ID looks like GUID@Tenant, e.g. 6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company";
export const CLIENT_SECRET_REQUIRED = "Enter the API Client Secret of your Connected Application";

/** A Connected Application's client id: the application's GUID, `@`, and the tenant (company) name. */
export const ACUMATICA_CLIENT_ID_PATTERN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}@\S+$/;

function parsesAsHttpUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname;
  } catch {
    return false;
  }
}

/**
 * `https://` (the norm) or `http://`: the form accepts both, and the server
 * decides whether an `http://` host is allowed. Each check stops the ones after
 * it, so a field shows one message at a time.
 */
const apiUrl = z
  .string()
  .trim()
  .min(1, { message: API_URL_REQUIRED, abort: true })
  .refine(parsesAsHttpUrl, { message: API_URL_INVALID, abort: true })
  .transform((v) => v.replace(/\/+$/, ""));

const acumaticaFields = {
  apiUrl,
  endpoint: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]+\/[0-9][0-9.]*$/, "Use the form Name/Version, e.g. Default/24.200.001 or Pipe17/001"),
  clientId: z
    .string()
    .trim()
    .min(1, { message: "Enter the Client ID of your Connected Application (it looks like GUID@Tenant)", abort: true })
    .regex(ACUMATICA_CLIENT_ID_PATTERN, CLIENT_ID_SHAPE),
};

/**
 * The Acumatica Connection form (labels as in the setup guide: API URL, API
 * EndPoint, API Client ID, API Client Secret). `secretSet` says whether a secret
 * is already stored: then an empty API Client Secret keeps it; on the first
 * save it is required. The browser builds it from the page's `secretSet`, the
 * server from what it has stored, so both report the same errors in one pass.
 */
export function acumaticaConnectionSchemaFor(opts: { secretSet: boolean }) {
  return z.object({
    ...acumaticaFields,
    clientSecret: opts.secretSet ? z.string().max(500).optional().default("") : z.string().max(500).min(1, CLIENT_SECRET_REQUIRED),
  });
}

/** The form's shape without the first-save rule (the server action's parse; the service applies the rule once it knows what is stored). */
export const acumaticaConnectionSchema = acumaticaConnectionSchemaFor({ secretSet: true });
export type AcumaticaConnectionInput = z.input<typeof acumaticaConnectionSchema>;
export type AcumaticaConnectionValues = z.output<typeof acumaticaConnectionSchema>;

export type { AcumaticaConnectionSettings as AcumaticaSettings } from "./stored-settings";
