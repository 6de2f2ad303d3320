import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutSchedules } from "../../db/schema/index";
import { invalid, notFound } from "../shared/errors";
import { currencyExponent } from "../shared/money";
import type { PayoutSchedule } from "../../db/schema/rows";

/** Sets (or replaces) the shop's schedule for one currency: a batch every `everyDays` days, the first at `nextRunAt`. */
export async function savePayoutSchedule(
  db: Database,
  shopId: string,
  input: { currency: string; everyDays: number; nextRunAt: Date },
): Promise<PayoutSchedule> {
  currencyExponent(input.currency);
  if (!Number.isInteger(input.everyDays) || input.everyDays < 1 || input.everyDays > 366) throw invalid("every_days must be a whole number of days from 1 to 366", "every_days");
  const values = { currency: input.currency, everyDays: input.everyDays, nextRunAt: input.nextRunAt };
  const [saved] = await db
    .insert(payoutSchedules)
    .values({ shopId, ...values })
    .onConflictDoUpdate({ target: [payoutSchedules.shopId, payoutSchedules.currency], set: values })
    .returning();
  return saved!;
}

export async function deletePayoutSchedule(db: Database, shopId: string, currency: string): Promise<void> {
  const deleted = await db
    .delete(payoutSchedules)
    .where(and(eq(payoutSchedules.shopId, shopId), eq(payoutSchedules.currency, currency)))
    .returning({ id: payoutSchedules.id });
  if (deleted.length === 0) throw notFound("payout schedule", "currency");
}
