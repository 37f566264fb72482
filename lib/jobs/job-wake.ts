import pg from "pg";
import { logger } from "@/lib/logger";

/**
 * Wakes worker processes on other machines when jobs are queued, over
 * PostgreSQL LISTEN/NOTIFY: every send of a job due now notifies this channel
 * with the queue names (inside the sender's transaction, so the notification
 * arrives when the jobs are visible), and each worker listens on one
 * connection of its own and starts the matching fetch loops at once. Polling
 * then only catches what nobody announced (delayed jobs, pg-boss retries and
 * cron, a notification missed while reconnecting), so it can be slow: an idle
 * worker no longer fetches every queue twice a second.
 */
export const JOBS_CHANNEL = "orderbridge_jobs";

/** A NOTIFY payload is at most 8000 bytes; queue names are short and few, but never risk an error that rolls back a send. */
const MAX_PAYLOAD = 7900;

export interface SqlRunner {
  executeSql(text: string, values: unknown[]): Promise<unknown>;
}

/** Announces jobs due now on these queues; in a transaction, the notification goes out at commit (and not on rollback). */
export async function announceQueues(runner: SqlRunner, queues: Iterable<string>): Promise<void> {
  const names = [...new Set(queues)];
  if (names.length === 0) return;
  let payload = names.join(",");
  if (payload.length > MAX_PAYLOAD) payload = "*";
  await runner.executeSql("select pg_notify($1, $2)", [JOBS_CHANNEL, payload]);
}

/** The queues a payload names; `*` means every queue. */
export function queuesOf(payload: string | undefined): string[] | "*" {
  if (!payload || payload === "*") return "*";
  return payload.split(",").filter(Boolean);
}

const PROBE_PREFIX = "probe:";

export interface JobListener {
  /** Whether a notification sent from another connection reached this listener (LISTEN/NOTIFY works on this database). */
  readonly working: boolean;
  stop(): Promise<void>;
}

/**
 * Listens for announced queues on a connection of its own (a pooled one could be handed to someone else).
 * On connection loss it reconnects with backoff and then wakes every queue, since it may have missed some.
 * Resolves once listening, after checking with a notification sent from another connection that the database
 * delivers them (the embedded database's socket server, one session for all connections, does not): callers poll
 * fast when it does not.
 */
export async function listenForJobs(url: string, onQueues: (queues: string[] | "*") => void, opts: { checkMs?: number } = {}): Promise<JobListener> {
  let stopped = false;
  let client: pg.Client | null = null;
  let working = false;
  const probe = `${PROBE_PREFIX}${process.pid}:${Math.random().toString(36).slice(2)}`;
  let probeSeen: (() => void) | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    c.on("notification", (msg) => {
      if (msg.channel !== JOBS_CHANNEL) return;
      if (msg.payload?.startsWith(PROBE_PREFIX)) {
        // Another worker's start-up check, or this one's.
        if (msg.payload === probe) probeSeen?.();
        return;
      }
      onQueues(queuesOf(msg.payload));
    });
    c.on("error", () => undefined);
    c.on("end", () => {
      if (client !== c || stopped) return;
      client = null;
      void reconnect();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${JOBS_CHANNEL}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    client = c;
  };

  const reconnect = async () => {
    for (let wait = 500; !stopped; wait = Math.min(wait * 2, 30_000)) {
      await new Promise((r) => setTimeout(r, wait).unref());
      if (stopped) return;
      try {
        await connect();
        logger.info("job notifications: listening again");
        onQueues("*");
        return;
      } catch (err) {
        logger.warn("job notifications: reconnect failed", { err: err instanceof Error ? err.message : String(err) });
      }
    }
  };

  await connect();
  const seen = new Promise<boolean>((resolve) => {
    probeSeen = () => resolve(true);
    setTimeout(() => resolve(false), opts.checkMs ?? 5_000).unref();
  });
  // Sent from another connection, as other processes send theirs (a session's own notifications always return).
  const sender = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  sender.on("error", () => undefined);
  try {
    await sender.connect();
    await sender.query("select pg_notify($1, $2)", [JOBS_CHANNEL, probe]);
    working = await seen;
  } catch {
    working = false;
  } finally {
    await sender.end().catch(() => undefined);
  }
  probeSeen = null;

  return {
    get working() {
      return working;
    },
    async stop() {
      stopped = true;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
