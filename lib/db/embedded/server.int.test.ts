import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseLockedError, startEmbeddedDatabase } from "./server";

const dir = mkdtempSync(path.join(tmpdir(), "ob-embedded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

describe("embedded database", () => {
  it("keeps data across restarts and refuses a second instance on the same folder", async () => {
    const first = await startEmbeddedDatabase({ dir });
    try {
      await query(first.url, "create table kept (v text); insert into kept values ('survives')");
      await expect(startEmbeddedDatabase({ dir })).rejects.toBeInstanceOf(EmbeddedDatabaseLockedError);
      await expect(startEmbeddedDatabase({ dir })).rejects.toThrow(/already in use by process \d+/);
      // The refused start must not have disturbed the running one.
      expect(await query(first.url, "select v from kept")).toEqual([{ v: "survives" }]);
    } finally {
      await first.close();
    }
    const second = await startEmbeddedDatabase({ dir });
    try {
      expect(await query(second.url, "select v from kept")).toEqual([{ v: "survives" }]);
    } finally {
      await second.close();
    }
  });

  it("serves several pg connections with isolated transactions", async () => {
    const db = await startEmbeddedDatabase();
    const pool = new pg.Pool({ connectionString: db.url, max: 4 });
    try {
      await pool.query("create table t (n int)");
      const a = await pool.connect();
      const b = await pool.connect();
      await a.query("begin");
      await a.query("insert into t values (1)");
      const fromB = b.query("select count(*)::int as n from t");
      await a.query("rollback");
      expect((await fromB).rows[0]).toEqual({ n: 0 });
      a.release();
      b.release();
    } finally {
      await pool.end();
      await db.close();
    }
  });

  it("keeps concurrent parameterised queries of different connections apart", async () => {
    const db = await startEmbeddedDatabase();
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    try {
      await pool.query("create table kv (k text primary key, n int)");
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          pool
            .query("insert into kv (k, n) values ($1, $2) on conflict (k) do update set n = excluded.n returning n", [`k${i % 7}`, i])
            .then((r) => (r.rows[0] as { n: number }).n),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 200 }, (_, i) => i));
    } finally {
      await pool.end();
      await db.close();
    }
  });
});
