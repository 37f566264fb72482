CREATE TABLE "inventory_adjustment_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"external_ref" text NOT NULL,
	"lines" jsonb NOT NULL,
	"reference_nbr" text,
	"released_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_skips" (
	"workspace_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_skips_workspace_id_sku_pk" PRIMARY KEY("workspace_id","sku")
);
--> statement-breakpoint
CREATE TABLE "inventory_tiktok_pushes" (
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"tiktok_warehouse_id" text NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"pushed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_tiktok_pushes_connection_id_product_id_tiktok_warehouse_id_pk" PRIMARY KEY("connection_id","product_id","tiktok_warehouse_id")
);
--> statement-breakpoint
ALTER TABLE "inventory_adjustment_batches" ADD CONSTRAINT "inventory_adjustment_batches_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_skips" ADD CONSTRAINT "inventory_skips_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_tiktok_pushes" ADD CONSTRAINT "inventory_tiktok_pushes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_tiktok_pushes" ADD CONSTRAINT "inventory_tiktok_pushes_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_tiktok_pushes" ADD CONSTRAINT "inventory_tiktok_pushes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_adjustment_batches_ref_idx" ON "inventory_adjustment_batches" USING btree ("workspace_id","external_ref");--> statement-breakpoint
CREATE INDEX "inventory_adjustment_batches_open_idx" ON "inventory_adjustment_batches" USING btree ("workspace_id","done_at");--> statement-breakpoint
CREATE INDEX "inventory_skips_reason_idx" ON "inventory_skips" USING btree ("workspace_id","reason","sku");--> statement-breakpoint
CREATE INDEX "inventory_tiktok_pushes_product_idx" ON "inventory_tiktok_pushes" USING btree ("workspace_id","product_id");