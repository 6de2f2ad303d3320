import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rewards } from "../../db/schema/index";
import { randomToken } from "../shared/random";
import { discountValue } from "./discount-value";
import { RewardRefusedError, type RewardIssuer } from "./reward-issuer";
import { shopifyCustomerOfPartner } from "./shopify-customer-of-partner";
import type { Partner, Program, Reward } from "../../db/schema/rows";

/**
 * Delivers a claimed reward (status issuing) and records the outcome. A refusal by the store is `failed`
 * (nothing was created); any other error leaves the reward `issuing` with the error, because the store may
 * have created it: it is never sent again blindly, the merchant checks it.
 */
export async function deliverReward(db: Database, reward: Reward, partner: Partner, program: Program, issuer: RewardIssuer): Promise<Reward> {
  const finish = async (set: Partial<Reward>) => {
    const [row] = await db.update(rewards).set(set).where(and(eq(rewards.shopId, reward.shopId), eq(rewards.id, reward.id))).returning();
    return row!;
  };
  const spec = reward.spec;
  try {
    if (spec.type === "commission") return await finish({ status: "issued", issuedAt: new Date() });
    // A recipient without a Shopify account (a newsletter subscriber) gets a code anyone may use once.
    const customerId = await shopifyCustomerOfPartner(db, partner);
    if (spec.type === "store_credit") {
      if (!customerId) throw new RewardRefusedError("store credit needs a Shopify customer account");
      const { transactionId } = await issuer.creditStoreCredit({ customerId, amount: spec.amount, currency: program.currency });
      return await finish({ status: "issued", externalId: transactionId, amount: spec.amount, currency: program.currency, issuedAt: new Date() });
    }
    const value = discountValue(spec, program.currency)!;
    const code = `THANKS-${randomToken(8)}`;
    const { discountId } = await issuer.createDiscountCode({ code, title: `Reward for ${partner.key}`, value, customerId, usageLimit: 1, oncePerCustomer: true });
    return await finish({ status: "issued", code, externalId: discountId, issuedAt: new Date() });
  } catch (error) {
    const message = (error as Error).message;
    return finish(error instanceof RewardRefusedError ? { status: "failed", error: message } : { error: message });
  }
}
