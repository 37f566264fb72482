import { z } from "zod";

export const DEFAULT_ACUMATICA_ENDPOINT = "Default/24.200.001";

const httpUrl = z
  .string()
  .trim()
  .min(1, "Enter your Acumatica instance URL, e.g. https://server_name/instance_name")
  .url("Enter a full URL starting with https://, e.g. https://server_name/instance_name")
  .refine((v) => /^https?:\/\//i.test(v), "The API URL must start with https:// (or http:// for a local sandbox)")
  .transform((v) => v.replace(/\/+$/, ""));

/** The Acumatica Connection form: labels as in the setup guide (API URL, API EndPoint, API Client ID, API Client Secret). */
export const acumaticaConnectionSchema = z.object({
  apiUrl: httpUrl,
  endpoint: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]+\/[0-9][0-9.]*$/, "Use the form Name/Version, e.g. Default/24.200.001 or Pipe17/001"),
  clientId: z
    .string()
    .trim()
    .min(1, "Enter the Client ID of your Connected Application (it looks like GUID@Tenant)"),
  /** Empty keeps the stored secret. */
  clientSecret: z.string().max(500).optional().default(""),
});
export type AcumaticaConnectionInput = z.input<typeof acumaticaConnectionSchema>;
export type AcumaticaConnectionValues = z.output<typeof acumaticaConnectionSchema>;

export type { AcumaticaConnectionSettings as AcumaticaSettings } from "./stored-settings";
