import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { payoutSchedules } from "../../db/schema/index";
import { savePayoutSchedule } from "../../domain/payouts/save-payout-schedule";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { batchCurrency } from "../api/payout-batch-currency.server";
import type { PayoutSchedule } from "../../db/schema/rows";

const body = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD").optional(),
    every_days: z.number().int().min(1).max(366),
    next_run_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

const scheduleJson = (s: PayoutSchedule) => ({
  currency: s.currency,
  every_days: s.everyDays,
  next_run_at: s.nextRunAt.toISOString(),
  last_run_at: s.lastRunAt?.toISOString() ?? null,
  last_batch_id: s.lastBatchId,
});

/** Automatic batches: POST sets (creates or replaces) the schedule of one currency (the shop's by default), GET lists them. */
export const { loader, action } = apiRoute({
  async GET({ db, shopId }) {
    const rows = await db.select().from(payoutSchedules).where(eq(payoutSchedules.shopId, shopId)).orderBy(asc(payoutSchedules.currency));
    return ok({ data: rows.map(scheduleJson) });
  },
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const currency = await batchCurrency(db, shopId, input.currency);
    const nextRunAt = input.next_run_at ? new Date(input.next_run_at) : new Date(Date.now() + input.every_days * 86_400_000);
    return ok(scheduleJson(await savePayoutSchedule(db, shopId, { currency, everyDays: input.every_days, nextRunAt })));
  },
});
