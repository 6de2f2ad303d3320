import { eq } from "drizzle-orm";
import { z } from "zod";
import { creditStoreCredit, StoreCreditRefused } from "../connectors/shopify/credit-store-credit";
import { shops } from "../db/schema/index";
import { CreditRefused, payStoreCreditPayouts } from "../domain/payouts/pay-store-credit-payouts";
import { defineJob } from "./definition";

/** Pays a batch's store-credit payouts through the shop's Admin API (its offline session), reporting progress. */
export const payStoreCreditBatchJob = defineJob({
  name: "pay-store-credit-batch",
  queue: "payouts",
  payload: z.object({ shopId: z.uuid(), batchId: z.uuid() }).strict(),
  async handle({ shopId, batchId }, { db, shopifyAdmin, reportProgress }) {
    const [shop] = await db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, shopId)).limit(1);
    if (!shop) throw new Error(`no shop ${shopId}`);
    const request = await shopifyAdmin.forShop(shop.domain);
    const summary = await payStoreCreditPayouts(
      db,
      shopId,
      batchId,
      async (input) => {
        try {
          return await creditStoreCredit(request, input);
        } catch (error) {
          throw error instanceof StoreCreditRefused ? new CreditRefused(error.message) : error;
        }
      },
      (done, total) => reportProgress?.({ done, total }),
    );
    return { batchId, ...summary };
  },
});
