import pg from "pg";
import { createDb, createPool } from "@/lib/db/client";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { createDbTokenStore } from "@/lib/connections/token-store";

/**
 * One "worker process" of the token-refresh race test: it repeatedly expires
 * the stored access token and calls Acumatica, so that every call must refresh
 * (or find that another process just did). Prints a JSON summary.
 */
interface Config {
  databaseUrl: string;
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  workspaceId: string;
  tokenId: string;
  rounds: number;
  startAt: number;
}

async function main() {
  const cfg = JSON.parse(process.argv[2] ?? "{}") as Config;
  const pool = createPool(cfg.databaseUrl, 4);
  const db = createDb(pool);
  const raw = new pg.Client({ connectionString: cfg.databaseUrl });
  await raw.connect();
  const client = createAcumaticaClient({
    instanceUrl: cfg.instanceUrl,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    // No memo: the race needs every call to read the expiry this script forces behind the store's back.
    tokenStore: createDbTokenStore(db, { workspaceId: cfg.workspaceId, tokenId: cfg.tokenId }, { memoMs: 0 }),
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
    timeoutMs: 10_000,
  });
  await new Promise((r) => setTimeout(r, Math.max(0, cfg.startAt - Date.now())));
  const errors: string[] = [];
  let calls = 0;
  for (let i = 0; i < cfg.rounds; i++) {
    await raw.query("update oauth_tokens set access_expires_at = now() - interval '1 minute' where id = $1", [cfg.tokenId]);
    try {
      await client.warehouses.list({ top: 1 });
      calls++;
    } catch (err) {
      errors.push(err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err));
    }
  }
  await raw.end();
  await pool.end();
  process.stdout.write(JSON.stringify({ pid: process.pid, calls, errors }) + "\n");
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ pid: process.pid, calls: 0, errors: [String(err)] }) + "\n");
  process.exit(1);
});
