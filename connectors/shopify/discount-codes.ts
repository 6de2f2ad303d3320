import { z } from "zod";

/** The Admin GraphQL client of an authenticated admin request (`admin.graphql` of shopify-app-remix). */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export class ShopifyDiscountError extends Error {
  override name = "ShopifyDiscountError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
mutation discountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field message }
  }
}`;

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
mutation discountCodeDeactivate($id: ID!) {
  discountCodeDeactivate(id: $id) {
    codeDiscountNode { id }
    userErrors { field message }
  }
}`;

const userErrors = z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string() }));
const payload = (name: string) =>
  z.object({ data: z.object({ [name]: z.object({ codeDiscountNode: z.object({ id: z.string() }).nullable(), userErrors }) }) });

async function mutate(graphql: AdminGraphql, name: string, query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await graphql(query, { variables });
  const parsed = payload(name).parse(await response.json());
  const result = parsed.data[name]!;
  const [problem] = result.userErrors;
  if (problem) throw new ShopifyDiscountError(`Shopify: ${problem.message}`, "code");
  if (!result.codeDiscountNode) throw new ShopifyDiscountError(`Shopify returned no discount for ${name}`, "code");
  return result.codeDiscountNode.id;
}

export type DiscountValue = { percentBasisPoints: number } | { amount: string };

/**
 * Creates a code discount in the shop: one code, for every customer and every item, from now on. A percentage is
 * sent as a fraction (10 % = 0.1); an amount as the decimal string of the shop's currency. Returns the discount's GID.
 */
export function createShopifyDiscountCode(graphql: AdminGraphql, input: { title: string; code: string; value: DiscountValue; startsAt: Date }) {
  const value =
    "percentBasisPoints" in input.value
      ? { percentage: input.value.percentBasisPoints / 10_000 }
      : { discountAmount: { amount: input.value.amount, appliesOnEachItem: false } };
  return mutate(graphql, "discountCodeBasicCreate", DISCOUNT_CODE_BASIC_CREATE, {
    basicCodeDiscount: {
      title: input.title,
      code: input.code,
      startsAt: input.startsAt.toISOString(),
      context: { all: "ALL" },
      customerGets: { value, items: { all: true } },
      appliesOncePerCustomer: false,
    },
  });
}

export function deactivateShopifyDiscountCode(graphql: AdminGraphql, discountId: string) {
  return mutate(graphql, "discountCodeDeactivate", DISCOUNT_CODE_DEACTIVATE, { id: discountId });
}
