import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopNotInstalledError } from "../../connectors/shopify/admin-client";
import { fetchCustomerEmail, shopifyRewardIssuer } from "../../connectors/shopify/admin-graphql";
import type { RewardSpec } from "../../db/schema/index";
import { joinProgram } from "../../domain/portal/join-program";
import { ensureFriendCode } from "../../domain/rewards/ensure-friend-code";
import { findProgramOfTypeOrThrow } from "../../domain/programs/find-program-of-type-or-throw";
import { errorResponse, toErrorResponse } from "../api/errors.server";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { formatMoney } from "../proxy/portal-views";
import { shopifyAdmin } from "../shopify.server";

const rewardJson = (spec: RewardSpec | null, currency: string) => {
  if (!spec) return null;
  if (spec.type === "percentage_discount") return { type: spec.type, percent: spec.percentBasisPoints / 100 };
  if (spec.type === "commission") return { type: spec.type };
  return { type: spec.type, amount: spec.amount, currency, display: formatMoney(spec.amount, currency) };
};

/**
 * GET https://SHOP/apps/partners/refer: the refer-a-friend widget's data for the logged-in customer. Enrols them
 * as a referrer on first use and creates their friend code in the store (Admin GraphQL).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    if (!ctx.customerId) return Response.json({ logged_in: false, login_url: `/account/login?return_url=${encodeURIComponent("/")}` });
    const program = await findProgramOfTypeOrThrow(db(), ctx.shop.id, "referral");
    const admin = await shopifyAdmin()
      .forShop(ctx.shop.domain)
      .catch((error) => {
        if (error instanceof ShopNotInstalledError) return undefined;
        throw error;
      });
    if (!admin) return errorResponse(503, "not_installed", "the app has no access to this store yet");
    const email = await fetchCustomerEmail(admin, ctx.customerId);
    if (!email) return errorResponse(409, "no_email", "your customer account has no email address", "email");
    const partner = await joinProgram(db(), ctx.shop.id, { programId: program.id, as: "referral", shopifyCustomerId: ctx.customerId, email });
    const code = await ensureFriendCode(db(), program, partner, shopifyRewardIssuer(admin));
    const landing = `/?${program.linkParams[0] ?? "ref"}=${encodeURIComponent(partner.key)}`;
    return Response.json(
      {
        logged_in: true,
        key: partner.key,
        code,
        link: `https://${ctx.shop.domain}/discount/${encodeURIComponent(code)}?redirect=${encodeURIComponent(landing)}`,
        friend_reward: rewardJson(program.friendReward, program.currency),
        referrer_reward: rewardJson(program.referrerReward, program.currency),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
