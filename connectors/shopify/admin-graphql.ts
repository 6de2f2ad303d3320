import { RewardRefusedError, type RewardIssuer } from "../../domain/rewards/reward-issuer";
import { currencyExponent } from "../../domain/shared/money";
import type { AdminRequest, ShopifyAdmin } from "./admin-client";

type UserError = { field?: string[] | null; message: string; code?: string | null };

const refuseOn = (errors: UserError[]) => {
  if (errors.length) throw new RewardRefusedError(errors.map((e) => `${e.field?.join(".") ?? ""} ${e.message}`.trim()).join("; "));
};

/** Integer minor units as the decimal string Shopify's MoneyInput takes ("10.00"), exactly. */
export function decimalAmount(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = amount.toString().padStart(exponent + 1, "0");
  return exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
}

const customerGid = (id: string) => (id.startsWith("gid://") ? id : `gid://shopify/Customer/${id}`);

const DISCOUNT_CODE_CREATE = `mutation RewardDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } userErrors { field message code } }
}`;

const STORE_CREDIT = `mutation RewardStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $creditInput) { storeCreditAccountTransaction { id } userErrors { field message code } }
}`;

/** Rewards issued through the Admin API of one shop. */
export function shopifyRewardIssuer(request: AdminRequest): RewardIssuer {
  return {
    async createDiscountCode(input) {
      const value =
        "percentBasisPoints" in input.value
          ? { percentage: input.value.percentBasisPoints / 10_000 }
          : { discountAmount: { amount: decimalAmount(input.value.amount, input.value.currency), appliesOnEachItem: false } };
      const data = await request<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } }>(DISCOUNT_CODE_CREATE, {
        basicCodeDiscount: {
          title: input.title,
          code: input.code,
          startsAt: new Date().toISOString(),
          context: input.customerId ? { customers: { add: [customerGid(input.customerId)] } } : { all: "ALL" },
          customerGets: { value, items: { all: true } },
          appliesOncePerCustomer: input.oncePerCustomer,
          ...(input.usageLimit ? { usageLimit: input.usageLimit } : {}),
        },
      });
      refuseOn(data.discountCodeBasicCreate.userErrors);
      return { discountId: data.discountCodeBasicCreate.codeDiscountNode!.id };
    },
    async creditStoreCredit(input) {
      const data = await request<{ storeCreditAccountCredit: { storeCreditAccountTransaction: { id: string } | null; userErrors: UserError[] } }>(STORE_CREDIT, {
        id: customerGid(input.customerId),
        creditInput: { creditAmount: { amount: decimalAmount(input.amount, input.currency), currencyCode: input.currency } },
      });
      refuseOn(data.storeCreditAccountCredit.userErrors);
      return { transactionId: data.storeCreditAccountCredit.storeCreditAccountTransaction!.id };
    },
  };
}

/** The reward issuer of an installed shop. */
export async function rewardIssuerForShop(admin: ShopifyAdmin, shop: string): Promise<RewardIssuer> {
  return shopifyRewardIssuer(await admin.forShop(shop));
}

const CUSTOMER_EMAIL = `query ReferrerEmail($id: ID!) { customer(id: $id) { defaultEmailAddress { emailAddress } } }`;

/** A customer's default email address, from the Admin API (the app proxy only tells who is logged in). */
export async function fetchCustomerEmail(request: AdminRequest, customerId: string): Promise<string | undefined> {
  const data = await request<{ customer: { defaultEmailAddress: { emailAddress: string | null } | null } | null }>(CUSTOMER_EMAIL, {
    id: customerGid(customerId),
  });
  return data.customer?.defaultEmailAddress?.emailAddress ?? undefined;
}
