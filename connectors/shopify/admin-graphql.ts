import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { shopifySessions } from "../../db/schema/index";
import { RewardRefusedError, type RewardIssuer } from "../../domain/rewards/reward-issuer";
import { currencyExponent } from "../../domain/shared/money";

/** The app's one Admin API version; app/shopify.server.ts and shopify.app.toml say the same. */
export const ADMIN_API_VERSION = "2026-04";

type UserError = { field?: string[] | null; message: string; code?: string | null };

/** A minimal Admin GraphQL client: POST to the shop's graphql.json with the offline access token. */
export function adminGraphql(shop: string, accessToken: string) {
  return async function request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`https://${shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) throw new Error(`Shopify Admin API answered ${response.status} for ${shop}`);
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`Shopify Admin API error: ${body.errors?.map((e) => e.message).join("; ") ?? "no data"}`);
    return body.data;
  };
}

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
export function shopifyRewardIssuer(shop: string, accessToken: string): RewardIssuer {
  const request = adminGraphql(shop, accessToken);
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

/** The shop's offline access token, stored by the Shopify library at install; undefined when the app is not installed. */
export async function offlineAccessToken(db: Database, shop: string): Promise<string | undefined> {
  const [session] = await db.select({ token: shopifySessions.accessToken }).from(shopifySessions).where(eq(shopifySessions.id, `offline_${shop}`)).limit(1);
  return session?.token || undefined;
}

/** The reward issuer of an installed shop. */
export async function rewardIssuerForShop(db: Database, shop: string): Promise<RewardIssuer> {
  const token = await offlineAccessToken(db, shop);
  if (!token) throw new Error(`no offline session for ${shop}: the app must be installed to issue rewards`);
  return shopifyRewardIssuer(shop, token);
}

const CUSTOMER_EMAIL = `query ReferrerEmail($id: ID!) { customer(id: $id) { defaultEmailAddress { emailAddress } } }`;

/** A customer's default email address, from the Admin API (the app proxy only tells who is logged in). */
export async function fetchCustomerEmail(shop: string, accessToken: string, customerId: string): Promise<string | undefined> {
  const data = await adminGraphql(shop, accessToken)<{ customer: { defaultEmailAddress: { emailAddress: string | null } | null } | null }>(CUSTOMER_EMAIL, {
    id: customerGid(customerId),
  });
  return data.customer?.defaultEmailAddress?.emailAddress ?? undefined;
}
