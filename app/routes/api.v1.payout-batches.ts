import { z } from "zod";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { listPayoutBatches, payoutBatchStatuses } from "../../domain/payouts/list-payout-batches";
import { conflict } from "../../domain/shared/errors";
import { apiRoute, created, ok } from "../api/handler.server";
import { decodeCursor, page, pageQuery } from "../api/pagination.server";
import { readBody, readQuery } from "../api/parse.server";
import { batchCurrency, createBatchBody } from "../api/payout-batch-currency.server";
import { payoutBatchJson } from "../api/payout-serializers.server";

const listQuery = z.object({ ...pageQuery, status: z.enum(payoutBatchStatuses).optional() });

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const currency = await batchCurrency(db, shopId, (await readBody(request, createBatchBody)).currency);
    const result = await createPayoutBatch(db, shopId, currency);
    if (!result) throw conflict(`no partner has a ${currency} balance at or above the program's payout threshold`, "currency");
    return created(payoutBatchJson(await findPayoutBatchOrThrow(db, shopId, result.batch.id)));
  },
  async GET({ db, shopId, url }) {
    const query = readQuery(url, listQuery);
    const rows = await listPayoutBatches(db, shopId, { status: query.status }, { limit: query.limit, after: decodeCursor(query.cursor) });
    return ok(page(rows, query.limit, (r) => payoutBatchJson(r.batch), (r) => ({ at: r.cursorAt, id: r.batch.id })));
  },
});
