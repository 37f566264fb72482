import { z } from "zod";
import { ROLES } from "@/lib/db/schema";

export const workspaceNameSchema = z.object({
  name: z.string().trim().min(1, "Enter a workspace name").max(100, "Keep the name under 100 characters"),
});
export type WorkspaceNameInput = z.infer<typeof workspaceNameSchema>;

export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  name: z.string().trim().max(100).default(""),
  role: z.enum(ROLES),
  password: z.string().min(12, "Use at least 12 characters").max(200),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeRoleSchema = z.object({ userId: z.string().uuid(), role: z.enum(ROLES) });
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;

export const removeMemberSchema = z.object({ userId: z.string().uuid() });
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: z.string().min(12, "Use at least 12 characters").max(200),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ" });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
