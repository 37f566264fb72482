import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, connections, memberships, workspaces } from "@/lib/db/schema";
import { getConnection, getConnectionSecretsOrThrow, listConnections } from "@/lib/connections/queries";
import { acumaticaConnectionSchema } from "@/lib/connections/schemas";
import { saveAcumaticaConnection } from "@/lib/connections/service";
import { AppError } from "@/lib/errors";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { addToWorkspace, seedWorkspace } from "@/lib/testing/fixtures";
import { ensureFirstOwner } from "./bootstrap";
import { listMembers } from "./queries";
import { addMember, changeMemberRole, changeOwnPassword, removeMember, renameWorkspace } from "./service";
import { authenticate } from "@/lib/auth/sign-in";
import { TEST_PASSWORD } from "@/lib/testing/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const SECRET = "s3cr3t-acumatica-client-secret-XYZ";
const form = (over: Record<string, string> = {}) =>
  acumaticaConnectionSchema.parse({
    apiUrl: "https://erp.example.com/Instance",
    endpoint: "Default/24.200.001",
    clientId: "6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company",
    clientSecret: SECRET,
    ...over,
  });

describe("workspace isolation", () => {
  it("keeps each workspace's writes and reads to itself", async () => {
    const a = await seedWorkspace(t.db, { name: "Alpha", email: "a@alpha.test" });
    const b = await seedWorkspace(t.db, { name: "Bravo", email: "b@bravo.test" });
    await saveAcumaticaConnection(t.db, a, form());
    const bConn = await saveAcumaticaConnection(t.db, b, form({ apiUrl: "https://bravo.example.com/erp" }));
    await renameWorkspace(t.db, a, { name: "Alpha Renamed" });

    const [bRow] = await t.db.select().from(workspaces).where(eq(workspaces.id, b.workspaceId));
    expect(bRow?.name).toBe("Bravo");
    expect((await listConnections(t.db, a.workspaceId)).map((c) => c.settings.apiUrl)).toEqual(["https://erp.example.com/Instance"]);
    // A cannot reach B's connection by id.
    await expect(getConnectionSecretsOrThrow(t.db, a.workspaceId, bConn.id)).rejects.toBeInstanceOf(AppError);
    expect((await listMembers(t.db, a.workspaceId)).map((m) => m.email)).toEqual(["a@alpha.test"]);
  });
});

