import { z } from "zod";
import type { AdminRequest } from "./admin-client";

const MUTATION = `mutation AffiliatePayoutStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
    storeCreditAccountTransaction { id }
    userErrors { field message code }
  }
}`;

const result = z.object({
  storeCreditAccountCredit: z.object({
    storeCreditAccountTransaction: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(z.object({ message: z.string(), code: z.string().nullable().optional() })),
  }),
});

export class StoreCreditRefused extends Error {
  override name = "StoreCreditRefused";
}

/**
 * Credits a customer's store credit account through the Admin GraphQL `storeCreditAccountCredit` mutation and
 * returns Shopify's transaction id. Shopify refusing (userErrors) throws StoreCreditRefused; a transport or
 * GraphQL error throws a plain Error (the outcome is unknown).
 */
export async function creditStoreCredit(request: AdminRequest, input: { customerId: string; amount: string; currency: string }): Promise<string> {
  const id = input.customerId.startsWith("gid://") ? input.customerId : `gid://shopify/Customer/${input.customerId}`;
  const data = result.parse(await request(MUTATION, { id, creditInput: { creditAmount: { amount: input.amount, currencyCode: input.currency } } }));
  const credit = data.storeCreditAccountCredit;
  if (credit.userErrors.length) throw new StoreCreditRefused(credit.userErrors.map((e) => e.message).join("; "));
  return credit.storeCreditAccountTransaction!.id;
}
