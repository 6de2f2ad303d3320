DROP INDEX "inbound_events_provider_external_key";--> statement-breakpoint
DROP INDEX "links_shop_key_key";--> statement-breakpoint
DROP INDEX "partners_shop_key_key";--> statement-breakpoint
ALTER TABLE "inbound_events" ALTER COLUMN "payload" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "dedupe_scope" text;--> statement-breakpoint
UPDATE "inbound_events" SET "dedupe_scope" = CASE WHEN "connection_id" IS NOT NULL THEN 'connection:' || "connection_id" ELSE 'shop:' || coalesce((SELECT "domain" FROM "shops" WHERE "shops"."id" = "inbound_events"."shop_id"), 'unknown') END;--> statement-breakpoint
ALTER TABLE "inbound_events" ALTER COLUMN "dedupe_scope" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "payload_pruned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_connections" ADD COLUMN "config" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "commissions_reverses_idx" ON "commissions" USING btree ("reverses_commission_id") WHERE kind = 'reversal';--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_scope_external_key" ON "inbound_events" USING btree ("provider","dedupe_scope","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "links_shop_key_key" ON "links" USING btree ("shop_id",lower("key"));--> statement-breakpoint
CREATE UNIQUE INDEX "partners_shop_key_key" ON "partners" USING btree ("shop_id",lower("key"));