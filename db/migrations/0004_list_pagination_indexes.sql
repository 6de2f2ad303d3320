CREATE INDEX "programs_shop_created_idx" ON "programs" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "partners_shop_created_idx" ON "partners" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "customers_shop_created_idx" ON "customers" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "commissions_shop_created_idx" ON "commissions" USING btree ("shop_id","created_at","id");