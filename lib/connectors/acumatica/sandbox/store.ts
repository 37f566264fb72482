import { randomUUID } from "node:crypto";
import type { OrderTypeFixture } from "../fixtures";
import type { Rec } from "./entity-json";

/** The sandbox's database: records per top-level entity, setup tables, document counters, a clock. */
export interface Store {
  tables: Map<string, Rec[]>;
  /** Order Types (SO201000) by code; not an entity of the Default endpoint. */
  orderTypes: Map<string, OrderTypeFixture>;
  counters: Map<string, number>;
  /** Milliseconds; strictly increasing so LastModified cursors never tie. */
  now(): number;
}

export function createStore(): Store {
  let last = 0;
  return {
    tables: new Map(),
    orderTypes: new Map(),
    counters: new Map(),
    now() {
      last = Math.max(Date.now(), last + 1);
      return last;
    },
  };
}

export function listRecords(store: Store, entity: string): Rec[] {
  let table = store.tables.get(entity);
  if (!table) {
    table = [];
    store.tables.set(entity, table);
  }
  return table;
}

export function findById(store: Store, entity: string, id: string): Rec | undefined {
  const lower = id.toLowerCase();
  return listRecords(store, entity).find((r) => r.id === lower);
}

/** A key value as the database compares it: case-insensitive and blind to trailing spaces (SQL Server collation, ANSI padding). */
export const keyOf = (v: unknown): string => String(v ?? "").trimEnd().toUpperCase();

export function findByKeys(store: Store, entity: string, keys: Record<string, unknown>): Rec | undefined {
  const entries = Object.entries(keys);
  return listRecords(store, entity).find((r) => entries.every(([k, v]) => keyOf(r[k]) === keyOf(v)));
}

export function insertRecord(store: Store, entity: string, rec: Rec): Rec {
  listRecords(store, entity).push(rec);
  return rec;
}

/** Next number of an auto-numbered key (`SO000042`, `000017`). */
export function nextNumber(store: Store, series: string, prefix = "", width = 6): string {
  const n = (store.counters.get(series) ?? 0) + 1;
  store.counters.set(series, n);
  return `${prefix}${String(n).padStart(width, "0")}`;
}

export const newId = () => randomUUID();