describe("roles", () => {
  it("refuses settings and connector changes from a viewer, and changes nothing", async () => {
    const owner = await seedWorkspace(t.db, { name: "Charlie", email: "owner@charlie.test" });
    const viewerBase = await seedWorkspace(t.db, { name: "Viewer home", email: "viewer@charlie.test" });
    const viewer = await addToWorkspace(t.db, viewerBase, owner.workspaceId, "viewer");

    await expect(renameWorkspace(t.db, viewer, { name: "Hijacked" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(saveAcumaticaConnection(t.db, viewer, form())).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      addMember(t.db, viewer, { email: "x@charlie.test", name: "", role: "admin", password: "long-enough-password" }),
    ).rejects.toMatchObject({ code: "forbidden" });

    const [row] = await t.db.select().from(workspaces).where(eq(workspaces.id, owner.workspaceId));
    expect(row?.name).toBe("Charlie");
    expect(await getConnection(t.db, owner.workspaceId, "acumatica")).toBeNull();
  });

  it("lets an admin add a viewer but not an owner", async () => {
    const owner = await seedWorkspace(t.db, { name: "Delta", email: "owner@delta.test" });
    const adminBase = await seedWorkspace(t.db, { name: "Admin home", email: "admin@delta.test" });
    const admin = await addToWorkspace(t.db, adminBase, owner.workspaceId, "admin");
    await addMember(t.db, admin, { email: "new@delta.test", name: "New", role: "viewer", password: "long-enough-password" });
    await expect(
      addMember(t.db, admin, { email: "boss@delta.test", name: "", role: "owner", password: "long-enough-password" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await listMembers(t.db, owner.workspaceId)).map((m) => m.role).sort()).toEqual(["admin", "owner", "viewer"]);
  });
});

describe("connector secrets at rest", () => {
  it("stores the client secret encrypted and shows only that it is set", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Echo", email: "owner@echo.test" });
    const { id } = await saveAcumaticaConnection(t.db, ctx, form());
    const raw = await t.db.execute(sql`select row_to_json(c)::text as j from connections c where id = ${id}`);
    const text = String((raw.rows[0] as { j: string }).j);
    expect(text).not.toContain(SECRET);
    expect(text).toContain("v1.");
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.workspaceId, ctx.workspaceId));
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    const view = await getConnection(t.db, ctx.workspaceId, "acumatica");
    expect(view?.secretsSet).toEqual({ clientSecret: true });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect((await getConnectionSecretsOrThrow(t.db, ctx.workspaceId, id)).secrets.clientSecret).toBe(SECRET);

    // Saving with an empty secret keeps the stored one.
    await saveAcumaticaConnection(t.db, ctx, form({ clientSecret: "", endpoint: "Pipe17/001" }));
    const again = await getConnectionSecretsOrThrow(t.db, ctx.workspaceId, id);
    expect(again.secrets.clientSecret).toBe(SECRET);
    expect(again.connection.settings.endpoint).toBe("Pipe17/001");
    const rows = await t.db.select().from(connections).where(eq(connections.workspaceId, ctx.workspaceId));
    expect(rows).toHaveLength(1);
  });

  it("names the field to fix on bad input", () => {
    const res = acumaticaConnectionSchema.safeParse({ apiUrl: "erp.example.com", endpoint: "Pipe17", clientId: "" });
    expect(res.success).toBe(false);
    const fields = new Set(res.error?.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["apiUrl", "endpoint", "clientId"]));
  });
});

describe("first start", () => {
  it("creates the first owner once, with a generated password it prints and keeps in a private file", async () => {
    const fresh = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), "ob-first-"));
    try {
      const first = await ensureFirstOwner(fresh.db, { email: "First@Example.com", dataDir: dir });
      expect(first).toMatchObject({ created: true, email: "first@example.com" });
      expect(first.generatedPassword).toMatch(/^[a-zA-Z2-9]{20}$/);
      expect(readFileSync(first.passwordFile!, "utf8").trim()).toBe(first.generatedPassword);
      expect(statSync(first.passwordFile!).mode & 0o777).toBe(0o600);
      await expect(authenticate(fresh.db, { email: "first@example.com", password: first.generatedPassword }, null)).resolves.toBeTruthy();
      const [membership] = await fresh.db.select().from(memberships);
      expect(membership?.role).toBe("owner");

      const again = await ensureFirstOwner(fresh.db, { email: "other@example.com", dataDir: dir });
      expect(again).toEqual({ created: false, email: "other@example.com" });
      expect(await fresh.db.select().from(workspaces)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.close();
    }
  });

  it("uses ADMIN_PASSWORD when given and writes no file", async () => {
    const fresh = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), "ob-first-"));
    try {
      const first = await ensureFirstOwner(fresh.db, { email: "boss@example.com", password: "given-admin-password", dataDir: dir });
      expect(first).toEqual({ created: true, email: "boss@example.com" });
      expect(existsSync(path.join(dir, "initial-admin-password"))).toBe(false);
      await expect(authenticate(fresh.db, { email: "boss@example.com", password: "given-admin-password" }, null)).resolves.toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.close();
    }
  });
});

