import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { commissionFilterWhere, commissionStatuses } from "../../domain/commissions/list-commissions";
import { commissions, partners } from "../../db/schema/index";
import { findPartnerByKeyOrThrow } from "../../domain/partners/find-partner";
import { apiRoute } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readQuery } from "../api/parse.server";
import { commissionJson } from "../api/serializers.server";

const listQuery = z.object({
  ...pageQuery,
  partner_key: z.string().trim().min(1).optional(),
  status: z.enum(commissionStatuses).optional(),
});

export const { loader, action } = apiRoute({
  async GET({ db, shopId, url }) {
    const query = readQuery(url, listQuery);
    const partner = query.partner_key ? await findPartnerByKeyOrThrow(db, shopId, query.partner_key, "partner_key") : undefined;
    const rows = await db
      .select({ commission: commissions, partnerKey: partners.key, cursorAt: cursorAt(commissions.createdAt) })
      .from(commissions)
      .innerJoin(partners, eq(partners.id, commissions.partnerId))
      .where(
        and(
          ...commissionFilterWhere(shopId, { partnerId: partner?.id, status: query.status }),
          pageWhere(commissions.createdAt, commissions.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(commissions.createdAt, commissions.id))
      .limit(query.limit + 1);
    return Response.json(
      page(rows, query.limit, (r) => commissionJson(r.commission, r.partnerKey), (r) => ({ at: r.cursorAt, id: r.commission.id })),
    );
  },
});
