import type { PGlite } from "@electric-sql/pglite";

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

/** Frontend message types of the extended query protocol that leave an unfinished cycle until Sync. */
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const SIMPLE_QUERY = "Q".charCodeAt(0);

/**
 * Serialises the wire-protocol messages of many client connections onto the
 * one PGlite session. pglite-socket's own queue switches connections between
 * any two messages, so two clients' Parse/Bind/Execute cycles interleave and
 * share the unnamed statement and portal ("portal … cannot be run"). This queue
 * keeps a connection's turn from its first extended-protocol message until its
 * Sync, and for the whole of an open transaction, so each client sees the
 * session as its own. Same interface as pglite-socket's QueryQueueManager.
 */
export class ProtocolQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The connection whose extended-protocol cycle or transaction is under way. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  private next(): Pending | undefined {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((p) => p.handlerId === this.owner);
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        const current = item;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (err) {
          current.reject(err);
          continue;
        }
        const type = current.message[0] ?? 0;
        if (this.db.isInTransaction()) this.owner = current.handlerId;
        else if (EXTENDED.has(type)) this.owner = current.handlerId;
        else if (type === SYNC || type === SIMPLE_QUERY) this.owner = null;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A connection that went away must not leave its transaction or cycle holding the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.owner = null;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    void this.processQueue();
  }
}
