ALTER TABLE "oauth_tokens" ADD COLUMN "refresh_lease_id" uuid;--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD COLUMN "refresh_lease_until" timestamp with time zone;