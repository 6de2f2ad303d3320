CREATE INDEX "clicks_shop_time_idx" ON "clicks" USING btree ("shop_id","clicked_at");--> statement-breakpoint
CREATE INDEX "transactions_shop_time_idx" ON "transactions" USING btree ("shop_id","occurred_at");--> statement-breakpoint
CREATE INDEX "transactions_shop_named_partner_idx" ON "transactions" USING btree ("shop_id",("attribution"->>'partnerId'),"occurred_at");