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
