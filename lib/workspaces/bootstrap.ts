import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { generatePassword } from "@/lib/auth/password";
import { countUsers } from "./queries";
import { createWorkspaceWithOwner } from "./service";

export interface FirstOwner {
  created: boolean;
  email: string;
  /** Set only when this call generated the password (print it once). */
  generatedPassword?: string;
  passwordFile?: string;
}

export const INITIAL_PASSWORD_FILE = "initial-admin-password";

/**
 * On a fresh installation creates the first workspace and its owner from
 * ADMIN_EMAIL/ADMIN_PASSWORD, generating the password when none is given.
 * A generated password is also written (0600) under the data folder so a
 * newcomer who missed the console line can still sign in.
 */
export async function ensureFirstOwner(db: Db, opts: { email: string; password?: string; dataDir: string }): Promise<FirstOwner> {
  if ((await countUsers(db)) > 0) return { created: false, email: opts.email };
  const password = opts.password ?? generatePassword();
  await createWorkspaceWithOwner(db, { workspaceName: "My company", email: opts.email, password, name: "Owner" });
  if (opts.password) return { created: true, email: opts.email.toLowerCase() };
  const passwordFile = path.join(opts.dataDir, INITIAL_PASSWORD_FILE);
  writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
  return { created: true, email: opts.email.toLowerCase(), generatedPassword: password, passwordFile };
}
