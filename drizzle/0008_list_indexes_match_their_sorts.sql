DROP INDEX "fulfillments_status_idx";--> statement-breakpoint
DROP INDEX "orders_list_idx";--> statement-breakpoint
DROP INDEX "orders_status_idx";--> statement-breakpoint
DROP INDEX "orders_shop_idx";--> statement-breakpoint
DROP INDEX "sync_exceptions_list_idx";--> statement-breakpoint
DROP INDEX "sync_runs_workspace_idx";--> statement-breakpoint
CREATE INDEX "orders_external_prefix_idx" ON "orders" USING btree ("workspace_id","external_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sync_bindings_external_idx" ON "sync_bindings" USING btree ("workspace_id","target","external_id");--> statement-breakpoint
CREATE INDEX "fulfillments_status_idx" ON "fulfillments" USING btree ("workspace_id","status","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_list_idx" ON "orders" USING btree ("workspace_id","channel_created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("workspace_id","status","channel_created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_shop_idx" ON "orders" USING btree ("workspace_id","connection_id","channel_created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "sync_exceptions_list_idx" ON "sync_exceptions" USING btree ("workspace_id","status","cause","last_seen_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "sync_runs_workspace_idx" ON "sync_runs" USING btree ("workspace_id","flow","started_at" DESC NULLS FIRST);