import { describe, expect, it } from "vitest";
import { isEmbeddedUrl } from "./marker";

describe("isEmbeddedUrl", () => {
  it("knows the embedded server's URL by its application name, and nothing else", () => {
    expect(isEmbeddedUrl("postgres://postgres:postgres@127.0.0.1:5544/postgres?sslmode=disable&application_name=orderbridge_embedded")).toBe(true);
    expect(isEmbeddedUrl("postgres://u@h/db?application_name=orderbridge_embedded&x=1")).toBe(true);
    expect(isEmbeddedUrl("postgres://postgres@127.0.0.1:5432/postgres")).toBe(false);
    expect(isEmbeddedUrl("postgres://u@h/db?application_name=orderbridge_embedded_not")).toBe(false);
    expect(isEmbeddedUrl("postgres://u@h/db?application_name=web")).toBe(false);
  });
});
