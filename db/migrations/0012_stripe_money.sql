CREATE TABLE "provider_references" (
	"shop_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"target" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_references_shop_id_provider_kind_external_id_pk" PRIMARY KEY("shop_id","provider","kind","external_id")
);
--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "paid_amount" bigint;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "subscription_external_id" text;--> statement-breakpoint
ALTER TABLE "provider_references" ADD CONSTRAINT "provider_references_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transactions_subscription_idx" ON "transactions" USING btree ("shop_id","provider","subscription_external_id") WHERE subscription_external_id is not null;