describe("members", () => {
  it("adds an existing account without touching its password", async () => {
    const home = await seedWorkspace(t.db, { name: "Juliet", email: "someone@juliet.test" });
    const other = await seedWorkspace(t.db, { name: "Kilo", email: "owner@kilo.test" });
    const res = await addMember(t.db, other, { email: "someone@juliet.test", name: "", role: "viewer", password: "an-ignored-password" });
    expect(res).toEqual({ userId: home.userId });
    await expect(authenticate(t.db, { email: "someone@juliet.test", password: TEST_PASSWORD }, null)).resolves.toBeTruthy();
    await expect(addMember(t.db, other, { email: "someone@juliet.test", name: "", role: "viewer", password: "an-ignored-password" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("changes roles and removes members, but never leaves a workspace without an owner", async () => {
    const owner = await seedWorkspace(t.db, { name: "Foxtrot", email: "owner@foxtrot.test" });
    const { userId: adminId } = await addMember(t.db, owner, { email: "admin@foxtrot.test", name: "", role: "admin", password: "long-enough-password" });
    const { userId: viewerId } = await addMember(t.db, owner, { email: "viewer@foxtrot.test", name: "", role: "viewer", password: "long-enough-password" });
    const admin = { ...owner, userId: adminId, email: "admin@foxtrot.test", role: "admin" as const };

    await changeMemberRole(t.db, admin, { userId: viewerId, role: "admin" });
    await expect(changeMemberRole(t.db, admin, { userId: owner.userId, role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(t.db, admin, { userId: viewerId, role: "owner" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(t.db, admin, { userId: owner.userId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(t.db, owner, { userId: owner.userId, role: "admin" })).rejects.toMatchObject({ code: "conflict" });
    await expect(removeMember(t.db, owner, { userId: owner.userId })).rejects.toMatchObject({ code: "conflict" });

    await removeMember(t.db, admin, { userId: viewerId });
    expect((await listMembers(t.db, owner.workspaceId)).map((m) => [m.email, m.role])).toEqual([
      ["owner@foxtrot.test", "owner"],
      ["admin@foxtrot.test", "admin"],
    ]);
    // With a second owner, the first may step down.
    await changeMemberRole(t.db, owner, { userId: adminId, role: "owner" });
    await changeMemberRole(t.db, owner, { userId: owner.userId, role: "admin" });
  });

  it("two owners demoting each other at the same time leave one owner", async () => {
    const first = await seedWorkspace(t.db, { name: "Lima", email: "one@lima.test" });
    const { userId: secondId } = await addMember(t.db, first, { email: "two@lima.test", name: "", role: "owner", password: "long-enough-password" });
    const second = { ...first, userId: secondId, email: "two@lima.test" };
    const results = await Promise.allSettled([
      changeMemberRole(t.db, first, { userId: secondId, role: "admin" }),
      changeMemberRole(t.db, second, { userId: first.userId, role: "admin" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers(t.db, first.workspaceId)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("cannot touch members of another workspace", async () => {
    const a = await seedWorkspace(t.db, { name: "Golf", email: "owner@golf.test" });
    const b = await seedWorkspace(t.db, { name: "Hotel", email: "owner@hotel.test" });
    await expect(removeMember(t.db, a, { userId: b.userId })).rejects.toMatchObject({ code: "not_found" });
    await expect(changeMemberRole(t.db, a, { userId: b.userId, role: "viewer" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("changes one's own password only with the current one", async () => {
    const ctx = await seedWorkspace(t.db, { name: "India", email: "me@india.test", role: "viewer" });
    await expect(changeOwnPassword(t.db, ctx, { currentPassword: "wrong", newPassword: "a-new-long-password", confirmPassword: "a-new-long-password" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { currentPassword: [expect.any(String)] },
    });
    await changeOwnPassword(t.db, ctx, { currentPassword: TEST_PASSWORD, newPassword: "a-new-long-password", confirmPassword: "a-new-long-password" });
    await expect(authenticate(t.db, { email: "me@india.test", password: "a-new-long-password" }, "10.5.5.5")).resolves.toMatchObject({ id: ctx.userId });
    await expect(authenticate(t.db, { email: "me@india.test", password: TEST_PASSWORD }, "10.5.5.6")).rejects.toThrow();
  });
});
