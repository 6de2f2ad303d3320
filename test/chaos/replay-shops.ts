import type { Database } from "../../db/client";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import type { SecretBox } from "../../domain/access/secret-box";
import { basicProgram } from "../helpers/domain-fixture";
import { BILLING_SECRETS, ERASED_SHOP, REPLAY_SHOP, type BillingProvider } from "./fixture-deliveries";

/**
 * What the replayed fixtures land on, created the same way in every database: a shop with a 10 % program
 * (recurring, no hold), partners AVA and NOAH, AVA's code AVA10 and a Stripe, Paddle and Chargebee connection;
 * and a shop with its own program for the topics that erase data.
 */
export async function createReplayShops(db: Database, secrets: Pick<SecretBox, "seal">): Promise<{ connections: Record<BillingProvider, string> }> {
  const shop = await createShop(db, { domain: REPLAY_SHOP });
  const { program } = await createProgram(db, shop.id, { ...basicProgram, holdDays: 0, recurring: { maxPayments: 12 } });
  const { partner: ava } = await createPartner(db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
  await createPartner(db, shop.id, { programId: program.id, email: "noah@example.com", key: "NOAH", status: "active" });
  await registerPartnerCoupon(db, shop.id, { programId: program.id, partnerId: ava.id, code: "AVA10", provider: "shopify" });
  const connections = {} as Record<BillingProvider, string>;
  for (const provider of Object.keys(BILLING_SECRETS) as BillingProvider[]) {
    connections[provider] = (await createProviderConnection(db, secrets, { shopId: shop.id, provider, secret: BILLING_SECRETS[provider] })).id;
  }
  const erased = await createShop(db, { domain: ERASED_SHOP });
  await createProgram(db, erased.id, basicProgram);
  return { connections };
}
