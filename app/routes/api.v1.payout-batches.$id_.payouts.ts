import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { partners, payouts } from "../../db/schema/index";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { apiRoute, ok } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readQuery } from "../api/parse.server";
import { payoutJson } from "../api/payout-serializers.server";

const listQuery = z.object({ ...pageQuery, status: z.enum(["pending", "paid", "failed"]).optional() });

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const query = readQuery(url, listQuery);
    const batch = await findPayoutBatchOrThrow(db, shopId, params.id!);
    const rows = await db
      .select({ payout: payouts, partnerKey: partners.key, cursorAt: cursorAt(payouts.createdAt) })
      .from(payouts)
      .innerJoin(partners, eq(partners.id, payouts.partnerId))
      .where(
        and(
          eq(payouts.shopId, shopId),
          eq(payouts.batchId, batch.id),
          query.status ? eq(payouts.status, query.status) : undefined,
          pageWhere(payouts.createdAt, payouts.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(payouts.createdAt, payouts.id))
      .limit(query.limit + 1);
    return ok(page(rows, query.limit, (r) => payoutJson(r.payout, r.partnerKey), (r) => ({ at: r.cursorAt, id: r.payout.id })));
  },
});
