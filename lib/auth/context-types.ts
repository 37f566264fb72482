import type { Role } from "@/lib/db/schema";

/** Who is acting, and in which workspace. Every lib write and read takes one. */
export interface RequestContext {
  userId: string;
  email: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
}
