import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { payoutBatches } from "../../db/schema/index";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { conflict } from "../../domain/shared/errors";
import { apiRoute, created, ok } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readBody, readQuery } from "../api/parse.server";
import { batchCurrency, createBatchBody } from "../api/payout-batch-currency.server";
import { payoutBatchJson } from "../api/payout-serializers.server";

const listQuery = z.object({ ...pageQuery, status: z.enum(["draft", "exported", "paid"]).optional() });

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const currency = await batchCurrency(db, shopId, (await readBody(request, createBatchBody)).currency);
    const result = await createPayoutBatch(db, shopId, currency);
    if (!result) throw conflict(`no partner has a ${currency} balance at or above the program's payout threshold`, "currency");
    return created(payoutBatchJson(await findPayoutBatchOrThrow(db, shopId, result.batch.id)));
  },
  async GET({ db, shopId, url }) {
    const query = readQuery(url, listQuery);
    const rows = await db
      .select({ id: payoutBatches.id, cursorAt: cursorAt(payoutBatches.createdAt) })
      .from(payoutBatches)
      .where(
        and(
          eq(payoutBatches.shopId, shopId),
          query.status ? eq(payoutBatches.status, query.status) : undefined,
          pageWhere(payoutBatches.createdAt, payoutBatches.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(payoutBatches.createdAt, payoutBatches.id))
      .limit(query.limit + 1);
    const summaries = await Promise.all(rows.slice(0, query.limit).map((r) => findPayoutBatchOrThrow(db, shopId, r.id)));
    const byId = new Map(summaries.map((s) => [s.id, s]));
    return ok(page(rows, query.limit, (r) => payoutBatchJson(byId.get(r.id)!), (r) => ({ at: r.cursorAt, id: r.id })));
  },
});
