-- Rate budgets (lib/connections/db-rate-budget.ts) are pacing state, not records: every Acumatica and TikTok call
-- takes a token and a lease here, and waiting for a WAL flush on each (under the key's lock) serialized every worker.
-- Unlogged, they write no WAL; after a crash PostgreSQL empties them, which only means full buckets and no leases.
ALTER TABLE "rate_buckets" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "rate_leases" SET UNLOGGED;
