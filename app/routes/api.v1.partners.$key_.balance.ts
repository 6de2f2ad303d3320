import { partnerBalances } from "../../domain/commissions/partner-balances";
import { findPartnerByKeyOrThrow } from "../../domain/partners/find-partner";
import { apiRoute, ok } from "../api/handler.server";
import { balanceJson } from "../api/serializers.server";

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    const partner = await findPartnerByKeyOrThrow(db, shopId, params.key!);
    return ok({ balances: (await partnerBalances(db, shopId, partner.id)).map(balanceJson) });
  },
});
