import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { EMBEDDED_APPLICATION_NAME } from "./marker";
import { ProtocolQueue } from "./query-queue";

/**
 * The embedded default database: PGlite persisted in a local folder, served on
 * a loopback port through pglite-socket so that the app, the worker and
 * drizzle-kit all reach it with the ordinary `pg` driver.
 *
 * PGlite is single-writer on its folder. A lock file holding the owner's pid
 * keeps a second process from opening the same folder (which would corrupt it);
 * the second process fails at once with a message instead of hanging.
 */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class EmbeddedDatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly url: string | undefined,
  ) {
    super(
      `The embedded database in ${dir} is already in use by process ${pid}${url ? ` (serving ${url})` : ""}. ` +
        `Stop that process first, or set DATABASE_URL to use a PostgreSQL server instead.`,
    );
    this.name = "EmbeddedDatabaseLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface LockInfo {
  pid: number;
  url?: string;
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
    return typeof info.pid === "number" ? info : null;
  } catch {
    return null;
  }
}

/** Takes the folder's lock or throws EmbeddedDatabaseLockedError. Stale locks (dead pid) are taken over. */
function acquireLock(dir: string): string {
  const file = path.join(dir, "server.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(file);
      if (holder && isAlive(holder.pid)) {
        throw new EmbeddedDatabaseLockedError(dir, holder.pid, holder.url);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the embedded database lock ${file}`);
}

export interface StartEmbeddedOptions {
  /** Folder for the data files; omit for an in-memory database (tests). */
  dir?: string;
  port?: number;
  host?: string;
}

export async function startEmbeddedDatabase(opts: StartEmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const host = opts.host ?? "127.0.0.1";
  let lockFile: string | undefined;
  if (opts.dir) {
    mkdirSync(opts.dir, { recursive: true });
    lockFile = acquireLock(opts.dir);
  }
  let db: PGlite | undefined;
  try {
    db = opts.dir ? await PGlite.create({ dataDir: path.join(opts.dir, "pgdata") }) : await PGlite.create();
    const server = new PGLiteSocketServer({ db, host, port: opts.port ?? 0, maxConnections: 200 });
    // Replace the library's message queue with one that keeps each client's protocol cycles whole (see ProtocolQueue).
    (server as unknown as { queryQueue: ProtocolQueue }).queryQueue = new ProtocolQueue(db);
    await server.start();
    const conn = server.getServerConn();
    const port = Number(conn.slice(conn.lastIndexOf(":") + 1));
    const url = `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable&application_name=${EMBEDDED_APPLICATION_NAME}`;
    if (lockFile) writeFileSync(lockFile, JSON.stringify({ pid: process.pid, url }));
    let closed = false;
    return {
      url,
      port,
      async close() {
        if (closed) return;
        closed = true;
        await server.stop();
        await db?.close();
        if (lockFile && existsSync(lockFile)) rmSync(lockFile, { force: true });
      },
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    if (lockFile) rmSync(lockFile, { force: true });
    throw err;
  }
}
