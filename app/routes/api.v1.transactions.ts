import { z } from "zod";
import { findCustomerByKey } from "../../domain/customers/track-customer";
import { findProgramOrThrow } from "../../domain/programs/find-program-or-throw";
import { notFound } from "../../domain/shared/errors";
import { recordTransaction } from "../../domain/transactions/record-transaction";
import { apiRoute, created, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { transactionJson } from "../api/serializers.server";

const minor = z.number().int("must be an integer of minor units").min(0).max(Number.MAX_SAFE_INTEGER);

const body = z
  .object({
    program_id: z.string().min(1),
    customer_key: z.string().trim().min(1).max(255),
    key: z.string().trim().min(1).max(255),
    type: z.enum(["sale", "renewal", "refund"]),
    amount: minor,
    currency: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD"),
    refunds: z.string().trim().min(1).max(255).optional(),
    occurred_at: z.iso.datetime({ offset: true }).optional(),
    products: z
      .array(
        z
          .object({
            id: z.string().min(1).max(255),
            collection_ids: z.array(z.string().min(1).max(255)).max(100).optional(),
            quantity: z.number().int().min(1),
            amount: minor,
          })
          .strict(),
      )
      .max(500)
      .optional(),
  })
  .strict()
  .refine((t) => t.type !== "refund" || t.refunds !== undefined, { message: "a refund must name the key of the transaction it refunds", path: ["refunds"] })
  .refine((t) => t.type === "refund" || t.refunds === undefined, { message: "only a refund can name a transaction it refunds", path: ["refunds"] });

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const program = await findProgramOrThrow(db, shopId, input.program_id);
    const customer = await findCustomerByKey(db, shopId, input.customer_key);
    if (!customer) throw notFound("customer", "customer_key");
    const result = await recordTransaction(db, program, customer, {
      provider: "api",
      externalId: input.key,
      type: input.type,
      amount: input.amount,
      currency: input.currency,
      refundsExternalId: input.refunds ?? null,
      occurredAt: input.occurred_at ? new Date(input.occurred_at) : undefined,
      products: input.products?.map((p) => ({ id: p.id, collectionIds: p.collection_ids, quantity: p.quantity, amount: p.amount })),
    });
    const json = transactionJson(result.transaction, result.commissions);
    return result.created ? created(json) : ok(json);
  },
});
