import { z } from "zod";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { listBatchPayouts, payoutStatuses } from "../../domain/payouts/list-batch-payouts";
import { apiRoute, ok } from "../api/handler.server";
import { decodeCursor, page, pageQuery } from "../api/pagination.server";
import { readQuery } from "../api/parse.server";
import { payoutJson } from "../api/payout-serializers.server";

const listQuery = z.object({ ...pageQuery, status: z.enum(payoutStatuses).optional() });

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const query = readQuery(url, listQuery);
    const batch = await findPayoutBatchOrThrow(db, shopId, params.id!);
    const rows = await listBatchPayouts(db, shopId, batch.id, { status: query.status }, { limit: query.limit, after: decodeCursor(query.cursor) });
    return ok(page(rows, query.limit, (r) => payoutJson(r.payout, r.partner.key), (r) => ({ at: r.cursorAt, id: r.payout.id })));
  },
});
