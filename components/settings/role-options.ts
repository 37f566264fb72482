import type { Role } from "@/lib/db/schema";

/** What each role may do, as the Add member form explains it. */
export const ROLE_OPTIONS: ReadonlyArray<{ value: Role; label: string; description: string }> = [
  { value: "viewer", label: "Viewer", description: "Can look, cannot change settings" },
  { value: "admin", label: "Admin", description: "Can change settings and connectors" },
  { value: "owner", label: "Owner", description: "Everything, including managing owners" },
];
