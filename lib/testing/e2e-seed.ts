import { writeFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { createWorkspaceWithOwner } from "@/lib/workspaces/service";
import { listUserWorkspaces } from "@/lib/workspaces/queries";

/** People and workspaces the e2e specs sign in as; passwords are test-only. */
export const E2E_USERS = {
  owner: { email: "owner@e2e.test", password: "e2e-owner-password-1" },
  viewer: { email: "viewer@e2e.test", password: "e2e-viewer-password-1" },
  other: { email: "other@e2e.test", password: "e2e-other-password-1" },
} as const;

export interface E2eSeed {
  ownerWorkspaceId: string;
  otherWorkspaceId: string;
}

/** Seeds through lib functions: a viewer in the owner's workspace, and a second, unrelated workspace. */
export async function seedE2e(db: Db): Promise<void> {
  const [owner] = await db.select().from(users).where(eq(users.email, E2E_USERS.owner.email));
  if (!owner) throw new Error("e2e seed: the first owner was not created");
  const ownerWs = (await listUserWorkspaces(db, owner.id))[0]!;
  const viewer = await createWorkspaceWithOwner(db, { workspaceName: "Viewer's own", email: E2E_USERS.viewer.email, password: E2E_USERS.viewer.password });
  // The viewer's own workspace is removed from them so that they only see the owner's, as a viewer.
  await db.delete(memberships).where(eq(memberships.userId, viewer.userId));
  await db.insert(memberships).values({ workspaceId: ownerWs.id, userId: viewer.userId, role: "viewer" });
  const other = await createWorkspaceWithOwner(db, { workspaceName: "Other Company", email: E2E_USERS.other.email, password: E2E_USERS.other.password });
  const seed: E2eSeed = { ownerWorkspaceId: ownerWs.id, otherWorkspaceId: other.workspaceId };
  writeFileSync(path.join(env().dataDir, "e2e-seed.json"), JSON.stringify(seed));
}
