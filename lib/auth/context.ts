import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { listUserWorkspaces } from "@/lib/workspaces/queries";
import type { RequestContext } from "./context-types";
import { pickWorkspace } from "./pick-workspace";
import { authOptions } from "./options";

export type { RequestContext } from "./context-types";

/** Cookie naming the workspace the person is working in; only honoured for members. */
export const WORKSPACE_COOKIE = "ob_ws";

/**
 * Resolves the signed-in person and their current workspace from the session
 * and the workspace cookie, re-checking both against the database on every
 * request (a removed member or disabled account loses access at once).
 */
/** The signed-in person's workspaces, read once per request (the context and the layout's switcher share it). */
export const listMyWorkspaces = cache((userId: string) => listUserWorkspaces(getDb(), userId));

export const getRequestContext = cache(async (): Promise<RequestContext | null> => {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const db = getDb();
  const [user] = await db.select({ id: users.id, email: users.email, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
  if (!user || user.disabledAt) return null;
  const memberships = await listMyWorkspaces(userId);
  if (memberships.length === 0) return null;
  const current = pickWorkspace(memberships, (await cookies()).get(WORKSPACE_COOKIE)?.value);
  return { userId, email: user.email, workspaceId: current.id, workspaceName: current.name, role: current.role };
});

/** For pages: the context, or a redirect to the sign-in page. */
export async function requirePageContext(): Promise<RequestContext> {
  const ctx = await getRequestContext();
  if (!ctx) redirect("/sign-in");
  return ctx;
}
