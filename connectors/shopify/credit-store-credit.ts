import { z } from "zod";

/** The Admin API version, the same as app/shopify.server.ts and shopify.app.toml. */
const API_VERSION = "2026-04";

const MUTATION = `mutation AffiliatePayoutStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
    storeCreditAccountTransaction { id }
    userErrors { field message code }
  }
}`;

const response = z.object({
  data: z
    .object({
      storeCreditAccountCredit: z.object({
        storeCreditAccountTransaction: z.object({ id: z.string() }).nullable(),
        userErrors: z.array(z.object({ message: z.string(), code: z.string().nullable().optional() })),
      }),
    })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

export class StoreCreditRefused extends Error {
  override name = "StoreCreditRefused";
}

/**
 * Credits a customer's store credit account through the Admin GraphQL `storeCreditAccountCredit` mutation and
 * returns Shopify's transaction id. Shopify refusing (userErrors) throws StoreCreditRefused; a transport or
 * GraphQL error throws a plain Error (the outcome is unknown).
 */
export async function creditStoreCredit(input: { shop: string; accessToken: string; customerId: string; amount: string; currency: string }): Promise<string> {
  const id = input.customerId.startsWith("gid://") ? input.customerId : `gid://shopify/Customer/${input.customerId}`;
  const res = await fetch(`https://${input.shop}/admin/api/${API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": input.accessToken },
    body: JSON.stringify({ query: MUTATION, variables: { id, creditInput: { creditAmount: { amount: input.amount, currencyCode: input.currency } } } }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`Shopify answered ${res.status} to storeCreditAccountCredit`);
  const body = response.parse(await res.json());
  if (body.errors?.length) throw new Error(`storeCreditAccountCredit: ${body.errors.map((e) => e.message).join("; ")}`);
  const result = body.data!.storeCreditAccountCredit;
  if (result.userErrors.length) throw new StoreCreditRefused(result.userErrors.map((e) => e.message).join("; "));
  return result.storeCreditAccountTransaction!.id;
}
