import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";

/**
 * `partners` active partners in the program, each with `perPartner` approved commissions of `amount` on sales of
 * their own, written with a few set-based statements (for export sizes the domain use-cases would take minutes to build).
 */
export async function insertApprovedCommissions(
  db: Database,
  input: { shopId: string; programId: string; partners: number; perPartner: number; amount: number; currency: string; method: string },
): Promise<void> {
  const { shopId, programId, partners, perPartner, amount, currency, method } = input;
  const tag = Math.random().toString(36).slice(2, 8);
  await db.execute(sql`
    insert into partners (shop_id, program_id, email, email_normalized, name, status, key, payout_method, payout_details)
    select ${shopId}, ${programId}, 'p' || g || '-' || ${tag} || '@example.com', 'p' || g || '-' || ${tag} || '@example.com',
           'Partner ' || g, 'active', 'BULK-' || ${tag} || '-' || g, ${method}::payout_method, '{}'::jsonb
    from generate_series(1, ${partners}) g`);
  await db.execute(sql`
    insert into transactions (shop_id, program_id, partner_id, provider, external_id, type, amount, currency)
    select ${shopId}, ${programId}, p.id, 'bulk', p.key || '-' || g, 'sale', ${amount * 10}, ${currency}
    from partners p cross join generate_series(1, ${perPartner}) g
    where p.shop_id = ${shopId} and p.key like ${`BULK-${tag}-%`}`);
  await db.execute(sql`
    insert into commissions (shop_id, program_id, partner_id, transaction_id, rule_snapshot, kind, amount, currency, status, approved_at)
    select t.shop_id, t.program_id, t.partner_id, t.id, '{}'::jsonb, 'commission', ${amount}, ${currency}, 'approved', now()
    from transactions t where t.shop_id = ${shopId} and t.provider = 'bulk' and t.external_id like ${`BULK-${tag}-%`}`);
}
