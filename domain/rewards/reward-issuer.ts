/** What rewards need from the store's platform (Shopify Admin GraphQL in production); passed in, so the core stays provider-free. */
export interface RewardIssuer {
  /** A discount code; `customerId` restricts it to that customer, else anyone may use it. Returns the discount's id. */
  createDiscountCode(input: {
    code: string;
    title: string;
    value: { percentBasisPoints: number } | { amount: number; currency: string };
    customerId?: string | null;
    usageLimit?: number | null;
    oncePerCustomer: boolean;
  }): Promise<{ discountId: string }>;
  /** Credits the customer's store credit account. Returns the credit transaction's id. */
  creditStoreCredit(input: { customerId: string; amount: number; currency: string }): Promise<{ transactionId: string }>;
}

/** The platform refused the request (a user error), so nothing was created and it is safe to try again later. */
export class RewardRefusedError extends Error {
  override name = "RewardRefusedError";
}
