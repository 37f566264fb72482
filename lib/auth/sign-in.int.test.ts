import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAttempts } from "@/lib/db/schema";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { authenticate, INVALID_CREDENTIALS, SignInError } from "./sign-in";
import { FREE_FAILURES } from "./throttle";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one with the same message as an unknown e-mail", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Acme", email: "ok@example.com" });
    await expect(authenticate(t.db, { email: "OK@example.com", password: TEST_PASSWORD }, "10.0.0.1")).resolves.toEqual({
      id: ctx.userId,
      email: "ok@example.com",
    });
    await expect(authenticate(t.db, { email: "ok@example.com", password: "nope" }, "10.0.0.1")).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(authenticate(t.db, { email: "ghost@example.com", password: "nope" }, "10.0.0.1")).rejects.toThrow(INVALID_CREDENTIALS);
  });

  it("slows down repeated wrong passwords for the e-mail, even when the right one follows", async () => {
    await seedWorkspace(t.db, { name: "Throttled", email: "victim@example.com" });
    for (let i = 0; i < FREE_FAILURES; i++) {
      await expect(authenticate(t.db, { email: "victim@example.com", password: `guess-${i}` }, `10.1.0.${i}`)).rejects.toThrow(INVALID_CREDENTIALS);
    }
    const err = await authenticate(t.db, { email: "victim@example.com", password: TEST_PASSWORD }, "10.9.9.9").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignInError);
    expect((err as SignInError).message).toMatch(/Too many failed sign-in attempts/);
    expect((err as SignInError).retryAfterMs).toBeGreaterThan(0);
  });

  it("slows down one address trying many e-mails", async () => {
    await seedWorkspace(t.db, { name: "Other", email: "someone@example.com" });
    for (let i = 0; i < FREE_FAILURES; i++) {
      await authenticate(t.db, { email: `spray-${i}@example.com`, password: "x" }, "203.0.113.5").catch(() => undefined);
    }
    await expect(authenticate(t.db, { email: "someone@example.com", password: TEST_PASSWORD }, "203.0.113.5")).rejects.toThrow(/Too many/);
    // The same account from another address is unaffected.
    await expect(authenticate(t.db, { email: "someone@example.com", password: TEST_PASSWORD }, "198.51.100.1")).resolves.toBeTruthy();
  });

  it("counts concurrent guesses against each other: at most the free failures reach the password check", async () => {
    await seedWorkspace(t.db, { name: "Parallel", email: "parallel@example.com" });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => authenticate(t.db, { email: "parallel@example.com", password: `guess-${i}` }, null)),
    );
    const messages = results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "signed in"));
    expect(messages.filter((m) => m === INVALID_CREDENTIALS).length).toBeLessThanOrEqual(FREE_FAILURES);
    expect(messages.filter((m) => /Too many/.test(m)).length).toBeGreaterThanOrEqual(20 - FREE_FAILURES);
  });

  it("records attempts without the password", async () => {
    const rows = await t.db.select().from(loginAttempts);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
  });
});
