CREATE TABLE "channel_shipping_options" (
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"option_id" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_shipping_options_workspace_id_connection_id_option_id_pk" PRIMARY KEY("workspace_id","connection_id","option_id")
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"sku" text NOT NULL,
	"channel_sku_id" text NOT NULL,
	"product_name" text DEFAULT '' NOT NULL,
	"variant_name" text DEFAULT '' NOT NULL,
	"quantity" integer NOT NULL,
	"canceled_quantity" integer DEFAULT 0 NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"seller_discount" numeric(18, 4) DEFAULT '0' NOT NULL,
	"platform_discount" numeric(18, 4) DEFAULT '0' NOT NULL,
	"tax" numeric(18, 4) DEFAULT '0' NOT NULL,
	"channel_line_ids" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"channel_status" text NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"currency" text NOT NULL,
	"total" numeric(18, 4) DEFAULT '0' NOT NULL,
	"subtotal" numeric(18, 4) DEFAULT '0' NOT NULL,
	"shipping" numeric(18, 4) DEFAULT '0' NOT NULL,
	"tax" numeric(18, 4) DEFAULT '0' NOT NULL,
	"lines" jsonb NOT NULL,
	"channel_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid,
	"channel" text DEFAULT 'tiktok_shop' NOT NULL,
	"shop_id" text NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"channel_status" text NOT NULL,
	"channel_created_at" timestamp with time zone NOT NULL,
	"channel_updated_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"currency" text NOT NULL,
	"product_total" numeric(18, 4) DEFAULT '0' NOT NULL,
	"seller_discount" numeric(18, 4) DEFAULT '0' NOT NULL,
	"platform_discount" numeric(18, 4) DEFAULT '0' NOT NULL,
	"subtotal" numeric(18, 4) DEFAULT '0' NOT NULL,
	"shipping_fee" numeric(18, 4) DEFAULT '0' NOT NULL,
	"tax" numeric(18, 4) DEFAULT '0' NOT NULL,
	"fees" numeric(18, 4) DEFAULT '0' NOT NULL,
	"total" numeric(18, 4) DEFAULT '0' NOT NULL,
	"shipping_option_id" text,
	"shipping_option_name" text,
	"shipping_type" text,
	"fulfillment_type" text,
	"payment_method_name" text,
	"buyer_message" text,
	"ship_to" jsonb,
	"detail" jsonb NOT NULL,
	"line_count" integer DEFAULT 0 NOT NULL,
	"unit_count" integer DEFAULT 0 NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_bindings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"target" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"claim_id" uuid,
	"claim_expires_at" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	"external_ref" text NOT NULL,
	"external_type" text,
	"external_id" text,
	"payload_hash" text,
	"external_canceled_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"workspace_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"position" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_cursors_workspace_id_stream_pk" PRIMARY KEY("workspace_id","stream")
);
--> statement-breakpoint
CREATE TABLE "sync_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"order_id" uuid,
	"cause" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"message" text NOT NULL,
	"fix_path" text NOT NULL,
	"fix_label" text NOT NULL,
	"raw" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"closed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"flow" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "erp_item_checks" (
	"workspace_id" uuid NOT NULL,
	"requested" text NOT NULL,
	"canonical" text,
	"active" boolean DEFAULT false NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "erp_item_checks_workspace_id_requested_pk" PRIMARY KEY("workspace_id","requested")
);
--> statement-breakpoint
CREATE TABLE "product_channel_skus" (
	"workspace_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"connector" text NOT NULL,
	"channel_sku" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_channel_skus_product_id_connector_pk" PRIMARY KEY("product_id","connector")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"parent_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_shipping_options" ADD CONSTRAINT "channel_shipping_options_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_shipping_options" ADD CONSTRAINT "channel_shipping_options_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_bindings" ADD CONSTRAINT "sync_bindings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_cursors" ADD CONSTRAINT "sync_cursors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_exceptions" ADD CONSTRAINT "sync_exceptions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_exceptions" ADD CONSTRAINT "sync_exceptions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp_item_checks" ADD CONSTRAINT "erp_item_checks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_channel_skus" ADD CONSTRAINT "product_channel_skus_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_channel_skus" ADD CONSTRAINT "product_channel_skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE INDEX "order_lines_sku_idx" ON "order_lines" USING btree ("workspace_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "order_refunds_external_idx" ON "order_refunds" USING btree ("workspace_id","order_id","kind","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_external_idx" ON "orders" USING btree ("workspace_id","channel","shop_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_list_idx" ON "orders" USING btree ("workspace_id","channel_created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("workspace_id","status","channel_created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_shop_idx" ON "orders" USING btree ("workspace_id","shop_id","channel_created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "sync_bindings_entity_idx" ON "sync_bindings" USING btree ("workspace_id","entity_type","entity_id","target");--> statement-breakpoint
CREATE INDEX "sync_bindings_state_idx" ON "sync_bindings" USING btree ("workspace_id","target","state");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_exceptions_open_idx" ON "sync_exceptions" USING btree ("workspace_id","entity_type","entity_id","cause","subject") WHERE "sync_exceptions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "sync_exceptions_list_idx" ON "sync_exceptions" USING btree ("workspace_id","status","cause","last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_exceptions_order_idx" ON "sync_exceptions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "sync_runs_workspace_idx" ON "sync_runs" USING btree ("workspace_id","flow","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "product_channel_skus_lookup_idx" ON "product_channel_skus" USING btree ("workspace_id","connector","channel_sku");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_idx" ON "products" USING btree ("workspace_id","sku");--> statement-breakpoint
CREATE INDEX "products_parent_idx" ON "products" USING btree ("workspace_id","parent_id");