import type { Database } from "../../db/client";
import { trackCustomer } from "../../domain/customers/track-customer";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram, type ProgramInput } from "../../domain/programs/create-program";
import { recordTransaction, type TransactionInput } from "../../domain/transactions/record-transaction";
import { createShop } from "../../domain/shops/create-shop";
import { randomBytes } from "node:crypto";

export const basicProgram: ProgramInput = {
  name: "Affiliates",
  type: "affiliate",
  currency: "USD",
  cookieDays: 30,
  attribution: "last_click",
  holdDays: 30,
  payoutThreshold: 0,
  commission: { kind: "percentage", percentBasisPoints: 1000 },
};

/** A shop with one program, one active partner and one customer bound to that partner. */
export async function referredCustomerFixture(db: Database, programOverrides: Partial<ProgramInput> = {}) {
  const shop = await createShop(db, { domain: `s-${randomBytes(4).toString("hex")}.myshopify.com` });
  const { program, rule } = await createProgram(db, shop.id, { ...basicProgram, ...programOverrides });
  const { partner } = await createPartner(db, shop.id, { programId: program.id, email: "partner@example.com", key: "PARTNER", status: "active" });
  const { customer } = await trackCustomer(db, program, { key: "customer-1", email: "buyer@example.com", referralKey: "PARTNER" });
  const record = (input: Partial<TransactionInput> & { externalId: string; amount: number }) =>
    recordTransaction(db, program, customer, { provider: "test", type: "sale", currency: "USD", ...input });
  return { shop, program, rule, partner, customer, record };
}
