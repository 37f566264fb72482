import type { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { ProtocolQueue } from "./query-queue";

function fakeDb(inTransaction: () => boolean = () => false) {
  const seen: string[] = [];
  const db = {
    isInTransaction: inTransaction,
    runExclusive: <T>(fn: () => Promise<T>) => fn(),
    async execProtocolRawStream(message: Uint8Array, opts: { onRawData: (d: Uint8Array) => void }) {
      await new Promise((r) => setTimeout(r, 1));
      seen.push(String.fromCharCode(message[0]!) + String.fromCharCode(message[1]!));
      opts.onRawData(new Uint8Array([1]));
    },
    async exec() {},
  };
  return { db: db as unknown as PGlite, seen };
}

/** A message tagged with its connection: type byte + connection digit. */
const msg = (type: string, conn: number) => new Uint8Array([type.charCodeAt(0), String(conn).charCodeAt(0)]);

describe("ProtocolQueue", () => {
  it("keeps one connection's Parse…Sync cycle whole while another connection waits", async () => {
    const { db, seen } = fakeDb();
    const q = new ProtocolQueue(db);
    const noop = () => undefined;
    const done = [
      q.enqueue(1, msg("P", 1), noop),
      q.enqueue(2, msg("P", 2), noop),
      q.enqueue(2, msg("B", 2), noop),
      q.enqueue(1, msg("B", 1), noop),
      q.enqueue(1, msg("E", 1), noop),
      q.enqueue(2, msg("E", 2), noop),
      q.enqueue(1, msg("S", 1), noop),
      q.enqueue(2, msg("S", 2), noop),
    ];
    await Promise.all(done);
    expect(seen).toEqual(["P1", "B1", "E1", "S1", "P2", "B2", "E2", "S2"]);
  });

  it("lets simple queries of different connections alternate", async () => {
    const { db, seen } = fakeDb();
    const q = new ProtocolQueue(db);
    await Promise.all([q.enqueue(1, msg("Q", 1), () => undefined), q.enqueue(2, msg("Q", 2), () => undefined), q.enqueue(1, msg("Q", 1), () => undefined)]);
    expect(seen).toEqual(["Q1", "Q2", "Q1"]);
  });

  it("releases the session when the owning connection goes away", async () => {
    const { db, seen } = fakeDb();
    const q = new ProtocolQueue(db);
    await q.enqueue(1, msg("P", 1), () => undefined);
    const waiting = q.enqueue(2, msg("Q", 2), () => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(["P1"]);
    await q.clearTransactionIfNeeded(1);
    await waiting;
    expect(seen).toEqual(["P1", "Q2"]);
  });
});
