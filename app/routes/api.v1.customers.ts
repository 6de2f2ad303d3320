import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { customerFilterWhere } from "../../domain/reports/list-referred-customers";
import type { Database } from "../../db/client";
import { customers, partners } from "../../db/schema/index";
import { trackCustomer } from "../../domain/customers/track-customer";
import { findProgramOrThrow } from "../../domain/programs/find-program-or-throw";
import { apiRoute, created, ok } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readBody, readQuery } from "../api/parse.server";
import { customerJson } from "../api/serializers.server";
import type { Customer } from "../../db/schema/rows";

const body = z
  .object({
    program_id: z.string().min(1),
    key: z.string().trim().min(1).max(255),
    email: z.email().optional(),
    name: z.string().max(200).optional(),
    referral_key: z.string().trim().min(1).max(64).optional(),
    coupon: z.string().trim().min(1).max(255).optional(),
    click_id: z.uuid().optional(),
    occurred_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

async function referrerKeys(db: Database, shopId: string, rows: Customer[]) {
  const ids = [...new Set(rows.map((c) => c.referrerPartnerId).filter((id): id is string => id !== null))];
  const found = ids.length ? await db.select({ id: partners.id, key: partners.key }).from(partners).where(and(eq(partners.shopId, shopId), inArray(partners.id, ids))) : [];
  return (id: string | null) => found.find((p) => p.id === id)?.key ?? null;
}

export const { loader, action } = apiRoute({
  async GET({ db, shopId, url }) {
    const query = readQuery(url, z.object({ ...pageQuery, program_id: z.uuid().optional() }));
    const rows = await db
      .select({ customer: customers, cursorAt: cursorAt(customers.createdAt) })
      .from(customers)
      .where(
        and(
          ...customerFilterWhere(shopId, { all: true, programId: query.program_id }),
          pageWhere(customers.createdAt, customers.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(customers.createdAt, customers.id))
      .limit(query.limit + 1);
    const keyOf = await referrerKeys(db, shopId, rows.map((r) => r.customer));
    return Response.json(
      page(rows, query.limit, ({ customer: c }) => customerJson(c, keyOf(c.referrerPartnerId)), (r) => ({ at: r.cursorAt, id: r.customer.id })),
    );
  },
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const program = await findProgramOrThrow(db, shopId, input.program_id);
    const result = await trackCustomer(db, program, {
      key: input.key,
      email: input.email,
      name: input.name,
      referralKey: input.referral_key,
      couponCode: input.coupon,
      clickId: input.click_id,
      at: input.occurred_at ? new Date(input.occurred_at) : undefined,
      externalIds: input.email ? [{ provider: "email", externalId: input.email.trim().toLowerCase() }] : [],
    });
    const keyOf = await referrerKeys(db, shopId, [result.customer]);
    const json = { ...customerJson(result.customer, keyOf(result.customer.referrerPartnerId)), attribution: result.attribution };
    return result.created ? created(json) : ok(json);
  },
});
