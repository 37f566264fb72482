import { bigserial, doublePrecision, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Token buckets shared by every process: one row per vendor account limit (e.g. TikTok app + shop). Unlogged (migration 0010). */
export const rateBuckets = pgTable("rate_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Requests in flight per key, for concurrency caps; a lease expires if its holder dies. Unlogged (migration 0010). */
export const rateLeases = pgTable(
  "rate_leases",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_leases_key_idx").on(t.key, t.expiresAt)],
);
