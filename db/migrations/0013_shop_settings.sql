ALTER TABLE "shops" ADD COLUMN "timezone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "primary_domain_url" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "primary_domain_host" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "settings_synced_at" timestamp with time zone;