import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { createApiKey } from "../../domain/access/create-api-key";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import type { SecretBox } from "../../domain/access/secret-box";
import { approveCommission } from "../../domain/commissions/review-commission";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { trackCustomer } from "../../domain/customers/track-customer";
import { storeInboundEvent } from "../../domain/ingest/store-inbound-event";
import { submitLead } from "../../domain/leads/submit-lead";
import { createPartner } from "../../domain/partners/create-partner";
import { upsertGroup } from "../../domain/partners/upsert-group";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { savePayoutSchedule } from "../../domain/payouts/save-payout-schedule";
import { joinProgram } from "../../domain/portal/join-program";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { recordTransaction } from "../../domain/transactions/record-transaction";
import { createWebhookEndpoint } from "../../domain/webhooks/save-webhook-endpoint";
import { basicProgram } from "../helpers/domain-fixture";

export const SHOP_A = "tenant-a.myshopify.com";
export const SHOP_B = "tenant-b.myshopify.com";
/** Shopify customer ids of shop A's two partners, as the portal knows them. */
export const PARTNER_A_CUSTOMER = "99001";
export const PARTNER_B_CUSTOMER = "99002";
/** Strings only shop A's rows (and partner A's) hold: an answer to B containing one leaks A's data. */
export const A_SECRETS = ["ava-secret@a-shop.example", "buyer-secret@a-shop.example", "lead-secret@a-shop.example", "AVASECRET10", "a-hooks.example.com", "A private program"];

/**
 * Shop A with one of everything (programs, group, partners A and B, a customer, an approved commission in a
 * payout batch, a lead, a coupon, a connection, a webhook endpoint, a payout schedule, a stored event, an API key)
 * and shop B with its own key, program and partner.
 */
export async function createTenantShops(db: Database, secrets: Pick<SecretBox, "seal">) {
  const a = await createShop(db, { domain: SHOP_A });
  const { program } = await createProgram(db, a.id, { ...basicProgram, holdDays: 0, leadSubmission: true, autoApprovePartners: true });
  const { program: privateProgram } = await createProgram(db, a.id, { ...basicProgram, name: "A private program", autoApprovePartners: false });
  await upsertGroup(db, a.id, { programId: program.id, name: "A group", commission: null });
  const partnerA = await joinProgram(db, a.id, { programId: program.id, as: "affiliate", shopifyCustomerId: PARTNER_A_CUSTOMER, email: "ava-secret@a-shop.example", name: "Ava" });
  const partnerB = await joinProgram(db, a.id, { programId: program.id, as: "affiliate", shopifyCustomerId: PARTNER_B_CUSTOMER, email: "ben@a-shop.example", name: "Ben" });
  const { customer } = await trackCustomer(db, program, { key: "a-buyer", email: "buyer-secret@a-shop.example", referralKey: partnerA.key });
  const sale = await recordTransaction(db, program, customer, { provider: "test", type: "sale", externalId: "a-order-1", amount: 10_000, currency: "USD" });
  await approveCommission(db, a.id, sale.commissions[0]!.id);
  await createPayoutBatch(db, a.id, "USD");
  await recordTransaction(db, program, customer, { provider: "test", type: "sale", externalId: "a-order-2", amount: 5_000, currency: "USD" });
  await submitLead(db, a.id, { programId: program.id, partnerKey: partnerA.key, email: "lead-secret@a-shop.example" });
  await registerPartnerCoupon(db, a.id, { programId: program.id, partnerId: partnerA.id, code: "AVASECRET10" });
  await createProviderConnection(db, secrets, { shopId: a.id, provider: "stripe", secret: "whsec_tenant_a_secret" });
  await createWebhookEndpoint(db, secrets, a.id, { url: "https://a-hooks.example.com/affiliates", events: ["commission.created"] });
  await savePayoutSchedule(db, a.id, { currency: "USD", everyDays: 7, nextRunAt: new Date(Date.now() + 86_400_000) });
  await storeInboundEvent(db, { shopId: a.id, provider: "shopify", dedupeScope: `shop:${SHOP_A}`, externalId: "a-event-1", topic: "orders/paid", payload: { email: "buyer-secret@a-shop.example" } });
  const keyA = await createApiKey(db, a.id, "A's key");

  const b = await createShop(db, { domain: SHOP_B });
  const { program: programB } = await createProgram(db, b.id, { ...basicProgram, name: "B program" });
  await createPartner(db, b.id, { programId: programB.id, email: "bea@b-shop.example", key: "BEA", status: "active" });
  const keyB = await createApiKey(db, b.id, "B's key");
  return { a, b, keyA: keyA.key, keyB: keyB.key, partnerA, partnerB, program, privateProgram };
}

/** Every table with a shop_id column. */
async function shopTables(db: Database): Promise<string[]> {
  const rows = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'shop_id' order by table_name`),
  );
  return rows.map((r) => r.table_name);
}

/** Every row a shop owns, by table (JSON, sorted), to prove another tenant changed none of them. */
export async function rowsOfShop(db: Database, shopId: string, skip: Record<string, string[]> = {}): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await shopTables(db)) {
    const rows = rowsOf<Record<string, unknown>>(await db.execute(sql.raw(`select * from "${table}" where shop_id = '${shopId}'`)));
    out[table] = rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !skip[table]?.includes(k))))).sort();
  }
  return out;
}

/** Ids of every row a shop owns, with the table each comes from. */
export async function idsOfShop(db: Database, shopId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const table of await shopTables(db)) {
    const rows = rowsOf<{ id: unknown }>(await db.execute(sql.raw(`select * from "${table}" where shop_id = '${shopId}'`)));
    for (const row of rows) if (typeof row.id === "string") ids.set(row.id, table);
  }
  return ids;
}

/** Rows of `shopId` that point at one of `foreign` ids: a tenant's row bound to another tenant's object. */
export async function crossShopReferences(db: Database, shopId: string, foreign: Map<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const table of await shopTables(db)) {
    const rows = rowsOf<Record<string, unknown>>(await db.execute(sql.raw(`select * from "${table}" where shop_id = '${shopId}'`)));
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const [id, owner] of foreign) if (text.includes(id)) found.push(`${table} row ${String(row.id)} names ${owner} ${id}`);
    }
  }
  return found;
}
