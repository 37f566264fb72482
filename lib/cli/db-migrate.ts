import { env } from "@/lib/env";
import { describeDatabaseUrl, openDatabase } from "./database";

// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL or the embedded database.
async function main() {
  const e = env();
  const db = await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.dataDir });
  console.log(`Migrations applied to ${db.embedded ? "the embedded database" : describeDatabaseUrl(db.url)}.`);
  await db.embedded?.close();
}

main().catch((err: unknown) => {
  // drizzle wraps the server's error ("Failed query: …"); the cause says what the server refused.
  const cause = (err as { cause?: unknown }).cause;
  console.error(`Migration failed: ${cause instanceof Error ? cause.message : err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exit(1);
});
