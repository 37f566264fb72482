import { describe, expect, it } from "vitest";
import { acumaticaConnectionSchemaFor, API_URL_INVALID, API_URL_REQUIRED, CLIENT_ID_SHAPE, CLIENT_SECRET_REQUIRED } from "./schemas";

const SANDBOX_CLIENT_ID = "6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company";
const valid = { apiUrl: "https://erp.example.com/Instance/", endpoint: "Default/24.200.001", clientId: SANDBOX_CLIENT_ID, clientSecret: "s" };

function fieldErrors(secretSet: boolean, input: Record<string, unknown>) {
  const res = acumaticaConnectionSchemaFor({ secretSet }).safeParse(input);
  const out: Record<string, string[]> = {};
  for (const issue of res.error?.issues ?? []) (out[String(issue.path[0])] ??= []).push(issue.message);
  return out;
}

describe("acumaticaConnectionSchemaFor", () => {
  it("accepts the sandbox's settings and trims the trailing slash", () => {
    expect(acumaticaConnectionSchemaFor({ secretSet: false }).parse(valid)).toEqual({ ...valid, apiUrl: "https://erp.example.com/Instance" });
  });

  it("accepts http:// as well as https:// (the server decides about http hosts)", () => {
    expect(fieldErrors(false, { ...valid, apiUrl: "http://127.0.0.1:4101/AcumaticaERP" })).toEqual({});
  });

  it("gives one message per field: required, else malformed", () => {
    expect(fieldErrors(true, { ...valid, apiUrl: "" })).toEqual({ apiUrl: [API_URL_REQUIRED] });
    for (const bad of ["erp.example.com", "ftp://erp.example.com", "https://", "javascript:alert(1)"]) {
      expect(fieldErrors(true, { ...valid, apiUrl: bad }), bad).toEqual({ apiUrl: [API_URL_INVALID] });
    }
  });

  it("wants the API Client ID as GUID@Tenant", () => {
    for (const bad of ["6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90", "Company", "6B3A1C52@Company", "6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@"]) {
      expect(fieldErrors(true, { ...valid, clientId: bad }), bad).toEqual({ clientId: [CLIENT_ID_SHAPE] });
    }
    expect(fieldErrors(true, { ...valid, clientId: "6b3a1c52-7f0e-4b8d-9e2a-4f1c8d7b5a90@My_Company" })).toEqual({});
  });

  it("requires the secret on the first save, together with the other field errors", () => {
    expect(fieldErrors(false, { ...valid, clientId: "nope", clientSecret: "" })).toEqual({ clientId: [CLIENT_ID_SHAPE], clientSecret: [CLIENT_SECRET_REQUIRED] });
    expect(fieldErrors(false, { ...valid, apiUrl: "", clientSecret: "" })).toEqual({ apiUrl: [API_URL_REQUIRED], clientSecret: [CLIENT_SECRET_REQUIRED] });
  });

  it("keeps the stored secret when one is set and the field is left empty", () => {
    expect(acumaticaConnectionSchemaFor({ secretSet: true }).parse({ ...valid, clientSecret: "" }).clientSecret).toBe("");
    expect(acumaticaConnectionSchemaFor({ secretSet: true }).parse({ ...valid, clientSecret: undefined }).clientSecret).toBe("");
  });
});
