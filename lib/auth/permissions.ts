import type { Role } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "./context-types";

export const PERMISSIONS = ["settings:write", "members:write", "connectors:write", "data:read"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: ["settings:write", "members:write", "connectors:write", "data:read"],
  viewer: ["data:read"],
};

export function can(ctx: Pick<RequestContext, "role">, permission: Permission): boolean {
  return GRANTS[ctx.role].includes(permission);
}

export function assertCan(ctx: Pick<RequestContext, "role">, permission: Permission): void {
  if (!can(ctx, permission)) {
    throw new AppError("forbidden", "Your role can view this workspace but not change it. Ask an owner or admin.");
  }
}
