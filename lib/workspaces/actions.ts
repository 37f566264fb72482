"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { WORKSPACE_COOKIE } from "@/lib/auth/context";
import { secureCookies } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";
import { getMembership } from "./queries";
import { addMemberSchema, changePasswordSchema, changeRoleSchema, removeMemberSchema, workspaceNameSchema } from "./schemas";
import { addMember, changeMemberRole, changeOwnPassword, removeMember, renameWorkspace } from "./service";

const renameWorkspaceSafe = defineAction({ schema: workspaceNameSchema, permission: "settings:write" }, renameWorkspace);
const addMemberSafe = defineAction({ schema: addMemberSchema, permission: "members:write" }, addMember);
const changeRoleSafe = defineAction({ schema: changeRoleSchema, permission: "members:write" }, changeMemberRole);
const removeMemberSafe = defineAction({ schema: removeMemberSchema, permission: "members:write" }, removeMember);
const changePasswordSafe = defineAction({ schema: changePasswordSchema }, changeOwnPassword);
const switchWorkspaceSafe = defineAction({ schema: z.object({ workspaceId: z.string().uuid() }) }, async (db, ctx, input) => {
  const membership = await getMembership(db, input.workspaceId, ctx.userId);
  if (!membership) throw new AppError("forbidden", "You are not a member of that workspace.");
  (await cookies()).set(WORKSPACE_COOKIE, input.workspaceId, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies() });
  return { workspaceId: input.workspaceId };
});

export async function renameWorkspaceAction(input: unknown) {
  return renameWorkspaceSafe(input);
}

export async function addMemberAction(input: unknown) {
  return addMemberSafe(input);
}

export async function switchWorkspaceAction(input: unknown) {
  return switchWorkspaceSafe(input);
}

export async function changeMemberRoleAction(input: unknown) {
  return changeRoleSafe(input);
}

export async function removeMemberAction(input: unknown) {
  return removeMemberSafe(input);
}

export async function changePasswordAction(input: unknown) {
  return changePasswordSafe(input);
}
