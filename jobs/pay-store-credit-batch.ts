import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { creditStoreCredit, StoreCreditRefused } from "../connectors/shopify/credit-store-credit";
import { shopifySessions, shops } from "../db/schema/index";
import { CreditRefused, payStoreCreditPayouts } from "../domain/payouts/pay-store-credit-payouts";
import { defineJob } from "./definition";

/** Pays a batch's store-credit payouts through the shop's Admin API (its offline session), reporting progress. */
export const payStoreCreditBatchJob = defineJob({
  name: "pay-store-credit-batch",
  queue: "payouts",
  payload: z.object({ shopId: z.uuid(), batchId: z.uuid() }).strict(),
  async handle({ shopId, batchId }, { db, reportProgress }) {
    const [session] = await db
      .select({ shop: shops.domain, accessToken: shopifySessions.accessToken })
      .from(shops)
      .innerJoin(shopifySessions, and(eq(shopifySessions.shop, shops.domain), eq(shopifySessions.isOnline, false)))
      .where(eq(shops.id, shopId))
      .limit(1);
    if (!session) throw new Error("the shop has no offline Admin API session: reinstall the app");
    const summary = await payStoreCreditPayouts(
      db,
      shopId,
      batchId,
      async (input) => {
        try {
          return await creditStoreCredit({ ...session, ...input });
        } catch (error) {
          throw error instanceof StoreCreditRefused ? new CreditRefused(error.message) : error;
        }
      },
      (done, total) => reportProgress?.({ done, total }),
    );
    return { batchId, ...summary };
  },
});
