import { z } from "zod";

/** The sign-in form's fields; shared by the browser form and the server check. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter the e-mail address you sign in with"),
  password: z.string().min(1, "Enter your password").max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;
