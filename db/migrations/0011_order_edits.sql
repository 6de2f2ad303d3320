ALTER TYPE "public"."transaction_type" ADD VALUE 'adjustment';--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "revised_at" timestamp with time zone;