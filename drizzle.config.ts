import { defineConfig } from "drizzle-kit";

// Generation works offline from the schema files; `npm run db:migrate` applies them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema/index.ts",
  out: "./drizzle",
  strict: true,
});
