import type { WorkspaceSummary } from "@/lib/workspaces/queries";

/**
 * The workspace a request works in: the one named by the cookie if the person
 * is a member of it, else their first. A cookie naming someone else's
 * workspace is ignored, never trusted.
 */
export function pickWorkspace(memberships: readonly WorkspaceSummary[], wanted: string | undefined): WorkspaceSummary {
  const first = memberships[0];
  if (!first) throw new Error("pickWorkspace needs at least one membership");
  return memberships.find((m) => m.id === wanted) ?? first;
}
